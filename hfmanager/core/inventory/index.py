"""Persistent scan index: per repo, the mtimes of its folders and the last scan result.

A repo whose folders all keep their mtimes is unchanged (files appear or vanish only by
changing a folder), so a rescan only ``stat``s folders. Each repo is one SQLite row with
its folder signature, its metadata (revisions, problems, summary) and, in a separate
column, its packed file lists (:mod:`filelists`), which are decoded only when someone
reads ``Revision.files``: checking and loading the index never deserializes 100,000 files.

What is watched, and why that misses no change (hfscan collects it): every folder it
lists (``blobs/``: new, removed or growing ``.incomplete`` blobs; ``snapshots/``: new or
removed revisions; each snapshot folder and every subfolder: a file added or removed at
any depth; ``refs/`` and its subfolders: new or removed refs) and every ref *file*,
because huggingface_hub rewrites a ref in place, which changes no folder. The repo
folder itself only when its layout is incomplete or odd. Repos with incomplete downloads
or unreadable parts are never trusted (see ``parallel.indexable``).

Rows hold marshalled tuples (keys as ``os.fsencode`` bytes): marshal round-trips the
surrogate escapes of undecodable path bytes, executes nothing when loading, and decodes
several times faster than JSON.
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
from pathlib import Path
from typing import Any

from hfmanager.core.inventory.filelists import (
    _ROW_ERRORS,
    FileSource,
    LazyRevision,
    _build,
    encode_files,
)
from hfmanager.core.inventory.hfscan import scan_repo_in
from hfmanager.core.inventory.links import root_prefixes
from hfmanager.core.inventory.model import (
    IncompleteDownload,
    Problem,
    ProblemKind,
    Repo,
    RepoSummary,
    RepoType,
    SharedPayload,
    TorchEntry,
)
from hfmanager.core.messages import TEMPLATES, Msg, Param, Plain

_log = logging.getLogger(__name__)
FORMAT_VERSION = f"6-marshal{marshal.version}"  # 6: problem times, not ages
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


def meta_json(repo: Repo) -> dict[str, Any]:
    """``Repo.to_json(with_files=False)`` without building (then dropping) 100k file dicts."""
    d = {"repo_type": repo.repo_type.value, "repo_id": repo.repo_id,
         "repo_path": repo.repo_path, "root": repo.root, "size_on_disk": repo.size_on_disk,
         "nb_files": repo.nb_files, "last_accessed": repo.last_accessed,
         "last_modified": repo.last_modified,
         "incompletes": [i.to_json() for i in repo.incompletes],
         "problems": [p.to_json() for p in repo.problems], "summary": repo.summary.to_json(),
         "shared": [list(s) for s in repo.shared]}
    d["revisions"] = [
        {"commit_hash": r.commit_hash, "refs": list(r.refs), "size_on_disk": r.size_on_disk,
         "snapshot_path": r.snapshot_path, "last_modified": r.last_modified,
         "detached": r.detached, "files": [], "problems": [p.to_json() for p in r.problems],
         "listed": r.listed, "missing": r.missing}
        for r in repo.revisions]
    return d


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


__all__ = ["FORMAT_VERSION", "FileSource", "LazyRevision", "ScanIndex", "Signature",
           "encode_meta", "meta_json", "repo_from_row", "row_of", "signature_of",
           "signature_unchanged"]
_REPO_TYPES = {t.value: t for t in RepoType}
_PROBLEM_KINDS = {k.value: k for k in ProblemKind}
_SUMMARY_FIELDS = tuple(f.name for f in dataclasses.fields(RepoSummary))
_EMPTY_SUMMARY = RepoSummary()
_EMPTY_SUMMARY_ROW = tuple(getattr(_EMPTY_SUMMARY, f) for f in _SUMMARY_FIELDS)


ProblemRow = tuple[str, str, str | None, str, tuple[tuple[str, Plain], ...]]


def _problem_rows(problems: tuple[Problem, ...]) -> tuple[ProblemRow, ...]:
    return tuple((p.kind.value, p.message, p.path, p.msg.code if p.msg else "",
                  _plain(p.msg.params) if p.msg else ()) for p in problems)


def _plain(params: tuple[tuple[str, Param], ...]) -> tuple[tuple[str, Plain], ...]:
    """A problem's parameters are plain values; a sub-phrase is kept as its English."""
    return tuple((k, v.text() if isinstance(v, Msg) else v) for k, v in params)


def _problems(rows: tuple[ProblemRow, ...]) -> tuple[Problem, ...]:
    if not rows:
        return ()
    return tuple(_build(Problem, {"kind": _PROBLEM_KINDS[k], "message": m, "path": p,
                                  "msg": Msg(code, params) if code in TEMPLATES else None})
                 for k, m, p, code, params in rows)


