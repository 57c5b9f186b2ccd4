"""Devices a model can be test-loaded on: the CPU, CUDA GPUs via NVML, and (via the worker) MPS.

NVML answers name, UUID, memory and per-process usage without creating a CUDA context,
which would cost the app 300-500 MiB of GPU memory per GPU touched. Where NVML is missing
(no NVIDIA driver library) the worker is asked instead, in a child process. A GPU is
always handed to the worker by UUID through ``CUDA_VISIBLE_DEVICES``: NVML numbers GPUs
by PCI bus, CUDA by speed unless ``CUDA_DEVICE_ORDER`` says otherwise, so indices can
disagree but UUIDs cannot.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfmanager.core.messages import Msg, msg
from hfmanager.core.paths import load_worker
from hfmanager.core.procs import ChildError, capture, default_python, run_sync

WORKER = load_worker()  # a real file, also in a frozen build


@dataclass(frozen=True)
class GpuProcess:
    """Another process holding memory on a GPU (as NVML reports it)."""

    pid: int
    used_bytes: int | None
    name: str = ""


@dataclass(frozen=True)
class Device:
    """A place to load a model; ``spec`` is what the CLI and runner accept."""

    kind: str  # "cpu" | "cuda" | "mps"
    index: int
    name: str
    total_bytes: int | None
    free_bytes: int | None
    uuid: str | None = None
    source: str = "proc"  # "proc" | "nvml" | "worker"
    processes: tuple[GpuProcess, ...] = field(default=())
    label: Msg | None = field(default=None, compare=False)  # ``name`` for the window to translate

    @property
    def spec(self) -> str:
        return "cpu" if self.kind == "cpu" else f"{self.kind}:{self.index}"

    @property
    def is_cuda(self) -> bool:
        return self.kind == "cuda"

    def to_json(self) -> dict[str, Any]:
        return {"spec": self.spec, "kind": self.kind, "index": self.index, "name": self.name,
                "uuid": self.uuid, "total_bytes": self.total_bytes,
                "free_bytes": self.free_bytes, "source": self.source,
                "processes": [p.__dict__ for p in self.processes]}


def _meminfo() -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[1].isdigit():
                    out[parts[0].rstrip(":")] = int(parts[1]) * 1024
    except OSError:
        pass
    return out


def cpu_device() -> Device:
    """The CPU with total RAM and MemAvailable (what can be allocated without swapping)."""
    info = _meminfo()
    total = info.get("MemTotal")
    free = info.get("MemAvailable")
    if total is None:
        try:
            total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
            free = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            total = free = None
    import platform

    label = msg("device.cpu", arch=platform.processor() or platform.machine() or "CPU",
                cores=os.cpu_count() or "?")
    return Device("cpu", 0, label.text(), total, free, label=label)


def _proc_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def nvml_devices() -> list[Device]:
    """CUDA GPUs through NVML; [] when NVML or a driver is not there."""
    try:
        import pynvml
    except ImportError:
        return []
    try:
        pynvml.nvmlInit()
    except Exception:  # NVMLError_LibraryNotFound / DriverNotLoaded...: no NVIDIA GPU here
        return []
    devices: list[Device] = []
    try:
        for i in range(pynvml.nvmlDeviceGetCount()):
            h = pynvml.nvmlDeviceGetHandleByIndex(i)
            mem = pynvml.nvmlDeviceGetMemoryInfo(h)
            procs: list[GpuProcess] = []
            try:
                for p in pynvml.nvmlDeviceGetComputeRunningProcesses(h):
                    used = p.usedGpuMemory if isinstance(p.usedGpuMemory, int) else None
                    procs.append(GpuProcess(int(p.pid), used, _proc_name(int(p.pid))))
            except Exception:  # not supported on some GPUs / MIG: the list stays empty
                pass
            devices.append(Device("cuda", i, _text(pynvml.nvmlDeviceGetName(h)),
                                  int(mem.total), int(mem.free),
                                  _text(pynvml.nvmlDeviceGetUUID(h)), "nvml", tuple(procs)))
    except Exception:  # a GPU falling off the bus mid-listing: keep what we have
        pass
    finally:
        with contextlib.suppress(Exception):  # half-initialised NVML: nothing to undo
            pynvml.nvmlShutdown()
    return devices


def parse_worker_devices(stdout: str) -> list[Device]:
    """Devices from ``load.py --list-devices`` output (its last JSON line)."""
    for line in reversed(stdout.strip().splitlines()):
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict) and event.get("event") == "devices":
            return [Device(d["kind"], int(d["index"]), str(d["name"]), d.get("total_bytes"),
                           d.get("free_bytes"), d.get("uuid"), "worker")
                    for d in event.get("devices", []) if isinstance(d, dict)]
    return []


def worker_devices(python: str | None = None, timeout: float = 60.0) -> list[Device]:
    """Ask the worker (a child with torch) for CUDA and MPS devices; [] on any failure."""
    return run_sync(_ask_worker(python, timeout, {**os.environ, "PYTHONNOUSERSITE": "1"}))


async def worker_devices_async(python: str | None = None, timeout: float = 60.0
                               ) -> list[Device]:
    """:func:`worker_devices` without blocking the event loop (the GUI's refresh)."""
    return await _ask_worker(python, timeout, None)


async def _ask_worker(python: str | None, timeout: float,
                      env: dict[str, str] | None) -> list[Device]:
    try:
        _code, out = await capture([python or default_python(), str(WORKER), "--list-devices"],
                                   timeout=timeout, env=env)
    except (OSError, ChildError):
        return []
    return parse_worker_devices(out.decode("utf-8", "replace"))


def merge_worker(devices: list[Device], from_worker: list[Device]) -> list[Device]:
    """Add MPS, and CUDA GPUs only when NVML listed none (else they would appear twice)."""
    has_nvml_gpu = any(d.kind == "cuda" for d in devices)
    return devices + [d for d in from_worker
                      if d.kind == "mps" or (d.kind == "cuda" and not has_nvml_gpu)]


def list_devices(*, probe_worker: bool = False, python: str | None = None) -> list[Device]:
    """CPU + NVML GPUs; with ``probe_worker`` also CUDA (if NVML found none) and MPS."""
    devices = [cpu_device(), *nvml_devices()]
    return merge_worker(devices, worker_devices(python)) if probe_worker else devices


def resolve(spec: str, devices: list[Device]) -> Device:
    """Find a device by ``cpu``, ``cuda``, ``cuda:N`` (NVML/nvidia-smi order), ``mps``
    or a ``GPU-...`` UUID. Raises ValueError with the choices when nothing matches."""
    s = spec.strip()
    if s == "cuda":
        s = "cuda:0"
    for d in devices:
        if s in (d.spec, d.uuid) or (d.kind == "mps" and s == "mps"):
            return d
    choices = ", ".join(d.spec + (f" ({d.uuid})" if d.uuid else "") for d in devices)
    raise ValueError(f"no device {spec!r}; available: {choices}")


def worker_env(device: Device) -> tuple[str, dict[str, str]]:
    """(device string for the worker, environment pinning the GPU by UUID)."""
    if device.kind == "cuda":
        visible = device.uuid or str(device.index)
        return "cuda:0", {"CUDA_VISIBLE_DEVICES": visible, "CUDA_DEVICE_ORDER": "PCI_BUS_ID"}
    if device.kind == "mps":
        return "mps", {}
    return "cpu", {"CUDA_VISIBLE_DEVICES": ""}
