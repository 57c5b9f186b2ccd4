"""`hfmanager verify --all` as a real process on a cache whose two repos share one
corrupt Xet-store payload. Split out of ``tests/unit/test_verify_shared.py``: it starts a
process, so it lives with the integration tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.verifycases import flip_byte, shared_cache

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_cli_verify_all_lists_both_repos_and_exits_1(tmp_path: Path) -> None:
    hub, payload, links = shared_cache(tmp_path)
    flip_byte(payload)
    cmd = [sys.executable, "-m", "hfmanager", "verify", "--all", "--cache-dir", str(hub.root)]
    text = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_ROOT,
                          env=os.environ.copy(), timeout=120, check=False)
    assert text.returncode == 1, text.stderr
    assert "CORRUPT org/a" in text.stdout
    assert "CORRUPT org/b" in text.stdout
    assert f"shared:   {payload} (used by org/a, org/b)" in text.stdout
    out = subprocess.run([*cmd, "--json", "--no-cache"], capture_output=True, text=True,
                         cwd=REPO_ROOT, env=os.environ.copy(), timeout=120, check=False)
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    bad = [r for r in doc["results"] if r["status"] == "corrupt"]
    assert sorted(r["path"] for r in bad) == sorted(map(str, links))
    assert {r["payload"] for r in bad} == {str(payload)}
    assert doc["corrupt_payloads"] == {str(payload): ["org/a", "org/b"]}
    assert doc["files_hashed"] == 3
    assert doc["counts"]["corrupt"] == 2
