"""SQLite (WAL) store in the user data dir: download queue, verify cache, load history.

Each feature owns its tables: it registers its schema with :func:`register_schema` at
import time and the store creates every registered table on open. One connection per
thread (sqlite3 objects are not shared across threads).

A store that cannot be opened is never a reason not to start. When the file is not a
database (garbage, a folder or a FIFO in its place, a corrupt page) or its tables lack
the columns a registered schema names (a wrong or foreign schema), it is moved aside as
``<name>.corrupt-<date>`` (with its ``-wal``/``-shm``) and a new one is built; the
notice says so (:mod:`hfmanager.core.notices`) and ``Store.rebuilt`` names the old file,
so the front end can recover what it can (the download queue, from the partial files'
sidecars). Errors that say nothing about the file (busy, read-only, permissions, a full
disk) never move it: they raise :class:`StoreError` with the path and what to do. A new
column in a future version needs a migration run before the check, or an old file would
be taken for a foreign one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
import stat
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hfmanager.core import notices, paths
from hfmanager.core.messages import msg

_SCHEMAS: dict[str, str] = {}
# Primary result codes that describe the environment, not the file: never a reason to
# move the database aside.
_ENVIRONMENT = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_PERM",
                          "SQLITE_CANTOPEN", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_NOMEM",
                          "SQLITE_AUTH", "SQLITE_INTERRUPT", "SQLITE_NOLFS"})
REPAIR_WAIT_S = 60.0


def register_schema(name: str, ddl: str) -> None:
    """Register idempotent DDL (``CREATE TABLE IF NOT EXISTS ...``) under a feature name."""
    _SCHEMAS[name] = ddl


class StoreError(OSError):
    """The store cannot be opened or rebuilt; the message names the path and the fix."""


class _BrokenError(Exception):
    """The file is not a usable store of ours: move it aside and start a new one."""


def _primary(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return "_".join(name.split("_")[:2])  # SQLITE_IOERR_SHORT_READ -> SQLITE_IOERR


def _expected_columns(ddl: str) -> dict[str, set[str]]:
    """Table -> column names the DDL creates (run once in a throwaway memory database)."""
    with contextlib.closing(sqlite3.connect(":memory:")) as mem:
        mem.executescript(ddl)
        tables = [r[0] for r in mem.execute("SELECT name FROM sqlite_master WHERE type='table'"
                                            " AND name NOT LIKE 'sqlite_%'")]
        return {t: {r[1] for r in mem.execute(f'PRAGMA table_info("{t}")')} for t in tables}


class Store:
    """A small wrapper over one SQLite file with WAL and a busy timeout."""

    def __init__(self, path: Path | None = None, *, memory: bool = False) -> None:
        self.path = path if path is not None else paths.store_path()
        self.rebuilt: Path | None = None  # where a broken file was moved by this open
        self.memory = memory
        self._uri = f"file:hfmanager-{uuid.uuid4().hex}?mode=memory&cache=shared"
        self._local = threading.local()
        self._closed = False
        self._generation = 0  # bumped by a rebuild: other threads reconnect
        self._anchor: sqlite3.Connection | None = None
        if memory:  # a shared in-memory database lives while one connection is open
            self._anchor = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
        else:
            self._prepare_folder()
        self._open_checked(list(_SCHEMAS))

    @classmethod
    def in_memory(cls) -> Store:
        """A store that lives as long as this object (when the data folder is unusable)."""
        return cls(Path(":memory:"), memory=True)

    def _prepare_folder(self) -> None:
        folder = self.path.parent
        problem = paths.app_dir_problem(folder, "data", "HFMANAGER_DATA_DIR")
        if problem:
            raise StoreError(problem)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"hfmanager's data folder {folder} cannot be created "
                             f"({exc.strerror or exc}); fix its permissions or set "
                             "HFMANAGER_DATA_DIR to another folder.") from exc

    # -- opening, checking, rebuilding ---------------------------------------------
    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "generation", -1) != self._generation:
            conn.close()  # the file it was opened on was moved aside
            conn = None
        if conn is None:
            if self.memory:
                conn = sqlite3.connect(self._uri, uri=True, timeout=30, isolation_level=None)
            else:
                conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
            except BaseException:
                conn.close()
                raise
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
            self._local.generation = self._generation
        return conn

    def _check(self, names: list[str]) -> None:
        """Open this thread's connection, create ``names``' tables and compare columns;
        :class:`_BrokenError` when the file is not a usable store of ours."""
        if not self.memory:  # sqlite would block on a FIFO, create a link's target
            try:
                if not stat.S_ISREG(os.stat(self.path).st_mode):
                    raise _BrokenError("it is not a regular file")
            except FileNotFoundError:
                if os.path.islink(self.path):
                    raise _BrokenError("it is a link to nothing") from None
        step = ""
        try:
            conn = self.connection()
            step = "its tables are not the ones hfmanager uses: "
            for name in names:
                # executescript() COMMITs any open transaction itself, so it cannot run
                # inside transaction(); the DDL is idempotent (IF NOT EXISTS).
                conn.executescript(_SCHEMAS[name])
                for table, wanted in _expected_columns(_SCHEMAS[name]).items():
                    have = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
                    if not wanted <= have:
                        raise _BrokenError(f"{step}table {table} lacks the columns "
                                           f"{', '.join(sorted(wanted - have))}")
        except sqlite3.Error as exc:
            if _primary(exc) in _ENVIRONMENT:
                raise StoreError(f"hfmanager's database {self.path} cannot be opened: "
                                 f"{exc}. Check the data folder's permissions and free "
                                 "space, or close other hfmanager windows.") from exc
            raise _BrokenError(f"{step}{exc}") from exc

    def _open_checked(self, names: list[str]) -> None:
        try:
            self._check(names)
        except _BrokenError as exc:
            if self.memory:
                raise StoreError(f"the in-memory database failed: {exc}") from exc
            self._rebuild(str(exc))

    def _rebuild(self, reason: str) -> None:
        """Under the repair lock (two processes must not move each other's new file):
        check again, move the broken file aside, build a new one."""
        self._drop_connection()
        with self._repair_lock():
            try:
                self._check(list(_SCHEMAS))
                return  # another process rebuilt it meanwhile
            except _BrokenError:
                self._drop_connection()
            aside = self._move_aside()
            self._drop_connection()  # threads that reconnected meanwhile: the old file
            try:
                self._check(list(_SCHEMAS))
            except _BrokenError as exc:
                raise StoreError(f"hfmanager's database {self.path} could not be rebuilt "
                                 f"({exc}); remove it and start again.") from exc
        self.rebuilt = aside
        notices.said("store", msg("notice.store_rebuilt", path=str(self.path),
                                  reason=str(reason), aside=str(aside)), path=str(self.path))

    def _drop_connection(self) -> None:
        self._generation += 1
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
            self._local.conn = None

    @contextmanager
    def _repair_lock(self) -> Iterator[None]:
        lock = self.path.with_name(self.path.name + ".repair-lock")
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC
        try:
            fd = os.open(lock, flags, 0o600)
        except OSError as exc:
            raise StoreError(f"cannot repair {self.path}: {lock}: "
                             f"{exc.strerror or exc}") from exc
        try:
            deadline = time.monotonic() + REPAIR_WAIT_S
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(f"another hfmanager process has been repairing "
                                         f"{self.path} for {REPAIR_WAIT_S:.0f} s") from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        base = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        aside, n = base, 1
        while os.path.lexists(aside):
            n += 1
            aside = base.with_name(f"{base.name}-{n}")
        try:
            os.replace(self.path, aside)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"hfmanager's database {self.path} is broken and cannot be "
                             f"moved aside ({exc.strerror or exc}); remove it by hand."
                             ) from exc
        for suffix in ("-wal", "-shm"):  # a stale WAL must never replay into the new file
            with contextlib.suppress(FileNotFoundError):
                os.replace(f"{self.path}{suffix}", f"{aside}{suffix}")
        return aside

    # -- use ---------------------------------------------------------------------------
    def ensure_schema(self, name: str) -> None:
        """Create a schema registered after this store was opened (and check it)."""
        self._open_checked([name])

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

    @property
    def closed(self) -> bool:
        """True once close() ran (even if a straggler reopened a connection since): pollers
        such as the Downloads page stop reading instead of reopening a store the app let go."""
        return self._closed

    def close(self) -> None:
        self._closed = True
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        if self._anchor is not None:
            self._anchor.close()
            self._anchor = None
