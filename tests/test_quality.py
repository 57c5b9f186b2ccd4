"""Project rules that CI enforces: lint, strict types on core, layering, README truth."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "hfmanager"


def test_house_rules_are_ci_steps() -> None:
    """ruff, mypy and the import contracts (the layering rules, declared in pyproject.toml)
    run as their own steps of .ci/run, before the tests: each fails the run."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    steps = [ln.strip() for ln in ci if ln.strip() and not ln.lstrip().startswith(("#", "echo"))]
    tests_at = next(i for i, ln in enumerate(steps) if "pytest" in ln)
    for tool in ("ruff check", "mypy", "lint-imports"):
        at = next(i for i, ln in enumerate(steps) if tool in ln)
        assert at < tests_at, tool
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for rule in ("Qt only in ui/", "torch only in workers/", "huggingface_hub only in",
                 "No import cycles"):
        assert rule in pyproject


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_cmd = [ln for ln in ci.splitlines() if "pytest" in ln and not ln.startswith("#")]
    assert len(ci_cmd) == 1
    assert ci_cmd[0].strip() in readme
