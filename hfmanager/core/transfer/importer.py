"""Bring a folder of hand-downloaded files into the hub cache, as a download would have.

Online, the Hub's listing of the revision names the commit and every blob, and each file
is checked against it (size, then sha256 for LFS files, git blob sha1 for the others): a
file whose content the revision does not have is reported and left out, never planted
under a real commit. Offline (or when the Hub cannot be asked), the files become a
revision of their own: a commit-shaped id made from their content, with ``refs/<rev>``
and ``refs/hfm-local`` pointing at it, that :func:`reconcile` later swaps for the real
commit.

Nothing is lost if the import stops half-way: blobs are written under temporary names
and renamed, the refs are written last, a failure takes back what this import added,
and the sources of ``move`` are removed only once everything is in place.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hfmanager.core import cachespec as cs
from hfmanager.core import errors, hub, network, repolock
from hfmanager.core.downloads.layout import CacheLayout, validate_filename
from hfmanager.core.downloads.symlinks import copy_layout
from hfmanager.core.fsutil import create_temp_at, read_untouched, temp_name
from hfmanager.core.transfer import commitsearch, fileops, sources
from hfmanager.core.transfer.sources import LOCAL_REF, LocalFile

Mode = Literal["copy", "link", "move"]
Progress = Callable[[str, int, int], None]  # phase ("hash", "place"), done, total (bytes)
# Why the Hub could not be asked and the files went to a local revision instead.
_FALL_BACK = (errors.OfflineError, errors.EndpointUnreachableError,
              errors.AuthRequiredError)


class ImportFolderError(Exception):
    """An import that could not start (a bad folder, repo id or revision)."""


@dataclass(frozen=True)
class Rejected:
    """A file of the folder that was not imported, and why: ``differs`` (the revision
    has this path with other content), ``not_in_revision``, ``bad_name``."""

    path: str
    reason: str


@dataclass
class ImportResult:
    """What an import did."""

    repo_id: str
    repo_type: str
    revision: str  # the ref written (a commit given as revision writes none)
    commit: str
    local: bool  # a revision of our own (offline), not the Hub's
    snapshot: str
    imported: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the revision, not imported
    size: int = 0
    methods: dict[str, int] = field(default_factory=dict)  # link/reflink/kernel/copy
    why_local: str = ""  # the Hub's answer when it could not be asked
    removed_sources: int = 0
    reconciled: str = ""  # the local revision this import replaced (reconcile)
    # Online: the commit the revision points to on the Hub; ``commit`` differs when the
    # files are an older commit's (then no ref is written, as for a download by commit).
    head: str = ""
    unmatched: list[str] = field(default_factory=list)  # files no examined commit has
    searched: int = 0  # commits compared
    search_limited: bool = False  # more history than examined (commitsearch.MAX_COMMITS)
    search_error: str = ""  # why the history walk stopped early

    def to_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["rejected"] = [r.__dict__ for r in self.rejected]
        return d


@dataclass(frozen=True)
class _Plan:
    commit: str
    local: bool
    etags: dict[str, str]  # path -> etag, for the files to import
    entries: dict[str, dict[str, Any]]  # the tree listing to write
    rejected: list[Rejected]
    missing: list[str]
    why_local: str = ""
    found: commitsearch.Found | None = None  # online: what the commit search saw


def _match(files: list[LocalFile], found: commitsearch.Found) -> _Plan:
    info = found.info
    remote = {f.path for f in info.files}
    etags = commitsearch.matching(files, info)
    rejected = [Rejected(f.path, "differs" if f.path in remote else "not_in_revision")
                for f in files if f.path not in etags]
    entries = {rf.path: cs.tree_entry(rf.size, rf.blob_id, rf.lfs_sha256, rf.xet_hash)
               for rf in info.files}
    missing = sorted(p for p in remote if p not in etags)  # absent, or not what it is
    return _Plan(info.commit, False, etags, entries, rejected, missing, found=found)


def _local_plan(files: list[LocalFile], folder: str, why: str) -> _Plan:
    etags, entries = sources.offline_listing(files, sources.lfs_patterns(folder))
    return _Plan(sources.local_commit(etags), True, etags, entries, [], [], why)


def _plan(files: list[LocalFile], folder: str, repo_id: str, repo_type: str,
          revision: str, net: network.NetConfig | None) -> _Plan:
    if net is None or net.offline:
        return _local_plan(files, folder, "offline")
    try:
        info = hub.repo_info(net, repo_id, repo_type, revision)
    except _FALL_BACK as exc:
        return _local_plan(files, folder, str(exc))
    return _match(files, commitsearch.find(net, files, info))


class _Placer:
    """Writes one import into the cache and remembers what it added, to take it back."""

    def __init__(self, layout: CacheLayout, mode: Mode, progress: Progress | None,
                 total: int) -> None:
        self.layout, self.mode, self.progress, self.total = layout, mode, progress, total
        self.done = 0
        self.added: list[Path] = []  # files and links this import made, in order
        self.refs: list[tuple[str, str]] = []  # refs moved, and the commit they named
        self.methods: dict[str, int] = {}

    def _tick(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress("place", self.done, self.total)

    def blob(self, f: LocalFile, etag: str) -> None:
        """``blobs/<etag>`` holds ``f``'s content (already there with its size: kept)."""
        if self.layout.has_blob(etag, f.size):
            self._tick(f.size)
            return
        final = self.layout.blob_path(etag)
        with self.layout.safe_folder(final.parent).fd(create=True) as dfd:
            tmp = self._stage(dfd, f, etag)
            try:
                os.replace(tmp, etag, src_dir_fd=dfd, dst_dir_fd=dfd)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp, dir_fd=dfd)
                raise
        self.added.append(final)

    def _stage(self, dfd: int, f: LocalFile, etag: str) -> str:
        """The content under a temporary name in ``blobs/``: a hard link to the source
        (link, move) where the file system allows, else a verified copy."""
        if self.mode != "copy":
            tmp = temp_name(etag)
            try:
                os.link(f.source, tmp, dst_dir_fd=dfd, follow_symlinks=True)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
            else:
                self._count("link")
                self._tick(f.size)
                return tmp
        tmp, fd = create_temp_at(dfd, etag)
        try:
            with open(f.source, "rb", buffering=0) as src:
                # Hashed while copied: the blob is the content its name says, even if the
                # source changed since it was hashed.
                hasher = cs.hash_for_etag(etag, f.size)
                self._count(fileops.copy_fd(src.fileno(), fd, f.size, self._tick,
                                            hashers=(hasher,)))
            if hasher.hexdigest() != etag:
                raise OSError(errno.EIO, "the file changed while it was imported", f.source)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
            raise
        os.close(fd)
        return tmp

    def _count(self, method: str) -> None:
        self.methods[method] = self.methods.get(method, 0) + 1

    def entry(self, commit: str, path: str, etag: str, copy: bool) -> None:
        dst = self.layout.snapshot_path(commit, path)
        if os.path.lexists(dst):
            with contextlib.suppress(OSError):  # the same entry from an earlier import
                if os.path.realpath(dst) == os.path.realpath(self.layout.blob_path(etag)):
                    return
            raise FileExistsError(errno.EEXIST, "the snapshot already has another file "
                                  "at this path", str(dst))
        self.layout.link_snapshot(commit, path, etag, copy=copy)
        self.added.append(dst)

    def undo(self) -> None:
        for ref, commit in reversed(self.refs):
            with contextlib.suppress(OSError):
                self.layout.write_ref(ref, commit)
        for path in reversed(self.added):
            with contextlib.suppress(OSError):
                os.unlink(path)


