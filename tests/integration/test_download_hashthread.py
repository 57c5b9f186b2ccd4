"""The engine with hashing on a second thread (the default with >= 2 CPUs), forced on here
so that 2-core machines run it too: same faults, same guarantees as inline hashing."""

from __future__ import annotations

from pathlib import Path

import pytest
from download_helpers import make_plan, payload, snapshot_bytes
from fakehub import FakeHub, Fault

from hfmanager.core import errors as err
from hfmanager.core.downloads.engine import CancelToken, Downloader, EngineConfig
from hfmanager.core.downloads.layout import CacheLayout

BIG = payload(5 * 1024 * 1024 + 3, seed=5)
FILES = {"config.json": b'{"a": 1}', "model.safetensors": BIG}


def threaded() -> EngineConfig:
    return EngineConfig(backoff_base=0.01, backoff_max=0.05, stall_timeout=0.5,
                        hash_thread=True)


@pytest.mark.parametrize("fault", [
    None, Fault(drop_after=1_234_567, times=2), Fault(corrupt=True, times=1),
    Fault(no_content_length=True, chunked=True),
], ids=["clean", "drop", "corrupt-once", "no-length"])
def test_threaded_hash_ends_verified(fake_hub: FakeHub, tmp_path: Path,
                                     fault: Fault | None) -> None:
    commit = fake_hub.add_repo("org/t", FILES)
    if fault:
        fake_hub.faults.set(fault, path="model.safetensors")
    Downloader(tmp_path, threaded()).download(make_plan(fake_hub.url, "org/t", commit, FILES))
    assert snapshot_bytes(tmp_path, "org/t", commit) == FILES


def test_threaded_hash_rejects_corrupt_bytes(fake_hub: FakeHub, tmp_path: Path
                                             ) -> None:
    commit = fake_hub.add_repo("org/t", FILES)
    fake_hub.faults.set(Fault(corrupt=True), path="model.safetensors")
    plan = make_plan(fake_hub.url, "org/t", commit, FILES)
    with pytest.raises(err.IntegrityError):
        Downloader(tmp_path, threaded()).download(plan)
    assert not CacheLayout(tmp_path, "org/t").blob_path(plan.files[1].etag).exists()


def test_threaded_hash_pause_resume_exact(fake_hub: FakeHub, tmp_path: Path
                                          ) -> None:
    commit = fake_hub.add_repo("org/t", FILES)
    plan = make_plan(fake_hub.url, "org/t", commit, FILES)
    token, at = CancelToken(), {}

    def progress(name: str, done: int, _size: int) -> None:
        if name == "model.safetensors" and done >= 2_000_000 and not token.is_set():
            at["n"] = done
            token.set("pause")

    with pytest.raises(err.StoppedError):
        Downloader(tmp_path, threaded()).download(plan, progress, token)
    partial = CacheLayout(tmp_path, "org/t").partial_path(plan.files[1].etag)
    assert partial.stat().st_size == at["n"]  # the hash thread drained before truncating
    fake_hub.reset_counters()
    Downloader(tmp_path, threaded()).download(plan)
    assert fake_hub.bytes_by_path["model.safetensors"] == len(BIG) - at["n"]
    assert snapshot_bytes(tmp_path, "org/t", commit) == FILES
