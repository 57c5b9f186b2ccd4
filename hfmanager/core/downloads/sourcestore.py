"""Where a finished job's files came from, kept with the queue (SQLite): the files that
did not come from the job's first endpoint, each with the endpoint that served it and
the misses before (reason and parameters, core/errors), so the Downloads page can still
say why after a restart. Its own table: databases made before it keep their
``download_jobs`` as they are (a new column there would make them look broken).
"""

from __future__ import annotations

import json
import sqlite3
import weakref

from hfmanager.core import errors as err
from hfmanager.core.downloads.fallback import FileSource, Miss
from hfmanager.core.store import Store, register_schema

SCHEMA = "download_sources"
register_schema(SCHEMA, """
CREATE TABLE IF NOT EXISTS download_sources (
    job_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    endpoint TEXT NOT NULL DEFAULT '',
    misses_json TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (job_id, path)
);
""")
MAX_ROWS = 10_000  # per job: a 100k-file dataset from a dead mirror need not all be kept
# Stores whose table is known to exist (ensure_schema checks the whole file: once each).
_READY: weakref.WeakSet[Store] = weakref.WeakSet()


def _ensure(store: Store) -> None:
    if store not in _READY:
        store.ensure_schema(SCHEMA)
        _READY.add(store)


def save(store: Store, job_id: int, sources: tuple[FileSource, ...]) -> None:
    """Replace the job's rows with its files that fell back (a resumed job's later run
    keeps what the earlier one recorded for files it did not touch again)."""
    _ensure(store)
    rows = [(job_id, s.path, s.endpoint, json.dumps(
        [{"endpoint": m.endpoint, "reason": m.reason.value, "params": dict(m.params)}
         for m in s.misses], default=str)) for s in sources if s.fell_back][:MAX_ROWS]
    if not rows:
        return
    with store.transaction() as conn:
        conn.executemany("INSERT OR REPLACE INTO download_sources VALUES (?, ?, ?, ?)", rows)


def load(store: Store, job_id: int) -> tuple[FileSource, ...]:
    """The job's recorded fallbacks (nothing when none, or when the table is unreadable)."""
    try:
        _ensure(store)
        rows = store.connection().execute(
            "SELECT path, endpoint, misses_json FROM download_sources WHERE job_id = ? "
            "ORDER BY path", (job_id,)).fetchall()
    except sqlite3.Error:
        return ()
    return tuple(FileSource(r[0], r[1], _misses(r[2])) for r in rows)


def forget(store: Store) -> None:
    """Drop the rows of jobs that are gone from the queue (history cleared)."""
    _ensure(store)
    with store.transaction() as conn:
        conn.execute("DELETE FROM download_sources WHERE job_id NOT IN "
                     "(SELECT id FROM download_jobs)")


def _misses(text: str) -> tuple[Miss, ...]:
    try:
        raw = json.loads(text)
    except ValueError:
        return ()
    out = []
    for m in raw if isinstance(raw, list) else []:
        try:
            out.append(Miss(str(m["endpoint"]), err.Reason(m["reason"]), dict(m["params"])))
        except (KeyError, TypeError, ValueError):
            continue  # a row from a newer version: skip what cannot be read
    return tuple(out)
