"""Reading is not using: inspecting files leaves their access times as they were.

"Last used" comes from access times, and the "not used for N days" cleanup rule selects
on it; a header read for the estimate or a full verify must not make every model "used
just now". Each blob's atime is set old (older than its mtime, so a relatime mount
updates it on the next read) and must be unchanged afterwards. Each test first checks
that a plain read *does* move it on this file system, so that it can fail.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from hfmanager.core import fsutil
from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest import strategy
from hfmanager.core.verify import repo_folders, targets_for_repos, targets_for_torch, verify
from tests.atimecaches import (
    MTIME_NS,
    age,
    every_blob,
    model_cache,
    moved,
    require_atime_updates,
)


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
    # The same verify in a child process: tests/integration/test_atime_child.py.
