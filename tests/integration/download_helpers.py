"""Shared helpers for the download tests: plans built from known bytes, cache checks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from fakehub import git_blob_sha1
from fakehub.repos import LFS_THRESHOLD

from hfmanager.core.downloads.plan import RemoteEntry, RepoPlan


def entries(files: dict[str, bytes], lfs_threshold: int = LFS_THRESHOLD) -> tuple[RemoteEntry, ...]:
    out = []
    for path, data in files.items():
        lfs = len(data) >= lfs_threshold
        etag = hashlib.sha256(data).hexdigest() if lfs else git_blob_sha1(data)
        out.append(RemoteEntry(path, len(data), etag, lfs))
    return tuple(out)


def make_plan(endpoint: str, repo_id: str, commit: str, files: dict[str, bytes],
              ref: str | None = "main", repo_type: str = "model") -> RepoPlan:
    return RepoPlan(endpoint, repo_id, repo_type, commit, ref, entries(files))


def payload(n: int, seed: int = 0) -> bytes:
    """Deterministic incompressible-looking bytes, fast to make."""
    block = hashlib.sha256(str(seed).encode()).digest() * 2048  # 64 KiB
    reps = n // len(block) + 1
    data = bytearray(block * reps)[:n]
    for i in range(0, n, 4099):
        data[i] = (i * 31 + seed) & 0xFF
    return bytes(data)


def snapshot_bytes(cache: Path, repo_id: str, commit: str, repo_type: str = "model"
                   ) -> dict[str, bytes]:
    folder = cache / ("--".join([f"{repo_type}s", *repo_id.split("/")])) / "snapshots" / commit
    out = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            p = Path(root) / name
            out[p.relative_to(folder).as_posix()] = p.read_bytes()
    return out


def all_files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def assert_no_corrupt_blob(cache: Path) -> None:
    """Every blob visible in the cache has the content its name says; no dangling link."""
    for blob in cache.rglob("blobs/*"):
        if blob.name.endswith((".hfm-partial", ".json")) or blob.name.startswith("."):
            continue  # our partials and sidecar temp files are not blobs
        data = blob.read_bytes()
        digest = hashlib.sha256(data).hexdigest() if len(blob.name) == 64 else \
            hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        assert digest == blob.name, f"corrupt blob visible: {blob}"
    for link in cache.rglob("snapshots/*/*"):
        if link.is_symlink():
            assert link.exists(), f"dangling snapshot link {link}"
