"""Run verification over many targets: cache lookups, a thread pool, progress, cancel."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

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

    def hash_one(self, t: Target, fd: int, size: int) -> str:
        assert t.algo is not None
        return hash_fd(fd, size, t.algo, cancel=self.cancel, on_bytes=self.add_bytes)


def _open(t: Target) -> tuple[int, os.stat_result] | VerifyResult:
    try:
        fd = os.open(t.path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        return VerifyResult(t, VerifyStatus.ERROR, message=f"cannot open: {exc.strerror}")
    return fd, os.fstat(fd)


def verify(targets: Sequence[Target], *, store: Store | None = None,
           progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
           workers: int | None = None, progress_interval: float = 0.1) -> VerifyReport:
    """Check every target; ``cancel.set()`` stops soon (finished verdicts are kept).

    ``progress`` is called from this (the calling) thread, about every
    ``progress_interval`` seconds and once at the end.
    """
    started = time.monotonic()
    cancel = cancel or threading.Event()
    run = _Run(store, cancel)
    results: list[VerifyResult] = []
    todo: list[tuple[Target, int, os.stat_result]] = []
    sizes: dict[str, int] = {}
    for t in targets:
        if t.algo is None or t.expected is None:
            results.append(VerifyResult(t, VerifyStatus.UNVERIFIABLE, message=t.note))
            continue
        opened = _open(t)
        if isinstance(opened, VerifyResult):
            results.append(opened)
            continue
        fd, st = opened
        sizes[t.path] = st.st_size
        digest = run.lookup(t.path, st, t.algo.value)
        if digest is not None:
            os.close(fd)
            run.bytes_done += st.st_size
            results.append(_verdict(t, digest, cached=True))
        else:
            todo.append((t, fd, st))
    total_files = len(results) + len(todo)
    total_bytes = run.bytes_done + sum(st.st_size for _t, _fd, st in todo)

    def report(current: str) -> None:
        if progress is not None:
            progress(VerifyProgress(len(results), total_files, run.bytes_done, total_bytes,
                                    current))

    todo.sort(key=lambda x: -x[2].st_size)  # big files first: better balance at the end
    try:
        cancelled = _hash_all(run, todo, results, workers or default_workers(), report,
                              progress_interval)
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


def _hash_all(run: _Run, todo: list[tuple[Target, int, os.stat_result]],
              results: list[VerifyResult], workers: int,
              report: Callable[[str], None], interval: float) -> bool:
    """Hash ``todo`` in a pool; returns True when cancelled. Closes every fd."""
    if not todo:
        return run.cancel.is_set()
    cancelled = False
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="verify") as pool:
        futures: dict[Future[str], tuple[Target, int, os.stat_result]] = {
            pool.submit(run.hash_one, t, fd, st.st_size): (t, fd, st) for t, fd, st in todo}
        pending = set(futures)
        while pending:
            if run.cancel.is_set():
                cancelled = True
                for fut in list(pending):
                    if fut.cancel():  # never started: its fd is ours to close
                        os.close(futures[fut][1])
                        pending.discard(fut)
            done, pending = wait(pending, timeout=interval, return_when=FIRST_COMPLETED)
            for fut in done:
                t, fd, st = futures[fut]
                os.close(fd)
                try:
                    digest = fut.result()
                except CancelledError:
                    cancelled = True
                    continue
                except OSError as exc:
                    results.append(VerifyResult(t, VerifyStatus.ERROR,
                                                message=f"read error: {exc}"))
                    continue
                run.remember(t.path, st, t.algo.value if t.algo else "", digest)
                results.append(_verdict(t, digest, cached=False))
            report(next(iter(futures[f][0].path for f in pending), ""))
    return cancelled
