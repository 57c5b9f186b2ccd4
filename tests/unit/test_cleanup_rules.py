"""Rule-based candidates over a real scan, and the `clean` / `verify` CLI end to end."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from hfmanager.cli import clean as clean_cli
from hfmanager.cli import verify as verify_cli
from hfmanager.core.cleanup import make_plan
from hfmanager.core.cleanup.rules import CandidateKind, Rules, candidates, combine, pickle_twins
from hfmanager.core.inventory import RepoType, scan
from hfmanager.core.paths import CacheRoot, RootKind
from tests.cachebuilder import HubCache, TorchHub, set_times


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="hfmanager")
    sub = parser.add_subparsers()
    clean_cli.register(sub)
    verify_cli.register(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture
def cache(tmp_path: Path) -> tuple[HubCache, TorchHub, dict[str, str]]:
    hub = HubCache(tmp_path / "hub")
    old = hub.repo("org/old")
    old.add_revision({"config.json": b"{}", "model.safetensors": 5000})
    for p in old.path.rglob("*"):
        set_times(p, 90 * 86400)
    twin = hub.repo("org/twin")
    c = twin.add_revision({
        "config.json": b"{}", "model-00001-of-00002.safetensors": 100,
        "model-00002-of-00002.safetensors": 100, "model.safetensors.index.json": b"{}",
        "pytorch_model-00001-of-00003.bin": 300, "pytorch_model-00002-of-00003.bin": 300,
        "pytorch_model-00003-of-00003.bin": 300, "pytorch_model.bin.index.json": b"{}",
        "unet/diffusion_pytorch_model.bin": 400,
        "unet/diffusion_pytorch_model.safetensors": 400, "text/pytorch_model.bin": 50})
    det = twin.add_revision({"config.json": b'{"old": 1}'}, refs=())
    twin.add_incomplete(size=70, age_s=3600)
    ds = hub.repo("org/ds", "dataset")
    ds.add_revision({"data.parquet": 20_000})
    th = TorchHub(hub.root.parent / "torch" / "hub")
    ck = th.add_checkpoint("resnet", 3000)
    set_times(ck, 90 * 86400)
    return hub, th, {"twin": c, "detached": det}


def _inv(hub: HubCache, th: TorchHub):  # type: ignore[no-untyped-def]
    return scan([CacheRoot(hub.root, RootKind.HF, "user"),
                 CacheRoot(th.root, RootKind.TORCH, "user")])


def test_pickle_twins(cache: tuple[HubCache, TorchHub, dict[str, str]]) -> None:
    hub, th, info = cache
    rev = next(r for repo in _inv(hub, th).repos for r in repo.revisions
               if r.commit_hash == info["twin"])
    names = sorted(Path(p).relative_to(rev.snapshot_path).as_posix() for p in pickle_twins(rev))
    assert names == ["pytorch_model-00001-of-00003.bin", "pytorch_model-00002-of-00003.bin",
                     "pytorch_model-00003-of-00003.bin", "pytorch_model.bin.index.json",
                     "unet/diffusion_pytorch_model.bin"]  # text/ has no safetensors: kept


def test_rules(cache: tuple[HubCache, TorchHub, dict[str, str]]) -> None:
    hub, th, _info = cache
    inv = _inv(hub, th)
    unused = candidates(inv, Rules(unused_days=30))
    assert {c.label for c in unused} == {"org/old", Path(next(th.root.glob("*/*.pth"))).name}
    big = candidates(inv, Rules(larger_than=10_000, repo_types=frozenset({RepoType.DATASET})))
    assert [c.label for c in big] == ["org/ds"]
    rest = candidates(inv, Rules(detached=True, incomplete=True, pickle_twins=True))
    kinds = sorted(c.kind.value for c in rest)
    assert kinds.count(CandidateKind.FILE.value) == 5
    assert kinds.count(CandidateKind.REVISION.value) == 1
    assert kinds.count(CandidateKind.INCOMPLETE.value) == 1
    plan = make_plan(combine(rest), [hub.root, th.root])
    # the .bin index is b"{}", the same blob as config.json: it stays and is not counted
    assert plan.freed_bytes == 300 * 3 + 400 + 70 + len(b'{"old": 1}')
    assert not plan.refused


def test_clean_cli_plan_json_and_yes(cache: tuple[HubCache, TorchHub, dict[str, str]],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    hub, _th, _info = cache
    repo = hub.root / "models--org--old"
    assert cli("clean", "--repo", "org/old", "--cache-dir", str(hub.root), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["executed"] is False
    assert out["paths"] == [str(repo)]
    assert out["freed_bytes"] > 5000
    assert repo.exists()
    assert cli("clean", "--repo", "org/old", "--cache-dir", str(hub.root)) == 0
    assert "--yes" in capsys.readouterr().out
    assert repo.exists()
    assert cli("clean", "--repo", "org/old", "--cache-dir", str(hub.root), "--yes",
               "--dry-run") == 0
    assert repo.exists()
    capsys.readouterr()
    assert cli("clean", "--repo", "org/old", "--cache-dir", str(hub.root), "--yes",
               "--json") == 0
    res = json.loads(capsys.readouterr().out)
    assert res["result"]["freed_bytes"] == out["freed_bytes"]
    assert not repo.exists()
    assert cli("clean", "--repo", "org/nope", "--cache-dir", str(hub.root)) == 2
    assert cli("clean", "--cache-dir", str(hub.root)) == 2


def test_verify_cli(cache: tuple[HubCache, TorchHub, dict[str, str]],
                    capsys: pytest.CaptureFixture[str]) -> None:
    hub, _th, _info = cache
    assert cli("verify", "org/old", "--cache-dir", str(hub.root)) == 0
    blob = next(p for p in (hub.root / "models--org--old" / "blobs").iterdir()
                if len(p.name) == 64)
    blob.write_bytes(b"garbage")
    capsys.readouterr()
    assert cli("verify", "--all", "--cache-dir", str(hub.root)) == 1
    text = capsys.readouterr().out
    assert f"expected: sha256 {blob.name}" in text
    assert "actual:" in text
    assert cli("verify", "--all", "--cache-dir", str(hub.root), "--json") == 1
    data = json.loads(capsys.readouterr().out)
    bad = [r for r in data["results"] if r["status"] == "corrupt"]
    assert [r["path"] for r in bad] == [str(blob)]
    assert cli("verify", "org/nope", "--cache-dir", str(hub.root)) == 2
    assert cli("verify", "--cache-dir", str(hub.root)) == 2
