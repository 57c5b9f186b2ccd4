"""What a download will fetch, before it starts: file list, filters, presets, free space.

Also parses what users paste: a repo id or a Hub URL (``/org/name``, ``/tree/rev``,
``/blob/rev/file``, ``/resolve/rev/file``, ``/datasets/...``, ``/spaces/...``).
"""

from __future__ import annotations

import fnmatch
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from hfmanager.core import cachespec as cs
from hfmanager.core.downloads import urlspec
from hfmanager.core.downloads.layout import CacheLayout, validate_repo, validate_size
from hfmanager.core.errors import NoSpaceError, Reason
from hfmanager.core.messages import MessageError
from hfmanager.core.network import NetConfig
from hfmanager.core.text import human_size

OFFICIAL_ENDPOINT = "https://huggingface.co"
PRESETS = ("all", "safetensors")
# Weight formats that a .safetensors file makes redundant ("twins").
_TWIN_WEIGHTS = (".bin", ".pt", ".pth", ".ckpt", ".h5", ".msgpack", ".ot", ".pkl")
FREE_SPACE_MARGIN = 64 * 1024 * 1024


@dataclass(frozen=True)
class RemoteEntry:
    """One file of a repo at a commit: its path, size and ``etag``, the id that names its
    blob (sha256 for LFS). ``blob_id`` is the git object id (of the pointer for LFS files;
    "" when unknown) and ``xet_hash`` the Xet file hash when the server gave one."""

    path: str
    size: int
    etag: str
    lfs: bool = False
    blob_id: str = ""
    xet_hash: str | None = None


@dataclass(frozen=True)
class RepoPlan:
    """Everything the engine needs: where from, which commit, which files.

    ``listing`` is every file of the commit (``files`` may be a filtered part of it); it
    becomes ``trees/<commit>.json``, so that huggingface_hub and our scan can tell a
    partial ``--include`` download from a complete one. Empty when unknown.
    """

    endpoint: str
    repo_id: str
    repo_type: str
    commit: str
    ref: str | None  # branch/tag to record under refs/, None when pinned to a commit
    files: tuple[RemoteEntry, ...]
    listing: tuple[RemoteEntry, ...] = ()
    # The network the plan was fetched with: the same job's transfer uses it (resolved
    # once per job). None for a plan made by hand.
    net: NetConfig | None = field(default=None, compare=False, repr=False)

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def tree_entries(self) -> dict[str, dict[str, Any]] | None:
        """``listing`` in huggingface_hub's tree-cache form; None when it is unknown or a
        field is malformed (no listing beats a wrong one: huggingface_hub would read an
        incomplete list as "this snapshot is complete")."""
        if not self.listing:
            return None
        entries: dict[str, dict[str, Any]] = {}
        for f in self.listing:
            xet_ok = f.xet_hash is None or cs.XET_HASH_RE.fullmatch(f.xet_hash)
            # A git object id has a commit's form: 40 hex digits.
            if not cs.COMMIT_RE.fullmatch(f.blob_id) or not xet_ok or f.size < 0 \
                    or (f.lfs and not cs.SHA256_RE.fullmatch(f.etag)):
                return None
            entries[f.path] = cs.tree_entry(f.size, f.blob_id, f.etag if f.lfs else None,
                                            f.xet_hash)
        return entries


@dataclass(frozen=True)
class DownloadSpec:
    """What the user asked for (CLI arguments, a queued job, a pasted URL)."""

    repo_id: str
    repo_type: str = "model"
    revision: str = "main"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    preset: str = "all"
    endpoint: str = ""  # "" = the app's current endpoint
    # A job for one file by URL (repo_type urlspec.URL_KIND, repo_id its file name):
    # the URL, and the folder it goes to ("" = the torch hub's checkpoints folder).
    url: str = ""
    dest: str = ""


def resolve_url(endpoint: str, repo_id: str, repo_type: str, revision: str, path: str) -> str:
    prefix = {"model": "", "dataset": "datasets/", "space": "spaces/"}[repo_type]
    return (f"{endpoint.rstrip('/')}/{prefix}{repo_id}/resolve/{quote(revision, safe='')}/"
            f"{quote(path, safe='/')}")


