"""The real huggingface_hub client works against the fake Hub (so our tests mean something)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from fakehub import FakeHub
from huggingface_hub import HfApi, hf_hub_download, scan_cache_dir, snapshot_download
from huggingface_hub.errors import (
    EntryNotFoundError,
    GatedRepoError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

BIG = os.urandom(300_000)
FILES = {
    "config.json": b'{"model_type": "bert"}',
    "model.safetensors": BIG,
    "sub/dir/notes.txt": b"hello\n" * 10,
    "sub/tokenizer.json": b"{}",
}


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_hf_hub_download_regular_and_lfs(fake_hub: FakeHub, tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/tiny", FILES)
    for name in ("config.json", "model.safetensors"):
        path = hf_hub_download("org/tiny", name, endpoint=fake_hub.url, cache_dir=tmp_path)
        assert Path(path).read_bytes() == FILES[name]
        assert f"snapshots/{commit}/{name}" in path
    blob = tmp_path / "models--org--tiny" / "blobs" / hashlib.sha256(BIG).hexdigest()
    assert blob.is_file()
    assert (tmp_path / "models--org--tiny" / "refs" / "main").read_text() == commit
    info = scan_cache_dir(tmp_path)
    assert not info.warnings
    (repo,) = info.repos
    assert repo.size_on_disk == len(BIG) + len(FILES["config.json"])
    # The LFS file went through the CDN.
    assert any(r.server == "cdn" and r.file == "model.safetensors" for r in fake_hub.requests)
    assert fake_hub.bytes_by_path["model.safetensors"] == len(BIG)


def test_snapshot_download_with_paged_tree(fake_hub_factory, tmp_path: Path) -> None:
    hub = fake_hub_factory(tree_page_size=2)
    commit = hub.add_repo("org/tiny", FILES)
    folder = Path(snapshot_download("org/tiny", endpoint=hub.url, cache_dir=tmp_path))
    assert folder.name == commit
    for name, data in FILES.items():
        assert (folder / name).read_bytes() == data
    tree_requests = [r for r in hub.requests if "/tree/" in r.path]
    assert len(tree_requests) >= 3  # 4 files + 2 dirs in pages of 2
    (repo,) = scan_cache_dir(tmp_path).repos
    assert repo.nb_files == len(FILES)


def test_dataset_and_branch_and_old_commit(fake_hub: FakeHub, tmp_path: Path) -> None:
    first = fake_hub.add_repo("org/data", {"a.csv": b"1"}, repo_type="dataset")
    second = fake_hub.add_repo("org/data", {"a.csv": b"2"}, repo_type="dataset")
    fake_hub.add_repo("org/data", {"a.csv": b"3"}, repo_type="dataset", branch="dev")
    assert first != second
    common = {"repo_type": "dataset", "endpoint": fake_hub.url, "cache_dir": tmp_path}
    assert Path(hf_hub_download("org/data", "a.csv", **common)).read_bytes() == b"2"
    old = hf_hub_download("org/data", "a.csv", revision=first, **common)
    assert Path(old).read_bytes() == b"1"
    dev = hf_hub_download("org/data", "a.csv", revision="dev", **common)
    assert Path(dev).read_bytes() == b"3"


def test_api_info_and_tree(fake_hub_factory) -> None:
    hub = fake_hub_factory(tree_page_size=3)
    commit = hub.add_repo("org/tiny", FILES, lfs_threshold=1000)
    api = HfApi(endpoint=hub.url)
    info = api.model_info("org/tiny", files_metadata=True)
    assert info.sha == commit
    sib = {s.rfilename: s for s in info.siblings or []}
    assert set(sib) == set(FILES)
    lfs = sib["model.safetensors"].lfs
    assert lfs is not None
    assert lfs.sha256 == hashlib.sha256(BIG).hexdigest()
    assert sib["model.safetensors"].size == len(BIG)
    tree = list(api.list_repo_tree("org/tiny", recursive=True, revision=commit))
    files = {e.path: e for e in tree if hasattr(e, "blob_id")}
    assert set(files) == set(FILES)
    assert files["config.json"].lfs is None
    top = {e.path for e in api.list_repo_tree("org/tiny")}
    assert top == {"config.json", "model.safetensors", "sub"}
    assert {e.path for e in api.list_repo_tree("org/tiny", path_in_repo="sub")} == {
        "sub/dir", "sub/tokenizer.json"}


def test_errors_map_to_client_exceptions(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("org/tiny", FILES)
    fake_hub.add_repo("org/gated", {"x.txt": b"x"}, token="hf_good")
    kw = {"endpoint": fake_hub.url, "cache_dir": tmp_path}
    with pytest.raises(RepositoryNotFoundError):
        hf_hub_download("org/missing", "x", **kw)
    with pytest.raises(RevisionNotFoundError):
        hf_hub_download("org/tiny", "config.json", revision="nope", **kw)
    with pytest.raises(EntryNotFoundError):
        hf_hub_download("org/tiny", "nope.json", **kw)
    with pytest.raises(GatedRepoError) as no_token:
        hf_hub_download("org/gated", "x.txt", token=False, **kw)
    assert no_token.value.response.status_code == 401
    with pytest.raises(GatedRepoError) as wrong:
        hf_hub_download("org/gated", "x.txt", token="hf_bad", **kw)
    assert wrong.value.response.status_code == 403
    ok = hf_hub_download("org/gated", "x.txt", token="hf_good", **kw)
    assert Path(ok).read_bytes() == b"x"


def test_token_never_reaches_cdn(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("org/gated", {"w.bin": BIG}, token="hf_good")
    path = hf_hub_download("org/gated", "w.bin", token="hf_good", endpoint=fake_hub.url,
                           cache_dir=tmp_path)
    assert Path(path).read_bytes() == BIG
    hub_reqs = [r for r in fake_hub.requests if r.server == "hub"]
    cdn_reqs = [r for r in fake_hub.requests if r.server == "cdn"]
    assert hub_reqs
    assert cdn_reqs
    assert all(r.headers.get("authorization") == "Bearer hf_good" for r in hub_reqs)
    assert not any("authorization" in r.headers for r in cdn_reqs)


def test_real_client_recovers_from_a_dropped_transfer(fake_hub: FakeHub,
                                                      tmp_path: Path) -> None:
    from fakehub import Fault

    fake_hub.add_repo("org/tiny", FILES)
    fake_hub.faults.set(Fault(drop_after=100_000, times=1), path="model.safetensors")
    path = hf_hub_download("org/tiny", "model.safetensors", endpoint=fake_hub.url,
                           cache_dir=tmp_path)
    assert _sha(Path(path)) == hashlib.sha256(BIG).hexdigest()
    cdn_gets = [r for r in fake_hub.requests if r.server == "cdn" and r.method == "GET"]
    assert len(cdn_gets) == 2
    # huggingface_hub 2.4 reads 10 MB chunks, so the 100 kB it had received are lost and
    # its retry starts again from 0; the server counter shows exactly what was re-sent.
    resumed = "range" in cdn_gets[1].headers
    assert fake_hub.bytes_by_path["model.safetensors"] == len(BIG) + (0 if resumed else 100_000)


def test_space_repo_and_tag(fake_hub: FakeHub, tmp_path: Path) -> None:
    commit = fake_hub.add_repo("org/app", {"app.py": b"print(1)"}, repo_type="space")
    fake_hub.add_repo("org/app", {"app.py": b"print(2)"}, repo_type="space")
    fake_hub.set_ref("org/app", "v1.0", commit, repo_type="space")
    path = hf_hub_download("org/app", "app.py", repo_type="space", revision="v1.0",
                           endpoint=fake_hub.url, cache_dir=tmp_path)
    assert Path(path).read_bytes() == b"print(1)"
    assert (tmp_path / "spaces--org--app" / "refs" / "v1.0").read_text() == commit
    info = HfApi(endpoint=fake_hub.url).space_info("org/app", revision="v1.0")
    assert info.sha == commit
    with pytest.raises(KeyError):
        fake_hub.set_ref("org/app", "v2", "0" * 40, repo_type="space")
