"""Several ranges per large file, each on its own connection: correct, resumable, safe."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from download_helpers import assert_no_corrupt_blob, make_plan, payload, snapshot_bytes
from fakehub import FakeHub, Fault

from hfmanager.core import errors as err
from hfmanager.core.downloads.engine import CHUNK, CancelToken, Downloader, EngineConfig
from hfmanager.core.downloads.layout import CacheLayout
from hfmanager.core.downloads.ranges import SAVE_EVERY, split
from hfmanager.core.downloads.sidecar import Sidecar

BIG = payload(9 * 1024 * 1024 + 5, seed=21)
FILES = {"config.json": b'{"a": 1}', "model.safetensors": BIG}


def ranged(n: int = 4, **kw: object) -> EngineConfig:
    cfg = EngineConfig(backoff_base=0.01, backoff_max=0.05, stall_timeout=2.0,
                       ranges_per_file=n, range_min_size=1024 * 1024)
    for k, v in kw.items():
        setattr(cfg, k, v)
    return cfg


@pytest.fixture
def repo(fake_hub: FakeHub):  # type: ignore[no-untyped-def]
    commit = fake_hub.add_repo("org/r", FILES)
    return fake_hub, make_plan(fake_hub.url, "org/r", commit, FILES)


def _ranges(hub: FakeHub) -> list[tuple[int, int]]:
    out = []
    for r in hub.requests:
        m = re.fullmatch(r"bytes=(\d+)-(\d+)", r.headers.get("range", ""))
        if r.file == "model.safetensors" and r.server == "cdn" and m:
            out.append((int(m.group(1)), int(m.group(2))))
    return out


def test_split_tiles_the_rest() -> None:
    assert split(0, 10, 4) == [[0, 3, 0], [3, 6, 3], [6, 9, 6], [9, 10, 9]]
    assert split(7, 10, 8) == [[7, 8, 7], [8, 9, 8], [9, 10, 9]]


def test_parts_arrive_in_parallel_and_verify(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hub, plan = repo
    Downloader(tmp_path, ranged(4)).download(plan)
    assert snapshot_bytes(tmp_path, "org/r", plan.commit) == FILES
    parts = sorted(_ranges(hub))
    assert len(parts) == 4
    assert parts[0][0] == 0
    assert parts[-1][1] == len(BIG) - 1
    assert all(a[1] + 1 == b[0] for a, b in itertools.pairwise(parts))  # disjoint, tiling
    assert hub.bytes_by_path["model.safetensors"] == len(BIG)  # nothing sent twice
    assert not list(tmp_path.rglob("*.hfm-partial*"))


def test_capped_connections_are_used_side_by_side(repo, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the feature: on a server that caps each connection (a rate per
    response), the parts stream at the same time. How much faster that makes a download
    is printed by tests/benchmarks/bench_download.py (its "capped" rows), not asserted."""
    hub, plan = repo
    hub.faults.set(Fault(rate=1024 * 1024), path="model.safetensors")  # ~2.3 s a part
    in_flight: list[int] = []

    def body_started(real=hub.body_started) -> None:  # type: ignore[no-untyped-def]
        real()
        in_flight.append(hub._sending)  # bodies being written now, this one included

    monkeypatch.setattr(hub, "body_started", body_started)
    Downloader(tmp_path, ranged(4)).download(plan)
    assert snapshot_bytes(tmp_path, "org/r", plan.commit) == FILES
    assert len(_ranges(hub)) == 4
    assert max(in_flight) >= 4


