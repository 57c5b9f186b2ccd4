"""Memory a model needs at run time beyond its weights, from config.json alone.

- KV cache (batch 1, ``context`` tokens), the way transformers' ``DynamicCache`` holds it:
  per attention layer a key and a value tensor of ``[batch, kv_heads, tokens, head_dim]``
  in the load dtype. ``kv_heads`` is ``num_key_value_heads`` (GQA; 1 is MQA), else 1 for
  ``multi_query`` configs, else ``num_attention_heads``. ``head_dim`` is ``config.head_dim``
  when set, else ``hidden_size // num_attention_heads``. A sliding-window layer
  (``DynamicSlidingWindowLayer``) keeps only the last ``window - 1`` tokens, so it holds
  ``min(context, window - 1)``. Which layers slide: ``layer_types`` when the config lists
  them (Gemma 2/3, Qwen 2, Ministral), else every layer when ``sliding_window`` is set
  (Mistral), else none; ``use_sliding_window: false`` (Qwen 2) turns the window off.
- Activations for one forward pass over the context, batch 1 (a rough upper bound, not
  a measurement): the residual stream and attention projections (``4 x hidden``), the MLP's
  up/gate outputs (``2 x intermediate``) for every token in the load dtype, plus float32
  logits for every position (``vocab x 4`` bytes per token; ``generate`` keeps only the last
  position's, so a generation needs less). Attention scores are not counted: sdpa and flash
  attention never build the ``tokens x tokens`` matrix (eager attention does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfmanager.core.untrusted import read_json

JSON_LIMIT = 64 * 1024 * 1024
_SLIDING = frozenset({"sliding_attention", "chunked_attention", "hybrid_sliding",
                      "reference_sliding_attention"})
_FULL = frozenset({"full_attention", "attention", "global", "local_global"})


def read_config(folder: str | Path) -> dict[str, Any]:
    """config.json of a snapshot folder, {} when absent, unreadable or not an object."""
    try:
        data = read_json(Path(folder) / "config.json", JSON_LIMIT)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


# Encoder-only families: a forward pass keeps no keys and values (nothing generates).
_ENCODERS = frozenset({
    "bert", "roberta", "xlm-roberta", "distilbert", "albert", "electra", "deberta",
    "deberta-v2", "mpnet", "camembert", "modernbert", "ernie", "nomic_bert", "esm",
    "xlm-roberta-xl", "data2vec-text", "longformer", "big_bird", "funnel", "squeezebert"})
_GENERATING = ("ForCausalLM", "LMHeadModel", "ForConditionalGeneration")


def keeps_kv_cache(cfg: dict[str, Any]) -> bool:
    """Whether running the model keeps a KV cache: not for an encoder-only model (BERT
    and kin) unless its config or class makes it a decoder (``is_decoder``,
    ``BertLMHeadModel``). Unknown families count one (the safe side)."""
    archs = cfg.get("architectures")
    names = [a for a in archs if isinstance(a, str)] if isinstance(archs, list) else []
    if cfg.get("is_decoder") is True or cfg.get("is_encoder_decoder") is True:
        return True
    if any(a.endswith(_GENERATING) for a in names):
        return True
    return cfg.get("model_type") not in _ENCODERS


def text_config(cfg: dict[str, Any]) -> dict[str, Any]:
    """The language model's part of a multimodal config (``text_config``), else ``cfg``."""
    inner = cfg.get("text_config")
    return inner if isinstance(inner, dict) and inner else cfg


def _int(cfg: dict[str, Any], *names: str) -> int | None:
    for name in names:
        value = cfg.get(name)
        if type(value) is int and value > 0:
            return value
    return None


@dataclass(frozen=True)
class AttentionShape:
    """What the KV cache depends on, read from a config."""

    layers: int
    kv_heads: int
    head_dim: int
    windows: tuple[int | None, ...]  # per layer: None = full attention
    hidden: int
    intermediate: int
    vocab: int


def attention_shape(cfg: dict[str, Any]) -> AttentionShape | None:
    """The attention geometry of a decoder config; None when the config lacks it."""
    c = text_config(cfg)
    layers = _int(c, "num_hidden_layers", "n_layer", "num_layers")
    heads = _int(c, "num_attention_heads", "n_head", "num_heads")
    hidden = _int(c, "hidden_size", "n_embd", "d_model")
    if layers is None or heads is None or hidden is None:
        return None
    kv = _int(c, "num_key_value_heads", "num_kv_heads", "n_head_kv")
    if kv is None:
        kv = 1 if c.get("multi_query") is True else heads
    head_dim = _int(c, "head_dim") or hidden // heads
    intermediate = _int(c, "intermediate_size", "n_inner", "ffn_dim") or 4 * hidden
    vocab = _int(c, "vocab_size") or 0
    return AttentionShape(layers, kv, head_dim, _windows(c, layers), hidden, intermediate, vocab)


def _windows(c: dict[str, Any], layers: int) -> tuple[int | None, ...]:
    window = _int(c, "sliding_window")
    chunk = _int(c, "attention_chunk_size")
    if c.get("use_sliding_window") is False:
        window = None
    types = c.get("layer_types")
    if isinstance(types, list) and len(types) == layers:
        out: list[int | None] = []
        for t in types:
            if t == "chunked_attention":
                out.append(chunk)
            elif t in _SLIDING:
                out.append(window)
            else:
                out.append(None)
        return tuple(out)
    return tuple([window if window is not None else chunk] * layers)


@dataclass(frozen=True)
class KvEstimate:
    """The KV cache for ``context`` tokens, batch 1, in ``bits``-bit elements."""

    context: int
    bytes: int
    tokens_per_layer: tuple[int, ...]
    shape: AttentionShape
    bits: int
    notes: tuple[str, ...] = field(default=())

    def per_layer_bytes(self) -> list[int]:
        s = self.shape
        return [2 * s.kv_heads * s.head_dim * t * self.bits // 8 for t in self.tokens_per_layer]

    def to_json(self) -> dict[str, Any]:
        s = self.shape
        return {"context": self.context, "bytes": self.bytes, "bits": self.bits,
                "layers": s.layers, "kv_heads": s.kv_heads, "head_dim": s.head_dim,
                "sliding_layers": sum(w is not None for w in s.windows),
                "tokens_per_layer": list(self.tokens_per_layer), "notes": list(self.notes)}


def kv_cache(shape: AttentionShape, context: int, bits: int, batch: int = 1) -> KvEstimate:
    """Bytes of keys + values after a forward pass over ``context`` tokens."""
    tokens = tuple(context if w is None else min(context, max(w - 1, 0))
                   for w in shape.windows)
    per_token = 2 * batch * shape.kv_heads * shape.head_dim * bits
    total = sum(t * per_token for t in tokens) // 8
    notes = []
    if any(w is not None for w in shape.windows):
        notes.append("sliding-window layers keep their last window - 1 tokens")
    return KvEstimate(context, total, tokens, shape, bits, tuple(notes))


def activations(shape: AttentionShape, context: int, bits: int) -> int:
    """Rough upper bound of one forward pass's activations, batch 1 (module docstring)."""
    per_token = (4 * shape.hidden + 2 * shape.intermediate) * bits // 8 + 4 * shape.vocab
    return context * per_token
