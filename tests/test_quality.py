"""Project rules that CI enforces: lint, strict types on core, layering, README truth."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "hfmanager"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", ["core", "workers"])
def test_core_and_workers_never_import_qt(layer: str) -> None:
    bad = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & {"PySide6", "shiboken6", "qasync"})
        for p in (PKG / layer).rglob("*.py")
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_torch_only_in_load_worker() -> None:
    allowed = {PKG / "workers" / "load.py"}
    offenders = [
        str(p.relative_to(ROOT)) for p in PKG.rglob("*.py")
        if p not in allowed and "torch" in _imports(p)
    ]
    assert offenders == []


def test_core_never_imports_ui() -> None:
    offenders = []
    for p in (PKG / "core").rglob("*.py"):
        src = p.read_text(encoding="utf-8")
        if re.search(r"^\s*(from|import)\s+hfmanager\.(ui|app)\b", src, re.M):
            offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []


def test_huggingface_hub_only_in_adapter() -> None:
    allowed = {PKG / "core" / "hub.py"}
    offenders = [
        str(p.relative_to(ROOT)) for p in PKG.rglob("*.py")
        if p not in allowed and "huggingface_hub" in _imports(p)
    ]
    assert offenders == []


def test_ruff_clean() -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    res = subprocess.run([ruff, "check", "hfmanager", "tests"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy_strict_core() -> None:
    res = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_cmd = [ln for ln in ci.splitlines() if "pytest" in ln and not ln.startswith("#")]
    assert len(ci_cmd) == 1
    assert ci_cmd[0].strip() in readme
