"""The load path on a hostile cache: refs that are no commit, FIFOs and devices where files
belong, malformed safetensors headers and a worker that floods its output.

Every case ends in a clear refusal or a typed failure, within a bounded time (subprocess
timeouts are hang guards only), and nothing outside the cache is loaded.
"""

from __future__ import annotations

import asyncio
import json
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hfmanager.cli import main
from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest.runner import LoadFailed, LoadRequest, LoadResult, run_to_end

REPO_ROOT = Path(__file__).resolve().parents[2]
COMMIT = "0123456789abcdef0123456789abcdef01234567"
HANG_GUARD_S = 120


def _safetensors(path: Path, header: Any | None = None, data: bytes = b"\0" * 8) -> None:
    if header is None:
        header = {"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}
    raw = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + data)


def _model_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text('{"model_type": "bert"}')
    _safetensors(folder / "model.safetensors")
    return folder


def _cached(hub: Path, repo_id: str = "org/m") -> Path:
    """A hub-cache repo whose snapshot holds a tiny model; returns the snapshot."""
    repo = hub / ("models--" + repo_id.replace("/", "--"))
    snap = _model_folder(repo / "snapshots" / COMMIT)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(COMMIT)
    return snap


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hfmanager", *args], capture_output=True,
                          text=True, cwd=REPO_ROOT, env=os.environ.copy(),
                          timeout=HANG_GUARD_S, check=False)


def test_a_ref_that_is_no_commit_is_refused(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    hub = tmp_path / "hub"
    _cached(hub)
    outside = _model_folder(tmp_path / "model")  # where ../../../model leads from snapshots/
    (hub / "models--org--m" / "refs" / "main").write_text("../../../model")
    code = main(["load", "org/m", "--cache-dir", str(hub), "--estimate-only", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    assert out["error"]["kind"] == "bad_target"
    assert "does not hold a commit hash" in out["error"]["message"]
    assert str(outside) not in json.dumps(out)
    # a revision name that climbs is no ref either
    assert main(["load", "org/m", "--cache-dir", str(hub), "--revision", "../../x",
                 "--estimate-only"]) == 2
    assert "not a branch, tag or commit name" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "huge"])
def test_a_special_or_huge_config_is_refused(tmp_path: Path, kind: str) -> None:
    hub = tmp_path / "hub"
    snap = _cached(hub)
    cfg = snap / "config.json"
    cfg.unlink()
    if kind == "fifo":
        os.mkfifo(cfg)
        expected = "config.json is a FIFO"
    elif kind == "dev_zero":
        cfg.symlink_to("/dev/zero")
        expected = "config.json is a device"
    else:
        with open(cfg, "wb") as f:  # sparse: 65 MiB of nothing, no disk used
            f.truncate(65 * 1024 * 1024)
        expected = "more than any model's metadata"
    proc = _cli("load", "org/m", "--cache-dir", str(hub), "--estimate-only")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert expected in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_worker_itself_refuses_a_fifo_weights_file(tmp_path: Path) -> None:
    """Any front (the window has no CLI pre-check): the worker refuses before opening."""
    folder = _model_folder(tmp_path / "m")
    (folder / "model.safetensors").unlink()
    os.mkfifo(folder / "model.safetensors")  # safetensors would block on it forever
    final = asyncio.run(run_to_end(LoadRequest(str(folder), timeout_s=HANG_GUARD_S)))
    assert isinstance(final, LoadFailed), final
    assert final.kind == "bad_repo"
    assert "not a regular file" in final.message


@pytest.mark.parametrize(("info", "match"), [
    ({"dtype": ["F32"], "shape": [2], "data_offsets": [0, 8]}, "unknown dtype"),
    ({"dtype": {"F": 32}, "shape": [2], "data_offsets": [0, 8]}, "unknown dtype"),
    ({"dtype": "F32", "shape": [10**30], "data_offsets": [0, 8]}, "bad shape"),
    ({"dtype": "F32", "shape": [1] * 100_000, "data_offsets": [0, 8]}, "bad shape"),
    ({"dtype": "F32", "shape": [2], "data_offsets": ["0", "8"]}, "offsets"),
    ({"dtype": "F32", "shape": "2", "data_offsets": [0, 8]}, "bad shape"),
])
def test_malformed_header_fields_give_a_clear_estimate_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], info: dict[str, Any],
        match: str) -> None:
    hub = tmp_path / "hub"
    snap = _cached(hub)
    _safetensors(snap / "model.safetensors", {"w": info})
    with pytest.raises(est.EstimateError, match=match):
        est.estimate(snap)
    assert main(["load", "org/m", "--cache-dir", str(hub), "--estimate-only"]) == 1
    captured = capsys.readouterr()
    assert "Estimate  refused: model.safetensors: tensor 'w'" in captured.out


def _fake_worker(tmp_path: Path, body: str) -> str:
    """An executable the runner starts in place of Python (it ignores the worker path)."""
    script = tmp_path / "fake_python"
    script.write_text(f"#!{sys.executable}\nimport sys\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_a_worker_flooding_stdout_is_a_worker_error(tmp_path: Path) -> None:
    python = _fake_worker(tmp_path, (
        "sys.stdout.write('{\"event\": \"phase\", \"phase\": \"starting\", \"t\": 0}\\n')\n"
        "sys.stdout.write('x' * (20 * 1024 * 1024))\nsys.stdout.flush()"))
    final = asyncio.run(run_to_end(LoadRequest(str(tmp_path), python=python,
                                               timeout_s=HANG_GUARD_S)))
    assert isinstance(final, LoadFailed), final
    assert final.kind == "worker_error"
    assert "longer than" in final.message


def test_a_worker_flooding_stderr_still_delivers_its_result(tmp_path: Path) -> None:
    python = _fake_worker(tmp_path, (
        "sys.stderr.write('e' * (20 * 1024 * 1024))\nsys.stderr.flush()\n"
        "sys.stdout.write('{\"event\": \"result\", \"params_total\": 2}\\n')"))
    final = asyncio.run(run_to_end(LoadRequest(str(tmp_path), python=python,
                                               timeout_s=HANG_GUARD_S)))
    assert isinstance(final, LoadResult), final
    assert final.data["params_total"] == 2


def test_a_deeply_nested_worker_line_is_not_an_event(tmp_path: Path) -> None:
    python = _fake_worker(tmp_path, (
        "sys.stdout.write('[' * 500000 + ']' * 500000 + '\\n')\n"
        "sys.stdout.write('{\"event\": \"result\", \"params_total\": 3}\\n')"))
    final = asyncio.run(run_to_end(LoadRequest(str(tmp_path), python=python,
                                               timeout_s=HANG_GUARD_S)))
    assert isinstance(final, LoadResult), final
