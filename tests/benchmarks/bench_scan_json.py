"""Benchmark: `hfmanager scan --json` as a whole process, against `hf cache ls --format json`.

    python tests/benchmarks/bench_scan_json.py            # 2,000 repos / 100,000 files
    python tests/benchmarks/bench_scan_json.py --cache /tmp/big --runs 5

What a script sees: the wall time of the command, interpreter start included. Our index
is warm (the first, untimed run writes it), as on a machine where the app or the CLI ran
before. Ours prints the full schema (every revision and file); `hf cache ls` prints one
line per repo (and per revision with --revisions). Target: >= 5x faster.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from tests.cachebuilder import add_synthetic_cache_args, synthetic_cache_once  # noqa: E402


def best(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, int]:
    """(best, median) wall seconds of ``cmd`` and the bytes it printed."""
    times, size = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(cmd, env=env, cwd=REPO_ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
        size = len(out.stdout)
    times.sort()
    return times[0], times[len(times) // 2], size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_synthetic_cache_args(parser)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="bench-scan-json-")
    cache = args.cache or Path(tmp.name) / "hub"
    synthetic_cache_once(cache, args.repos, args.files, args.shared)
    env = dict(os.environ, HFMANAGER_DATA_DIR=str(Path(tmp.name) / "data"),
               HF_HUB_DISABLE_TELEMETRY="1")
    ours = [sys.executable, "-m", "hfmanager", "scan", "--json", "--cache-dir", str(cache)]
    subprocess.run(ours, env=env, cwd=REPO_ROOT, capture_output=True, check=True)  # index
    hf = shutil.which("hf")
    rows = []
    if hf:
        rows.append(("hf cache ls --format json (anchor)",
                     best([hf, "cache", "ls", "--cache-dir", str(cache), "--format", "json"],
                          env, args.runs)))
        rows.append(("hf cache ls --revisions --format json",
                     best([hf, "cache", "ls", "--revisions", "--cache-dir", str(cache),
                           "--format", "json"], env, args.runs)))
    rows.append(("hfmanager scan --json (full schema, warm index)", best(ours, env, args.runs)))
    anchor = rows[0][1][0]
    print(f"\n{'command':50} {'best s':>8} {'median s':>9} {'vs anchor':>9} {'output':>10}")
    for name, (b, med, size) in rows:
        print(f"{name:50} {b:8.3f} {med:9.3f} {anchor / b:8.1f}x {size / 1e6:8.1f} MB")
    ratio = anchor / rows[-1][1][0]
    print(f"\nhfmanager vs hf cache ls: {ratio:.1f}x (target >= 5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
