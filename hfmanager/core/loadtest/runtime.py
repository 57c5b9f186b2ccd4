"""The whole pre-load answer: weights under the chosen options, KV cache and activations
at a context length, the CUDA context, and where it all lands per device.

Pure Python over the safetensors headers and config.json (no torch, no weights read);
the pieces are in ``estimate`` (headers, dtype), ``quantest`` (8/4-bit, pre-quantized),
``kvcache`` (KV cache, activations) and ``devicemap`` (the split and the verdicts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfmanager.core.loadtest import devicemap as dm
from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest import kvcache as kv
from hfmanager.core.loadtest import quantest as qe
from hfmanager.core.loadtest.devices import Device


@dataclass(frozen=True)
class RuntimeEstimate:
    """Everything a load at ``context`` tokens with these options would need, per device."""

    base: est.Estimate  # the weights as stored / after dtype conversion
    quantize: str
    weights_bytes: int  # under the options (quantized, or as the repo stores them)
    quant: qe.QuantEstimate | None
    context: int
    kv: kv.KvEstimate | None
    activations: int
    split: dm.Split
    architecture: str
    notes: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        return self.split.status

    @property
    def cuda_context(self) -> int:
        return sum(p.cuda_context for p in self.split.parts)

    def to_json(self) -> dict[str, Any]:
        return {"architecture": self.architecture, "quantize": self.quantize,
                "weights_bytes": self.weights_bytes,
                "quant": self.quant.to_json() if self.quant else None,
                "context": self.context, "kv_cache": self.kv.to_json() if self.kv else None,
                "activations": self.activations, "cuda_context": self.cuda_context,
                "split": self.split.to_json(), "status": self.status,
                "notes": list(self.notes)}


def architecture(cfg: dict[str, Any]) -> str:
    """``architectures[0]``, else ``model_type``, else "unknown": the key the history's
    estimate errors are grouped by."""
    archs = cfg.get("architectures")
    if isinstance(archs, list) and archs and isinstance(archs[0], str):
        return archs[0][:100]
    mt = cfg.get("model_type")
    return mt[:100] if isinstance(mt, str) and mt else "unknown"


def _entries(e: est.Estimate) -> list[tuple[str, str, tuple[int, ...]]]:
    if e.source != "safetensors headers":
        return []
    return [t for f in e.files for t in est.read_header(f).entries]


def _load_code(dtype: str, cfg: dict[str, Any]) -> str | None:
    value = kv.text_config(cfg).get("dtype") or kv.text_config(cfg).get("torch_dtype") \
        or cfg.get("dtype") or cfg.get("torch_dtype")
    return est.TARGET_CODE.get(dtype) or (
        est.CONFIG_DTYPE.get(value) if isinstance(value, str) else None)


def runtime_estimate(target: str | Path, dtype: str = "auto", *, quantize: str = "none",
                     context: int = 0, device_map: dm.DeviceMapSpec | None = None,
                     device: Device | None = None, devices: list[Device] | None = None
                     ) -> RuntimeEstimate:
    """The estimate for loading ``target`` with these options. ``device_map`` wins over
    ``device`` (one device); ``devices`` give free memory (the device probe's list).
    Raises :class:`~hfmanager.core.loadtest.estimate.EstimateError` like ``estimate``."""
    if quantize not in qe.QUANTIZE:
        raise ValueError(f"unknown quantization {quantize!r}; use one of "
                         f"{', '.join(qe.QUANTIZE)}")
    base = est.estimate(target, dtype)
    folder = Path(target) if Path(target).is_dir() else Path(target).parent
    cfg = kv.read_config(folder) if Path(target).is_dir() else {}
    code = _load_code(dtype, cfg)
    entries = _entries(base)
    notes: list[str] = []
    method = qe.prequantized(cfg)
    quant: qe.QuantEstimate | None = None
    if method is not None and entries:
        quant = qe.as_stored(entries, method)
        if quantize != "none":
            notes.append(f"the repo is quantized already ({method}): it loads with its own "
                         f"method, not {quantize}")
        sizes = [(n, (s * est.DTYPE_BITS[d] + 7) // 8) for n, d, s in _numel(entries)]
    elif quantize != "none" and entries:
        quant = qe.bnb(entries, quantize, code)
        sizes = qe.tensor_bytes(entries, quantize, code)
    elif entries:
        sizes = qe.tensor_bytes(entries, "none", code)
    else:
        if quantize != "none":
            notes.append("8/4-bit sizes need safetensors headers: shown unquantized")
        sizes = [("model", base.weights_bytes)]
    weights = quant.weights_bytes if quant else base.weights_bytes
    shape = kv.attention_shape(cfg)
    bits = est.DTYPE_BITS[code or "F32"]
    keeps = kv.keeps_kv_cache(cfg)
    cache = (kv.kv_cache(shape, context, bits)
             if shape is not None and context > 0 and keeps else None)
    if context > 0 and shape is not None and not keeps:
        notes.append("an encoder-only model keeps no KV cache: none counted")
    act = kv.activations(shape, context, bits) if shape is not None and context > 0 else 0
    if context > 0 and shape is None:
        notes.append("config.json does not describe attention layers: KV cache not counted")
    spec = device_map or dm.parse_device_map(device.spec if device else "cpu")
    free = {d.spec: d.free_bytes for d in devices or ([device] if device else [])}
    split = dm.split(spec, dm.blocks(sizes), free,
                     kv_per_layer=cache.per_layer_bytes() if cache else None, activations=act)
    return RuntimeEstimate(base, quantize, weights, quant, context, cache, act, split,
                           architecture(cfg), tuple(notes) + split.notes)


def at_tokens(target: str | Path, dtype: str, tokens: int
              ) -> tuple[kv.KvEstimate | None, int]:
    """(the KV cache, the activations) for a pass over ``tokens`` tokens, batch 1, from
    config.json and the load dtype: the estimate beside a smoke pass's measurement, for
    the tokens it really ran (not the ``context`` the user asked about)."""
    path = Path(target)
    cfg = kv.read_config(path) if path.is_dir() else {}
    shape = kv.attention_shape(cfg)
    if shape is None or tokens <= 0:
        return None, 0
    bits = est.DTYPE_BITS[_load_code(dtype, cfg) or "F32"]
    cache = kv.kv_cache(shape, tokens, bits) if kv.keeps_kv_cache(cfg) else None
    return cache, kv.activations(shape, tokens, bits)


def _numel(entries: list[tuple[str, str, tuple[int, ...]]]
           ) -> list[tuple[str, str, int]]:
    out = []
    for name, dtype, shape in entries:
        n = 1
        for d in shape:
            n *= d
        out.append((name, dtype, n))
    return out
