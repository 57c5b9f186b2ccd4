"""Speed and ETA after a resume count only the bytes received since the resume; a paused
row keeps its "done / total" (issue 12, "Honest status")."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from download_helpers import make_plan, payload
from fakehub import FakeHub, Fault

from hfmanager.core.downloads import queue as queue_mod
from hfmanager.core.downloads.engine import EngineConfig
from hfmanager.core.downloads.persist import JobState, JobStore
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.downloads.queue import DownloadQueue
from hfmanager.core.downloads.received import Received
from hfmanager.core.store import Store

BIG = payload(2_000_000, seed=7)
FILES = {"config.json": b"{}", "model.safetensors": BIG}
AFTER_RESUME = 100_000  # what the server sends after the resume before it stalls


def wait_for(cond: Callable[[], bool], timeout: float = 20.0) -> None:
    """A hang guard only: the test's figures do not depend on how long this takes."""
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


class Clock:
    """The queue's clock, moved by the test: the speed is bytes over these seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


def test_received_counts_from_each_files_first_report() -> None:
    r = Received()
    r.update("a", 64)  # resumed at 64
    r.update("b", 10)  # found complete
    assert r.total == 0
    r.update("a", 100)
    assert r.total == 36
    r.update("a", 5)  # started again (Range ignored): the 36 stay counted, 5 is its base
    r.update("a", 20)
    assert r.total == 36 + 15


def test_speed_and_eta_after_a_resume(fake_hub: FakeHub, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    commit = fake_hub.add_repo("org/a", FILES)
    store = JobStore(Store(tmp_path / "q.sqlite3"))

    def make() -> DownloadQueue:
        return DownloadQueue(store, lambda _s: make_plan(fake_hub.url, "org/a", commit, FILES),
                             tmp_path / "cache",
                             config_factory=lambda _p: EngineConfig(backoff_base=0.01))

    # a first run, paused half way: the partial file keeps what came
    fake_hub.faults.set(Fault(rate=2_000_000), path="model.safetensors")
    q = make()
    q.start()
    job = q.add(DownloadSpec("org/a"))
    wait_for(lambda: q.snapshot()[0].bytes_done > 600_000)
    q.pause(job.id)
    wait_for(lambda: store.get(job.id).state == JobState.PAUSED)
    q.stop()
    paused = store.get(job.id)
    assert 0 < paused.bytes_done < paused.bytes_total == sum(map(len, FILES.values()))

    # resumed: the server sends AFTER_RESUME bytes, then stalls; the test runs the ticks
    fake_hub.faults.clear()
    fake_hub.faults.set(Fault(stall_after=AFTER_RESUME, stall_seconds=3),
                        path="model.safetensors")
    clock = Clock()
    monkeypatch.setattr(queue_mod, "time", clock)
    q2 = make()
    q2.resume(job.id)
    with q2._lock:
        q2._start_ready()
        live = q2._live[job.id]
        live.last_tick = clock.now
    wait_for(lambda: live.received.total >= AFTER_RESUME)
    clock.now += 2.0
    q2._tick()
    [view] = q2.snapshot()
    resumed_at = view.bytes_done - AFTER_RESUME
    assert resumed_at >= paused.bytes_done - len(b"{}")  # the bytes it had: not received
    assert view.speed == pytest.approx(AFTER_RESUME / 2.0)
    assert view.eta == pytest.approx((view.bytes_total - view.bytes_done) / view.speed)
    monkeypatch.undo()
    q2.pause(job.id)
    wait_for(lambda: store.get(job.id).state == JobState.PAUSED)
    q2.stop()
