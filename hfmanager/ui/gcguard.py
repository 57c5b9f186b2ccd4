"""Python's cyclic garbage collector runs on the GUI thread only.

A collection runs in whichever thread allocates when a threshold is crossed. When that is
a worker thread (a bridge Op, the download queue, a hash thread) and the garbage holds
a Qt wrapper (a closed dialog or page caught in a reference cycle), its C++ object is
deleted off the GUI thread and Qt crashes: seen as a segfault with "Garbage-collecting"
on top of an Op thread running the doctor. Anki does the same as this module: automatic
collection off, a timer on the GUI thread collecting each generation whose count passed
its threshold, exactly as the interpreter would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadGC(QObject):
    """Owns the process's cyclic GC while it lives (parent it to the QApplication)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)
        self.destroyed.connect(lambda *_: gc.enable())

    def collect_due(self) -> int:
        """Collect the oldest generation whose allocation count passed its threshold."""
        counts, limits = gc.get_count(), self._thresholds
        if counts[0] <= limits[0]:
            return 0
        generation = 0
        if counts[1] > limits[1]:
            generation = 2 if counts[2] > limits[2] else 1
        return gc.collect(generation)


def install(app: QObject) -> MainThreadGC:
    """Make ``app``'s GUI thread the only one that collects cycles (until app goes)."""
    return MainThreadGC(app)
