"""Scan one hub-cache repo folder (``models--org--name``) into a frozen :class:`Repo`.

Speed matters (100,000 files in well under a second), so the hot loop uses os.listdir,
one ``os.readlink`` per snapshot entry and one ``lstat`` per *blob* (not per link), both
relative to the open folder (``dir_fd``: the kernel resolves one path component): the
normal relative link ``../../blobs/<etag>`` is recognised by string arithmetic and looked
up in the blob table. Anything unusual (absolute links, links elsewhere, copies, hard
links) takes the careful path in :mod:`links`, which never leaves the cache root.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from operator import attrgetter, itemgetter
from typing import TypeVar

from hfmanager.core import cachespec as cs
from hfmanager.core.inventory.filelists import pack_files
from hfmanager.core.inventory.health import revision_problems
from hfmanager.core.inventory.kinds import kind_of_name
from hfmanager.core.inventory.links import display, is_utf8
from hfmanager.core.inventory.model import (
    CachedFile,
    IncompleteDownload,
    Problem,
    ProblemKind,
    Repo,
    RepoSummary,
    RepoType,
    Revision,
)
from hfmanager.core.inventory.oddities import Blob, OddEntries
from hfmanager.core.inventory.summary import summarize
from hfmanager.core.messages import msg

HEX40 = cs.COMMIT_RE
HEX_ETAG = cs.ETAG_RE
_HEX = cs.HEX_DIGITS
_DIR_FD = os.lstat in os.supports_dir_fd
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | \
    getattr(os, "O_CLOEXEC", 0)
IGNORED_NAMES = cs.IGNORED_NAMES
REPO_DIRS = cs.REPO_SUBDIRS

# A Blob's name is the listing's own str object: the index stores each etag once.
_SIZE, _ATIME, _MTIME = itemgetter(0), itemgetter(1), itemgetter(2)
_PATH = attrgetter("path")
T = TypeVar("T")
_IFMT, _IFREG = 0o170000, stat.S_IFREG


class _Walk:
    """What the walk of one snapshot collects, folder by folder (see ``_scan_folder``)."""

    __slots__ = ("files", "mine", "odd", "plain_etags", "plain_paths", "problems", "stack")

    def __init__(self, stack: list[tuple[str, str, int]], mine: dict[tuple[int, int], Blob],
                 problems: list[Problem], files: list[CachedFile], plain_paths: list[str],
                 plain_etags: list[str], odd: list[CachedFile | None]) -> None:
        self.stack, self.mine, self.problems, self.files = stack, mine, problems, files
        self.plain_paths, self.plain_etags, self.odd = plain_paths, plain_etags, odd


def _last_modified(snap: os.DirEntry[str], mine: dict[tuple[int, int], Blob]) -> float:
    """A revision's last change: its newest blob, else the snapshot folder itself."""
    if mine:
        return float(max(map(_MTIME, mine.values())))
    try:
        return snap.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def _scan_entries(path: str) -> list[os.DirEntry[str]]:
    with os.scandir(path) as it:
        return list(it)


def parse_repo_folder(name: str) -> tuple[RepoType, str] | None:
    """'models--org--name' -> (MODEL, 'org/name'); None when the name is not a repo folder."""
    parsed = cs.parse_repo_folder(name)
    return None if parsed is None else (RepoType(parsed[0]), parsed[1])