def _check(folder: str, revision: str) -> None:
    if not os.path.isdir(folder):
        raise ImportFolderError(f"not a folder: {folder}")
    if not revision:
        raise ImportFolderError("the revision is empty")


def scan_folder(folder: str, progress: Progress | None = None
                ) -> tuple[list[LocalFile], list[Rejected]]:
    """Every file of ``folder`` hashed, and those whose names cannot be repo paths."""
    good, bad = [], []
    for rel, full, is_link in sources.walk(folder):
        try:
            validate_filename(rel)
        except ValueError:
            bad.append(Rejected(rel, "bad_name"))
        else:
            good.append((rel, full, is_link))
    tick = None if progress is None else (lambda d, t: progress("hash", d, t))
    return sources.hash_all(good, tick), bad


def import_folder(folder: str | os.PathLike[str], cache_root: str | os.PathLike[str],
                  repo_id: str, *, repo_type: str = "model", revision: str = "main",
                  mode: Mode = "copy", net: network.NetConfig | None = None,
                  progress: Progress | None = None) -> ImportResult:
    """Import ``folder`` as ``repo_id`` at ``revision`` into the hub cache ``cache_root``.

    ``net`` None (or offline) makes a local revision without asking the Hub. Raises
    :class:`ImportFolderError` for a bad request, the errors family for a Hub answer that is
    no fallback (repo or revision not found), OSError when the cache cannot be written
    (nothing of the import is left in it then, and every source is where it was).
    """
    folder = os.path.abspath(folder)
    _check(folder, revision)
    try:
        layout = CacheLayout(Path(cache_root), repo_id, repo_type)
    except ValueError as exc:
        raise ImportFolderError(str(exc)) from exc
    files, bad = scan_folder(folder, progress)
    if not files:
        raise ImportFolderError(f"no files to import in {folder}")
    plan = _plan(files, folder, repo_id, repo_type, revision, net)
    result = _result(layout, revision, plan, bad)
    chosen = [f for f in files if f.path in plan.etags]
    if not chosen:
        return result
    if plan.local and result.revision == "":
        result.revision = LOCAL_REF
    with repolock.hold(str(layout.repo_dir), exclusive=False, wait_s=repolock.DOWNLOAD_WAIT_S):
        placer = _Placer(layout, mode, progress, sum(f.size for f in chosen))
        try:
            _commit(layout, placer, plan, chosen, result.revision)
        except BaseException:
            placer.undo()
            raise
    result.imported = [f.path for f in chosen]
    result.size = placer.total
    result.methods = placer.methods
    if mode == "move":
        result.removed_sources = _remove_sources(folder, chosen)
    return result


