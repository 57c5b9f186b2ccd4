"""Benchmark: our test load vs a plain ``AutoModel.from_pretrained`` in a fresh process.

Builds a ~500 MB float32 GPT-2-like safetensors model (once, kept in the build folder),
then alternates the two in fresh processes and prints medians and the ratio (target:
<= 1.15x). Also times the estimate over 100 shards (target: under a second).

    python tests/benchmarks/bench_load.py [--rounds 3] [--dir /tmp/hfm-bench]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hfmanager.core.loadtest import estimate as est  # noqa: E402
from hfmanager.core.loadtest.runner import LoadRequest, LoadResult, run_to_end  # noqa: E402

PLAIN = (
    "import sys, time, os\n"
    "os.environ['HF_HUB_OFFLINE'] = '1'\n"
    "from transformers import AutoModel\n"
    "m = AutoModel.from_pretrained(sys.argv[1])\n"
    "print(sum(p.numel() for p in m.parameters()))\n"
)


def build(folder: Path) -> Path:
    model_dir = folder / "gpt2-500mb"
    if (model_dir / "model.safetensors").exists():
        return model_dir
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    cfg = GPT2Config(n_embd=1024, n_layer=8, n_head=16, vocab_size=32000, n_positions=1024,
                     bos_token_id=0, eos_token_id=0, architectures=["GPT2LMHeadModel"])
    torch.manual_seed(0)
    GPT2LMHeadModel(cfg).save_pretrained(model_dir)
    return model_dir


def build_shards(folder: Path, n: int = 100) -> Path:
    shard_dir = folder / "shards100"
    if (shard_dir / est.SAFETENSORS_INDEX).exists():
        return shard_dir
    import torch
    from safetensors.torch import save_file

    shard_dir.mkdir(parents=True)
    wmap = {}
    for i in range(n):
        name = f"model-{i + 1:05d}-of-{n:05d}.safetensors"
        tensors = {f"layers.{i}.{k}.weight": torch.zeros(8, 8) for k in range(40)}
        save_file(tensors, str(shard_dir / name))
        wmap.update(dict.fromkeys(tensors, name))
    (shard_dir / est.SAFETENSORS_INDEX).write_text(json.dumps({"weight_map": wmap}))
    return shard_dir


def time_plain(path: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", PLAIN, str(path)], check=True, capture_output=True)
    return time.perf_counter() - t


def time_ours(path: Path) -> tuple[float, float]:
    t = time.perf_counter()
    final = asyncio.run(run_to_end(LoadRequest(str(path))))
    wall = time.perf_counter() - t
    if not isinstance(final, LoadResult):
        raise SystemExit(f"our load failed: {final}")
    return wall, float(final.data["load_seconds"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--dir", default="/tmp/hfm-bench")
    args = ap.parse_args()
    folder = Path(args.dir)
    model = build(folder)
    size = sum(f.stat().st_size for f in model.glob("*.safetensors"))
    e = est.estimate(model)
    print(f"model: {model} ({size / 2**20:.0f} MiB, {e.params:,} params)")
    time_plain(model)  # warm the page cache and imports; not counted
    plain, ours, inner = [], [], []
    for _ in range(args.rounds):  # alternate so drift hits both alike
        plain.append(time_plain(model))
        wall, load_s = time_ours(model)
        ours.append(wall)
        inner.append(load_s)
    shards = build_shards(folder)
    t = time.perf_counter()
    for _ in range(10):
        e100 = est.estimate(shards)
    per = (time.perf_counter() - t) / 10
    anchor = statistics.median(plain)
    rows = [("plain AutoModel.from_pretrained (fresh process)", anchor),
            ("hfmanager test load (child process, measured)", statistics.median(ours)),
            ("  of which load_seconds inside the worker", statistics.median(inner)),
            (f"estimate, {len(e100.files)} shards ({e100.params:,} params)", per)]
    print(f"{'case':<55} {'median s':>9} {'ratio':>7}")
    for name, value in rows:
        print(f"{name:<55} {value:>9.3f} {value / anchor:>6.2f}x")
    print(f"rounds: {args.rounds}; plain runs: {[round(x, 2) for x in plain]}; "
          f"ours: {[round(x, 2) for x in ours]}")


if __name__ == "__main__":
    main()
