"""Run verification over many targets: cache lookups, hashing threads, progress, cancel."""

from __future__ import annotations

import contextlib
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence

from hfmanager.core import cachespec as cs
from hfmanager.core import repolock
from hfmanager.core.fsutil import open_untouched
from hfmanager.core.messages import msg
from hfmanager.core.store import Store
from hfmanager.core.verify.findings import save_findings
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
    def __init__(self, store: Store | None, cancel: threading.Event,
                 use_cache: bool = True) -> None:
        self.store = store
        self.use_cache = use_cache
        self.cancel = cancel
        self.lock = threading.Lock()
        self.bytes_done = 0
        self.bytes_hashed = 0
        self.files_hashed = 0
        self.rows: list[tuple[str, int, int, int, str, str, float]] = []

    def add_bytes(self, n: int) -> None:
        with self.lock:
            self.bytes_done += n
            self.bytes_hashed += n

    def lookup(self, path: str, st: os.stat_result, algo: str) -> str | None:
        if self.store is None or not self.use_cache:
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

    def _stop_if_cancelled(self) -> None:
        if self.cancel.is_set():
            raise CancelledError()

    def _repo_lock(self, t: Target) -> contextlib.AbstractContextManager[None]:
        """The lock of the hub repo ``t`` lies in, shared (none for a torch file)."""
        if cs.parse_repo_folder(os.path.basename(t.owner)) is None:
            return contextlib.nullcontext()
        return repolock.hold(t.owner, exclusive=False, wait_s=repolock.VERIFY_WAIT_S,
                             cancel=self._stop_if_cancelled)

    def hash_one(self, t: Target) -> tuple[str, os.stat_result]:
        """Hash the target's physical file (a final symlink is refused; access time kept:
        checking a file is not using it) and return the digest and the fstat.

        A repo's file is read holding the repo's lock shared (core/repolock.py): a
        cleanup of that repo waits until it is read, and a file it removed first is an
        error (gone), never a verdict on something else.
        """
        assert t.algo is not None
        with self._repo_lock(t), open_untouched(t.source, follow=False) as f:
            st = os.fstat(f.fileno())
            digest = hash_fd(f.fileno(), st.st_size, t.algo, cancel=self.cancel,
                             on_bytes=self.add_bytes)
        with self.lock:
            self.files_hashed += 1
        return digest, st


def _group(targets: Sequence[Target], results: list[VerifyResult],
           ) -> dict[tuple[int, int, str], tuple[list[Target], os.stat_result]]:
    """Checkable targets grouped by physical file and algorithm: a store payload shared
    by several repos (or blobs hard-linked together) is read once for all of them."""
    groups: dict[tuple[int, int, str], tuple[list[Target], os.stat_result]] = {}
    for t in targets:
        if t.algo is None or t.expected is None:
            status = VerifyStatus.ERROR if t.unreadable else VerifyStatus.UNVERIFIABLE
            results.append(VerifyResult(t, status, message=t.note, msg=t.note_msg))
            continue
        try:
            st = os.lstat(t.source)
        except OSError as exc:
            why = msg("verify.cannot_read", error=str(exc.strerror))
            results.append(VerifyResult(t, VerifyStatus.ERROR, message=why.text(), msg=why))
            continue
        key = (st.st_dev, st.st_ino, t.algo.value)
        if key in groups:
            groups[key][0].append(t)
        else:
            groups[key] = ([t], st)
    return groups


