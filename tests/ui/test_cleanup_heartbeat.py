"""The GUI stays responsive while cleanup plans and verification run in the background.

A 5 ms QTimer's late ticks are the stall (the architecture's arbiter): max <= 50 ms and
p99 <= 16 ms while a plan over thousands of files and a verification of thousands of
files plus large blobs run through :class:`CleanupController`. An attempt counts only
when an idle event loop, measured just before, is itself on time (shared machines).
Before the queue-based verify runner the verify stall was
334 ms in a thread; the GUI now verifies in a child process (niced), planning stays in a
thread (its per-entry work is syscalls that release the GIL).
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from hfmanager.core.cleanup import Selection
from hfmanager.core.verify import repo_folders
from hfmanager.ui.views.cleanup_jobs import CleanupController
from tests.cachebuilder import build_synthetic_cache

TICK_MS = 5


def _stalls(start, signal, repeats: int = 1) -> list[float]:  # type: ignore[no-untyped-def]
    """Late ticks (ms, sorted) while ``start()`` runs ``repeats`` times back to back."""
    ticks: list[float] = []
    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    left = [repeats]

    def on_done(*_a: object) -> None:
        left[0] -= 1
        if left[0] > 0:
            start()
        else:
            loop.quit()

    signal.connect(on_done)
    timer.start()
    start()
    QTimer.singleShot(60000, loop.quit)  # never hang the suite
    loop.exec()
    timer.stop()
    return sorted(max(0.0, (b - a) * 1000 - TICK_MS) for a, b in itertools.pairwise(ticks))


@pytest.mark.slow
def test_no_stall_during_plan_and_verify(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hub = build_synthetic_cache(tmp_path / "hub", repos=200, files=8000)
    big = hub.repo("org/big")
    big.add_revision({f"m{i}.safetensors": 48 * 1024 * 1024 for i in range(3)})
    repos = repo_folders(str(hub.root))
    ctl = CleanupController(lambda: [str(hub.root)], use_trash=lambda: False)
    runs = {
        # a plan takes ~0.2 s: repeat it so that p99 is not simply the maximum
        "plan": lambda: _stalls(lambda: ctl.compute_plan(Selection(repos=frozenset(repos))),
                                ctl.planned, repeats=8),
        "verify": lambda: _stalls(lambda: ctl.request_verify(repos), ctl.verified),
    }
    class _Idle(QObject):
        done = Signal()

    idle = _Idle()
    for name, measure in runs.items():
        lates: list[float] = []
        measured = 0
        for _attempt in range(6):
            # the machine's own noise first: an idle loop late by > 25 ms means other
            # processes are starving us, and that attempt says nothing about our code
            baseline = _stalls(lambda: QTimer.singleShot(500, idle.done.emit), idle.done)
            if baseline[-1] > 25:
                continue
            measured += 1
            lates = measure()
            if lates[-1] <= 50 and lates[int(len(lates) * 0.99)] <= 16:
                break
            after = _stalls(lambda: QTimer.singleShot(500, idle.done.emit), idle.done)
            if after[-1] > 25:
                measured -= 1  # the machine got busy meanwhile: this failure is not ours
            elif measured == 2:
                break  # failed twice on a quiet machine: a real regression
        if not measured:
            pytest.skip("machine too busy to measure a 5 ms heartbeat")
        print(f"\n{name}: {len(lates)} ticks, max stall {lates[-1]:.1f} ms, "
              f"p99 {lates[int(len(lates) * 0.99)]:.1f} ms")
        assert len(lates) > 100, name
        assert lates[-1] <= 50, (name, len(lates), lates[-5:])
        assert lates[int(len(lates) * 0.99)] <= 16, (name, len(lates), lates[-5:])