def test_server_ignoring_range_falls_back_to_one_stream(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hub, plan = repo
    hub.faults.set(Fault(ignore_range=True), path="model.safetensors")
    Downloader(tmp_path, ranged(4)).download(plan)
    assert snapshot_bytes(tmp_path, "org/r", plan.commit) == FILES


@pytest.mark.parametrize("fault", [Fault(drop_after=700_000, times=5),
                                   Fault(status=503, times=3),
                                   Fault(stall_seconds=3, stall_after=100_000, times=1)])
def test_faults_in_parts_resume_each_part(repo, tmp_path: Path, fault: Fault) -> None:  # type: ignore[no-untyped-def]
    hub, plan = repo
    hub.faults.set(fault, path="model.safetensors")
    Downloader(tmp_path, ranged(3)).download(plan)
    assert snapshot_bytes(tmp_path, "org/r", plan.commit) == FILES
    # A dropped part asks for its own missing tail, never for bytes it has.
    assert hub.bytes_by_path["model.safetensors"] <= len(BIG) + 5 * 256 * 1024


def test_corrupt_bytes_are_an_integrity_error(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hub, plan = repo
    hub.faults.set(Fault(corrupt=True), path="model.safetensors")
    with pytest.raises(err.IntegrityError):
        Downloader(tmp_path, ranged(3)).download(plan)
    layout = CacheLayout(tmp_path, "org/r")
    assert not layout.blob_path(plan.files[1].etag).exists()


def test_pause_then_resume_asks_each_part_for_its_rest(repo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hub, plan = repo
    hub.faults.set(Fault(rate=6 * 1024 * 1024), path="model.safetensors")
    cancel = CancelToken()
    entry = next(e for e in plan.files if e.path == "model.safetensors")
    layout = CacheLayout(tmp_path, "org/r")
    seen: list[int] = []

    def progress(name: str, done: int, _size: int) -> None:
        if name == entry.path:
            seen.append(done)
            if done > len(BIG) // 2:
                cancel.set("pause")

    with pytest.raises(err.StoppedError):
        Downloader(tmp_path, ranged(3)).download(plan, progress, cancel)
    car = Sidecar.load(layout.sidecar_path(entry.etag))
    assert car is not None
    assert car.segments is not None
    assert sum(s[2] - s[0] for s in car.segments) > SAVE_EVERY  # progress was saved
    hub.faults.clear(path="model.safetensors")
    hub.settle()  # the paused run's handlers may still count a piece into a dead socket
    hub.reset_counters()
    Downloader(tmp_path, ranged(3)).download(plan)
    assert snapshot_bytes(tmp_path, "org/r", plan.commit) == FILES
    asked = sorted(_ranges(hub))
    # Each unfinished part asked from its saved point: only the missing bytes, plus
    # what was written after the last save (< one chunk and one read per part).
    missing = sum(s[1] - s[2] for s in car.segments)
    assert [a for a, _ in asked] == sorted(s[2] for s in car.segments if s[2] < s[1])
    assert hub.bytes_by_path["model.safetensors"] == missing


def test_damaged_segment_lists_are_not_trusted(tmp_path: Path) -> None:
    car = Sidecar("a" * 64, 100, "b" * 40, "f", segments=[[0, 50, 10],
                                                                       [50, 100, 60]])
    path = tmp_path / "s.json"
    car.save(path)
    assert Sidecar.load(path) == car
    for bad in ([[0, 50, 60], [50, 100, 50]], [[0, 40, 0], [50, 100, 50]],
                [[0, 50, 0]], [], [[0, 100, "x"]], "nope"):
        raw = json.loads(path.read_text())
        raw["segments"] = bad
        path.write_text(json.dumps(raw))
        assert Sidecar.load(path) is None, bad


def test_linked_cancel_tokens() -> None:
    parent = CancelToken()
    child = parent.linked()
    child.set("cancel")
    assert child.is_set()
    assert not parent.is_set()
    other = parent.linked()
    woke = threading.Event()

    def sleeper() -> None:
        try:
            other.sleep(30)
        except err.StoppedError:
            woke.set()

    t = threading.Thread(target=sleeper)
    t.start()
    parent.set("pause")
    t.join(5)
    assert woke.is_set()
    assert other.reason is err.Stop.PAUSE
    assert parent.linked().is_set()


CHILD = """
import sys
sys.path[:0] = sys.argv[4:]
from download_helpers import make_plan, payload
from hfmanager.core.downloads.engine import Downloader, EngineConfig
big = payload(9 * 1024 * 1024 + 5, seed=21)
files = {"config.json": b'{"a": 1}', "model.safetensors": big}
plan = make_plan(sys.argv[1], "org/r", sys.argv[2], files)
Downloader(sys.argv[3], EngineConfig(ranges_per_file=3, range_min_size=1024 * 1024,
                                     verify_existing=False)).download(plan)
"""


def _saved(cache: Path, etag: str) -> int:
    """Bytes the sidecar says are on disk (0 without one): what a resume will not ask for."""
    layout = CacheLayout(cache, "org/r")
    if layout.blob_path(etag).exists():
        return len(BIG)
    car = Sidecar.load(layout.sidecar_path(etag))
    if car is None or car.segments is None:
        return 0
    return sum(s[2] - s[0] for s in car.segments) + car.segments[0][0]


@pytest.mark.slow
def test_kill9_in_parts_then_resume(fake_hub_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hub = fake_hub_factory(send_piece=16 * 1024, sndbuf=16 * 1024)
    commit = hub.add_repo("org/r", FILES)
    hub.faults.set(Fault(rate=12_000_000), path="model.safetensors")  # ~0.3 s per part
    etag = next(e.etag for e in make_plan(hub.url, "org/r", commit, FILES).files
                if e.path == "model.safetensors")
    paths = [str(Path(__file__).parent), str(Path(__file__).parents[1])]
    rng = random.Random(7)
    cache, kills, waste = tmp_path / "c", 0, []
    while True:
        sent0, saved0 = hub.bytes_by_path["model.safetensors"], _saved(cache, etag)
        target = sent0 + rng.randrange(100_000, 3_000_000)
        proc = subprocess.Popen([sys.executable, "-c", CHILD, hub.url, commit, str(cache),
                                 *paths], stderr=subprocess.PIPE, env=dict(os.environ))
        try:
            while proc.poll() is None and hub.bytes_by_path["model.safetensors"] < target:
                time.sleep(0.0005)
            if proc.poll() is None and kills < 20:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                kills += 1
                assert hub.settle()
                assert_no_corrupt_blob(cache)
                waste.append(hub.bytes_by_path["model.safetensors"] - sent0
                             - (_saved(cache, etag) - saved0))
                continue
            _out, stderr = proc.communicate(timeout=60)
            assert proc.returncode == 0, stderr.decode()
            assert snapshot_bytes(cache, "org/r", commit) == FILES
            assert_no_corrupt_blob(cache)
        finally:  # never a running child or an open pipe left behind
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            if proc.stderr is not None:
                proc.stderr.close()
        if kills >= 20:
            break
        cache = tmp_path / f"c{kills}"  # complete: the next kills hit a new download
    waste.sort()
    print(f"\nkill9 in 3 parts: {kills} kills; bytes sent again per kill: median "
          f"{waste[len(waste) // 2]}, max {waste[-1]}")
    # Per part: progress not yet saved (< SAVE_EVERY + one read) and what sat in socket
    # buffers; all three parts together: about one engine chunk.
    assert waste[-1] <= CHUNK + 3 * 256 * 1024, waste


def test_full_disk_keeps_the_parts_and_resumes(repo, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from hfmanager.core.downloads import ranges

    hub, plan = repo
    real, written = os.pwrite, [0]
    lock = threading.Lock()

    def pwrite(fd: int, data: memoryview, offset: int) -> int:
        with lock:
            if written[0] + len(data) > 4_000_000:
                raise OSError(errno.ENOSPC, "No space left on device")
            written[0] += len(data)
        return real(fd, data, offset)

    monkeypatch.setattr(ranges.os, "pwrite", pwrite)
    with pytest.raises(err.NoSpaceError, match="volume is full"):
        Downloader(tmp_path, ranged(3, parallel_files=1)).download(plan)
    layout = CacheLayout(tmp_path, "org/r")
    etag = plan.files[1].etag
    assert not layout.blob_path(etag).exists()
    car = Sidecar.load(layout.sidecar_path(etag))
    assert car is not None
    assert car.segments is not None
    kept = sum(s[2] - s[0] for s in car.segments)
    assert 0 < kept <= 4_000_000
    monkeypatch.setattr(ranges.os, "pwrite", real)
    hub.reset_counters()
    Downloader(tmp_path, ranged(3)).download(plan)
    assert snapshot_bytes(tmp_path, "org/r", plan.commit) == FILES
    assert hub.bytes_by_path["model.safetensors"] == len(BIG) - kept
