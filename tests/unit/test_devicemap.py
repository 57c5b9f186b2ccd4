"""--device-map parsing (one parser for CLI, panel and worker) and the per-device split."""

from __future__ import annotations

import pytest

from hfmanager.core.loadtest import devicemap as dm
from hfmanager.core.loadtest.estimate import CUDA_CONTEXT_BYTES

GIB = 1024**3
MIB = 1024**2


def test_parse_forms() -> None:
    assert dm.parse_device_map("cuda:0").single == "cuda:0"
    assert dm.parse_device_map("0").single == "cuda:0"
    auto = dm.parse_device_map("auto")
    assert auto.auto
    assert auto.devices == ()
    assert auto.mode == "auto"
    two = dm.parse_device_map("cuda:0, cuda:1")
    assert two.devices == (("cuda:0", None), ("cuda:1", None))
    assert two.mode == "split"
    capped = dm.parse_device_map("cuda:0=10GiB,cpu=32GiB,disk")
    assert capped.devices == (("cuda:0", 10 * GIB), ("cpu", 32 * GIB), ("disk", None))
    assert dm.parse_device_map("auto,cpu=8GB").caps() == {"cpu": 8 * 1000**3}
    assert dm.parse_size("512MiB") == 512 * MIB
    assert dm.parse_size("1.5GiB") == 3 * GIB // 2


@pytest.mark.parametrize("text", ["", "gpu0", "cuda:0=lots", "cuda:0,cuda:0", "cuda:x",
                                  "cuda:0=10XB"])
def test_parse_refuses(text: str) -> None:
    with pytest.raises(dm.DeviceMapError):
        dm.parse_device_map(text)


def test_mode() -> None:
    assert dm.parse_device_map("cuda:0=10GiB,cuda:1").mode == "split"
    assert dm.parse_device_map("cuda:0=10GiB").mode == "split"  # a cap is a map
    assert dm.parse_device_map("cpu").mode == "single"


def _entries(layers: int, per_layer: int) -> list[tuple[str, int]]:
    out = [("model.embed_tokens.weight", 100 * MIB), ("model.norm.weight", 1 * MIB),
           ("lm_head.weight", 100 * MIB)]
    for i in range(layers):
        out += [(f"model.layers.{i}.mlp.up.weight", per_layer - MIB),
                (f"model.layers.{i}.input_layernorm.weight", MIB)]
    return out


def test_blocks_order() -> None:
    bs = dm.blocks(_entries(3, 10 * MIB))
    assert [b.name for b in bs] == ["model.embed_tokens", "model.layers.0", "model.layers.1",
                                    "model.layers.2", "lm_head", "model.norm"]
    assert [b.layer for b in bs][1:4] == [0, 1, 2]
    assert bs[1].weights == 10 * MIB


def test_caps_split_layers_in_order() -> None:
    bs = dm.blocks(_entries(10, 100 * MIB))  # 100 + 10 x 100 + 101 MiB
    spec = dm.parse_device_map("cuda:0=500MiB,cuda:1=2GiB")
    free = {"cpu": 64 * GIB, "cuda:0": 24 * GIB, "cuda:1": 24 * GIB}
    s = dm.split(spec, bs, free, kv_per_layer=[MIB] * 10, activations=7 * MIB)
    a, b = s.parts
    # embeddings + 4 layers fill the 500 MiB cap; the rest goes on in order
    assert a.blocks == ("model.embed_tokens", *(f"model.layers.{i}" for i in range(4)))
    assert b.blocks[0] == "model.layers.4"
    assert b.blocks[-1] == "model.norm"
    assert a.weights == 500 * MIB
    assert a.kv_cache == 4 * MIB
    assert a.activations == 7 * MIB
    assert b.kv_cache == 6 * MIB
    assert b.activations == 0
    assert a.cuda_context == CUDA_CONTEXT_BYTES
    assert s.status == "fits"


def test_will_not_fit_and_tight() -> None:
    bs = dm.blocks(_entries(10, 100 * MIB))
    spec = dm.parse_device_map("cuda:0=500MiB,cuda:1=500MiB")
    s = dm.split(spec, bs, {"cuda:0": 24 * GIB, "cuda:1": 24 * GIB})
    assert s.parts[-1].device == "disk"
    assert s.parts[-1].status == "no_fit"
    assert s.status == "no_fit"
    assert s.notes
    # one device: judged against its free memory, tight above 85 %
    one = dm.parse_device_map("cuda:0")
    total = sum(b.weights for b in bs) + CUDA_CONTEXT_BYTES
    assert dm.split(one, bs, {"cuda:0": int(total / 0.9)}).status == "tight"
    assert dm.split(one, bs, {"cuda:0": total - 1}).status == "no_fit"
    assert dm.split(one, bs, {"cuda:0": 2 * total}).status == "fits"
    assert dm.split(one, bs, {}).status == "unknown"


def test_auto_balances_gpus_then_cpu() -> None:
    bs = dm.blocks(_entries(10, 100 * MIB))
    s = dm.split(dm.parse_device_map("auto"), bs,
                 {"cpu": 64 * GIB, "cuda:0": 24 * GIB, "cuda:1": 24 * GIB})
    used = {p.device: p.weights for p in s.parts}
    assert set(used) == {"cuda:0", "cuda:1"}  # both GPUs take a share, nothing on the CPU
    assert used["cuda:0"] < sum(b.weights for b in bs)
    # small GPU: the rest is offloaded to the CPU, which fits
    s = dm.split(dm.parse_device_map("auto"), bs, {"cpu": 64 * GIB, "cuda:0": 600 * MIB})
    assert [p.device for p in s.parts] == ["cuda:0", "cpu"]
    assert s.parts[0].weights <= 0.9 * 600 * MIB
