"""Damage planted in built caches, and the verify targets of a whole cache: shared by the
in-process verify tests (tests/unit/test_verify.py) and the child-process ones
(tests/integration/test_verify_child.py).
"""

from __future__ import annotations

from pathlib import Path

from hfmanager.core.verify import repo_folders, targets_for_repo, targets_for_torch


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
