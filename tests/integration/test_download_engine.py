"""The transfer engine against the local fake Hub: layout, faults, resume, safety."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import threading
from pathlib import Path
from typing import BinaryIO

import filelock
import pytest
from download_helpers import all_files, make_plan, payload, snapshot_bytes
from fakehub import HOSTILE, FakeHub, Fault

from hfmanager.core import errors as err
from hfmanager.core.downloads.engine import CancelToken, Downloader, EngineConfig
from hfmanager.core.downloads.layout import CacheLayout, UnsafeNameError
from hfmanager.core.downloads.plan import RemoteEntry, RepoPlan
from hfmanager.core.downloads.sidecar import Sidecar
from hfmanager.core.network import NetConfig, origin_of

BIG = payload(3 * 1024 * 1024 + 17, seed=1)
FILES = {"config.json": b'{"a": 1}', "model.safetensors": BIG, "sub/notes.txt": b"hi" * 50}


def fast(**kw: object) -> EngineConfig:
    cfg = EngineConfig(backoff_base=0.01, backoff_max=0.05, stall_timeout=2.0)
    for k, v in kw.items():
        setattr(cfg, k, v)
    return cfg


@pytest.fixture
def repo(fake_hub: FakeHub) -> tuple[FakeHub, RepoPlan]:
    commit = fake_hub.add_repo("org/tiny", FILES)
    return fake_hub, make_plan(fake_hub.url, "org/tiny", commit, FILES)


def _blobs_ok(cache: Path) -> None:
    """Every file under blobs/ named like a hash has exactly that content."""
    for blob in cache.rglob("blobs/*"):
        if blob.name.endswith((".hfm-partial", ".json")):
            continue
        data = blob.read_bytes()
        sha = hashlib.sha256(data).hexdigest() if len(blob.name) == 64 else \
            hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        assert sha == blob.name, f"corrupt blob {blob}"


def test_writes_exact_layout(repo: tuple[FakeHub, RepoPlan], tmp_path: Path) -> None:
    hub, plan = repo
    cache = tmp_path / "cache"
    Downloader(cache, fast()).download(plan)
    assert snapshot_bytes(cache, "org/tiny", plan.commit) == FILES
    rdir = cache / "models--org--tiny"
    assert (rdir / "refs" / "main").read_text() == plan.commit
    link = rdir / "snapshots" / plan.commit / "sub" / "notes.txt"
    assert link.is_symlink()
    assert not Path(link.readlink()).is_absolute()
    assert not list(rdir.rglob("*.hfm-partial*"))
    _blobs_ok(cache)
    assert hub.bytes_sent == sum(len(v) for v in FILES.values())


def test_copies_when_symlinks_disabled(repo: tuple[FakeHub, RepoPlan], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_DISABLE_SYMLINKS", "1")
    _hub, plan = repo
    Downloader(tmp_path, fast()).download(plan)
    snap = tmp_path / "models--org--tiny" / "snapshots" / plan.commit / "model.safetensors"
    assert not snap.is_symlink()
    assert snap.read_bytes() == BIG


@pytest.mark.parametrize("fault", [
    Fault(drop_after=100_000, times=3),
    Fault(status=503, times=2),
    Fault(no_content_length=True, chunked=False),
    Fault(no_content_length=True, chunked=True),
    Fault(corrupt=True, times=1),
    Fault(stall_seconds=5, stall_after=200_000, times=1),
    Fault(rate=8 * 1024 * 1024),
], ids=["drop", "5xx-then-ok", "no-length-close", "no-length-chunked", "corrupt-once",
        "stall", "slow"])
def test_fault_ends_verified(repo: tuple[FakeHub, RepoPlan], tmp_path: Path, fault: Fault) -> None:
    hub, plan = repo
    hub.faults.set(fault, path="model.safetensors")
    Downloader(tmp_path, fast(stall_timeout=0.5)).download(plan)
    assert snapshot_bytes(tmp_path, "org/tiny", plan.commit) == FILES
    _blobs_ok(tmp_path)


def test_ignore_range_restarts_cleanly(repo: tuple[FakeHub, RepoPlan], tmp_path: Path) -> None:
    hub, plan = repo
    hub.faults.set(Fault(drop_after=500_000, times=1), path="model.safetensors")
    Downloader(tmp_path, fast()).download(plan)  # resumes after the drop
    before = hub.bytes_by_path["model.safetensors"]
    assert before <= len(BIG) + 500_000 + 1024 * 1024
    # Now a server that answers Range with the full body: the file restarts at 0 and is fine.
    cache2 = tmp_path / "c2"
    hub.faults.set(Fault(drop_after=500_000, times=1), path="model.safetensors")
    hub.faults.set(Fault(ignore_range=True), path="config.json")
    cfg = fast()
    Downloader(cache2, cfg).download(plan)
    assert snapshot_bytes(cache2, "org/tiny", plan.commit) == FILES


def test_range_ignored_after_drop(fake_hub: FakeHub, tmp_path: Path) -> None:
    files = {"w.safetensors": BIG}
    commit = fake_hub.add_repo("org/r", files)
    plan = make_plan(fake_hub.url, "org/r", commit, files)
    token = CancelToken()
    seen = []

    def progress(_f: str, done: int, _s: int) -> None:
        seen.append(done)
        if done > 1_000_000:
            token.set("pause")

    with pytest.raises(err.StoppedError):
        Downloader(tmp_path, fast()).download(plan, progress, token)
    fake_hub.faults.set(Fault(ignore_range=True), path="w.safetensors")
    Downloader(tmp_path, fast()).download(plan)
    assert snapshot_bytes(tmp_path, "org/r", commit) == files


def test_corrupt_always_is_integrity_error(repo: tuple[FakeHub, RepoPlan], tmp_path: Path) -> None:
    hub, plan = repo
    hub.faults.set(Fault(corrupt=True), path="model.safetensors")
    with pytest.raises(err.IntegrityError, match="do not match"):
        Downloader(tmp_path, fast()).download(plan)
    layout = CacheLayout(tmp_path, "org/tiny")
    etag = plan.files[1].etag
    assert not layout.blob_path(etag).exists()
    assert not layout.partial_path(etag).exists()
    _blobs_ok(tmp_path)


def test_5xx_forever_is_server_error(repo: tuple[FakeHub, RepoPlan], tmp_path: Path) -> None:
    hub, plan = repo
    hub.faults.set(Fault(status=500), path="config.json")
    with pytest.raises(err.ServerError):
        Downloader(tmp_path, fast(max_retries=2)).download(plan)
    _blobs_ok(tmp_path)


def test_pause_then_resume_resends_at_most_one_chunk(repo: tuple[FakeHub, RepoPlan],
                                                     tmp_path: Path) -> None:
    hub, plan = repo
    token = CancelToken()
    stopped_at = {}

    def progress(name: str, done: int, _size: int) -> None:
        if name == "model.safetensors" and done >= 1_500_000 and not token.is_set():
            stopped_at["n"] = done
            token.set("pause")

    with pytest.raises(err.StoppedError):
        Downloader(tmp_path, fast(parallel_files=1)).download(plan, progress, token)
    layout = CacheLayout(tmp_path, "org/tiny")
    etag = plan.files[1].etag
    assert layout.partial_path(etag).stat().st_size == stopped_at["n"]
    car = Sidecar.load(layout.sidecar_path(etag))
    assert car is not None
    assert (car.verified, car.size, car.commit) == (stopped_at["n"], len(BIG), plan.commit)
    assert not hasattr(car, "url")  # content, not a place: the resume asks the endpoint
    assert not layout.blob_path(etag).exists()
    hub.reset_counters()
    Downloader(tmp_path, fast()).download(plan)
    # The resume asks exactly for the missing tail: nothing we hold is sent again.
    assert [r.headers.get("range") for r in hub.requests if r.file == "model.safetensors"
            and r.server == "cdn"] == [f"bytes={stopped_at['n']}-"]
    assert hub.bytes_by_path["model.safetensors"] == len(BIG) - stopped_at["n"]
    assert snapshot_bytes(tmp_path, "org/tiny", plan.commit) == FILES


def test_enospc_keeps_partial_commits_no_blob(repo: tuple[FakeHub, RepoPlan],
                                              tmp_path: Path) -> None:
    _hub, plan = repo
    written = {"n": 0}

    def full_disk(f: BinaryIO, data: bytes) -> None:
        if written["n"] + len(data) > 2_500_000:
            raise OSError(errno.ENOSPC, "No space left on device")
        f.write(data)
        written["n"] += len(data)

    with pytest.raises(err.NoSpaceError, match="volume is full"):
        Downloader(tmp_path, fast(writer=full_disk, parallel_files=1)).download(plan)
    layout = CacheLayout(tmp_path, "org/tiny")
    etag = plan.files[1].etag
    assert not layout.blob_path(etag).exists()
    assert 0 < layout.partial_path(etag).stat().st_size <= 2_500_000
    Downloader(tmp_path, fast()).download(plan)
    assert snapshot_bytes(tmp_path, "org/tiny", plan.commit) == FILES


def test_token_only_to_endpoint_host(fake_hub: FakeHub, tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/gated", FILES, token="sekrit")
    plan = make_plan(fake_hub.url, "org/gated", commit, FILES)
    with pytest.raises(err.AuthRequiredError, match="gated or private"):
        Downloader(tmp_path, fast()).download(plan)
    # The plain-HTTP fake Hub gets the token only because the test trusts it explicitly.
    trusted = NetConfig(fake_hub.url, token="sekrit", trusted=frozenset({origin_of(fake_hub.url)}))
    Downloader(tmp_path / "b", fast(net=trusted)).download(plan)
    cdn = [r for r in fake_hub.requests if r.server == "cdn"]
    assert cdn
    assert not any("authorization" in r.headers for r in cdn)
    hub = [r for r in fake_hub.requests if r.server == "hub" and "authorization" in r.headers]
    assert hub


def test_waits_for_huggingface_hub_lock(repo: tuple[FakeHub, RepoPlan], tmp_path: Path) -> None:
    _hub, plan = repo
    layout = CacheLayout(tmp_path, "org/tiny")
    lock_path = layout.lock_path(plan.files[1].etag)
    lock_path.parent.mkdir(parents=True)
    lock = filelock.FileLock(str(lock_path))
    lock.acquire()
    token = CancelToken()
    box: list[BaseException] = []

    def run() -> None:
        try:
            Downloader(tmp_path, fast()).download(plan, cancel=token)
        except BaseException as exc:
            box.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join(1.0)
    assert t.is_alive()  # blocked on the other process's lock
    assert not layout.blob_path(plan.files[1].etag).exists()
    lock.release()
    t.join(10)
    assert not box
    assert snapshot_bytes(tmp_path, "org/tiny", plan.commit) == FILES


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_headers_write_nothing_outside(fake_hub: FakeHub, tmp_path: Path,
                                               name: str) -> None:
    commit = fake_hub.add_repo("org/tiny", FILES)
    plan = make_plan(fake_hub.url, "org/tiny", commit, FILES)
    sentinel = tmp_path / "sentinel"
    (sentinel / "a").mkdir(parents=True)
    (sentinel / "a" / "keep").write_text("x")
    cache = sentinel / "a" / "cache"
    before = all_files(sentinel)
    fake_hub.faults.set(Fault(headers=HOSTILE[name], methods=frozenset({"GET", "HEAD"})))
    with contextlib.suppress(err.DownloadError):
        Downloader(cache, fast()).download(plan)
    outside = {p for p in all_files(sentinel) - before if not p.startswith("a/cache")}
    assert outside == set()
    _blobs_ok(cache)


@pytest.mark.parametrize("bad", ["../../x", "/etc/passwd", "a\\..\\b", "a/../../b", "x\x00y",
                                 "C:/x", ""])
def test_hostile_filenames_rejected_before_io(tmp_path: Path, bad: str) -> None:
    plan = RepoPlan("http://127.0.0.1:9", "org/tiny", "model", "a" * 40, "main",
                    (RemoteEntry(bad, 1, "b" * 40),))
    with pytest.raises(UnsafeNameError):
        Downloader(tmp_path / "cache", fast()).download(plan)
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(("etag", "commit"), [("../../x", "a" * 40), ("A" * 40, "a" * 40),
                                              ("b" * 40, "../x"), ("b" * 40, "a" * 39)])
def test_hostile_ids_rejected_before_io(tmp_path: Path, etag: str, commit: str) -> None:
    plan = RepoPlan("http://127.0.0.1:9", "org/tiny", "model", commit, "main",
                    (RemoteEntry("f", 1, etag),))
    with pytest.raises(UnsafeNameError):
        Downloader(tmp_path / "cache", fast()).download(plan)
    assert not (tmp_path / "cache").exists()


def _pause_at(plan: RepoPlan, tmp_path: Path, at: int) -> int:
    token = CancelToken()
    seen = {}

    def progress(name: str, done: int, _size: int) -> None:
        if name == "model.safetensors" and done >= at and not token.is_set():
            seen["n"] = done
            token.set("pause")

    with pytest.raises(err.StoppedError):
        Downloader(tmp_path, fast(parallel_files=1)).download(plan, progress, token)
    return seen["n"]


@pytest.mark.parametrize("fault", [
    Fault(status=416, times=1),
    Fault(headers={"Content-Range": "bytes 0-99/100"}, times=1),
    Fault(headers={"ETag": '"changed"'}, ignore_range=True, times=1),
], ids=["416", "wrong-content-range", "changed-etag-200"])
def test_bad_resume_answers_restart_cleanly(repo: tuple[FakeHub, RepoPlan], tmp_path: Path,
                                            fault: Fault) -> None:
    hub, plan = repo
    _pause_at(plan, tmp_path, 1_000_000)
    hub.faults.set(fault, path="model.safetensors")
    Downloader(tmp_path, fast()).download(plan)
    assert snapshot_bytes(tmp_path, "org/tiny", plan.commit) == FILES
    _blobs_ok(tmp_path)


def test_corrupt_existing_blob_is_replaced(repo: tuple[FakeHub, RepoPlan], tmp_path: Path) -> None:
    _hub, plan = repo
    Downloader(tmp_path, fast()).download(plan)
    blob = CacheLayout(tmp_path, "org/tiny").blob_path(plan.files[1].etag)
    data = bytearray(blob.read_bytes())
    data[10] ^= 0xFF
    blob.write_bytes(bytes(data))  # same size, wrong content (bit rot, a bad copy...)
    Downloader(tmp_path, fast()).download(plan)
    assert snapshot_bytes(tmp_path, "org/tiny", plan.commit) == FILES
    _blobs_ok(tmp_path)