class RepoScan(OddEntries):
    """The mutable state of scanning one repo; :meth:`run` returns the frozen result."""

    def __init__(self, repo_path: str, roots: tuple[str, ...], root: str) -> None:
        self.repo = repo_path
        self.roots = roots
        self.root = root
        self.blobs_dir = os.path.join(repo_path, "blobs")
        self.problems: list[Problem] = []
        self.blobs: dict[str, Blob] = {}
        self.by_inode: dict[tuple[int, int], str] | None = None
        self.units: dict[tuple[int, int], Blob] = {}
        self.incompletes: list[IncompleteDownload] = []
        self.shared: dict[str, tuple[str, str, int]] = {}  # etag -> (etag, xet hash, size)
        self.store_marked: bool | None = None  # whether <root>/blobs is a marked store
        self.has_trees = False
        # Every folder read and every ref file: the index watches their mtimes.
        self.dirs: list[str] = []
        self.mtimes: dict[str, int] = {}  # st_mtime_ns of folders, from fstat before listing
        # Per revision, the file lists in the index's packed form (filelists.pack_files).
        self.packed: list[tuple[str, list[str], list[str], list[CachedFile | None]]] = []

    def _read_folder(self, read: Callable[[str], list[T]], path: str,
                     into: list[Problem] | None) -> list[T]:
        """``read(path)``, recording the folder as watched, or a problem and []."""
        try:
            entries = read(path)
        except OSError as exc:
            self.problem(ProblemKind.UNREADABLE, msg(
                "problem.folder_unreadable", folder=display(path), error=str(exc.strerror or exc)),
                path, into)
            return []
        self.dirs.append(path)
        return entries

    def _scandir(self, path: str, into: list[Problem] | None = None) -> list[os.DirEntry[str]]:
        return self._read_folder(_scan_entries, path, into)

    def run(self) -> Repo:
        name = os.path.basename(self.repo)
        parsed = parse_repo_folder(name)
        if parsed is None:
            self.problem(ProblemKind.UNEXPECTED_ENTRY,
                         msg("problem.bad_repo_folder", name=display(name)), self.repo)
            parsed = (RepoType.MODEL, name)
        repo_type, repo_id = parsed
        try:
            revisions = self._scan_parts(repo_type)
        except (RecursionError, ValueError, OSError) as exc:
            # Whatever slipped past the checks, one damaged repo must not take the scan
            # of the others (or the cleanup that would remove it) down with it.
            self.problem(ProblemKind.UNREADABLE, msg(
                "problem.scan_stopped", error=f"{type(exc).__name__}: {display(str(exc)[:200])}"),
                self.repo)
            revisions = []
            self.packed.clear()  # the index's file lists follow the revisions
        return self._build(repo_type, repo_id, revisions)

    def _scan_parts(self, repo_type: RepoType) -> list[Revision]:
        present = self._check_layout()
        if "blobs" in present:
            self._scan_blobs()
        refs = self._scan_refs() if "refs" in present else {}
        revisions = self._scan_snapshots(refs, repo_type) if "snapshots" in present else []
        known = {r.commit_hash for r in revisions}
        for commit, names in sorted(refs.items()):
            if commit not in known:
                self.problem(ProblemKind.DANGLING_REF, msg(
                    "problem.dangling_ref", refs=", ".join(names), commit=commit[:12]),
                    os.path.join(self.repo, "refs"))
        self._incomplete_problems()
        return revisions

    def _build(self, repo_type: RepoType, repo_id: str, revisions: list[Revision]) -> Repo:
        units = self.units.values()
        size = sum(map(_SIZE, units)) + sum(i.size for i in self.incompletes)
        if units:
            last_accessed = max(map(_ATIME, units))
            last_modified = max(map(_MTIME, units))
        else:
            try:
                st = os.lstat(self.repo)
                last_accessed, last_modified = st.st_atime, st.st_mtime
            except OSError:
                last_accessed = last_modified = 0.0
        revisions.sort(key=lambda r: (-r.last_modified, r.commit_hash))
        summary = self._summary(revisions)  # first: it may add a problem
        return Repo(repo_type, repo_id, self.repo, size, len(self.units), last_accessed,
                    last_modified, tuple(revisions), tuple(self.incompletes),
                    tuple(self.problems), summary, self.root,
                    tuple(self.shared[e] for e in sorted(self.shared)))

    def _check_layout(self) -> set[str]:
        present: set[str] = set()
        for entry in self._scandir(self.repo):
            name = entry.name
            if name in REPO_DIRS:
                if entry.is_dir(follow_symlinks=False):
                    present.add(name)
                else:
                    what = "a_link" if entry.is_symlink() else "a_file"
                    self.problem(ProblemKind.UNEXPECTED_ENTRY, msg(
                        "problem.layout_not_folder", name=name, what=what), entry.path)
            elif name not in IGNORED_NAMES:
                self.problem(ProblemKind.UNEXPECTED_ENTRY,
                             msg("problem.stray_in_repo", name=display(name)), entry.path)
        if cs.TREES_DIR in present:
            self.has_trees = True
            self.dirs.append(os.path.join(self.repo, cs.TREES_DIR))  # a new listing changes it
        if "snapshots" not in present and not self.problems:
            self.problem(ProblemKind.UNEXPECTED_ENTRY, msg("problem.no_snapshots"), self.repo)
        if {"blobs", "snapshots", "refs"} <= present and not self.problems and self.dirs:
            # The repo folder's own mtime then only tells about stray entries or
            # .no_exist/trees: the index need not watch it (one stat less per repo).
            self.dirs.remove(self.repo)
        return present

    def _scan_blobs(self) -> None:
        fd = self._open_dir(self.blobs_dir)
        try:
            self._stat_blobs(fd)
        finally:
            if fd is not None:
                os.close(fd)

    def _stat_blobs(self, fd: int | None) -> None:
        names = self._listdir(self.blobs_dir)
        # Whether every name is an etag (the usual case) in two C-speed passes per repo,
        # not a regex per blob (a regex over the joined names backtracks: 6% of a scan).
        all_etags = set(map(len, names)) <= {40, 64} and not "".join(names).strip(_HEX)
        lstat, is_etag, prefix = os.lstat, HEX_ETAG.fullmatch, self.blobs_dir + os.sep
        blobs = self.blobs
        # lstat relative to the open blobs folder: the kernel resolves one path component
        # instead of the whole path (~12% of the blob pass). The name comes from the
        # listing, so it cannot climb out; O_NOFOLLOW: the folder itself is not a link.
        for name in names:
            path = prefix + name
            try:
                st = lstat(path) if fd is None else lstat(name, dir_fd=fd)  # one per blob
            except OSError as exc:
                self.problem(ProblemKind.UNREADABLE, msg("problem.blob_unreadable",
                                                         error=str(exc)), path)
                continue
            if st.st_mode & _IFMT != _IFREG:
                odd = self._odd_blob(path, name, st)
                if odd is None:
                    continue
                st = odd
            if not all_etags and not is_etag(name) and self._not_a_blob(path, name, st):
                continue
            blobs[name] = (st.st_size, st.st_atime, st.st_mtime, (st.st_dev, st.st_ino), path,
                           name)

    def _scan_refs(self) -> dict[str, list[str]]:
        refs: dict[str, list[str]] = {}
        stack = [(os.path.join(self.repo, "refs"), "")]
        while stack:
            folder, prefix = stack.pop()
            for entry in self._scandir(folder):
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, name + "/"))
                elif entry.name in IGNORED_NAMES:
                    continue
                elif not entry.is_file(follow_symlinks=False):
                    self.problem(ProblemKind.UNEXPECTED_ENTRY,
                                 msg("problem.ref_not_file", ref=display(name)), entry.path)
                else:
                    self._read_ref(entry.path, name, refs)
        return refs

    def _scan_snapshots(self, refs: dict[str, list[str]], repo_type: RepoType) -> list[Revision]:
        revisions = []
        for entry in self._scandir(os.path.join(self.repo, "snapshots")):
            if entry.is_dir(follow_symlinks=False):
                revisions.append(self._scan_revision(entry, sorted(refs.get(entry.name, ())),
                                                     repo_type))
            elif entry.name in IGNORED_NAMES:
                continue
            else:
                what = "a_link_not_followed" if entry.is_symlink() else "a_file"
                self.problem(ProblemKind.UNEXPECTED_ENTRY, msg(
                    "problem.snapshot_not_folder", name=display(entry.name), what=what),
                    entry.path)
        return revisions

    def _open_dir(self, path: str) -> int | None:
        """An fd for ``*at`` calls, and the folder's mtime taken *before* it is listed:
        a change made while listing then shows as a new mtime at the next scan. The
        index uses it instead of a second stat by path (see ``signature_of``)."""
        if not _DIR_FD:
            return None
        try:
            fd = os.open(path, _DIR_FLAGS)
        except OSError:
            return None
        try:
            self.mtimes[path] = os.fstat(fd).st_mtime_ns
        except OSError:
            os.close(fd)
            return None
        return fd

    def _listdir(self, path: str, into: list[Problem] | None = None) -> list[str]:
        return self._read_folder(os.listdir, path, into)

    def _scan_revision(self, snap: os.DirEntry[str], refs: list[str],
                       repo_type: RepoType) -> Revision:
        problems: list[Problem] = []
        if not HEX40.fullmatch(snap.name):
            self.problem(ProblemKind.UNEXPECTED_ENTRY,
                         msg("problem.snapshot_not_commit", name=display(snap.name)),
                         snap.path, problems)
        files: list[CachedFile] = []
        plain_paths: list[str] = []  # files that are ../blobs/<etag> links, and the etags
        plain_etags: list[str] = []
        odd: list[CachedFile | None] = []  # every other file
        self.packed.append((snap.name, plain_paths, plain_etags, odd))
        mine: dict[tuple[int, int], Blob] = {}
        stack = [(snap.path, "", 0)]
        while stack:
            self._scan_folder(*stack.pop(), _Walk(stack, mine, problems, files, plain_paths,
                                                   plain_etags, odd))
        files.sort(key=_PATH)
        self.units.update(mine)
        last_modified = _last_modified(snap, mine)
        problems.extend(revision_problems(files, repo_type))
        listed, missing = self._listing_check(snap.name, files, problems)
        return Revision(snap.name, tuple(refs), tuple(files), sum(map(_SIZE, mine.values())),
                        snap.path, last_modified, tuple(problems), listed, missing)

    def _scan_folder(self, folder: str, prefix: str, depth: int, w: _Walk) -> None:
        """One folder of a snapshot into ``w``; sub-folders go on ``w.stack``."""
        link_prefix = "../" * (depth + 2) + "blobs/"
        cut = len(link_prefix)
        readlink, blobs, new, problems = os.readlink, self.blobs, object.__new__, w.problems
        files, plain_paths, plain_etags, odd, mine = (w.files, w.plain_paths, w.plain_etags,
                                                      w.odd, w.mine)
        # Hot loop: listdir + readlink, no DirEntry objects, no stat per link; each
        # readlink relative to the open folder (one path component for the kernel).
        base = folder + os.sep
        fd = self._open_dir(folder)
        try:
            for name in self._listdir(folder, problems):
                path = base + name
                rel = prefix + name
                try:
                    target = readlink(path) if fd is None else readlink(name, dir_fd=fd)
                except OSError:
                    f = self._not_a_link(path, rel, depth, w.stack, mine, problems)
                    odd.append(f)
                else:
                    etag = target[cut:]
                    blob = blobs.get(etag) if target.startswith(link_prefix) else None
                    if blob is not None and "/" not in etag:
                        mine[blob[3]] = blob
                        # CachedFile without its frozen __init__ (8 object.__setattr__
                        # calls): 2.3 -> 0.9 us per file; equality tests guard the fields.
                        f = new(CachedFile)
                        f.__dict__.update(path=rel, size=blob[0], kind=kind_of_name(name),
                                          blob=etag, file_path=path, blob_path=blob[4],
                                          last_accessed=blob[1], last_modified=blob[2])
                        plain_paths.append(rel)
                        plain_etags.append(blob[5])  # type: ignore[arg-type]
                    else:
                        f = self._odd_link(path, rel, target, link_prefix, mine, problems)
                        odd.append(f)
                if f is None:
                    continue
                files.append(f)
                if not rel.isascii() and not is_utf8(rel):
                    self.problem(ProblemKind.UNREADABLE,
                                 msg("problem.name_not_utf8", name=display(rel)),
                                 path, problems)
        finally:
            if fd is not None:
                os.close(fd)

    def _summary(self, revisions: list[Revision]) -> RepoSummary:
        if not revisions:
            return RepoSummary()
        chosen = next((r for r in revisions if "main" in r.refs), revisions[0])
        top = {f.path: f for f in chosen.files if f.size}

        def source(name: str) -> str | None:
            f = top.get(name)
            if f is None:
                return None
            if f.blob in self.shared:  # the repo blob is a link: read the store payload
                return cs.store_payload_path(self.root, self.shared[f.blob][1])
            return f.blob_path or f.file_path

        summary, why = summarize(source("README.md"), source("config.json"))
        if why is not None:
            self.problem(ProblemKind.UNREADABLE, msg(
                "problem.config_unreadable", commit=chosen.commit_hash[:12], error=why),
                top["config.json"].file_path)
        return summary


def scan_repo_in(repo_path: str, roots: tuple[str, ...], root: str) -> tuple[Repo, list[str]]:
    """Scan a repo with precomputed root prefixes; also return the folders that were read."""
    scan = RepoScan(repo_path, roots, root)
    return scan.run(), scan.dirs


def scan_repo_full(repo_path: str, roots: tuple[str, ...], root: str, *, pack: bool,
                   ) -> tuple[Repo, list[str], dict[str, int], bytes | None]:
    """:func:`scan_repo_in` plus the mtimes taken while listing folders and (``pack``)
    the file lists packed for the index."""
    scan = RepoScan(repo_path, roots, root)
    repo = scan.run()
    return repo, scan.dirs, scan.mtimes, pack_files(scan.blobs, scan.packed) if pack else None
