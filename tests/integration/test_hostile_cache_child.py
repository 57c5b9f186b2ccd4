"""Hostile caches, with a real process: the window's scan (a child) lists every repo
despite deeply nested JSON, and `hfmanager verify` on folders it may not read is an error.
Split out of ``tests/unit/test_hostile_cache.py``: these start processes, so they live
with the integration tests.
"""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hfmanager.core.inventory.events import RepoScanned, ScanFinished, scan_events
from tests.cachebuilder import HubCache
from tests.hostilecaches import deep_json_cache, hf_roots

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_window_scan_lists_every_repo_despite_deep_json(tmp_path: Path) -> None:
    hub = deep_json_cache(tmp_path)

    async def events() -> list[object]:
        return [e async for e in scan_events(hf_roots(hub))]

    got = asyncio.run(events())
    assert isinstance(got[-1], ScanFinished), got[-1]
    repos = {e.repo.repo_id: e.repo for e in got if isinstance(e, RepoScanned)}
    assert set(repos) == {"org/good", "org/deepcfg", "org/deepindex"}
    assert any("nested too deeply" in p.message for p in repos["org/deepcfg"].all_problems())


_DROP_DAC = r"""
import ctypes, os, sys
# Root reads everything through CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH: drop both, so
# that mode 000 means what it means for every other user.
class Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
class Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]
if os.geteuid() == 0:
    libc = ctypes.CDLL(None, use_errno=True)
    head, data = Header(0x20080522, 0), (Data * 2)()
    if libc.capget(ctypes.byref(head), data) != 0:
        sys.exit(99)
    keep = ~0b110 & 0xFFFFFFFF
    data[0].effective &= keep
    data[0].permitted &= keep
    data[0].inheritable &= keep
    if libc.capset(ctypes.byref(head), data) != 0:
        sys.exit(99)
from hfmanager.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_verify_of_unreadable_folders_is_an_error(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/locked")
    commit = repo.add_revision({"config.json": b"{}", "model.safetensors": 64})
    snap = repo.snapshots / commit
    repo.blobs.chmod(0)
    snap.chmod(0)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _DROP_DAC, "verify", "org/locked", "--cache-dir",
             str(hub.root)], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120,
            env=os.environ.copy(), check=False)
    finally:
        repo.blobs.chmod(stat.S_IRWXU)
        snap.chmod(stat.S_IRWXU)
    if proc.returncode == 99:
        pytest.skip("cannot drop CAP_DAC_OVERRIDE here; the injected-error test covers it")
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "ERROR" in proc.stdout
    assert "cannot list blobs/" in proc.stdout
    assert "Permission denied" in proc.stdout
    assert " 0 errors" not in proc.stdout
