"""``hfmanager load`` end to end: a cached repo id, estimate-only, remote code, JSON, errors."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from hfmanager.cli import main
from hfmanager.core.loadtest.history import LoadHistory
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store
from tests import models


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    base = tmp_path_factory.mktemp("cli-models")
    return {"bert": (base / "bert", models.build_bert(base / "bert", max_shard_size="150KB")),
            "custom": (base / "custom", models.build_custom_code(base / "custom"))}


@pytest.fixture
def cache(built: dict[str, tuple[Path, int]]) -> Path:
    hub = Path(os.environ["HF_HOME"]) / "hub"
    models.into_hub_cache(built["bert"][0], hub, "org/bert")
    models.into_hub_cache(built["custom"][0], hub, "org/custom")
    return hub


def test_estimate_only_json_for_a_cached_repo(cache: Path, capsys: pytest.CaptureFixture[str],
                                              built: dict[str, tuple[Path, int]]) -> None:
    assert main(["load", "org/bert", "--estimate-only", "--json", "--dtype", "float16"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["commit"] == models.COMMIT
    assert out["strategy"] == "transformers"
    assert out["estimate"]["params"] == built["bert"][1]
    assert out["estimate"]["weights_bytes"] == 2 * built["bert"][1]
    assert len(out["estimate"]["files"]) > 1  # sharded, read through the index
    assert out["verdict"]["status"] == "fits"
    assert "result" not in out


@pytest.mark.slow
def test_load_prints_report_and_records_history(cache: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                built: dict[str, tuple[Path, int]]) -> None:
    assert main(["load", "org/bert", "--revision", "main"]) == 0
    captured = capsys.readouterr()
    assert "Estimate  from safetensors headers" in captured.out
    assert f"Params    {built['bert'][1]:,} total" in captured.out
    assert "Loaded    BertModel via transformers on cpu" in captured.out
    assert "loading weights" in captured.err
    store = Store()
    entries = LoadHistory(store).entries("org/bert")
    store.close()
    assert len(entries) == 1
    assert entries[0].ok
    assert entries[0].revision == models.COMMIT
    assert entries[0].outcome["params_total"] == built["bert"][1]


@pytest.mark.slow
def test_remote_code_needs_the_flag(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", "org/custom"]) == 3
    err = capsys.readouterr().err
    assert "modeling_tiny.py" in err
    assert "--trust-remote-code" in err
    assert Settings.load().trusted_code == []
    assert main(["load", "org/custom", "--trust-remote-code", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["result"]["class"] == "TinyCustomModel"


def test_errors_are_clear(cache: Path, capsys: pytest.CaptureFixture[str],
                          tmp_path: Path) -> None:
    assert main(["load", "org/absent"]) == 2
    assert "not in the cache" in capsys.readouterr().err
    assert main(["load", "org/bert", "--revision", "nope"]) == 2
    assert "no ref 'nope'" in capsys.readouterr().err
    assert main(["load", "org/bert", "--device", "cuda:9", "--estimate-only"]) == 2
    assert "no device 'cuda:9'" in capsys.readouterr().err
    bomb = tmp_path / "bomb.safetensors"
    bomb.write_bytes((10**9).to_bytes(8, "little") + b"{}")
    assert main(["load", str(bomb), "--estimate-only"]) == 1
    assert "exceeds the 100 MiB limit" in capsys.readouterr().err


@pytest.mark.slow
def test_other_python_without_torch(cache: Path, capsys: pytest.CaptureFixture[str],
                                    tmp_path: Path) -> None:
    bare = tmp_path / "python-bare"
    bare.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S -I "$@"\n')
    bare.chmod(0o755)
    assert main(["load", "org/bert", "--python", str(bare)]) == 1
    assert "torch is not installed" in capsys.readouterr().err
