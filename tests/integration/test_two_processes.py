"""Two processes at once (issue 10): ``hfmanager download`` racing ``hfmanager clean`` of
the same repo, 20 times, as real child processes against the fake Hub.

Before the per-repo lock, the download printed "verified" and exited 0 while the cleanup
had deleted ``refs/main`` under it (3 runs of 3). Now they take turns on the repo's lock
and the download re-checks its ref and files before it says "verified". Whatever the
interleaving, every run must end in a cache that agrees with what the two commands
reported, as our scan and huggingface_hub's ``scan_cache_dir`` both see it:

- the download always finishes verified (the loser waits for the other, never fails);
- the cleanup removes the repo (waiting for the download if need be), or, when it made
  its plan while a file was being downloaded, refuses it as in use;
- so the repo is either gone (the cleanup ran last) or complete: ``refs/main`` names the
  commit and its snapshot holds every file with the Hub's bytes (the download ran last);
- never anything in between: no ref to a missing snapshot, no partial files, no problem.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from download_helpers import make_plan, payload, snapshot_bytes
from fakehub import FakeHub, Fault
from huggingface_hub import hf_hub_download, scan_cache_dir

from hfmanager.core import errors, repolock
from hfmanager.core.inventory import scan
from hfmanager.core.paths import CacheRoot, RootKind

ROOT = Path(__file__).resolve().parents[2]
RUNS = 20
FILES = {"config.json": b'{"model_type": "bert"}', "tokenizer.json": b'{"v": 1}' * 300,
         "model.safetensors": payload(600_000, seed=11), "extra/weights.bin": payload(200_000)}


def _start(args: list[str], delay: float) -> subprocess.Popen[str]:
    time.sleep(delay)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "hfmanager", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _seed(hub: FakeHub, cache: Path) -> None:
    """The repo is in the cache already (one file, as huggingface_hub left it): the
    cleanup has something to remove, the download something to add."""
    hf_hub_download("org/m", "config.json", cache_dir=cache, endpoint=hub.url)


def _race(hub: FakeHub, cache: Path, what: list[str], clean_after: float,
          ) -> tuple[dict, dict]:  # type: ignore[type-arg]
    """Start both (the cleanup of ``what`` ``clean_after`` s after the download, or before
    it when negative) and return what each reported."""
    down = ["download", "org/m", "--endpoint", hub.url, "--cache-dir", str(cache), "--json"]
    clean = ["clean", *what, "--cache-dir", str(cache), "--yes", "--json"]
    if clean_after >= 0:
        procs = [_start(down, 0.0), _start(clean, clean_after)]
    else:
        procs = list(reversed([_start(clean, 0.0), _start(down, -clean_after)]))
    (d_out, d_err), (c_out, c_err) = (p.communicate(timeout=180) for p in procs)
    assert "Traceback" not in d_err + c_err, d_err + c_err
    events = [json.loads(line) for line in d_out.splitlines() if line.strip()]
    download = {"rc": procs[0].returncode, "last": events[-1] if events else {},
                "err": d_err}
    cleanup = {"rc": procs[1].returncode, "out": json.loads(c_out) if c_out.strip() else {},
               "err": c_err}
    return download, cleanup


def _check_agrees(cache: Path, commit: str, download: dict, cleanup: dict) -> str:  # type: ignore[type-arg]
    """The consistency rules of the module docstring; returns how the run ended."""
    assert download["rc"] == 0, download  # the loser waits: a download never fails here
    assert download["last"]["event"] == "done"
    assert download["last"]["commit"] == commit
    plan = cleanup["out"]
    assert cleanup["rc"] in (0, 1), cleanup
    # a cleanup may only stop short because the repo changed since its plan
    for err in plan["result"]["errors"]:
        assert "since the plan" in err["error"], plan
    assert all("in use" in r["reason"] for r in plan["refused"]), plan
    repo_dir = cache / "models--org--m"
    ours = scan([CacheRoot(cache, RootKind.HF, "user")])
    theirs = scan_cache_dir(cache)
    assert theirs.warnings == []
    assert ours.problems == ()
    assert [p for r in ours.repos for p in r.all_problems()] == []
    assert sorted(r.repo_id for r in ours.repos) == sorted(r.repo_id for r in theirs.repos)
    assert not list(cache.glob("*/blobs/*.hfm-partial*"))
    assert not list(cache.glob("*/blobs/*.incomplete"))
    if not ours.repos:
        assert str(repo_dir) in plan["result"]["removed"]  # the cleanup ran last
        return "gone"
    (mine,), (hf,) = ours.repos, theirs.repos
    revs = [(r.commit_hash, sorted(r.refs)) for r in mine.revisions]
    assert revs == [(r.commit_hash, sorted(r.refs)) for r in hf.revisions]
    assert mine.size_on_disk == hf.size_on_disk
    if not revs:  # the cleanup removed the revision after the download completed it
        assert plan["result"]["removed"]
        return "revision gone"
    # whatever is left is whole: the revision, with its ref and every file
    assert revs == [(commit, ["main"])]
    assert (repo_dir / "refs" / "main").read_text() == commit
    assert snapshot_bytes(cache, "org/m", commit) == FILES
    return "refused" if plan["refused"] else "complete"


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_download_and_clean_of_one_repo_started_together(fake_hub: FakeHub,
                                                         tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    # a few hundred ms of transfer, so that the cleanup can land in the middle of it
    fake_hub.faults.set(Fault(rate=3_000_000), path="model.safetensors")
    rng = random.Random(10)
    ends: list[str] = []
    for run in range(RUNS):
        cache = tmp_path / f"run{run}"
        _seed(fake_hub, cache)
        offset = -0.3 + 1.5 * run / (RUNS - 1) + rng.uniform(-0.05, 0.05)
        # the whole repo, or the revision the download is completing
        what = ["--repo", "org/m"] if run % 2 else ["--revision", commit]
        download, cleanup = _race(fake_hub, cache, what, offset)
        ends.append(_check_agrees(cache, commit, download, cleanup))
    # How each run ends depends on the machine's timing; every end is consistent.
    print({end: ends.count(end) for end in sorted(set(ends))})


def test_a_cleanup_waits_for_a_download_then_leaves_the_repo_alone(
        tmp_path: Path, fake_hub: FakeHub) -> None:
    """The lock's two outcomes for a cleanup: it waits while the repo is downloaded,
    and after its bounded wait it stops with a message naming the repo; nothing of
    the repo is touched then."""
    from hfmanager.core.cleanup import Selection, execute, make_plan

    fake_hub.add_repo("org/m", FILES)
    cache = tmp_path / "cache"
    _seed(fake_hub, cache)
    repo_dir = str(cache / "models--org--m")
    plan = make_plan(Selection(repos=frozenset({repo_dir})), [cache])
    with repolock.hold(repo_dir, exclusive=False, wait_s=1.0):  # "a download"
        result = execute(plan, wait_s=0.2)
    assert not result.ok
    assert result.removed == ()
    (path, why), = result.errors
    assert path == repo_dir
    assert "org/m is in use by another process" in why
    assert (cache / "models--org--m" / "refs" / "main").is_file()
    result = execute(plan)  # free again
    assert result.ok
    assert not os.path.exists(repo_dir)


def test_a_download_stops_with_a_clear_message_while_a_cleanup_holds_the_repo(
        tmp_path: Path, fake_hub: FakeHub) -> None:
    from hfmanager.core.downloads.engine import Downloader
    from hfmanager.core.downloads.guard import download_locked

    commit = fake_hub.add_repo("org/m", FILES)
    cache = tmp_path / "cache"
    cache.mkdir()
    heard: list[str] = []
    with repolock.hold(str(cache / "models--org--m"), exclusive=True, wait_s=1.0), \
            pytest.raises(repolock.RepoBusyError, match="org/m is being cleaned up"):
        download_locked(Downloader(cache), make_plan(fake_hub.url, "org/m", commit, FILES),
                        on_wait=heard.append, wait_s=0.2)
    assert heard == ["waiting for another process that cleans up org/m..."]
    assert not (cache / "models--org--m").exists()  # nothing written before the lock


def test_a_download_re_checks_before_it_says_verified(tmp_path: Path,
                                                      fake_hub: FakeHub) -> None:
    """A ref removed by a tool that takes no lock (rm, an old huggingface_hub delete)
    between the last file and "verified" is caught by the re-check."""
    from hfmanager.core.downloads import guard
    from hfmanager.core.downloads.engine import Downloader

    commit = fake_hub.add_repo("org/m", FILES)
    cache = tmp_path / "cache"
    plan = make_plan(fake_hub.url, "org/m", commit, FILES)

    class Racing(Downloader):
        def download(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            paths = super().download(*args, **kwargs)
            (cache / "models--org--m" / "refs" / "main").unlink()
            return paths

    with pytest.raises(errors.CacheChangedError, match="refs/main cannot be read"):
        guard.download_locked(Racing(cache), plan)
