"""The byte transfer against hostile servers and planted files (issue 10).

Each case ends with a clear, typed error (or a verified download) within a bounded time,
and nothing outside the cache changes: a drip or a hang on a body, a content encoding
that was not asked for, sizes that lie, a resume after the mirror died, a sidecar naming
another host, and links planted where the engine writes its partials, sidecars and refs.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from download_helpers import assert_no_corrupt_blob, make_plan, payload, snapshot_bytes
from fakehub import FakeHub, Fault

from hfmanager.cli import download as cli
from hfmanager.core import errors as err
from hfmanager.core.downloads.engine import CancelToken, Downloader, EngineConfig
from hfmanager.core.downloads.layout import CacheLayout, UnsafeNameError
from hfmanager.core.downloads.persist import JobState, JobStore
from hfmanager.core.downloads.plan import DownloadSpec, RemoteEntry, RepoPlan, check_free_space
from hfmanager.core.downloads.queue import DownloadQueue
from hfmanager.core.store import Store

BIG = payload(3 * 1024 * 1024 + 11, seed=10)
FILES = {"config.json": b'{"a": 1}', "model.safetensors": BIG}
T = TypeVar("T")
HANG_GUARD_S = 120.0  # only ever reached by a hang: every case ends long before


def fast(**kw: object) -> EngineConfig:
    cfg = EngineConfig(backoff_base=0.01, backoff_max=0.05, stall_timeout=0.5,
                       stall_retries=1, max_retries=3, parallel_files=1)
    for k, v in kw.items():
        setattr(cfg, k, v)
    return cfg


def bounded(hub: FakeHub, fn: Callable[[], T]) -> T:
    """Run ``fn``; a hang (the old engine's answer to a drip) fails the test instead of
    holding the suite: the hub is closed, which ends any read still waiting."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(HANG_GUARD_S)
    if t.is_alive():
        hub.close()
        t.join(30)
        pytest.fail("the download hung on a hostile server")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


@pytest.fixture
def repo(fake_hub: FakeHub) -> tuple[FakeHub, RepoPlan]:
    commit = fake_hub.add_repo("org/tiny", FILES)
    return fake_hub, make_plan(fake_hub.url, "org/tiny", commit, FILES)


def _big(plan: RepoPlan) -> RemoteEntry:
    return next(e for e in plan.files if e.path == "model.safetensors")


def _ranges_asked(hub: FakeHub) -> list[str | None]:
    return [r.headers.get("range") for r in hub.requests
            if r.file == "model.safetensors" and r.server == "cdn"]


def _pause_at(plan: RepoPlan, cache: Path, at: int) -> int:
    """Start ``plan`` and pause it once ``at`` bytes of the big file are on disk."""
    token, seen = CancelToken(), {}

    def progress(name: str, done: int, _size: int) -> None:
        if name == "model.safetensors" and done >= at and not token.is_set():
            seen["n"] = done
            token.set("pause")

    with pytest.raises(err.StoppedError):
        Downloader(cache, fast()).download(plan, progress, token)
    return seen["n"]


# --- 1. a body that drips or hangs -----------------------------------------------------
@pytest.mark.parametrize("fault", [
    Fault(drip_seconds=0.02, drip_after=1_000_000),  # a byte now and then: no read times out
    Fault(stall_seconds=60),  # headers, then nothing at all
], ids=["drip", "hang"])
def test_stalled_body_fails_clearly_and_resumes(repo: tuple[FakeHub, RepoPlan], tmp_path: Path,
                                                fault: Fault) -> None:
    hub, plan = repo
    hub.faults.set(fault, path="model.safetensors")
    with pytest.raises(err.StalledError, match="stopped sending data") as info:
        bounded(hub, lambda: Downloader(tmp_path, fast()).download(plan))
    assert "\n" not in str(info.value)
    layout = CacheLayout(tmp_path, "org/tiny")
    etag = _big(plan).etag
    kept = layout.partial_path(etag).stat().st_size
    assert kept >= fault.drip_after  # what arrived before the stall is kept for the resume
    assert layout.sidecar_path(etag).is_file()
    assert not layout.blob_path(etag).exists()
    hub.faults.clear()
    hub.reset_counters()
    bounded(hub, lambda: Downloader(tmp_path, fast()).download(plan))
    assert snapshot_bytes(tmp_path, "org/tiny", plan.commit) == FILES
    assert _ranges_asked(hub) == [f"bytes={kept}-" if kept else None]
    assert_no_corrupt_blob(tmp_path)


def test_dripped_headers_of_a_file_answer_end_as_a_stall(repo: tuple[FakeHub, RepoPlan],
                                                         tmp_path: Path) -> None:
    hub, plan = repo  # the status line and headers a byte at a time: no read ever times out
    hub.faults.set(Fault(status=503, answer_drip=0.02, answer_drip_headers=True),
                   path="model.safetensors")
    with pytest.raises(err.StalledError, match="stopped sending data"):
        bounded(hub, lambda: Downloader(tmp_path, fast()).download(plan))
    assert snapshot_bytes(tmp_path, "org/tiny", plan.commit) == {"config.json": b'{"a": 1}'}


def test_queue_shows_a_stall_as_one_sentence_then_resumes(fake_hub: FakeHub,
                                                          tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/q", FILES)
    fake_hub.faults.set(Fault(drip_seconds=0.02, drip_after=500_000), path="model.safetensors")
    queue = DownloadQueue(JobStore(Store(tmp_path / "q.sqlite3")),
                          lambda spec: make_plan(fake_hub.url, spec.repo_id, commit, FILES),
                          tmp_path / "cache", config_factory=lambda _plan: fast())
    queue.start()
    try:
        job = queue.add(DownloadSpec("org/q"))
        assert queue.wait_idle(HANG_GUARD_S), "the job hung on a dripping server"
        failed = queue.jobs.get(job.id)
        assert failed.state == JobState.FAILED
        assert "model.safetensors: the server stopped sending data" in failed.error
        assert "\n" not in failed.error
        assert "Traceback" not in failed.error
        fake_hub.faults.clear()
        queue.resume(job.id)
        assert queue.wait_idle(HANG_GUARD_S)
        assert queue.jobs.get(job.id).state == JobState.DONE
    finally:
        queue.stop()
    assert snapshot_bytes(tmp_path / "cache", "org/q", commit) == FILES


# --- 2. a content encoding the engine did not ask for ---------------------------------
@pytest.mark.parametrize(("path", "encoding"), [
    ("model.safetensors", "gzip"), ("config.json", "gzip"), ("model.safetensors", "br"),
])
def test_content_encoding_is_refused(repo: tuple[FakeHub, RepoPlan], tmp_path: Path,
                                     path: str, encoding: str) -> None:
    hub, plan = repo
    hub.faults.set(Fault(encoding=encoding), path=path)
    with pytest.raises(err.EncodingError, match="compressed") as info:
        bounded(hub, lambda: Downloader(tmp_path, fast()).download(plan))
    assert encoding in str(info.value)
    got = [r for r in hub.requests if r.file == path and r.method == "GET"]
    assert got
    assert all(r.headers.get("accept-encoding") == "identity" for r in got)
    assert len([r for r in got if r.server == ("cdn" if path != "config.json" else "hub")]) == 1
    entry = next(e for e in plan.files if e.path == path)
    layout = CacheLayout(tmp_path, "org/tiny")
    assert not layout.blob_path(entry.etag).exists()
    partial = layout.partial_path(entry.etag)
    assert not partial.exists() or partial.stat().st_size == 0  # nothing of it written
    assert_no_corrupt_blob(tmp_path)


def test_cli_prints_the_encoding_refusal_as_one_line(fake_hub: FakeHub, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/m", FILES)
    fake_hub.faults.set(Fault(encoding="gzip"), path="model.safetensors")
    assert cli.main(["org/m", "--endpoint", fake_hub.url, "--cache-dir", str(tmp_path)]) == 1
    lines = [x for x in capsys.readouterr().err.splitlines() if x.startswith("error:")]
    assert len(lines) == 1
    assert "model.safetensors: the server sent the file compressed ('gzip')" in lines[0]


# --- 3. sizes ---------------------------------------------------------------------------
@pytest.mark.parametrize("size", [-5, -(2**40), 2**62, True])
def test_impossible_sizes_are_refused_before_the_free_space_check(tmp_path: Path,
                                                                   size: int) -> None:
    other = RemoteEntry("b.bin", 10**6, "b" * 64)
    plan = RepoPlan("http://127.0.0.1:9", "org/n", "model", "c" * 40, "main",
                    (RemoteEntry("a.bin", size, "a" * 64), other))
    with pytest.raises(UnsafeNameError, match="impossible size"):
        check_free_space(plan, tmp_path)
    with pytest.raises(UnsafeNameError, match="impossible size"):
        Downloader(tmp_path / "cache", fast()).download(plan)
    assert not (tmp_path / "cache").exists()  # refused before the first byte of I/O


def test_content_length_that_lies_is_refused(repo: tuple[FakeHub, RepoPlan],
                                             tmp_path: Path) -> None:
    hub, plan = repo
    hub.faults.set(Fault(headers={"Content-Length": str(len(BIG) * 1000)}),
                   path="model.safetensors")
    with pytest.raises(err.SizeMismatchError, match=f"announced {len(BIG) * 1000} bytes"):
        bounded(hub, lambda: Downloader(tmp_path, fast()).download(plan))
    partial = CacheLayout(tmp_path, "org/tiny").partial_path(_big(plan).etag)
    assert not partial.exists() or partial.stat().st_size == 0


def test_content_range_total_that_lies_keeps_the_partial(repo: tuple[FakeHub, RepoPlan],
                                                         tmp_path: Path) -> None:
    hub, plan = repo
    held = _pause_at(plan, tmp_path, 1_000_000)
    partial = CacheLayout(tmp_path, "org/tiny").partial_path(_big(plan).etag)
    before = partial.read_bytes()
    assert len(before) == held
    huge = len(BIG) * 1000
    hub.faults.set(Fault(headers={"Content-Range": f"bytes {held}-{huge - 1}/{huge}"}),
                   path="model.safetensors")
    with pytest.raises(err.SizeMismatchError, match=f"announced {huge} bytes"):
        bounded(hub, lambda: Downloader(tmp_path, fast()).download(plan))
    assert partial.read_bytes() == before  # not dropped for a liar's sake


# --- 4. resume after switching endpoints ------------------------------------------------
def test_resume_asks_the_endpoint_in_force_now(fake_hub_factory: Callable[..., FakeHub],
                                               tmp_path: Path) -> None:
    hub_a, hub_b = fake_hub_factory(), fake_hub_factory()
    commit = hub_a.add_repo("org/tiny", FILES)
    assert hub_b.add_repo("org/tiny", FILES) == commit  # the same repo on a second mirror
    plan_a = make_plan(hub_a.url, "org/tiny", commit, FILES)
    held = _pause_at(plan_a, tmp_path, 1_000_000)
    hub_a.close()  # mirror A died; the user picked B
    hub_a.reset_counters()
    plan_b = make_plan(hub_b.url, "org/tiny", commit, FILES)
    bounded(hub_b, lambda: Downloader(tmp_path, fast()).download(plan_b))
    assert snapshot_bytes(tmp_path, "org/tiny", commit) == FILES
    assert _ranges_asked(hub_b) == [f"bytes={held}-"]  # resumed, from B
    assert hub_b.bytes_by_path["model.safetensors"] == len(BIG) - held
    assert hub_a.requests == []
    assert_no_corrupt_blob(tmp_path)


def test_planted_sidecar_url_is_never_requested(fake_hub_factory: Callable[..., FakeHub],
                                                tmp_path: Path) -> None:
    trap, hub = fake_hub_factory(), fake_hub_factory()
    commit = hub.add_repo("org/tiny", FILES)
    trap.add_repo("org/tiny", FILES)
    plan = make_plan(hub.url, "org/tiny", commit, FILES)
    entry = _big(plan)
    layout = CacheLayout(tmp_path, "org/tiny")
    layout.ensure_dirs()
    held = 1_234_567
    layout.partial_path(entry.etag).write_bytes(BIG[:held])
    layout.sidecar_path(entry.etag).write_text(json.dumps({
        "etag": entry.etag, "size": entry.size, "commit": commit, "filename": entry.path,
        "url": f"{trap.url}/org/tiny/resolve/{commit}/model.safetensors?steal=1",
        "validator": "", "verified": held, "version": 1, "segments": None}))
    bounded(hub, lambda: Downloader(tmp_path, fast()).download(plan))
    assert snapshot_bytes(tmp_path, "org/tiny", commit) == FILES
    assert trap.requests == []
    assert _ranges_asked(hub) == [f"bytes={held}-"]  # the partial was still used


# --- 5. links planted where the engine writes -------------------------------------------
def _victim(tmp_path: Path, name: str, data: bytes) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("sidecar", ["link", "file"])
@pytest.mark.parametrize("ranges", [1, 3])
def test_links_at_partial_and_sidecar_are_never_written_through(
        repo: tuple[FakeHub, RepoPlan], tmp_path: Path, sidecar: str, ranges: int) -> None:
    hub, plan = repo
    entry = _big(plan)
    victim_bytes = b"V" * 2_000_000  # a prefix the engine would try to resume from
    victim = _victim(tmp_path, "precious.bin", victim_bytes)
    # A sidecar as version 1 wrote them (with the "url" field now ignored): valid to
    # the engine before and after, so the resume path is the one taken.
    url = f"{hub.url}/org/tiny/resolve/{plan.commit}/model.safetensors"
    car = json.dumps({"etag": entry.etag, "size": entry.size, "commit": plan.commit,
                      "filename": entry.path, "url": url, "validator": "", "verified": 0,
                      "version": 1, "segments": None}).encode()
    car_victim = _victim(tmp_path, "precious.json", car)
    cache = tmp_path / "cache"
    layout = CacheLayout(cache, "org/tiny")
    layout.ensure_dirs()
    layout.partial_path(entry.etag).symlink_to(victim)
    if sidecar == "link":
        layout.sidecar_path(entry.etag).symlink_to(car_victim)
    else:
        layout.sidecar_path(entry.etag).write_bytes(car)
    cfg = fast(ranges_per_file=ranges, range_min_size=1024 * 1024)
    Downloader(cache, cfg).download(plan)
    assert victim.read_bytes() == victim_bytes
    assert car_victim.read_bytes() == car
    blob = layout.blob_path(entry.etag)
    assert not blob.is_symlink()
    assert hashlib.sha256(blob.read_bytes()).hexdigest() == entry.etag
    assert snapshot_bytes(cache, "org/tiny", plan.commit) == FILES
    assert not os.path.lexists(layout.partial_path(entry.etag))
    assert not os.path.lexists(layout.sidecar_path(entry.etag))


def test_links_at_lock_blob_and_snapshot_entry_are_replaced(repo: tuple[FakeHub, RepoPlan],
                                                            tmp_path: Path) -> None:
    _hub, plan = repo
    entry = _big(plan)
    wrong = b"W" * entry.size  # the right size: only its hash tells it apart
    victim = _victim(tmp_path, "precious.bin", wrong)
    cache = tmp_path / "cache"
    layout = CacheLayout(cache, "org/tiny")
    layout.ensure_dirs()
    lock = layout.lock_path(entry.etag)
    lock.parent.mkdir(parents=True)
    snap = layout.snapshot_path(plan.commit, entry.path)
    snap.parent.mkdir(parents=True)
    for planted in (lock, layout.blob_path(entry.etag), snap):
        planted.symlink_to(victim)
    Downloader(cache, fast()).download(plan)
    assert victim.read_bytes() == wrong
    assert not layout.blob_path(entry.etag).is_symlink()
    assert not lock.is_symlink()
    assert os.readlink(snap) == f"../../blobs/{entry.etag}"
    assert snapshot_bytes(cache, "org/tiny", plan.commit) == FILES


def test_links_planted_for_ref_temp_names_change_nothing(repo: tuple[FakeHub, RepoPlan],
                                                         tmp_path: Path) -> None:
    _hub, plan = repo
    victim = _victim(tmp_path, "precious.txt", b"keep me\n")
    cache = tmp_path / "cache"
    layout = CacheLayout(cache, "org/tiny")
    layout.ensure_dirs()
    refs = layout.ref_path("main").parent
    for pid in range(os.getpid(), os.getpid() + 64):  # the old name: .main.hfm-<pid>.tmp
        (refs / f".main.hfm-{pid}.tmp").symlink_to(victim)
    Downloader(cache, fast()).download(plan)
    assert victim.read_bytes() == b"keep me\n"
    ref = layout.ref_path("main")
    assert not ref.is_symlink()
    assert ref.read_bytes() == plan.commit.encode()


def test_link_at_ref_is_replaced_not_written_through(repo: tuple[FakeHub, RepoPlan],
                                                     tmp_path: Path) -> None:
    _hub, plan = repo
    victim = _victim(tmp_path, "precious.txt", b"keep me\n")
    cache = tmp_path / "cache"
    layout = CacheLayout(cache, "org/tiny")
    layout.ensure_dirs()
    layout.ref_path("main").symlink_to(victim)
    Downloader(cache, fast()).download(plan)
    assert victim.read_bytes() == b"keep me\n"
    assert not layout.ref_path("main").is_symlink()
    assert layout.ref_path("main").read_bytes() == plan.commit.encode()


def test_linked_folder_inside_the_repo_is_a_clear_refusal(repo: tuple[FakeHub, RepoPlan],
                                                          tmp_path: Path) -> None:
    _hub, plan = repo
    outside = tmp_path / "outside"
    outside.mkdir()
    cache = tmp_path / "cache"
    layout = CacheLayout(cache, "org/tiny")
    layout.ensure_dirs()
    layout.ref_path("main").parent.rmdir()
    layout.ref_path("main").parent.symlink_to(outside)  # refs/ swapped for a link
    with pytest.raises((err.UnsafeCacheError, UnsafeNameError)):
        Downloader(cache, fast()).download(plan)
    assert list(outside.iterdir()) == []
