"""The PyInstaller build (packaging/), built and run as a user would run it.

Marked ``packaging`` and left out of the plain ``pytest`` run (building takes minutes):
.ci/run runs it as a step of its own, ``pytest -m packaging`` on this file. It builds the
app with packaging/build.py, or takes a build from ``HFMANAGER_FROZEN_APP`` (the program's
path), and runs it offscreen with no source tree in reach (another folder, no PYTHONPATH).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import huggingface_hub
import pytest

from tests.fakehub.server import FakeHub

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(1800)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("HFMANAGER_FROZEN_APP")
    if given:
        assert Path(given).is_file(), f"HFMANAGER_FROZEN_APP={given} is not a file"
        return Path(given)
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("CI"):
            pytest.fail('PyInstaller is missing: pip install -e ".[package]"')
        pytest.skip('PyInstaller is not installed (pip install -e ".[package]")')
    base = tmp_path_factory.mktemp("build")
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"),
                           "--dist", str(base / "dist"), "--work", str(base / "work")],
                          capture_output=True, text=True, timeout=1700)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return Path(done.stdout.strip().splitlines()[-1])


def _env(base: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(QT_QPA_PLATFORM="offscreen", HF_HUB_OFFLINE="1", **extra)
    return env


def _run(app: Path, args: list[str], base: Path, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(app), *args], env=_env(base, **extra), cwd=base,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture
def cache(isolated_env: Path, fake_hub: FakeHub) -> Path:
    """Two repos downloaded by huggingface_hub from the fake Hub; one LFS blob of the
    second is then damaged (same size, other bytes)."""
    hub_dir = isolated_env / "hf" / "hub"
    fake_hub.add_repo("org/good", {"config.json": b'{"model_type": "bert"}',
                                   "model.safetensors": bytes(range(256)) * 40})
    fake_hub.add_repo("org/bad", {"config.json": b'{"model_type": "gpt2"}',
                                  "pytorch_model.bin": b"\x01" * 9000})
    for repo in ("org/good", "org/bad"):
        huggingface_hub.snapshot_download(repo, cache_dir=hub_dir, endpoint=fake_hub.url)
    bad = hub_dir / "models--org--bad" / "snapshots"
    blob = next(bad.rglob("pytorch_model.bin")).resolve()
    blob.chmod(0o644)
    blob.write_bytes(b"\x02" * 9000)
    return hub_dir


def test_the_build_carries_no_torch_and_ships_the_worker(frozen_app: Path) -> None:
    folder = frozen_app.parent
    names = {p.name for p in folder.rglob("*")}
    assert not names & {"torch", "transformers", "safetensors"}
    workers = {p.name for p in folder.rglob("workers/*.py")}
    assert {"load.py", "hfm_load_loaders.py", "hfm_load_snapshot.py"} <= workers


def test_the_build_opens_scans_verifies_and_exits_cleanly(frozen_app: Path, cache: Path,
                                                          isolated_env: Path) -> None:
    report_path = isolated_env / "report.json"
    done = _run(frozen_app, ["--self-test", str(report_path)], isolated_env)
    assert done.returncode == 0, done.stderr[-4000:]
    assert "Traceback" not in done.stderr, done.stderr[-4000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    # The frozen program ran its children as `<program> --child scan|verify`.
    assert report["frozen"] is True
    assert report["executable"] == str(frozen_app)
    assert report["window"]["visible"] is True
    theirs = huggingface_hub.scan_cache_dir(cache)
    assert sorted(r["repo_id"] for r in report["scan"]["repos"]) == \
        sorted(r.repo_id for r in theirs.repos)
    statuses = {Path(r["path"]).resolve(): r["status"] for r in report["verify"]["results"]}
    blobs = {f.blob_path.resolve(): f.file_name for r in theirs.repos for rev in r.revisions
             for f in rev.files}
    assert set(statuses) == set(blobs)  # every file of every repo was hashed
    bad_blob = next(p for p, name in blobs.items() if name == "pytorch_model.bin")
    assert statuses.pop(bad_blob) == "corrupt"
    assert set(statuses.values()) == {"ok"}


def test_the_build_cli_scan_agrees_with_huggingface_hub(frozen_app: Path, cache: Path,
                                                        isolated_env: Path) -> None:
    done = _run(frozen_app, ["scan", "--json", "--no-index"], isolated_env)
    assert done.returncode == 0, done.stderr[-4000:]
    ours = json.loads(done.stdout)
    theirs = huggingface_hub.scan_cache_dir(cache)
    assert ours["size_on_disk"] == theirs.size_on_disk
    assert sorted(r["repo_id"] for r in ours["repos"]) == sorted(r.repo_id for r in theirs.repos)


def test_the_build_loads_a_model_in_the_users_python(frozen_app: Path,
                                                     isolated_env: Path) -> None:
    """The load worker, shipped as files, runs in the Python the user names."""
    from tests.models import build_bert, into_hub_cache

    src = isolated_env / "src"
    params = build_bert(src)
    into_hub_cache(src, isolated_env / "hf" / "hub", "org/tiny-bert")
    done = _run(frozen_app, ["load", "org/tiny-bert", "--device", "cpu", "--json",
                             "--python", sys.executable], isolated_env)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    out = json.loads(done.stdout)
    assert "error" not in out
    assert out["result"]["params_total"] == params


def test_install_desktop_from_the_build_points_at_the_build(frozen_app: Path,
                                                            isolated_env: Path) -> None:
    share = isolated_env / "share"
    done = _run(frozen_app, ["install-desktop"], isolated_env, XDG_DATA_HOME=str(share))
    assert done.returncode == 0, done.stderr[-4000:]
    entry = (share / "applications" / "hfmanager.desktop").read_text(encoding="utf-8")
    exec_line = next(ln for ln in entry.splitlines() if ln.startswith("Exec="))
    assert shlex.split(exec_line.removeprefix("Exec=")) == [str(frozen_app)]
    svg = share / "icons" / "hicolor" / "scalable" / "apps" / "hfmanager.svg"
    assert svg.read_bytes() == (ROOT / "resources" / "icons" / "hfmanager.svg").read_bytes()
