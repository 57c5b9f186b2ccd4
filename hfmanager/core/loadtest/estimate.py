"""Pre-load memory estimate from safetensors headers: no torch, no weights read.

A safetensors file starts with an 8-byte little-endian header length N, then N bytes of
JSON mapping tensor names to ``{"dtype", "shape", "data_offsets": [begin, end]}``. Only
the header is read, so a 100-shard model is estimated in milliseconds. Every header is
validated before it is trusted (length inside the file and <= 100 MiB, a JSON object,
offsets in bounds and equal to dtype size x shape), so a hostile file yields a clear
:class:`EstimateError` instead of a hang or an exhausted process. Pickle weights
(``.bin``/``.pt``) cannot be read without running them: their estimate comes from file
sizes and is marked approximate.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import stat
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfmanager.core.fsutil import open_untouched
from hfmanager.core.messages import Param, msg
from hfmanager.core.untrusted import BadJSONError, loads, read_json, walk

MAX_HEADER = 100 * 1024 * 1024
MAX_DIMS = 64  # real tensors have a handful
MAX_JSON = 64 * 1024 * 1024  # an index or config.json bigger than this is not one
SAFETENSORS_INDEX = "model.safetensors.index.json"
PICKLE_INDEX = "pytorch_model.bin.index.json"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt")
# CUDA context + cuBLAS workspace on first use; varies 300-600 MiB by GPU and driver.
CUDA_CONTEXT_BYTES = 500 * 1024 * 1024
TIGHT_RATIO = 0.85
DTYPES = ("auto", "float32", "float16", "bfloat16")

# Bits per element, so sub-byte formats (F4, F6) are counted exactly.
DTYPE_BITS: dict[str, int] = {
    "F64": 64, "F32": 32, "F16": 16, "BF16": 16, "F8_E4M3": 8, "F8_E5M2": 8,
    "F8_E8M0": 8, "F6_E2M3": 6, "F6_E3M2": 6, "F4": 4, "I64": 64, "I32": 32, "I16": 16,
    "I8": 8, "U64": 64, "U32": 32, "U16": 16, "U8": 8, "BOOL": 8, "C64": 64,
}
CONVERTIBLE = {"F64", "F32", "F16", "BF16"}  # what a dtype= argument converts
TARGET_CODE = {"float32": "F32", "float16": "F16", "bfloat16": "BF16"}
CONFIG_DTYPE = {"float32": "F32", "float16": "F16", "bfloat16": "BF16", "float64": "F64"}


_STORAGE = re.compile(r"^[^/]+/data/[^/]+$")


class EstimateError(ValueError):
    """A weights file or index that cannot be trusted; the message names the file.

    ``msg`` is the same as a message code (the window translates it); str() is English.
    """

    def __init__(self, code: str, **params: Param) -> None:
        self.msg = msg(code, **params)
        super().__init__(self.msg.text())


@dataclass(frozen=True)
class FileHeader:
    """What one safetensors header declares."""

    path: str
    tensors: int
    params: int
    bytes_by_dtype: dict[str, int]
    count_by_dtype: dict[str, int]
    # (name, dtype code, shape) of each tensor: what the 8/4-bit estimate needs
    entries: tuple[tuple[str, str, tuple[int, ...]], ...] = ()


@dataclass(frozen=True)
class Estimate:
    """Parameters and bytes a load would take, before loading anything."""

    files: tuple[str, ...]
    params: int | None  # None when only file sizes are known
    bytes_by_dtype: dict[str, int]  # as stored in the checkpoint
    count_by_dtype: dict[str, int]
    dtype: str  # requested: auto / float32 / float16 / bfloat16
    weights_bytes: int  # bytes after the dtype conversion
    approximate: bool
    source: str  # "safetensors headers" | "file sizes"
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"files": list(self.files), "params": self.params,
                "bytes_by_dtype": self.bytes_by_dtype, "count_by_dtype": self.count_by_dtype,
                "dtype": self.dtype, "weights_bytes": self.weights_bytes,
                "approximate": self.approximate, "source": self.source,
                "notes": list(self.notes)}


@dataclass(frozen=True)
class Verdict:
    """Estimate against a device's free memory: fits, tight or will not fit."""

    status: str  # "fits" | "tight" | "no_fit" | "unknown"
    needed_bytes: int
    context_bytes: int
    free_bytes: int | None
    lines: tuple[tuple[str, int], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "needed_bytes": self.needed_bytes,
                "context_bytes": self.context_bytes, "free_bytes": self.free_bytes,
                "lines": [list(x) for x in self.lines]}


