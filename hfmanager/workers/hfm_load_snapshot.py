"""The load worker's ground floor: its protocol (events, errors) and what it reads from a
snapshot before torch is imported (file checks, weight files, the loading strategy).

A sibling of ``load.py``, split out to keep each file readable; like it, it imports nothing
from hfmanager and no third-party package at import time, because any Python runs it.
``load.py`` puts this folder on ``sys.path`` itself, so ``python /path/to/load.py`` works
from any Python (also with ``-I``/``-P``, which leave the script's folder off the path).
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import time
from typing import Any

T0 = time.monotonic()  # the events' clock: this module is imported first, at start-up
SAFETENSORS_INDEX = "model.safetensors.index.json"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt")
PICKLE_INDEX = "pytorch_model.bin.index.json"
GIB = 1024**3


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


def import_torch() -> Any:
    try:
        import torch
    except ImportError as exc:
        # module and python: the app words it (how to install torch) in the user's language;
        # pip: a venv made without pip (venv --without-pip, some distros' python3-venv)
        # cannot run "python -m pip install torch" before "python -m ensurepip"
        raise LoadError("missing_dependency",
                        f"torch is not installed in {sys.executable} ({exc})",
                        module="torch", python=sys.executable, pip=has_module("pip")) from exc
    return torch


def has_module(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def import_problem(name: str) -> str | None:
    """None when ``name`` imports; else why not. An installed library can still fail to
    import (timm without a working torchvision, say): that falls back like a missing one
    instead of failing the load at ``import``."""
    if not has_module(name):
        return f"{name} is not installed"
    import importlib

    try:
        importlib.import_module(name)
    except Exception as exc:  # any failure of a third-party import means "not usable"
        return f"{name} is installed but does not import ({type(exc).__name__}: {exc})"
    return None


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
        problem = import_problem("diffusers")
        if problem is None:
            return "diffusers", notes
        notes.append(f"{problem}: loading the raw state dicts instead")
        return "state_dict", notes
    if os.path.isfile(os.path.join(path, "modules.json")):
        problem = import_problem("sentence_transformers")
        if problem is None:
            return "sentence_transformers", notes
        notes.append(f"{problem.replace('sentence_transformers', 'sentence-transformers')}: "
                     "falling back")
    cfg_path = os.path.join(path, "config.json")
    if os.path.isfile(cfg_path):
        cfg = read_json(cfg_path)
        if isinstance(cfg, dict) and "pretrained_cfg" in cfg and "architecture" in cfg:
            problem = import_problem("timm")
            if problem is None:
                return "timm", notes
            notes.append(f"{problem}: loading the raw state dict instead")
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
