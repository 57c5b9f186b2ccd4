"""The load worker's options: quantization, device map, attention, the user's own class.

A sibling of ``load.py`` (any Python runs it; it imports nothing from hfmanager and torch
or transformers only inside functions). The device map arrives parsed by the app
(``core/loadtest/devicemap.py``): ``{"mode": single|auto|split, "devices": [...],
"caps": {device: bytes|None}}``; this module never reads the ``--device-map`` text.
"""

from __future__ import annotations

import importlib
import inspect
import os
from typing import Any

from hfm_load_snapshot import LoadError, has_module, read_json

QUANTIZE = ("none", "8bit", "4bit")
ATTN = ("eager", "sdpa", "flash_attention_2")


def check_options(req: dict[str, Any], torch: Any) -> None:
    """Refuse, before anything loads, what this Python and machine cannot do."""
    quantize = str(req.get("quantize") or "none")
    if quantize not in QUANTIZE:
        raise LoadError("bad_request", f"unknown quantize {quantize!r}")
    cuda = bool(torch.cuda.is_available())
    if quantize != "none" and not (cuda and has_module("bitsandbytes")):
        why = "no CUDA GPU is visible" if not cuda else "bitsandbytes is not installed"
        raise LoadError("quantize_unavailable", f"{quantize} quantization needs a CUDA GPU "
                        f"and bitsandbytes; {why} in this Python. Nothing was loaded.")
    attn = req.get("attn")
    if attn is not None and attn not in ATTN:
        raise LoadError("bad_request", f"unknown attention implementation {attn!r}")
    if attn == "flash_attention_2" and not (cuda and has_module("flash_attn")):
        why = "no CUDA GPU is visible" if not cuda else "flash_attn is not installed"
        raise LoadError("attn_unavailable", "flash_attention_2 needs a CUDA GPU and the "
                        f"flash_attn package; {why} in this Python. Use sdpa or eager.")


def repo_quantization(path: str) -> str | None:
    """The method a pre-quantized repo names (gptq, awq, bitsandbytes, fp8...), or None."""
    cfg_path = os.path.join(path, "config.json")
    if not os.path.isfile(cfg_path):
        return None
    cfg = read_json(cfg_path)
    qc = cfg.get("quantization_config") if isinstance(cfg, dict) else None
    if not isinstance(qc, dict):
        return None
    method = qc.get("quant_method") or ("bitsandbytes" if qc.get("load_in_4bit")
                                        or qc.get("load_in_8bit") else "unknown")
    return str(method)


def quantization_kwargs(req: dict[str, Any], torch: Any, path: str, notes: list[str]
                        ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(from_pretrained kwargs, the report's quantization entry)."""
    quantize = str(req.get("quantize") or "none")
    own = repo_quantization(path)
    if own is not None:  # the repo's config drives its own method: pass nothing
        if quantize != "none":
            notes.append(f"the repo is already quantized ({own}): --quantize {quantize} "
                         "was not applied")
        return {}, {"method": own, "source": "repo"}
    if quantize == "none":
        return {}, None
    from transformers import BitsAndBytesConfig

    if quantize == "8bit":
        cfg = BitsAndBytesConfig(load_in_8bit=True)
    else:
        cfg = BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4",
                                 bnb_4bit_compute_dtype=torch.bfloat16)
    return {"quantization_config": cfg}, {"method": f"bitsandbytes {quantize}",
                                           "source": "requested"}


def _max_memory(dmap: dict[str, Any], torch: Any) -> dict[Any, int]:
    """accelerate's max_memory: GPUs by index; an uncapped device gets what is free
    (``auto``: every visible GPU and the CPU, the listed caps applied)."""
    out: dict[Any, int] = {}
    names = list(dmap.get("devices") or [])
    if dmap.get("mode") == "auto":
        names = [f"cuda:{i}" for i in range(torch.cuda.device_count())] + ["cpu"] + [
            n for n in names if n not in ("cpu",) and not n.startswith("cuda:")]
    for name in names:
        cap = (dmap.get("caps") or {}).get(name)
        key: Any = int(name.split(":")[1]) if name.startswith("cuda:") else name
        if cap is None and name.startswith("cuda:"):
            cap = int(torch.cuda.mem_get_info(key)[0])
        elif cap is None:
            cap = _host_available() if name == "cpu" else 2**50
        out[key] = int(cap)
    return out


def _host_available() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 2**40


def device_map_kwargs(req: dict[str, Any], torch: Any, device: str, notes: list[str]
                      ) -> tuple[dict[str, Any] | None, str]:
    """(device_map/max_memory kwargs or None for a plain load, the device it lands on).

    Only the CPU in the map (or ``auto`` with no GPU visible): a plain CPU load, said in a
    note, since transformers wants accelerate for any device_map and one device needs none.
    """
    dmap = req.get("device_map")
    if not isinstance(dmap, dict):
        return None, device
    mode = dmap.get("mode")
    devices = list(dmap.get("devices") or [])
    gpus = [d for d in devices if d.startswith("cuda")]
    if mode == "single":
        return None, devices[0]
    if mode == "auto" and not torch.cuda.is_available():
        notes.append("device map auto: only the CPU is visible here, so the whole model "
                     "loaded on the CPU")
        return None, "cpu"
    if mode == "split" and not gpus and "mps" not in devices and "disk" not in devices:
        notes.append("device map names only the CPU: the whole model loaded on the CPU")
        return None, "cpu"
    if not has_module("accelerate"):
        raise LoadError("missing_dependency", "a device map across devices needs the "
                        "accelerate package, not installed in this Python")
    if mode == "auto" and not any((dmap.get("caps") or {}).values()):
        return {"device_map": "auto"}, "auto"
    kwargs: dict[str, Any] = {"device_map": "auto", "max_memory": _max_memory(dmap, torch)}
    if "disk" in devices:
        kwargs["offload_folder"] = os.path.join(
            os.environ.get("TMPDIR", "/tmp"), f"hfm-offload-{os.getpid()}")
    return kwargs, "split"


def placement(model: Any, device: str) -> dict[str, Any]:
    """Where each part landed: accelerate's hf_device_map when set, and the bytes of
    parameters and buffers per device as torch reports them (meta = offloaded)."""
    out: dict[str, Any] = {}
    hf_map = getattr(model, "hf_device_map", None)
    if isinstance(hf_map, dict) and hf_map:
        items = list(hf_map.items())
        out["device_map"] = {str(k): str(v) for k, v in items[:200]}
        if len(items) > 200:
            out["device_map_more"] = len(items) - 200
    by_device: dict[str, int] = {}
    tensors = list(model.values()) if isinstance(model, dict) else [
        *model.parameters(), *model.buffers()]
    seen: set[int] = set()
    for t in tensors:
        if id(t) in seen:
            continue
        seen.add(id(t))
        key = str(t.device)
        by_device[key] = by_device.get(key, 0) + t.numel() * t.element_size()
    out["bytes_by_device"] = by_device
    if "device_map" not in out:
        out["device_map"] = {"": next(iter(by_device), device)}
    return out


# ------------------------------------------------------------------ the user's class


def import_class(spec: str) -> Any:
    module, _, name = spec.partition(":")
    if not module or not name:
        raise LoadError("bad_request", f"--class wants module:Name, not {spec!r}")
    try:
        obj: Any = importlib.import_module(module)
        for part in name.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise LoadError("class_not_found", f"cannot import {spec} in this Python: "
                        f"{type(exc).__name__}: {exc}") from exc
    if not hasattr(obj, "from_pretrained"):
        raise LoadError("class_not_found", f"{spec} has no from_pretrained (not a "
                        "PyTorchModelHubMixin or transformers class)")
    return obj


def signature_report(cls: Any, config: dict[str, Any]) -> dict[str, Any]:
    """What ``cls.__init__`` expects against what config.json holds."""
    params = [p for p in inspect.signature(cls.__init__).parameters.values()
              if p.name != "self"]
    var_kw = any(p.kind is p.VAR_KEYWORD for p in params)
    named = [p for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    required = [p.name for p in named if p.default is p.empty]
    accepted = {p.name for p in named}
    return {"expected": [p.name for p in named], "required": required,
            "config_keys": sorted(config),
            "missing": [k for k in required if k not in config and k != "config"],
            "unexpected": [] if var_kw else sorted(k for k in config if k not in accepted)}


def load_class(req: dict[str, Any], torch: Any, device: str, dtype: Any
               ) -> tuple[Any, dict[str, Any]]:
    spec = str(req["model_class"])
    path = req["path"]
    cls = import_class(spec)
    try:
        model = cls.from_pretrained(path)
    except TypeError as exc:
        cfg_path = os.path.join(path, "config.json")
        cfg = read_json(cfg_path) if os.path.isfile(cfg_path) else {}
        rep = signature_report(cls, cfg if isinstance(cfg, dict) else {})
        missing = ", ".join(rep["missing"]) or "none"
        unexpected = ", ".join(rep["unexpected"]) or "none"
        raise LoadError("class_mismatch", f"{spec} cannot be built from this config.json "
                        f"({str(exc).splitlines()[0]}). Its __init__ expects: "
                        f"{', '.join(rep['expected']) or 'nothing'}; the config holds: "
                        f"{', '.join(rep['config_keys']) or 'nothing'}; missing: {missing}; "
                        f"not accepted: {unexpected}", **rep) from exc
    if isinstance(model, torch.nn.Module):
        model = model.to(device=device, **({"dtype": dtype} if dtype is not None else {}))
    return model, {"class": type(model).__name__, "requested_class": spec}
