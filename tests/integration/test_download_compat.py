"""After OUR download from the fake Hub, transformers and huggingface_hub find the files
offline: the layout is exactly theirs. The plan comes from the real adapter (core.hub)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakehub import FakeHub

from hfmanager.core import errors as err
from hfmanager.core.downloads import service
from hfmanager.core.downloads.engine import Downloader
from hfmanager.core.downloads.plan import DownloadSpec, parse_source
from hfmanager.core.settings import Settings


def _tiny_bert(folder: Path) -> dict[str, bytes]:
    from transformers import BertConfig, BertModel

    cfg = BertConfig(vocab_size=64, hidden_size=16, num_hidden_layers=1,
                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=32)
    BertModel(cfg).save_pretrained(folder)
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    files["extra/readme.md"] = b"# tiny\n"
    return files


@pytest.mark.slow
def test_transformers_and_hf_see_our_download(fake_hub: FakeHub, tmp_path: Path) -> None:
    import huggingface_hub
    from transformers import AutoConfig, AutoModel

    files = _tiny_bert(tmp_path / "src")
    commit = fake_hub.add_repo("org/bert", files, lfs_threshold=1024)
    cache = tmp_path / "cache"
    settings = Settings(endpoint=fake_hub.url)
    plan = service.fetch_plan(DownloadSpec("org/bert"), settings)
    assert plan.commit == commit
    assert {f.path for f in plan.files} == set(files)
    Downloader(cache, service.engine_config(DownloadSpec("org/bert"), settings)).download(plan)

    cfg = AutoConfig.from_pretrained("org/bert", local_files_only=True, cache_dir=cache)
    assert cfg.hidden_size == 16
    model = AutoModel.from_pretrained("org/bert", local_files_only=True, cache_dir=cache)
    assert sum(p.numel() for p in model.parameters()) > 0
    path = huggingface_hub.hf_hub_download("org/bert", "extra/readme.md", cache_dir=cache,
                                           local_files_only=True)
    assert Path(path).read_bytes() == b"# tiny\n"
    info = huggingface_hub.scan_cache_dir(cache)
    assert not info.warnings
    (repo,) = info.repos
    assert repo.repo_id == "org/bert"
    (rev,) = repo.revisions
    assert rev.commit_hash == commit
    assert rev.refs == frozenset({"main"})
    assert rev.nb_files == len(files)
    assert repo.size_on_disk == sum(len(v) for v in files.values())


def test_plan_filters_and_errors(fake_hub: FakeHub) -> None:
    files = {"config.json": b"{}", "model.safetensors": b"s" * 20_000,
             "pytorch_model.bin": b"b" * 20_000, "sub/a.txt": b"a"}
    fake_hub.add_repo("org/m", files)
    settings = Settings(endpoint=fake_hub.url)
    plan = service.fetch_plan(DownloadSpec("org/m", preset="safetensors"), settings)
    assert {f.path for f in plan.files} == {"config.json", "model.safetensors", "sub/a.txt"}
    plan = service.fetch_plan(DownloadSpec("org/m", include=("sub/",), exclude=()), settings)
    assert [f.path for f in plan.files] == ["sub/a.txt"]
    url_spec = parse_source(f"{fake_hub.url}/org/m/tree/main/sub")
    plan = service.fetch_plan(url_spec, Settings())
    assert plan.endpoint == fake_hub.url
    assert [f.path for f in plan.files] == ["sub/a.txt"]
    with pytest.raises(err.NotFoundError):
        service.fetch_plan(DownloadSpec("org/missing"), settings)
    with pytest.raises(err.OfflineError):
        service.fetch_plan(DownloadSpec("org/m"), Settings(endpoint=fake_hub.url, offline=True))
    fake_hub.add_repo("org/gated", files, token="t0k")
    with pytest.raises(err.AuthRequiredError):
        service.fetch_plan(DownloadSpec("org/gated"), settings)


def test_token_goes_to_official_only_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", "hf_secret")
    mirror = Settings(endpoint="https://mirror.example")
    assert service.engine_config(DownloadSpec("o/n"), mirror).net.token is None
    allowed = Settings(endpoint="https://mirror.example", send_token_to_mirror=True)
    assert service.engine_config(DownloadSpec("o/n"), allowed).net.token == "hf_secret"
    assert service.engine_config(DownloadSpec("o/n"), Settings()).net.token == "hf_secret"
    # ... and never over plain http, even when allowed for mirrors
    plain = Settings(endpoint="http://mirror.example", send_token_to_mirror=True)
    assert service.engine_config(DownloadSpec("o/n"), plain).net.token is None


def test_concurrent_hf_download_of_same_file(fake_hub: FakeHub, tmp_path: Path) -> None:
    """Our engine and huggingface_hub's own downloader share the cache and its locks."""
    import threading

    import huggingface_hub
    from fakehub import Fault

    data = bytes(range(256)) * 8192  # 2 MiB, LFS
    files = {"model.safetensors": data, "config.json": b"{}"}
    commit = fake_hub.add_repo("org/both", files)
    fake_hub.faults.set(Fault(rate=4_000_000), path="model.safetensors")
    cache = tmp_path / "cache"
    settings = Settings(endpoint=fake_hub.url)
    plan = service.fetch_plan(DownloadSpec("org/both"), settings)
    box: list[BaseException] = []

    def ours() -> None:
        try:
            Downloader(cache, service.engine_config(DownloadSpec("org/both"), settings)
                       ).download(plan)
        except BaseException as exc:
            box.append(exc)

    t = threading.Thread(target=ours)
    t.start()
    theirs = huggingface_hub.hf_hub_download("org/both", "model.safetensors", cache_dir=cache,
                                             endpoint=fake_hub.url)
    t.join(30)
    assert not box
    assert Path(theirs).read_bytes() == data
    snap = cache / "models--org--both" / "snapshots" / commit / "model.safetensors"
    assert snap.read_bytes() == data
    blobs = [p for p in (cache / "models--org--both" / "blobs").iterdir()]
    assert sorted(p.name for p in blobs) == sorted(e.etag for e in plan.files)
