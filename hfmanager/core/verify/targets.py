"""What to verify: blobs and copies of hub repos, torch hub checkpoints."""

from __future__ import annotations

import json
import os
import re
import stat
from typing import Any

from hfmanager.core.cleanup.inuse import is_partial_name
from hfmanager.core.verify.model import Algo, Target

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_SHA1_RE = re.compile(r"^[0-9a-f]{40}$")
_TORCH_HASH_RE = re.compile(r"-([a-f0-9]{6,64})\.")  # torch.hub: name-<sha256 prefix>.ext
_REPO_DIR_RE = re.compile(r"^(models|datasets|spaces)--.+")



def repo_folders(root: str) -> list[str]:
    """Repo folders directly inside a hub cache root."""
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return []
    return [os.path.join(root, n) for n in names
            if _REPO_DIR_RE.match(n) and os.path.isdir(os.path.join(root, n))
            and not os.path.islink(os.path.join(root, n))]


def _label(repo: str) -> str:
    kind, _, rest = os.path.basename(repo).partition("--")
    rid = rest.replace("--", "/")
    return rid if kind == "models" else f"{kind[:-1]}:{rid}"


def _tree_listing(repo: str, commit: str) -> dict[str, Any] | None:
    try:
        with open(os.path.join(repo, "trees", f"{commit}.json"), encoding="utf-8") as f:
            data = json.load(f)
        files = data["files"] if data.get("format_version") == 1 else None
        return files if isinstance(files, dict) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _expected_from_tree(entry: Any) -> tuple[Algo, str] | None:
    if not isinstance(entry, dict):
        return None
    lfs = entry.get("lfs_sha256")
    if isinstance(lfs, str) and _SHA256_RE.match(lfs):
        return Algo.SHA256, lfs
    if "xet_hash" in entry:
        return None  # blob_id of an xet file names its pointer, not its content
    blob_id = entry.get("blob_id")
    if isinstance(blob_id, str) and _SHA1_RE.match(blob_id):
        return Algo.GIT_SHA1, blob_id
    return None


def _blob_files(blobs_dir: str) -> dict[str, os.stat_result]:
    """Regular files in ``blobs/`` that are blobs (not partial downloads, not links)."""
    out: dict[str, os.stat_result] = {}
    for name in _listdir(blobs_dir):
        if is_partial_name(name):
            continue
        try:
            st = os.lstat(os.path.join(blobs_dir, name))
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            out[name] = st
    return out


def _snapshot_targets(repo: str, commit: str, blobs: dict[str, os.stat_result],
                      users: dict[str, list[str]]) -> list[Target]:
    """Copies in one snapshot (checked against trees/); links are noted in ``users``."""
    label, top = _label(repo), os.path.join(repo, "snapshots", commit)
    blobs_dir = os.path.normpath(os.path.join(repo, "blobs"))
    blob_inodes = {(st.st_dev, st.st_ino) for st in blobs.values()}
    tree: dict[str, Any] | None = None
    out: list[Target] = []
    for dirpath, dirs, files in os.walk(top):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(dirpath, d))]:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, top).replace(os.sep, "/")
            shown = f"{commit[:7]}/{rel}"
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                target = os.path.normpath(os.path.join(dirpath, os.readlink(p)))
                if os.path.dirname(target) == blobs_dir:
                    users.setdefault(os.path.basename(target), []).append(shown)
                else:
                    out.append(Target(p, None, None, repo, label, (shown,),
                                      "a link that does not lead into blobs/"))
                continue
            if (st.st_dev, st.st_ino) in blob_inodes or not stat.S_ISREG(st.st_mode):
                continue  # a hard link to a blob: checked as the blob
            if tree is None:
                tree = _tree_listing(repo, commit) or {}
            exp = _expected_from_tree(tree.get(rel))
            if exp is None:
                out.append(Target(p, None, None, repo, label, (shown,),
                                  f"a copy with no hash in trees/{commit}.json"
                                  if tree else "a copy and no trees/<commit>.json"))
            else:
                out.append(Target(p, exp[0], exp[1], repo, label, (shown,)))
    return out


def targets_for_repo(repo: str) -> list[Target]:
    """Every blob and every copied snapshot file of one repo folder."""
    label = _label(repo)
    blobs = _blob_files(os.path.join(repo, "blobs"))
    users: dict[str, list[str]] = {}
    out: list[Target] = []
    snaps = os.path.join(repo, "snapshots")
    for commit in _listdir(snaps):
        top = os.path.join(snaps, commit)
        if not os.path.islink(top) and os.path.isdir(top):
            out += _snapshot_targets(repo, commit, blobs, users)
    for name in blobs:
        p = os.path.join(repo, "blobs", name)
        used_by = tuple(sorted(users.get(name, ())))
        if _SHA256_RE.match(name):
            out.append(Target(p, Algo.SHA256, name, repo, label, used_by))
        elif _SHA1_RE.match(name):
            out.append(Target(p, Algo.GIT_SHA1, name, repo, label, used_by))
        else:
            out.append(Target(p, None, None, repo, label, used_by,
                              "a blob name that is not a hash"))
    return out


def targets_for_torch(torch_hub: str) -> list[Target]:
    """torch hub checkpoints, checked against the sha256 prefix in their names."""
    ck = os.path.join(torch_hub, "checkpoints")
    out: list[Target] = []
    for name in _listdir(ck):
        p = os.path.join(ck, name)
        if os.path.islink(p) or not os.path.isfile(p):
            continue
        m = _TORCH_HASH_RE.search(name)
        if m:
            out.append(Target(p, Algo.SHA256_PREFIX, m.group(1), torch_hub, "torch", (name,)))
        else:
            out.append(Target(p, None, None, torch_hub, "torch", (name,),
                              "no hash in the file name"))
    return out


def _listdir(path: str) -> list[str]:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []
