"""The worker's pure parts, in-process: file choice parity with the estimate, OOM wording.

The worker cannot import hfmanager, so its file choice is a copy of the estimate's; these
tests keep the two in step on every layout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from hfmanager.core.loadtest import estimate as est

WORKER = Path(__file__).resolve().parents[2] / "hfmanager" / "workers" / "load.py"


@pytest.fixture(scope="module")
def worker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hfm_load_worker", WORKER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = dict(os.environ)
    try:
        spec.loader.exec_module(module)  # sets HF_HUB_OFFLINE & co for its own process
    finally:  # ...which must not leak into the rest of this test session
        os.environ.clear()
        os.environ.update(saved)
    return module


def _touch(folder: Path, *names: str) -> Path:
    for name in names:
        f = folder / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"x")
    return folder


@pytest.mark.parametrize("layout", [
    ("model.safetensors", "pytorch_model.bin", "config.json"),
    ("pytorch_model.bin", "training_args.bin"),
    ("a.safetensors", "b.safetensors"),
    ("unet/diffusion_pytorch_model.safetensors", "vae/diffusion_pytorch_model.safetensors",
     "model_index.json"),
    ("model.pt",),
    ("README.md",),
])
def test_worker_and_estimate_choose_the_same_files(worker: ModuleType, tmp_path: Path,
                                                   layout: tuple[str, ...]) -> None:
    folder = _touch(tmp_path / "m", *layout)
    ours = [str(p) for p in est.weight_files(folder)]
    assert worker.weight_files(str(folder)) == ours


def test_index_files_parity(worker: ModuleType, tmp_path: Path) -> None:
    folder = _touch(tmp_path / "m", "s1.safetensors", "s2.safetensors", "other.safetensors")
    (folder / est.SAFETENSORS_INDEX).write_text(json.dumps(
        {"weight_map": {"a": "s2.safetensors", "b": "s1.safetensors", "c": "s1.safetensors"}}))
    assert worker.weight_files(str(folder)) == [str(p) for p in est.weight_files(folder)]
    assert [Path(p).name for p in worker.weight_files(str(folder))] == ["s1.safetensors",
                                                                        "s2.safetensors"]


def test_strategy_parity(worker: ModuleType, tmp_path: Path) -> None:
    from hfmanager.core.loadtest import strategy

    cases = {
        "tf": {"config.json": {"model_type": "bert"}},
        "mixin": {"config.json": {"width": 3}},
        "timm": {"config.json": {"architecture": "resnet18", "pretrained_cfg": {}}},
        "plain": {},
    }
    for name, files in cases.items():
        folder = tmp_path / name
        folder.mkdir()
        for fname, content in files.items():
            (folder / fname).write_text(json.dumps(content))
        worker_choice, _notes = worker.choose_strategy(str(folder))
        core_choice = strategy.strategy(folder)
        if core_choice == "timm" and _timm_problem() is not None:
            core_choice = "state_dict"  # the worker falls back when timm is absent
        assert worker_choice == core_choice, name


def _timm_problem() -> str | None:
    try:
        import timm  # noqa: F401
    except Exception as exc:  # installed without a working torchvision, say
        return str(exc)
    return None


def test_a_library_that_is_installed_but_does_not_import_falls_back(
        worker: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """timm installed beside a torchvision that does not load (PyPI's CUDA build next to
    a CPU torch) is found by find_spec and then fails at import: the worker says so and
    loads the raw state dict instead of failing the load."""
    fake = tmp_path / "site" / "timm"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'torchvision'\")\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "timm", raising=False)
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"architecture": "resnet18",
                                                    "pretrained_cfg": {}}))
    choice, notes = worker.choose_strategy(str(folder))
    assert choice == "state_dict"
    assert any("timm is installed but does not import" in n and "torchvision" in n
               for n in notes), notes


def test_oom_classification_wording(worker: ModuleType) -> None:
    class OutOfMemoryError(RuntimeError):
        """Named like torch.cuda.OutOfMemoryError, which the worker matches by name."""

    gib = 2**30
    exc = OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB.")
    with pytest.raises(worker.LoadError) as info:
        worker.classify_oom(exc, {"needed_bytes": 30 * gib}, 12 * gib)
    assert info.value.kind == "cuda_oom"
    assert "needs about 30.0 GiB, 12.0 GiB free" in str(info.value)
    host = RuntimeError("[enforce fail] DefaultCPUAllocator: can't allocate memory")
    with pytest.raises(worker.LoadError) as info:
        worker.classify_oom(host, {}, None)
    assert info.value.kind == "host_oom"
    worker.classify_oom(RuntimeError("size mismatch"), {}, None)  # not an OOM: returns


def test_bad_requests_are_json_errors(worker: ModuleType,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert worker.main(["load.py", "not json"]) == 2
    assert worker.main(["load.py", json.dumps({"path": "/no/such/place"})]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["kind"] == "bad_request"
    assert lines[-1]["event"] == "error"
    assert "no such file" in lines[-1]["message"]
