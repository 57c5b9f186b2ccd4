"""The scan's problems name the files "Download again" fetches: a missing shard, a blob
shared by two revisions (asked for once), a deleted blob; the fetched files are what
huggingface_hub's own offline lookup then finds."""

from __future__ import annotations

import json
from pathlib import Path

from hfmanager.core.downloads import service
from hfmanager.core.downloads.engine import CancelToken, Downloader
from hfmanager.core.downloads.repair import problem_entries, redownload_specs
from hfmanager.core.inventory.model import Problem, ProblemKind
from hfmanager.core.inventory.scanner import scan_repo
from hfmanager.core.settings import Settings
from tests.integration.download_helpers import payload

INDEX = {"metadata": {}, "weight_map": {"a": "model-00001-of-00002.safetensors",
                                        "b": "model-00002-of-00002.safetensors"}}
FILES = {"config.json": b'{"model_type": "bert"}',
         "model.safetensors.index.json": json.dumps(INDEX).encode(),
         "model-00001-of-00002.safetensors": payload(1 << 20),
         "model-00002-of-00002.safetensors": payload(1 << 20, seed=3)}


def test_missing_shard_and_shared_blob(fake_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from huggingface_hub import hf_hub_download, snapshot_download

    first = fake_hub.add_repo("org/sh", FILES, lfs_threshold=1024)
    snapshot_download("org/sh", endpoint=fake_hub.url, cache_dir=tmp_path, revision=first)
    second = fake_hub.add_repo("org/sh", {**FILES, "README.md": b"# two\n"}, lfs_threshold=1024)
    snapshot_download("org/sh", endpoint=fake_hub.url, cache_dir=tmp_path, revision=second)
    repo = tmp_path / "models--org--sh"
    (repo / "snapshots" / first / "model-00002-of-00002.safetensors").unlink()
    config_blob = (repo / "snapshots" / second / "config.json").resolve()
    config_blob.unlink()  # both revisions link to it

    scanned = scan_repo(repo, tmp_path)
    problems = scanned.all_problems()
    (shard,) = [p for p in problems if p.kind is ProblemKind.MISSING_SHARD]
    assert problem_entries(scanned, shard) == [f"{first}/model-00002-of-00002.safetensors"]
    broken = [p for p in problems if p.kind is ProblemKind.BROKEN_LINK]
    assert len(broken) == 2  # one per revision's link
    entries = problem_entries(scanned, broken[0])
    assert len(entries) == 1
    assert entries[0].endswith("/config.json")
    # Verify names a corrupt blob by its path: both revisions use it, it is fetched once.
    corrupt = Problem(ProblemKind.CORRUPT_BLOB, "x", str(config_blob))
    (once,) = problem_entries(scanned, corrupt)
    assert once in (f"{first}/config.json", f"{second}/config.json")
    # A problem about no file, or about a kind a download cannot mend, names nothing.
    assert problem_entries(scanned, Problem(ProblemKind.NO_CONFIG, "x", None)) == []
    assert problem_entries(scanned, Problem(ProblemKind.CUSTOM_CODE, "x",
                                            str(config_blob))) == []

    settings = Settings(endpoint=fake_hub.url)
    for spec in redownload_specs(str(repo), [*problem_entries(scanned, shard), *entries]):
        assert spec.revision in (first, second)
        plan = service.fetch_plan(spec, settings)
        Downloader(tmp_path, service.engine_config(spec, settings)).download(
            plan, lambda *_: None, CancelToken())
    for commit in (first, second):
        for name, data in FILES.items():
            found = hf_hub_download("org/sh", name, revision=commit, cache_dir=tmp_path,
                                    local_files_only=True)
            assert Path(found).read_bytes() == data
    again = scan_repo(repo, tmp_path).all_problems()
    assert not {p.kind for p in again} & {ProblemKind.MISSING_SHARD, ProblemKind.BROKEN_LINK}
