"""What the app does differently when frozen (PyInstaller sets ``sys.frozen`` and
``sys._MEIPASS``), checked without a build: where resources and the load worker are, which
Python the load runs in, and the library path a foreign child gets. The build itself is
run by test_packaging_frozen.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from hfmanager.core import paths, procs
from hfmanager.core.loadtest import pythons


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bundle = tmp_path / "dist" / "hfmanager" / "_internal"
    bundle.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle.parent / "hfmanager"))
    return bundle


def test_source_tree_paths() -> None:
    root = Path(__file__).resolve().parents[2]
    assert paths.resources_dir() == root / "resources"
    assert paths.load_worker() == root / "hfmanager" / "workers" / "load.py"
    assert paths.load_worker().is_file()
    assert procs.default_python() == sys.executable


def test_frozen_paths_are_in_the_bundle(frozen: Path) -> None:
    assert paths.resources_dir() == frozen / "resources"
    assert paths.load_worker() == frozen / "hfmanager" / "workers" / "load.py"


def test_frozen_build_loads_with_the_python_on_path(frozen: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python3"
    python.symlink_to(shutil.which("python3") or sys.base_prefix + "/bin/python3")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert procs.default_python() == str(python)
    first = pythons.discover(home=tmp_path, cwd=tmp_path)[0]
    assert (first.path, first.source) == (str(python), "PATH")  # never the build itself


@pytest.mark.parametrize(("orig", "seen"), [("/usr/local/lib", "/usr/local/lib"), (None, "")])
def test_a_foreign_child_gets_the_library_path_back(frozen: Path, orig: str | None,
                                                    seen: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", str(frozen))  # what PyInstaller's launcher sets
    if orig is None:
        monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    else:
        monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", orig)
    argv = ["/bin/sh", "-c", 'printf %s "${LD_LIBRARY_PATH-}"']
    _code, out = procs.run_sync(procs.capture(argv, timeout=60))
    assert out.decode() == seen
    # The build's own children keep the build's libraries.
    own = procs.foreign_env([sys.executable, "--child", "scan"], None)
    assert own is None