def read_header(path: str | Path) -> FileHeader:
    """Parse and validate one safetensors header (reads at most header-length bytes)."""
    path = str(path)
    name = os.path.basename(path)
    try:
        with open_untouched(path) as f:  # reading a header is not using the model
            size = os.fstat(f.fileno()).st_size
            if size < 8:
                raise EstimateError("estimate.too_small", name=name, size=size)
            (n,) = struct.unpack("<Q", f.read(8))
            if n > MAX_HEADER:
                raise EstimateError("estimate.header_too_big", name=name, n=n)
            if 8 + n > size:
                raise EstimateError("estimate.header_past_end", name=name, n=n)
            raw = f.read(n)
    except OSError as exc:
        raise EstimateError("estimate.cannot_read", name=name,
                            error=str(exc.strerror or exc)) from exc
    try:
        header = loads(raw, what="header JSON")
    except BadJSONError as exc:
        raise EstimateError("estimate.bad_json", name=name, error=str(exc)) from exc
    if not isinstance(header, dict):
        raise EstimateError("estimate.header_not_object", name=name)
    return _check_tensors(name, header, size - 8 - n, path)


def _check_tensors(name: str, header: dict[str, Any], data_len: int, path: str) -> FileHeader:
    params = 0
    by_dtype: dict[str, int] = {}
    count: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    entries: list[tuple[str, str, tuple[int, ...]]] = []
    for key, info in header.items():
        if key == "__metadata__":
            if not isinstance(info, dict):
                raise EstimateError("estimate.metadata_not_object", name=name)
            continue
        if not isinstance(info, dict):
            raise EstimateError("estimate.entry_not_object", name=name, key=repr(key[:80]))
        dtype, shape, offs = info.get("dtype"), info.get("shape"), info.get("data_offsets")
        if not isinstance(dtype, str) or dtype not in DTYPE_BITS:  # a list is unhashable
            raise EstimateError("estimate.unknown_tensor_dtype", name=name, key=repr(key[:80]),
                                dtype=repr(str(dtype)[:40]))
        # Bounded: a hostile shape of 100k 4000-digit numbers would keep math.prod busy
        if not (isinstance(shape, list) and len(shape) <= MAX_DIMS
                and all(type(d) is int and 0 <= d < 2**63 for d in shape)):
            raise EstimateError("estimate.bad_shape", name=name, key=repr(key[:80]))
        if not (isinstance(offs, list) and len(offs) == 2
                and all(type(o) is int for o in offs) and 0 <= offs[0] <= offs[1] <= data_len):
            raise EstimateError("estimate.bad_offsets", name=name, key=repr(key[:80]))
        numel = math.prod(shape)
        nbytes = (numel * DTYPE_BITS[dtype] + 7) // 8
        if offs[1] - offs[0] != nbytes:
            raise EstimateError("estimate.size_mismatch", name=name, key=repr(key[:80]),
                                have=offs[1] - offs[0], want=nbytes)
        params += numel
        by_dtype[dtype] = by_dtype.get(dtype, 0) + nbytes
        count[dtype] = count.get(dtype, 0) + numel
        entries.append((key, dtype, tuple(shape)))
        if nbytes:
            spans.append((offs[0], offs[1]))
    spans.sort()
    for (_, end), (begin, _) in itertools.pairwise(spans):
        if begin < end:
            raise EstimateError("estimate.overlap", name=name)
    return FileHeader(path, len(header) - ("__metadata__" in header), params, by_dtype, count,
                      tuple(entries))


def _safe_relative(name: object) -> str:
    if (not isinstance(name, str) or not name or name.startswith(("/", "\\"))
            or "\\" in name or ".." in name.split("/")):
        raise EstimateError("estimate.unsafe_name", name=repr(str(name)[:80]))
    return name


def _index_files(folder: Path, index: str) -> list[Path]:
    try:
        data = read_json(folder / index, MAX_JSON)
    except (OSError, ValueError) as exc:
        raise EstimateError("estimate.cannot_read", name=index, error=str(exc)) from exc
    wmap = data.get("weight_map") if isinstance(data, dict) else None
    if not isinstance(wmap, dict):
        raise EstimateError("estimate.no_weight_map", name=index)
    names = sorted({_safe_relative(v) for v in wmap.values()})
    missing = [n for n in names if not (folder / n).is_file()]
    if missing:
        raise EstimateError("estimate.shards_missing", name=index, names=", ".join(missing[:5]))
    return [folder / n for n in names]


