"""8-bit / 4-bit estimate against a hand count over the model's own modules.

The hand count walks the tiny model transformers builds: every ``nn.Linear`` that
transformers' ``get_keys_to_not_convert`` does not keep is quantized (int8 + a float32
scale per row; or two values a byte + a float32 absmax per 64), everything else stays
in the load dtype. The estimate sees only the safetensors headers.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
import transformers
from transformers.quantizers.base import get_keys_to_not_convert

from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest import quantest as q


def _tiny(tmp_path: Path, tie: bool) -> torch.nn.Module:
    config = transformers.LlamaConfig(hidden_size=64, intermediate_size=96,
                                      num_hidden_layers=2, num_attention_heads=4,
                                      num_key_value_heads=2, vocab_size=128,
                                      tie_word_embeddings=tie, attention_bias=True)
    model = transformers.AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.save_pretrained(tmp_path)
    return model


def _hand_count(model: torch.nn.Module, mode: str, bytes_kept: int) -> tuple[int, set[str]]:
    skip = set(get_keys_to_not_convert(model))
    total = 0
    quantized: set[str] = set()
    for name, module in model.named_modules():
        if type(module) is torch.nn.Linear and name not in skip:
            n, rows = module.weight.numel(), module.weight.shape[0]
            total += n + 4 * rows if mode == "8bit" else math.ceil(n / 2) + 4 * math.ceil(n / 64)
            quantized.add(f"{name}.weight")
    for name, p in model.state_dict().items():  # tied weights appear once in the files
        if name not in quantized and not (name == "lm_head.weight" and
                                          model.config.tie_word_embeddings):
            total += p.numel() * bytes_kept
    return total, {n.removesuffix(".weight") for n in quantized}


def _entries(folder: Path) -> list[tuple[str, str, tuple[int, ...]]]:
    return [e for f in est.weight_files(folder) for e in est.read_header(f).entries]


@pytest.mark.parametrize("mode", ["8bit", "4bit"])
@pytest.mark.parametrize("tie", [False, True])
def test_bnb_matches_hand_count(tmp_path: Path, mode: str, tie: bool) -> None:
    model = _tiny(tmp_path, tie)
    got = q.bnb(_entries(tmp_path), mode, "F16")
    want, quantized = _hand_count(model, mode, 2)
    assert got.weights_bytes == want
    # what stays unquantized: the embedding and (untied) the output head, named
    kept = {"model.embed_tokens"} | (set() if tie else {"lm_head"})
    assert set(got.kept_modules) == kept
    assert got.quantized_params == sum(
        m.weight.numel() for n, m in model.named_modules() if n in quantized)


def test_formula_and_nested() -> None:
    assert q.quantized_bytes(4096 * 4096, 4096, "8bit") == 4096 * 4096 + 4 * 4096
    assert q.quantized_bytes(4096 * 4096, 4096, "4bit") == 4096 * 4096 // 2 + 4 * 262144
    nested = q.quantized_bytes(4096 * 4096, 4096, "4bit", nested=True)
    assert nested == 4096 * 4096 // 2 + 262144 + 4 * 1024 + 4 + 1024
    assert not q.is_linear_weight("model.norm.weight", "F32", (64,))
    assert not q.is_linear_weight("transformer.wte.weight", "F32", (10, 4))
    assert q.is_linear_weight("transformer.h.0.attn.c_attn.weight", "F32", (4, 12))
    assert not q.is_linear_weight("x.proj.qweight", "I32", (4, 12))
    with pytest.raises(ValueError, match="unknown quantization"):
        q.bnb([], "3bit", None)


def test_prequantized_as_stored() -> None:
    assert q.prequantized({"quantization_config": {"quant_method": "gptq", "bits": 4}}) == "gptq"
    assert q.prequantized({"quantization_config": {"load_in_4bit": True}}) == "bitsandbytes"
    assert q.prequantized({}) is None
    entries = [("l.qweight", "I32", (8, 64)), ("l.scales", "F16", (1, 64)),
               ("l.qzeros", "I32", (1, 8))]
    got = q.as_stored(entries, "gptq")
    assert got.weights_bytes == 8 * 64 * 4 + 64 * 2 + 8 * 4
    assert got.mode == "prequantized:gptq"
