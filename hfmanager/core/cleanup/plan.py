"""CleanPlan: exactly which paths go and how many bytes come back, computed before touching.

The plan reads the file system itself (lstat, readlink; never following a link) rather
than trusting a possibly stale scan, so the freed figure is exact: a blob that a kept
revision still links to stays and is not counted, and a regular file's bytes count only
when every one of its hard links goes (``st_nlink``), which is what the disk gets back.
"Bytes" are ``st_size`` of regular files, the same measure the scanner reports.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from hfmanager.core.cachespec import is_partial_name
from hfmanager.core.fsutil import read_untouched
from hfmanager.core.untrusted import OnError, walk


class ItemKind(str, Enum):
    """What a planned path is; decides how and when it is removed."""

    REPO = "repo"
    REF = "ref"
    FILE = "file"
    SNAPSHOT = "snapshot"
    TREE_LISTING = "tree_listing"
    NO_EXIST = "no_exist"
    BLOB = "blob"
    INCOMPLETE = "incomplete"
    TORCH_CHECKPOINT = "torch_checkpoint"
    TORCH_CODE = "torch_code"
    STAGED = "staged"  # leftovers of an interrupted cleanup
    # A shared Xet store payload some removed link pointed at: swept once its links are
    # gone (removed when none is left, else its manifest is rewritten), as huggingface_hub.
    STORE_PAYLOAD = "shared_payload"
    ORPHAN = "orphan_payload"  # a store payload no repo links to


# Removal order that keeps the cache consistent under kill -9: refs to a revision go
# before its snapshot, index files before the shards they name, snapshots (renamed away
# atomically) before the blobs only they used.
PHASE: dict[ItemKind, int] = {
    ItemKind.STAGED: 0, ItemKind.REPO: 1, ItemKind.REF: 2, ItemKind.FILE: 3,
    ItemKind.SNAPSHOT: 5, ItemKind.TREE_LISTING: 6, ItemKind.NO_EXIST: 6, ItemKind.BLOB: 7,
    ItemKind.INCOMPLETE: 8, ItemKind.TORCH_CHECKPOINT: 9, ItemKind.TORCH_CODE: 9,
    ItemKind.STORE_PAYLOAD: 8, ItemKind.ORPHAN: 8,
}
PAYLOAD_KINDS = frozenset({ItemKind.STORE_PAYLOAD, ItemKind.ORPHAN})
TREE_KINDS = frozenset({ItemKind.REPO, ItemKind.SNAPSHOT, ItemKind.NO_EXIST,
                        ItemKind.TORCH_CODE, ItemKind.STAGED})


@dataclass(frozen=True)
class PlanItem:
    """One path that goes, with its identity at plan time (re-checked at execute)."""

    path: str
    root: str  # real path of the cache root it lies in
    rel: tuple[str, ...]  # components below ``root``, walked without following links
    kind: ItemKind
    is_dir: bool
    dev: int
    ino: int
    mode: int
    freed: int  # bytes this item gives back (shared inodes counted once, in one item)
    group: str  # the user's selection it comes from ("org/name", "org/name@abc1234"...)
    lock_path: str | None = None
    size: int = 0
    mtime_ns: int = 0
    # store payloads: the repo blob links this plan removes, and the other links found on
    # disk pointing at it (the sweep re-checks them, so a link the manifest forgot keeps it)
    links: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    content: int = 0  # of ``freed``: file content, bookkeeping aside (see blob_bytes)

    def matches(self, st: os.stat_result) -> bool:
        """Same entry as planned: inode and type; for files also size and mtime.

        Inode numbers are reused at once after an unlink, so a re-downloaded file with
        the old inode is told apart by its size and modification time.
        """
        if (st.st_dev, st.st_ino, stat.S_IFMT(st.st_mode)) != (
                self.dev, self.ino, stat.S_IFMT(self.mode)):
            return False
        return not stat.S_ISREG(st.st_mode) or (
            st.st_size, st.st_mtime_ns) == (self.size, self.mtime_ns)

    @property
    def phase(self) -> int:
        # index files before the shards they list (no MISSING_SHARD mid-way)
        if self.kind is ItemKind.FILE and self.path.endswith(".index.json"):
            return PHASE[self.kind] - 1
        return PHASE[self.kind]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "kind": self.kind.value,
                               "is_dir": self.is_dir, "freed_bytes": self.freed,
                               "group": self.group}
        if self.kind in PAYLOAD_KINDS:
            out |= {"size": self.size, "links": list(self.links), "users": list(self.users)}
        elif self.kind is ItemKind.INCOMPLETE:
            out |= {"size": self.size, "modified": self.mtime_ns / 1e9}
        return out


@dataclass(frozen=True)
class CleanPlan:
    """Everything a cleanup will remove, in execution order, and the exact bytes freed."""

    items: tuple[PlanItem, ...]
    freed_bytes: int
    refused: tuple[tuple[str, str], ...] = ()  # (path, reason) kept out of the plan
    warnings: tuple[str, ...] = ()
    created_at: float = field(default_factory=time.time)
    roots: tuple[str, ...] = ()  # real paths of the roots it was planned over
    # shared store payloads other repos still link to: they stay, and execute rewrites
    # their manifests to the links that remain (huggingface_hub's sweep); ``freed_bytes``
    # counts the bytes those manifests shrink by
    sweeps: tuple[PlanItem, ...] = ()

    @property
    def paths(self) -> list[str]:
        return [i.path for i in self.items]

    @property
    def empty(self) -> bool:
        return not self.items

    @property
    def blob_bytes(self) -> int:
        """Of ``freed_bytes``, the file content (blobs, snapshot copies, shared payloads):
        the figure huggingface_hub's ``expected_freed_size`` gives. ``freed_bytes`` also
        counts refs, tree listings, ``.no_exist`` markers and partial downloads going."""
        return sum(i.content for i in self.items)

    def groups(self) -> dict[str, int]:
        """Freed bytes per selection label, for summaries."""
        out: dict[str, int] = {}
        for item in self.items:
            out[item.group] = out.get(item.group, 0) + item.freed
        return out

    def to_json(self) -> dict[str, Any]:
        return {"freed_bytes": self.freed_bytes, "blob_bytes": self.blob_bytes,
                "items": [i.to_json() for i in self.items],
                "paths": self.paths, "refused": [{"path": p, "reason": r}
                                                 for p, r in self.refused],
                "warnings": list(self.warnings),
                "payloads_kept": [i.to_json() for i in self.sweeps]}


@dataclass(frozen=True)
class Selection:
    """What the user picked; paths are absolute, as found under a cache root."""

    repos: frozenset[str] = frozenset()  # repo folders
    revisions: frozenset[tuple[str, str]] = frozenset()  # (repo folder, commit)
    files: frozenset[str] = frozenset()  # snapshot entries
    blobs: frozenset[tuple[str, str]] = frozenset()  # (repo folder, blob name) + its links
    incompletes: frozenset[str] = frozenset()
    torch: frozenset[str] = frozenset()  # checkpoint files / code checkout folders
    orphans: frozenset[str] = frozenset()  # shared store payloads no repo links to
    # (repo folder, commit) to remove only while no ref names it (the "detached" rule:
    # a ref written since the scan keeps its revision, and the ref)
    detached: frozenset[tuple[str, str]] = frozenset()

    def __or__(self, other: Selection) -> Selection:
        return Selection(self.repos | other.repos, self.revisions | other.revisions,
                         self.files | other.files, self.blobs | other.blobs,
                         self.incompletes | other.incompletes, self.torch | other.torch,
                         self.orphans | other.orphans, self.detached | other.detached)

    @property
    def empty(self) -> bool:
        return not (self.repos or self.revisions or self.files or self.blobs
                    or self.incompletes or self.torch or self.orphans or self.detached)


_META_KINDS = frozenset({ItemKind.REF, ItemKind.TREE_LISTING, ItemKind.NO_EXIST,
                         ItemKind.INCOMPLETE, ItemKind.STAGED})


def is_content(kind: ItemKind, item_path: str, path: str) -> bool:
    """Whether ``path`` (removed with the item) is file content (a blob, a snapshot copy,
    a payload, a checkpoint) rather than the cache's bookkeeping: refs, tree listings,
    .no_exist markers, partial downloads (what ``CleanPlan.blob_bytes`` leaves out)."""
    if kind is not ItemKind.REPO:
        return kind not in _META_KINDS
    top = os.path.relpath(path, item_path).split(os.sep)
    return top[0] in ("blobs", "snapshots") and not is_partial_name(top[-1])


# ----------------------------------------------------------------------------- reading


@dataclass
class _Entry:
    path: str
    st: os.stat_result
    blob: str | None  # blob name when a link into this repo's blobs/


@dataclass
class _RepoFS:
    path: str
    refs: dict[str, tuple[str, os.stat_result]]  # ref file path -> (commit, lstat)
    snapshots: dict[str, tuple[os.stat_result, list[_Entry]]]
    blobs: dict[str, os.stat_result]
    blobs_linked: bool
    # folders not read (unlistable, or nested beyond the walk's depth limit): what they
    # hold is unknown, so no blob is judged unused
    unread: list[str] = field(default_factory=list)


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _walk(top: str, on_error: OnError | None = None) -> list[tuple[str, os.stat_result]]:
    """Every entry below ``top`` (not ``top`` itself), links reported, never followed.
    Iterative and depth-limited (a hostile tree 1,000 folders deep is no RecursionError):
    folders not read are given to ``on_error``."""
    return list(walk(top, on_error=on_error))


def read_refs(repo: str, on_error: OnError | None = None
              ) -> dict[str, tuple[str, os.stat_result]]:
    """Ref file path -> (its text stripped, lstat). Stripped on purpose: a ref holding
    ``<commit>\\n`` or a snapshot folder's name still counts as pointing there."""
    refs: dict[str, tuple[str, os.stat_result]] = {}
    refs_st = _lstat(os.path.join(repo, "refs"))
    if refs_st is not None and stat.S_ISDIR(refs_st.st_mode):
        for p, st in _walk(os.path.join(repo, "refs"), on_error):
            if stat.S_ISREG(st.st_mode):
                try:  # a FIFO swapped in since the lstat fails here, never blocks
                    raw = read_untouched(p, 256, follow=False)
                except OSError:
                    continue
                refs[p] = (raw.decode("utf-8", "replace").strip(), st)
    return refs


