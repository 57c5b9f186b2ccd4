"""Weights under bitsandbytes 8-bit / 4-bit, and of repos that are quantized already.

Which tensors bitsandbytes quantizes follows transformers (``quantizers/base.py``
``get_keys_to_not_convert`` and ``integrations/bitsandbytes.py`` ``replace_with_bnb_linear``):
only the weight of an ``nn.Linear`` (or GPT-2's ``Conv1D``) is replaced. Everything else
stays in the load dtype: embeddings, norms (1-D), biases, convolutions, and the modules
transformers keeps on purpose (the output embedding ``lm_head``, tied weights, the model's
last module). From headers alone a Linear weight is a 2-D float ``*.weight`` whose module
is not an embedding (``embed``, ``wte``, ``wpe``, ``shared``) or an output head
(``lm_head``, ``score``, ``classifier``, ``qa_outputs``); a model class's own
``_keep_in_fp32_modules`` is not known without the class and is not counted.

Bytes of one quantized ``[out, in]`` weight of ``n = out * in`` elements:
- 8-bit (``Linear8bitLt``): ``n`` int8 bytes + ``out`` float32 row scales (``SCB``).
- 4-bit (``Linear4bit``, nf4/fp4): ``ceil(n / 2)`` bytes (two values a byte) + one float32
  absmax per block of 64 (``4 * ceil(n / 64)``); with nested (double) quantization the
  absmax are 8-bit (``ceil(n / 64)`` bytes) + one float32 per 256 of them + 4 bytes
  offset + a 256-entry float32 code table (1 KiB).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from hfmanager.core.loadtest import estimate as est

QUANTIZE = ("none", "8bit", "4bit")
BLOCK = 64
NESTED_BLOCK = 256
_EMBEDDINGS = ("embed", "wte", "wpe", "shared")
_HEADS = frozenset({"lm_head", "score", "classifier", "qa_outputs"})


@dataclass(frozen=True)
class QuantEstimate:
    """Weights after quantization, with what was and was not quantized."""

    mode: str  # "8bit" | "4bit" | "prequantized:<method>"
    weights_bytes: int
    quantized_params: int
    kept_params: int
    kept_modules: tuple[str, ...]  # 2-D float weights left unquantized, by module name
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"mode": self.mode, "weights_bytes": self.weights_bytes,
                "quantized_params": self.quantized_params, "kept_params": self.kept_params,
                "kept_modules": list(self.kept_modules), "notes": list(self.notes)}


def prequantized(cfg: dict[str, Any]) -> str | None:
    """The repo's own quantization method (``quantization_config.quant_method``), if any."""
    q = cfg.get("quantization_config")
    if not isinstance(q, dict):
        return None
    method = q.get("quant_method")
    if isinstance(method, str) and method:
        return method
    return "bitsandbytes" if q.get("load_in_4bit") or q.get("load_in_8bit") else "unknown"


def is_linear_weight(name: str, dtype: str, shape: tuple[int, ...]) -> bool:
    """A tensor bitsandbytes would quantize (see the module docstring)."""
    if not name.endswith(".weight") or len(shape) != 2 or dtype not in est.CONVERTIBLE:
        return False
    module = name[: -len(".weight")]
    last = module.rsplit(".", 1)[-1]
    return last not in _HEADS and not any(key in last for key in _EMBEDDINGS)


def quantized_bytes(numel: int, rows: int, mode: str, *, nested: bool = False) -> int:
    """Bytes of one quantized weight of ``numel`` elements and ``rows`` output rows."""
    if mode == "8bit":
        return numel + 4 * rows
    blocks = math.ceil(numel / BLOCK)
    packed = math.ceil(numel / 2)
    if not nested:
        return packed + 4 * blocks
    return packed + blocks + 4 * math.ceil(blocks / NESTED_BLOCK) + 4 + 256 * 4


def tensor_bytes(entries: list[tuple[str, str, tuple[int, ...]]], mode: str,
                 target: str | None, *, nested: bool = False) -> list[tuple[str, int]]:
    """(name, bytes in memory) of each tensor under ``mode`` (none / 8bit / 4bit), float
    tensors that stay unquantized as ``target`` dtype (None: as stored)."""
    if mode not in QUANTIZE:
        raise ValueError(f"unknown quantization {mode!r}; use one of {', '.join(QUANTIZE)}")
    out: list[tuple[str, int]] = []
    for name, dtype, shape in entries:
        numel = math.prod(shape)
        if mode != "none" and is_linear_weight(name, dtype, shape):
            out.append((name, quantized_bytes(numel, shape[0], mode, nested=nested)))
            continue
        bits = est.DTYPE_BITS[target] if target and dtype in est.CONVERTIBLE \
            else est.DTYPE_BITS[dtype]
        out.append((name, (numel * bits + 7) // 8))
    return out


def bnb(entries: list[tuple[str, str, tuple[int, ...]]], mode: str, target: str | None,
        *, nested: bool = False) -> QuantEstimate:
    """Weights with bitsandbytes ``mode``; unquantized float tensors as ``target`` dtype
    (None: as stored)."""
    if mode not in ("8bit", "4bit"):
        raise ValueError(f"unknown quantization {mode!r}; use one of {', '.join(QUANTIZE)}")
    quantized = kept = 0
    kept_modules: list[str] = []
    for name, dtype, shape in entries:
        numel = math.prod(shape)
        if is_linear_weight(name, dtype, shape):
            quantized += numel
            continue
        kept += numel
        if name.endswith(".weight") and len(shape) == 2 and dtype in est.CONVERTIBLE:
            kept_modules.append(name[: -len(".weight")])
    total = sum(b for _, b in tensor_bytes(entries, mode, target, nested=nested))
    notes = ("a model class's _keep_in_fp32_modules are not known from the files",)
    return QuantEstimate(mode, total, quantized, kept, tuple(sorted(kept_modules)), notes)


def as_stored(entries: list[tuple[str, str, tuple[int, ...]]], method: str) -> QuantEstimate:
    """A pre-quantized repo: its tensors are packed already; they load as stored."""
    total = sum((math.prod(s) * est.DTYPE_BITS[d] + 7) // 8 for _, d, s in entries)
    packed = sum(math.prod(s) for _, d, s in entries if d not in est.CONVERTIBLE)
    return QuantEstimate(f"prequantized:{method}", total, packed,
                         sum(math.prod(s) for _, d, s in entries) - packed, (),
                         (f"quantized by {method} already: sized as stored",))
