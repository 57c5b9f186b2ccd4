"""Runs core coroutines on the qasync loop and re-emits their events as Qt signals; and
the one runner for background work the UI starts (:class:`Op`, like Anki's ``QueryOp``).

Scan events arrive from a child process as JSON lines. Many lines can already sit in the
pipe buffer, and awaiting a buffered line does not return to the event loop, so this
bridge batches events and yields to Qt whenever it has worked for a few milliseconds:
no single callback may stall the UI (see the heartbeat test).
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from hfmanager.core.inventory.events import (
    RepoScanned,
    ScanFailed,
    ScanFinished,
    ScanStarted,
    TorchScanned,
)
from hfmanager.core.inventory.model import Inventory, Repo, TorchEntry
from hfmanager.core.paths import CacheRoot

log = logging.getLogger(__name__)

# Work at most this long between returns to the Qt event loop.
_SLICE_S = 0.004
_MAX_BATCH = 64


class Bridge(QObject):
    """Core-to-Qt adapter: scans now; other features add their own async jobs with ``run``.

    Signals carry Python objects (``object``) so 64-bit sizes and dataclasses pass intact.
    """

    scanStarted = Signal(object)  # list of root dicts
    reposScanned = Signal(object)  # list[Repo], a batch
    torchScanned = Signal(object)  # list[TorchEntry], a batch
    scanFinished = Signal(object)  # the core ScanFinished event
    scanFailed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, index_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index_path = index_path
        self._scan_task: asyncio.Task[None] | None = None
        self._rescan_roots: list[CacheRoot] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # -- generic -----------------------------------------------------------------
    def run(self, coro: Awaitable[Any]) -> asyncio.Task[Any]:
        """Schedule a coroutine on the running loop; keep a reference and log failures."""
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._on_task_done)
        return task

    def _on_task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())

    # -- inventory ---------------------------------------------------------------
    def load_last_inventory(self) -> Inventory | None:
        """The inventory saved by the last scan, or None (missing or unreadable index)."""
        try:
            from hfmanager.core.inventory import load_last_inventory
            return load_last_inventory(self.index_path)
        except Exception:  # a bad index must never stop the app from opening
            log.warning("could not load the last inventory", exc_info=True)
            return None

    @property
    def scanning(self) -> bool:
        return self._scan_task is not None and not self._scan_task.done()

    def start_scan(self, roots: Sequence[CacheRoot]) -> None:
        """Scan in the background; a request during a scan reruns once it ends."""
        if self.scanning:
            self._rescan_roots = list(roots)
            return
        self._scan_task = self.run(self._scan(list(roots)))
        self.busyChanged.emit(True)

    def cancel_scan(self) -> None:
        self._rescan_roots = None
        if self._scan_task is not None:
            self._scan_task.cancel()

    async def _scan(self, roots: list[CacheRoot]) -> None:
        # Python's cyclic GC runs on this (the UI) thread. A scan creates ~10 objects per
        # file, and full collections over that heap stalled the UI for 100-700 ms in the
        # heartbeat test. Scan results are long-lived and acyclic, so: no automatic GC
        # during the scan, then freeze the survivors out of every later collection.
        gc_enabled = gc.isenabled()
        gc.disable()
        try:
            await self._consume(roots)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # surface it to the user, keep the app alive
            log.exception("scan failed")
            self.scanFailed.emit(str(exc) or type(exc).__name__)
        finally:
            gc.freeze()
            if gc_enabled:
                gc.enable()
            self._scan_task = None
            again, self._rescan_roots = self._rescan_roots, None
            if again is not None:
                self.start_scan(again)
            else:
                self.busyChanged.emit(False)

    async def _consume(self, roots: list[CacheRoot]) -> None:
        from hfmanager.core.inventory import scan_events

        repos: list[Repo] = []
        torch: list[TorchEntry] = []
        slice_start = time.perf_counter()

        def flush() -> None:
            if repos:
                self.reposScanned.emit(repos.copy())
                repos.clear()
            if torch:
                self.torchScanned.emit(torch.copy())
                torch.clear()

        async for event in scan_events(roots, index_path=self.index_path):
            if isinstance(event, RepoScanned):
                repos.append(event.repo)
            elif isinstance(event, TorchScanned):
                torch.append(event.entry)
            elif isinstance(event, ScanStarted):
                self.scanStarted.emit(event.roots)
            elif isinstance(event, ScanFinished):
                flush()
                self.scanFinished.emit(event)
            elif isinstance(event, ScanFailed):
                flush()
                self.scanFailed.emit(event.message)
            if len(repos) + len(torch) >= _MAX_BATCH or (
                    time.perf_counter() - slice_start > _SLICE_S):
                flush()
                await asyncio.sleep(0)  # let Qt paint and tick timers
                slice_start = time.perf_counter()
        flush()


# -- the one runner for background work -----------------------------------------------
T = TypeVar("T")
Emit = Callable[[object], None]
# A function for a thread (``fn()`` or ``fn(emit)``) or a coroutine function for the loop.
Work = Callable[..., T] | Callable[[], Coroutine[Any, Any, T]]
_PROGRESS, _RESULT, _ERROR = range(3)


class _Courier(QObject):
    """Carries a thread op's messages to the GUI thread and hands them to their op.

    It lives in the GUI thread, so a signal emitted from any other thread arrives queued
    (PySide's automatic connection). A message names its op by number: the worker thread
    never holds the op, whose parent is a widget. The last reference to a widget's
    wrapper dropped in a worker thread makes shiboken defer its deletion to the main
    thread, which crashed the suite (``runDeletionInMainThread``); so ops, and with them
    their widgets, are only ever released here, on the main thread.
    """

    arrived = Signal(object)  # (op number, kind, value): plain data only

    def __init__(self) -> None:
        super().__init__()
        self.ops: dict[int, Op[Any]] = {}
        self.arrived.connect(self._on_arrived)

    def _on_arrived(self, message: tuple[int, int, Any]) -> None:
        key, kind, value = message
        op = self.ops.get(key)
        if op is None:
            return
        if kind == _PROGRESS:
            op._deliver_progress(value)
            return
        del self.ops[key]
        op._deliver(value if kind == _RESULT else None, value if kind == _ERROR else None)


_courier: _Courier | None = None
_keys = itertools.count()


def _the_courier() -> _Courier:
    # Created on first use, which is on the GUI thread (ops start from the UI). It has no
    # parent and is never deleted, so a thread finishing late never emits into a dead one.
    global _courier
    if _courier is None:
        _courier = _Courier()
    return _courier


class _Throttle:
    """A thread op's ``emit``: at most one progress message every ``interval`` seconds
    (a signal per file would flood the event loop)."""

    def __init__(self, key: int, interval: float) -> None:
        self.key, self.interval, self.last = key, interval, 0.0

    def __call__(self, value: object) -> None:
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            _the_courier().arrived.emit((self.key, _PROGRESS, value))


def _thread_main(key: int, work: Callable[..., Any], emit: _Throttle | None) -> None:
    try:
        message = (key, _RESULT, work(emit) if emit is not None else work())
    except Exception as exc:  # reported on the main thread, never lost in a thread
        message = (key, _ERROR, exc)
    del work  # the op keeps its own reference; it is released on the main thread
    _the_courier().arrived.emit(message)


class Op(Generic[T]):
    """Background work started by the UI: ``Op(parent, work, success).failure(f).run()``.

    ``work`` is either a function run in a plain thread (called with ``emit`` for
    progress when ``progress`` is set) or a coroutine function run on the qasync loop.
    ``success(result)``, ``failure(exc)`` and ``progress(value)`` always run on the main
    thread, and only while ``parent`` (a widget, usually) is still alive: a page closed
    mid-job is never touched. Without ``failure`` the error is logged, never lost.
    A thread's ``work`` must not hold widgets (give it plain values): see ``_Courier``.
    """

    def __init__(self, parent: QObject, work: Work[T],
                 success: Callable[[T], None] | None = None) -> None:
        self.parent = parent
        self._work = work
        self._success = success
        self._failure: Callable[[Exception], None] | None = None
        self._progress: Callable[[Any], None] | None = None
        self._interval = 0.0
        self._thread: threading.Thread | None = None
        self._task: asyncio.Task[T] | None = None
        self.done = False  # set on the main thread once the outcome was delivered (or dropped)

    def failure(self, fn: Callable[[Exception], None]) -> Op[T]:
        self._failure = fn
        return self

    def progress(self, fn: Callable[[Any], None], *, min_interval: float = 0.05) -> Op[T]:
        """Progress from a thread op's ``emit``, at most every ``min_interval`` seconds."""
        self._progress = fn
        self._interval = min_interval
        return self

    # -- starting ----------------------------------------------------------------------
    def run(self) -> Op[T]:
        """Start in a thread; the outcome comes back through the GUI thread's event loop."""
        courier = _the_courier()  # on this (the GUI) thread, before any worker needs it
        key = next(_keys)
        courier.ops[key] = self  # holds the op (and its parent) until the outcome arrives
        emit = _Throttle(key, self._interval) if self._progress is not None else None
        self._thread = threading.Thread(target=_thread_main, args=(key, self._work, emit),
                                        name="hfmanager-op", daemon=True)
        self._thread.start()
        return self

    def run_async(self) -> Op[T]:
        """Start the coroutine function on the running (qasync) loop."""
        task: asyncio.Task[T] = asyncio.ensure_future(self._work())  # type: ignore[arg-type]
        self._task = task
        _tasks[task] = self  # asyncio keeps only weak references to tasks
        task.add_done_callback(self._on_task_done)  # called on the loop's (main) thread
        return self

    def wait(self, timeout: float | None = None) -> None:
        """Join a thread op (its outcome is still delivered by the event loop later)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def cancel(self) -> None:
        """Cancel a coroutine op; a thread op cannot be interrupted (it runs to its end)."""
        if self._task is not None:
            self._task.cancel()

    # -- delivering (main thread) ------------------------------------------------------
    def _deliver_progress(self, value: object) -> None:
        if self._progress is not None and shiboken6.isValid(self.parent):
            self._progress(value)

    def _on_task_done(self, task: asyncio.Task[T]) -> None:
        _tasks.pop(task, None)
        if task.cancelled():
            self.done = True
        elif (exc := task.exception()) is not None:
            self._deliver(None, exc if isinstance(exc, Exception) else RuntimeError(exc))
        else:
            self._deliver(task.result(), None)

    def _deliver(self, result: Any, exc: Exception | None) -> None:
        self.done = True
        if not shiboken6.isValid(self.parent):  # the page went away while the work ran
            if exc is not None:
                log.warning("background work failed after its page closed", exc_info=exc)
            return
        if exc is None:
            if self._success is not None:
                self._success(result)
        elif self._failure is not None:
            self._failure(exc)
        else:
            log.error("background work failed", exc_info=exc)


_tasks: dict[asyncio.Task[Any], Op[Any]] = {}
