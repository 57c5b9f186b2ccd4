"""Files with a Xet hash land in huggingface_hub 2.x's shared blob store, the way its
``hf_hub_download`` puts them there, so later downloads by either tool reuse them.

The fake Hub serves Xet hashes (``FakeHub(xet=True)``) but no Xet CAS, so
huggingface_hub's side of the store is built with its own
``_shared_blobs.publish_blob_to_shared_store`` after a plain download, and every result
is read back with its ``_shared_blobs`` helpers and ``scan_cache_dir``."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import huggingface_hub
import pytest
from download_helpers import make_plan, payload
from fakehub import FakeHub, xet_hash_of
from huggingface_hub._tree_cache import read_tree_cache
from huggingface_hub.utils import _shared_blobs

from hfmanager.core import cachespec as cs
from hfmanager.core.downloads import service
from hfmanager.core.downloads.engine import Downloader
from hfmanager.core.downloads.plan import DownloadSpec, RepoPlan, remaining_bytes
from hfmanager.core.settings import Settings

W = payload(300 * 1024, seed=3)  # LFS with a Xet hash
XET = xet_hash_of(W)


@pytest.fixture(autouse=True)
def store_enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("HF_HUB_DISABLE_SHARED_BLOBS", "HF_HUB_DISABLE_XET", "HF_HUB_DISABLE_SYMLINKS"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def xet_hub(fake_hub_factory: Callable[..., FakeHub]) -> FakeHub:
    return fake_hub_factory(xet=True)


def download(hub: FakeHub, repo_id: str, cache: Path, **spec: object) -> RepoPlan:
    settings = Settings(endpoint=hub.url)
    job = DownloadSpec(repo_id, **spec)  # type: ignore[arg-type]
    plan = service.fetch_plan(job, settings)
    Downloader(cache, service.engine_config(job, settings)).download(plan)
    return plan


def blob(cache: Path, repo_id: str, etag: str) -> Path:
    return cache / cs.repo_folder(repo_id, "model") / "blobs" / etag


def manifest(cache: Path) -> set[str]:
    path = Path(cs.manifest_path(cs.store_payload_path(str(cache), XET)))
    return set(path.read_text().splitlines())


def test_two_repos_share_one_payload(xet_hub: FakeHub, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o2775)  # a cache shared by a group: the store follows the root's mode
    xet_hub.add_repo("org/a", {"config.json": b"{}", "w.safetensors": W})
    commit_b = xet_hub.add_repo("org/b", {"config.json": b'{"b": 1}', "w.safetensors": W})
    plan = download(xet_hub, "org/a", cache)
    etag = next(f.etag for f in plan.files if f.path == "w.safetensors")
    assert next(f.xet_hash for f in plan.files if f.path == "w.safetensors") == XET
    plan_b = service.fetch_plan(DownloadSpec("org/b"), Settings(endpoint=xet_hub.url))
    assert remaining_bytes(plan_b, cache) == len(b'{"b": 1}')  # the free-space check too
    xet_hub.reset_counters()
    download(xet_hub, "org/b", cache)
    assert xet_hub.bytes_by_path["w.safetensors"] == 0  # linked from the store
    assert xet_hub.bytes_sent == len(b'{"b": 1}')

    payload_path = Path(cs.store_payload_path(str(cache), XET))
    assert _shared_blobs.is_shared_blobs_dir(cache / "blobs")
    assert stat.S_ISREG(payload_path.lstat().st_mode)
    assert payload_path.read_bytes() == W
    assert stat.S_IMODE(payload_path.stat().st_mode) == _shared_blobs._shared_blob_mode(cache)
    assert stat.S_IMODE(payload_path.parent.stat().st_mode) == \
        _shared_blobs._shared_directory_mode(cache)
    for repo in ("org/a", "org/b"):
        link = blob(cache, repo, etag)
        assert link.is_symlink()
        assert _shared_blobs.shared_blob_target(link, cache) == payload_path
    assert manifest(cache) == {"models--org--a/blobs/" + etag, "models--org--b/blobs/" + etag}

    info = huggingface_hub.scan_cache_dir(cache)
    assert not info.warnings
    sizes = {r.repo_id: r.size_on_disk for r in info.repos}
    assert sizes == {"org/a": len(W) + 2, "org/b": len(W) + len(b'{"b": 1}')}
    assert info.size_on_disk == len(W) + 2 + len(b'{"b": 1}')  # the payload once
    entries = read_tree_cache(
        str(cache / "models--org--b"), commit_b)
    assert entries is not None
    assert entries["w.safetensors"].xet_hash == XET
    got = huggingface_hub.hf_hub_download("org/b", "w.safetensors", cache_dir=cache,
                                          local_files_only=True)
    assert Path(got).read_bytes() == W


def test_payload_published_by_huggingface_hub_is_reused(
        xet_hub: FakeHub, fake_hub_factory: Callable[..., FakeHub], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    plain = fake_hub_factory()  # huggingface_hub downloads over HTTP from here ...
    plain.add_repo("org/theirs", {"w.safetensors": W})
    path = huggingface_hub.hf_hub_download("org/theirs", "w.safetensors", cache_dir=cache,
                                           endpoint=plain.url)
    theirs = Path(path).resolve()
    assert _shared_blobs.publish_blob_to_shared_store(  # ... then publishes as after Xet
        blob_path=str(theirs), xet_hash=XET, cache_dir=cache, expected_size=len(W))
    payload_path = Path(cs.store_payload_path(str(cache), XET))
    inode = payload_path.stat().st_ino

    xet_hub.add_repo("org/ours", {"w.safetensors": W})
    plan = download(xet_hub, "org/ours", cache)
    assert xet_hub.bytes_sent == 0
    ours = blob(cache, "org/ours", plan.files[0].etag)
    assert _shared_blobs.shared_blob_target(ours, cache) == payload_path
    assert payload_path.stat().st_ino == inode
    assert manifest(cache) == {f"models--org--theirs/blobs/{theirs.name}",
                               f"models--org--ours/blobs/{ours.name}"}
    # huggingface_hub deleting its repo keeps the payload for ours (manifest rewritten).
    info = huggingface_hub.scan_cache_dir(cache)
    (repo,) = [r for r in info.repos if r.repo_id == "org/theirs"]
    strategy = info.delete_revisions(*(r.commit_hash for r in repo.revisions))
    assert strategy.expected_freed_size == 0
    strategy.execute()
    assert payload_path.read_bytes() == W
    assert manifest(cache) == {f"models--org--ours/blobs/{ours.name}"}


def test_corrupt_payload_is_not_used_and_is_replaced(xet_hub: FakeHub, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    xet_hub.add_repo("org/a", {"w.safetensors": W})
    xet_hub.add_repo("org/b", {"w.safetensors": W})
    plan = download(xet_hub, "org/a", cache)
    payload_path = Path(cs.store_payload_path(str(cache), XET))
    bad = bytearray(W)
    bad[77] ^= 0xFF  # same size: only the hash tells
    payload_path.chmod(0o600)
    payload_path.write_bytes(bytes(bad))
    xet_hub.reset_counters()
    download(xet_hub, "org/b", cache)
    assert xet_hub.bytes_by_path["w.safetensors"] == len(W)
    assert payload_path.read_bytes() == W  # replaced for every repo that links to it
    etag = plan.files[0].etag
    for repo in ("org/a", "org/b"):
        assert _shared_blobs.shared_blob_target(blob(cache, repo, etag), cache) == payload_path
    assert stat.S_IMODE(payload_path.stat().st_mode) & 0o222 == 0  # read-only again


def test_xet_hash_from_the_response_header(xet_hub: FakeHub, tmp_path: Path) -> None:
    """A plan without Xet hashes (here: built by hand) still publishes: the Hub's
    /resolve answer names the hash (X-Xet-Hash), as huggingface_hub reads it."""
    cache = tmp_path / "cache"
    commit = xet_hub.add_repo("org/a", {"w.safetensors": W})
    plan = make_plan(xet_hub.url, "org/a", commit, {"w.safetensors": W})
    assert plan.files[0].xet_hash is None
    Downloader(cache).download(plan)
    link = blob(cache, "org/a", plan.files[0].etag)
    assert _shared_blobs.shared_blob_target(link, cache) == Path(
        cs.store_payload_path(str(cache), XET))


@pytest.mark.parametrize("var", ["HF_HUB_DISABLE_SHARED_BLOBS", "HF_HUB_DISABLE_XET",
                                 "HF_HUB_DISABLE_SYMLINKS"])
def test_store_off_keeps_repo_blobs(xet_hub: FakeHub, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch, var: str) -> None:
    monkeypatch.setenv(var, "1")
    cache = tmp_path / "cache"
    commit = xet_hub.add_repo("org/a", {"w.safetensors": W})
    download(xet_hub, "org/a", cache)
    assert not (cache / "blobs").exists()
    snap = cache / "models--org--a" / "snapshots" / commit / "w.safetensors"
    assert snap.read_bytes() == W
    assert not snap.resolve().is_relative_to(cache / "blobs")
