"""SQLite (WAL) store in the user data dir: download queue, verify cache, load history.

Each feature owns its tables: it registers its schema with :func:`register_schema` at
import time and the store creates every registered table on open. One connection per
thread (sqlite3 objects are not shared across threads).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hfmanager.core import paths

_SCHEMAS: dict[str, str] = {}


def register_schema(name: str, ddl: str) -> None:
    """Register idempotent DDL (``CREATE TABLE IF NOT EXISTS ...``) under a feature name."""
    _SCHEMAS[name] = ddl


class Store:
    """A small wrapper over one SQLite file with WAL and a busy timeout."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else paths.store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        # executescript() COMMITs any open transaction itself, so it cannot run inside
        # transaction(); the DDL is idempotent (IF NOT EXISTS), so autocommit is fine.
        conn = self.connection()
        for ddl in _SCHEMAS.values():
            conn.executescript(ddl)

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    def ensure_schema(self, name: str) -> None:
        """Create a schema registered after this store was opened."""
        self.connection().executescript(_SCHEMAS[name])

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on error."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
