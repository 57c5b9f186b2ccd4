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


def _readme_command(heading: str) -> str:
    """The one command in the README's code block under ``heading``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(f"## {heading}\n", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    lines = [ln for ln in block.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_readme_test_command_is_what_ci_runs() -> None:
    """CI runs the README's test command verbatim, as a line of its own, after the house
    rules; the packaged app is built and run in a step of its own after it."""
    command = _readme_command("Set up and run the tests")
    ci = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert ci.count(command) == 1
    packaging = next(i for i, ln in enumerate(ci) if "pytest -m packaging" in ln)
    assert packaging > ci.index(command)


def test_readme_commands_work_where_system_pip_refuses() -> None:
    """Debian 12 / Ubuntu 24.04 refuse pip outside a venv (PEP 668): each command makes
    the venv and uses its Python; the app's own command installs no torch."""
    app = _readme_command("Set up and run the app")
    tests = _readme_command("Set up and run the tests")
    for command in (app, tests):
        steps = [s.strip() for s in command.split("&&")]
        assert steps[0] == "python3 -m venv .venv"
        assert all(s.startswith(".venv/bin/") for s in steps[1:]), steps
    assert "torch" not in app
    assert "torch==2.13.0" in tests


def _sizes() -> tuple[list[str], list[str]]:
    """Modules over 400 lines and functions over 50 lines in the app and packaging."""
    import ast

    long_files, long_functions = [], []
    for path in sorted([*PKG.rglob("*.py"), *(ROOT / "packaging").rglob("*.py")]):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if text.count("\n") > 400:
            long_files.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 50:
                    long_functions.append(f"{name}: {node.name} ({length} lines)")
    return long_files, long_functions


def test_files_and_functions_stay_small_enough_to_read() -> None:
    """A newcomer reads a module in one sitting and a function on one screen: files stay
    under 400 lines and functions under 50 (split along a seam, not by cutting)."""
    long_files, long_functions = _sizes()
    assert long_files == []
    assert long_functions == []
