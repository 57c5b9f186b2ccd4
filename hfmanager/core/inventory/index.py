"""Persistent scan index: per repo, the mtimes of its folders and the last scan result.

A repo whose folders all keep their mtimes is unchanged (files appear or vanish only by
changing a folder), so a rescan only ``stat``s folders. Each repo is one SQLite row with
its folder signature, its metadata (revisions, problems, summary) and, in a separate
column, its compact file lists, which are decoded only when someone reads
``Revision.files``: checking and loading the index never deserializes 100,000 files.

Paths are stored as bytes (``os.fsencode``) and metadata as ASCII-escaped JSON because
cache paths may hold undecodable bytes (surrogate escapes) that SQLite's UTF-8 text
would reject.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import marshal
import os
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import closing
from operator import attrgetter
from pathlib import Path
from typing import Any

from hfmanager.core.inventory.kinds import kind_of_name
from hfmanager.core.inventory.model import (
    CachedFile,
    FileKind,
    IncompleteDownload,
    Problem,
    ProblemKind,
    Repo,
    RepoSummary,
    RepoType,
    Revision,
    TorchEntry,
)

_log = logging.getLogger(__name__)
_PATH = attrgetter("path")
FORMAT_VERSION = f"3-marshal{marshal.version}"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS repos (
    repo_key BLOB PRIMARY KEY,   -- os.fsencode(repo_path)
    root_key BLOB NOT NULL,      -- os.fsencode(root)
    sig BLOB NOT NULL,           -- marshal((watched paths as bytes, their st_mtime_ns))
    meta BLOB NOT NULL,          -- encode_meta(repo): marshalled tuples, no file lists
    files BLOB NOT NULL          -- marshal(((commit, ((path, size, kind, blob, blob_path,
                                 --   atime, mtime), ...)), ...)); blob_path 0: blobs/<blob>
);
CREATE INDEX IF NOT EXISTS repos_root ON repos(root_key);
"""
_COLUMNS = ["repo_key", "root_key", "sig", "meta", "files"]

# The watched paths (as bytes: cheap to store and stat) and their mtimes.
Signature = tuple[Sequence[bytes], Sequence[int]]


class FileSource:
    """One repo's file lists: the raw ``files`` column, fetched and parsed on first use.

    If the row was rewritten since the repo was loaded (a newer scan changed it), the
    repo folder is scanned again: the files shown are then the current ones.
    """

    def __init__(self, blobs_dir: str, raw: bytes | None,
                 fetch: Callable[[], bytes | None] | None = None) -> None:
        self.blobs_dir = blobs_dir
        self._raw = raw
        self._fetch = fetch
        self._blobs: dict[str, tuple[int, float, float]] = {}
        self._parsed: dict[str, Any] | None = None

    def files(self, commit: str, snapshot_path: str) -> tuple[CachedFile, ...]:
        if self._parsed is None:
            raw = self._raw if self._raw is not None else (
                self._fetch() if self._fetch is not None else None)
            self._raw = self._fetch = None
            try:
                if raw is None:
                    raise ValueError("row gone")
                blobs, revs = marshal.loads(raw)
                self._parsed = {r[0]: r[1:] for r in revs}
                self._blobs = blobs
            except _ROW_ERRORS:
                self._parsed = self._rescan()
        packed = self._parsed.get(commit)
        if packed is None:
            return ()
        if isinstance(packed, tuple) and len(packed) == 3 and isinstance(packed[0], tuple):
            try:
                return decode_files(packed, self._blobs, snapshot_path, self.blobs_dir)
            except _ROW_ERRORS:
                return ()
        return tuple(packed)

    def _rescan(self) -> dict[str, Any]:
        from hfmanager.core.inventory.hfscan import scan_repo_in
        from hfmanager.core.inventory.links import root_prefixes

        repo_path = os.path.dirname(self.blobs_dir)
        root = os.path.dirname(repo_path)
        repo, _ = scan_repo_in(repo_path, root_prefixes(root), root)
        return {r.commit_hash: list(r.files) for r in repo.revisions}


