"""Our downloads write what huggingface_hub 2.x writes: ``trees/<commit>.json`` (the
commit's full file list), ``CACHEDIR.TAG``, refs without a newline (a ref with one is
repaired) and, with symlinks off, one copy per file. Each test checks the result with
huggingface_hub's own functions, and where it can download (no Xet) against what its
``snapshot_download`` writes into a second cache from the same fake Hub."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import huggingface_hub
import pytest
from download_helpers import payload, snapshot_bytes
from fakehub import FakeHub
from huggingface_hub import constants as hf_constants
from huggingface_hub import errors as hf_errors
from huggingface_hub._tree_cache import read_tree_cache

from hfmanager.core import cachespec as cs
from hfmanager.core import errors as err
from hfmanager.core.downloads import service
from hfmanager.core.downloads.engine import CancelToken, Downloader
from hfmanager.core.downloads.plan import DownloadSpec, RepoPlan, remaining_bytes
from hfmanager.core.settings import Settings

BIG = payload(3 * 1024 * 1024 + 5, seed=7)  # LFS, with a resume sidecar
FILES = {
    "config.json": b'{"hidden": 8}',
    "model.safetensors": BIG,
    "sub/notes.txt": b"notes " * 40,
    "sub/copy-of-notes.txt": b"notes " * 40,  # the same blob at two paths
}
FOLDER = "models--org--m"


def download(hub: FakeHub, cache: Path, progress=None, cancel=None,  # type: ignore[no-untyped-def]
             **spec: object) -> RepoPlan:
    """Plan with the real adapter (core.hub -> huggingface_hub), fetch with our engine."""
    settings = Settings(endpoint=hub.url)
    job = DownloadSpec("org/m", **spec)  # type: ignore[arg-type]
    plan = service.fetch_plan(job, settings)
    Downloader(cache, service.engine_config(job, settings)).download(plan, progress, cancel)
    return plan


@contextlib.contextmanager
def hf_offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """huggingface_hub as with HF_HUB_OFFLINE=1 (its constants are read at import)."""
    with monkeypatch.context() as m:
        m.setattr(hf_constants, "HF_HUB_OFFLINE", True)
        yield


def shape(repo_dir: Path) -> dict[str, object]:
    """Every entry of a repo folder: a link's text, a file's bytes, a folder."""
    out: dict[str, object] = {}
    for path in sorted(repo_dir.rglob("*")):
        rel = path.relative_to(repo_dir).as_posix()
        if path.is_symlink():
            out[rel] = ("link", os.readlink(path))
        elif path.is_file():
            out[rel] = ("file", path.read_bytes())
        else:
            out[rel] = ("dir",)
    return out


def hf_snapshot(hub: FakeHub, cache: Path, **kw: object) -> str:
    return huggingface_hub.snapshot_download("org/m", cache_dir=cache, endpoint=hub.url,
                                             **kw)  # type: ignore[call-overload,no-any-return]


def test_partial_include_download_is_partial_to_huggingface_hub(
        fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    download(fake_hub, ours, include=("config.json",))
    hf_snapshot(fake_hub, theirs, allow_patterns=["config.json"])

    # The full listing, byte for byte what snapshot_download writes, and nothing else.
    listing = ours / FOLDER / "trees" / f"{commit}.json"
    assert listing.read_bytes() == (theirs / FOLDER / "trees" / f"{commit}.json").read_bytes()
    assert os.listdir(listing.parent) == [listing.name]  # no temporary left beside it
    assert set(cs.read_tree_listing(str(ours / FOLDER), commit) or {}) == set(FILES)
    assert shape(ours / FOLDER) == shape(theirs / FOLDER)

    with hf_offline(monkeypatch):
        with pytest.raises(hf_errors.IncompleteSnapshotError, match="3 file"):
            huggingface_hub.snapshot_download("org/m", cache_dir=ours, local_files_only=True)
        folder = huggingface_hub.snapshot_download("org/m", cache_dir=ours,
                                                   local_files_only=True,
                                                   allow_patterns=["config.json"])
        assert Path(folder) == ours / FOLDER / "snapshots" / commit
        tree = huggingface_hub.get_cached_repo_tree("org/m", cache_dir=ours)
        assert {f.path: (f.size, f.blob_id) for f in tree} == {
            f.path: (f.size, f.blob_id) for f in huggingface_hub.get_cached_repo_tree(
                "org/m", cache_dir=theirs)}
        got = huggingface_hub.hf_hub_download("org/m", "config.json", cache_dir=ours,
                                              local_files_only=True)
        assert Path(got).read_bytes() == FILES["config.json"]

    download(fake_hub, ours)  # the rest: now complete for huggingface_hub too
    with hf_offline(monkeypatch):
        folder = huggingface_hub.snapshot_download("org/m", cache_dir=ours, local_files_only=True)
    assert snapshot_bytes(ours, "org/m", commit) == FILES


def test_listing_fields_and_cachedir_tag(fake_hub: FakeHub, tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    cache = tmp_path / "cache"
    download(fake_hub, cache, include=("*.safetensors",))
    entries = read_tree_cache(str(cache / FOLDER), commit)
    assert entries is not None
    api = huggingface_hub.HfApi(endpoint=fake_hub.url, token=False)
    remote = {f.path: f for f in api.list_repo_tree("org/m", recursive=True, revision=commit)
              if isinstance(f, huggingface_hub.hf_api.RepoFile)}
    assert set(entries) == set(remote) == set(FILES)
    for path, f in remote.items():
        lfs = (f.lfs.sha256, f.lfs.size) if f.lfs else (None, None)
        assert (entries[path].size, entries[path].blob_id) == (f.size, f.blob_id)
        assert (entries[path].lfs_sha256, entries[path].lfs_size) == lfs
        assert entries[path].xet_hash is None  # this Hub serves no Xet files
    assert entries["model.safetensors"].lfs_sha256 is not None
    from huggingface_hub._local_folder import CACHEDIR_TAG_CONTENT
    assert (cache / "CACHEDIR.TAG").read_text() == CACHEDIR_TAG_CONTENT == cs.CACHEDIR_TAG_CONTENT
    assert not [n for n in os.listdir(cache) if n.startswith(".CACHEDIR")]


def test_cachedir_tag_is_only_created_when_missing(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("org/m", {"config.json": b"{}"})
    cache = tmp_path / "cache"
    cache.mkdir()
    mine = "Signature: 8a477f597d28d172789f06886806bc55\n# the user's own tag\n"
    (cache / "CACHEDIR.TAG").write_text(mine)
    download(fake_hub, cache)
    assert (cache / "CACHEDIR.TAG").read_text() == mine


def test_ref_with_newline_is_repaired(fake_hub: FakeHub, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    cache = tmp_path / "cache"
    download(fake_hub, cache)
    ref = cache / FOLDER / "refs" / "main"
    assert ref.read_bytes() == commit.encode()  # no newline
    ref.write_text(commit + "\n")  # as some tools and hand edits leave it
    with hf_offline(monkeypatch), pytest.raises(hf_errors.LocalEntryNotFoundError):
        huggingface_hub.hf_hub_download("org/m", "config.json", cache_dir=cache,
                                        local_files_only=True)
    fake_hub.reset_counters()
    download(fake_hub, cache)  # everything is there: only the ref is rewritten
    assert fake_hub.bytes_sent == 0
    assert ref.read_bytes() == commit.encode()
    with hf_offline(monkeypatch):
        got = huggingface_hub.hf_hub_download("org/m", "config.json", cache_dir=cache,
                                              local_files_only=True)
        assert Path(got).read_bytes() == FILES["config.json"]
        assert len(huggingface_hub.get_cached_repo_tree("org/m", cache_dir=cache)) == len(FILES)


def test_checking_what_is_there_leaves_access_times(fake_hub: FakeHub, tmp_path: Path) -> None:
    """Re-hashing the cache's files to skip them is inspection, not use (issue 9, point 7)."""
    fake_hub.add_repo("org/m", FILES)
    cache = tmp_path / "cache"
    download(fake_hub, cache)
    blobs = [p for p in (cache / FOLDER / "blobs").iterdir() if p.is_file()]
    old = 1_600_000_000_000_000_000
    for p in blobs:
        os.utime(p, ns=(old, p.stat().st_mtime_ns))
    fake_hub.reset_counters()
    download(fake_hub, cache)
    assert fake_hub.bytes_sent == 0
    assert [p.stat().st_atime_ns for p in blobs] == [old] * len(blobs)


