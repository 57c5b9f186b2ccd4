"""The queue: state machine, persistence across restarts, pause/resume/cancel, order."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from download_helpers import make_plan, payload, snapshot_bytes
from fakehub import FakeHub, Fault

from hfmanager.core.downloads.engine import EngineConfig
from hfmanager.core.downloads.layout import CacheLayout
from hfmanager.core.downloads.persist import IllegalTransitionError, JobState, JobStore
from hfmanager.core.downloads.plan import DownloadSpec, RepoPlan
from hfmanager.core.downloads.queue import DownloadQueue
from hfmanager.core.store import Store

FILES = {"config.json": b"{}", "model.safetensors": payload(2_000_000, seed=3)}


def planner_for(hub: FakeHub, commits: dict[str, str]) -> Callable[[DownloadSpec], RepoPlan]:
    def plan(spec: DownloadSpec) -> RepoPlan:
        return make_plan(hub.url, spec.repo_id, commits[spec.repo_id], FILES)
    return plan


def wait_for(cond: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.fixture
def setup(fake_hub: FakeHub, tmp_path: Path):
    commits = {name: fake_hub.add_repo(name, FILES) for name in ("org/a", "org/b", "org/c")}
    store = Store(tmp_path / "q.sqlite3")
    cfg = lambda _s: EngineConfig(backoff_base=0.01)  # noqa: E731
    def make(**kw: object) -> DownloadQueue:
        return DownloadQueue(JobStore(store), planner_for(fake_hub, commits), tmp_path / "cache",
                             config_factory=cfg, **kw)  # type: ignore[arg-type]
    return fake_hub, commits, store, make, tmp_path / "cache"


def state(q: DownloadQueue, job_id: int) -> JobState:
    return q.jobs.get(job_id).state


def test_jobs_run_to_done_and_become_history(setup) -> None:
    _hub, commits, _store, make, cache = setup
    q = make(max_jobs=1)
    q.start()
    a, b = q.add(DownloadSpec("org/a")), q.add(DownloadSpec("org/b"))
    assert q.wait_idle(20)
    q.stop()
    assert state(q, a.id) == state(q, b.id) == JobState.DONE
    assert [j.id for j in q.jobs.all(history=True)] == [a.id, b.id]
    assert snapshot_bytes(cache, "org/a", commits["org/a"]) == FILES
    view = {v.id: v for v in q.snapshot()}[a.id]
    assert view.bytes_done == view.bytes_total == sum(map(len, FILES.values()))


def test_pause_resume_cancel(setup) -> None:
    hub, commits, _store, make, cache = setup
    hub.faults.set(Fault(rate=2_000_000), path="model.safetensors")
    q = make(max_jobs=2)
    q.start()
    a, b = q.add(DownloadSpec("org/a")), q.add(DownloadSpec("org/b"))
    wait_for(lambda: all(v.bytes_done > 200_000 for v in q.snapshot()))
    q.pause(a.id)
    q.cancel(b.id)
    wait_for(lambda: state(q, a.id) == JobState.PAUSED and state(q, b.id) == JobState.CANCELLED)
    etag = make_plan(hub.url, "org/a", commits["org/a"], FILES).files[1].etag
    assert CacheLayout(cache, "org/a").partial_path(etag).exists()
    assert not CacheLayout(cache, "org/b").partial_path(etag).exists()
    with pytest.raises(IllegalTransitionError):
        q.jobs.transition(b.id, JobState.QUEUED)
    hub.faults.clear()
    q.resume(a.id)
    assert q.wait_idle(20)
    q.stop()
    assert state(q, a.id) == JobState.DONE
    assert snapshot_bytes(cache, "org/a", commits["org/a"]) == FILES


def test_restart_loses_no_job_and_resumes(setup) -> None:
    hub, commits, _store, make, cache = setup
    hub.faults.set(Fault(rate=1_000_000), path="model.safetensors")
    q = make(max_jobs=1)
    q.start()
    a, b = q.add(DownloadSpec("org/a")), q.add(DownloadSpec("org/b"))
    wait_for(lambda: q.snapshot()[0].bytes_done > 300_000)
    q.stop()  # the app closes mid-download
    assert state(q, a.id) == JobState.QUEUED
    hub.faults.clear()
    hub.reset_counters()
    q2 = make(max_jobs=1)  # next start, same database
    q2.start()
    assert q2.wait_idle(20)
    q2.stop()
    assert state(q2, a.id) == state(q2, b.id) == JobState.DONE
    assert snapshot_bytes(cache, "org/a", commits["org/a"]) == FILES
    # job a resumed: its big file was not sent again in full
    assert hub.bytes_by_path["model.safetensors"] < 2 * len(FILES["model.safetensors"])


def test_reorder_and_pause_queued(setup) -> None:
    _hub, _commits, _store, make, _cache = setup
    q = make(max_jobs=1)  # not started: nothing runs
    a, b, c = (q.add(DownloadSpec(n)) for n in ("org/a", "org/b", "org/c"))
    q.move(c.id, -2)
    assert [j.id for j in q.jobs.all()] == [c.id, a.id, b.id]
    q.pause(a.id)
    assert state(q, a.id) == JobState.PAUSED
    q.pause_all()
    assert {j.state for j in q.jobs.all()} == {JobState.PAUSED}
    q.resume_all()
    assert {j.state for j in q.jobs.all()} == {JobState.QUEUED}


def test_failure_is_reported_and_retryable(setup) -> None:
    hub, _commits, _store, make, _cache = setup
    hub.faults.set(Fault(corrupt=True), path="model.safetensors")
    q = make()
    q.start()
    a = q.add(DownloadSpec("org/a"))
    assert q.wait_idle(20)
    rec = q.jobs.get(a.id)
    assert rec.state == JobState.FAILED
    assert "do not match" in rec.error
    hub.faults.clear()
    q.resume(a.id)
    assert q.wait_idle(20)
    q.stop()
    assert state(q, a.id) == JobState.DONE


def test_enospc_pauses_the_job_with_its_message(fake_hub: FakeHub, tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/a", FILES)

    def full(_f: object, _data: bytes) -> None:
        raise OSError(28, "No space left on device")

    q = DownloadQueue(JobStore(Store(tmp_path / "q.sqlite3")),
                      lambda s: make_plan(fake_hub.url, s.repo_id, commit, FILES),
                      tmp_path / "cache", config_factory=lambda _s: EngineConfig(writer=full))
    q.start()
    a = q.add(DownloadSpec("org/a"))
    wait_for(lambda: q.jobs.get(a.id).state == JobState.PAUSED)
    q.stop()
    assert "volume is full" in q.jobs.get(a.id).error
    assert not list((tmp_path / "cache").rglob("blobs/[0-9a-f]*[0-9a-f]"))


def test_a_table_damaged_while_running_does_not_kill_the_queue(setup) -> None:
    """The jobs table replaced behind the app's back (another program, a bad restore):
    the queue's thread, which reads it at every tick, died of "no such column" and
    downloads stopped for good. Now the store is checked again (moved aside and rebuilt,
    with a notice) and the same queue runs a new job to the end."""
    import sqlite3

    from hfmanager.core import notices

    _hub, commits, store, make, cache = setup
    q = make(max_jobs=1)
    q.start()
    seen: list[object] = []
    notices.set_sink(seen.append)
    try:
        with sqlite3.connect(store.path) as other:
            other.execute("DROP TABLE download_jobs")
            other.execute("CREATE TABLE download_jobs (id INTEGER PRIMARY KEY)")
        other.close()
        wait_for(lambda: bool(seen))  # the queue's own tick found and repaired it
        assert any("moved aside" in n.message for n in seen)  # type: ignore[attr-defined]
        assert q._scheduler is not None
        assert q._scheduler.is_alive()
        job = q.add(DownloadSpec("org/a"))
        assert q.wait_idle(20)
    finally:
        notices.set_sink(None)
        q.stop()
    assert state(q, job.id) == JobState.DONE
    assert snapshot_bytes(cache, "org/a", commits["org/a"]) == FILES
