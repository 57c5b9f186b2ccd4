"""Download throughput against the local fake Hub: our engine vs hf_hub_download, curl -o
and snapshot_download, measured in the same run on the same server. Not a test.

    python tests/benchmarks/bench_download.py [--size-mib 512] [--files 300] [--repeat 3]
                                              [--hub subprocess|inprocess]

Prints a ratio table (higher = faster than the anchor). The fake Hub is a Python
ThreadingHTTPServer, so absolute numbers are bounded by it; the ratios compare clients.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "integration"), str(ROOT)]

import httpx2  # noqa: E402
import huggingface_hub  # noqa: E402
from download_helpers import make_plan, payload  # noqa: E402
from fakehub import FakeHub, Fault  # noqa: E402

from hfmanager.core.downloads.engine import Downloader, EngineConfig  # noqa: E402


def timed(fn: Callable[[Path], None], repeat: int) -> tuple[float, float]:
    """(best, median) of N runs in seconds, each run into a fresh cache folder."""
    runs = []
    for _ in range(repeat):
        d = Path(tempfile.mkdtemp(prefix="hfm-bench-"))
        try:
            t0 = time.perf_counter()
            fn(d)
            runs.append(time.perf_counter() - t0)
        finally:
            shutil.rmtree(d, ignore_errors=True)
    return min(runs), statistics.median(runs)


def _build(hub: FakeHub, args: argparse.Namespace) -> dict[str, str]:
    """The same two repos every time (payload() is deterministic): commits by repo."""
    big = payload(args.size_mib * 1024 * 1024, seed=7)
    many = {f"shard/{i:04d}.bin": payload(args.file_kib * 1024, seed=i) for i in range(args.files)}
    capped = payload(args.capped_mib * 1024 * 1024, seed=8)
    # Each response body limited to --cap-mib-s: a throttled CDN edge, or a distant one.
    hub.faults.set(Fault(rate=args.cap_mib_s * 1024 * 1024), path="capped.safetensors")
    return {"url": hub.url, "big": hub.add_repo("bench/big", {"model.safetensors": big}),
            "many": hub.add_repo("bench/many", many),
            "capped": hub.add_repo("bench/capped", {"capped.safetensors": capped})}


@contextlib.contextmanager
def serve(args: argparse.Namespace) -> Iterator[dict[str, str]]:
    """The fake Hub in this process, or (default) in a child process: a real Hub never
    shares the client's GIL, and in-process its threads slow the Python clients (hf and
    ours) but not curl, which skews the curl ratio."""
    if args.hub == "inprocess":
        with FakeHub() as hub:
            yield _build(hub, args)
        return
    code = ("import sys, json; sys.argv = sys.argv[:1] + sys.argv[2:]; "
            "from bench_download import FakeHub, _build, parse; a = parse(); hub = FakeHub(); "
            "print(json.dumps(_build(hub, a)), flush=True); sys.stdin.read(); hub.close()")
    cmd = [sys.executable, "-c", code, "--", f"--size-mib={args.size_mib}",
           f"--files={args.files}", f"--file-kib={args.file_kib}",
           f"--capped-mib={args.capped_mib}", f"--cap-mib-s={args.cap_mib_s}"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path[:3]))
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          cwd=Path(__file__).parent, env=env) as child:
        assert child.stdout is not None
        assert child.stdin is not None
        try:
            yield json.loads(child.stdout.readline())
        finally:
            child.stdin.close()
            child.wait(30)


def parse() -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mib", type=int, default=512)
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--file-kib", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--capped-mib", type=int, default=96, help="file for the capped case")
    ap.add_argument("--cap-mib-s", type=int, default=32, help="per-connection cap (MiB/s)")
    ap.add_argument("--hub", choices=("subprocess", "inprocess"), default="subprocess")
    return ap.parse_args()


def main() -> int:
    args = parse()
    big = payload(args.size_mib * 1024 * 1024, seed=7)
    many = {f"shard/{i:04d}.bin": payload(args.file_kib * 1024, seed=i) for i in range(args.files)}
    with serve(args) as hub:
        plan_big = make_plan(hub["url"], "bench/big", hub["big"], {"model.safetensors": big})
        plan_many = make_plan(hub["url"], "bench/many", hub["many"], many)
        capped = {"capped.safetensors": payload(args.capped_mib * 1024 * 1024, seed=8)}
        plan_capped = make_plan(hub["url"], "bench/capped", hub["capped"], capped)
        url = f"{hub['url']}/bench/big/resolve/main/model.safetensors"
        sha = hashlib.sha256(big).hexdigest()

        def ours_big(d: Path) -> None:  # defaults: hash thread with >= 2 CPUs
            Downloader(d, EngineConfig(verify_existing=False)).download(plan_big)

        def ours_big_thread(d: Path) -> None:
            Downloader(d, EngineConfig(verify_existing=False, hash_thread=True)).download(
                plan_big)

        def ours_big_inline(d: Path) -> None:
            Downloader(d, EngineConfig(verify_existing=False, hash_thread=False)).download(
                plan_big)

        def hf_big(d: Path) -> None:
            huggingface_hub.hf_hub_download("bench/big", "model.safetensors", cache_dir=d,
                                            endpoint=hub["url"])

        def curl_big(d: Path) -> None:
            subprocess.run(["curl", "-sSfL", "-o", str(d / "out"), url], check=True)

        def httpx_floor(d: Path) -> None:
            """Stream + write with the httpx stack we (and hf) use, no hash: our ceiling."""
            with httpx2.Client(follow_redirects=True) as client, \
                    client.stream("GET", url) as resp, (d / "out").open("wb", buffering=0) as f:
                for piece in resp.iter_raw():
                    f.write(piece)

        def curl_sha_big(d: Path) -> None:  # what a careful user does: download, then hash
            curl_big(d)
            out = subprocess.run(["sha256sum", str(d / "out")], check=True,
                                 capture_output=True, text=True).stdout
            assert out.startswith(sha)

        def ours_many(d: Path) -> None:
            Downloader(d, EngineConfig(verify_existing=False, parallel_files=8)).download(
                plan_many)

        def hf_many(d: Path) -> None:
            huggingface_hub.snapshot_download("bench/many", cache_dir=d, endpoint=hub["url"],
                                              max_workers=8)

        def hf_capped(d: Path) -> None:
            huggingface_hub.hf_hub_download("bench/capped", "capped.safetensors", cache_dir=d,
                                            endpoint=hub["url"])

        def ours_capped(n: int) -> Callable[[Path], None]:
            def run(d: Path) -> None:
                Downloader(d, EngineConfig(verify_existing=False, ranges_per_file=n)).download(
                    plan_capped)
            return run

        rows = []
        mib = args.size_mib
        for name, fn in (("hf_hub_download (anchor)", hf_big), ("curl -o", curl_big),
                         ("curl -o + sha256sum", curl_sha_big),
                         ("httpx read+write, no hash", httpx_floor), ("hfmanager engine", ours_big),
                         ("engine, hash thread forced", ours_big_thread),
                         ("engine, inline hash forced", ours_big_inline)):
            rows.append(("large file", name, *timed(fn, args.repeat), mib))
        capped_case = f"capped {args.cap_mib_s}M/s"
        for name, fn in (("hf_hub_download (anchor)", hf_capped),
                         ("engine, 1 connection", ours_capped(1)),
                         ("engine, 4 connections", ours_capped(4)),
                         ("engine, 8 connections", ours_capped(8))):
            rows.append((capped_case, name, *timed(fn, args.repeat), args.capped_mib))
        many_mib = args.files * args.file_kib / 1024
        for name, fn in (("snapshot_download (anchor)", hf_many),
                         ("hfmanager engine", ours_many)):
            rows.append((f"{args.files} files", name, *timed(fn, args.repeat), many_mib))
    print(f"\nbench_download: large file {mib} MiB; many-file repo {args.files} x "
          f"{args.file_kib} KiB; {args.repeat} runs each; fake Hub on loopback ({args.hub}); "
          f"{os.cpu_count()} CPUs")
    print(f"capped: {args.capped_mib} MiB, each response limited to {args.cap_mib_s} MiB/s")
    print(f"{'case':<12} {'client':<28} {'best s':>7} {'MiB/s':>7} {'vs anchor':>9} "
          f"{'median s':>9} {'vs anchor':>9}")
    anchors: dict[str, tuple[float, float]] = {}
    for case, name, best, med, size in rows:
        a_best, a_med = anchors.setdefault(case, (best, med))
        print(f"{case:<12} {name:<28} {best:7.3f} {size / best:7.1f} {a_best / best:8.2f}x "
              f"{med:9.3f} {a_med / med:8.2f}x")
    curl = next(r for r in rows if r[1] == "curl -o")
    ours = next(r for r in rows if r[0] == "large file" and r[1] == "hfmanager engine")
    print(f"hfmanager vs curl -o: best {curl[2] / ours[2]:.2f}x, median {curl[3] / ours[3]:.2f}x "
          "(target >= 0.90)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