class LazyRevision(Revision):
    """A :class:`Revision` from the index whose file list is decoded on first access.

    It compares equal to a plain Revision with the same content and supports
    ``dataclasses.replace`` (the constructor takes the same arguments as Revision).
    """

    def __init__(self, commit_hash: str, refs: tuple[str, ...],
                 files: tuple[CachedFile, ...] | None, size_on_disk: int, snapshot_path: str,
                 last_modified: float, problems: tuple[Problem, ...] = (), *,
                 source: FileSource | None = None) -> None:
        values = {"commit_hash": commit_hash, "refs": refs, "size_on_disk": size_on_disk,
                  "snapshot_path": snapshot_path, "last_modified": last_modified,
                  "problems": problems, "_files": files if source is None else None,
                  "_source": source}
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property  # type: ignore[override]
    def files(self) -> tuple[CachedFile, ...]:
        cached: tuple[CachedFile, ...] | None = self.__dict__["_files"]
        if cached is None:
            source: FileSource | None = self.__dict__["_source"]
            cached = () if source is None else source.files(self.commit_hash,
                                                            self.snapshot_path)
            object.__setattr__(self, "_files", cached)
            object.__setattr__(self, "_source", None)
        return cached

    def _key(self) -> tuple[Any, ...]:
        return (self.commit_hash, self.refs, self.files, self.size_on_disk, self.snapshot_path,
                self.last_modified, self.problems)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Revision):
            return NotImplemented
        return self._key() == LazyRevision._key(other)  # type: ignore[arg-type]

    def __hash__(self) -> int:
        return hash(self._key())


_KIND_VALUES = {k.value: k for k in FileKind}


def encode_files(repo: Repo) -> bytes:
    """The ``files`` column for a repo that was not scanned here: every file a full row."""
    return marshal.dumps(({}, tuple(
        (r.commit_hash, (), (), tuple(
            (f.path, f.size, f.kind.value, f.blob, f.file_path, f.blob_path, f.last_accessed,
             f.last_modified) for f in r.files)) for r in repo.revisions)))


def meta_json(repo: Repo) -> dict[str, Any]:
    """``Repo.to_json(with_files=False)`` without building (then dropping) 100k file dicts."""
    d = {"repo_type": repo.repo_type.value, "repo_id": repo.repo_id,
         "repo_path": repo.repo_path, "root": repo.root, "size_on_disk": repo.size_on_disk,
         "nb_files": repo.nb_files, "last_accessed": repo.last_accessed,
         "last_modified": repo.last_modified,
         "incompletes": [i.to_json() for i in repo.incompletes],
         "problems": [p.to_json() for p in repo.problems], "summary": repo.summary.to_json()}
    d["revisions"] = [
        {"commit_hash": r.commit_hash, "refs": list(r.refs), "size_on_disk": r.size_on_disk,
         "snapshot_path": r.snapshot_path, "last_modified": r.last_modified,
         "detached": r.detached, "files": [], "problems": [p.to_json() for p in r.problems]}
        for r in repo.revisions]
    return d


def decode_files(packed: tuple[Any, ...], blobs: dict[str, tuple[int, float, float]],
                 snapshot_path: str, blobs_dir: str) -> tuple[CachedFile, ...]:
    """CachedFiles from hfscan's packed form: (paths, etags, full rows of odd files)."""
    paths, etags, odd = packed
    kinds, new, sep = _KIND_VALUES, _new, os.sep
    snap, blob_prefix = snapshot_path + sep, blobs_dir + sep
    out = []
    for path, etag in zip(paths, etags, strict=True):
        size, at, mt = blobs[etag]
        f = new(CachedFile)  # as in hfscan: no frozen __init__, equality tests guard it
        f.__dict__.update(path=path, size=size, kind=kind_of_name(path.rpartition("/")[2]),
                          blob=etag, file_path=snap + path.replace("/", sep),
                          blob_path=blob_prefix + etag, last_accessed=at, last_modified=mt)
        out.append(f)
    for path, size, kind, blob, file_path, blob_path, at, mt in odd:
        out.append(_build(CachedFile, {
            "path": path, "size": size, "kind": kinds[kind], "blob": blob,
            "file_path": file_path, "blob_path": blob_path, "last_accessed": at,
            "last_modified": mt}))
    out.sort(key=_PATH)
    return tuple(out)


