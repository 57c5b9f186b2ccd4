"""The UI-stall arbiter: how late a 5 ms QTimer's ticks come while work runs.

The suite uses it as a freeze canary (:data:`FREEZE_MS`, a bound no busy machine reaches
but a blocked event loop does); ``tests/benchmarks/bench_ui_stall.py`` prints the figures
against the targets (:data:`TARGET_MAX_MS`, :data:`TARGET_P99_MS`), which depend on the
machine's load and so are never asserted in the suite.
"""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import QTimer

TICK_MS = 5
TARGET_MAX_MS = 50.0  # the worst stall the user may notice as a hitch
TARGET_P99_MS = 16.0  # one frame at 60 Hz
FREEZE_MS = 1000.0  # the suite's canary: a frozen window, not a slow moment


class Heartbeat:
    """Record a 5 ms timer's ticks between ``start()`` and ``stop()``."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self._timer = QTimer(interval=TICK_MS)
        self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks = [time.perf_counter()]  # a loop blocked from the start counts too
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self.ticks.append(time.perf_counter())  # ... and one blocked until the end

    def stalls(self) -> list[float]:
        """Milliseconds each tick came later than due, sorted."""
        return sorted(max(0.0, (b - a) * 1000 - TICK_MS)
                      for a, b in itertools.pairwise(self.ticks))

    @property
    def max_ms(self) -> float:
        return max(self.stalls(), default=0.0)

    @property
    def p99_ms(self) -> float:
        stalls = self.stalls()
        return stalls[min(len(stalls) - 1, int(len(stalls) * 0.99))] if stalls else 0.0

    def summary(self) -> str:
        return (f"{len(self.ticks)} ticks, max stall {self.max_ms:.1f} ms, "
                f"p99 {self.p99_ms:.1f} ms")
