"""Cleanup plans and execution on real cache layouts (real files, links, locks)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from hfmanager.core.cleanup import STAGING_DIR, ItemKind, Selection, execute, inuse, make_plan
from tests.cachebuilder import HubCache, TorchHub, set_times
from tests.trashbin import private_trash


def disk_bytes(*tops: Path) -> int:
    """Sum of st_size of every distinct regular-file inode under ``tops`` (no following)."""
    seen: dict[tuple[int, int], int] = {}
    for top in tops:
        for dirpath, dirs, files in os.walk(top):
            for name in files + dirs:
                st = os.lstat(os.path.join(dirpath, name))
                if os.path.isfile(os.path.join(dirpath, name)) and not os.path.islink(
                        os.path.join(dirpath, name)):
                    seen[(st.st_dev, st.st_ino)] = st.st_size
    return sum(seen.values())


def run(sel: Selection, roots: list[Path], measure: list[Path] | None = None) -> tuple:
    measure = measure or roots
    before = disk_bytes(*measure)
    plan = make_plan(sel, roots)
    result = execute(plan)
    after = disk_bytes(*measure)
    assert result.errors == ()
    assert plan.freed_bytes == result.freed_bytes == before - after
    return plan, result


def test_whole_repo_goes_and_bytes_match(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    a = hub.repo("org/a")
    a.add_revision({"config.json": b"{}", "model.safetensors": 5000})
    a.add_revision({"config.json": b"{}", "x.bin": 300}, refs=())
    a.add_incomplete(size=77, age_s=3600)
    b = hub.repo("org/b")
    b.add_revision({"config.json": b"{}"})
    plan, _ = run(Selection(repos=frozenset({str(a.path)})), [hub.root])
    assert plan.freed_bytes > 5300
    assert not a.path.exists()
    assert b.path.exists()
    assert not (hub.root / ".locks" / STAGING_DIR).exists()
    assert plan.to_json()["freed_bytes"] == plan.freed_bytes


def test_revision_keeps_blobs_a_kept_revision_uses(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    shared = b"shared weights" * 100
    keep = r.add_revision({"config.json": b"{}", "model.safetensors": shared})
    old = r.add_revision({"config.json": b'{"v":1}', "model.safetensors": shared,
                          "extra.bin": 1234}, refs=("refs/pr/1",))
    r.add_tree_listing(old)
    plan, _ = run(Selection(revisions=frozenset({(str(r.path), old)})), [hub.root])
    kinds = {i.kind for i in plan.items}
    assert kinds >= {ItemKind.REF, ItemKind.SNAPSHOT, ItemKind.BLOB, ItemKind.TREE_LISTING}
    assert (r.snapshots / keep / "model.safetensors").read_bytes() == shared
    assert not (r.snapshots / old).exists()
    assert not (r.refs / "refs" / "pr" / "1").exists()
    assert (r.refs / "main").read_text() == keep
    # order: the ref goes before its snapshot, the snapshot before its blobs
    order = [i.kind for i in plan.items]
    assert order.index(ItemKind.REF) < order.index(ItemKind.SNAPSHOT) < order.index(
        ItemKind.BLOB)


def test_hard_links_count_only_when_last_link_goes(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    c = r.add_revision({"model.safetensors": 4096}, layout="hardlink")
    r.add_revision({"config.json": b"{}"}, refs=("refs/pr/1",))  # kept: the repo stays
    outside = tmp_path / "outside"
    outside.mkdir()
    blob = next(p for p in r.blobs.iterdir() if len(p.name) == 64)
    os.link(blob, outside / "copy")  # a third link, outside the cache
    plan, _ = run(Selection(revisions=frozenset({(str(r.path), c)})), [hub.root],
                  [hub.root, outside])
    assert plan.freed_bytes == 40  # the ref file only: the blob lives on outside
    assert ItemKind.BLOB in {i.kind for i in plan.items}
    assert (outside / "copy").stat().st_size == 4096


def test_hard_link_layout_frees_blob(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    c = r.add_revision({"model.safetensors": 4096}, layout="hardlink")
    plan, _ = run(Selection(revisions=frozenset({(str(r.path), c)})), [hub.root])
    assert plan.freed_bytes == 4096 + 40
    assert not r.path.exists()  # its only revision: the repo folder goes (as huggingface_hub)


def test_pickle_file_selection_removes_blob_unless_shared(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    c1 = r.add_revision({"model.safetensors": 100, "pytorch_model.bin": b"P" * 900})
    r.add_revision({"pytorch_model.bin": b"P" * 900}, refs=())
    sel = Selection(files=frozenset({str(r.snapshots / c1 / "pytorch_model.bin")}))
    plan, _ = run(sel, [hub.root])
    assert plan.freed_bytes == 0  # the other revision still uses the blob
    assert [i.kind for i in plan.items] == [ItemKind.FILE]


def test_incomplete_refused_when_locked_or_fresh(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({"config.json": b"{}"})
    old = r.add_incomplete(size=50, age_s=3600)
    fresh = r.add_incomplete(etag="f" * 64, size=60)
    locked = r.add_incomplete(etag="e" * 64, size=70, age_s=3600, temp_suffix=True)
    lock = r.add_lock("e" * 64)
    ours = r.add_incomplete(etag="d" * 64, size=80, age_s=3600)
    inuse.mark_active(str(ours))
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        sel = Selection(incompletes=frozenset(map(str, (old, fresh, locked, ours))))
        plan = make_plan(sel, [hub.root])
        assert plan.paths == [str(old)]
        reasons = dict(plan.refused)
        assert "minute" in reasons[str(fresh)]
        assert "lock" in reasons[str(locked)]
        assert "hfmanager" in reasons[str(ours)]
        # whole repo with a download in use is refused too
        assert make_plan(Selection(repos=frozenset({str(r.path)})), [hub.root]).empty
        assert execute(plan).freed_bytes == 50
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        inuse.unmark_active(str(ours))
    assert locked.exists()
    assert fresh.exists()
    assert ours.exists()


def test_lock_taken_between_plan_and_execute_is_refused(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    inc = r.add_incomplete(etag="a" * 64, size=50, age_s=3600)
    lock = r.add_lock("a" * 64)
    plan = make_plan(Selection(incompletes=frozenset({str(inc)})), [hub.root])
    assert plan.paths == [str(inc)]
    fd = os.open(lock, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = execute(plan)
    finally:
        os.close(fd)
    assert inc.exists()
    assert result.freed_bytes == 0
    assert "lock" in result.errors[0][1]


def test_torch_entries(tmp_path: Path) -> None:
    th = TorchHub(tmp_path / "torch" / "hub")
    ck = th.add_checkpoint("resnet", 3000)
    code = th.add_checkout("pytorch", "vision", "main", {"a.py": 100, "sub/b.py": 200})
    plan, _ = run(Selection(torch=frozenset({str(ck), str(code)})), [th.root])
    assert plan.freed_bytes == 3300
    assert not ck.exists()
    assert not code.exists()


def test_changed_after_plan_is_left_alone(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    c = r.add_revision({"config.json": b"{}"}, refs=())
    r.add_revision({"a.txt": b"kept"})
    plan = make_plan(Selection(revisions=frozenset({(str(r.path), c)})), [hub.root])
    blob = r.blobs / "9e26dfeeb6e641a33dae4961196235bdb965b21b"  # git sha1 of b"{}"
    blob.unlink()
    blob.write_bytes(b"{}")  # same name, new file (re-downloaded), maybe the same inode
    set_times(blob, -5)
    result = execute(plan)
    assert blob.exists()
    assert any("changed" in e for _p, e in result.errors)


def test_selection_outside_roots_refused(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    other = HubCache(tmp_path / "other")
    r = other.repo("org/a")
    r.add_revision({"config.json": b"{}"})
    plan = make_plan(Selection(repos=frozenset({str(r.path)}),
                               torch=frozenset({str(tmp_path)})), [hub.root])
    assert plan.empty
    assert len(plan.refused) == 2


def test_leftovers_of_interrupted_cleanup_are_planned(tmp_path: Path) -> None:
    hub = HubCache(tmp_path / "hub")
    staged = hub.root / ".locks" / STAGING_DIR / "x-snap"
    staged.mkdir(parents=True)
    (staged / "f").write_bytes(b"z" * 10)
    set_times(staged / "f", 10)
    plan, _ = run(Selection(), [hub.root])
    assert plan.freed_bytes == 10
    assert not (hub.root / ".locks" / STAGING_DIR).exists()


@pytest.mark.parametrize("use_trash", [True])
def test_trash_whole_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          use_trash: bool) -> None:
    trash = private_trash(monkeypatch, tmp_path)
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({"config.json": b"{}"})
    plan = make_plan(Selection(repos=frozenset({str(r.path)})), [hub.root])
    result = execute(plan, use_trash=use_trash)
    assert result.ok, result
    # The trash is on the repo's own filesystem (tests/trashbin.py): it must work.
    assert result.trashed == (str(r.path),), result
    assert not r.path.exists()
    assert any((trash / "files").iterdir())


def test_repo_with_our_engines_partial_under_lock_is_refused(tmp_path: Path) -> None:
    import filelock

    from hfmanager.core.verify import targets_for_repo

    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({"config.json": b"{}"})
    partial = r.blobs / ("b" * 64 + ".hfm-partial")
    partial.write_bytes(b"x" * 10)
    sidecar = r.blobs / ("b" * 64 + ".hfm-partial.json")
    sidecar.write_text("{}")
    set_times(partial, 3600)
    set_times(sidecar, 3600)
    lock = filelock.FileLock(str(r.add_lock("b" * 64)))  # what the download engine holds
    with lock:
        plan = make_plan(Selection(repos=frozenset({str(r.path)})), [hub.root])
        assert plan.empty
        assert "in use" in plan.refused[0][1]
    assert make_plan(Selection(repos=frozenset({str(r.path)})), [hub.root]).paths == [
        str(r.path)]
    # verify never hashes a partial as a blob (it lists it as unverifiable)
    assert all(t.expected is None for t in targets_for_repo(str(r.path))
               if "hfm-partial" in t.path)


def test_torch_checkout_only_root_scans_clean_after_cleanup(tmp_path: Path) -> None:
    from hfmanager.core.inventory import scan
    from hfmanager.core.paths import CacheRoot, RootKind

    root = tmp_path / "torch" / "hub"
    th = TorchHub(root)
    (root / "checkpoints").rmdir()  # a torch hub with code checkouts only
    keep = th.add_checkout("a", "b", "main")
    gone = th.add_checkout("pytorch", "vision", "v1", {"x.py": 100})
    plan, _ = run(Selection(torch=frozenset({str(gone)})), [root])
    assert plan.freed_bytes == 100
    inv = scan([CacheRoot(root, RootKind.TORCH, "user")])
    assert [e.path for e in inv.torch_entries] == [str(keep)]
    assert inv.problems == ()