def signature_unchanged(sig: Signature) -> bool:
    """True when every watched path still has the recorded mtime."""
    stat = os.stat
    try:
        for path, mtime in zip(*sig, strict=True):
            if stat(path).st_mtime_ns != mtime:
                return False
    except (OSError, ValueError, TypeError):
        return False
    return True


def signature_of(dirs: list[str], before_ns: int,
                 known: dict[str, int] | None = None) -> Signature | None:
    """The paths' mtimes, or None when one changed during the scan (not safe to reuse).

    ``known``: mtimes the scanner took (fstat) just before listing a folder; taken
    before the listing, a change during it shows up at the next scan, and no second
    stat by path is needed. Other paths (ref files, refs/, snapshots/) are stat'ed now.
    """
    known = known or {}
    stat = os.stat
    mtimes = []
    for d in dirs:
        mtime = known.get(d)
        if mtime is None:
            try:
                mtime = stat(d).st_mtime_ns
            except OSError:
                return None
        if mtime >= before_ns:
            return None
        mtimes.append(mtime)
    return tuple(map(os.fsencode, dirs)), tuple(mtimes)


# A row without a signature: no path, one mtime: zip(strict=True) fails, never reused.
_UNTRUSTED = marshal.dumps(((), (-1,)))


_new = object.__new__
_REPO_TYPES = {t.value: t for t in RepoType}
_PROBLEM_KINDS = {k.value: k for k in ProblemKind}
_SUMMARY_FIELDS = tuple(f.name for f in dataclasses.fields(RepoSummary))
_EMPTY_SUMMARY = RepoSummary()
_EMPTY_SUMMARY_ROW = tuple(getattr(_EMPTY_SUMMARY, f) for f in _SUMMARY_FIELDS)


def _build(cls: type[Any], values: dict[str, Any]) -> Any:
    # Frozen dataclasses without their __init__ (one object.__setattr__ per field):
    # loading 2,000 repos at start-up is twice as fast. Equality tests against freshly
    # scanned repos guard against drift from model.py's from_json.
    obj = _new(cls)
    obj.__dict__.update(values)
    return obj


def _problem_rows(problems: tuple[Problem, ...]) -> tuple[tuple[str, str, str | None], ...]:
    return tuple((p.kind.value, p.message, p.path) for p in problems)


def _problems(rows: tuple[tuple[str, str, str | None], ...]) -> tuple[Problem, ...]:
    if not rows:
        return ()
    return tuple(_build(Problem, {"kind": _PROBLEM_KINDS[k], "message": m, "path": p})
                 for k, m, p in rows)


def encode_meta(repo: Repo) -> bytes:
    """Everything but the file lists, as marshalled tuples of plain values.

    marshal (not JSON): no dicts of field names to build or parse, tuples stay tuples and
    surrogate-escaped (undecodable) path characters round-trip; loading 2,000 repos costs
    a third of ``json.loads``. It is Python's own format, executes nothing, and
    FORMAT_VERSION carries its version.
    """
    summary = tuple(getattr(repo.summary, f) for f in _SUMMARY_FIELDS)
    revs = tuple((r.commit_hash, r.refs, r.size_on_disk, r.snapshot_path, r.last_modified,
                  _problem_rows(r.problems)) for r in repo.revisions)
    incompletes = tuple((i.path, i.etag, i.size, i.last_modified) for i in repo.incompletes)
    return marshal.dumps((
        repo.repo_type.value, repo.repo_id, repo.repo_path, repo.root, repo.size_on_disk,
        repo.nb_files, repo.last_accessed, repo.last_modified, incompletes,
        _problem_rows(repo.problems), None if summary == _EMPTY_SUMMARY_ROW else summary,
        revs))


