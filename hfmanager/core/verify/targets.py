"""What to verify: blobs of hub repos (also links into the shared store), copies, checkpoints.

Every entry of a repo's ``blobs/`` and ``snapshots/`` becomes a :class:`Target` or is
covered by one (a snapshot link by the blob it leads to). What cannot be checked gets a
target without an algorithm and a note saying why, so it is reported UNVERIFIABLE: nothing
is skipped silently. What cannot even be looked at (a folder that cannot be listed, a tree
nested deeper than :data:`~hfmanager.core.untrusted.WALK_MAX_DEPTH`) is ``unreadable``: an
ERROR, never a clean bill. A repo blob that links into huggingface_hub 2.x's shared Xet store
is checked by its etag, reading the store payload (``Target.payload``).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from hfmanager.core import cachespec as cs
from hfmanager.core import sharedstore
from hfmanager.core.messages import Msg, msg
from hfmanager.core.untrusted import walk
from hfmanager.core.verify.model import Algo, Target

_TORCH_HASH_RE = re.compile(r"-([a-f0-9]{6,64})\.")  # torch.hub: name-<sha256 prefix>.ext


def repo_folders(root: str) -> list[str]:
    """Repo folders directly inside a hub cache root."""
    names, _err = _listdir(root)
    return [os.path.join(root, n) for n in names
            if cs.parse_repo_folder(n) is not None and os.path.isdir(os.path.join(root, n))
            and not os.path.islink(os.path.join(root, n))]


def root_targets(root: str) -> list[Target]:
    """An ERROR when the cache root itself cannot be listed (its repos are unknown, so
    ``--all`` must not pass for a clean bill); nothing otherwise."""
    _names, err = _listdir(root)
    why = msg("verify.cannot_list_cache", error=err)
    return [Target(root, None, None, root, "cache", (), why.text(), unreadable=True,
                   note_msg=why)] if err else []


_label = cs.repo_label


def _by_etag(name: str) -> tuple[Algo, str] | None:
    """How a blob named ``name`` is checked: sha256 (LFS) or git blob sha1."""
    if cs.SHA256_RE.fullmatch(name):
        return Algo.SHA256, name
    if cs.COMMIT_RE.fullmatch(name):  # 40 hex: a git blob id
        return Algo.GIT_SHA1, name
    return None


def _expected_from_tree(entry: Any) -> tuple[Algo, str] | None:
    if not isinstance(entry, dict):
        return None
    lfs = entry.get("lfs_sha256")
    if isinstance(lfs, str) and cs.SHA256_RE.fullmatch(lfs):
        return Algo.SHA256, lfs
    if "xet_hash" in entry:
        return None  # blob_id of an xet file names its pointer, not its content
    blob_id = entry.get("blob_id")
    if isinstance(blob_id, str) and cs.COMMIT_RE.fullmatch(blob_id):
        return Algo.GIT_SHA1, blob_id
    return None


class _RepoWalk:
    """The targets of one repo folder, built in two passes (blobs, then snapshots)."""

    def __init__(self, repo: str) -> None:
        self.repo = repo
        self.label = _label(repo)
        self.root = os.path.dirname(os.path.normpath(repo))
        self.blobs_dir = os.path.normpath(os.path.join(repo, "blobs"))
        self.blobs: dict[str, Target] = {}  # every blobs/ entry, checkable or not
        self.inodes: dict[tuple[int, int], str] = {}  # regular blobs: hard-linked copies
        self.users: dict[str, list[str]] = {}  # blob name -> "<commit7>/<path>" using it
        self.out: list[Target] = []

    def note(self, path: str, why: Msg, shown: str = "", *, unreadable: bool = False
             ) -> Target:
        return Target(path, None, None, self.repo, self.label, (shown,) if shown else (),
                      why.text(), unreadable=unreadable, note_msg=why)

    def error(self, path: str, why: Msg, shown: str = "") -> Target:
        """What could not be read at all: reported as an ERROR."""
        return self.note(path, why, shown, unreadable=True)

    def run(self) -> list[Target]:
        names, err = _listdir(self.blobs_dir)
        if err:
            self.out.append(self.error(self.blobs_dir, msg("verify.cannot_list_blobs", error=err)))
        for name in names:
            self.blobs[name] = self.blob(name)
        snaps = os.path.join(self.repo, "snapshots")
        commits, err = _listdir(snaps)
        if err:
            self.out.append(self.error(snaps, msg("verify.cannot_list_snapshots", error=err)))
        for commit in commits:
            top = os.path.join(snaps, commit)
            if not os.path.islink(top) and os.path.isdir(top):
                self.snapshot(commit, top)
            else:
                self.out.append(self.note(top, msg("verify.snapshot_not_folder")))
        return [replace(t, files=tuple(sorted(self.users.get(n, ()))))
                for n, t in self.blobs.items()] + self.out

    # -- blobs/ --------------------------------------------------------------------------
    def blob(self, name: str) -> Target:
        p = os.path.join(self.repo, "blobs", name)
        if cs.is_partial_name(name):
            return self.note(p, msg("verify.partial"))
        try:
            st = os.lstat(p)
        except OSError as exc:
            return self.error(p, msg("verify.cannot_read", error=str(exc.strerror)))
        if stat.S_ISLNK(st.st_mode):
            return self.linked_blob(p, name)
        if not stat.S_ISREG(st.st_mode):
            return self.note(p, msg("verify.not_regular"))
        if name.endswith(".lock"):
            return self.note(p, msg("verify.lock_file"))
        exp = _by_etag(name)
        if exp is None:
            return self.note(p, msg("verify.bad_blob_name"))
        self.inodes[(st.st_dev, st.st_ino)] = name
        return Target(p, exp[0], exp[1], self.repo, self.label)

    def linked_blob(self, p: str, name: str) -> Target:
        """A repo blob that is a symlink: checkable when it leads into the shared store."""
        try:
            text = os.readlink(p)
        except OSError as exc:
            return self.error(p, msg("verify.cannot_read_link", error=str(exc.strerror)))
        xet = cs.link_target_payload(p, text, self.root)
        if xet is None:
            return self.note(p, msg("verify.link_not_to_store", target=repr(text[:200])))
        payload = cs.store_payload_path(self.root, xet)
        try:
            pst = os.lstat(payload)
        except OSError:
            return self.note(p, msg("verify.payload_missing", xet=xet[:12]))
        if not stat.S_ISREG(pst.st_mode):
            return self.note(p, msg("verify.payload_not_file", xet=xet[:12]))
        exp = _by_etag(name)
        if exp is None:
            return self.note(p, msg("verify.bad_blob_name"))
        return Target(p, exp[0], exp[1], self.repo, self.label, payload=payload)

    # -- snapshots/<commit>/ -------------------------------------------------------------
    def snapshot(self, commit: str, top: str) -> None:
        tree: dict[str, Any] | None = None
        failed: list[tuple[str, str]] = []
        # Iterative and depth-limited: a hostile snapshot 1,000 folders deep is reported,
        # not a RecursionError (os.walk recurses before Python 3.12).
        for p, st in walk(top, on_error=lambda path, why: failed.append((path, why))):
            if stat.S_ISDIR(st.st_mode):
                continue
            rel = os.path.relpath(p, top).replace(os.sep, "/")
            if tree is None:
                tree = cs.read_tree_listing(self.repo, commit) or {}
            self.entry(p, rel, f"{commit[:7]}/{rel}", commit, tree, st)
        for path, why in failed:
            rel = os.path.relpath(path, top).replace(os.sep, "/")
            shown = commit[:7] if rel == "." else f"{commit[:7]}/{rel}"[:300]
            self.out.append(self.error(path, msg("verify.cannot_list", error=why), shown))

    def entry(self, p: str, rel: str, shown: str, commit: str,
              tree: dict[str, Any], st: os.stat_result) -> None:
        if stat.S_ISLNK(st.st_mode):
            self.link_entry(p, rel, shown, commit, tree)
            return
        if not stat.S_ISREG(st.st_mode):
            self.out.append(self.note(p, msg("verify.not_regular"), shown))
            return
        blob = self.inodes.get((st.st_dev, st.st_ino))
        if blob is not None:  # a hard link to a blob: checked as the blob
            self.users.setdefault(blob, []).append(shown)
            return
        self.out.append(self.copy(p, rel, shown, commit, tree))

    def copy(self, p: str, rel: str, shown: str, commit: str, tree: dict[str, Any],
             payload: str = "") -> Target:
        """A file with no blob name: checked against the commit's tree listing."""
        exp = _expected_from_tree(tree.get(rel))
        if exp is not None:
            return Target(p, exp[0], exp[1], self.repo, self.label, (shown,), payload=payload)
        return self.note(p, msg("verify.copy_no_hash", commit=commit) if tree
                         else msg("verify.copy_no_tree"), shown)

    def link_entry(self, p: str, rel: str, shown: str, commit: str,
                   tree: dict[str, Any]) -> None:
        try:
            text = os.readlink(p)
        except OSError as exc:
            why = msg("verify.cannot_read_link", error=str(exc.strerror))
            self.out.append(self.error(p, why, shown))
            return
        target = os.path.normpath(os.path.join(os.path.dirname(p), text))
        if os.path.dirname(target) == self.blobs_dir:
            name = os.path.basename(target)
            if name in self.blobs:
                self.users.setdefault(name, []).append(shown)
            else:
                self.out.append(self.note(p, msg("verify.blob_missing", name=name[:80]), shown))
            return
        if cs.store_payload_of(target, os.path.normpath(self.root)) is not None:
            self.out.append(self.copy(p, rel, shown, commit, tree, payload=target))
            return
        self.out.append(self.note(p, msg("verify.link_not_to_blobs", target=repr(text[:200])),
                                  shown))


