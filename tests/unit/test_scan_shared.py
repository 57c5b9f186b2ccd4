"""Scan of huggingface_hub 2.x caches: the shared Xet store, refs, partial snapshots and
our own partial files, on hand-built (and hostile) layouts, compared with scan_cache_dir."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from huggingface_hub import scan_cache_dir
from huggingface_hub.utils import _shared_blobs

from hfmanager.core.inventory import scan
from hfmanager.core.inventory.model import ProblemKind
from hfmanager.core.paths import CacheRoot, RootKind
from tests.cachebuilder import HubCache, add_shared_store, build_synthetic_cache

CONFIG = b'{"model_type": "bert"}'


def _scan(root: Path):  # type: ignore[no-untyped-def]
    return scan([CacheRoot(root, RootKind.HF, "user")])


def _kinds(repo) -> set[ProblemKind]:  # type: ignore[no-untyped-def]
    return {p.kind for p in repo.all_problems()}


def _store(hub: HubCache, data: bytes, users: list[str]) -> Path:
    """A payload huggingface_hub's own publish puts in the store, linked from ``users``."""
    xet = hashlib.sha256(b"xet" + data).hexdigest()
    etag = hashlib.sha256(data).hexdigest()
    for name in users:
        repo = hub.repo(name)
        repo.add_revision({"config.json": CONFIG, "model.safetensors": data})
        assert _shared_blobs.publish_blob_to_shared_store(
            blob_path=str(repo.blobs / etag), xet_hash=xet, cache_dir=hub.root,
            expected_size=len(data))
    return _shared_blobs.shared_blob_path(hub.root, xet)