# --- the copy layout -----------------------------------------------------------------
@pytest.fixture
def no_symlinks(monkeypatch: pytest.MonkeyPatch) -> None:
    """HF_HUB_DISABLE_SYMLINKS for both tools (huggingface_hub froze it at import)."""
    monkeypatch.setenv("HF_HUB_DISABLE_SYMLINKS", "1")
    monkeypatch.setattr(hf_constants, "HF_HUB_DISABLE_SYMLINKS", True)
    monkeypatch.setattr(hf_constants, "HF_HUB_DISABLE_SYMLINKS_WARNING", True)


def _regular_bytes(repo_dir: Path) -> int:
    """Bytes of regular files holding content (refs and the listing aside)."""
    return sum(p.stat().st_size for p in repo_dir.rglob("*")
               if p.is_file() and not p.is_symlink() and p.parts[-2] != "refs"
               and "trees" not in p.relative_to(repo_dir).parts)


@pytest.mark.usefixtures("no_symlinks")
def test_copy_layout_is_one_copy_per_file(fake_hub: FakeHub, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    plan = download(fake_hub, ours)
    assert remaining_bytes(plan, ours) == 0  # the copies count as there
    # The same content at two paths is fetched once and copied (huggingface_hub fetches
    # it twice: its blob was moved into the first path).
    assert fake_hub.bytes_sent == sum(len(v) for v in set(FILES.values()))
    hf_snapshot(fake_hub, theirs)
    snap = ours / FOLDER / "snapshots" / commit
    assert all(not (snap / p).is_symlink() for p in FILES)
    assert not [p for p in (ours / FOLDER / "blobs").iterdir()]  # moved, not copied
    assert _regular_bytes(ours / FOLDER) == sum(len(v) for v in FILES.values())
    assert shape(ours / FOLDER) == shape(theirs / FOLDER)
    with hf_offline(monkeypatch):
        huggingface_hub.snapshot_download("org/m", cache_dir=ours, local_files_only=True)
        for name, data in FILES.items():
            assert Path(huggingface_hub.hf_hub_download(
                "org/m", name, cache_dir=ours, local_files_only=True)).read_bytes() == data
    info = huggingface_hub.scan_cache_dir(ours)
    assert info.size_on_disk == sum(len(v) for v in FILES.values())


@pytest.mark.usefixtures("no_symlinks")
def test_copy_layout_already_have_it_and_repair(fake_hub: FakeHub, tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    cache = tmp_path / "cache"
    download(fake_hub, cache)
    fake_hub.reset_counters()
    download(fake_hub, cache)
    assert fake_hub.bytes_sent == 0  # every copy was checked and kept
    weights = cache / FOLDER / "snapshots" / commit / "model.safetensors"
    inode = weights.stat().st_ino
    data = bytearray(weights.read_bytes())
    data[1000] ^= 0xFF  # same size, other bytes: only the hash tells
    weights.write_bytes(bytes(data))
    download(fake_hub, cache)
    assert fake_hub.bytes_by_path["model.safetensors"] == len(BIG)
    assert fake_hub.bytes_sent == len(BIG)
    assert weights.read_bytes() == BIG
    assert weights.stat().st_ino != inode
    assert _regular_bytes(cache / FOLDER) == sum(len(v) for v in FILES.values())


@pytest.mark.usefixtures("no_symlinks")
def test_copy_layout_resumes_a_paused_download(fake_hub: FakeHub, tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    cache = tmp_path / "cache"
    token = CancelToken()

    def progress(name: str, done: int, _size: int) -> None:
        if name == "model.safetensors" and done >= 1_500_000:
            token.set("pause")

    with pytest.raises(err.StoppedError):
        download(fake_hub, cache, progress=progress, cancel=token)
    blobs = cache / FOLDER / "blobs"
    assert {p.name.split(".", 1)[1] for p in blobs.iterdir()} >= {"hfm-partial"}
    fake_hub.reset_counters()
    download(fake_hub, cache)
    ranges = [r.headers.get("range", "") for r in fake_hub.requests
              if r.file == "model.safetensors" and r.server == "cdn"]
    assert len(ranges) == 1
    assert ranges[0].startswith("bytes=")
    assert ranges[0] != "bytes=0-"
    assert fake_hub.bytes_by_path["model.safetensors"] < len(BIG)
    assert snapshot_bytes(cache, "org/m", commit) == FILES
    assert not list(blobs.iterdir())  # no partial, no sidecar, no blob
    assert _regular_bytes(cache / FOLDER) == sum(len(v) for v in FILES.values())
