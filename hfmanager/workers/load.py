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
the worker sets on itself first, POSIX).

``HFMANAGER_LOAD_TEST_HOOK`` (abort | segfault | hang | alloc:<bytes>, the last on the
request's device) makes the worker misbehave at the weight-loading phase; the test
suite uses it to prove the app survives.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import stat
import sys
import time
from typing import Any

# Before anything can import huggingface_hub/transformers: never touch the network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

T0 = time.monotonic()
SAFETENSORS_INDEX = "model.safetensors.index.json"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt")
PICKLE_INDEX = "pytorch_model.bin.index.json"
GIB = 1024**3
NVML_USED_BEFORE: int | None = None


class LoadError(Exception):
    """A failure with a kind the app understands (missing_dependency, remote_code...)."""

    def __init__(self, kind: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.kind = kind
        self.extra = extra


def emit(event: str, **data: Any) -> None:
    data = {"event": event, "t": round(time.monotonic() - T0, 4), **data}
    sys.stdout.write(json.dumps(data, default=str) + "\n")
    sys.stdout.flush()


def clean(text: str) -> str:
    """One line without terminal colour codes (torch puts some in its errors)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text).strip()


def phase(name: str, message: str = "") -> None:
    emit("phase", phase=name, message=message)


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


def import_torch() -> Any:
    try:
        import torch
    except ImportError as exc:
        raise LoadError("missing_dependency",
                        f"torch is not installed in {sys.executable} ({exc})") from exc
    return torch


def has_module(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


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


# ---------------------------------------------------------------------------- strategy


JSON_LIMIT = 64 * 1024 * 1024
WALK_DEPTH = 128


def read_json(path: str) -> Any:
    """A regular file's JSON, at most JSON_LIMIT bytes: a FIFO or /dev/zero in a hostile
    snapshot is refused (O_NONBLOCK + type check) instead of blocking or filling memory."""
    name = os.path.basename(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > JSON_LIMIT:
                raise LoadError("bad_repo", f"{name} is not a regular file of at most "
                                f"{JSON_LIMIT // 2**20} MiB: refused")
            return json.loads(f.read(JSON_LIMIT + 1))
    except RecursionError as exc:
        raise LoadError("bad_repo", f"cannot read {name}: nested too deeply") from exc
    except (OSError, ValueError) as exc:
        raise LoadError("bad_repo", f"cannot read {name}: {exc}") from exc


def check_files(folder: str) -> None:
    """Refuse a snapshot holding a FIFO, a device or a socket (directly or behind a link),
    or folders nested deeper than WALK_DEPTH: loaders would block or never finish.
    Iterative: os.walk recurses (before Python 3.12)."""
    stack = [(folder, 0)]
    while stack:
        top, depth = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = list(it)
        except OSError as exc:
            raise LoadError("bad_repo", f"cannot read {top}: {exc.strerror or exc}") from exc
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if depth >= WALK_DEPTH:
                    raise LoadError("bad_repo", f"{entry.path} is nested more than "
                                    f"{WALK_DEPTH} folders deep: refused")
                stack.append((entry.path, depth + 1))
                continue
            try:
                mode = os.stat(entry.path).st_mode
            except OSError:
                continue  # a broken link: the loader names the missing file itself
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise LoadError("bad_repo", f"{os.path.relpath(entry.path, folder)} is not a "
                                "regular file (a FIFO or a device): refused")


def weight_files(folder: str) -> list[str]:
    """The files a loader would read, in the order the estimate uses too."""
    for index in (SAFETENSORS_INDEX, PICKLE_INDEX):
        ipath = os.path.join(folder, index)
        if os.path.isfile(ipath):
            data = read_json(ipath)
            wmap = data.get("weight_map") if isinstance(data, dict) else None
            if not isinstance(wmap, dict) or not all(
                    isinstance(v, str) for v in wmap.values()):
                raise LoadError("bad_repo", f"{index} has no weight_map of file names")
            names = sorted(set(wmap.values()))
            missing = [n for n in names if not os.path.isfile(os.path.join(folder, n))]
            if missing:
                raise LoadError("bad_repo", f"shards missing: {', '.join(missing[:5])}")
            return [os.path.join(folder, n) for n in names]
    top = sorted(os.listdir(folder))
    st = [n for n in top if n.endswith(".safetensors")]
    if st:
        return [os.path.join(folder, n) for n in st]
    pk = [n for n in top if n.endswith(PICKLE_SUFFIXES) and n != "training_args.bin"]
    if pk:
        return [os.path.join(folder, n) for n in pk]
    found: list[str] = []
    for dirpath, _dirs, files in sorted(os.walk(folder)):
        found += [os.path.join(dirpath, n) for n in sorted(files) if n.endswith(".safetensors")]
    return found


def py_files(folder: str) -> list[str]:
    out = []
    for dirpath, _dirs, files in os.walk(folder):
        out += [os.path.relpath(os.path.join(dirpath, n), folder) for n in files
                if n.endswith(".py")]
    return sorted(out)


def choose_strategy(path: str) -> tuple[str, list[str]]:
    """(strategy, notes). Libraries that are not installed fall back with a note."""
    notes: list[str] = []
    if os.path.isfile(path):
        return "state_dict", notes
    if os.path.isfile(os.path.join(path, "model_index.json")):
        if has_module("diffusers"):
            return "diffusers", notes
        notes.append("diffusers is not installed: loading the raw state dicts instead")
        return "state_dict", notes
    if os.path.isfile(os.path.join(path, "modules.json")):
        if has_module("sentence_transformers"):
            return "sentence_transformers", notes
        notes.append("sentence-transformers is not installed: falling back")
    cfg_path = os.path.join(path, "config.json")
    if os.path.isfile(cfg_path):
        cfg = read_json(cfg_path)
        if isinstance(cfg, dict) and "pretrained_cfg" in cfg and "architecture" in cfg:
            if has_module("timm"):
                return "timm", notes
            notes.append("timm is not installed: loading the raw state dict instead")
            return "state_dict", notes
        if isinstance(cfg, dict) and (cfg.get("model_type") or cfg.get("auto_map")):
            if has_module("transformers"):
                return "transformers", notes
            notes.append("transformers is not installed: loading the raw state dict instead")
        elif isinstance(cfg, dict):
            notes.append("config.json names no transformers model (PyTorchModelHubMixin-style"
                         " or custom): loading the raw state dict")
    return "state_dict", notes


def torch_dtype(torch: Any, name: str) -> Any:
    if name in ("", "auto", None):
        return None
    if name not in ("float32", "float16", "bfloat16"):
        raise LoadError("bad_request", f"unknown dtype {name!r}")
    return getattr(torch, name)


# ----------------------------------------------------------------------------- loaders


def run_test_hook(device: str) -> None:
    hook = os.environ.get("HFMANAGER_LOAD_TEST_HOOK", "")
    if hook == "abort":
        os.abort()
    elif hook == "segfault":
        import ctypes

        ctypes.string_at(0)
    elif hook == "hang":
        time.sleep(3600)
    elif hook.startswith("alloc:"):
        torch = import_torch()
        torch.ones(int(hook.split(":", 1)[1]), dtype=torch.uint8, device=device)


def transformers_class(cfg: dict[str, Any], trust: bool) -> tuple[Any, str]:
    import transformers

    if cfg.get("auto_map") and trust:
        return transformers.AutoModel, "AutoModel (remote code)"
    for arch in cfg.get("architectures") or []:
        cls = getattr(transformers, str(arch), None)
        if cls is not None and hasattr(cls, "from_pretrained"):
            return cls, str(arch)
    for auto in ("AutoModelForCausalLM", "AutoModelForSeq2SeqLM", "AutoModel"):
        auto_cls = getattr(transformers, auto)
        mapping = getattr(auto_cls, "_model_mapping", None)
        try:
            if mapping is not None and type(transformers.AutoConfig.for_model(
                    cfg["model_type"])) in mapping:
                return auto_cls, auto
        except (KeyError, ValueError):
            continue
    return transformers.AutoModel, "AutoModel"


def load_transformers(req: dict[str, Any], torch: Any, device: str) -> tuple[Any, dict[str, Any]]:
    path = req["path"]
    cfg = read_json(os.path.join(path, "config.json"))
    trust = bool(req.get("trust_remote_code"))
    if cfg.get("auto_map") and not trust:
        raise LoadError("remote_code", "this repo needs its own Python code "
                        "(trust_remote_code); allow it first. Files: "
                        + ", ".join(py_files(path) or ["(none in snapshot)"]),
                        py_files=py_files(path))
    phase("reading_config")
    cls, label = transformers_class(cfg, trust)
    kwargs: dict[str, Any] = {"local_files_only": True, "output_loading_info": True,
                              "trust_remote_code": trust}
    dt = torch_dtype(torch, req.get("dtype", "auto"))
    kwargs["dtype"] = dt if dt is not None else "auto"
    moved = False
    if device != "cpu":
        if has_module("accelerate"):
            kwargs["device_map"] = {"": device}
        else:
            moved = True
    phase("building", label)
    phase("loading_weights")
    run_test_hook(device)
    model, info = cls.from_pretrained(path, **kwargs)
    if moved:
        model = model.to(device)
    extra = {"class": type(model).__name__, "requested_class": label,
             "missing_keys": sorted(info.get("missing_keys") or []),
             "unexpected_keys": sorted(info.get("unexpected_keys") or []),
             "mismatched_keys": [str(k) for k in info.get("mismatched_keys") or []]}
    if moved:
        extra["notes"] = ["accelerate is not installed: loaded on the CPU, then moved"]
    return model, extra


def load_file(torch: Any, fpath: str, device: str) -> dict[str, Any]:
    if fpath.endswith(".safetensors"):
        from safetensors.torch import load_file as st_load

        return dict(st_load(fpath, device=device))
    try:
        obj = torch.load(fpath, map_location=device, weights_only=True)
    except Exception as exc:
        if "weights_only" in str(exc) or type(exc).__name__ == "UnpicklingError":
            first = clean(str(exc).splitlines()[0])[:300]
            raise LoadError("unsafe_pickle", f"{os.path.basename(fpath)} is not a plain "
                            "weights file: it asks to run code while unpickling, refused "
                            f"(weights_only=True). {first}") from exc
        raise
    for key in ("state_dict", "model", "model_state_dict"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            obj = obj[key]
    if not isinstance(obj, dict):
        raise LoadError("bad_weights", f"{os.path.basename(fpath)} holds a "
                        f"{type(obj).__name__}, not a state dict")
    return {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}


def load_state_dict(req: dict[str, Any], torch: Any, device: str
                    ) -> tuple[dict[str, Any], dict[str, Any]]:
    path = req["path"]
    files = [path] if os.path.isfile(path) else weight_files(path)
    if not files:
        raise LoadError("no_weights", "no weights file found (.safetensors, .bin, .pt, .pth)")
    phase("building", "raw state dict")
    phase("loading_weights")
    run_test_hook(device)
    dt = torch_dtype(torch, req.get("dtype", "auto"))
    tensors: dict[str, Any] = {}
    for fpath in files:
        for key, t in load_file(torch, fpath, device).items():
            if dt is not None and t.is_floating_point() and t.element_size() >= 2:
                t = t.to(dt)
            tensors[f"{os.path.basename(fpath)}:{key}" if key in tensors else key] = t
    return tensors, {"class": "state_dict", "files": [os.path.basename(f) for f in files]}


def load_other(strategy: str, req: dict[str, Any], torch: Any, device: str
               ) -> tuple[Any, dict[str, Any]]:
    path = req["path"]
    dt = torch_dtype(torch, req.get("dtype", "auto"))
    phase("building", strategy)
    phase("loading_weights")
    run_test_hook(device)
    if strategy == "sentence_transformers":
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(path, device=device, local_files_only=True,
                                    trust_remote_code=bool(req.get("trust_remote_code")))
        if dt is not None:
            model = model.to(dt)
    elif strategy == "diffusers":
        import diffusers

        pipe = diffusers.DiffusionPipeline.from_pretrained(
            path, local_files_only=True, **({"torch_dtype": dt} if dt is not None else {}))
        pipe = pipe.to(device)
        model = torch.nn.ModuleDict({k: v for k, v in pipe.components.items()
                                     if isinstance(v, torch.nn.Module)})
    else:  # timm
        import timm

        cfg = read_json(os.path.join(path, "config.json"))
        model = timm.create_model(cfg["architecture"], pretrained=True,
                                  pretrained_cfg_overlay={"file": weight_files(path)[0]})
        model = model.to(device=device, **({"dtype": dt} if dt is not None else {}))
    return model, {"class": type(model).__name__}


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


def cuda_oom_message(exc: BaseException, needed: int | None, free: int | None) -> str:
    need = f"needs about {needed / GIB:.1f} GiB" if needed else "needs more memory"
    have = f"{free / GIB:.1f} GiB free" if free is not None else "free memory unknown"
    return f"CUDA out of memory: {need}, {have} on the device. ({str(exc).splitlines()[0]})"


def check_transformers_knows(path: str, notes: list[str]) -> str:
    """"transformers", or "state_dict" (with a note) when this transformers version does
    not know the config's model_type and the repo brings no code of its own."""
    import transformers

    cfg = read_json(os.path.join(path, "config.json"))
    model_type = cfg.get("model_type")
    if cfg.get("auto_map") or not model_type:
        return "transformers"
    try:
        from transformers.models.auto.configuration_auto import CONFIG_MAPPING

        known = model_type in CONFIG_MAPPING
    except ImportError:
        known = True  # cannot tell: let from_pretrained decide
    if known:
        return "transformers"
    notes.append(f"transformers {transformers.__version__} does not know model_type "
                 f"{model_type!r}: loading the raw state dict instead")
    return "state_dict"


def classify_oom(exc: BaseException, req: dict[str, Any], free_before: int | None) -> None:
    """Raise a LoadError for out-of-memory failures; return for anything else."""
    text = str(exc)
    if ("out of memory" in text and ("CUDA" in text or "MPS" in text)) or \
            type(exc).__name__ == "OutOfMemoryError":
        needed = req.get("needed_bytes")
        raise LoadError("cuda_oom", cuda_oom_message(exc, needed, free_before),
                        needed_bytes=needed, free_bytes=free_before) from exc
    if isinstance(exc, MemoryError) or "can't allocate memory" in text \
            or "not enough memory" in text:
        raise LoadError("host_oom", "out of host memory while loading: "
                        + (text.splitlines()[0] if text else "MemoryError")) from exc


def load_timed(strategy: str, req: dict[str, Any], torch: Any, device: str,
               free_before: int | None) -> tuple[Any, dict[str, Any], float]:
    t_load = time.monotonic()
    try:
        if strategy == "transformers":
            model, extra = load_transformers(req, torch, device)
        elif strategy == "state_dict":
            model, extra = load_state_dict(req, torch, device)
        else:
            model, extra = load_other(strategy, req, torch, device)
        if device.startswith("cuda"):
            torch.cuda.synchronize()
    except (MemoryError, RuntimeError) as exc:  # torch's OutOfMemoryError is a RuntimeError
        classify_oom(exc, req, free_before)
        raise
    return model, extra, time.monotonic() - t_load


def limit_memory(limit: Any) -> None:
    """RLIMIT_AS on this process, set by the worker itself: a parent that runs threads
    must not run Python code between fork and exec."""
    if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
        return
    with contextlib.suppress(ImportError, ValueError, OSError):  # no resource on Windows
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run(req: dict[str, Any]) -> dict[str, Any]:
    limit_memory(req.get("memory_limit_bytes"))
    phase("starting", sys.executable)
    path = str(req.get("path", ""))
    if not os.path.exists(path):
        raise LoadError("bad_request", f"no such file or folder: {path}")
    if os.path.isdir(path):
        check_files(path)
    strategy, notes = choose_strategy(path)
    torch = import_torch()
    device = str(req.get("device") or "cpu")
    free_before = base_alloc = None
    if device.startswith("cuda"):
        global NVML_USED_BEFORE
        NVML_USED_BEFORE = nvml_query()[1]  # before this process creates its CUDA context
        if not torch.cuda.is_available():
            raise LoadError("no_device", "CUDA is not available in this Python's torch")
        free_before = int(torch.cuda.mem_get_info()[0])
        torch.cuda.reset_peak_memory_stats()
        base_alloc = int(torch.cuda.memory_allocated())
    if strategy == "transformers":  # imported here: import time is not load time
        strategy = check_transformers_knows(path, notes)
    host_before = host_memory()
    model, extra, load_s = load_timed(strategy, req, torch, device, free_before)
    result = measure(torch, model, device)
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