def encode_meta(repo: Repo) -> bytes:
    """Everything but the file lists, as marshalled tuples of plain values.

    marshal (not JSON): no dicts of field names to build or parse, tuples stay tuples and
    surrogate-escaped (undecodable) path characters round-trip; loading 2,000 repos costs
    a third of ``json.loads``. It is Python's own format, executes nothing, and
    FORMAT_VERSION carries its version.
    """
    summary = tuple(getattr(repo.summary, f) for f in _SUMMARY_FIELDS)
    revs = tuple((r.commit_hash, r.refs, r.size_on_disk, r.snapshot_path, r.last_modified,
                  _problem_rows(r.problems), r.listed, r.missing) for r in repo.revisions)
    incompletes = tuple((i.path, i.etag, i.size, i.last_modified) for i in repo.incompletes)
    return marshal.dumps((
        repo.repo_type.value, repo.repo_id, repo.repo_path, repo.root, repo.size_on_disk,
        repo.nb_files, repo.last_accessed, repo.last_modified, incompletes,
        _problem_rows(repo.problems), None if summary == _EMPTY_SUMMARY_ROW else summary,
        revs, repo.shared))


def row_of(repo: Repo) -> tuple[bytes, bytes]:
    """The index row (meta, files) of a repo; packed file lists it still holds (read from
    the index or sent by a scan helper) are passed on as they are, not decoded."""
    files = None
    sources = [r.__dict__.get("_source") for r in repo.revisions]
    if sources and all(isinstance(s, FileSource) and s is sources[0] for s in sources):
        files = sources[0].packed()  # type: ignore[union-attr]
    return encode_meta(repo), encode_files(repo) if files is None else files


def rescan_files(repo_path: str) -> dict[str, Any]:
    """A repo's file lists scanned afresh (its index row changed or is damaged)."""
    root = os.path.dirname(repo_path)
    repo, _ = scan_repo_in(repo_path, root_prefixes(root), root)
    return {r.commit_hash: list(r.files) for r in repo.revisions}


def repo_from_row(meta: bytes, files: bytes | None,
                   fetch: Callable[[], bytes | None] | None = None) -> Repo:
    (repo_type, repo_id, repo_path, root, size, nb_files, accessed, modified, incompletes,
     problems, summary, revs, shared) = marshal.loads(meta)
    source = FileSource(repo_path + os.sep + "blobs", files, fetch, rescan_files)
    revisions = tuple(_build(LazyRevision, {
        "commit_hash": commit, "refs": refs, "size_on_disk": rsize, "snapshot_path": snap,
        "last_modified": rmod, "problems": _problems(rprobs), "listed": listed,
        "missing": missing, "_files": None, "_source": source})
        for commit, refs, rsize, snap, rmod, rprobs, listed, missing in revs)
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
        "root": root, "shared": shared})


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
                repo = repo_from_row(meta, files, self._fetcher(key, sig_raw))
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
               fresh: dict[str, tuple[Signature | None, Repo, bytes | None, bytes | None]],
               keep: Collection[str], known: set[str] | None = None) -> None:
        """Store freshly scanned repos and drop rows under ``root`` not in ``keep``/fresh.

        ``fresh``: path -> (signature, repo, its files and meta columns where already
        encoded (by hfscan or a scan helper), else None).

        ``known``: the paths already indexed under ``root``, when the caller has them.
        """
        if known is not None and not fresh and known.issubset(keep):
            return  # nothing new, nothing gone: not even a query
        rows = []
        dumps = marshal.dumps
        for path, (sig, repo, files, meta) in fresh.items():
            rows.append((os.fsencode(path), os.fsencode(root),
                         _UNTRUSTED if sig is None else dumps((tuple(sig[0]), tuple(sig[1]))),
                         encode_meta(repo) if meta is None else meta,
                         encode_files(repo) if files is None else files))
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
                    problems: list[Problem], payloads: Sequence[SharedPayload] = ()) -> None:
        """Remember the roots, torch entries, root problems and shared-store payloads
        for an instant start."""
        value = json.dumps({"roots": roots, "torch": [t.to_json() for t in torch],
                            "problems": [p.to_json() for p in problems],
                            "shared_payloads": [p.to_json() for p in payloads]})
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
                repos = [repo_from_row(m, None, self._fetcher(k, g)) for k, g, m in
                         conn.execute("SELECT repo_key, sig, meta FROM repos")]
        except (sqlite3.Error, *_ROW_ERRORS):
            return None, []
        return (json.loads(row[0]) if row else None), repos
