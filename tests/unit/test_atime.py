"""Reading is not using: inspecting files leaves their access times as they were.

"Last used" comes from access times, and the "not used for N days" cleanup rule selects
on it; a header read for the estimate or a full verify must not make every model "used
just now". Each blob's atime is set old (older than its mtime, so a relatime mount
updates it on the next read) and must be unchanged afterwards. Each test first checks
that a plain read *does* move it on this file system, so that it can fail.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from huggingface_hub.utils._shared_blobs import publish_blob_to_shared_store

from hfmanager.core import fsutil
from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest import strategy
from hfmanager.core.verify import repo_folders, targets_for_repos, targets_for_torch, verify
from hfmanager.core.verify.child import verify_in_child
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


def test_open_untouched_keeps_atime_with_and_without_o_noatime(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_atime_updates(tmp_path)
    p = tmp_path / "f"
    p.write_bytes(b"x" * 10_000)
    before = age([p])
    assert fsutil.read_untouched(p) == b"x" * 10_000
    assert fsutil.read_untouched(p, 10) == b"x" * 10
    assert moved(before) == []
    # A file we do not own: the kernel refuses O_NOATIME (EPERM); the time is put back.
    real_open = os.open
    refused: list[int] = []

    def no_noatime(path, flags, *a, **kw):  # type: ignore[no-untyped-def]
        if flags & getattr(os, "O_NOATIME", 0):
            refused.append(flags)
            raise PermissionError(errno.EPERM, "Operation not permitted", str(path))
        return real_open(path, flags, *a, **kw)

    monkeypatch.setattr(os, "open", no_noatime)
    with fsutil.open_untouched(p) as f:
        assert f.read() == b"x" * 10_000
    assert moved(before) == []
    assert refused or not hasattr(os, "O_NOATIME")
    # Where the platform has no O_NOATIME at all: the same.
    monkeypatch.setattr(fsutil, "_NOATIME", 0)
    assert fsutil.read_untouched(p, 5) == b"xxxxx"
    assert moved(before) == []
    assert os.stat(p).st_mtime_ns == MTIME_NS
    # Not for a FIFO: an error instead of a hang.
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(OSError, match="not a regular file"):
        fsutil.read_untouched(tmp_path / "pipe")


def test_estimate_leaves_access_times(tmp_path: Path) -> None:
    require_atime_updates(tmp_path)
    hub, c1, c2, torch_hub = model_cache(tmp_path)
    before = age(every_blob(hub.root, torch_hub))
    assert len(before) >= 6
    llm = est.estimate(hub.repo("org/llm").snapshots / c1)
    assert llm.params == 64 + 128
    assert llm.weights_bytes == 2 * (64 + 128)  # bfloat16 from config.json
    pickled = est.estimate(hub.repo("org/old").snapshots / c2)
    assert pickled.weights_bytes == 400  # read from the zip directory
    assert strategy.strategy(hub.repo("org/llm").snapshots / c1) == "transformers"
    assert moved(before) == []
    # ...while a load, which is a use, may update them (a plain read here).
    (hub.repo("org/llm").snapshots / c1 / "config.json").read_bytes()
    assert moved(before)


def test_full_verify_leaves_access_times(tmp_path: Path) -> None:
    require_atime_updates(tmp_path)
    hub, _c1, _c2, torch_hub = model_cache(tmp_path)
    before = age(every_blob(hub.root, torch_hub))
    targets = targets_for_repos(repo_folders(str(hub.root))) + targets_for_torch(str(torch_hub))
    report = verify(targets)
    assert report.corrupt == []
    assert report.files_hashed == len(before)
    assert moved(before) == []
    child = verify_in_child([], [str(torch_hub)], hub_roots=[str(hub.root)], store_path=None)
    assert child.files_hashed == report.files_hashed
    assert moved(before) == []
