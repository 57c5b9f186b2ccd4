"""A parsed ``--device-map`` (:mod:`devicemap`) as the load worker receives it.

The worker never reads the ``--device-map`` text: it gets ``{"mode": single|auto|split,
"devices": [...], "caps": {device: bytes or None}}`` in its JSON request. GPUs are named
in nvidia-smi numbering (like ``--device``); the listed ones are made visible by UUID in
the order given (CUDA_VISIBLE_DEVICES) and renamed cuda:0..n-1, so the worker's torch
numbering matches what the user typed.
"""

from __future__ import annotations

from typing import Any

from hfmanager.core.loadtest.devicemap import DeviceMapError, DeviceMapSpec
from hfmanager.core.loadtest.devices import Device


def for_worker(spec: DeviceMapSpec, devices: list[Device]
               ) -> tuple[dict[str, Any], dict[str, str], str]:
    """(the map for the worker, environment pinning its GPUs, the worker's ``device``:
    where single-device figures are measured). An unknown GPU raises DeviceMapError."""
    names = [d for d, _ in spec.devices]
    mode = "auto" if spec.auto else "single" if spec.single is not None else "split"
    if spec.auto:  # every GPU stays visible: accelerate chooses among them
        caps = {d: c for d, c in spec.devices}
        gpu = next((d for d in devices if d.is_cuda), None)
        return ({"mode": mode, "devices": names, "caps": caps}, {},
                "cuda:0" if gpu is not None else "cpu")
    rename: dict[str, str] = {}
    visible: list[str] = []
    for name in names:
        if not name.startswith("cuda:"):
            continue
        index = int(name.split(":")[1])
        found = next((d for d in devices if d.is_cuda and d.index == index), None)
        if found is None:
            raise DeviceMapError(f"{name}: no such GPU here (devices: "
                                 f"{', '.join(d.spec for d in devices) or 'none'})")
        rename[name] = f"cuda:{len(visible)}"
        visible.append(found.uuid or str(found.index))
    env: dict[str, str] = ({"CUDA_VISIBLE_DEVICES": ",".join(visible),
                            "CUDA_DEVICE_ORDER": "PCI_BUS_ID"} if visible
                           else {} if "mps" in names else {"CUDA_VISIBLE_DEVICES": ""})
    worker = [rename.get(d, d) for d in names]
    first = next((d for d in worker if d != "disk"), "cpu")
    return ({"mode": mode, "devices": worker,
             "caps": {rename.get(d, d): c for d, c in spec.devices}}, env, first)
