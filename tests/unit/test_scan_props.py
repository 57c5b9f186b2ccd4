"""Property tests: random corrupted layouts never raise; valid caches match scan_cache_dir."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from huggingface_hub import scan_cache_dir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hfmanager.core.inventory import CacheRoot, Inventory, RootKind, Scanner, scan
from hfmanager.core.inventory.events import RepoScanned, decode_event, encode_event
from tests.cachebuilder import HubCache

NAMES = ["config.json", "model.safetensors", "README.md", "tokenizer.json", "sub/a.txt",
         "sub/deep/b.bin", "modeling.py", "model.safetensors.index.json"]
file_sets = st.dictionaries(st.sampled_from(NAMES), st.integers(0, 300), min_size=0, max_size=5)
revisions = st.lists(st.tuples(file_sets, st.sampled_from([(), ("main",), ("refs/pr/1",),
                                                          ("v1", "refs/pr/2")])),
                     min_size=1, max_size=3)
repos = st.lists(st.tuples(st.sampled_from(["model", "dataset", "space"]),
                           st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), revisions),
                 min_size=1, max_size=4)

MUTATIONS = ["delete_blob", "blob_to_dir", "snapshots_is_file", "refs_is_file", "ref_garbage",
             "ref_is_dir", "abs_link_out", "rel_link_out", "loop", "link_to_parent",
             "blobs_link_out", "repo_is_file", "root_stray", "non_utf8", "truncate_blob",
             "incomplete", "bad_blob_name", "snapshot_file_is_dir", "dangling_ref",
             "empty_snapshot", "fifo", "deep_link_chain", "index_garbage"]
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def workdir(factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder per example, under pytest's temp folder, removed after the example."""
    path = factory.mktemp("prop")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def build(root: Path, spec: list[tuple[str, str, list[tuple[dict[str, int], tuple[str, ...]]]]],
          ) -> HubCache:
    hub = HubCache(root)
    seen = set()
    for repo_type, name, revs in spec:
        if (repo_type, name) in seen:
            continue
        seen.add((repo_type, name))
        r = hub.repo(f"org/{name}", repo_type)
        for files, refs in revs:
            r.add_revision(files, refs=refs)
    return hub


def _is_real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _real_dirs(path: Path) -> list[Path]:
    return [p for p in path.iterdir() if _is_real_dir(p)] if _is_real_dir(path) else []


def _some(paths: list[Path], pick: int) -> Path | None:
    return sorted(paths)[pick % len(paths)] if paths else None


def mutate(hub: HubCache, outside: Path, mutation: str, pick: int) -> None:
    """Apply one corruption to a random spot; silently skips when the spot is absent."""
    # Pick spots without following links: earlier mutations may have added loops.
    repo = _some(_real_dirs(hub.root), pick)
    if repo is None:
        return
    snap = _some(_real_dirs(repo / "snapshots"), pick)
    links = [Path(d) / n for d, _, names in os.walk(repo / "snapshots") for n in names
             if (Path(d) / n).is_symlink()]
    link = _some(links, pick)
    blob_dir = repo / "blobs"
    blob = _some(list(blob_dir.iterdir()), pick) if _is_real_dir(blob_dir) else None
    if mutation == "delete_blob" and blob and not _is_real_dir(blob):
        blob.unlink()
    elif mutation == "blob_to_dir" and blob and not _is_real_dir(blob):
        blob.unlink()
        blob.mkdir()
    elif mutation == "snapshots_is_file" and _is_real_dir(repo / "snapshots"):
        shutil.rmtree(repo / "snapshots")
        (repo / "snapshots").write_text("x")
    elif mutation == "refs_is_file" and _is_real_dir(repo / "refs"):
        shutil.rmtree(repo / "refs")
        (repo / "refs").write_text("x")
    elif mutation == "ref_garbage" and _is_real_dir(repo / "refs"):
        if not (repo / "refs" / "main").is_dir():
            (repo / "refs" / "main").write_bytes(b"\xff\xfe not a hash")
    elif mutation == "ref_is_dir" and _is_real_dir(repo / "refs"):
        if not (repo / "refs" / "main").is_dir():
            (repo / "refs" / "main").unlink(missing_ok=True)
            (repo / "refs" / "main").mkdir()
    elif mutation == "abs_link_out" and snap:
        os.symlink(outside, snap / "out.bin")
    elif mutation == "rel_link_out" and snap:
        os.symlink("../../../../../outside", snap / "rel_out.bin")
    elif mutation == "loop" and snap:
        os.symlink("loop2", snap / "loop1")
        os.symlink("loop1", snap / "loop2")
    elif mutation == "link_to_parent" and snap:
        os.symlink("..", snap / "up")
    elif mutation == "blobs_link_out" and _is_real_dir(repo / "blobs"):
        shutil.rmtree(repo / "blobs")
        os.symlink(outside.parent, repo / "blobs")
    elif mutation == "repo_is_file":
        shutil.rmtree(repo)
        repo.write_text("x")
    elif mutation == "root_stray" and not (hub.root / "stray").exists():
        (hub.root / "stray").write_text("x")
        os.symlink(outside.parent, hub.root / "models--org--linked")
    elif mutation == "non_utf8" and snap:
        os.symlink(b"../../blobs/nothing", os.fsencode(snap) + b"/bad\xff\xfe")
    elif mutation == "truncate_blob" and blob and blob.is_file():
        blob.write_bytes(b"")
    elif mutation == "incomplete" and _is_real_dir(blob_dir):
        (blob_dir / "abc.incomplete").write_bytes(b"12345")
    elif mutation == "bad_blob_name" and _is_real_dir(blob_dir):
        (blob_dir / "weird name").write_bytes(b"1")
    elif mutation == "snapshot_file_is_dir" and link:
        link.unlink()
        link.mkdir()
    elif mutation == "dangling_ref" and _is_real_dir(repo / "refs"):
        (repo / "refs" / "gone").write_text("0" * 40)
    elif mutation == "empty_snapshot" and _is_real_dir(repo / "snapshots"):
        (repo / "snapshots" / ("1" * 40)).mkdir(exist_ok=True)
    elif mutation == "fifo" and snap:
        os.mkfifo(snap / "pipe")
    elif mutation == "deep_link_chain" and snap:
        prev = "start"
        for i in range(20):
            os.symlink(prev, snap / f"chain{i}")
            prev = f"chain{i}"
    elif mutation == "index_garbage" and snap:
        (snap / "bad.safetensors.index.json").write_bytes(b"\x00garbage")


