"""KV-cache estimate against the cache transformers really builds.

Each case builds a tiny random model of a config shape (Llama, Mistral with a sliding
window, GQA, MQA, Qwen 2 with per-layer types), runs one forward pass over ``context``
tokens on the CPU, and sums the ``nbytes`` of every key and value tensor in the
returned ``past_key_values``; the estimate from config.json alone must equal it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch
import transformers

from hfmanager.core.loadtest import kvcache as kv

BASE: dict[str, Any] = {"hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 3,
                        "num_attention_heads": 4, "vocab_size": 101,
                        "max_position_embeddings": 256}

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "llama": ("LlamaConfig", {}),
    "gqa": ("LlamaConfig", {"num_key_value_heads": 2}),
    "mqa": ("LlamaConfig", {"num_key_value_heads": 1}),
    "head_dim": ("LlamaConfig", {"num_key_value_heads": 2, "head_dim": 24}),
    "mistral_sliding": ("MistralConfig", {"num_key_value_heads": 2, "sliding_window": 8}),
    "mistral_no_window": ("MistralConfig", {"num_key_value_heads": 2, "sliding_window": None}),
    "qwen2_layers": ("Qwen2Config", {"num_key_value_heads": 2, "use_sliding_window": True,
                                     "sliding_window": 8, "max_window_layers": 1}),
}


def _measured(config: Any, context: int) -> int:
    torch.manual_seed(0)
    model = transformers.AutoModelForCausalLM.from_config(config).eval()
    ids = torch.randint(0, config.vocab_size, (1, context))
    with torch.no_grad():
        out = model(input_ids=ids, use_cache=True)
    cache = out.past_key_values
    return sum(layer.keys.nbytes + layer.values.nbytes for layer in cache.layers)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("context", [5, 20])
def test_estimate_equals_dynamic_cache(tmp_path: Path, name: str, context: int) -> None:
    cls, extra = CASES[name]
    config = getattr(transformers, cls)(**{**BASE, **extra})
    config.save_pretrained(tmp_path)  # what a snapshot holds: config.json as saved
    cfg = json.loads((tmp_path / "config.json").read_text())
    shape = kv.attention_shape(kv.read_config(tmp_path))
    assert shape is not None
    estimate = kv.kv_cache(shape, context, bits=32)
    assert estimate.bytes == _measured(config, context), (name, cfg.get("layer_types"))


def test_hand_counts() -> None:
    """The formula itself: 2 x kv_heads x head_dim x tokens x bytes, summed over layers."""
    llama = kv.attention_shape({"num_hidden_layers": 32, "num_attention_heads": 32,
                                "num_key_value_heads": 8, "hidden_size": 4096})
    assert llama is not None
    assert kv.kv_cache(llama, 8192, 16).bytes == 32 * 2 * 8 * 128 * 8192 * 2  # 1 GiB
    mistral = kv.attention_shape({"num_hidden_layers": 32, "num_attention_heads": 32,
                                  "num_key_value_heads": 8, "hidden_size": 4096,
                                  "sliding_window": 4096})
    assert mistral is not None
    assert kv.kv_cache(mistral, 8192, 16).bytes == 32 * 2 * 8 * 128 * 4095 * 2
    assert kv.kv_cache(mistral, 100, 16).bytes == 32 * 2 * 8 * 128 * 100 * 2
    falcon = kv.attention_shape({"num_hidden_layers": 2, "num_attention_heads": 8,
                                 "hidden_size": 64, "multi_query": True})
    assert falcon is not None
    assert falcon.kv_heads == 1
    gpt2 = kv.attention_shape({"n_layer": 12, "n_head": 12, "n_embd": 768})
    assert gpt2 is not None
    assert (gpt2.kv_heads, gpt2.head_dim) == (12, 64)
    assert kv.attention_shape({"hidden_size": 8}) is None


def test_multimodal_text_config() -> None:
    shape = kv.attention_shape({"text_config": {"num_hidden_layers": 2,
                                                "num_attention_heads": 2, "hidden_size": 8}})
    assert shape is not None
    assert shape.layers == 2


def test_activations_bound() -> None:
    shape = kv.attention_shape({**BASE})
    assert shape is not None
    # residual/attention 4 x hidden + MLP 2 x intermediate in 4 bytes, fp32 logits
    assert kv.activations(shape, 10, 32) == 10 * ((4 * 64 + 2 * 96) * 4 + 4 * 101)
