"""`clean --incomplete` on our own partial files, and `clean --detached` next to odd refs.

hfmanager's engine leaves ``blobs/<etag>.hfm-partial`` with a ``.hfm-partial.json``
sidecar; the scan lists it as a leftover download and the cleanup offers it (size, age),
removes both files, and refuses one in use. A revision any ref names, even through a ref
ending in a newline or naming a non-hash snapshot folder, is never "detached"; the two
tools' answers are compared where huggingface_hub can give one.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
from pathlib import Path

import pytest
from huggingface_hub import scan_cache_dir

from hfmanager.cli import clean as clean_cli
from hfmanager.core.cleanup import ItemKind, Selection, execute, inuse, make_plan
from hfmanager.core.cleanup.rules import CandidateKind, Rules, candidates, combine
from hfmanager.core.inventory import scan
from hfmanager.core.paths import CacheRoot, RootKind
from tests.cachebuilder import HubCache, RepoLayout, set_times


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="hfmanager")
    clean_cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


def _inv(hub: HubCache):  # type: ignore[no-untyped-def]
    return scan([CacheRoot(hub.root, RootKind.HF, "user")])


def ours(repo: RepoLayout, etag: str, size: int, age_s: float) -> tuple[Path, Path]:
    """Our engine's leftover: the partial and its sidecar."""
    partial = repo.blobs / f"{etag}.hfm-partial"
    sidecar = repo.blobs / f"{etag}.hfm-partial.json"
    partial.write_bytes(b"p" * size)
    sidecar.write_text(json.dumps({"etag": etag, "size": size * 2}))
    if age_s:
        set_times(partial, age_s)
        set_times(sidecar, age_s)
    return partial, sidecar


