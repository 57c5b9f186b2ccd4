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
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

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
FORMAT_VERSION = "2"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS repos (
    repo_key BLOB PRIMARY KEY,   -- os.fsencode(repo_path)
    root_key BLOB NOT NULL,      -- os.fsencode(root)
    dirs BLOB NOT NULL,          -- watched paths, NUL-separated (NUL never occurs in a path)
    mtimes TEXT NOT NULL,        -- their st_mtime_ns, comma-separated
    meta TEXT NOT NULL,          -- Repo.to_json(with_files=False)
    files TEXT NOT NULL          -- json {commit: [[path, size, kind, blob, blob_path, at, mt]]}
);
CREATE INDEX IF NOT EXISTS repos_root ON repos(root_key);
"""
_COLUMNS = ["repo_key", "root_key", "dirs", "mtimes", "meta", "files"]

# The watched paths (as bytes: cheap to store, split and stat) and their mtimes.
Signature = tuple[list[bytes], list[int]]


class FileSource:
    """One repo's file lists: the raw ``files`` column, fetched and parsed on first use.

    If the row was rewritten since the repo was loaded (a newer scan changed it), the
    repo folder is scanned again: the files shown are then the current ones.
    """

    def __init__(self, blobs_dir: str, text: str | None,
                 fetch: Callable[[], str | None] | None = None) -> None:
        self.blobs_dir = blobs_dir
        self._text = text
        self._fetch = fetch
        self._parsed: dict[str, Any] | None = None

    def files(self, commit: str, snapshot_path: str) -> tuple[CachedFile, ...]:
        if self._parsed is None:
            text = self._text if self._text is not None else (
                self._fetch() if self._fetch is not None else None)
            parsed = json.loads(text) if text is not None else self._rescan()
            self._parsed = parsed if isinstance(parsed, dict) else {}
            self._text = self._fetch = None
        rows = self._parsed.get(commit, [])
        if isinstance(rows, tuple):
            return rows
        return decode_files(rows, snapshot_path, self.blobs_dir)

    def _rescan(self) -> dict[str, Any]:
        from hfmanager.core.inventory.hfscan import scan_repo_in
        from hfmanager.core.inventory.links import root_prefixes

        repo_path = os.path.dirname(self.blobs_dir)
        root = os.path.dirname(repo_path)
        repo, _ = scan_repo_in(repo_path, root_prefixes(root), root)
        return {r.commit_hash: r.files for r in repo.revisions}


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


def encode_files(files: Iterable[CachedFile], blobs_dir: str) -> list[list[Any]]:
    """Compact rows; a blob_path equal to ``blobs/<blob>`` is stored as 0."""
    prefix = blobs_dir + os.sep
    # FileKind is a str enum: json.dumps writes its value without the slow .value lookup.
    return [[f.path, f.size, f.kind, f.blob,
             0 if f.blob is not None and f.blob_path == prefix + f.blob else f.blob_path,
             f.last_accessed, f.last_modified] for f in files]


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


def decode_files(rows: list[Any], snapshot_path: str, blobs_dir: str) -> tuple[CachedFile, ...]:
    kinds = {k.value: k for k in FileKind}
    join = os.path.join
    return tuple(
        CachedFile(path, size, kinds[kind], blob, join(snapshot_path, path),
                   join(blobs_dir, blob) if blob_path == 0 and blob else blob_path, at, mt)
        for path, size, kind, blob, blob_path, at, mt in rows)


def signature_unchanged(sig: Signature) -> bool:
    """True when every watched path still has the recorded mtime."""
    stat = os.stat
    try:
        for path, mtime in zip(*sig, strict=True):
            if stat(path).st_mtime_ns != mtime:
                return False
    except (OSError, ValueError):
        return False
    return True


def signature_of(dirs: list[str], before_ns: int) -> Signature | None:
    """The paths' mtimes, or None when one changed during the scan (not safe to reuse)."""
    paths = [os.fsencode(d) for d in dirs]
    mtimes = []
    for path in paths:
        try:
            mtime = os.stat(path).st_mtime_ns
        except OSError:
            return None
        if mtime >= before_ns:
            return None
        mtimes.append(mtime)
    return paths, mtimes


def _sig_columns(sig: Signature) -> tuple[bytes, str]:
    return b"\0".join(sig[0]), ",".join(map(str, sig[1]))


_UNTRUSTED = (b"", "-1")  # a row without a signature: "" never stats, so never reused


def _sig_from_columns(dirs: bytes, mtimes: str) -> Signature:
    return dirs.split(b"\0"), [int(m) for m in mtimes.split(",")]


_new = object.__new__
_REPO_TYPES = {t.value: t for t in RepoType}
_PROBLEM_KINDS = {k.value: k for k in ProblemKind}


def _build(cls: type[Any], values: dict[str, Any]) -> Any:
    # Frozen dataclasses without their __init__ (one object.__setattr__ per field):
    # loading 2,000 repos at start-up is twice as fast. Equality tests against freshly
    # scanned repos guard against drift from model.py's from_json.
    obj = _new(cls)
    obj.__dict__.update(values)
    return obj


