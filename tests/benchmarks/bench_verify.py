"""Verification throughput against `sha256sum` on the same files, in the same run.

    python tests/benchmarks/bench_verify.py [--files 8] [--mib 32] [--workers N]

Files are blobs named by their sha256 in a throw-away hub cache. Everything is read once
first so both sides hash from the page cache (this measures hashing + read overhead,
not the disk). Fair pairs: one hfmanager thread vs one `sha256sum` process over all
files, and N threads vs `xargs -P N sha256sum` (one file each). The anchor is
`sha256sum` in each pair; the ratio is our MB/s over its MB/s (target >= 0.8). An extra
row compares one thread with `openssl dgst -sha256` when openssl is installed (coreutils'
sha256sum may lack the SHA-NI code path that OpenSSL, and so hashlib, use).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hfmanager.core.verify import VerifyStatus, targets_for_repo, verify


def make_files(root: Path, n: int, mib: int) -> Path:
    repo = root / "models--bench--verify"
    (repo / "blobs").mkdir(parents=True)
    (repo / "snapshots").mkdir()
    block = os.urandom(1024 * 1024)
    for i in range(n):
        h = hashlib.sha256()
        tmp = repo / "blobs" / f"tmp{i}"
        with open(tmp, "wb") as f:
            for j in range(mib):
                chunk = bytes([i % 256, j % 256]) + block[2:]
                h.update(chunk)
                f.write(chunk)
        tmp.rename(repo / "blobs" / h.hexdigest())
    return repo


def best_of(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--files", type=int, default=8)
    ap.add_argument("--mib", type=int, default=32)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if shutil.which("sha256sum") is None:
        print("sha256sum not found")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    try:
        repo = make_files(tmp, args.files, args.mib)
        files = sorted(str(p) for p in (repo / "blobs").iterdir())
        total_mb = args.files * args.mib * 1024 * 1024 / 1e6
        targets = targets_for_repo(str(repo))
        for f in files:  # warm the page cache for both sides
            with open(f, "rb") as fh:
                while fh.read(8 << 20):
                    pass

        def ours(workers: int) -> None:
            rep = verify(targets, workers=workers)
            assert all(r.status is VerifyStatus.OK for r in rep.results)

        def theirs_serial() -> None:
            subprocess.run(["sha256sum", *files], check=True, stdout=subprocess.DEVNULL)

        def theirs_parallel() -> None:
            subprocess.run(["xargs", "-0", "-n1", "-P", str(args.workers), "sha256sum"],
                           input="\0".join(files).encode(), check=True,
                           stdout=subprocess.DEVNULL)

        def openssl_serial() -> None:
            subprocess.run(["openssl", "dgst", "-sha256", *files], check=True,
                           stdout=subprocess.DEVNULL)

        t_one = best_of(args.runs, lambda: ours(1))
        rows = [("1 stream", best_of(args.runs, theirs_serial), t_one)]
        if shutil.which("openssl"):  # a stronger anchor: OpenSSL's SHA-256 (SHA-NI aware)
            rows.append(("1 vs openssl", best_of(args.runs, openssl_serial), t_one))
        rows += [
            (f"{args.workers} parallel", best_of(args.runs, theirs_parallel),
             best_of(args.runs, lambda: ours(args.workers))),
        ]
        print(f"{args.files} files x {args.mib} MiB = {total_mb:,.0f} MB, page cache warm, "
              f"{os.cpu_count()} CPUs, best of {args.runs}")
        print(f"{'mode':<14} {'anchor MB/s':>15} {'hfmanager MB/s':>15} {'ratio':>7}")
        for mode, t_anchor, t_ours in rows:
            a, o = total_mb / t_anchor, total_mb / t_ours
            print(f"{mode:<14} {a:>15,.0f} {o:>15,.0f} {o / a:>7.2f}")
    finally:
        shutil.rmtree(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
