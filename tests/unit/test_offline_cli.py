"""`hfmanager offline`: exit status 0 ready / 1 not ready / 2 not cached, the text and
the JSON, the snippet and the command that fetches exactly what is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hfmanager.cli import main
from tests.cachebuilder import HubCache

FILES = {"config.json": b'{"model_type": "bert"}', "model.safetensors": b"w" * 64,
         "tokenizer.json": b"{}", "tokenizer_config.json": b"{}"}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["offline", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ready_prints_the_snippet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit = HubCache(tmp_path).repo("org/m").add_revision(FILES)
    code, out, _ = _run(capsys, "org/m", "--cache-dir", str(tmp_path))
    snap = tmp_path / "models--org--m" / "snapshots" / commit
    assert code == 0
    assert out.startswith("READY  Ready offline: org/m at main")
    for line in ("export HF_HUB_OFFLINE=1", f"export HF_HUB_CACHE={tmp_path}",
                 "sudo -E python your_script.py",
                 f"sudo env HF_HUB_OFFLINE=1 HF_HUB_CACHE={tmp_path} python your_script.py",
                 'Defaults env_keep += "HF_HUB_OFFLINE HF_HOME HF_HUB_CACHE"', str(snap),
                 'model = AutoModel.from_pretrained("org/m")',
                 'tokenizer = AutoTokenizer.from_pretrained("org/m")',
                 f'model = AutoModel.from_pretrained("{snap}")'):
        assert line in out.splitlines(), line


def test_not_ready_lists_and_fetches_exactly_the_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = HubCache(tmp_path).repo("org/m")
    commit = repo.add_revision(FILES)
    repo.add_tree_listing(commit)
    (repo.snapshots / commit / "model.safetensors").unlink()
    code, out, _ = _run(capsys, "org/m", "--cache-dir", str(tmp_path))
    assert code == 1
    assert out.startswith("NOT READY  Not ready offline: org/m at main")
    assert "  - 'model.safetensors' (the weights) was never downloaded" in out
    assert (f"hfmanager download org/m --revision {commit} --include model.safetensors"
            in out)
    code, out, _ = _run(capsys, "org/m", "--cache-dir", str(tmp_path), "--json")
    data = json.loads(out)
    assert code == 1
    assert data["ready"] is False
    assert data["fetch"] == ["model.safetensors"]
    assert [m["code"] for m in data["missing"]] == ["offline.not_downloaded"]
    assert data["code"] == "offline.not_ready"
    assert data["snapshot_path"] == str(repo.snapshots / commit)


def test_not_cached_and_bad_ids_are_usage_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "org/none", "--cache-dir", str(tmp_path))
    assert (code, out) == (2, "")
    assert "org/none is not in the cache" in err
    code, out, _ = _run(capsys, "org/none", "--cache-dir", str(tmp_path), "--json")
    assert code == 2
    assert json.loads(out)["cached"] is False
    assert _run(capsys, "../etc", "--cache-dir", str(tmp_path))[0] == 2


def test_revision_by_commit_and_unresolved_ref(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit = HubCache(tmp_path).repo("org/m").add_revision(FILES, refs=())
    code, out, _ = _run(capsys, "org/m", "--cache-dir", str(tmp_path))
    assert code == 1
    assert "No ref 'main' in the cache" in out
    code, out, _ = _run(capsys, "org/m", "--cache-dir", str(tmp_path), "--revision", commit)
    assert code == 0
    assert f'AutoModel.from_pretrained("org/m", revision="{commit}")' in out