def _problems(items: list[dict[str, Any]]) -> tuple[Problem, ...]:
    return tuple(_build(Problem, {"kind": _PROBLEM_KINDS[p["kind"]], "message": p["message"],
                                  "path": p.get("path")}) for p in items)


def _repo_from_row(meta: str, files: str | None,
                   fetch: Callable[[], str | None] | None = None) -> Repo:
    d = json.loads(meta)
    source = FileSource(os.path.join(d["repo_path"], "blobs"), files, fetch)
    revs = tuple(_build(LazyRevision, {
        "commit_hash": r["commit_hash"], "refs": tuple(r["refs"]),
        "size_on_disk": r["size_on_disk"], "snapshot_path": r["snapshot_path"],
        "last_modified": r["last_modified"], "problems": _problems(r["problems"]),
        "_files": None, "_source": source}) for r in d["revisions"])
    return _build(Repo, {  # type: ignore[no-any-return]
        "repo_type": _REPO_TYPES[d["repo_type"]], "repo_id": d["repo_id"],
        "repo_path": d["repo_path"], "size_on_disk": d["size_on_disk"],
        "nb_files": d["nb_files"], "last_accessed": d["last_accessed"],
        "last_modified": d["last_modified"], "revisions": revs,
        "incompletes": tuple(IncompleteDownload.from_json(i) for i in d["incompletes"]),
        "problems": _problems(d["problems"]),
        "summary": RepoSummary.from_json(d["summary"]), "root": d["root"]})


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
        conn.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last write is fine
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

    def signatures(self, root: str) -> dict[str, Signature]:
        """repo_path -> folder signature for every indexed repo under ``root``."""
        try:
            with self._use() as conn:
                rows = conn.execute(
                    "SELECT repo_key, dirs, mtimes FROM repos WHERE root_key=?",
                    (os.fsencode(root),)).fetchall()
            return {os.fsdecode(k): _sig_from_columns(d, m) for k, d, m in rows}
        except (sqlite3.Error, ValueError):
            return {}

    def load_repos(self, repo_paths: Iterable[str], *, lazy: bool = True) -> Iterator[Repo]:
        """Indexed repos; with ``lazy`` their file lists are read only when first used."""
        keys = [os.fsencode(p) for p in repo_paths]
        column = "NULL" if lazy else "files"
        try:
            with self._use() as conn:
                for start in range(0, len(keys), 500):
                    chunk = keys[start:start + 500]
                    marks = ",".join("?" * len(chunk))
                    for key, mtimes, meta, files in conn.execute(
                            f"SELECT repo_key, mtimes, meta, {column} FROM repos "
                            f"WHERE repo_key IN ({marks})", chunk):
                        try:
                            repo = _repo_from_row(meta, files, self._fetcher(key, mtimes))
                        except (KeyError, ValueError, TypeError):
                            continue  # a damaged row: that repo is simply scanned again
                        yield repo
        except sqlite3.Error:
            return

    def _fetcher(self, key: bytes, mtimes: str) -> Callable[[], str | None]:
        def fetch() -> str | None:
            # The mtimes double as a version: a rewritten row is not mixed in.
            try:
                with closing(self._connect()) as conn:
                    row = conn.execute("SELECT files FROM repos WHERE repo_key=? AND mtimes=?",
                                       (key, mtimes)).fetchone()
            except sqlite3.Error:
                return None
            return str(row[0]) if row else None
        return fetch

    def update(self, root: str, fresh: dict[str, tuple[Signature | None, Repo]],
               keep: Iterable[str]) -> None:
        """Store freshly scanned repos and drop rows under ``root`` not in ``keep``/fresh."""
        rows = []
        for path, (sig, repo) in fresh.items():
            blobs_dir = os.path.join(repo.repo_path, "blobs")
            files = {r.commit_hash: encode_files(r.files, blobs_dir) for r in repo.revisions}
            sig_cols = _sig_columns(sig) if sig is not None else _UNTRUSTED
            rows.append((os.fsencode(path), os.fsencode(root), *sig_cols,
                         json.dumps(meta_json(repo)), json.dumps(files)))
        alive = {os.fsencode(p) for p in keep} | {r[0] for r in rows}
        try:
            with self._use() as conn:
                known = [k for (k,) in conn.execute(
                    "SELECT repo_key FROM repos WHERE root_key=?", (os.fsencode(root),))]
                gone = [(k,) for k in known if k not in alive]
                if not rows and not gone:
                    return
                with conn:
                    conn.executemany("DELETE FROM repos WHERE repo_key=?", gone)
                    conn.executemany("INSERT OR REPLACE INTO repos VALUES (?,?,?,?,?,?)", rows)
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
                repos = [_repo_from_row(m, None, self._fetcher(k, t)) for k, t, m in
                         conn.execute("SELECT repo_key, mtimes, meta FROM repos")]
        except (sqlite3.Error, ValueError, KeyError):
            return None, []
        return (json.loads(row[0]) if row else None), repos
