"""`hfmanager download` end to end (in-process main) against the fake Hub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from download_helpers import payload, snapshot_bytes
from fakehub import FakeHub, Fault

from hfmanager.cli import download as cli

FILES = {"config.json": b"{}", "model.safetensors": payload(300_000, seed=5),
         "pytorch_model.bin": payload(200_000, seed=6), "onnx/model.onnx": b"o" * 20_000}


def _events(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_json_download_then_rerun(fake_hub: FakeHub, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    args = ["org/m", "--endpoint", fake_hub.url, "--cache-dir", str(tmp_path), "--json",
            "--preset", "safetensors", "--exclude", "onnx/*"]
    assert cli.main(args) == 0
    events = _events(capsys.readouterr().out)
    assert events[0]["event"] == "plan"
    assert events[0]["files"] == 2
    assert events[-1]["event"] == "done"
    assert events[-1]["commit"] == commit
    got = snapshot_bytes(tmp_path, "org/m", commit)
    assert got == {k: FILES[k] for k in ("config.json", "model.safetensors")}
    fake_hub.reset_counters()
    assert cli.main(args) == 0  # everything verified already: nothing is fetched again
    assert fake_hub.bytes_by_path == {}
    # Both runs are in the app's download history (what the Downloads page lists).
    from hfmanager.core.downloads.persist import JobState, JobStore
    from hfmanager.core.store import Store

    history = JobStore(Store()).all(history=True)
    assert [(j.spec.repo_id, j.state, j.commit, j.files_total) for j in history] == [
        ("org/m", JobState.DONE, commit, 2)] * 2
    assert history[0].bytes_done == history[0].bytes_total == len(FILES["config.json"]) + len(
        FILES["model.safetensors"])
    assert JobStore(Store()).all(history=False) == []  # nothing for a window to start


def test_errors_and_exit_codes(fake_hub: FakeHub, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/m", FILES)
    base = ["--endpoint", fake_hub.url, "--cache-dir", str(tmp_path), "--json"]
    assert cli.main(["org/missing", *base]) == 1
    err = _events(capsys.readouterr().out)[-1]
    assert err["event"] == "error"
    assert err["kind"] == "NotFoundError"
    assert cli.main(["../evil", *base]) == 2
    fake_hub.faults.set(Fault(corrupt=True), path="model.safetensors")
    assert cli.main(["org/m", *base]) == 1
    assert _events(capsys.readouterr().out)[-1]["kind"] == "IntegrityError"
    assert not list(tmp_path.rglob("blobs/*.hfm-partial"))


def test_dry_run_and_url_source(fake_hub: FakeHub, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/m", FILES)
    url = f"{fake_hub.url}/org/m/blob/main/config.json"
    assert cli.main([url, "--cache-dir", str(tmp_path), "--json", "--dry-run"]) == 0
    events = _events(capsys.readouterr().out)
    assert [e["file"] for e in events if e["event"] == "file"] == ["config.json"]
    assert not (tmp_path / "models--org--m").exists()