def test_shared_payload_counted_once_in_total_and_per_repo_as_hf(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    payload = _store(hub, b"w" * 100_000, ["org/a", "org/b"])
    inv = _scan(hub.root)
    theirs = scan_cache_dir(hub.root)
    assert {r.repo_id: r.size_on_disk for r in inv.repos} == {
        r.repo_id: r.size_on_disk for r in theirs.repos}
    assert inv.size_on_disk == theirs.size_on_disk == 2 * len(CONFIG) + 100_000
    (p,) = inv.payloads
    assert p.path == str(payload)
    assert p.size == 100_000
    assert not p.orphan
    assert len(p.users) == 2
    assert not inv.problems
    assert not any(r.all_problems() for r in inv.repos)


def test_orphans_found_on_disk_even_without_a_manifest(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    kept = _store(hub, b"k" * 5000, ["org/kept"])
    gone = _store(hub, b"g" * 7000, ["org/gone"])
    import shutil

    shutil.rmtree(hub.root / "models--org--gone")
    lost = gone.with_name(gone.name + ".refs")
    lost.unlink()  # huggingface_hub never lists (or collects) a payload without manifest
    inv = _scan(hub.root)
    assert [o.path for o in inv.orphans] == [str(gone)]
    assert not _shared_blobs.unreferenced_shared_blobs(hub.root)
    assert {p.path for p in inv.payloads} == {str(kept), str(gone)}
    assert inv.size_on_disk == scan_cache_dir(hub.root).size_on_disk


def test_missing_payload_is_a_broken_link_naming_the_store(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    _store(hub, b"m" * 3000, ["org/m"]).unlink()
    (repo,) = _scan(hub.root).repos
    msgs = [p.message for p in repo.all_problems() if p.kind is ProblemKind.BROKEN_LINK]
    assert any("shared blob store" in m for m in msgs)
    assert scan_cache_dir(hub.root).warnings  # huggingface_hub drops the repo


def test_store_side_files_are_not_unexpected_but_strays_are(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    payload = _store(hub, b"s" * 3000, ["org/s"])
    (payload.parent / (payload.name + ".lock")).write_text("")
    (payload.parent / "stray.txt").write_text("x")
    (hub.root / "blobs" / "zz").mkdir()
    inv = _scan(hub.root)
    strays = sorted(os.path.basename(p.path or "") for p in inv.problems)
    assert strays == ["stray.txt", "zz"]
    assert all(p.kind is ProblemKind.UNEXPECTED_ENTRY for p in inv.problems)


def test_unmarked_blobs_folder_is_not_a_store(tmp_path: Path) -> None:
    """huggingface_hub ignores <root>/blobs only when marked "1\\n"; so do we."""
    hub = HubCache(tmp_path / "hub")
    (hub.root / "blobs" / "ab").mkdir(parents=True)
    (hub.root / "blobs" / ".huggingface-shared-blobs").write_text("2\n")
    inv = _scan(hub.root)
    assert not inv.payloads
    assert [p.kind for p in inv.problems] == [ProblemKind.UNEXPECTED_ENTRY]
    assert scan_cache_dir(hub.root).warnings


@pytest.mark.parametrize(("text", "kind", "detached"), [
    ("{c}\n", ProblemKind.BAD_REF, False),
    ("{c}", None, False),
    (" {c} ", ProblemKind.BAD_REF, False),
])
def test_ref_text(tmp_path: Path, text: str, kind: ProblemKind | None, detached: bool) -> None:
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/r")
    c = repo.add_revision({"config.json": CONFIG})
    (repo.refs / "main").write_text(text.format(c=c))
    (found,) = _scan(hub.root).repos
    (rev,) = found.revisions
    assert rev.detached is detached
    assert rev.refs == ("main",)
    assert (kind in _kinds(found)) if kind else not found.all_problems()


def test_ref_naming_a_non_hash_folder_keeps_it_attached(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/named")
    c = repo.add_revision({"config.json": CONFIG})
    os.rename(repo.snapshots / c, repo.snapshots / "v1.0")
    (repo.refs / "main").write_text("v1.0")
    (found,) = _scan(hub.root).repos
    (rev,) = found.revisions
    assert rev.refs == ("main",)
    assert not rev.detached
    assert ProblemKind.ODD_REF in _kinds(found)
    (theirs,) = scan_cache_dir(hub.root).repos
    assert {r.commit_hash: r.refs for r in theirs.revisions} == {"v1.0": frozenset({"main"})}


def test_partial_snapshot_from_tree_listing(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/p")
    c = repo.add_revision({"config.json": CONFIG})
    (repo.path / "trees").mkdir()
    listing = {"format_version": 1, "files": {
        "config.json": {"size": len(CONFIG), "blob_id": "a" * 40},
        "model.safetensors": {"size": 9, "blob_id": "b" * 40, "lfs_sha256": "c" * 64,
                              "lfs_size": 9}}}
    (repo.path / "trees" / f"{c}.json").write_text(json.dumps(listing))
    (found,) = _scan(hub.root).repos
    (rev,) = found.revisions
    assert (rev.listed, rev.missing, rev.partial) == (2, 1, True)
    assert ProblemKind.PARTIAL_SNAPSHOT in _kinds(found)


def test_our_partial_files_are_leftover_downloads(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/ours")
    repo.add_revision({"config.json": CONFIG})
    etag = "e" * 64
    (repo.blobs / f"{etag}.hfm-partial").write_bytes(b"x" * 1234)
    (repo.blobs / f"{etag}.hfm-partial.json").write_text("{}")
    (found,) = _scan(hub.root).repos
    (inc,) = found.incompletes
    assert inc.etag == etag
    assert inc.size == 1234
    assert ProblemKind.BAD_BLOB_NAME not in _kinds(found)
    assert ProblemKind.INCOMPLETE_DOWNLOAD in _kinds(found)


def test_synthetic_cache_with_store_matches_scan_cache_dir(tmp_path: Path) -> None:
    hub = build_synthetic_cache(tmp_path / "hub", repos=60, files=600)
    assert add_shared_store(hub, 10, orphans=2) == 12
    inv, theirs = _scan(hub.root), scan_cache_dir(hub.root)
    assert {r.repo_id: r.size_on_disk for r in inv.repos} == {
        r.repo_id: r.size_on_disk for r in theirs.repos}
    assert inv.size_on_disk == theirs.size_on_disk
    assert len(inv.orphans) == 2


def test_index_round_trip_keeps_store_users_and_listing(tmp_path: Path) -> None:
    import time

    from hfmanager.core.inventory import Scanner

    hub = HubCache(tmp_path / "hub")
    _store(hub, b"i" * 4000, ["org/x", "org/y"])
    repo = hub.repo("org/p")
    c = repo.add_revision({"config.json": CONFIG})
    (repo.path / "trees").mkdir()
    (repo.path / "trees" / f"{c}.json").write_text(json.dumps({"format_version": 1, "files": {
        "config.json": {"size": len(CONFIG), "blob_id": "a" * 40},
        "x.bin": {"size": 1, "blob_id": "b" * 40}}}))
    for p in hub.root.rglob("*"):  # old enough for the index to trust every folder
        os.utime(p, (time.time() - 60, time.time() - 60), follow_symlinks=False)
    roots = [CacheRoot(hub.root, RootKind.HF, "user")]
    first = Scanner(tmp_path / "index.sqlite3").scan(roots)
    again = Scanner(tmp_path / "index.sqlite3")
    second = again.scan(roots)
    assert again.reused == len(second.repos) == 3
    assert second.payloads == first.payloads
    assert len(second.payloads[0].users) == 2
    assert {r.repo_id: r.shared for r in second.repos} == {r.repo_id: r.shared
                                                           for r in first.repos}
    (p_rev,) = next(r for r in second.repos if r.repo_id == "org/p").revisions
    assert (p_rev.listed, p_rev.missing) == (2, 1)
    assert second.size_on_disk == first.size_on_disk == scan_cache_dir(hub.root).size_on_disk


def test_summary_read_through_a_shared_payload(tmp_path: Path) -> None:
    """A config.json stored through the shared store still gives the repo's summary."""
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/cfg")
    config = b'{"model_type": "llama", "num_hidden_layers": 3}' + b" " * 2000
    repo.add_revision({"config.json": config})
    etag = hashlib.sha1(b"blob %d\0" % len(config) + config).hexdigest()
    assert _shared_blobs.publish_blob_to_shared_store(
        blob_path=str(repo.blobs / etag), xet_hash="f" * 64, cache_dir=hub.root,
        expected_size=len(config))
    (found,) = _scan(hub.root).repos
    assert found.summary.model_type == "llama"
    assert found.summary.num_layers == 3
