"""Test-load worker: load one model in this (child) process and report what it costs.

Runnable by ANY Python as ``python load.py '<json request>'`` or ``python load.py
--list-devices``, without hfmanager installed: it imports nothing from hfmanager and
torch only inside functions. It speaks JSON lines on stdout, one event per line:

    {"event": "phase", "phase": "starting", "t": 0.01}
    {"event": "result", ...}             (last line on success)
    {"event": "error", "kind": "...", "message": "..."}   (last line on failure)

Request keys: ``path`` (snapshot folder or weights file), ``device`` ("cpu", "cuda",
"cuda:0", "mps"; the parent pins the GPU with CUDA_VISIBLE_DEVICES=<UUID>), ``dtype``
("auto", "float32", "float16", "bfloat16"), ``trust_remote_code`` (bool), ``needed_bytes``
(the estimate, used in the CUDA out-of-memory message), ``memory_limit_bytes`` (RLIMIT_AS
the worker sets on itself first, POSIX); the options (hfm_load_options): ``quantize``,
``device_map`` (parsed by the app), ``attn``, ``low_cpu_mem_usage``, ``model_class``
(``module:Name``), and ``run_tokens`` for the smoke pass (hfm_load_smoke).

``HFMANAGER_LOAD_TEST_HOOK`` (abort | segfault | hang | alloc:<bytes>, the last on the
request's device) makes the worker misbehave at the weight-loading phase; the test
suite uses it to prove the app survives.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from typing import Any

# Before anything can import huggingface_hub/transformers: never touch the network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

# The worker is three files in this folder (this entry, hfm_load_snapshot, hfm_load_loaders),
# split to keep each readable. It runs as a script by any Python, never as a package module,
# so its siblings are found through this folder on sys.path, put there explicitly because
# `python -I`/`-P` (and PYTHONSAFEPATH) leave the script's folder off it. A frozen build
# must ship the whole folder next to load.py (packaging/README.md).
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from hfm_load_loaders import (  # noqa: E402  (after the environment and the path above)
    check_transformers_knows,
    classify_oom,
    cuda_oom_message,
    load_file,
    load_other,
    load_state_dict,
    load_timed,
    load_transformers,
    run_test_hook,
    transformers_class,
)
from hfm_load_options import check_options, placement  # noqa: E402
from hfm_load_smoke import smoke  # noqa: E402
from hfm_load_snapshot import (  # noqa: E402
    GIB,
    JSON_LIMIT,
    PICKLE_INDEX,
    PICKLE_SUFFIXES,
    SAFETENSORS_INDEX,
    T0,
    WALK_DEPTH,
    LoadError,
    check_files,
    choose_strategy,
    clean,
    emit,
    has_module,
    import_torch,
    phase,
    py_files,
    read_json,
    torch_dtype,
    weight_files,
)

# The worker's names stay reachable as load.<name> (tests load this file and call them).
__all__ = [
    "GIB", "JSON_LIMIT", "PICKLE_INDEX", "PICKLE_SUFFIXES", "SAFETENSORS_INDEX", "T0",
    "WALK_DEPTH", "LoadError", "check_files", "check_transformers_knows", "choose_strategy",
    "classify_oom", "clean", "cuda_oom_message", "emit", "has_module", "host_memory",
    "import_torch", "list_devices", "load_file", "load_other", "load_state_dict",
    "load_timed", "load_transformers", "main", "measure", "nvml_query", "phase", "py_files",
    "read_json", "run", "run_test_hook", "tensor_bytes", "torch_dtype", "transformers_class",
    "weight_files",
]

NVML_USED_BEFORE: int | None = None


def host_memory() -> dict[str, int | None]:
    """Anonymous RSS (heap, not mapped weight files) and the high-water mark, in bytes."""
    out: dict[str, int | None] = {"rss_anon": None, "rss": None, "rss_peak": None}
    keys = {"RssAnon:": "rss_anon", "VmRSS:": "rss", "VmHWM:": "rss_peak"}
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                parts = line.split()
                if parts and parts[0] in keys:
                    out[keys[parts[0]]] = int(parts[1]) * 1024
    except OSError:
        try:
            import resource  # macOS: ru_maxrss in bytes; no anon split available

            out["rss_peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        except (ImportError, OSError):
            pass
    return out


# ----------------------------------------------------------------------------- devices


def list_devices() -> list[dict[str, Any]]:
    """CUDA devices as this Python's torch sees them (creates a context: child only)."""
    torch = import_torch()
    devices: list[dict[str, Any]] = []
    if torch.cuda.is_available():
        for i in range(torch.cuda.device_count()):
            props = torch.cuda.get_device_properties(i)
            free, total = torch.cuda.mem_get_info(i)
            uuid = getattr(props, "uuid", None)
            uuid_s = f"GPU-{uuid}" if uuid is not None and not str(uuid).startswith("GPU-") \
                else (str(uuid) if uuid is not None else None)
            devices.append({"kind": "cuda", "index": i, "name": props.name, "uuid": uuid_s,
                            "total_bytes": int(total), "free_bytes": int(free)})
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        total = None
        with contextlib.suppress(AttributeError, RuntimeError):
            total = int(torch.mps.recommended_max_memory())
        devices.append({"kind": "mps", "index": 0, "name": "Apple MPS", "uuid": None,
                        "total_bytes": total, "free_bytes": total})
    return devices