@pytest.mark.slow
@SETTINGS
@given(spec=repos, mutations=st.lists(st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 99)),
                                      min_size=1, max_size=4))
def test_corrupted_layouts_never_raise(tmp_path_factory: pytest.TempPathFactory,
                                       spec: list, mutations: list) -> None:  # type: ignore[type-arg]
    with workdir(tmp_path_factory) as base:
        outside = base / "outside"
        outside.write_bytes(b"o" * 7777)
        hub = build(base / "hub", spec)
        for mutation, pick in mutations:
            with contextlib.suppress(FileExistsError):  # the same corruption twice
                mutate(hub, outside, mutation, pick)
        roots = [CacheRoot(hub.root, RootKind.HF, "user")]
        inv = scan(roots)
        # Nothing outside the root is ever counted.
        for repo in inv.repos:
            for rev in repo.revisions:
                for f in rev.files:
                    assert f.size != 7777
                    assert f.blob_path is None or f.blob_path.startswith(str(hub.root))
        # Results survive JSON (the CLI, the index and the child process all use it).
        doc = json.loads(json.dumps(inv.to_json()))
        assert Inventory.from_json(doc).repos == inv.repos
        for repo in inv.repos:
            assert decode_event(encode_event(RepoScanned(repo))) == RepoScanned(repo)
        # The index gives the same answer as a full scan.
        index = base / "index.sqlite3"
        Scanner(index).scan(roots)
        assert Scanner(index).scan(roots).repos == inv.repos


@pytest.mark.slow
@SETTINGS
@given(spec=repos)
def test_parity_with_scan_cache_dir(tmp_path_factory: pytest.TempPathFactory,
                                    spec: list) -> None:  # type: ignore[type-arg]
    with workdir(tmp_path_factory) as base:
        hub = build(base / "hub", spec)
        theirs = scan_cache_dir(hub.root)
        ours = scan([CacheRoot(hub.root, RootKind.HF, "user")])
        assert not theirs.warnings
        assert len(ours.repos) == len(theirs.repos)
        by_id = {(r.repo_type, r.repo_id): r for r in theirs.repos}
        for repo in ours.repos:
            other = by_id[(repo.repo_type.value, repo.repo_id)]
            assert repo.size_on_disk == other.size_on_disk
            assert repo.nb_files == other.nb_files
            assert repo.last_modified == other.last_modified
            if repo.nb_files:  # else both read the folder's atime, which reading changes
                assert repo.last_accessed == other.last_accessed
            revs = {r.commit_hash: r for r in other.revisions}
            assert set(revs) == {r.commit_hash for r in repo.revisions}
            for rev in repo.revisions:
                o = revs[rev.commit_hash]
                assert set(rev.refs) == set(o.refs)
                assert rev.size_on_disk == o.size_on_disk
                assert rev.last_modified == o.last_modified
                assert {f.file_path for f in rev.files} == {str(f.file_path) for f in o.files}
                assert {(f.file_path, f.size) for f in rev.files} == {
                    (str(f.file_path), f.size_on_disk) for f in o.files}
        assert sum(r.size_on_disk for r in ours.repos) >= theirs.size_on_disk
