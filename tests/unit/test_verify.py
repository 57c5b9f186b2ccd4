"""Offline verification on real caches: planted corruptions found, no false positives."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from hfmanager.core.store import Store
from hfmanager.core.verify import (
    Algo,
    VerifyProgress,
    VerifyStatus,
    hash_file,
    verify,
)
from tests.cachebuilder import HubCache, TorchHub, build_synthetic_cache, sha256_hex
from tests.verifycases import CORRUPTIONS, all_targets
from tests.verifycases import corrupt as _corrupt


def test_git_blob_sha1_definition(tmp_path: Path) -> None:
    p = tmp_path / "empty"
    p.write_bytes(b"")
    assert hash_file(str(p), Algo.GIT_SHA1) == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    p.write_bytes(b"hello\n")  # `git hash-object` of "hello\n"
    assert hash_file(str(p), Algo.GIT_SHA1) == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_finds_every_planted_corruption_and_no_false_positive(tmp_path: Path) -> None:
    hub = build_synthetic_cache(tmp_path / "hub", repos=150, files=3000, file_size=64)
    big = hub.repo("org/big")
    big.add_revision({"config.json": b"{}" * 5000, "model.safetensors": 3 * 1024 * 1024 + 7})
    copy = hub.repo("org/copy")
    cc = copy.add_revision({"config.json": b'{"a": 1}', "weights.txt": 9000}, layout="copy")
    copy.add_tree_listing(cc)
    th = TorchHub(tmp_path / "torch" / "hub")
    ck = th.add_checkpoint("resnet", 20000)
    targets = all_targets(hub.root, th.root)
    clean = verify(targets)
    assert len(targets) > 3000
    assert clean.corrupt == []
    assert {r.status for r in clean.results} == {VerifyStatus.OK}

    victims = [ck, copy.snapshots / cc / "weights.txt"]
    victims += sorted(big.blobs.iterdir())
    victims += [Path(t.path) for t in targets if t.algo is Algo.GIT_SHA1][:40:10]
    victims += [Path(t.path) for t in targets if t.algo is Algo.SHA256][:40:10]
    planted = {}
    for i, v in enumerate(victims):
        how = CORRUPTIONS[i % len(CORRUPTIONS)]
        _corrupt(v, how)
        planted[str(v)] = how
    report = verify(all_targets(hub.root, th.root), workers=2)
    found = {r.target.path for r in report.corrupt}
    assert found == set(planted), {p: planted[p] for p in set(planted) ^ found}
    print(f"\nverify: {len(targets)} files, {len(planted)} planted corruptions "
          f"({', '.join(sorted(set(planted.values())))}), found {len(found)}, "
          f"0 false positives")
    for r in report.corrupt:
        assert r.actual
        assert r.actual != r.target.expected
        assert "does not match" in r.to_problem().message


def test_each_corruption_kind_on_each_algo(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    files = {f"f{i}.safetensors": 5000 + i for i in range(4)}
    files |= {f"t{i}.json": 6000 + i for i in range(4)}
    r.add_revision(files)
    blobs = sorted(r.blobs.iterdir())
    for i, b in enumerate(blobs):
        _corrupt(b, CORRUPTIONS[i % 4])
    report = verify(all_targets(hub.root))
    assert len(report.corrupt) == 8
    by_algo = {r.target.algo for r in report.corrupt}
    assert by_algo == {Algo.SHA256, Algo.GIT_SHA1}
    assert all(r.target.files for r in report.corrupt)  # shown on its snapshot file


def test_copies_without_tree_listing_are_unverifiable(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    c = r.add_revision({"config.json": b"{}", "w.bin": 100}, layout="copy")
    report = verify(all_targets(hub.root))
    assert {x.status for x in report.results} == {VerifyStatus.UNVERIFIABLE}
    # a tree listing with an LFS sha256 makes them verifiable
    tree = json.loads(r.add_tree_listing(c).read_text())
    data = (r.snapshots / c / "w.bin").read_bytes()
    tree["files"]["w.bin"] = {"size": 100, "blob_id": "0" * 40, "lfs_sha256": sha256_hex(data),
                              "lfs_size": 100}
    (r.path / "trees" / f"{c}.json").write_text(json.dumps(tree))
    report = verify(all_targets(hub.root))
    assert {x.status for x in report.results} == {VerifyStatus.OK}
    assert {x.target.algo for x in report.results} == {Algo.SHA256, Algo.GIT_SHA1}


def test_odd_entries_are_never_reported_good(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    c = r.add_revision({"config.json": b"{}"})
    (r.blobs / "not-a-hash").write_bytes(b"x")
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"y")
    os.symlink(outside, r.snapshots / c / "elsewhere.bin")
    th = TorchHub(tmp_path / "torch" / "hub")
    th.add_checkpoint("nohash", 10, with_hash=False)
    report = verify(all_targets(hub.root, th.root))
    statuses = {Path(x.target.path).name: x.status for x in report.results}
    assert statuses["not-a-hash"] is VerifyStatus.UNVERIFIABLE
    assert statuses["elsewhere.bin"] is VerifyStatus.UNVERIFIABLE
    assert statuses["nohash.pth"] is VerifyStatus.UNVERIFIABLE


def test_results_cached_until_file_changes(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({f"m{i}.safetensors": 200_000 for i in range(5)})
    store = Store(tmp_path / "db.sqlite3")
    first = verify(all_targets(hub.root), store=store)
    assert first.bytes_hashed == 1_000_000
    again = verify(all_targets(hub.root), store=store)
    assert again.bytes_hashed == 0
    assert all(x.cached and x.status is VerifyStatus.OK for x in again.results)
    victim = sorted(r.blobs.iterdir())[0]
    _corrupt(victim, "bitflip")  # new mtime: must be hashed again
    third = verify(all_targets(hub.root), store=Store(tmp_path / "db.sqlite3"))
    assert third.bytes_hashed == 200_000
    assert [x.target.path for x in third.corrupt] == [str(victim)]


def test_progress_and_cancel(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({f"m{i}.safetensors": 3 * 1024 * 1024 for i in range(12)})
    cancel = threading.Event()
    seen: list[VerifyProgress] = []

    def on_progress(p: VerifyProgress) -> None:
        seen.append(p)
        if p.bytes_done > 0:
            cancel.set()

    report = verify(all_targets(hub.root), progress=on_progress, cancel=cancel, workers=1,
                    progress_interval=0.0)
    assert report.cancelled
    assert len(report.results) < 12
    assert seen[-1].files_total == 12
    assert all(x.status is VerifyStatus.OK for x in report.results)
    full = verify(all_targets(hub.root), progress=seen.append)
    assert not full.cancelled
    assert seen[-1].bytes_done == seen[-1].bytes_total == 12 * 3 * 1024 * 1024
