"""Loading options (issue 14) in real child processes on the CPU: attention, low CPU memory,
device maps, the refusals that need a GPU, the smoke pass (causal LM, BERT, pooled BERT,
a PyTorchModelHubMixin class via --class) and the config-vs-__init__ report."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from hfmanager.cli import main
from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest.devicemap import parse_device_map
from hfmanager.core.loadtest.runner import (
    LoadFailed,
    LoadOptions,
    LoadRequest,
    LoadResult,
    run_to_end,
)
from hfmanager.core.loadtest.workermap import for_worker
from tests import models

pytestmark = pytest.mark.slow
MIXIN_PATH = Path(__file__).resolve().parents[1] / "mixinpath"
MIXIN_ENV = {"PYTHONPATH": str(MIXIN_PATH)}


def _tokenizer(folder: Path, vocab: int) -> None:
    """A word-level tokenizer of ``vocab`` words, saved the way transformers reads it."""
    from tokenizers import Tokenizer, pre_tokenizers
    from tokenizers.models import WordLevel
    from transformers import PreTrainedTokenizerFast

    words = ["[UNK]", "[PAD]", "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog."]
    words += [f"w{i}" for i in range(vocab - len(words))]
    tok = Tokenizer(WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]",
                            pad_token="[PAD]").save_pretrained(folder)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    import sys

    base = tmp_path_factory.mktemp("opt-models")
    out = {"gpt2": (base / "gpt2", models.build_gpt2(base / "gpt2")),
           "bert": (base / "bert", models.build_bert(base / "bert"))}
    _tokenizer(base / "gpt2", 512)
    pooled = base / "pooled"  # a sentence-transformers layout over the BERT
    shutil.copytree(base / "bert", pooled)
    (pooled / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling",
         "type": "sentence_transformers.models.Pooling"}]))
    (pooled / "1_Pooling").mkdir()
    (pooled / "1_Pooling" / "config.json").write_text(json.dumps(
        {"word_embedding_dimension": 64, "pooling_mode_mean_tokens": True}))
    out["pooled"] = (pooled, out["bert"][1])
    sys.path.insert(0, str(MIXIN_PATH))
    try:
        import hfm_tinymixin

        out["mixin"] = (base / "mixin", hfm_tinymixin.build(str(base / "mixin")))
    finally:
        sys.path.remove(str(MIXIN_PATH))
    return out


def load(path: Path, env: dict[str, str] | None = None, **options: Any) -> Any:
    return asyncio.run(run_to_end(LoadRequest(str(path), env=env or {},
                                              options=LoadOptions(**options))))


def _device_map(text: str) -> dict[str, Any]:
    return for_worker(parse_device_map(text), dev.list_devices())[0]


@pytest.mark.parametrize(("name", "options", "attn", "note"), [
    ("gpt2", {"attn": "eager"}, "eager", None),
    ("gpt2", {"attn": "sdpa", "device_map": "auto"}, "sdpa", "only the CPU is visible"),
    ("bert", {"low_cpu_mem_usage": True, "device_map": "cpu"}, None, None),
    ("bert", {"device_map": "cpu=8GiB"}, None, "names only the CPU"),
])
def test_options_that_exist_on_cpu_load(built: dict[str, tuple[Path, int]], name: str,
                                        options: dict[str, Any], attn: str | None,
                                        note: str | None) -> None:
    path, n_params = built[name]
    if "device_map" in options:
        options = {**options, "device_map": _device_map(options["device_map"])}
    final = load(path, **options)
    assert isinstance(final, LoadResult), final
    r = final.data
    assert r["params_total"] == n_params
    if attn is not None:
        assert r["attn_implementation"] == attn
    assert r["placement"]["device_map"] == {"": "cpu"}
    assert r["placement"]["bytes_by_device"] == {"cpu": r["param_bytes"] + r["buffer_bytes"]}
    if note is not None:
        assert any(note in n for n in r["notes"])
    assert "smoke" not in r


def test_gpu_only_options_are_refused_clearly_on_cpu(built: dict[str, tuple[Path, int]]
                                                     ) -> None:
    mixin = load(built["mixin"][0], quantize="8bit")  # the worker's own guard: not transformers
    assert isinstance(mixin, LoadFailed)
    assert mixin.kind == "quantize_not_applicable"
    assert "loads as state_dict" in mixin.message
    path, _ = built["gpt2"]
    quant = load(path, quantize="4bit")  # the worker's own guard (the runner's: below)
    assert isinstance(quant, LoadFailed)
    assert quant.kind == "quantize_unavailable"
    assert "needs a CUDA GPU and bitsandbytes" in quant.message
    if importlib.util.find_spec("flash_attn") is None:
        flash = load(path, attn="flash_attention_2")
        assert isinstance(flash, LoadFailed)
        assert flash.kind == "attn_unavailable"
        assert "flash_attn" in flash.message


def _mistral(folder: Path) -> Path:
    """A tiny Mistral whose 4 layers all slide over a 16-token window, GQA 4:2."""
    import torch
    import transformers

    config = transformers.MistralConfig(hidden_size=64, intermediate_size=96,
                                        num_hidden_layers=4, num_attention_heads=4,
                                        num_key_value_heads=2, vocab_size=128,
                                        sliding_window=16)
    torch.manual_seed(0)
    transformers.AutoModelForCausalLM.from_config(config, dtype=torch.float32
                                                  ).save_pretrained(folder)
    return folder


@pytest.mark.parametrize("name", ["gpt2", "mistral"])
def test_smoke_pass_generates_and_measures_the_kv_cache_as_estimated(
        built: dict[str, tuple[Path, int]], tmp_path: Path, name: str) -> None:
    """A causal LM generates 8 tokens after input from the repo's own tokenizer (gpt2
    has one; the tiny mistral gets dummy ids). The pass's cache holds input + generated
    - 1 tokens (the last token is never fed back); its keys and values weigh what the
    estimate says for that many tokens, and an independent count from the config agrees
    (gpt2: 2 layers x 1 head x 64; mistral: 4 layers x 2 kv heads x 16, a sliding layer
    keeps its last 15 tokens), float32. One load per model: each costs seconds."""
    from hfmanager.core.loadtest.figures import run_figures

    path = built["gpt2"][0] if name == "gpt2" else _mistral(tmp_path / "mistral")
    final = load(path, run_tokens=20)
    assert isinstance(final, LoadResult), final
    s = final.data["smoke"]
    assert s["kind"] == "generate"
    assert s["new_tokens"] == 8
    assert s["output_shape"] == [1, s["input_tokens"] + 8]
    assert 0 < s["input_tokens"] <= 20
    assert s["tokens_per_second"] > 0
    assert s["peak_host_rss"] > 0
    if name == "gpt2":
        assert s["input"] == "tokenizer"
        assert isinstance(s["text"], str)
    tokens = s["input_tokens"] + s["new_tokens"] - 1
    assert s["kv_cache_tokens"] == tokens
    per_token = 2 * 1 * 64 * 4 * 2 if name == "gpt2" else 2 * 2 * 16 * 4 * 4
    held = tokens if name == "gpt2" else min(tokens, 15)
    assert s["kv_cache_bytes"] == per_token * held
    figures = {f.key: f for f in run_figures(path, "auto", None, 1, final.data)}
    assert figures["kv_cache"].estimated == s["kv_cache_bytes"]
    assert figures["kv_cache"].ratio == 1.0
    assert figures["kv_cache"].tokens == tokens
    assert figures["peak"].scope == "host"
    assert figures["peak"].measured is not None
    assert figures["peak"].measured >= final.data["param_bytes"]


def test_smoke_pass_runs_a_bert_and_pools_a_sentence_model(built: dict[str, tuple[Path, int]]
                                                           ) -> None:
    bert = load(built["bert"][0], run_tokens=10)
    assert isinstance(bert, LoadResult), bert
    assert bert.data["smoke"]["kind"] == "forward"
    assert bert.data["smoke"]["input"].startswith("dummy ids")
    assert bert.data["smoke"]["output_shape"] == [1, 10, 64]
    pooled = load(built["pooled"][0], run_tokens=10)
    assert isinstance(pooled, LoadResult), pooled
    s = pooled.data["smoke"]
    if importlib.util.find_spec("sentence_transformers") is None:
        assert any("sentence-transformers is not installed" in n for n in pooled.data["notes"])
        assert s["pooling"] == "mean"
        assert s["embedding_shape"] == [1, 64]
    else:  # the sentence-transformers path itself: its own class, encode(), no fallback
        assert (pooled.data["strategy"], pooled.data["class"]) == (
            "sentence_transformers", "SentenceTransformer")
        assert not any("not installed" in n for n in pooled.data["notes"])
        assert s["kind"] == "encode"
        assert s["output_shape"] == [1, 64]


def test_mixin_class_loads_and_runs(built: dict[str, tuple[Path, int]]) -> None:
    path, n_params = built["mixin"]
    plain = load(path, run_tokens=6)  # no class: a state dict, which has no forward
    assert isinstance(plain, LoadResult), plain
    assert plain.data["strategy"] == "state_dict"
    assert "--class" in plain.data["smoke"]["skipped"]
    final = load(path, MIXIN_ENV, model_class="hfm_tinymixin:TinyMixinNet", run_tokens=6)
    assert isinstance(final, LoadResult), final
    r = final.data
    assert (r["strategy"], r["class"]) == ("class", "TinyMixinNet")
    assert r["params_total"] == n_params
    assert r["smoke"]["input"] == "token ids"
    assert r["smoke"]["output_shape"] == [1, 6, 16]


def test_wrong_class_names_the_keys_it_expects(built: dict[str, tuple[Path, int]]) -> None:
    path, _ = built["mixin"]
    final = load(path, MIXIN_ENV, model_class="hfm_tinymixin:WrongNet")
    assert isinstance(final, LoadFailed)
    assert final.kind == "class_mismatch"
    assert final.detail["missing"] == ["n_heads"]
    assert final.detail["unexpected"] == ["depth", "vocab"]
    assert final.detail["expected"] == ["width", "n_heads", "dropout"]
    assert final.detail["config_keys"] == ["depth", "vocab", "width"]
    assert "Traceback" not in final.message
    assert "missing: n_heads" in final.message
    absent = load(path, MIXIN_ENV, model_class="hfm_no_such_module:Net")
    assert isinstance(absent, LoadFailed)
    assert absent.kind == "class_not_found"


def test_cli_flags_and_json(built: dict[str, tuple[Path, int]], monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PYTHONPATH", str(MIXIN_PATH))
    assert main(["load", str(built["mixin"][0]), "--class", "hfm_tinymixin:WrongNet",
                 "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["strategy"] == "class"
    assert (out["error"]["kind"], out["error"]["missing"]) == ("class_mismatch", ["n_heads"])
    for extra in ([], ["--class", "hfm_tinymixin:TinyMixinNet"]):  # a mixin repo: no 8-bit
        assert main(["load", str(built["mixin"][0]), "--quantize", "8bit", *extra,
                     "--json"]) == 2
        out = json.loads(capsys.readouterr().out)
        assert out["error"]["kind"] == "quantize_not_applicable"
        assert "applies to transformers models only" in out["error"]["message"]
        assert "result" not in out
    # --estimate-only too: an estimate of a quantization the model cannot have is refused
    assert main(["load", str(built["mixin"][0]), "--quantize", "4bit", "--estimate-only",
                 "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["error"]["kind"] == "quantize_not_applicable"
    assert "estimate" not in out
    path, _ = built["gpt2"]
    assert main(["load", str(path), "--quantize", "8bit", "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out["error"]["kind"] == "quantize_unavailable"
    assert "result" not in out  # refused before any child started
    assert main(["load", str(path), "--device-map", "cuda:7", "--json"]) == 2
    assert "no such GPU" in json.loads(capsys.readouterr().out)["error"]["message"]
    assert main(["load", str(path), "--run", "5", "--attn", "eager", "--device-map", "auto",
                 "--low-cpu-mem-usage", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["options"]["attn"] == "eager"
    assert out["options"]["device_map"]["mode"] == "auto"
    assert out["result"]["smoke"]["new_tokens"] == 8
    assert out["result"]["placement"]["bytes_by_device"].keys() == {"cpu"}
    assert out["figures"]["weights"]["ratio"] == 1.0
    assert out["figures"]["kv_cache"]["ratio"] == 1.0
    assert out["figures"]["kv_cache"]["tokens"] == out["result"]["smoke"]["input_tokens"] + 7
    assert main(["load", str(path), "--run", "5", "--context", "32"]) == 0
    text = capsys.readouterr().out
    assert "Run       generated 8 tokens" in text
    assert "Placed    cpu" in text
    assert "Compare   weights (params + buffers)" in text
    assert "KV cache at 12 tokens: estimate 12.0 KiB, measured 12.0 KiB (x1.000)" in text
    assert "KV cache at 32 tokens (--context): estimate 32.0 KiB; not measured" in text
