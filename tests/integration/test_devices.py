"""Devices, interpreter discovery, history and target resolution for the load test."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest import pythons, strategy
from hfmanager.core.loadtest.history import LoadHistory
from hfmanager.core.store import Store

UUID = "GPU-12345678-1234-1234-1234-123456789abc"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def test_cpu_is_always_listed_with_free_memory() -> None:
    devices = dev.list_devices()
    cpu = devices[0]
    assert cpu.kind == "cpu"
    assert cpu.spec == "cpu"
    assert cpu.total_bytes
    assert cpu.free_bytes
    assert 0 < cpu.free_bytes <= cpu.total_bytes
    # Whatever NVML says, its GPUs come with UUIDs and memory figures.
    for gpu in devices[1:]:
        assert gpu.kind == "cuda"
        assert gpu.uuid
        assert gpu.total_bytes


def test_resolve_specs_and_worker_env() -> None:
    cpu = dev.cpu_device()
    gpu = dev.Device("cuda", 1, "Fake GPU", 8 << 30, 6 << 30, UUID, "nvml")
    devices = [cpu, gpu]
    assert dev.resolve("cpu", devices) is cpu
    assert dev.resolve("cuda:1", devices) is gpu
    assert dev.resolve(UUID, devices) is gpu
    with pytest.raises(ValueError, match="available: cpu, cuda:1"):
        dev.resolve("cuda:7", devices)
    # The worker always sees the chosen GPU as cuda:0, pinned by UUID.
    assert dev.worker_env(gpu) == ("cuda:0", {"CUDA_VISIBLE_DEVICES": UUID,
                                             "CUDA_DEVICE_ORDER": "PCI_BUS_ID"})
    assert dev.worker_env(cpu) == ("cpu", {"CUDA_VISIBLE_DEVICES": ""})


def test_parse_worker_devices() -> None:
    out = "noise\n" + json.dumps({"event": "devices", "devices": [
        {"kind": "cuda", "index": 0, "name": "H100", "uuid": UUID, "total_bytes": 80,
         "free_bytes": 70},
        {"kind": "mps", "index": 0, "name": "Apple MPS", "uuid": None, "total_bytes": None,
         "free_bytes": None}]}) + "\n"
    found = dev.parse_worker_devices(out)
    assert [d.spec for d in found] == ["cuda:0", "mps:0"]
    assert found[0].uuid == UUID
    assert found[0].source == "worker"
    assert dev.parse_worker_devices("garbage\n") == []


def test_discover_pythons_finds_venvs_and_conda(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for env_dir in (home / ".virtualenvs" / "proj", home / "miniconda3" / "envs" / "ml",
                    tmp_path / "work" / ".venv"):
        (env_dir / "bin").mkdir(parents=True)
        (env_dir / "bin" / "python").symlink_to(sys.executable)
    (home / "broken" / "bin").mkdir(parents=True)
    found = pythons.discover(extra=[sys.executable], env={"CONDA_PREFIX": str(home / "nope")},
                             home=home, cwd=tmp_path / "work")
    paths = [p.path for p in found]
    assert paths[0] == sys.executable
    assert found[0].source == "app"
    assert str(home / ".virtualenvs" / "proj" / "bin" / "python") in paths
    assert str(home / "miniconda3" / "envs" / "ml" / "bin" / "python") in paths
    assert str(tmp_path / "work" / ".venv" / "bin" / "python") in paths
    assert len(paths) == len(set(paths))
    assert "proj (venv)" in [p.label for p in found]


def test_probe_reports_libraries(tmp_path: Path) -> None:
    info = pythons.probe(sys.executable)
    assert info.error is None
    assert info.version
    assert info.torch
    assert info.transformers
    bad = pythons.probe(str(tmp_path / "no-python"))
    assert bad.error is not None
    assert bad.torch is None


def test_history_keyed_by_repo_revision_device_dtype() -> None:
    store = Store()
    hist = LoadHistory(store)
    hist.add("org/m", COMMIT, "cpu", "auto", ok=True, outcome={"params_total": 5},
             estimate={"weights_bytes": 20}, finished_at=1.0)
    hist.add("org/m", COMMIT, "cpu", "auto", ok=False,
             outcome={"kind": "timeout", "message": "x"}, finished_at=2.0)
    hist.add("org/m", COMMIT, UUID, "float16", ok=True, outcome={}, finished_at=3.0)
    hist.add("other/m", COMMIT, "cpu", "auto", ok=True, outcome={}, finished_at=4.0)
    latest = hist.latest("org/m", COMMIT, "cpu", "auto")
    assert latest is not None
    assert not latest.ok
    assert latest.outcome["kind"] == "timeout"
    assert [e.finished_at for e in hist.entries("org/m")] == [3.0, 2.0, 1.0]
    assert hist.entries("org/m")[-1].estimate == {"weights_bytes": 20}
    assert len(hist.entries()) == 4
    assert hist.latest("org/m", COMMIT, "cpu", "bfloat16") is None
    store.close()


def _cache(tmp_path: Path) -> Path:
    repo = tmp_path / "models--org--m"
    (repo / "snapshots" / COMMIT).mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(COMMIT)
    return tmp_path


def test_resolve_target_repo_ids_revisions_and_paths(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "hub")
    snap, repo, commit = strategy.resolve_target("org/m", cache_dir=cache)
    assert snap.name == COMMIT
    assert repo == "org/m"
    assert commit == COMMIT
    assert strategy.resolve_target("org/m", COMMIT, cache)[2] == COMMIT
    with pytest.raises(strategy.TargetError, match=r"no ref 'dev'.*refs: main"):
        strategy.resolve_target("org/m", "dev", cache)
    with pytest.raises(strategy.TargetError, match="not in the cache"):
        strategy.resolve_target("org/absent", cache_dir=cache)
    with pytest.raises(strategy.TargetError, match="neither"):
        strategy.resolve_target("../../x/y", cache_dir=cache)
    assert strategy.resolve_target(str(tmp_path))[0] == tmp_path.resolve()


def test_strategy_and_remote_code_detection(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(json.dumps(
        {"model_type": "x", "auto_map": {"AutoModel": "m.M"}}))
    (tmp_path / "sub").mkdir()
    (tmp_path / "m.py").write_text("")
    (tmp_path / "sub" / "h.py").write_text("")
    assert strategy.strategy(tmp_path) == "transformers"
    assert strategy.needs_remote_code(tmp_path)
    assert strategy.custom_code_files(tmp_path) == ["m.py", "sub/h.py"]
    assert strategy.trust_key("org/m", COMMIT) == f"model/org/m@{COMMIT}"
    (tmp_path / "config.json").write_text(json.dumps({"hidden": 3}))
    assert strategy.strategy(tmp_path) == "state_dict"
    (tmp_path / "modules.json").write_text("[]")
    assert strategy.strategy(tmp_path) == "sentence_transformers"
    assert os.path.basename(str(dev.WORKER)) == "load.py"
    assert dev.WORKER.is_file()


def test_exit_descriptions_name_the_signal() -> None:
    from hfmanager.core.loadtest.runner import describe_exit

    killed = describe_exit(-9, "")
    assert killed.kind == "killed"
    assert "out-of-memory killer" in killed.message
    segv = describe_exit(-11, "Fatal Python error: Segmentation fault\n")
    assert segv.kind == "crashed"
    assert "segmentation fault (SIGSEGV)" in segv.message
    assert "Fatal Python error" in segv.detail["stderr"]
    plain = describe_exit(1, "Traceback...\nSyntaxError: bad\n")
    assert plain.kind == "load_failed"
    assert "SyntaxError: bad" in plain.message


def test_worker_lists_devices_in_a_child() -> None:
    # The app's torch is a CPU build here; on a CUDA box the GPUs come back with UUIDs.
    found = dev.worker_devices()
    import torch

    assert len([d for d in found if d.kind == "cuda"]) == torch.cuda.device_count()
    for d in found:
        assert d.source == "worker"