def _repo_from_row(meta: bytes, files: bytes | None,
                   fetch: Callable[[], bytes | None] | None = None) -> Repo:
    (repo_type, repo_id, repo_path, root, size, nb_files, accessed, modified, incompletes,
     problems, summary, revs) = marshal.loads(meta)
    source = FileSource(repo_path + os.sep + "blobs", files, fetch)
    revisions = tuple(_build(LazyRevision, {
        "commit_hash": commit, "refs": refs, "size_on_disk": rsize, "snapshot_path": snap,
        "last_modified": rmod, "problems": _problems(rprobs), "_files": None,
        "_source": source}) for commit, refs, rsize, snap, rmod, rprobs in revs)
    return _build(Repo, {  # type: ignore[no-any-return]
        "repo_type": _REPO_TYPES[repo_type], "repo_id": repo_id, "repo_path": repo_path,
        "size_on_disk": size, "nb_files": nb_files, "last_accessed": accessed,
        "last_modified": modified, "revisions": revisions,
        "incompletes": tuple(_build(IncompleteDownload, {
            "path": p, "etag": e, "size": s, "last_modified": m})
            for p, e, s, m in incompletes) if incompletes else (),
        "problems": _problems(problems),
        "summary": _EMPTY_SUMMARY if summary is None else _build(
            RepoSummary, dict(zip(_SUMMARY_FIELDS, summary, strict=True))),
        "root": root})


_ROW_ERRORS = (KeyError, ValueError, TypeError, EOFError)  # a damaged row: rescan that repo