# --------------------------------------------------------------------------- measuring
def tensor_bytes(tensors: Any) -> tuple[int, dict[str, int], dict[str, int]]:
    """(elements, bytes per dtype, elements per dtype), shared storage counted once."""
    seen: set[int] = set()
    count = 0
    by_dtype: dict[str, int] = {}
    n_by_dtype: dict[str, int] = {}
    for t in tensors:
        key = id(t)
        if key in seen:
            continue
        seen.add(key)
        name = str(t.dtype).replace("torch.", "")
        count += t.numel()
        by_dtype[name] = by_dtype.get(name, 0) + t.numel() * t.element_size()
        n_by_dtype[name] = n_by_dtype.get(name, 0) + t.numel()
    return count, by_dtype, n_by_dtype


def nvml_query() -> tuple[int | None, int | None]:
    """(this process's GPU bytes, the device's used bytes) from NVML, when pynvml exists.

    The per-process figure includes the CUDA context. In a container NVML reports host
    PIDs, so the per-process lookup can miss; the device's used bytes are the fallback.
    """
    try:
        import pynvml
    except ImportError:
        return None, None
    try:
        pynvml.nvmlInit()
        try:
            uuid = os.environ.get("CUDA_VISIBLE_DEVICES", "").split(",")[0]
            handle = (pynvml.nvmlDeviceGetHandleByUUID(uuid) if uuid.startswith(("GPU-", "MIG-"))
                      else pynvml.nvmlDeviceGetHandleByIndex(int(uuid or 0)))
            used = int(pynvml.nvmlDeviceGetMemoryInfo(handle).used)
            mine = None
            for proc in pynvml.nvmlDeviceGetComputeRunningProcesses(handle):
                if proc.pid == os.getpid() and isinstance(proc.usedGpuMemory, int):
                    mine = int(proc.usedGpuMemory)
            return mine, used
        finally:
            pynvml.nvmlShutdown()
    except Exception:  # NVML errors are many and none matter here: the fields stay empty
        return None, None


def measure(torch: Any, model: Any, device: str) -> dict[str, Any]:
    phase("measuring")
    if isinstance(model, dict):
        params, buffers = list(model.values()), []
        trainable = None
    else:
        params = list(model.parameters())
        buffers = list(model.buffers())
        trainable = sum(p.numel() for p in params if p.requires_grad)
    n_params, p_bytes, p_counts = tensor_bytes(params)
    n_buf, b_bytes, _ = tensor_bytes(buffers)
    out: dict[str, Any] = {
        "params_total": n_params, "params_trainable": trainable,
        "param_bytes_by_dtype": p_bytes, "param_count_by_dtype": p_counts,
        "buffer_bytes_by_dtype": b_bytes, "buffers_total": n_buf,
        "param_bytes": sum(p_bytes.values()), "buffer_bytes": sum(b_bytes.values()),
    }
    if device.startswith("cuda"):
        torch.cuda.synchronize()
        out["gpu_allocated"] = int(torch.cuda.memory_allocated())
        out["gpu_peak_allocated"] = int(torch.cuda.max_memory_allocated())
        out["gpu_reserved"] = int(torch.cuda.memory_reserved())
        mine, used = nvml_query()
        out["gpu_process_total"] = mine
        out["gpu_process_total_source"] = "nvml" if mine is not None else None
        if mine is None and used is not None and NVML_USED_BEFORE is not None:
            # No per-process figure: the device's growth since before torch touched CUDA.
            out["gpu_process_total"] = used - NVML_USED_BEFORE
            out["gpu_process_total_source"] = "nvml device delta"
        out["gpu_name"] = torch.cuda.get_device_name()
    return out


def limit_memory(limit: Any) -> None:
    """RLIMIT_AS on this process, set by the worker itself: a parent that runs threads
    must not run Python code between fork and exec."""
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        return
    with contextlib.suppress(ImportError, ValueError, OSError):  # no resource on Windows
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def request_device(req: dict[str, Any]) -> str:
    """The device asked for; a single-device map names it instead."""
    device = str(req.get("device") or "cpu")
    dmap = req.get("device_map")
    if isinstance(dmap, dict) and dmap.get("mode") == "single" and dmap.get("devices"):
        device = str(dmap["devices"][0])
    return device