def _result(layout: CacheLayout, revision: str, plan: _Plan,
            bad: list[Rejected]) -> ImportResult:
    """The result before placing; ``revision`` the ref to write: none for a commit id,
    nor when the files are another commit than the one the revision names on the Hub
    (what ``snapshot_download(revision=<commit>)`` writes: no ref)."""
    found = plan.found
    older = found is not None and found.head != plan.commit
    result = ImportResult(layout.repo_id, layout.repo_type,
                          "" if cs.is_commit(revision) or older else revision,
                          plan.commit, plan.local, str(layout.snapshot_dir(plan.commit)),
                          rejected=bad + plan.rejected, missing=plan.missing,
                          why_local=plan.why_local)
    if found is not None:
        result.head, result.unmatched = found.head, found.unmatched
        result.searched, result.search_limited = found.searched, found.limited
        result.search_error = found.error
    return result


def _commit(layout: CacheLayout, placer: _Placer, plan: _Plan, chosen: list[LocalFile],
            ref: str) -> None:
    """Blobs, snapshot entries, tree listing, then the refs (what makes it visible)."""
    layout.ensure_dirs()
    copy = copy_layout(layout.root)
    blobs = len(placer.added)
    for f in chosen:
        placer.blob(f, plan.etags[f.path])
    new_blobs = placer.added[blobs:]
    for f in chosen:
        placer.entry(plan.commit, f.path, plan.etags[f.path], copy)
    if copy:  # huggingface_hub keeps no blob beside a copied snapshot entry
        for blob in new_blobs:
            os.unlink(blob)
            placer.added.remove(blob)
    tree = layout.tree_path(plan.commit)
    if layout.write_tree_listing(plan.commit, plan.entries):
        placer.added.append(tree)
    if ref:
        _write_ref(layout, placer, ref, plan.commit)
    if plan.local and ref != LOCAL_REF:
        _write_ref(layout, placer, LOCAL_REF, plan.commit)
    layout.ensure_cachedir_tag()


def _write_ref(layout: CacheLayout, placer: _Placer, ref: str, commit: str) -> None:
    path = layout.ref_path(ref)
    try:
        before, _ = cs.parse_ref(read_untouched(path, 64, follow=False))
    except OSError:
        before = None
    if before is None:
        placer.added.append(path)
    else:
        placer.refs.append((ref, before))
    layout.write_ref(ref, commit)


def _remove_sources(folder: str, chosen: list[LocalFile]) -> int:
    """After a move: the imported files (never a link's target), then the folders
    left empty. A file that cannot be removed stays; the import is done anyway."""
    removed = 0
    for f in chosen:
        with contextlib.suppress(OSError):
            os.unlink(f.source)
            removed += 1
    for here, _dirs, _files in sorted(os.walk(folder, topdown=False), reverse=True):
        if here != folder:
            with contextlib.suppress(OSError):
                os.rmdir(here)  # only succeeds when empty
    return removed
