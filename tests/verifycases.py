"""Caches and damage for the verify tests: the verify targets of a whole cache, damage
planted in blobs, two repos sharing one Xet-store payload. Shared by the in-process tests
(tests/unit/test_verify.py, test_verify_shared.py) and those that start processes
(tests/integration/test_verify_child.py, test_verify_shared_cli.py).
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from huggingface_hub.utils._shared_blobs import (
    publish_blob_to_shared_store,
    shared_blob_target,
)

from hfmanager.core.verify import repo_folders, targets_for_repo, targets_for_torch
from tests.cachebuilder import HubCache, make_bytes, sha256_hex


def all_targets(hub: Path, torch: Path | None = None) -> list:
    out = [t for repo in repo_folders(str(hub)) for t in targets_for_repo(repo)]
    return out + (targets_for_torch(str(torch)) if torch else [])


CORRUPTIONS = ("bitflip", "truncate", "zeropage", "extra")


def corrupt(path: Path, how: str) -> None:
    """Damage ``path`` one way of CORRUPTIONS (the size stays or changes by one byte)."""
    data = bytearray(path.read_bytes())
    if how == "bitflip":
        data[len(data) // 2] ^= 0x01
    elif how == "truncate":
        data = data[:-1]
    elif how == "zeropage":
        data[:4096] = bytes(min(4096, len(data)))
    elif how == "extra":
        data += b"\0"
    path.chmod(0o644)
    path.write_bytes(bytes(data))


WEIGHTS = make_bytes(1024 * 1024, "shared weights")
XET = hashlib.sha256(b"xet hash of the shared weights").hexdigest()


def shared_cache(tmp_path: Path) -> tuple[HubCache, Path, list[Path]]:
    """Two repos whose model.safetensors is one payload in the store (as hf_xet leaves it)."""
    hub = HubCache(tmp_path / "hub")
    links = []
    for name in ("org/a", "org/b"):
        r = hub.repo(name)
        r.add_revision({"config.json": f'{{"name": "{name}"}}'.encode(),
                        "model.safetensors": WEIGHTS})
        blob = r.blobs / sha256_hex(WEIGHTS)
        assert publish_blob_to_shared_store(blob_path=str(blob), xet_hash=XET,
                                            cache_dir=str(hub.root),
                                            expected_size=len(WEIGHTS))
        links.append(blob)
    payload = Path(shared_blob_target(links[0], hub.root) or "")
    assert all(p.is_symlink() for p in links)
    assert shared_blob_target(links[1], hub.root) == payload
    return hub, payload, links


def flip_byte(path: Path) -> None:
    """A bit flip in place (the store keeps payloads read-only, as huggingface_hub does)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    path.chmod(mode | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    path.chmod(mode)