def _read_repo(repo: str) -> _RepoFS:
    blobs_dir = os.path.join(repo, "blobs")
    unread: list[str] = []

    def not_read(path: str, why: str) -> None:
        unread.append(f"{path} ({why})")

    refs = read_refs(repo, not_read)
    snaps: dict[str, tuple[os.stat_result, list[_Entry]]] = {}
    snaps_dir = os.path.join(repo, "snapshots")
    snaps_st = _lstat(snaps_dir)
    names: list[str] = []
    if snaps_st is not None and stat.S_ISDIR(snaps_st.st_mode):
        try:
            names = sorted(os.listdir(snaps_dir))
        except OSError as exc:
            not_read(snaps_dir, exc.strerror or str(exc))
    for name in names:
        sp = os.path.join(snaps_dir, name)
        sst = _lstat(sp)
        if sst is None or not stat.S_ISDIR(sst.st_mode):
            continue
        entries = [_Entry(p, st, _blob_of(p, st, blobs_dir))
                   for p, st in _walk(sp, not_read)]
        snaps[name] = (sst, [e for e in entries if not stat.S_ISDIR(e.st.st_mode)])
    bst = _lstat(blobs_dir)
    blobs_linked = bst is not None and stat.S_ISLNK(bst.st_mode)
    blobs: dict[str, os.stat_result] = {}
    if bst is not None and stat.S_ISDIR(bst.st_mode):
        blobs = {os.path.basename(p): st for p, st in _walk(blobs_dir, not_read)
                 if not is_partial_name(p) and not stat.S_ISDIR(st.st_mode)}
    # hard-link layout: a snapshot file that *is* a blob (same inode) uses that blob
    by_inode = {(st.st_dev, st.st_ino): name for name, st in blobs.items()}
    for _sst, entries in snaps.values():
        for e in entries:
            if e.blob is None and stat.S_ISREG(e.st.st_mode):
                e.blob = by_inode.get((e.st.st_dev, e.st.st_ino))
    return _RepoFS(repo, refs, snaps, blobs, blobs_linked, unread)


def _blob_of(path: str, st: os.stat_result, blobs_dir: str) -> str | None:
    if not stat.S_ISLNK(st.st_mode):
        return None
    try:
        target = os.readlink(path)
    except OSError:
        return None
    resolved = os.path.normpath(os.path.join(os.path.dirname(path), target))
    if os.path.dirname(resolved) == os.path.normpath(blobs_dir):
        return os.path.basename(resolved)
    return None
