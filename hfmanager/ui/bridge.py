"""Runs core coroutines on the qasync loop and re-emits their events as Qt signals.

Scan events arrive from a child process as JSON lines. Many lines can already sit in the
pipe buffer, and awaiting a buffered line does not return to the event loop, so this
bridge batches events and yields to Qt whenever it has worked for a few milliseconds:
no single callback may stall the UI (see the heartbeat test).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

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
            name = type(event).__name__
            if name == "RepoScanned":
                repos.append(event.repo)
            elif name == "TorchScanned":
                torch.append(event.entry)
            elif name == "ScanStarted":
                self.scanStarted.emit(event.roots)
            elif name == "ScanFinished":
                flush()
                self.scanFinished.emit(event)
            elif name == "ScanFailed":
                flush()
                self.scanFailed.emit(event.message)
            if len(repos) + len(torch) >= _MAX_BATCH or (
                    time.perf_counter() - slice_start > _SLICE_S):
                flush()
                await asyncio.sleep(0)  # let Qt paint and tick timers
                slice_start = time.perf_counter()
        flush()
