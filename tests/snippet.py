"""Run a Python snippet in a child process, as the app or CLI would start, and read the
JSON object it prints last (tests that need a process of their own: the real start,
what a fresh interpreter imports)."""

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
