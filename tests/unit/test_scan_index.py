"""The dir-mtime index: unchanged repos are reused, every kind of change is noticed."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from hfmanager.core.inventory import (
    CacheRoot,
    RootKind,
    Scanner,
    default_index_path,
    load_last_inventory,
    scan,
)
from hfmanager.core.inventory.index import FORMAT_VERSION, LazyRevision, meta_json
from tests.cachebuilder import HubCache, TorchHub


def _age(path: Path) -> None:
    """Backdate folders so that a change made now gives a different mtime."""
    for p in [path, *path.rglob("*")]:
        if not p.is_symlink():
            os.utime(p, (time.time() - 100, time.time() - 100))


@pytest.fixture
def cache(tmp_path: Path) -> tuple[HubCache, list[CacheRoot]]:
    hub = HubCache(tmp_path / "hub")
    for i in range(5):
        r = hub.repo(f"org/m{i}")
        r.add_revision({"config.json": b"{}", "model.safetensors": 100 + i, "sub/a.txt": 3})
        r.add_revision({"config.json": b'{"x": 1}'}, refs=("refs/pr/1",))
    th = TorchHub(tmp_path / "torch" / "hub")
    th.add_checkpoint("resnet", 50)
    _age(hub.root)
    return hub, [CacheRoot(hub.root, RootKind.HF, "user"),
                 CacheRoot(th.root, RootKind.TORCH, "user")]


def test_in_process_rescan_reuses_everything(cache: tuple[HubCache, list[CacheRoot]],
                                            tmp_path: Path) -> None:
    _hub, roots = cache
    scanner = Scanner(tmp_path / "index.sqlite3")
    first = scanner.scan(roots)
    assert scanner.reused == 0
    second = scanner.scan(roots)
    assert scanner.reused == 5
    assert second.repos == first.repos
    assert second.torch_entries == first.torch_entries
    assert all(a is b for a, b in zip(first.repos, second.repos, strict=True))


def test_fresh_scanner_reuses_the_index(cache: tuple[HubCache, list[CacheRoot]],
                                        tmp_path: Path) -> None:
    _hub, roots = cache
    index = tmp_path / "index.sqlite3"
    first = Scanner(index).scan(roots)
    fresh = Scanner(index)
    again = fresh.scan(roots)
    assert fresh.reused == 5
    assert isinstance(again.repos[0].revisions[0], LazyRevision)
    assert again.repos == first.repos  # equal, file lists included (decoded lazily)
    assert again.to_json()["repos"] == first.to_json()["repos"]


@pytest.mark.parametrize("change", ["add_file", "remove_file", "new_revision", "move_ref",
                                    "delete_blob", "add_subdir_file", "refs_to_file",
                                    "new_pr_ref"])
def test_changes_are_noticed(cache: tuple[HubCache, list[CacheRoot]], tmp_path: Path,
                             change: str) -> None:
    hub, roots = cache
    index = tmp_path / "index.sqlite3"
    Scanner(index).scan(roots)
    r = hub.repo("org/m2")
    main = (r.refs / "main").read_text()
    pr = (r.refs / "refs" / "pr" / "1").read_text()
    snap = r.snapshots / main
    if change == "add_file":
        os.symlink(os.path.relpath(r.write_blob(b"new"), snap), snap / "new.txt")
    elif change == "remove_file":
        (snap / "model.safetensors").unlink()
    elif change == "new_revision":
        r.add_revision({"config.json": b"{}"}, refs=("v2",))
    elif change == "move_ref":
        (r.refs / "main").write_text(pr)  # rewritten in place, as huggingface_hub does
    elif change == "delete_blob":
        os.unlink(os.path.realpath(snap / "config.json"))
    elif change == "refs_to_file":
        shutil.rmtree(r.refs)
        r.refs.write_text("not a folder")
    elif change == "new_pr_ref":
        r.set_ref("refs/pr/7", main)
    elif change == "add_subdir_file":
        os.symlink(os.path.relpath(r.write_blob(b"deep"), snap / "sub"), snap / "sub" / "b.txt")
    _age(r.path)  # folders changed in the last 2 s are never trusted by the index
    for scanner in (Scanner(index), Scanner(index)):
        inv = scanner.scan(roots)
        assert inv.repos == scan(roots).repos
    assert scanner.reused == 5  # the second fresh scanner reuses the updated row


def test_recently_changed_folders_are_not_trusted(cache: tuple[HubCache, list[CacheRoot]],
                                                  tmp_path: Path) -> None:
    hub, roots = cache
    hub.repo("org/m4").add_revision({"x.json": b"{}"}, refs=("v9",))  # mtimes: now
    index = tmp_path / "index.sqlite3"
    Scanner(index).scan(roots)
    fresh = Scanner(index)
    fresh.scan(roots)
    assert fresh.reused == 4


def test_removed_and_added_repos(cache: tuple[HubCache, list[CacheRoot]],
                                 tmp_path: Path) -> None:
    hub, roots = cache
    index = tmp_path / "index.sqlite3"
    scanner = Scanner(index)
    scanner.scan(roots)
    shutil.rmtree(hub.repo("org/m0").path)
    hub.repo("org/new").add_revision({"config.json": b"{}"})
    inv = scanner.scan(roots)
    ids = [r.repo_id for r in inv.repos]
    assert "org/m0" not in ids
    assert "org/new" in ids
    assert scanner.reused == 4
    last = load_last_inventory(index)
    assert last is not None
    assert [r.repo_id for r in last.repos] == ids


def test_repos_with_incomplete_downloads_are_always_rescanned(
        cache: tuple[HubCache, list[CacheRoot]], tmp_path: Path) -> None:
    hub, roots = cache
    inc = hub.repo("org/m1").add_incomplete(size=10)
    scanner = Scanner(tmp_path / "index.sqlite3")
    scanner.scan(roots)
    with inc.open("ab") as f:  # a download in progress grows without touching folders
        f.write(b"x" * 90)
    inv = scanner.scan(roots)
    assert scanner.reused == 4
    m1 = next(r for r in inv.repos if r.repo_id == "org/m1")
    assert m1.incompletes[0].size == 100


def test_load_last_inventory(cache: tuple[HubCache, list[CacheRoot]]) -> None:
    _hub, roots = cache
    assert load_last_inventory() is None
    inv = scan(roots, index_path=default_index_path())
    assert default_index_path().parent == Path(os.environ["HFMANAGER_DATA_DIR"])
    last = load_last_inventory()
    assert last is not None
    assert last.repos == inv.repos
    assert last.torch_entries == inv.torch_entries
    assert last.roots == inv.roots


def test_corrupt_index_is_replaced(cache: tuple[HubCache, list[CacheRoot]],
                                   tmp_path: Path) -> None:
    _hub, roots = cache
    index = tmp_path / "index.sqlite3"
    index.write_bytes(b"this is not sqlite" * 100)
    first = Scanner(index).scan(roots)
    assert (tmp_path / "index.sqlite3.bad").exists()
    fresh = Scanner(index)
    assert fresh.scan(roots).repos == first.repos
    assert fresh.reused == 5


def test_lazy_revision_behaves_like_a_revision(cache: tuple[HubCache, list[CacheRoot]],
                                               tmp_path: Path) -> None:
    _hub, roots = cache
    index = tmp_path / "index.sqlite3"
    plain = Scanner(index).scan(roots).repos[0].revisions[0]
    lazy = Scanner(index).scan(roots).repos[0].revisions[0]
    assert isinstance(lazy, LazyRevision)
    assert lazy == plain
    assert plain == lazy
    assert hash(lazy) == hash(LazyRevision(*(getattr(plain, f.name)
                                             for f in dataclasses.fields(plain))))
    renamed = dataclasses.replace(lazy, refs=("x",))
    assert renamed.refs == ("x",)
    assert renamed.files == plain.files
    with pytest.raises(dataclasses.FrozenInstanceError):
        lazy.refs = ()  # type: ignore[misc]


def test_lazy_files_after_the_row_changed(cache: tuple[HubCache, list[CacheRoot]],
                                          tmp_path: Path) -> None:
    hub, roots = cache
    index = tmp_path / "index.sqlite3"
    Scanner(index).scan(roots)
    old = Scanner(index).scan(roots).repos[3]  # file lists not read yet
    r = hub.repo("org/m3")
    main = (r.refs / "main").read_text()
    snap = r.snapshots / main
    os.symlink(os.path.relpath(r.write_blob(b"late"), snap), snap / "late.txt")
    Scanner(index).scan(roots)  # rewrites org/m3's row
    rev = next(x for x in old.revisions if x.commit_hash == main)
    assert "late.txt" in {f.path for f in rev.files}  # the folder was read again


def test_eager_files(cache: tuple[HubCache, list[CacheRoot]], tmp_path: Path) -> None:
    _hub, roots = cache
    index = tmp_path / "index.sqlite3"
    first = Scanner(index).scan(roots)
    eager = Scanner(index, lazy_files=False)
    again = eager.scan(roots)
    assert eager.reused == 5
    assert again.repos == first.repos


def test_meta_json_matches_the_model(cache: tuple[HubCache, list[CacheRoot]]) -> None:
    hub, roots = cache
    hub.repo("org/m0").add_incomplete(size=5)
    for repo in scan(roots).repos:
        assert meta_json(repo) == repo.to_json(with_files=False)


def test_index_from_another_format_is_rebuilt(cache: tuple[HubCache, list[CacheRoot]],
                                              tmp_path: Path) -> None:
    _hub, roots = cache
    index = tmp_path / "index.sqlite3"
    with sqlite3.connect(index) as conn:  # another layout under the current version number
        conn.executescript("CREATE TABLE repos (repo_key TEXT PRIMARY KEY, dirs TEXT);"
                           "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                           f"INSERT INTO meta VALUES ('format', '{FORMAT_VERSION}');")
    conn.close()
    first = Scanner(index).scan(roots)
    fresh = Scanner(index)
    assert fresh.scan(roots).repos == first.repos
    assert fresh.reused == 5


def test_odd_files_survive_the_index(tmp_path: Path) -> None:
    """Copies, hard links, broken and escaping links, non-ASCII names: full rows in the
    index, decoded equal to a fresh scan (plain links take the packed path)."""
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/odd")
    r.add_revision({"config.json": b"{}", "w/model.safetensors": 40}, layout="copy")
    r.add_revision({"config.json": b'{"a": 1}', "tok.json": 7}, layout="hardlink",
                   refs=("refs/pr/2",))
    snap = r.snapshots / r.add_revision({"config.json": b'{"b": 2}', "sub/x.bin": 9},
                                        refs=("dev",))
    os.symlink("../../blobs/" + "e" * 40, snap / "broken.txt")
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    os.symlink(outside, snap / "escape.txt")
    os.symlink(os.path.relpath(r.write_blob(b"x"), snap), snap / "caf\u00e9 \u65e5.md")
    _age(hub.root)
    roots = [CacheRoot(hub.root, RootKind.HF, "user")]
    index = tmp_path / "index.sqlite3"
    first = Scanner(index).scan(roots)
    for lazy in (True, False):
        fresh = Scanner(index, lazy_files=lazy)
        again = fresh.scan(roots)
        assert fresh.reused == 1
        assert again.repos == first.repos
        assert again.to_json()["repos"] == first.to_json()["repos"]
    kinds = {f.path: f.blob_path for rev in first.repos[0].revisions for f in rev.files}
    assert {"broken.txt", "escape.txt", "w/model.safetensors", "sub/x.bin"} <= set(kinds)


def test_an_unfinished_download_says_when_it_was_written(tmp_path: Path) -> None:
    """A problem names when a leftover partial was written, not how many seconds ago it
    was at scan time: a full scan and a rescan through the index (which rescans a repo
    with a partial) at another moment agree, and the message works out the age when it
    is shown. Before, each scan froze its own "N seconds ago" into the problem: a
    hypothesis example found the index's answer differing from the full scan's."""
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/partial")
    repo.add_revision({"config.json": b"{}"})
    leftover = repo.add_incomplete(size=4096, age_s=2 * 3600)
    _age(hub.root)
    os.utime(leftover, (time.time() - 2 * 3600, time.time() - 2 * 3600))
    roots = [CacheRoot(hub.root, RootKind.HF, "user")]
    full = scan(roots)
    Scanner(tmp_path / "index.sqlite3").scan(roots)
    time.sleep(0.01)  # another moment: the old ages differed by this much
    again = Scanner(tmp_path / "index.sqlite3").scan(roots)
    assert again.repos == full.repos
    (problem,) = [p for p in full.repos[0].problems if p.path == str(leftover)]
    assert problem.msg is not None
    assert dict(problem.msg.params)["written"] == leftover.stat().st_mtime
    assert "last written 2 hours ago" in problem.msg.text()