def verify(targets: Sequence[Target], *, store: Store | None = None,
           progress: ProgressCallback | None = None, cancel: threading.Event | None = None,
           workers: int | None = None, progress_interval: float = 0.1,
           nice: int = 0, use_cache: bool = True) -> VerifyReport:
    """Check every target; ``cancel.set()`` stops soon (finished verdicts are kept).

    ``progress`` is called from this (the calling) thread, about every
    ``progress_interval`` seconds and once at the end. ``nice`` > 0 lowers the hashing
    threads' CPU priority (Linux), so that a GUI thread in the same process stays smooth.
    With a ``store``, digests are cached (``use_cache=False`` hashes everything again)
    and the corrupt files found are kept (see :mod:`hfmanager.core.verify.findings`), so
    the Library still shows them after a restart.
    """
    started = time.monotonic()
    cancel = cancel or threading.Event()
    run = _Run(store, cancel, use_cache)
    results: list[VerifyResult] = []
    todo: list[tuple[list[Target], int]] = []
    for group, st in _group(targets, results).values():
        first = group[0]
        assert first.algo is not None
        digest = run.lookup(first.source, st, first.algo.value)
        if digest is not None:
            run.bytes_done += st.st_size
            results += [_verdict(t, digest, cached=True) for t in group]
        else:
            todo.append((group, st.st_size))
    total_files = len(results) + sum(len(g) for g, _size in todo)
    total_bytes = run.bytes_done + sum(size for _g, size in todo)

    def report(current: str) -> None:
        if progress is not None:
            progress(VerifyProgress(len(results), total_files, run.bytes_done, total_bytes,
                                    current))

    todo.sort(key=lambda x: -x[1])  # big files first: better balance at the end
    try:
        cancelled = _hash_all(run, [g for g, _size in todo], results,
                              workers or default_workers(), report, progress_interval, nice)
    finally:
        run.flush()
        if store is not None:
            save_findings(store, results)
    report("")
    return VerifyReport(tuple(results), cancelled, run.bytes_hashed,
                        time.monotonic() - started, files_hashed=run.files_hashed)


def _verdict(t: Target, digest: str, *, cached: bool) -> VerifyResult:
    assert t.algo is not None
    assert t.expected is not None
    if matches(t.algo, t.expected, digest):
        return VerifyResult(t, VerifyStatus.OK, digest, cached)
    why = msg("verify.mismatch", algo=t.algo.value, expected=t.expected, actual=digest)
    return VerifyResult(t, VerifyStatus.CORRUPT, digest, cached, why.text(), why)


_Outcome = tuple[list[Target], str | None, os.stat_result | None, BaseException | None]


def _hash_all(run: _Run, todo: list[list[Target]], results: list[VerifyResult],
              workers: int, report: Callable[[str], None], interval: float,
              nice: int = 0) -> bool:
    """Hash the first target of each group in ``todo`` with ``workers`` threads and give
    every target of the group its verdict; returns True when cancelled.

    Workers pull from one queue and push outcomes to another, so the bookkeeping is
    O(files) (waiting on thousands of futures at once is quadratic and starves the GUI
    thread of the GIL); files are opened one at a time by the worker hashing them.
    """
    work: queue.SimpleQueue[list[Target]] = queue.SimpleQueue()
    out: queue.SimpleQueue[_Outcome] = queue.SimpleQueue()
    for group in todo:
        work.put(group)

    threads = [threading.Thread(target=_hash_worker, args=(run, work, out, nice),
                                name="verify", daemon=True)
               for _ in range(min(workers, len(todo)))]
    for th in threads:
        th.start()
    cancelled = False
    last = time.monotonic()
    current = ""
    for _ in range(len(todo)):
        while True:
            try:
                group, digest, st, err = out.get(timeout=interval)
                break
            except queue.Empty:
                report(current)
        current = group[0].path
        cancelled = _record(run, (group, digest, st, err), results) or cancelled
        if time.monotonic() - last >= interval:
            last = time.monotonic()
            report(current)
    for th in threads:
        th.join()
    return cancelled or run.cancel.is_set()


def _hash_worker(run: _Run, work: queue.SimpleQueue[list[Target]],
                 out: queue.SimpleQueue[_Outcome], nice: int) -> None:
    """One hashing thread of :func:`_hash_all`: takes groups until ``work`` is empty."""
    if nice > 0:
        with contextlib.suppress(OSError, AttributeError):  # per thread on Linux only
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    while True:
        try:
            group = work.get_nowait()
        except queue.Empty:
            return
        if run.cancel.is_set():
            out.put((group, None, None, CancelledError()))
            continue
        try:
            digest, st = run.hash_one(group[0])
        except (OSError, CancelledError) as exc:
            out.put((group, None, None, exc))
            continue
        out.put((group, digest, st, None))


def _record(run: _Run, outcome: _Outcome, results: list[VerifyResult]) -> bool:
    """Every target of the outcome's group gets its verdict; True when it was cancelled."""
    group, digest, st, err = outcome
    if isinstance(err, CancelledError):
        return True
    if err is not None or digest is None or st is None:
        why = msg("verify.read_error", error=str(err))
        results += [VerifyResult(t, VerifyStatus.ERROR, message=why.text(), msg=why)
                    for t in group]
    else:
        first = group[0]
        run.remember(first.source, st, first.algo.value if first.algo else "", digest)
        results += [_verdict(t, digest, cached=False) for t in group]
    return False