class ScanIndex:
    """The SQLite file that remembers the last scan (one connection per call: process-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """Share one connection across the calls made during one scan."""
        try:
            self._conn = self._connect()
        except sqlite3.Error:
            self._conn = None
        try:
            yield
        finally:
            if self._conn is not None:
                self._conn.close()
            self._conn = None

    @contextlib.contextmanager
    def _use(self) -> Iterator[sqlite3.Connection]:
        if self._conn is not None:
            yield self._conn
            return
        with closing(self._connect()) as conn:
            yield conn

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._open()
        except sqlite3.DatabaseError:
            # A corrupt index is only a cache: keep it aside for diagnosis and start over.
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.replace(f"{self.path}{suffix}", f"{self.path}.bad{suffix}")
            return self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        # A cache: a write lost in a crash only costs a rescan, so no fsync at all.
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = conn.execute("SELECT value FROM meta WHERE key='format'").fetchone()
        columns = [r[1] for r in conn.execute("PRAGMA table_info(repos)")]
        if row is None or row[0] != FORMAT_VERSION or columns != _COLUMNS:
            # Another layout (older or newer app): the index is a cache, start it over.
            conn.executescript("DROP TABLE IF EXISTS repos; DELETE FROM meta;")
            conn.executescript(_SCHEMA)
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT_VERSION,))
            conn.commit()
        return conn

    def load_unchanged(self, root: str, wanted: Iterable[str], *, lazy: bool = True,
                       ) -> tuple[list[tuple[Signature, Repo]], set[str] | None]:
        """The indexed repos among ``wanted`` whose folders kept their mtimes, and the
        paths of every row under ``root`` (None when the index could not be read).

        One SELECT; a row's metadata is decoded only once its signature held.
        """
        wanted_paths = set(wanted)
        column = "NULL" if lazy else "files"
        unchanged, known = [], set()
        try:
            with self._use() as conn:
                rows = conn.execute(f"SELECT repo_key, sig, meta, {column} FROM repos "
                                    "WHERE root_key=?", (os.fsencode(root),)).fetchall()
        except sqlite3.Error:
            return [], None
        loads, decode = marshal.loads, os.fsdecode
        stat = os.stat
        for key, sig_raw, meta, files in rows:
            path = decode(key)
            known.add(path)
            if path not in wanted_paths:
                continue
            try:
                sig = loads(sig_raw)
                # signature_unchanged inlined: one comprehension, no call per repo.
                if [stat(p).st_mtime_ns for p in sig[0]] != list(sig[1]):
                    continue
                repo = _repo_from_row(meta, files, self._fetcher(key, sig_raw))
            except (OSError, *_ROW_ERRORS):
                continue  # gone, or a damaged row: that repo is simply scanned again
            unchanged.append((sig, repo))
        return unchanged, known

    def _fetcher(self, key: bytes, sig: bytes) -> Callable[[], bytes | None]:
        def fetch() -> bytes | None:
            # The signature doubles as a version: a rewritten row is not mixed in.
            try:
                with closing(self._connect()) as conn:
                    row = conn.execute("SELECT files FROM repos WHERE repo_key=? AND sig=?",
                                       (key, sig)).fetchone()
            except sqlite3.Error:
                return None
            return bytes(row[0]) if row else None
        return fetch

    def update(self, root: str,
               fresh: dict[str, tuple[Signature | None, Repo, bytes | None]],
               keep: Collection[str], known: set[str] | None = None) -> None:
        """Store freshly scanned repos and drop rows under ``root`` not in ``keep``/fresh.

        ``fresh``: path -> (signature, repo, its files column from hfscan or None).

        ``known``: the paths already indexed under ``root``, when the caller has them.
        """
        if known is not None and not fresh and known.issubset(keep):
            return  # nothing new, nothing gone: not even a query
        rows = []
        dumps = marshal.dumps
        for path, (sig, repo, files) in fresh.items():
            rows.append((os.fsencode(path), os.fsencode(root),
                         _UNTRUSTED if sig is None else dumps((tuple(sig[0]), tuple(sig[1]))),
                         encode_meta(repo), encode_files(repo) if files is None else files))
        alive = {os.fsencode(p) for p in keep} | {r[0] for r in rows}
        try:
            with self._use() as conn:
                gone = [(k,) for (k,) in conn.execute(
                    "SELECT repo_key FROM repos WHERE root_key=?", (os.fsencode(root),))
                    if k not in alive]
                if not rows and not gone:
                    return
                with conn:
                    conn.executemany("DELETE FROM repos WHERE repo_key=?", gone)
                    conn.executemany("INSERT OR REPLACE INTO repos VALUES (?,?,?,?,?)", rows)
        except sqlite3.Error as exc:
            # The index is an optimisation: a failed write only costs a slower rescan.
            _log.warning("scan index %s not updated: %s", self.path, exc)

    def save_extras(self, roots: list[dict[str, str]], torch: list[TorchEntry],
                    problems: list[Problem]) -> None:
        """Remember the roots, torch entries and root problems for an instant start."""
        value = json.dumps({"roots": roots, "torch": [t.to_json() for t in torch],
                            "problems": [p.to_json() for p in problems]})
        try:
            with self._use() as conn:
                row = conn.execute("SELECT value FROM meta WHERE key='last'").fetchone()
                if row is None or row[0] != value:
                    with conn:
                        conn.execute("INSERT OR REPLACE INTO meta VALUES ('last', ?)", (value,))
        except sqlite3.Error:
            pass

    def load_all(self) -> tuple[dict[str, Any] | None, list[Repo]]:
        """The last extras and every indexed repo."""
        if not self.path.exists():
            return None, []
        try:
            with closing(self._connect()) as conn:
                row = conn.execute("SELECT value FROM meta WHERE key='last'").fetchone()
                repos = [_repo_from_row(m, None, self._fetcher(k, g)) for k, g, m in
                         conn.execute("SELECT repo_key, sig, meta FROM repos")]
        except (sqlite3.Error, *_ROW_ERRORS):
            return None, []
        return (json.loads(row[0]) if row else None), repos
