"""Python processes of the tests' own: run a snippet in a child, as the app or CLI would
start, and read the JSON object it prints last (the real start, what a fresh interpreter
imports); and compile hfmanager's bytecode once before the suite or a benchmark starts
children."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def run_snippet(code: str, *args: str, offscreen: bool = True) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    shown: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return shown


def compile_sources() -> None:
    """Write hfmanager's bytecode once, as an installed package has it: where
    PYTHONDONTWRITEBYTECODE is set (sandboxes, CI images) every test child and every
    benchmarked start would compile each module it imports again. Python still reads
    bytecode that exists."""
    import compileall

    compileall.compile_dir(str(ROOT / "hfmanager"), quiet=1)
