"""Cleanup on huggingface_hub 2.x's shared Xet store, compared with huggingface_hub itself.

Caches are built with real repos (tests/cachebuilder.py) whose Xet-shaped blobs are moved
into the store by huggingface_hub's own ``publish_blob_to_shared_store``. Each deletion
runs twice on identical copies: ``scan_cache_dir(...).delete_revisions(...)`` on one,
our plan and execute on the other; the figures and what is left on disk (every path, link
text and manifest content) must agree. Where hfmanager deliberately refuses more, the test
says so and shows both answers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from huggingface_hub import scan_cache_dir
from huggingface_hub.utils import _shared_blobs

from hfmanager.core import sharedstore
from hfmanager.core.cleanup import ItemKind, Selection, execute, make_plan
from hfmanager.core.inventory import scan
from hfmanager.core.paths import CacheRoot, RootKind
from tests.cachebuilder import HubCache, RepoLayout, make_bytes, sha256_hex
from tests.trashbin import private_trash

MIB = 1 << 20


def xet_of(seed: str) -> str:
    return hashlib.sha256(b"xet:" + seed.encode()).hexdigest()


def publish(repo: RepoLayout, data: bytes, xet: str) -> Path:
    """What huggingface_hub does after a Xet download: the blob moves into the store."""
    blob = repo.blobs / sha256_hex(data)
    assert _shared_blobs.publish_blob_to_shared_store(
        blob_path=str(blob), xet_hash=xet, cache_dir=repo.path.parent,
        expected_size=len(data))
    return _shared_blobs.shared_blob_path(repo.path.parent, xet)


def tree(root: Path) -> dict[str, str]:
    """Every path below ``root`` -> link text, 'dir' or a content hash (locks aside)."""
    out: dict[str, str] = {}
    for dirpath, dirs, files in os.walk(root):
        for name in dirs + files:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            if rel.split(os.sep)[0] == ".locks" or name.endswith(".lock"):
                continue  # lock files: both tools leave theirs
            if os.path.islink(p):
                out[rel] = "link:" + os.readlink(p)
            elif os.path.isdir(p):
                out[rel] = "dir"
            else:
                out[rel] = hashlib.sha256(Path(p).read_bytes()).hexdigest()[:16]
    return out


def disk_bytes(root: Path) -> int:
    seen: dict[tuple[int, int], int] = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            st = os.lstat(os.path.join(dirpath, name))
            if os.path.isfile(os.path.join(dirpath, name)) and not os.path.islink(
                    os.path.join(dirpath, name)):
                seen[(st.st_dev, st.st_ino)] = st.st_size
    return sum(seen.values())


def both(root: Path, commits: list[str], tmp_path: Path):  # type: ignore[no-untyped-def]
    """Delete ``commits`` with huggingface_hub and with hfmanager on two copies."""
    theirs, mine = tmp_path / "hf", tmp_path / "ours"
    for copy in (theirs, mine):
        shutil.copytree(root, copy, symlinks=True)
    strategy = scan_cache_dir(theirs).delete_revisions(*commits)
    strategy.execute()
    picked = {(str(mine / r.name), c) for r in root.glob("*--*") for c in commits
              if (r / "snapshots" / c).is_dir()}
    before = disk_bytes(mine)
    plan = make_plan(Selection(revisions=frozenset(picked)), [mine])
    result = execute(plan)
    assert result.ok, result.errors
    assert plan.freed_bytes == result.freed_bytes == before - disk_bytes(mine)
    return strategy, plan, tree(theirs), tree(mine)


@pytest.fixture
def two_repos(tmp_path: Path) -> tuple[HubCache, dict[str, str], Path]:
    """org/a and org/b share one 1 MiB payload; org/b also has a payload of its own."""
    hub = HubCache(tmp_path / "hub")
    big, own = make_bytes(MIB, "shared"), make_bytes(4096, "own")
    a, b = hub.repo("org/a"), hub.repo("org/b")
    ca = a.add_revision({"config.json": b"{}", "model.safetensors": big})
    cb = b.add_revision({"config.json": b'{"b":1}', "model.safetensors": big,
                         "extra.safetensors": own})
    payload = publish(a, big, xet_of("shared"))
    assert publish(b, big, xet_of("shared")) == payload
    publish(b, own, xet_of("own"))
    return hub, {"a": ca, "b": cb}, payload


@pytest.mark.parametrize("which", [["a"], ["b"], ["a", "b"]])
def test_shared_payload_goes_exactly_when_huggingface_hub_collects_it(
        two_repos: tuple[HubCache, dict[str, str], Path], tmp_path: Path,
        which: list[str]) -> None:
    hub, commits, payload = two_repos
    strategy, plan, hf_left, our_left = both(hub.root, [commits[w] for w in which], tmp_path)
    assert plan.blob_bytes == strategy.expected_freed_size
    assert our_left == hf_left  # same paths, links and manifests (rewritten the same way)
    rel = str(payload.relative_to(hub.root))
    manifest = rel + ".refs"
    if which == ["a", "b"]:
        assert rel not in our_left
        assert manifest not in our_left
        assert plan.blob_bytes >= MIB + 4096  # the payloads, not 2 x 61-byte links
    else:
        kept = "b" if which == ["a"] else "a"
        assert rel in our_left
        lines = (tmp_path / "ours" / manifest).read_text().splitlines()
        assert [line.split("/")[0] for line in lines] == [f"models--org--{kept}"]
        # kept: not among what goes; swept only for its manifest, which got shorter
        assert str(tmp_path / "ours" / rel) not in plan.paths
        [shared] = [i for i in plan.sweeps if i.path.endswith(payload.name)]
        assert shared.content == 0
        assert shared.users  # the other repo's link, found on disk


def test_clean_cli_shows_a_kept_payload_apart(
        two_repos: tuple[HubCache, dict[str, str], Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    hub, _commits, payload = two_repos
    assert _cli("clean", "--repo", "org/a", "--cache-dir", str(hub.root)) == 0
    text = capsys.readouterr().out
    assert f"kept (shared)    {payload}  (1.0 MiB; other repos still link to it" in text
    assert _cli("clean", "--repo", "org/a", "--cache-dir", str(hub.root), "--yes") == 0
    assert payload.is_file()
    assert Path(str(payload) + ".refs").read_text().startswith("models--org--b/blobs/")


def test_last_repo_frees_the_payload_not_only_the_link(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    solo = hub.repo("org/solo")
    big = make_bytes(MIB, "solo")
    c = solo.add_revision({"config.json": b"{}", "model.safetensors": big})
    payload = publish(solo, big, xet_of("solo"))
    assert os.lstat(solo.blobs / sha256_hex(big)).st_size < 100  # the link's own size
    strategy, plan, hf_left, our_left = both(hub.root, [c], tmp_path)
    assert plan.blob_bytes == strategy.expected_freed_size == MIB + 2
    assert our_left == hf_left
    assert str(payload.relative_to(hub.root)) not in our_left
    assert "models--org--solo" not in our_left
    item = next(i for i in plan.items if i.kind is ItemKind.STORE_PAYLOAD)
    assert item.content == MIB  # and its manifest: item.freed is a few bytes more
    assert item.to_json()["links"] == [str(tmp_path / "ours" / "models--org--solo" / "blobs"
                                           / sha256_hex(big))]


def test_one_revision_of_several_sweeps_its_payload(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/r")
    old_w, new_w = make_bytes(8192, "old"), make_bytes(8192, "new")
    old = r.add_revision({"config.json": b"{}", "model.safetensors": old_w},
                         refs=("refs/pr/1",))
    r.add_revision({"config.json": b"{}", "model.safetensors": new_w})
    publish(r, old_w, xet_of("old"))
    publish(r, new_w, xet_of("new"))
    strategy, plan, hf_left, our_left = both(hub.root, [old], tmp_path)
    assert plan.blob_bytes == strategy.expected_freed_size == 8192
    assert our_left == hf_left
    assert {i.kind for i in plan.items} >= {ItemKind.REF, ItemKind.SNAPSHOT, ItemKind.BLOB,
                                             ItemKind.STORE_PAYLOAD}


def test_every_revision_removes_the_repo_folder(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/r")
    c1 = r.add_revision({"config.json": b"{}", "a.safetensors": 3000})
    c2 = r.add_revision({"config.json": b'{"v":2}'}, refs=("refs/pr/1",))
    c3 = r.add_revision({"b.safetensors": 100}, refs=())
    strategy, plan, hf_left, our_left = both(hub.root, [c1, c2, c3], tmp_path)
    assert plan.blob_bytes == strategy.expected_freed_size
    assert our_left == hf_left
    assert [i.kind for i in plan.items] == [ItemKind.REPO]
    assert not (tmp_path / "ours" / "models--org--r").exists()
    inv = scan([CacheRoot(tmp_path / "ours", RootKind.HF, "user")])
    assert inv.repos == ()  # no empty 0 B repo left behind


def test_a_link_the_manifest_forgot_keeps_the_payload(
        two_repos: tuple[HubCache, dict[str, str], Path], tmp_path: Path) -> None:
    """hfmanager refuses more: huggingface_hub trusts the manifest and breaks org/b."""
    hub, commits, payload = two_repos
    manifest = Path(str(payload) + ".refs")
    manifest.write_text("models--org--a/blobs/" + sha256_hex(make_bytes(MIB, "shared"))
                        + "\n")
    strategy, plan, hf_left, our_left = both(hub.root, [commits["a"]], tmp_path)
    rel = str(payload.relative_to(hub.root))
    assert strategy.expected_freed_size >= MIB
    assert rel not in hf_left  # huggingface_hub collected it: org/b's link now dangles
    assert plan.blob_bytes < MIB
    assert rel in our_left
    lines = (tmp_path / "ours" / (rel + ".refs")).read_text().splitlines()
    assert [line.split("/")[0] for line in lines] == ["models--org--b"]  # manifest repaired


def test_sweep_rechecks_links_made_after_the_plan(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    big = make_bytes(MIB, "late")
    a = hub.repo("org/a")
    a.add_revision({"model.safetensors": big})
    payload = publish(a, big, xet_of("late"))
    b = hub.repo("org/b")
    b.add_revision({"config.json": b"{}"})
    plan = make_plan(Selection(repos=frozenset({str(a.path)})), [hub.root])
    assert plan.blob_bytes == MIB
    # huggingface_hub links org/b to the payload between our plan and its execution
    link = b.blobs / sha256_hex(big)
    assert _shared_blobs.try_link_from_shared_store(
        blob_path=str(link), xet_hash=xet_of("late"), cache_dir=hub.root, expected_size=MIB)
    result = execute(plan)
    assert result.ok
    assert payload.is_file()
    assert result.freed_bytes < MIB
    assert link.read_bytes() == big


def test_trashed_repo_keeps_its_payload(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    trash = private_trash(monkeypatch, tmp_path)  # tests/trashbin.py: never /dev/shm's
    hub = HubCache(tmp_path / "hub")
    a = hub.repo("org/a")
    big = make_bytes(8192, "trash")
    a.add_revision({"model.safetensors": big})
    payload = publish(a, big, xet_of("trash"))
    result = execute(make_plan(Selection(repos=frozenset({str(a.path)})), [hub.root]),
                     use_trash=True)
    assert result.trashed == (str(a.path),), result
    assert result.payloads_kept == (str(payload),)
    assert payload.is_file()  # restoring the repo from the trash finds its weights
    assert not a.path.exists()
    assert any((trash / "files").iterdir())


# --- orphans -------------------------------------------------------------------------------
def _cli(*argv: str) -> int:
    import argparse

    from hfmanager.cli import clean as clean_cli

    parser = argparse.ArgumentParser(prog="hfmanager")
    clean_cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture
def orphaned(tmp_path: Path) -> tuple[HubCache, Path, Path]:
    """A payload whose repo was removed by hand, and one still in use."""
    hub = HubCache(tmp_path / "hub")
    gone, kept = hub.repo("org/gone"), hub.repo("org/kept")
    lost, used = make_bytes(64 * 1024, "lost"), make_bytes(4096, "used")
    gone.add_revision({"model.safetensors": lost})
    kept.add_revision({"model.safetensors": used})
    orphan = publish(gone, lost, xet_of("lost"))
    in_use = publish(kept, used, xet_of("used"))
    shutil.rmtree(gone.path)
    return hub, orphan, in_use


def test_orphans_listed_as_huggingface_hub_lists_them_and_cleaned(
        orphaned: tuple[HubCache, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    import json

    hub, orphan, in_use = orphaned
    inv = scan([CacheRoot(hub.root, RootKind.HF, "user")])
    assert {p.path for p in inv.orphans} == {
        str(p) for p in _shared_blobs.unreferenced_shared_blobs(hub.root)} == {str(orphan)}
    assert _cli("clean", "--orphans", "--cache-dir", str(hub.root), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    manifest = Path(str(orphan) + ".refs").stat().st_size
    assert [(i["kind"], i["path"], i["size"], i["freed_bytes"]) for i in out["items"]] == [
        ("orphan_payload", str(orphan), 64 * 1024, 64 * 1024 + manifest)]
    assert out["blob_bytes"] == 64 * 1024
    assert orphan.exists()
    assert _cli("clean", "--orphans", "--cache-dir", str(hub.root)) == 0
    text = capsys.readouterr().out
    assert f"orphan_payload   {orphan}  (64.1 KiB)" in text
    assert _cli("clean", "--orphans", "--cache-dir", str(hub.root), "--yes", "--json") == 0
    assert json.loads(capsys.readouterr().out)["result"]["freed_bytes"] == 64 * 1024 + manifest
    assert not orphan.exists()
    assert not Path(str(orphan) + ".refs").exists()
    assert in_use.exists()
    assert scan([CacheRoot(hub.root, RootKind.HF, "user")]).orphans == ()


def test_orphan_without_manifest_is_found_and_cleaned(
        orphaned: tuple[HubCache, Path, Path]) -> None:
    """hfmanager says more: huggingface_hub leaks a payload whose manifest is missing."""
    hub, orphan, _in_use = orphaned
    Path(str(orphan) + ".refs").unlink()
    assert _shared_blobs.unreferenced_shared_blobs(hub.root) == {}
    inv = scan([CacheRoot(hub.root, RootKind.HF, "user")])
    assert [p.path for p in inv.orphans] == [str(orphan)]
    plan = make_plan(Selection(orphans=frozenset({str(orphan)})), [hub.root])
    assert plan.freed_bytes == plan.blob_bytes == 64 * 1024  # no manifest to remove
    assert execute(plan).freed_bytes == 64 * 1024
    assert not orphan.exists()


def test_orphan_linked_again_is_refused_at_plan_and_at_execute(
        orphaned: tuple[HubCache, Path, Path]) -> None:
    hub, orphan, _in_use = orphaned
    sel = Selection(orphans=frozenset({str(orphan)}))
    plan = make_plan(sel, [hub.root])
    assert plan.paths == [str(orphan)]
    again = hub.repo("org/again")
    again.add_revision({"config.json": b"{}"})
    link = again.blobs / sha256_hex(make_bytes(64 * 1024, "lost"))
    assert sharedstore.link_existing(str(link), xet_of("lost"), str(hub.root), 64 * 1024)
    result = execute(plan)  # the sweep re-checks under the payload's lock
    assert orphan.exists()
    assert result.freed_bytes == 0
    replan = make_plan(sel, [hub.root])
    assert replan.empty
    assert "still used" in replan.refused[0][1]


def test_orphan_selection_stays_inside_the_store(
        orphaned: tuple[HubCache, Path, Path], tmp_path: Path) -> None:
    hub, _orphan, in_use = orphaned
    outside = tmp_path / "elsewhere" / "blobs" / "ab" / ("ab" * 32)
    outside.parent.mkdir(parents=True)
    outside.write_bytes(b"x")
    repo_blob = next((hub.root / "models--org--kept" / "blobs").iterdir())
    stray = hub.root / "blobs" / "zz"
    stray.write_bytes(b"not a payload")
    (hub.root / "blobs" / "ab").symlink_to(outside.parent)  # a prefix folder swapped
    through_link = hub.root / "blobs" / "ab" / outside.name
    plan = make_plan(Selection(orphans=frozenset(map(str, (
        outside, repo_blob, in_use, stray, through_link)))), [hub.root])
    assert plan.empty
    reasons = dict(plan.refused)
    assert reasons[str(outside)] == "outside every cache root"
    assert reasons[str(repo_blob)] == "not a regular file"  # a link, never followed
    assert "still used" in reasons[str(in_use)]
    assert reasons[str(stray)] == "not a shared store payload"
    assert reasons[str(through_link)] == "outside every cache root"
    assert all(p.exists() for p in (outside, in_use, stray))


def test_orphan_prefix_swapped_for_a_link_after_the_plan_is_left_alone(
        orphaned: tuple[HubCache, Path, Path], tmp_path: Path) -> None:
    hub, orphan, _in_use = orphaned
    plan = make_plan(Selection(orphans=frozenset({str(orphan)})), [hub.root])
    assert plan.paths == [str(orphan)]
    moved = tmp_path / "elsewhere"
    os.rename(orphan.parent, moved)
    orphan.parent.symlink_to(moved)  # the same names, now outside the cache
    result = execute(plan)
    assert result.freed_bytes == 0
    assert "no longer inside" in result.errors[0][1]
    assert (moved / orphan.name).is_file()