def cuda_baseline(torch: Any, device: str) -> tuple[int | None, int | None]:
    """On CUDA, the free memory and this process's allocation before the load (the result
    is measured against them), and NVML's count before the CUDA context; else Nones."""
    if not device.startswith("cuda"):
        return None, None
    global NVML_USED_BEFORE
    NVML_USED_BEFORE = nvml_query()[1]  # before this process creates its CUDA context
    if not torch.cuda.is_available():
        raise LoadError("no_device", "CUDA is not available in this Python's torch")
    free_before = int(torch.cuda.mem_get_info()[0])
    torch.cuda.reset_peak_memory_stats()
    return free_before, int(torch.cuda.memory_allocated())


def quantize_applies(req: dict[str, Any], strategy: str) -> None:
    """bitsandbytes goes through transformers' from_pretrained: any other way would load
    the model unquantized and say nothing, so it is refused."""
    if str(req.get("quantize") or "none") != "none" and strategy != "transformers":
        raise LoadError("quantize_not_applicable", f"{req['quantize']} quantization applies "
                        f"to transformers models only; this one loads as {strategy}. "
                        "Nothing was loaded: load it without quantization.")


def run(req: dict[str, Any]) -> dict[str, Any]:
    limit_memory(req.get("memory_limit_bytes"))
    phase("starting", sys.executable)
    path = str(req.get("path", ""))
    if not os.path.exists(path):
        raise LoadError("bad_request", f"no such file or folder: {path}")
    if os.path.isdir(path):
        check_files(path)
    strategy, notes = choose_strategy(path)
    quantize_applies(req, "class" if req.get("model_class") else strategy)
    torch = import_torch()
    check_options(req, torch)  # before any load: quantize/flash_attention_2 need CUDA here
    device = request_device(req)
    if req.get("model_class"):  # the user's own class: the fallback notes do not apply
        strategy, notes = "class", []
    free_before, base_alloc = cuda_baseline(torch, device)
    if strategy == "transformers":  # imported here: import time is not load time
        strategy = check_transformers_knows(path, notes)
    quantize_applies(req, strategy)  # a model_type this transformers does not know
    host_before = host_memory()
    model, extra, load_s = load_timed(strategy, req, torch, device, free_before)
    result = measure(torch, model, device)
    result["placement"] = placement(model, device)
    files = [path] if os.path.isfile(path) else weight_files(path)
    read_bytes = sum(os.path.getsize(f) for f in files)
    host_after = host_memory()
    result.update(extra)
    result.update({
        "strategy": strategy, "device": device, "dtype": req.get("dtype", "auto"),
        "load_seconds": round(load_s, 4), "read_bytes": read_bytes,
        "read_throughput_bps": int(read_bytes / load_s) if load_s > 0 else None,
        "host_rss_anon": host_after["rss_anon"], "host_rss": host_after["rss"],
        "host_rss_peak": host_after["rss_peak"],
        "host_rss_anon_delta": (host_after["rss_anon"] - host_before["rss_anon"])
        if host_after["rss_anon"] is not None and host_before["rss_anon"] is not None else None,
        "notes": notes + list(extra.get("notes", [])),
        "python": sys.executable, "torch_version": torch.__version__,
    })
    run_tokens = req.get("run_tokens")
    if isinstance(run_tokens, int) and not isinstance(run_tokens, bool) and run_tokens > 0:
        result["smoke"] = smoke(torch, model, strategy, path, run_tokens, device)
    del model
    gc.collect()
    if base_alloc is not None:
        result["gpu_allocated_delta"] = result["gpu_allocated"] - base_alloc
        result["gpu_free_before"] = free_before
        torch.cuda.empty_cache()
        result["gpu_allocated_after_free"] = int(torch.cuda.memory_allocated())
    return result


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[1] == "--list-devices":
        try:
            emit("devices", devices=list_devices())
            return 0
        except LoadError as exc:
            emit("error", kind=exc.kind, message=str(exc))
            return 1
    try:
        req = json.loads(argv[1]) if len(argv) == 2 else None
        if not isinstance(req, dict):
            raise ValueError("expected one JSON object argument")
    except ValueError as exc:
        emit("error", kind="bad_request", message=f"usage: load.py '<json>': {exc}")
        return 2
    try:
        emit("result", **run(req))
        return 0
    except LoadError as exc:
        emit("error", kind=exc.kind, message=clean(str(exc)), **exc.extra)
    except Exception as exc:  # the parent shows it; a traceback line helps a bug report
        import traceback

        emit("error", kind="load_failed", message=f"{type(exc).__name__}: {exc}"[:2000],
             traceback=traceback.format_exc()[-4000:])
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
