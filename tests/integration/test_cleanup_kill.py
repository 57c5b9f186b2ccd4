"""kill -9 during `hfmanager clean --yes` at every point: the cache scans with no new problems.

The CLI runs in a child process. Two ways to kill it: the test hook
``HFMANAGER_TEST_CLEAN_KILL_AFTER=N`` makes it SIGKILL itself right after its N-th
removal (every N from 1 to the total, so every step boundary is hit), and a parent-side
SIGKILL after a random delay while each removal sleeps a little
(``HFMANAGER_TEST_CLEAN_DELAY``), which also lands inside steps. After each kill the
cache is scanned; then the same command is run to completion and must finish the job.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hfmanager.core import sharedstore
from hfmanager.core.inventory import scan
from hfmanager.core.paths import CacheRoot, RootKind
from tests.cachebuilder import HubCache

ROOT = Path(__file__).resolve().parents[2]


def build(root: Path) -> dict[str, str]:
    hub = HubCache(root)
    a = hub.repo("org/big")
    shards = {f"model-0000{i}-of-00003.safetensors": 3000 + i for i in range(1, 4)}
    index = b'{"weight_map": {"a": "model-00001-of-00003.safetensors"}}'
    a.add_revision({"config.json": b"{}", "model.safetensors.index.json": index, **shards})
    old = a.add_revision({"config.json": b'{"v": 0}', "model.safetensors.index.json": index,
                          **shards, "tokenizer.json": 5000}, refs=("refs/pr/7",))
    a.add_revision({"config.json": b'{"v": -1}', "extra.bin": 777}, refs=())
    a.add_incomplete(size=4000, age_s=7200)
    a.add_tree_listing(old)
    a.add_no_exist(old, "missing.json")
    b = hub.repo("org/gone")
    for k in range(2):
        b.add_revision({"config.json": b'{"k": %d}' % k, "w.safetensors": 2000 + k},
                       refs=("main",) if k == 1 else ())
    d = hub.repo("org/data", "dataset")
    d.add_revision({f"part{i}.parquet": 100 + i for i in range(6)})
    # huggingface_hub 2.x's shared Xet store: org/gone's weights (collected with it) and a
    # shard org/big keeps using
    for repo, name in ((b, "w.safetensors"), (a, "model-00001-of-00003.safetensors")):
        for snap in sorted(repo.snapshots.iterdir()):
            link = snap / name
            if link.is_symlink():
                blob = repo.blobs / os.path.basename(os.readlink(link))
                if not blob.is_symlink():
                    assert sharedstore.publish(str(blob), hashlib.sha256(
                        blob.name.encode()).hexdigest(), str(root), blob.stat().st_size)
    return {"old": old}


def problems(root: Path) -> set[tuple[str, str]]:
    """(kind, path relative to the root) of every problem a scan reports."""
    inv = scan([CacheRoot(root, RootKind.HF, "user")])
    found = list(inv.problems) + [p for repo in inv.repos for p in repo.all_problems()]
    return {(p.kind.value, os.path.relpath(p.path, root) if p.path else "") for p in found}


def refs_are_whole(root: Path) -> None:
    """Every ref names a snapshot folder that exists (the invariant kill -9 must keep)."""
    for repo in root.glob("*--*"):
        for ref in (repo / "refs").rglob("*"):
            if ref.is_file():
                assert (repo / "snapshots" / ref.read_text().strip()).is_dir(), ref


def clean(root: Path, old: str, env_extra: dict[str, str]) -> subprocess.Popen[bytes]:
    """The same request each time; what an earlier run already removed is not named."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env_extra)
    args = ["clean", "--cache-dir", str(root), "--detached", "--incomplete", "--orphans",
            "--yes", "--json"]
    if (root / "models--org--gone").exists():
        args += ["--repo", "org/gone"]
    if (root / "models--org--big" / "snapshots" / old).exists():
        args += ["--revision", old]
    return subprocess.Popen([sys.executable, "-m", "hfmanager", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_kill_at_every_step_and_at_random_times(tmp_path: Path) -> None:
    pristine = tmp_path / "pristine"
    info = build(pristine)
    baseline = problems(pristine)
    # how many removal steps a full run takes
    full = tmp_path / "full"
    shutil.copytree(pristine, full, symlinks=True)
    out, err = clean(full, info["old"], {}).communicate(timeout=120)
    assert b'"errors": []' in out, err
    steps = json.loads(out)["result"]["steps"]
    assert steps >= 20
    assert problems(full) <= baseline
    assert len(list((full / "blobs").glob("*/*.refs"))) == 1  # org/big's shard only
    rng = random.Random(1234)
    points = list(range(1, steps + 1))
    if len(points) > 40:  # every step near both ends, a sample in between
        points = points[:12] + sorted(rng.sample(points[12:-12], 16)) + points[-12:]
    plans: list[tuple[str, dict[str, str], float]] = []
    plans += [("step", {"HFMANAGER_TEST_CLEAN_KILL_AFTER": str(n)}, 0.0) for n in points]
    plans += [("random", {"HFMANAGER_TEST_CLEAN_DELAY": "0.01"}, rng.uniform(0.3, 1.5))
              for _ in range(6)]
    killed = 0
    for i, (mode, env, delay) in enumerate(plans):
        work = tmp_path / f"run{i}"
        shutil.copytree(pristine, work, symlinks=True)
        proc = clean(work, info["old"], env)
        if mode == "random":
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=120)
        killed += proc.returncode == -signal.SIGKILL
        new = problems(work) - baseline
        assert new == set(), (mode, env, delay, new)
        refs_are_whole(work)
        # running it again finishes the job and tidies the staging folder
        out, err = clean(work, info["old"], {}).communicate(timeout=120)
        assert b'"errors": []' in out, err
        assert problems(work) <= baseline
        assert not (work / ".locks" / ".hfmanager-trash").exists()
        assert sorted(p.name for p in work.iterdir()) == sorted(p.name for p in full.iterdir())
        # a kill between a repo's removal and its payloads' sweep leaves orphans, which
        # the run again (--orphans) collects. (A kill between a snapshot's removal and its
        # blobs' leaves those blobs, and a payload they link to, as a full run never does;
        # with or without the store, as huggingface_hub.)
        assert scan([CacheRoot(work, RootKind.HF, "user")]).orphans == ()
        assert {p.name for p in (full / "blobs").glob("*/*")} <= {
            p.name for p in (work / "blobs").glob("*/*")}
        shutil.rmtree(work)
    assert killed >= min(20, len(plans) - 2)
    print(f"\nkill -9: {steps} removal steps, {len(plans)} runs, {killed} killed mid-way, "
          "0 new problems")
