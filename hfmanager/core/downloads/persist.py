"""The download queue in SQLite (WAL): every job survives a crash or restart; finished
jobs stay as history. Each state change is one short transaction, so a kill -9 at any
moment leaves the last committed state, and ``JobStore.recover()`` turns jobs that were
running into queued ones on the next start.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, TypeVar

from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.store import Store, register_schema

SCHEMA = "downloads"
register_schema(SCHEMA, """
CREATE TABLE IF NOT EXISTS download_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    repo_id TEXT NOT NULL,
    repo_type TEXT NOT NULL DEFAULT 'model',
    revision TEXT NOT NULL DEFAULT 'main',
    include_json TEXT NOT NULL DEFAULT '[]',
    exclude_json TEXT NOT NULL DEFAULT '[]',
    preset TEXT NOT NULL DEFAULT 'all',
    endpoint TEXT NOT NULL DEFAULT '',
    cache_dir TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    position REAL NOT NULL,
    commit_sha TEXT NOT NULL DEFAULT '',
    bytes_total INTEGER NOT NULL DEFAULT 0,
    bytes_done INTEGER NOT NULL DEFAULT 0,
    files_total INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    finished REAL
);
CREATE INDEX IF NOT EXISTS download_jobs_state ON download_jobs(state, position);
""")
# A job's error as core/errors says it (reason plus parameters, JSON), beside the English
# text in download_jobs.error: the window translates it. Its own table, so that databases
# made before it keep their download_jobs as they are (a missing column means a rebuild).
ERRORS_SCHEMA = "download_errors"
register_schema(ERRORS_SCHEMA, """
CREATE TABLE IF NOT EXISTS download_errors (
    job_id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    params_json TEXT NOT NULL DEFAULT '{}'
);
""")
# The URL of a job for one file by URL (repo_type 'url'; its folder is cache_dir). Its
# own table for the same reason: older databases stay readable as they are.
URLS_SCHEMA = "download_urls"
register_schema(URLS_SCHEMA, """
CREATE TABLE IF NOT EXISTS download_urls (
    job_id INTEGER PRIMARY KEY,
    url TEXT NOT NULL
);
""")
_SELECT = ("SELECT download_jobs.*, e.reason AS error_reason, e.params_json AS error_params, "
           "u.url AS url FROM download_jobs "
           "LEFT JOIN download_errors e ON e.job_id = download_jobs.id "
           "LEFT JOIN download_urls u ON u.job_id = download_jobs.id")


class JobState(str, Enum):
    """Where a job is in its life; DONE/CANCELLED are final (history)."""

    QUEUED = "queued"
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def final(self) -> bool:
        return self in (JobState.DONE, JobState.CANCELLED)


# Which user/engine moves are legal from each state.
TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.RUNNING, JobState.PAUSED, JobState.CANCELLED}),
    JobState.RUNNING: frozenset({JobState.PAUSED, JobState.DONE, JobState.FAILED,
                                 JobState.CANCELLED, JobState.QUEUED}),
    JobState.PAUSED: frozenset({JobState.QUEUED, JobState.CANCELLED}),
    JobState.FAILED: frozenset({JobState.QUEUED, JobState.CANCELLED}),
    JobState.DONE: frozenset(),
    JobState.CANCELLED: frozenset(),
}


class IllegalTransitionError(ValueError):
    """A state change the queue does not allow (e.g. resuming a finished job)."""


@dataclass(frozen=True)
class JobRecord:
    """One row of the queue as stored."""

    id: int
    spec: DownloadSpec
    state: JobState
    position: float
    cache_dir: str = ""
    error: str = ""
    commit: str = ""
    error_reason: str = ""  # core/errors Reason value of ``error`` ("" when none/unknown)
    error_params: str = "{}"  # its parameters, JSON
    bytes_total: int = 0
    bytes_done: int = 0
    files_total: int = 0
    created: float = field(default_factory=time.time)
    finished: float | None = None


def _row_to_record(row: sqlite3.Row) -> JobRecord:
    spec = DownloadSpec(
        repo_id=row["repo_id"], repo_type=row["repo_type"], revision=row["revision"],
        include=tuple(json.loads(row["include_json"])),
        exclude=tuple(json.loads(row["exclude_json"])),
        preset=row["preset"], endpoint=row["endpoint"],
        url=row["url"] or "", dest=row["cache_dir"] if row["url"] else "",
    )
    return JobRecord(
        id=row["id"], spec=spec, state=JobState(row["state"]), position=row["position"],
        cache_dir=row["cache_dir"], error=row["error"], commit=row["commit_sha"],
        error_reason=row["error_reason"] or "", error_params=row["error_params"] or "{}",
        bytes_total=row["bytes_total"], bytes_done=row["bytes_done"],
        files_total=row["files_total"], created=row["created"], finished=row["finished"],
    )


F = TypeVar("F", bound=Callable[..., Any])


def _writes(method: F) -> F:
    """Bump the store's version after a write (also a failed one) so caches re-read."""
    @functools.wraps(method)
    def wrapper(self: JobStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        finally:
            self.version += 1
    return wrapper  # type: ignore[return-value]


class JobStore:
    """CRUD over ``download_jobs``; every method is one transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._ensure_schemas()
        # Bumped on every write through this object: snapshot() re-reads only then.
        self.version = 0
        self._cache: tuple[int, list[JobRecord]] | None = None

    def cached_all(self) -> list[JobRecord]:
        """``all()`` without a query when nothing was written since the last call."""
        if self._cache is None or self._cache[0] != self.version:
            self._cache = (self.version, self.all())
        return list(self._cache[1])

    @_writes
    def add(self, spec: DownloadSpec, cache_dir: str = "") -> JobRecord:
        return self._insert(spec, cache_dir, JobState.QUEUED)

    @_writes
    def add_finished(self, spec: DownloadSpec, cache_dir: str, commit: str, size: int,
                     files: int) -> JobRecord:
        """Record a download done elsewhere (the CLI) straight into the history: one
        insert, so a running window never sees it as a job to start."""
        return self._insert(spec, cache_dir, JobState.DONE, commit_sha=commit,
                            bytes_total=size, bytes_done=size, files_total=files,
                            finished=time.time())

    def _insert(self, spec: DownloadSpec, cache_dir: str, state: JobState,
                **extra: Any) -> JobRecord:
        columns = ["repo_id", "repo_type", "revision", "include_json", "exclude_json",
                   "preset", "endpoint", "cache_dir", "state", "position", "created",
                   *extra]
        with self.store.transaction() as conn:
            top = conn.execute("SELECT COALESCE(MAX(position), 0) FROM download_jobs").fetchone()
            cur = conn.execute(
                f"INSERT INTO download_jobs ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                (spec.repo_id, spec.repo_type, spec.revision, json.dumps(list(spec.include)),
                 json.dumps(list(spec.exclude)), spec.preset, spec.endpoint, cache_dir,
                 state.value, float(top[0]) + 1.0, time.time(), *extra.values()),
            )
            job_id = int(cur.lastrowid or 0)
            if spec.url:
                conn.execute("INSERT INTO download_urls VALUES (?, ?)", (job_id, spec.url))
        return self.get(job_id)

    def get(self, job_id: int) -> JobRecord:
        row = self.store.connection().execute(
            f"{_SELECT} WHERE download_jobs.id = ?", (job_id,)).fetchone()
        if row is None:
            raise KeyError(job_id)
        return _row_to_record(row)

    def all(self, *, history: bool | None = None) -> list[JobRecord]:
        """Jobs in queue order; ``history`` True = only final ones, False = only live ones.
        A table damaged while the app runs is checked again (a wrong schema is moved aside
        and rebuilt, with a notice) and read once more: the queue's thread polls this and
        must not die of it."""
        try:
            rows = self._rows()
        except sqlite3.DatabaseError:
            self._ensure_schemas()
            self.version += 1
            rows = self._rows()
        jobs = [_row_to_record(r) for r in rows]
        if history is None:
            return jobs
        return [j for j in jobs if j.state.final == history]

    def _ensure_schemas(self) -> None:
        """Create or check this store's tables (a wrong one is moved aside and rebuilt)."""
        for name in (SCHEMA, ERRORS_SCHEMA, URLS_SCHEMA):
            self.store.ensure_schema(name)

    def _rows(self) -> list[sqlite3.Row]:
        return self.store.connection().execute(f"{_SELECT} ORDER BY position, id").fetchall()

    @_writes
    def transition(self, job_id: int, new: JobState, **values: Any) -> JobRecord:
        """Move a job to ``new`` if legal, updating other columns in the same transaction."""
        with self.store.transaction() as conn:
            row = conn.execute("SELECT state FROM download_jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise KeyError(job_id)
            old = JobState(row["state"])
            if new != old and new not in TRANSITIONS[old]:
                raise IllegalTransitionError(
                    f"job {job_id}: cannot go from {old.value} to {new.value}")
            values["state"] = new.value
            if new.final or new == JobState.FAILED:
                values.setdefault("finished", time.time())
            self._update(conn, job_id, values)
        return self.get(job_id)

    @_writes
    def update(self, job_id: int, **values: Any) -> None:
        """Progress columns (bytes_done, commit...), no state change."""
        with self.store.transaction() as conn:
            self._update(conn, job_id, values)

    _COLUMNS = frozenset({"state", "error", "position", "commit_sha", "bytes_total",
                          "bytes_done", "files_total", "finished"})

    def _update(self, conn: sqlite3.Connection, job_id: int, values: dict[str, Any]) -> None:
        if "commit" in values:
            values["commit_sha"] = values.pop("commit")
        reason = values.pop("error_reason", "")
        params = values.pop("error_params", "{}")
        if "error" in values:  # a new error (or none) replaces the old one's reason
            conn.execute("DELETE FROM download_errors WHERE job_id = ?", (job_id,))
            if reason:
                conn.execute("INSERT INTO download_errors VALUES (?, ?, ?)",
                             (job_id, reason, params))
        unknown = set(values) - self._COLUMNS
        if unknown:
            raise ValueError(f"unknown job columns: {sorted(unknown)}")
        if values:
            sets = ", ".join(f"{k} = ?" for k in values)
            conn.execute(f"UPDATE download_jobs SET {sets} WHERE id = ?",
                         (*values.values(), job_id))

    @_writes
    def move(self, job_id: int, delta: int) -> None:
        """Move a live job ``delta`` places up (negative) or down among live jobs."""
        live = self.all(history=False)
        ids = [j.id for j in live]
        if job_id not in ids:
            return
        i = ids.index(job_id)
        j = max(0, min(len(ids) - 1, i + delta))
        ids.insert(j, ids.pop(i))
        with self.store.transaction() as conn:
            for pos, jid in enumerate(ids, start=1):
                conn.execute("UPDATE download_jobs SET position = ? WHERE id = ?",
                             (float(pos), jid))

    @_writes
    def recover(self) -> list[JobRecord]:
        """After a crash or restart: jobs left 'running' go back to 'queued'."""
        with self.store.transaction() as conn:
            conn.execute("UPDATE download_jobs SET state = ? WHERE state = ?",
                         (JobState.QUEUED.value, JobState.RUNNING.value))
        return self.all(history=False)

    @_writes
    def clear_history(self) -> int:
        with self.store.transaction() as conn:
            cur = conn.execute("DELETE FROM download_jobs WHERE state IN (?, ?)",
                               (JobState.DONE.value, JobState.CANCELLED.value))
            for table in ("download_errors", "download_urls"):
                conn.execute(f"DELETE FROM {table} WHERE job_id NOT IN "
                             "(SELECT id FROM download_jobs)")
            return int(cur.rowcount)


def with_state(rec: JobRecord, state: JobState) -> JobRecord:
    return replace(rec, state=state)
