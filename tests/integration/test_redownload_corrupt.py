"""Verify's "Download again": a corrupt blob is fetched again, pinned to its commit."""

from __future__ import annotations

from pathlib import Path

from hfmanager.core.downloads import service
from hfmanager.core.downloads.engine import CancelToken, Downloader
from hfmanager.core.downloads.repair import redownload_specs
from hfmanager.core.settings import Settings
from hfmanager.core.verify.model import VerifyStatus
from hfmanager.core.verify.runner import verify
from hfmanager.core.verify.targets import targets_for_repo
from tests.integration.download_helpers import payload


def _download(spec, settings: Settings, cache: Path) -> None:  # type: ignore[no-untyped-def]
    plan = service.fetch_plan(spec, settings)
    Downloader(cache, service.engine_config(spec, settings)).download(
        plan, lambda *_: None, CancelToken())


def test_corrupt_blob_is_downloaded_again(fake_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = {"config.json": b'{"model_type": "bert"}', "model.safetensors": payload(3 << 20),
             "sub/dir [x].bin": payload(2 << 20, seed=1)}
    commit = fake_hub.add_repo("org/m", files)
    cache = tmp_path / "hub"
    settings = Settings(endpoint=fake_hub.url)
    from hfmanager.core.downloads.plan import DownloadSpec

    _download(DownloadSpec("org/m"), settings, cache)
    repo = cache / "models--org--m"
    ref_before = (repo / "refs" / "main").read_text()
    for name in ("model.safetensors", "sub/dir [x].bin"):
        blob = (repo / "snapshots" / commit / name).resolve()
        data = bytearray(blob.read_bytes())
        data[12345] ^= 0x40
        blob.write_bytes(bytes(data))

    report = verify(targets_for_repo(str(repo)))
    corrupt = report.corrupt
    assert len(corrupt) == 2
    specs = [s for r in corrupt for s in redownload_specs(r.target.owner, r.target.files)]
    assert {s.revision for s in specs} == {commit}  # pinned: no ref is written
    assert sorted(p for s in specs for p in s.include) == ["model.safetensors",
                                                           "sub/dir [[]x].bin"]
    fake_hub.reset_counters()
    for spec in specs:
        _download(spec, settings, cache)

    again = verify(targets_for_repo(str(repo)))
    assert again.count(VerifyStatus.CORRUPT) == 0
    assert again.count(VerifyStatus.OK) == len(files)
    for name, data in files.items():
        assert (repo / "snapshots" / commit / name).read_bytes() == data
    assert (repo / "refs" / "main").read_text() == ref_before
    # Only the two broken files travelled again, not the whole repo.
    assert fake_hub.bytes_sent < (3 << 20) + (2 << 20) + (1 << 20)


def test_unknown_folders_and_commits_give_no_job(tmp_path: Path) -> None:
    assert redownload_specs(str(tmp_path / "not-a-repo"), ["abc1234/x"]) == []
    repo = tmp_path / "models--org--m"
    (repo / "snapshots" / ("a" * 40)).mkdir(parents=True)
    assert redownload_specs(str(repo), ["bbbbbbb/x", "aaaaaaa"]) == []
    (spec,) = redownload_specs(str(repo), ["aaaaaaa/x.bin"])
    assert (spec.repo_id, spec.repo_type, spec.revision, spec.include) == (
        "org/m", "model", "a" * 40, ("x.bin",))
