"""How far the estimate was from the measurement, per run and per architecture.

Read from the load history as it is stored (no schema change: old stores read as they
are). Runs recorded with their ``figures`` (weights, KV cache, peak: see ``figures.py``)
give a ratio per figure; older runs give the weights' ratio only, as below. A run's
estimate is the JSON shown before it: ``runtime.weights_bytes`` (the weights under the
run's options, with ``runtime.architecture``) when the run recorded one, else the dtype
estimate's ``weights_bytes``. The measurement is the worker's parameters +
buffers. Architecture: the config's ``architectures[0]``, else the class that loaded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from hfmanager.core.loadtest import figures as fig
from hfmanager.core.loadtest.history import HistoryEntry


@dataclass(frozen=True)
class Row:
    """One run: estimate and measurement side by side."""

    when: str
    device: str
    dtype: str
    options: str
    estimated: int | None
    measured: int | None
    ratio: float | None  # measured / estimated
    architecture: str
    ok: bool
    ratios: dict[str, float]  # figure key (weights, kv_cache, peak) -> measured / estimated


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def estimated_weights(entry: HistoryEntry) -> int | None:
    runtime = entry.estimate.get("runtime")
    if isinstance(runtime, dict) and _int(runtime.get("weights_bytes")) is not None:
        return _int(runtime.get("weights_bytes"))
    return _int(entry.estimate.get("weights_bytes"))


def measured_weights(entry: HistoryEntry) -> int | None:
    if not entry.ok:
        return None
    params = _int(entry.outcome.get("param_bytes"))
    buffers = _int(entry.outcome.get("buffer_bytes")) or 0
    return None if params is None else params + buffers


def ratio(entry: HistoryEntry) -> float | None:
    """measured / estimated weights; None for a failed run or a missing figure."""
    est, got = estimated_weights(entry), measured_weights(entry)
    return got / est if est and got is not None else None


def architecture(entry: HistoryEntry) -> str:
    runtime = entry.estimate.get("runtime")
    arch = runtime.get("architecture") if isinstance(runtime, dict) else None
    if isinstance(arch, str) and arch and arch != "unknown":
        return arch
    cls = entry.outcome.get("class")
    return cls if isinstance(cls, str) and cls else "unknown"


def ratios(entry: HistoryEntry) -> dict[str, float]:
    """figure -> measured / estimated, for the figures this run has (a failed run: none)."""
    if not entry.ok:
        return {}
    out = {f.key: f.ratio for f in fig.from_json(entry.figures) if f.ratio is not None}
    weights = ratio(entry)
    if "weights" not in out and weights is not None:  # a run recorded before figures
        out["weights"] = weights
    return {k: out[k] for k in fig.KEYS if k in out}


def options_text(entry: HistoryEntry) -> str:
    """The options a run used, short (``4bit, map auto, sdpa, run 8, context 4096``);
    a run recorded before options were kept shows its estimate's quantization only."""
    o = entry.options
    if not o:
        runtime = entry.estimate.get("runtime")
        quantize = runtime.get("quantize") if isinstance(runtime, dict) else None
        return str(quantize) if quantize and quantize != "none" else "-"
    parts = [str(o["quantize"]) if o.get("quantize") not in (None, "none") else "",
             f"map {o['device_map']}" if o.get("device_map") else "",
             str(o.get("attn") or ""), "low cpu mem" if o.get("low_cpu_mem_usage") else "",
             f"run {o['run_tokens']}" if _int(o.get("run_tokens")) else "",
             f"context {o['context']}" if _int(o.get("context")) else "",
             f"class {o['model_class']}" if o.get("model_class") else ""]
    return ", ".join(p for p in parts if p) or "-"


def rows(entries: list[HistoryEntry]) -> list[Row]:
    return [Row(time.strftime("%Y-%m-%d %H:%M", time.localtime(e.finished_at)), e.device,
                e.dtype, options_text(e), estimated_weights(e), measured_weights(e), ratio(e),
                architecture(e), e.ok, ratios(e)) for e in entries]


def by_architecture(entries: list[HistoryEntry]
                    ) -> dict[str, tuple[int, float, float, float]]:
    """architecture -> (runs, lowest, mean, highest ratio) over runs that have one."""
    seen: dict[str, list[float]] = {}
    for e in entries:
        r = ratio(e)
        if r is not None:
            seen.setdefault(architecture(e), []).append(r)
    return {a: (len(v), min(v), sum(v) / len(v), max(v)) for a, v in seen.items()}


def by_architecture_figures(entries: list[HistoryEntry]
                            ) -> dict[str, dict[str, tuple[int, float, float, float]]]:
    """architecture -> figure -> (runs, lowest, mean, highest ratio), every figure a run
    recorded (the weights' figure is ``by_architecture``'s)."""
    seen: dict[str, dict[str, list[float]]] = {}
    for e in entries:
        for key, r in ratios(e).items():
            seen.setdefault(architecture(e), {}).setdefault(key, []).append(r)
    return {a: {k: (len(v), min(v), sum(v) / len(v), max(v)) for k, v in figs.items()}
            for a, figs in seen.items()}