def weight_files(target: str | Path) -> list[Path]:
    """The files a loader reads, chosen the same way as the worker chooses them."""
    target = Path(target)
    if target.is_file():
        return [target]
    for index in (SAFETENSORS_INDEX, PICKLE_INDEX):
        if (target / index).is_file():
            return _index_files(target, index)
    top = sorted(p for p in target.iterdir() if p.is_file())
    safetensors = [p for p in top if p.name.endswith(".safetensors")]
    if safetensors:
        return safetensors
    pickles = [p for p in top if p.name.endswith(PICKLE_SUFFIXES)
               and p.name != "training_args.bin"]
    if pickles:
        return pickles
    return sorted(Path(p) for p, st in walk(str(target))  # iterative, depth-limited
                  if p.endswith(".safetensors") and (stat.S_ISREG(st.st_mode) or (
                      stat.S_ISLNK(st.st_mode) and os.path.isfile(p))))


def _config_dtype(folder: Path) -> str | None:
    try:
        cfg = read_json(folder / "config.json", MAX_JSON)
    except (OSError, ValueError):
        return None
    if not isinstance(cfg, dict):
        return None
    value = cfg.get("dtype") or cfg.get("torch_dtype")
    return CONFIG_DTYPE.get(value) if isinstance(value, str) else None


def _convert(by_dtype: dict[str, int], count: dict[str, int], target: str | None) -> int:
    total = 0
    for code, nbytes in by_dtype.items():
        if target is not None and code in CONVERTIBLE:
            total += count[code] * DTYPE_BITS[target] // 8
        else:
            total += nbytes
    return total


def estimate(target: str | Path, dtype: str = "auto") -> Estimate:
    """Estimate the weights of a snapshot folder or a single weights file."""
    if dtype not in DTYPES:
        raise EstimateError("estimate.unknown_dtype", dtype=repr(dtype), dtypes=", ".join(DTYPES))
    target = Path(target)
    if not target.exists():
        raise EstimateError("estimate.no_such_path", path=str(target))
    files = weight_files(target)
    if not files:
        raise EstimateError("estimate.no_weights")
    folder = target if target.is_dir() else target.parent
    cfg_code = _config_dtype(folder) if target.is_dir() else None
    code = TARGET_CODE.get(dtype) or (cfg_code if dtype == "auto" else None)
    notes: list[str] = []
    if all(f.name.endswith(".safetensors") for f in files):
        by: dict[str, int] = {}
        cnt: dict[str, int] = {}
        params = 0
        for f in files:
            h = read_header(f)
            params += h.params
            for k, v in h.bytes_by_dtype.items():
                by[k] = by.get(k, 0) + v
            for k, v in h.count_by_dtype.items():
                cnt[k] = cnt.get(k, 0) + v
        return Estimate(tuple(str(f) for f in files), params, by, cnt, dtype,
                        _convert(by, cnt, code), False, "safetensors headers", tuple(notes))
    size = sum(_pickle_bytes(f) for f in files)
    stored = cfg_code or "F32"
    notes.append(f"pickle weights: sized from the files without unpickling them, assuming "
                 f"{stored} storage")
    weights = size
    if code is not None and code != stored:
        weights = size * DTYPE_BITS[code] // DTYPE_BITS[stored]
    return Estimate(tuple(str(f) for f in files), None, {stored: size}, {}, dtype, weights,
                    True, "file sizes", tuple(notes))


def _pickle_bytes(path: Path) -> int:
    """Tensor bytes of a torch.save zip: the sizes of its ``<name>/data/<key>`` storage
    entries, read from the zip directory (no unpickling). Other formats: the file size."""
    try:
        with open_untouched(path) as raw, zipfile.ZipFile(raw) as zf:
            storages = [i.file_size for i in zf.infolist() if _STORAGE.match(i.filename)]
        if storages:
            return sum(storages)
    except (zipfile.BadZipFile, OSError, ValueError):
        pass
    return path.stat().st_size


def verdict(est: Estimate, free_bytes: int | None, *, cuda: bool) -> Verdict:
    """Needed = weights (+ CUDA context on a GPU); tight above 85 % of free memory."""
    context = CUDA_CONTEXT_BYTES if cuda else 0
    needed = est.weights_bytes + context
    lines: list[tuple[str, int]] = [("weights", est.weights_bytes)]
    if cuda:
        lines.append(("cuda_context", context))
    if free_bytes is None:
        status = "unknown"
    elif needed > free_bytes:
        status = "no_fit"
    elif needed > TIGHT_RATIO * free_bytes:
        status = "tight"
    else:
        status = "fits"
    return Verdict(status, needed, context, free_bytes, tuple(lines))