def parse_source(text: str, repo_type: str = "model") -> DownloadSpec:
    """A repo id (``org/name``), a Hub URL or the URL of one file (``urlspec``) ->
    :class:`DownloadSpec`.

    Raises ValueError with a readable message for anything else.
    """
    text = text.strip()
    if not text.startswith(("http://", "https://")):
        validate_repo(text, repo_type)
        return DownloadSpec(repo_id=text, repo_type=repo_type)
    if not urlspec.is_hub_url(text):  # one file by URL (a torch checkpoint...)
        link = urlspec.check_url(text)
        return DownloadSpec(repo_id=urlspec.file_name(link), repo_type=urlspec.URL_KIND,
                            url=link)
    url = urlsplit(text)
    endpoint = f"{url.scheme}://{url.netloc}"
    parts = [unquote(p) for p in url.path.split("/") if p]
    if parts and parts[0] in ("datasets", "spaces"):
        repo_type = parts.pop(0)[:-1]
    if parts and parts[0] == "models":
        parts.pop(0)
    if not parts:
        raise MessageError("download.no_repo_in_url", url=text)
    split = next((i for i, p in enumerate(parts) if p in ("tree", "blob", "resolve")), len(parts))
    repo_id = "/".join(parts[:split])
    if split > 2:
        raise MessageError("download.not_repo_url", url=text)
    validate_repo(repo_id, repo_type)
    revision, include = "main", tuple[str, ...]()
    rest = parts[split:]
    if len(rest) >= 2:
        revision = rest[1]
        sub = "/".join(rest[2:])
        if sub:
            include = (sub,) if rest[0] in ("blob", "resolve") else (sub.rstrip("/") + "/*",)
    return DownloadSpec(repo_id=repo_id, repo_type=repo_type, revision=revision,
                        include=include, endpoint=endpoint)


def _matches(path: str, patterns: Iterable[str]) -> bool:
    # huggingface_hub's rule: a pattern ending in "/" means the whole folder.
    return any(fnmatch.fnmatchcase(path, p + "*" if p.endswith("/") else p) for p in patterns)


def filter_files(
    files: Sequence[RemoteEntry], include: Sequence[str] = (), exclude: Sequence[str] = (),
    preset: str = "all",
) -> tuple[RemoteEntry, ...]:
    """Apply include/exclude globs (fnmatch), then the preset."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    kept = [f for f in files if (not include or _matches(f.path, include))
            and not _matches(f.path, exclude)]
    if preset == "safetensors" and any(f.path.endswith(".safetensors") for f in kept):
        kept = [f for f in kept if not f.path.lower().endswith(_TWIN_WEIGHTS)]
    return tuple(kept)


def remaining_bytes(plan: RepoPlan, cache_root: Path) -> int:
    """Bytes still to fetch: files without a blob (or, in the copy layout, without their
    snapshot file, or a payload in the shared store), minus partial bytes on disk."""
    layout = CacheLayout(cache_root, plan.repo_id, plan.repo_type)
    store = cs.is_shared_store(str(layout.root))
    need = 0
    seen: set[str] = set()
    for f in plan.files:
        if f.etag in seen or layout.has_blob(f.etag, f.size) \
                or layout.has_snapshot_file(plan.commit, f.path, f.size) \
                or (store and _in_store(str(layout.root), f)):
            continue
        seen.add(f.etag)
        try:
            have = min(layout.partial_path(f.etag).stat().st_size, f.size)
        except OSError:
            have = 0
        need += f.size - have
    return need


def _in_store(root: str, f: RemoteEntry) -> bool:
    if f.xet_hash is None or not cs.XET_HASH_RE.fullmatch(f.xet_hash):
        return False
    try:
        return os.stat(cs.store_payload_path(root, f.xet_hash)).st_size == f.size
    except OSError:
        return False


def check_free_space(plan: RepoPlan, cache_root: Path, margin: int = FREE_SPACE_MARGIN) -> int:
    """Raise :class:`NoSpaceError` when the cache volume cannot hold what is left. A size
    that is negative or absurd is refused first: it would hide the others from the sum."""
    for f in plan.files:
        validate_size(f.size, f.path)
    need = remaining_bytes(plan, cache_root)
    probe = Path(os.path.abspath(cache_root))
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if need + margin > free:
        raise NoSpaceError(Reason.NOT_ENOUGH_SPACE, cache=str(cache_root),
                           need=human_size(need), free=human_size(free))
    return need


def with_files(plan: RepoPlan, files: Iterable[RemoteEntry]) -> RepoPlan:
    return replace(plan, files=tuple(files))
