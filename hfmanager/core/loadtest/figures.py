"""Estimate beside measurement for every figure of a finished load: the weights, the KV
cache and the peak of the smoke pass, each with its ratio (measured / estimated).

Computed by the front ends when a result arrives and kept in the history (the
estimate's ``figures``), so the error per architecture can be read back later:

- weights: the run-time estimate under the options (else the dtype estimate) against the
  worker's parameters + buffers;
- KV cache: the estimate for the tokens the smoke pass's cache really saw
  (``kv_cache_tokens``: input + generated - 1) against the bytes of its keys and values;
- peak: weights + that KV cache + the activations of the input tokens against the pass's
  peak: GPU allocated (``scope`` "gpu"), or on the CPU the measured weights plus what the
  pass added to the process's RSS (peak RSS - RSS before the pass; ``scope`` "host": the
  interpreter and libraries are not the model's), else the process's whole peak RSS
  (``scope`` "process", where the pass's start is unknown: off Linux).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfmanager.core.loadtest.runtime import at_tokens

KEYS = ("weights", "kv_cache", "peak")


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


@dataclass(frozen=True)
class Figure:
    """One figure of a run: what was estimated, what was measured."""

    key: str  # weights | kv_cache | peak
    estimated: int | None
    measured: int | None
    tokens: int | None = None  # kv_cache and peak: the tokens the estimate is for
    scope: str = ""  # peak: gpu | host

    @property
    def ratio(self) -> float | None:
        if not self.estimated or self.measured is None:
            return None
        return self.measured / self.estimated

    def to_json(self) -> dict[str, Any]:
        return {"estimated": self.estimated, "measured": self.measured,
                "ratio": self.ratio, "tokens": self.tokens, "scope": self.scope}

    @classmethod
    def from_json(cls, key: str, data: Any) -> Figure | None:
        """A stored figure; None for anything that is not one (a hand-edited store)."""
        if not isinstance(data, dict):
            return None
        return cls(key, _int(data.get("estimated")), _int(data.get("measured")),
                   _int(data.get("tokens")), str(data.get("scope") or ""))


def run_figures(target: str | Path, dtype: str, runtime: dict[str, Any] | None,
                weights_estimate: int | None, result: dict[str, Any]) -> list[Figure]:
    """The figures of one finished load (``result`` is the worker's data)."""
    params = _int(result.get("param_bytes"))
    measured = None if params is None else params + (_int(result.get("buffer_bytes")) or 0)
    weights = _int((runtime or {}).get("weights_bytes")) or weights_estimate
    out = [Figure("weights", weights, measured)]
    smoke = result.get("smoke")
    if not isinstance(smoke, dict) or smoke.get("error") or smoke.get("skipped"):
        return out
    tokens = _int(smoke.get("kv_cache_tokens"))
    inputs = _int(smoke.get("input_tokens")) or 0
    cache, _ = at_tokens(target, dtype, tokens) if tokens else (None, 0)
    _, act = at_tokens(target, dtype, inputs)
    got = _int(smoke.get("kv_cache_bytes"))
    if got is not None:
        out.append(Figure("kv_cache", cache.bytes if cache else None, got, tokens))
    need = None if weights is None else weights + (cache.bytes if cache else 0) + act
    peak, scope = _peak(smoke, measured)
    out.append(Figure("peak", need, peak, tokens or inputs, scope))
    return out


def _peak(smoke: dict[str, Any], weights: int | None) -> tuple[int | None, str]:
    gpu = _int(smoke.get("peak_gpu_allocated"))
    if gpu is not None:
        return gpu, "gpu"
    host, before = _int(smoke.get("peak_host_rss")), _int(smoke.get("host_rss_before"))
    if host is not None and before is not None and weights is not None:
        return weights + max(host - before, 0), "host"
    return host, "process"


def to_json(figures: list[Figure]) -> dict[str, Any]:
    return {f.key: f.to_json() for f in figures}


def from_json(data: Any) -> list[Figure]:
    """Stored figures in KEYS order; [] for an old record that has none."""
    if not isinstance(data, dict):
        return []
    found = (Figure.from_json(k, data.get(k)) for k in KEYS)
    return [f for f in found if f is not None]
