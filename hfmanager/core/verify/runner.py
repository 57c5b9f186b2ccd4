"""Run verification over many targets: cache lookups, hashing threads, progress, cancel."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence

from hfmanager.core.store import Store
from hfmanager.core.verify.hashing import hash_fd, matches
from hfmanager.core.verify.model import (
    CancelledError,
    Target,
    VerifyProgress,
    VerifyReport,
    VerifyResult,
    VerifyStatus,
)

ProgressCallback = Callable[[VerifyProgress], None]


def default_workers() -> int:
    """One hashing thread per core, at most 8 (beyond that the disk is the limit)."""
    return max(1, min(8, os.cpu_count() or 1))


class _Run:
    def __init__(self, store: Store | None, cancel: threading.Event) -> None:
        self.store = store
        self.cancel = cancel
        self.lock = threading.Lock()
        self.bytes_done = 0
        self.bytes_hashed = 0
        self.rows: list[tuple[str, int, int, int, str, str, float]] = []

    def add_bytes(self, n: int) -> None:
        with self.lock:
            self.bytes_done += n
            self.bytes_hashed += n

    def lookup(self, path: str, st: os.stat_result, algo: str) -> str | None:
        if self.store is None:
            return None
        row = self.store.connection().execute(
            "SELECT digest FROM verify_cache WHERE path=? AND size=? AND mtime_ns=? "
            "AND inode=? AND algo=?", (path, st.st_size, st.st_mtime_ns, st.st_ino, algo),
        ).fetchone()
        return str(row[0]) if row else None

    def remember(self, path: str, st: os.stat_result, algo: str, digest: str) -> None:
        self.rows.append((path, st.st_size, st.st_mtime_ns, st.st_ino, algo, digest,
                          time.time()))

    def flush(self) -> None:
        """One transaction for all new digests (one per file would be slow)."""
        if self.store is not None and self.rows:
            with self.store.transaction() as conn:
                conn.executemany("INSERT OR REPLACE INTO verify_cache VALUES (?,?,?,?,?,?,?)",
                                 self.rows)
        self.rows.clear()

    def hash_one(self, t: Target) -> tuple[str, os.stat_result]:
        """Open without following links, hash, and return the digest and the fstat."""
        assert t.algo is not None
        fd = os.open(t.path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            return hash_fd(fd, st.st_size, t.algo, cancel=self.cancel,
                           on_bytes=self.add_bytes), st
        finally:
            os.close(fd)


def verify(targets: Sequence[Target], *, store: Store | None = None,
           progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
           workers: int | None = None, progress_interval: float = 0.1,
           nice: int = 0) -> VerifyReport:
    """Check every target; ``cancel.set()`` stops soon (finished verdicts are kept).

    ``progress`` is called from this (the calling) thread, about every
    ``progress_interval`` seconds and once at the end. ``nice`` > 0 lowers the hashing
    threads' CPU priority (Linux), so that a GUI thread in the same process stays smooth.
    """
    started = time.monotonic()
    cancel = cancel or threading.Event()
    run = _Run(store, cancel)
    results: list[VerifyResult] = []
    todo: list[tuple[Target, int]] = []
    for t in targets:
        if t.algo is None or t.expected is None:
            results.append(VerifyResult(t, VerifyStatus.UNVERIFIABLE, message=t.note))
            continue
        try:
            st = os.lstat(t.path)
        except OSError as exc:
            results.append(VerifyResult(t, VerifyStatus.ERROR,
                                        message=f"cannot read: {exc.strerror}"))
            continue
        digest = run.lookup(t.path, st, t.algo.value)
        if digest is not None:
            run.bytes_done += st.st_size
            results.append(_verdict(t, digest, cached=True))
        else:
            todo.append((t, st.st_size))
    total_files = len(results) + len(todo)
    total_bytes = run.bytes_done + sum(size for _t, size in todo)

    def report(current: str) -> None:
        if progress is not None:
            progress(VerifyProgress(len(results), total_files, run.bytes_done, total_bytes,
                                    current))

    todo.sort(key=lambda x: -x[1])  # big files first: better balance at the end
    try:
        cancelled = _hash_all(run, [t for t, _size in todo], results,
                              workers or default_workers(), report, progress_interval, nice)
    finally:
        run.flush()
    report("")
    return VerifyReport(tuple(results), cancelled, run.bytes_hashed,
                        time.monotonic() - started)


def _verdict(t: Target, digest: str, *, cached: bool) -> VerifyResult:
    assert t.algo is not None
    assert t.expected is not None
    if matches(t.algo, t.expected, digest):
        return VerifyResult(t, VerifyStatus.OK, digest, cached)
    return VerifyResult(t, VerifyStatus.CORRUPT, digest, cached,
                        f"expected {t.algo.value} {t.expected}, got {digest}")


_Outcome = tuple[Target, str | None, os.stat_result | None, BaseException | None]


def _hash_all(run: _Run, todo: list[Target], results: list[VerifyResult], workers: int,
              report: Callable[[str], None], interval: float, nice: int = 0) -> bool:
    """Hash ``todo`` with ``workers`` threads; returns True when cancelled.

    Workers pull from one queue and push outcomes to another, so the bookkeeping is
    O(files) (waiting on thousands of futures at once is quadratic and starves the GUI
    thread of the GIL); files are opened one at a time by the worker hashing them.
    """
    work: queue.SimpleQueue[Target] = queue.SimpleQueue()
    out: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()
    for t in todo:
        work.put(t)

    def worker() -> None:
        if nice > 0:
            with contextlib.suppress(OSError, AttributeError):  # per thread on Linux only
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
        while True:
            try:
                t = work.get_nowait()
            except queue.Empty:
                return
            if run.cancel.is_set():
                out.put((t, None, None, CancelledError()))
                continue
            try:
                digest, st = run.hash_one(t)
            except (OSError, CancelledError) as exc:
                out.put((t, None, None, exc))
                continue
            out.put((t, digest, st, None))

    threads = [threading.Thread(target=worker, name="verify", daemon=True)
               for _ in range(min(workers, len(todo)))]
    for th in threads:
        th.start()
    cancelled = False
    last = time.monotonic()
    current = ""
    for _ in range(len(todo)):
        while True:
            try:
                t, digest, st, err = out.get(timeout=interval)
                break
            except queue.Empty:
                report(current)
        current = t.path
        if isinstance(err, CancelledError):
            cancelled = True
        elif err is not None or digest is None or st is None:
            results.append(VerifyResult(t, VerifyStatus.ERROR, message=f"read error: {err}"))
        else:
            run.remember(t.path, st, t.algo.value if t.algo else "", digest)
            results.append(_verdict(t, digest, cached=False))
        if time.monotonic() - last >= interval:
            last = time.monotonic()
            report(current)
    for th in threads:
        th.join()
    return cancelled or run.cancel.is_set()
