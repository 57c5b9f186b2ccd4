"""Benchmark: hfmanager's scanner against huggingface_hub.scan_cache_dir, in the same run.

    python tests/benchmarks/bench_scan.py                  # 2,000 repos / 100,000 files
    python tests/benchmarks/bench_scan.py --repos 200 --files 10000
    python tests/benchmarks/bench_scan.py --cache /tmp/big  # build once, reuse later

Prints a table of seconds and speed-up over the anchor (scan_cache_dir), and checks that
both scanners find the same repos with the same sizes. Targets: full scan >= 5x,
unchanged rescan >= 100x (in-process Scanner and a fresh process reading the index).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from huggingface_hub import scan_cache_dir  # noqa: E402

from hfmanager.core.inventory import Scanner, scan  # noqa: E402
from hfmanager.core.inventory.parallel import fork_usable, process_count  # noqa: E402
from hfmanager.core.paths import CacheRoot, RootKind  # noqa: E402
from tests.cachebuilder import add_synthetic_cache_args, synthetic_cache_once  # noqa: E402

FRESH_PROCESS = """
import sys, time, json
from pathlib import Path
t0 = time.perf_counter()
from hfmanager.core.inventory import Scanner
from hfmanager.core.paths import CacheRoot, RootKind
t1, c1 = time.perf_counter(), time.process_time()
inv = Scanner(Path(sys.argv[2])).scan([CacheRoot(Path(sys.argv[1]), RootKind.HF, "user")])
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"import_s": t1 - t0, "scan_s": t2 - t1, "cpu_s": c2 - c1,
                  "repos": len(inv.repos)}))
"""


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process and its helpers)


def cpu_time() -> float:
    """CPU seconds of this process plus its reaped children (the forked scan helpers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def best_of(n: int, fn: Callable[[], object]) -> tuple[Timing, object]:
    """Best wall and best CPU time of n runs (the machine may be shared: CPU is steadier)."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(n):
        t, c = time.perf_counter(), cpu_time()
        result = fn()
        wall, cpu = min(wall, time.perf_counter() - t), min(cpu, cpu_time() - c)
    return (wall, cpu), result


def scan_reading_files(roots: list[CacheRoot]) -> object:
    """A one-shot full scan, then every file object built (they decode on first use)."""
    inv = scan(roots)
    sum(len(r.files) for repo in inv.repos for r in repo.revisions)  # type: ignore[attr-defined]
    return inv


def fresh_process(cache: Path, index: Path) -> tuple[Timing, float]:
    """((wall, CPU) of scan() inside a new process, wall incl. interpreter start + imports)."""
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", FRESH_PROCESS, str(cache), str(index)],
                         check=True, capture_output=True, text=True, cwd=REPO_ROOT)
    wall = time.perf_counter() - t
    d = json.loads(out.stdout)
    return (d["scan_s"], d["cpu_s"]), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_synthetic_cache_args(parser)
    parser.add_argument("--runs", type=int, default=2, help="best of N for each figure")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-scan-")
    cache = args.cache or Path(tmp.name) / "hub"
    synthetic_cache_once(cache, args.repos, args.files, args.shared)
    roots = [CacheRoot(cache, RootKind.HF, "user")]
    index = Path(tmp.name) / "index.sqlite3"

    scan_cache_dir(cache)  # warm the OS caches: the first walk would pay for disk reads
    anchor, hub = best_of(args.runs, lambda: scan_cache_dir(cache))
    full, inv = best_of(args.runs, lambda: scan(roots))
    one_cpu, _ = best_of(args.runs, lambda: scan(roots, processes=1))
    read_all, _ = best_of(args.runs, lambda: scan_reading_files(roots))
    fresh_index = iter(range(1_000))

    def full_indexed() -> object:  # each run a full scan that writes a new index
        path = Path(tmp.name) / f"index-{next(fresh_index)}.sqlite3"
        return Scanner(path).scan(roots)

    first_indexed, _ = best_of(args.runs, full_indexed)
    scanner = Scanner(index)
    scanner.scan(roots)  # the index the rescans below reuse
    rescan, _ = best_of(max(3, args.runs), lambda: scanner.scan(roots))
    fresh_runs = [fresh_process(cache, index) for _ in range(max(3, args.runs))]
    fresh = (min(r[0][0] for r in fresh_runs), min(r[0][1] for r in fresh_runs))
    started = min(r[1] for r in fresh_runs)

    n_repos = len(inv.repos)  # type: ignore[attr-defined]
    procs = process_count(n_repos) if fork_usable() else 1
    rows = [
        ("huggingface_hub.scan_cache_dir (anchor)", anchor),
        (f"hfmanager scan, full, no index ({procs} processes)", full),
        ("  same, 1 process", one_cpu),
        ("  same, then every file object built", read_all),
        ("hfmanager scan, full, writing the index", first_indexed),
        ("rescan unchanged, same process (Scanner)", rescan),
        ("rescan unchanged, fresh process, scan() only", fresh),
        ("rescan unchanged, fresh process, incl. start", (started, float("nan"))),
    ]
    nfiles = sum(len(r.files) for repo in inv.repos for r in repo.revisions)  # type: ignore[attr-defined]
    print(f"\ncache: {len(inv.repos)} repos, {nfiles} snapshot files")  # type: ignore[attr-defined]
    print("CPU s: this process and its scan helpers, summed")
    print(f"{'measure':46} {'wall s':>8} {'speed-up':>8} {'CPU s':>8} {'speed-up':>8}")
    for name, (wall, cpu) in rows:
        print(f"{name:46} {wall:8.4f} {anchor[0] / wall:7.1f}x {cpu:8.4f} "
              f"{anchor[1] / cpu:7.1f}x")

    theirs = {(r.repo_type, r.repo_id): r.size_on_disk for r in hub.repos}  # type: ignore[attr-defined]
    ours = {(r.repo_type.value, r.repo_id): r.size_on_disk for r in inv.repos}  # type: ignore[attr-defined]
    same = theirs == ours
    total_same = hub.size_on_disk == inv.size_on_disk  # type: ignore[attr-defined]
    print(f"\nparity: {len(theirs)} vs {len(ours)} repos; every repo's size identical: {same}")
    print(f"shared store: {len(inv.payloads)} payloads, {len(inv.orphans)} orphans; "  # type: ignore[attr-defined]
          f"cache total {inv.size_on_disk} vs {hub.size_on_disk}: "  # type: ignore[attr-defined]
          f"{'identical' if total_same else 'DIFFERENT'}")
    return 0 if same and total_same else 1


if __name__ == "__main__":
    sys.exit(main())