def targets_for_repo(repo: str) -> list[Target]:
    """Every blob and every snapshot entry of one repo folder (links are covered by the
    blob they lead to)."""
    return _RepoWalk(repo).run()


def targets_for_repos(repos: Iterable[str]) -> list[Target]:
    """The targets of ``repos``, plus the blobs of other repos that share a store payload
    with them (from the payload's manifest, each link checked), so that a damaged payload
    is reported on every repo that uses it."""
    out = [t for repo in repos for t in targets_for_repo(repo)]
    have = {t.path for t in out}
    others: dict[str, dict[str, Target]] = {}
    for payload in sorted({t.payload for t in out if t.payload}):
        root = os.path.dirname(os.path.dirname(os.path.dirname(payload)))
        for link in sorted((sharedstore.manifest_references(payload, root) or set()) - have):
            repo = os.path.dirname(os.path.dirname(link))
            if repo not in others:
                others[repo] = {t.path: t for t in targets_for_repo(repo)}
            t = others[repo].get(link)
            if t is not None:
                out.append(t)
                have.add(link)
    return out


def targets_for_torch(torch_hub: str) -> list[Target]:
    """torch hub checkpoints, checked against the sha256 prefix in their names."""
    ck = os.path.join(torch_hub, "checkpoints")
    names, err = _listdir(ck)
    out: list[Target] = []
    if err:
        why = msg("verify.cannot_list", error=err)
        out.append(Target(ck, None, None, torch_hub, "torch", (), why.text(),
                          unreadable=True, note_msg=why))
    for name in names:
        p = os.path.join(ck, name)
        m = _TORCH_HASH_RE.search(name)
        if os.path.islink(p) or not os.path.isfile(p):
            why = msg("verify.torch_not_file")
            out.append(Target(p, None, None, torch_hub, "torch", (name,), why.text(),
                              note_msg=why))
        elif m:
            out.append(Target(p, Algo.SHA256_PREFIX, m.group(1), torch_hub, "torch", (name,)))
        else:
            why = msg("verify.torch_no_hash")
            out.append(Target(p, None, None, torch_hub, "torch", (name,), why.text(),
                              note_msg=why))
    return out


def _listdir(path: str) -> tuple[list[str], str]:
    """Sorted names, and why the folder could not be listed ("" when it is simply absent)."""
    try:
        return sorted(os.listdir(path)), ""
    except FileNotFoundError:
        return [], ""
    except OSError as exc:
        return [], exc.strerror or str(exc)
