"""Property: the plan's freed bytes equal the measured drop, over many generated caches.

Caches are drawn with blobs shared between revisions and repos' files drawn from a small
pool of contents, refs or detached revisions, symlink / copy / hard-link layouts, and
hard links from outside the root. Selections mix repos, revisions, files and blobs.
Every kept revision must still read back byte for byte afterwards.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hfmanager.core.cleanup import Selection, execute, make_plan
from tests.cachebuilder import HubCache
from tests.unit.test_cleanup import disk_bytes

POOL = [b"A" * 100, b"B" * 2000, b"C" * 7, b"D" * 4096, b"E" * 513, b"F" * 31]
NAMES = ["config.json", "model.safetensors", "pytorch_model.bin", "sub/tok.json", "x.txt"]

revision = st.fixed_dictionaries({
    "files": st.dictionaries(st.sampled_from(NAMES), st.integers(0, len(POOL) - 1),
                             min_size=1, max_size=4),
    "refs": st.sampled_from([(), ("main",), ("refs/pr/1",), ("main", "v1")]),
    "layout": st.sampled_from(["symlink", "symlink", "symlink", "copy", "hardlink"]),
})
cache_spec = st.lists(st.lists(revision, min_size=1, max_size=3), min_size=1, max_size=4)


def _snapshot_contents(root: Path) -> dict[str, bytes]:
    out = {}
    for p in root.rglob("snapshots/*/**/*"):
        if p.is_file():
            out[str(p)] = p.read_bytes()
    return out


@pytest.mark.slow
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=cache_spec, picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=6),
       outside_links=st.integers(0, 2))
def test_freed_bytes_equal_measured_decrease(tmp_path_factory: pytest.TempPathFactory,
                                             spec: list, picks: list[int],
                                             outside_links: int) -> None:
    base = tmp_path_factory.mktemp("prop")  # one per example, removed after it
    try:
        hub = HubCache(base / "hub")
        outside = base / "outside"
        outside.mkdir()
        repos = []
        for i, revs in enumerate(spec):
            r = hub.repo(f"org/r{i}")
            commits = []
            for j, rev in enumerate(revs):
                files = {n: POOL[k] for n, k in rev["files"].items()}
                # a later revision may take over "main": the earlier one becomes detached
                commits.append(r.add_revision(files, refs=rev["refs"], layout=rev["layout"],
                                              commit=f"{i:02d}{j:02d}".ljust(40, "a")))
            repos.append((r, commits))
        blobs = sorted(p for r, _c in repos for p in r.blobs.iterdir())
        for k in range(min(outside_links, len(blobs))):
            os.link(blobs[k * 7 % len(blobs)], outside / f"link{k}")
        sel = Selection()
        for n in picks:
            r, commits = repos[n % len(repos)]
            choice = (n // 7) % 4
            if choice == 0:
                sel = sel | Selection(repos=frozenset({str(r.path)}))
            elif choice == 1:
                pick = (str(r.path), commits[n % len(commits)])
                sel = sel | Selection(revisions=frozenset({pick}))
            elif choice == 2:
                entries = sorted(p for p in (r.snapshots / commits[n % len(commits)]).rglob("*")
                                 if not p.is_dir() or p.is_symlink())
                if entries:
                    sel = sel | Selection(files=frozenset({str(entries[n % len(entries)])}))
            elif any(r.blobs.iterdir()):
                names = sorted(p.name for p in r.blobs.iterdir())
                sel = sel | Selection(blobs=frozenset({(str(r.path), names[n % len(names)])}))
        before = disk_bytes(hub.root, outside)
        contents = _snapshot_contents(hub.root)
        plan = make_plan(sel, [hub.root])
        result = execute(plan)
        after = disk_bytes(hub.root, outside)
        assert result.errors == ()
        assert plan.freed_bytes == result.freed_bytes == before - after
        gone = set(plan.paths)
        for path, data in contents.items():
            if not any(path == g or path.startswith(g + os.sep) for g in gone):
                assert Path(path).read_bytes() == data, path  # kept files still whole
    finally:
        shutil.rmtree(base)
