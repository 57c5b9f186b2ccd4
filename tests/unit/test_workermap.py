"""The device map as the load worker gets it (core/loadtest/workermap) and the options
the runner refuses before a child starts (runner.precheck)."""

from __future__ import annotations

import json

import pytest

from hfmanager.core.loadtest.devicemap import DeviceMapError, parse_device_map
from hfmanager.core.loadtest.devices import Device
from hfmanager.core.loadtest.runner import LoadOptions, LoadRequest, precheck
from hfmanager.core.loadtest.workermap import for_worker

CPU = Device("cpu", 0, "CPU", 32 * 2**30, 16 * 2**30)
GPUS = [Device("cuda", i, f"GPU {i}", 24 * 2**30, 20 * 2**30, uuid=f"GPU-{i}aaa")
        for i in range(3)]


def test_gpus_are_pinned_in_the_order_given_and_renumbered() -> None:
    wmap, env, first = for_worker(parse_device_map("cuda:2=10GiB,cuda:0,cpu=32GiB"),
                                  [CPU, *GPUS])
    assert env == {"CUDA_VISIBLE_DEVICES": "GPU-2aaa,GPU-0aaa", "CUDA_DEVICE_ORDER": "PCI_BUS_ID"}
    assert wmap == {"mode": "split", "devices": ["cuda:0", "cuda:1", "cpu"],
                    "caps": {"cuda:0": 10 * 2**30, "cuda:1": None, "cpu": 32 * 2**30}}
    assert first == "cuda:0"


def test_single_auto_and_cpu_only_maps() -> None:
    assert for_worker(parse_device_map("cuda:1"), [CPU, *GPUS]) == (
        {"mode": "single", "devices": ["cuda:0"], "caps": {"cuda:0": None}},
        {"CUDA_VISIBLE_DEVICES": "GPU-1aaa", "CUDA_DEVICE_ORDER": "PCI_BUS_ID"}, "cuda:0")
    assert for_worker(parse_device_map("auto"), [CPU]) == (
        {"mode": "auto", "devices": [], "caps": {}}, {}, "cpu")
    assert for_worker(parse_device_map("cpu"), [CPU]) == (
        {"mode": "single", "devices": ["cpu"], "caps": {"cpu": None}},
        {"CUDA_VISIBLE_DEVICES": ""}, "cpu")
    with pytest.raises(DeviceMapError, match="no such GPU"):
        for_worker(parse_device_map("cuda:0,cuda:1"), [CPU])


def test_precheck_refuses_gpu_only_options_without_cuda() -> None:
    quant = precheck(LoadOptions(quantize="8bit"), cuda=False)
    assert quant is not None
    assert quant.kind == "quantize_unavailable"
    assert "needs a CUDA GPU and bitsandbytes" in quant.message
    flash = precheck(LoadOptions(attn="flash_attention_2"), cuda=False)
    assert flash is not None
    assert flash.kind == "attn_unavailable"
    assert precheck(LoadOptions(quantize="4bit", attn="flash_attention_2"), cuda=True) is None
    assert precheck(LoadOptions(attn="sdpa", run_tokens=8), cuda=False) is None


def test_options_reach_the_worker_request() -> None:
    opts = LoadOptions(quantize="4bit", attn="sdpa", low_cpu_mem_usage=True, run_tokens=16,
                       model_class="pkg.mod:Net", device_map={"mode": "auto", "devices": [],
                                                              "caps": {}})
    sent = json.loads(LoadRequest("/m", options=opts).worker_json())
    assert {k: sent[k] for k in opts.to_json()} == opts.to_json()
    plain = json.loads(LoadRequest("/m").worker_json())
    assert (plain["quantize"], plain["run_tokens"], plain["device_map"]) == ("none", 0, None)
