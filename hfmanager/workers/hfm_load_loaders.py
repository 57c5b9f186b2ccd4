"""The load worker's loaders: one per strategy (transformers, raw state dict, diffusers,
sentence-transformers, timm), each returning the model and what it learnt, and the
out-of-memory classification around them.

A sibling of ``load.py`` (split out to keep each file readable), imported by it after it
put this folder on ``sys.path``. torch and the model libraries are imported inside the
functions only: importing them is not load time, and a Python without them must still
answer with a clear error.
"""

from __future__ import annotations

import os
import time
from typing import Any

from hfm_load_options import device_map_kwargs, load_class, quantization_kwargs
from hfm_load_snapshot import (
    GIB,
    LoadError,
    clean,
    has_module,
    import_torch,
    phase,
    py_files,
    read_json,
    torch_dtype,
    weight_files,
)

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
    notes: list[str] = []
    qkwargs, quant = quantization_kwargs(req, torch, path, notes)
    kwargs.update(qkwargs)
    kwargs.update(attn_kwargs(req, notes))
    dm_kwargs, device = device_map_kwargs(req, torch, device, notes)
    moved = False
    if dm_kwargs is not None:
        kwargs.update(dm_kwargs)
    elif device != "cpu" or qkwargs:
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
        notes.append("accelerate is not installed: loaded on the CPU, then moved")
    extra["notes"] = notes
    extra["attn_implementation"] = getattr(model.config, "_attn_implementation", None)
    if quant is not None:
        extra["quantization"] = quant
    return model, extra


def attn_kwargs(req: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """attn_implementation and low_cpu_mem_usage, as asked (checked in check_options)."""
    out: dict[str, Any] = {}
    if req.get("attn"):
        out["attn_implementation"] = req["attn"]
    if req.get("low_cpu_mem_usage"):
        import transformers

        out["low_cpu_mem_usage"] = True
        if int(transformers.__version__.split(".")[0]) >= 5:
            notes.append("low_cpu_mem_usage: transformers 5 always loads this way; "
                         "the flag changes nothing")
    return out


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


# ------------------------------------------------------------------- out of memory


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
        elif strategy == "class":
            phase("building", str(req.get("model_class")))
            phase("loading_weights")
            run_test_hook(device)
            model, extra = load_class(req, torch, device,
                                      torch_dtype(torch, req.get("dtype", "auto")))
        else:
            model, extra = load_other(strategy, req, torch, device)
        if device.startswith("cuda"):
            torch.cuda.synchronize()
    except (MemoryError, RuntimeError) as exc:  # torch's OutOfMemoryError is a RuntimeError
        classify_oom(exc, req, free_before)
        raise
    return model, extra, time.monotonic() - t_load
