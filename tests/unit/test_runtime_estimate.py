"""The whole pre-load answer (weights under options + KV cache + activations + split),
through core and through ``hfmanager load --estimate-only --json``; ``--history`` ratios."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import torch
import transformers

from hfmanager.cli import main
from hfmanager.core.loadtest import devicemap as dm
from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest import kvcache as kv
from hfmanager.core.loadtest import quantest as qe
from hfmanager.core.loadtest.devices import Device
from hfmanager.core.loadtest.history import LoadHistory
from hfmanager.core.loadtest.runtime import runtime_estimate
from hfmanager.core.store import Store
from tests import models

GIB = 1024**3


@pytest.fixture(scope="module")
def mistral(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mistral")
    config = transformers.MistralConfig(hidden_size=64, intermediate_size=96,
                                        num_hidden_layers=4, num_attention_heads=4,
                                        num_key_value_heads=2, vocab_size=128,
                                        sliding_window=16)
    transformers.AutoModelForCausalLM.from_config(config, dtype=torch.float32
                                                  ).save_pretrained(folder)
    return folder


def _gpu(index: int, free: int) -> Device:
    return Device("cuda", index, f"GPU {index}", 2 * free, free, f"GPU-{index}", "nvml")


def test_context_adds_kv_and_activations(mistral: Path) -> None:
    cpu = Device("cpu", 0, "CPU", 64 * GIB, 32 * GIB)
    rt = runtime_estimate(mistral, "float16", context=100, device=cpu)
    shape = kv.attention_shape(kv.read_config(mistral))
    assert shape is not None
    assert rt.kv is not None
    assert rt.kv.bytes == 4 * 2 * 2 * 16 * 15 * 2  # 4 layers, 2 kv heads, dim 16, window-1
    assert rt.activations == kv.activations(shape, 100, 16)
    assert rt.weights_bytes == est.estimate(mistral, "float16").weights_bytes
    (part,) = rt.split.parts
    assert part.needed == rt.weights_bytes + rt.kv.bytes + rt.activations
    assert part.cuda_context == 0
    assert rt.architecture == "MistralForCausalLM"
    assert runtime_estimate(mistral, "float16", device=cpu).kv is None


def test_quantized_and_split(mistral: Path) -> None:
    gpus = [_gpu(0, 24 * GIB), _gpu(1, 24 * GIB)]
    rt = runtime_estimate(mistral, "float16", quantize="4bit", context=64,
                          device_map=dm.parse_device_map("cuda:0=20KiB,cuda:1"),
                          device=gpus[0], devices=gpus)
    assert rt.quant is not None
    entries = [t for f in est.weight_files(mistral) for t in est.read_header(f).entries]
    assert rt.weights_bytes == qe.bnb(entries, "4bit", "F16").weights_bytes
    assert [p.device for p in rt.split.parts] == ["cuda:0", "cuda:1"]
    assert sum(p.weights for p in rt.split.parts) == rt.weights_bytes
    assert sum(p.kv_cache for p in rt.split.parts) == rt.kv.bytes  # type: ignore[union-attr]
    assert rt.status == "fits"
    small = [_gpu(0, 64 * 1024), _gpu(1, 64 * 1024)]
    rt = runtime_estimate(mistral, "float16", device_map=dm.parse_device_map("cuda:0,cuda:1"),
                          device=small[0], devices=small)
    assert rt.status == "no_fit"


def test_prequantized_repo_sized_as_stored(tmp_path: Path, mistral: Path) -> None:
    for f in mistral.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    cfg = json.loads((tmp_path / "config.json").read_text())
    cfg["quantization_config"] = {"quant_method": "gptq", "bits": 4}
    (tmp_path / "config.json").write_text(json.dumps(cfg))
    rt = runtime_estimate(tmp_path, "float16", quantize="8bit")
    assert rt.quant is not None
    assert rt.quant.mode == "prequantized:gptq"
    assert rt.weights_bytes == est.estimate(tmp_path, "auto").weights_bytes  # as stored
    assert any("gptq" in n for n in rt.notes)


@pytest.fixture
def cached(mistral: Path) -> Path:
    hub = Path(os.environ["HF_HOME"]) / "hub"
    models.into_hub_cache(mistral, hub, "org/mistral")
    return hub


def test_cli_context_and_device_map_json(cached: Path, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    assert main(["load", "org/mistral", "--estimate-only", "--json", "--dtype", "float16",
                 "--context", "100"]) == 0
    out = json.loads(capsys.readouterr().out)
    rt = out["runtime"]
    assert rt["kv_cache"]["bytes"] == 4 * 2 * 2 * 16 * 15 * 2
    assert rt["kv_cache"]["sliding_layers"] == 4
    assert rt["context"] == 100
    assert rt["split"]["parts"][0]["device"] == "cpu"
    assert main(["load", "org/mistral", "--estimate-only", "--json",
                 "--device-map", "cpu=100KiB,disk"]) == 0
    out = json.loads(capsys.readouterr().out)
    parts = {p["device"]: p for p in out["runtime"]["split"]["parts"]}
    assert set(parts) == {"cpu", "disk"}
    assert 0 < parts["cpu"]["weights"] <= 100 * 1024
    main(["load", "org/mistral", "--estimate-only", "--context", "100"])
    text = capsys.readouterr().out
    assert "KV cache at 100 tokens" in text
    assert "Split     cpu:" in text


def test_history_ratio_per_architecture(cached: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    store = Store()
    book = LoadHistory(store)
    # an old row (no runtime) and a new one (runtime with its architecture and options)
    book.add("org/mistral", models.COMMIT, "cpu", "auto", ok=True,
             outcome={"class": "MistralForCausalLM", "param_bytes": 990, "buffer_bytes": 10},
             estimate={"weights_bytes": 1000})
    book.add("org/mistral", models.COMMIT, "cpu", "auto", ok=True,
             outcome={"class": "X", "param_bytes": 1100, "buffer_bytes": 0},
             estimate={"weights_bytes": 4000, "runtime": {
                 "weights_bytes": 1000, "architecture": "MistralForCausalLM",
                 "quantize": "4bit"}})
    book.add("org/mistral", models.COMMIT, "cpu", "auto", ok=False,
             outcome={"kind": "load_failed", "message": "x"}, estimate={"weights_bytes": 5})
    # a run recorded with its options and figures (the oldest: listed last)
    book.add("org/mistral", models.COMMIT, "cpu", "float16", ok=True, finished_at=1.0,
             outcome={"class": "MistralForCausalLM", "param_bytes": 1000, "buffer_bytes": 0},
             estimate={"weights_bytes": 1000, "runtime": {
                 "weights_bytes": 1000, "architecture": "MistralForCausalLM"}},
             options={"quantize": "none", "device_map": "auto", "attn": "sdpa",
                      "run_tokens": 8, "context": 4096, "dtype": "float16"},
             figures={"weights": {"estimated": 1000, "measured": 1000},
                      "kv_cache": {"estimated": 400, "measured": 360, "tokens": 15},
                      "peak": {"estimated": 2000, "measured": 3000, "scope": "host"}})
    store.close()
    assert main(["load", "org/mistral", "--history", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["ratio"] for r in out["runs"]] == [None, 1.1, 1.0, 1.0]
    assert [r["options"] for r in out["runs"]] == ["-", "4bit", "-",
                                                   "map auto, sdpa, run 8, context 4096"]
    assert out["runs"][1]["ratios"] == {"weights": 1.1}  # old records: the weights only
    assert out["runs"][3]["ratios"] == {"weights": 1.0, "kv_cache": 0.9, "peak": 1.5}
    arch = out["by_architecture"]["MistralForCausalLM"]
    assert arch["runs"] == 3
    assert arch["mean"] == pytest.approx(1.1 / 3 + 2 / 3)
    assert arch["figures"]["kv_cache"] == {"runs": 1, "low": 0.9, "mean": 0.9, "high": 0.9}
    assert arch["figures"]["peak"]["mean"] == 1.5
    assert main(["load", "org/mistral", "--history"]) == 0
    text = capsys.readouterr().out
    assert "weights x1.000  KV cache x0.900  peak x1.500  ok" in text
    assert "MistralForCausalLM                       KV cache   1 run(s)  mean x0.900" in text


@pytest.mark.parametrize("decoder", [False, True])
def test_an_encoder_keeps_no_kv_cache(tmp_path: Path, decoder: bool) -> None:
    """A BERT keeps no keys and values (its forward returns no cache), so its estimate at
    a context counts none; the same family made a decoder (``is_decoder``,
    BertLMHeadModel) does keep one, and it is counted."""
    config = transformers.BertConfig(hidden_size=32, intermediate_size=37,
                                     num_hidden_layers=2, num_attention_heads=4,
                                     vocab_size=99, is_decoder=decoder)
    cls = transformers.BertLMHeadModel if decoder else transformers.BertModel
    model = cls(config).eval()
    model.save_pretrained(tmp_path)
    with torch.no_grad():
        out = model(torch.tensor([[1, 2, 3, 4]]), use_cache=True)
    kept = getattr(out, "past_key_values", None) is not None
    assert kept is decoder  # what the model really does
    cpu = Device("cpu", 0, "CPU", 64 * GIB, 32 * GIB)
    rt = runtime_estimate(tmp_path, "float32", context=64, device=cpu)
    assert (rt.kv is not None) is decoder
    if decoder:
        assert rt.kv is not None
        assert rt.kv.bytes == 2 * 2 * 4 * 8 * 64 * 4  # layers, k+v, heads, dim, tokens, fp32
    else:
        assert any("encoder-only" in n for n in rt.notes)
