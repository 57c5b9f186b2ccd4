"""Real test loads in child processes: every model kind, hostile files, crashes, hangs, OOM.

Each child imports torch (2-3 s), so models are built once per session and the slow
marker is honest; the whole file still runs in CI.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest.runner import (
    LoadFailed,
    LoadPhase,
    LoadRequest,
    LoadResult,
    LoadRun,
    run_to_end,
)
from tests import models

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    base = tmp_path_factory.mktemp("models")
    out: dict[str, tuple[Path, int]] = {
        "bert": (base / "bert", models.build_bert(base / "bert")),
        "sharded": (base / "sharded", models.build_bert(base / "sharded",
                                                        max_shard_size="100KB")),
        "pickle": (base / "pickle", models.build_bert(base / "pickle", safe=False)),
        "gpt2": (base / "gpt2", models.build_gpt2(base / "gpt2")),
        "mixin": (base / "mixin", models.build_mixin(base / "mixin")),
        "custom": (base / "custom", models.build_custom_code(base / "custom")),
    }
    out["torchhub"] = models.build_torch_hub_checkpoint(base / "torch")
    hub = base / "hub"
    out["cached"] = (models.into_hub_cache(base / "bert", hub, "org/bert"), out["bert"][1])
    return out


def run(request: LoadRequest) -> tuple[Any, list[LoadPhase]]:
    phases: list[LoadPhase] = []

    def collect(ev: Any) -> None:
        if isinstance(ev, LoadPhase):
            phases.append(ev)

    return asyncio.run(run_to_end(request, collect)), phases


@pytest.mark.parametrize(("name", "strategy", "cls"), [
    ("sharded", "transformers", "BertModel"),
    ("pickle", "transformers", "BertModel"),
    ("gpt2", "transformers", "GPT2LMHeadModel"),
    ("mixin", "state_dict", "state_dict"),
    ("torchhub", "state_dict", "state_dict"),
    ("cached", "transformers", "BertModel"),
])
def test_models_load_on_cpu_with_exact_counts(built: dict[str, tuple[Path, int]], name: str,
                                              strategy: str, cls: str) -> None:
    path, n_params = built[name]
    final, phases = run(LoadRequest(str(path)))
    assert isinstance(final, LoadResult), final
    r = final.data
    assert r["strategy"] == strategy
    assert r["class"] == cls
    assert r["params_total"] == n_params  # independent sum(p.numel())
    assert r["missing_keys"] == [] if "missing_keys" in r else True
    assert r["unexpected_keys"] == [] if "unexpected_keys" in r else True
    assert [p.phase for p in phases][:1] == ["starting"]
    assert {"loading_weights", "measuring"} <= {p.phase for p in phases}
    assert r["host_rss_anon"] > 0
    assert r["load_seconds"] > 0
    assert r["read_bytes"] > 0
    e = est.estimate(path)
    measured = r["param_bytes"] + r["buffer_bytes"]
    # pickle weights are sized from the zip's storage entries, safetensors from headers
    assert e.weights_bytes == pytest.approx(measured, rel=0.005)
    if not e.approximate:
        assert e.params is not None
        assert abs(e.params - (r["params_total"] + r["buffers_total"])) <= 0.005 * e.params


def test_missing_libraries_fall_back_with_a_note(tmp_path: Path,
                                                 built: dict[str, tuple[Path, int]]) -> None:
    import shutil

    # The worker's Python without sentence-transformers and diffusers, installed or not:
    # a sitecustomize (first on its PYTHONPATH) marks them absent, so find_spec says None.
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(
        "import sys\nsys.modules['sentence_transformers'] = None\n"
        "sys.modules['diffusers'] = None\n")
    absent = {"PYTHONPATH": str(shim)}

    # A sentence-transformers layout (modules.json) over a BERT: transformers still loads it.
    st_dir = tmp_path / "st"
    shutil.copytree(built["bert"][0], st_dir)
    (st_dir / "modules.json").write_text('[{"idx": 0, "name": "0", "path": "",'
                                         ' "type": "sentence_transformers.models.Transformer"}]')
    # A diffusers layout: model_index.json and weights in a component folder.
    df_dir = tmp_path / "df"
    (df_dir / "unet").mkdir(parents=True)
    shutil.copy(built["mixin"][0] / "model.safetensors",
                df_dir / "unet" / "diffusion_pytorch_model.safetensors")
    (df_dir / "model_index.json").write_text('{"_class_name": "StableDiffusionPipeline"}')
    st_final, _ = run(LoadRequest(str(st_dir), env=absent))
    assert isinstance(st_final, LoadResult), st_final
    assert st_final.data["strategy"] == "transformers"
    assert any("sentence-transformers is not installed" in n for n in st_final.data["notes"])
    df_final, _ = run(LoadRequest(str(df_dir), env=absent))
    assert isinstance(df_final, LoadResult), df_final
    assert df_final.data["strategy"] == "state_dict"
    assert df_final.data["params_total"] == built["mixin"][1]
    assert any("diffusers is not installed" in n for n in df_final.data["notes"])
    assert est.estimate(df_dir).params == built["mixin"][1]
    # A model type this transformers does not know: raw state dict, with the reason.
    unknown = tmp_path / "unknown"
    unknown.mkdir()
    shutil.copy(built["mixin"][0] / "model.safetensors", unknown / "model.safetensors")
    (unknown / "config.json").write_text('{"model_type": "no-such-model-type"}')
    un_final, _ = run(LoadRequest(str(unknown)))
    assert isinstance(un_final, LoadResult), un_final
    assert un_final.data["strategy"] == "state_dict"
    assert any("does not know model_type" in n for n in un_final.data["notes"])


def test_dtype_conversion_matches_estimate(built: dict[str, tuple[Path, int]]) -> None:
    path, n_params = built["bert"]
    final, _ = run(LoadRequest(str(path), dtype="bfloat16"))
    assert isinstance(final, LoadResult), final
    assert final.data["param_bytes_by_dtype"] == {"bfloat16": 2 * n_params}
    measured = final.data["param_bytes"] + final.data["buffer_bytes"]
    assert est.estimate(path, "bfloat16").weights_bytes == pytest.approx(measured, rel=0.005)


def test_custom_code_needs_trust_then_loads(built: dict[str, tuple[Path, int]]) -> None:
    path, n_params = built["custom"]
    refused, _ = run(LoadRequest(str(path)))
    assert isinstance(refused, LoadFailed)
    assert refused.kind == "remote_code"
    assert "modeling_tiny.py" in refused.message
    final, _ = run(LoadRequest(str(path), trust_remote_code=True))
    assert isinstance(final, LoadResult), final
    assert final.data["class"] == "TinyCustomModel"
    assert final.data["params_total"] == n_params


def test_malicious_pickle_payload_never_runs(tmp_path: Path) -> None:
    sentinel = tmp_path / "PWNED"
    target = models.build_malicious_pickle(tmp_path / "evil", sentinel)
    for path in (target, target.parent):
        final, _ = run(LoadRequest(str(path)))
        assert isinstance(final, LoadFailed)
        assert final.kind == "unsafe_pickle"
        assert "refused" in final.message
        assert not sentinel.exists()


@pytest.mark.parametrize(("hook", "signal_name"), [("segfault", "SIGSEGV"),
                                                   ("abort", "SIGABRT")])
def test_crash_is_reported_and_app_survives(built: dict[str, tuple[Path, int]], hook: str,
                                            signal_name: str) -> None:
    path, _ = built["mixin"]
    final, _ = run(LoadRequest(str(path), env={"HFMANAGER_LOAD_TEST_HOOK": hook}))
    assert isinstance(final, LoadFailed)
    assert final.kind == "crashed"
    assert signal_name in final.message


def test_timeout_kills_a_hung_worker(built: dict[str, tuple[Path, int]]) -> None:
    path, _ = built["mixin"]
    req = LoadRequest(str(path), env={"HFMANAGER_LOAD_TEST_HOOK": "hang"}, timeout_s=4)
    final, _ = run(req)  # the worker hangs for ever: an answer at all means it was killed
    assert isinstance(final, LoadFailed)
    assert final.kind == "timeout"


def test_cancel_stops_a_hung_worker(built: dict[str, tuple[Path, int]]) -> None:
    path, _ = built["mixin"]
    load = LoadRun(LoadRequest(str(path), env={"HFMANAGER_LOAD_TEST_HOOK": "hang"}))

    async def scenario() -> Any:
        final: Any = None
        async for ev in load.events():
            if isinstance(ev, LoadPhase) and ev.phase == "loading_weights":
                load.cancel()
            final = ev
        return final

    final = asyncio.run(scenario())  # the worker hangs for ever: only the cancel ends it
    assert isinstance(final, LoadFailed)
    assert final.kind == "cancelled"
    assert load.returncode is not None  # reaped
    assert load.pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(load.pid, 0)


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS semantics are Linux-specific")
def test_host_oom_under_memory_limit(built: dict[str, tuple[Path, int]]) -> None:
    path, _ = built["mixin"]
    req = LoadRequest(str(path), env={"HFMANAGER_LOAD_TEST_HOOK": "alloc:8000000000"},
                      memory_limit_bytes=3 * 1024**3)
    final, _ = run(req)
    assert isinstance(final, LoadFailed)
    assert final.kind in ("host_oom", "killed")
    assert "memory" in final.message


def test_missing_torch_in_chosen_python_is_explained(tmp_path: Path,
                                                     built: dict[str, tuple[Path, int]]
                                                     ) -> None:
    # A real interpreter that cannot see site-packages: -S via a wrapper script.
    wrapper = tmp_path / "python-bare"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S -I "$@"\n')
    wrapper.chmod(0o755)
    path, _ = built["bert"]
    final, _ = run(LoadRequest(str(path), python=str(wrapper)))
    assert isinstance(final, LoadFailed)
    assert final.kind == "missing_dependency"
    assert "torch is not installed" in final.message
    bad, _ = run(LoadRequest(str(path), python=str(tmp_path / "nope")))
    assert isinstance(bad, LoadFailed)
    assert bad.kind == "bad_python"


@pytest.mark.parametrize("pip", [True, False])
def test_a_venv_without_torch_says_how_to_get_it(tmp_path: Path, pip: bool,
                                                 built: dict[str, tuple[Path, int]]) -> None:
    """The report read "No module named 'torch'" after its headline: now it says torch is
    missing from that Python, names it and gives the CPU wheel command (a message code,
    so the window words it in its language); the same in the CLI's text and JSON. A venv
    made without pip cannot run that command: then it says ``-m ensurepip`` first."""
    import json
    import subprocess
    import sysconfig
    import venv

    venv.EnvBuilder(with_pip=False).create(tmp_path / "venv")  # a real venv: no torch
    python = tmp_path / "venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if pip:  # a module named pip is what the worker looks for (a real install is slow)
        purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                                  "print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        assert purelib != sysconfig.get_paths()["purelib"]  # the venv's, not ours
        (Path(purelib) / "pip").mkdir(parents=True)
        (Path(purelib) / "pip" / "__init__.py").write_text("")
    path, _ = built["bert"]
    final, _ = run(LoadRequest(str(path), python=str(python)))
    assert isinstance(final, LoadFailed)
    assert final.kind == "missing_dependency"
    assert final.msg is not None
    assert final.msg.code == ("load.no_torch" if pip else "load.no_torch_no_pip")
    assert (f"{python} -m ensurepip --upgrade" in final.message) is not pip
    assert dict(final.msg.params)["python"] == str(python)
    cpu_wheel = "-m pip install torch --index-url https://download.pytorch.org/whl/cpu"
    assert cpu_wheel in final.message
    assert "No module named" not in final.message
    cli = subprocess.run([sys.executable, "-m", "hfmanager", "load", str(path), "--python",
                          str(python), "--json"], capture_output=True, text=True, timeout=300)
    assert cli.returncode == 1, cli.stderr
    error = json.loads(cli.stdout)["error"]
    assert error["kind"] == "missing_dependency"
    assert error["message"] == final.message
    text = subprocess.run([sys.executable, "-m", "hfmanager", "load", str(path), "--python",
                           str(python)], capture_output=True, text=True, timeout=300)
    assert f"error: {final.message}" in text.stderr


def test_the_history_records_the_python_the_worker_ran_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        built: dict[str, tuple[Path, int]]) -> None:
    """A frozen build recorded ``sys.executable`` (the hfmanager binary itself) as the
    Python of a load: record the interpreter the worker ran in (chosen, or PATH's)."""
    import venv

    from hfmanager.cli import main
    from hfmanager.core.loadtest.history import LoadHistory
    from hfmanager.core.localstate import open_store

    venv.EnvBuilder(with_pip=False).create(tmp_path / "venv")  # no torch: fails at once
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python3 = bin_dir / "python3"  # the frozen build's worker Python: PATH's python3
    python3.write_text(f'#!/bin/sh\nexec "{tmp_path / "venv" / "bin" / "python"}" "$@"\n')
    python3.chmod(0o755)
    chosen = tmp_path / "venv" / "bin" / "python"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("HFMANAGER_DATA_DIR", str(tmp_path / "data"))
    path, _ = built["bert"]
    assert main(["load", str(path), "--python", str(chosen)]) == 1
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert main(["load", str(path)]) == 1
    store = open_store()
    try:
        recorded = [e.python for e in LoadHistory(store).entries()]
    finally:
        store.close()
    assert recorded == [str(python3), str(chosen)]  # newest first
    assert sys.executable not in recorded
