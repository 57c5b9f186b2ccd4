"""The GUI never freezes while cleanup plans and verification run in the background.

A freeze canary (a 5 ms heartbeat, see ``tests/ui/stalls.py``) while a plan over thousands
of files and a verification of thousands of files plus large blobs run through
:class:`CleanupController`: planning stays in a thread (its per-entry work is syscalls that
release the GIL), verification runs in a child process. The stall figures against their
50 ms / 16 ms targets are printed by ``tests/benchmarks/bench_ui_stall.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hfmanager.core.cleanup import Selection
from hfmanager.core.verify import VerifyStatus, repo_folders
from hfmanager.ui.views.cleanup_jobs import CleanupController
from tests.cachebuilder import build_synthetic_cache
from tests.ui.stalls import FREEZE_MS, Heartbeat


@pytest.mark.slow
def test_plan_and_verify_never_freeze_the_ui(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hub = build_synthetic_cache(tmp_path / "hub", repos=200, files=8000)
    big = hub.repo("org/big")
    big.add_revision({f"m{i}.safetensors": 48 * 1024 * 1024 for i in range(3)})
    repos = repo_folders(str(hub.root))
    ctl = CleanupController(lambda: [str(hub.root)], use_trash=lambda: False)

    beat = Heartbeat()
    beat.start()
    with qtbot.waitSignal(ctl.planned, timeout=120_000) as planned:
        ctl.compute_plan(Selection(repos=frozenset(repos)))
    beat.stop()
    print(f"\nplan heartbeat (canary): {beat.summary()}")
    assert len(planned.args[1].items) >= len(repos)
    assert beat.max_ms < FREEZE_MS, ("plan", beat.summary())

    beat.start()
    with qtbot.waitSignal(ctl.verified, timeout=300_000) as verified:
        ctl.request_verify(repos)
    beat.stop()
    print(f"verify heartbeat (canary): {beat.summary()}")
    report = verified.args[0]
    assert not report.cancelled
    assert report.results == ()  # nothing but OK verdicts, which the GUI child only counts
    assert report.count(VerifyStatus.OK) > 8000
    assert beat.max_ms < FREEZE_MS, ("verify", beat.summary())
