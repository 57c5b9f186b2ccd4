"""Helpers of the access-time tests: age files, see which moved, skip where the file system
never updates access times, and a model cache with every kind of blob. Shared by
tests/unit/test_atime.py, tests/integration/test_atime_child.py and
tests/ui/test_atime_library.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from huggingface_hub.utils._shared_blobs import publish_blob_to_shared_store

from hfmanager.core.loadtest import estimate as est
from tests.cachebuilder import HubCache, TorchHub, sha256_hex

OLD_ATIME_NS = 1_000_000_000 * 1_000_000_000  # 2001-09-09
MTIME_NS = OLD_ATIME_NS + 86_400 * 1_000_000_000  # a day later: relatime then updates


def every_blob(*roots: Path) -> list[Path]:
    """Every file holding a model's content under the roots: repo blobs, shared store
    payloads, torch hub checkpoints (not refs, manifests, locks or markers)."""
    return sorted(p for root in roots for p in root.rglob("*")
                  if p.is_file() and not p.is_symlink()
                  and (p.parent.name in ("blobs", "checkpoints") or p.parent.parent.name
                       == "blobs") and not p.name.startswith(".")
                  and not p.name.endswith((".lock", ".refs")))


def age(paths: Iterable[Path]) -> dict[Path, int]:
    out = {}
    for p in paths:
        os.utime(p, ns=(OLD_ATIME_NS, MTIME_NS), follow_symlinks=False)
        out[p] = os.lstat(p).st_atime_ns
    return out


def moved(before: dict[Path, int]) -> list[str]:
    return [str(p) for p, ns in before.items() if os.lstat(p).st_atime_ns != ns]


def require_atime_updates(folder: Path) -> None:
    """Skip when this file system never updates access times (noatime): nothing to test."""
    probe = folder / "atime-probe"
    probe.write_bytes(b"probe")
    before = age([probe])
    with open(probe, "rb") as f:
        f.read()
    if not moved(before):
        pytest.skip(f"{folder} does not update access times on read (noatime mount?)")
    probe.unlink()


def safetensors_bytes(tensors: dict[str, int]) -> bytes:
    """A valid safetensors file of F32 vectors (name -> length)."""
    header, offset = {}, 0
    for name, n in tensors.items():
        header[name] = {"dtype": "F32", "shape": [n], "data_offsets": [offset, offset + 4 * n]}
        offset += 4 * n
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + bytes(offset)


def model_cache(tmp_path: Path) -> tuple[HubCache, str, str, Path]:
    """A sharded safetensors model (one shard in the shared store), a pickle-only model,
    a torch hub checkpoint."""
    hub = HubCache(tmp_path / "hub")
    shards = {f"model-0000{i}-of-00002.safetensors": safetensors_bytes({f"l{i}": 64 * i})
              for i in (1, 2)}
    index = {"weight_map": {f"l{i}": f"model-0000{i}-of-00002.safetensors" for i in (1, 2)}}
    llm = hub.repo("org/llm")
    c1 = llm.add_revision({"config.json": b'{"model_type": "llama", "dtype": "bfloat16"}',
                           est.SAFETENSORS_INDEX: json.dumps(index).encode(), **shards})
    first = shards["model-00001-of-00002.safetensors"]
    assert publish_blob_to_shared_store(
        blob_path=str(llm.blobs / sha256_hex(first)), cache_dir=str(hub.root),
        xet_hash=hashlib.sha256(b"xet").hexdigest(), expected_size=len(first))
    zipped = tmp_path / "pickle.bin"
    with zipfile.ZipFile(zipped, "w") as zf:  # what torch.save writes, minus the pickle
        zf.writestr("archive/data.pkl", b"not unpickled")
        zf.writestr("archive/data/0", bytes(400))
    old = hub.repo("org/old")
    c2 = old.add_revision({"config.json": b'{"model_type": "bert"}',
                           "pytorch_model.bin": zipped.read_bytes()})
    th = TorchHub(tmp_path / "torch" / "hub")
    th.add_checkpoint("resnet18", 5000)
    return hub, c1, c2, th.root
