"""``--device-map``: one parser for the CLI, the panel and the load worker's options
(``workermap.for_worker`` turns a parsed map into the worker's request), and the estimate
of where each part of a model lands.

Accepted text: a single device (``cpu``, ``cuda:0``, ``mps``), ``auto``, or a comma list
of devices with optional caps (``cuda:0,cuda:1`` / ``cuda:0=10GiB,cuda:1=10GiB,cpu=32GiB``;
``auto`` may carry caps too: ``auto,cpu=8GiB``). A bare number is a CUDA index. Sizes take
KiB/MiB/GiB/TiB (powers of 1024), KB/MB/GB/TB (powers of 1000) or plain bytes. CUDA
indices are nvidia-smi's (``devices.resolve``), like ``--device``.

The split follows transformers' ``integrations/accelerate.py`` (``get_balanced_memory``
then ``infer_auto_device_map``), simplified to whole blocks: a model is cut into its
embeddings, its numbered layers (never split, like ``_no_split_modules``) and the rest
(final norm, head), in that order, and blocks are placed greedily on the devices in order.
With several GPUs and no caps, each GPU but the last gets ``total / n`` plus 1.25x the
biggest block (the balanced map); one GPU alone gets 90% of its free memory; CPU 90% of
its free memory; what fits nowhere would go to disk, which the verdict calls "will not
fit". Per device the needs are its weights, the KV cache of its layers, and on a GPU the
CUDA context; activations are counted on the first device.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hfmanager.core.loadtest.estimate import CUDA_CONTEXT_BYTES, TIGHT_RATIO

_UNITS = {"": 1, "b": 1, "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4,
          "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")
_DEVICE = re.compile(r"^(cpu|mps|disk|cuda:\d+)$")
_LAYER = re.compile(r"^(.*?\.)?(layers|layer|h|blocks|block)\.(\d+)\.")


class DeviceMapError(ValueError):
    """A --device-map text that cannot be understood; the message says what is accepted."""


@dataclass(frozen=True)
class DeviceMapSpec:
    """A parsed --device-map: ``auto`` or an ordered list of (device, cap or None)."""

    auto: bool
    devices: tuple[tuple[str, int | None], ...]

    @property
    def single(self) -> str | None:
        """The one device when the map is a plain device without a cap."""
        if not self.auto and len(self.devices) == 1 and self.devices[0][1] is None:
            return self.devices[0][0]
        return None

    def caps(self) -> dict[str, int]:
        return {d: c for d, c in self.devices if c is not None}

    @property
    def mode(self) -> str:
        """single (one device, no cap) | auto | split (a listed map, caps or not)."""
        return "single" if self.single is not None else "auto" if self.auto else "split"



def parse_size(text: str) -> int:
    """``10GiB`` -> 10737418240; ``512MB`` -> 512000000; ``1000`` -> 1000."""
    m = _SIZE.match(text)
    unit = m.group(2).lower() if m else ""
    if m is None or unit not in _UNITS:
        raise DeviceMapError(f"{text!r} is not a size (e.g. 10GiB, 512MiB, 8GB)")
    return int(float(m.group(1)) * _UNITS[unit])


def parse_device_map(text: str) -> DeviceMapSpec:
    """Parse --device-map text (module docstring); raises :class:`DeviceMapError`."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        raise DeviceMapError("empty --device-map; use auto, cpu, cuda:0 or cuda:0,cuda:1")
    auto = parts[0] == "auto"
    devices: list[tuple[str, int | None]] = []
    for part in parts[1:] if auto else parts:
        name, _, cap = part.partition("=")
        name = name.strip().lower()
        name = f"cuda:{name}" if name.isdigit() else "cuda:0" if name == "cuda" else name
        if not _DEVICE.match(name):
            raise DeviceMapError(f"{part!r}: not a device (cpu, mps, disk, cuda:N) with an "
                                 "optional =SIZE cap")
        if any(d == name for d, _ in devices):
            raise DeviceMapError(f"{name} is listed twice")
        devices.append((name, parse_size(cap) if cap else None))
    return DeviceMapSpec(auto, tuple(devices))


@dataclass(frozen=True)
class Block:
    """A part of the model that lands on one device: embeddings, one layer, or the rest."""

    name: str
    weights: int
    layer: int | None = None  # the layer index, for its KV cache


def blocks(entries: list[tuple[str, int]]) -> list[Block]:
    """Group (tensor name, bytes) into embeddings, numbered layers and the rest, in order."""
    layers: dict[int, tuple[str, int]] = {}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for name, nbytes in entries:
        m = _LAYER.match(name)
        if m:
            idx = int(m.group(3))
            prefix = f"{m.group(1) or ''}{m.group(2)}.{idx}"
            layers[idx] = (prefix, layers.get(idx, (prefix, 0))[1] + nbytes)
            continue
        module = name.rsplit(".", 1)[0]
        side = first if any(k in module for k in ("embed", "wte", "wpe", "shared")) else last
        side[module] = side.get(module, 0) + nbytes
    return ([Block(k, v) for k, v in sorted(first.items())]
            + [Block(p, b, i) for i, (p, b) in sorted(layers.items())]
            + [Block(k, v) for k, v in sorted(last.items())])


