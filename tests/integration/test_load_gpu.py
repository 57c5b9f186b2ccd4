"""GPU test loads: allocation figures against torch's own counter, release, CUDA OOM.

Skipped without CUDA; self-contained where it exists (builds its own model, picks the
first NVML GPU, pins it by UUID like the app does).
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path
from typing import Any

import pytest
import torch

from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest.runner import LoadFailed, LoadRequest, LoadResult, LoadRun
from tests import models

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device"),
]


@pytest.fixture(scope="module")
def gpt2(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("gpu") / "gpt2"
    # ~40 MB of float32 weights: allocator rounding (512 B blocks) is far below 2 %.
    return folder, models.build_gpt2(folder, n_embd=512, n_layer=3, vocab=8000,
                                     n_positions=256)


def _gpu() -> dev.Device:
    gpus = [d for d in dev.list_devices(probe_worker=True) if d.kind == "cuda"]
    assert gpus, "torch sees CUDA but neither NVML nor the worker lists a GPU"
    return gpus[0]


def _run(request: LoadRequest) -> tuple[Any, LoadRun]:
    load = LoadRun(request)

    async def go() -> Any:
        final = None
        async for ev in load.events():
            final = ev
        return final

    return asyncio.run(go()), load


def _free(device: dev.Device) -> int:
    fresh = dev.resolve(device.uuid or device.spec, dev.list_devices(probe_worker=True))
    assert fresh.free_bytes is not None
    return fresh.free_bytes


def _nvml_pids(device: dev.Device) -> set[int]:
    fresh = dev.resolve(device.uuid or device.spec, dev.list_devices(probe_worker=True))
    return {p.pid for p in fresh.processes}


def test_gpu_allocation_matches_independent_measure(gpt2: tuple[Path, int]) -> None:
    path, n_params = gpt2
    device = _gpu()
    worker_device, env = dev.worker_env(device)
    free_before = _free(device)
    final, load = _run(LoadRequest(str(path), worker_device, "auto", env))
    assert isinstance(final, LoadResult), final
    r = final.data
    assert r["params_total"] == n_params
    assert r["gpu_peak_allocated"] >= r["gpu_allocated"] > 0
    assert r["gpu_reserved"] >= r["gpu_allocated"]
    assert r["gpu_allocated_after_free"] <= 0.01 * r["gpu_allocated"]  # freed before exit
    if r["gpu_process_total"] is not None:  # context included: more than the tensors
        assert r["gpu_process_total"] > r["gpu_allocated"]
    # Released: the device's free memory is back (this process has no context yet).
    assert load.pid not in _nvml_pids(device)
    assert _free(device) >= free_before - 64 * 2**20

    # Independent: the same load in this process, measured by torch's own counter.
    from transformers import AutoModelForCausalLM

    torch.cuda.empty_cache()
    before = torch.cuda.memory_allocated()
    model = AutoModelForCausalLM.from_pretrained(path).to("cuda")
    torch.cuda.synchronize()
    delta = torch.cuda.memory_allocated() - before
    del model
    gc.collect()
    torch.cuda.empty_cache()
    assert r["gpu_allocated_delta"] == pytest.approx(delta, rel=0.02)


def test_cuda_oom_is_reported_with_sizes(gpt2: tuple[Path, int]) -> None:
    path, _ = gpt2
    device = _gpu()
    assert device.total_bytes
    worker_device, env = dev.worker_env(device)
    huge = 2 * device.total_bytes
    env = {**env, "HFMANAGER_LOAD_TEST_HOOK": f"alloc:{huge}"}
    free_before = _free(device)
    final, load = _run(LoadRequest(str(path), worker_device, "auto", env, needed_bytes=huge))
    assert isinstance(final, LoadFailed)
    assert final.kind == "cuda_oom"
    assert f"needs about {huge / 2**30:.1f} GiB" in final.message
    assert "GiB free" in final.message
    assert load.pid not in _nvml_pids(device)
    assert _free(device) >= free_before - 64 * 2**20