def test_our_partials_are_offered_with_size_and_age_and_go_with_their_sidecar(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({"config.json": b"{}"})
    old = ours(r, "a" * 64, 5000, 3 * 3600)
    fresh = ours(r, "b" * 64, 600, 0)
    locked = ours(r, "c" * 64, 700, 3600)
    active = ours(r, "d" * 64, 800, 3600)
    hf_old = r.add_incomplete(etag="e" * 64, size=90, age_s=3600)
    inv = _inv(hub)
    found = {Path(i.path).name: i for i in inv.repos[0].incompletes}
    assert set(found) == {p.name for p in (old[0], fresh[0], locked[0], active[0], hf_old)}
    assert found[old[0].name].size == 5000
    assert not [p for p in inv.repos[0].all_problems() if p.kind.value == "bad_blob_name"]
    offered = candidates(inv, Rules(incomplete=True))
    assert {c.kind for c in offered} == {CandidateKind.INCOMPLETE}
    assert len(offered) == 5
    lock = r.add_lock("c" * 64)
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # what a running download holds
    inuse.mark_active(str(active[0]))  # what our engine registers
    try:
        assert cli("clean", "--incomplete", "--cache-dir", str(hub.root), "--json") == 0
        out = json.loads(capsys.readouterr().out)
        planned = {Path(i["path"]).name: i for i in out["items"]}
        assert set(planned) == {old[0].name, old[1].name, hf_old.name}
        assert planned[old[0].name]["size"] == 5000
        assert planned[old[0].name]["modified"] == pytest.approx(old[0].stat().st_mtime)
        refused = {Path(p["path"]).name: p["reason"] for p in out["refused"]}
        assert "minute" in refused[fresh[0].name]
        assert "lock" in refused[locked[0].name]
        assert "hfmanager" in refused[active[0].name]
        assert cli("clean", "--incomplete", "--cache-dir", str(hub.root)) == 0
        text = capsys.readouterr().out
        assert f"incomplete       {old[0]}  (4.9 KiB; 3 hours old)" in text
        assert cli("clean", "--incomplete", "--cache-dir", str(hub.root), "--yes",
                   "--json") == 0
        result = json.loads(capsys.readouterr().out)["result"]
    finally:
        inuse.unmark_active(str(active[0]))
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert result["errors"] == []
    assert not old[0].exists()
    assert not old[1].exists()
    assert not hf_old.exists()
    assert all(p.exists() for pair in (fresh, locked, active) for p in pair)


def test_a_whole_repo_with_a_partial_and_its_sidecar_goes(tmp_path: Path) -> None:
    """The partial and its sidecar share one download lock: it is taken once."""
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({"config.json": b"{}"})
    ours(r, "a" * 64, 100, 3600)
    r.add_lock("a" * 64)
    result = execute(make_plan(Selection(repos=frozenset({str(r.path)})), [hub.root]))
    assert result.ok, result.errors
    assert not r.path.exists()


def test_only_partial_names_in_blobs_are_taken_as_incomplete(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({"config.json": b"{}"})
    blob = next(r.blobs.iterdir())
    set_times(blob, 3600)
    plan = make_plan(Selection(incompletes=frozenset({str(blob)})), [hub.root])
    assert plan.empty
    assert "not a partial download" in plan.refused[0][1]
    assert blob.exists()


@pytest.fixture
def odd_refs(tmp_path: Path) -> tuple[HubCache, dict[str, str]]:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/named")
    main = r.add_revision({"config.json": b"{}"})
    (r.snapshots / "v1.0").mkdir()
    (r.snapshots / "v1.0" / "notes.txt").write_text("a release folder")
    r.set_ref("release", "v1.0")  # a ref naming a snapshot folder that is not a hash
    loose = r.add_revision({"config.json": b'{"v": 0}'}, refs=())
    n = hub.repo("org/newline")
    nl = n.add_revision({"config.json": b"{}"})
    (n.refs / "main").write_text(nl + "\n")
    nd = n.add_revision({"config.json": b'{"d": 1}'}, refs=())
    return hub, {"main": main, "loose": loose, "newline": nl, "newline_detached": nd}


def test_detached_never_selects_a_revision_with_a_ref(
        odd_refs: tuple[HubCache, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    hub, c = odd_refs
    inv = _inv(hub)
    detached = {(r.repo_id, v.commit_hash) for r in inv.repos for v in r.revisions
                if v.detached}
    assert detached == {("org/named", c["loose"]), ("org/newline", c["newline_detached"])}
    # huggingface_hub agrees on the named folder; the newline ref makes it drop the repo
    hf = scan_cache_dir(hub.root)
    named = next(r for r in hf.repos if r.repo_id == "org/named")
    assert {v.commit_hash for v in named.revisions if not v.refs} == {c["loose"]}
    assert {v.commit_hash: set(v.refs) for v in named.revisions}["v1.0"] == {"release"}
    assert "org/newline" not in {r.repo_id for r in hf.repos}  # "corrupted", unlisted
    assert [w for w in hf.warnings if "models--org--newline" in str(w)]
    assert cli("clean", "--detached", "--cache-dir", str(hub.root), "--yes", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["result"]["errors"] == []
    assert {os.path.basename(p) for p in out["paths"] if "/snapshots/" in p} == {
        c["loose"], c["newline_detached"]}
    assert not [i for i in out["items"] if i["kind"] == ItemKind.REF.value]
    named_repo = hub.root / "models--org--named"
    assert (named_repo / "snapshots" / "v1.0" / "notes.txt").exists()
    assert (named_repo / "refs" / "release").read_text() == "v1.0"
    assert (hub.root / "models--org--newline" / "snapshots" / c["newline"]).is_dir()


def test_a_ref_written_after_the_scan_keeps_its_revision(
        odd_refs: tuple[HubCache, dict[str, str]]) -> None:
    hub, c = odd_refs
    offered = candidates(_inv(hub), Rules(detached=True))
    assert len(offered) == 2
    repo = hub.root / "models--org--named"
    (repo / "refs" / "pr").mkdir()
    (repo / "refs" / "pr" / "1").write_text(c["loose"] + "\n")  # since the scan
    plan = make_plan(combine(offered), [hub.root])
    assert (repo / "snapshots" / c["loose"]) not in {Path(p) for p in plan.paths}
    assert not [i for i in plan.items if i.kind is ItemKind.REF]
    reasons = dict(plan.refused)
    assert "refs/pr/1 points to it" in reasons[str(repo / "snapshots" / c["loose"])]
    assert execute(plan).ok
    assert (repo / "snapshots" / c["loose"]).is_dir()
    assert (repo / "refs" / "pr" / "1").exists()