@dataclass(frozen=True)
class DevicePart:
    """What lands on one device and whether it fits its free memory."""

    device: str
    blocks: tuple[str, ...]
    weights: int
    kv_cache: int
    activations: int
    cuda_context: int
    budget: int | None  # what the map allowed (cap, or the balanced share)
    free: int | None
    status: str  # fits | tight | no_fit | unknown

    @property
    def needed(self) -> int:
        return self.weights + self.kv_cache + self.activations + self.cuda_context

    def to_json(self) -> dict[str, Any]:
        return {"device": self.device, "blocks": list(self.blocks), "weights": self.weights,
                "kv_cache": self.kv_cache, "activations": self.activations,
                "cuda_context": self.cuda_context, "needed": self.needed,
                "budget": self.budget, "free": self.free, "status": self.status}


@dataclass(frozen=True)
class Split:
    """Where each block lands; ``status`` is the worst of the devices'."""

    parts: tuple[DevicePart, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        order = ("no_fit", "tight", "unknown", "fits")
        return min((p.status for p in self.parts), key=order.index, default="unknown")

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "parts": [p.to_json() for p in self.parts],
                "notes": list(self.notes)}


def status(needed: int, free: int | None) -> str:
    """fits / tight (over 85% of free) / no_fit / unknown (free not known)."""
    if free is None:
        return "unknown"
    if needed > free:
        return "no_fit"
    return "tight" if needed > TIGHT_RATIO * free else "fits"


def _budgets(spec: DeviceMapSpec, free: dict[str, int | None], bs: list[Block]
             ) -> list[tuple[str, int | None]]:
    names = [d for d, _ in spec.devices]
    if spec.auto:  # auto: every known GPU, then the CPU; listed caps apply
        names = [d for d in free if d.startswith("cuda:")] + ["cpu"]
        names += [d for d, _ in spec.devices if d not in names]
    caps = spec.caps()
    gpus = [d for d in names if d.startswith("cuda:")]
    total = sum(b.weights for b in bs)
    buffer = int(1.25 * max((b.weights for b in bs), default=0))
    out: list[tuple[str, int | None]] = []
    for d in names:
        have = free.get(d)
        if d in caps:
            budget: int | None = caps[d] if have is None else min(caps[d], have)
        elif have is None:
            budget = None
        elif d.startswith("cuda:") and len(gpus) > 1 and d != gpus[-1]:
            budget = min(have, total // len(gpus) + buffer)
        else:
            budget = int(0.9 * have)
        out.append((d, budget))
    return out


def split(spec: DeviceMapSpec, bs: list[Block], free: dict[str, int | None], *,
          kv_per_layer: list[int] | None = None, activations: int = 0) -> Split:
    """Place ``bs`` greedily on the map's devices (module docstring); ``free`` maps
    device specs to free bytes (None: unknown), as the device probe lists them."""
    # One device: everything goes there, judged against its free memory alone.
    budgets = [(spec.single, None)] if spec.single else _budgets(spec, free, bs)
    placed: dict[str, list[Block]] = {d: [] for d, _ in budgets}
    notes: list[str] = []
    slot = 0
    for b in bs:
        while slot < len(budgets):
            device, budget = budgets[slot]
            used = sum(x.weights for x in placed[device])
            if budget is None or used + b.weights <= budget:
                placed[device].append(b)
                break
            slot += 1
        else:
            placed.setdefault("disk", []).append(b)
    if "disk" in placed and placed["disk"] and not any(d == "disk" for d, _ in budgets):
        notes.append("the listed devices cannot hold the whole model: the rest would be "
                     "offloaded to disk")
    kv = kv_per_layer or []
    parts: list[DevicePart] = []
    first = next((d for d, _ in budgets if placed.get(d)), None)
    for device, blist in placed.items():
        if not blist and device != first:
            continue
        weights = sum(b.weights for b in blist)
        cache = sum(kv[b.layer] for b in blist if b.layer is not None and b.layer < len(kv))
        act = activations if device == first else 0
        ctx = CUDA_CONTEXT_BYTES if device.startswith("cuda:") else 0
        have = free.get(device)
        budget = dict(budgets).get(device)
        need = weights + cache + act + ctx
        listed = any(d == "disk" for d, _ in budgets)  # offload to disk was asked for
        verdict = ("fits" if listed else "no_fit") if device == "disk" else status(need, have)
        parts.append(DevicePart(device, tuple(b.name for b in blist), weights, cache, act,
                                ctx, budget, have, verdict))
    return Split(tuple(parts), tuple(notes))
