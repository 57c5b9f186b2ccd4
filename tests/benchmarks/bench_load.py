"""Benchmark: our test load vs a plain ``AutoModel.from_pretrained`` in a fresh process.

Builds a ~500 MB float32 GPT-2-like safetensors model (once, kept in the build folder),
then alternates the cases in fresh processes and prints medians and the ratio against
the plain load measured in the same run (target: our load <= 1.15x). The smoke pass's
overhead: our load with ``--run 8`` against our load alone, and against a plain
``AutoModelForCausalLM.from_pretrained`` + the same generation (8 new tokens after 8
input ids) in a fresh process. Also times the estimate over 100 shards (target: under a
second).

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
from hfmanager.core.loadtest.runner import (  # noqa: E402
    LoadOptions,
    LoadRequest,
    LoadResult,
    run_to_end,
)

PLAIN = (
    "import sys, time, os\n"
    "os.environ['HF_HUB_OFFLINE'] = '1'\n"
    "from transformers import AutoModel\n"
    "m = AutoModel.from_pretrained(sys.argv[1])\n"
    "print(sum(p.numel() for p in m.parameters()))\n"
)


PLAIN_RUN = (
    "import sys, os\n"
    "os.environ['HF_HUB_OFFLINE'] = '1'\n"
    "import torch\n"
    "from transformers import AutoModelForCausalLM\n"
    "m = AutoModelForCausalLM.from_pretrained(sys.argv[1])\n"
    "ids = torch.randint(0, m.config.vocab_size, (1, 8), generator=torch.Generator()"
    ".manual_seed(0))\n"
    "with torch.inference_mode():\n"
    "    out = m.generate(input_ids=ids, attention_mask=torch.ones_like(ids), do_sample=False,"
    " max_new_tokens=8, min_new_tokens=8, pad_token_id=0)\n"
    "print(out.shape)\n"
)
RUN_TOKENS = 8


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


def time_plain(path: Path, code: str = PLAIN) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, capture_output=True)
    return time.perf_counter() - t


def time_ours(path: Path, run_tokens: int = 0) -> tuple[float, float, float]:
    """(wall seconds, load_seconds inside the worker, smoke pass seconds)."""
    t = time.perf_counter()
    final = asyncio.run(run_to_end(LoadRequest(str(path),
                                               options=LoadOptions(run_tokens=run_tokens))))
    wall = time.perf_counter() - t
    if not isinstance(final, LoadResult):
        raise SystemExit(f"our load failed: {final}")
    smoke = final.data.get("smoke") or {}
    if run_tokens and ("error" in smoke or "skipped" in smoke):
        raise SystemExit(f"the smoke pass did not run: {smoke}")
    return wall, float(final.data["load_seconds"]), float(smoke.get("seconds") or 0.0)


def measure(model: Path, rounds: int) -> dict[str, list[float]]:
    """Every case ``rounds`` times, alternated so drift hits all alike."""
    times: dict[str, list[float]] = {k: [] for k in (
        "plain", "ours", "inner", "plain_run", "ours_run", "smoke")}
    for _ in range(rounds):
        times["plain"].append(time_plain(model))
        wall, load_s, _ = time_ours(model)
        times["ours"].append(wall)
        times["inner"].append(load_s)
        times["plain_run"].append(time_plain(model, PLAIN_RUN))
        wall, _, smoke_s = time_ours(model, RUN_TOKENS)
        times["ours_run"].append(wall)
        times["smoke"].append(smoke_s)
    return times


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
    times = measure(model, args.rounds)
    med = {k: statistics.median(v) for k, v in times.items()}
    shards = build_shards(folder)
    t = time.perf_counter()
    for _ in range(10):
        e100 = est.estimate(shards)
    per = (time.perf_counter() - t) / 10
    anchor = med["plain"]
    rows = [("plain AutoModel.from_pretrained (fresh process)", anchor),
            ("hfmanager test load (child process, measured)", med["ours"]),
            ("  of which load_seconds inside the worker", med["inner"]),
            (f"plain from_pretrained + generate {RUN_TOKENS} (fresh process)",
             med["plain_run"]),
            (f"hfmanager test load + --run {RUN_TOKENS}", med["ours_run"]),
            ("  of which the smoke pass inside the worker", med["smoke"]),
            (f"estimate, {len(e100.files)} shards ({e100.params:,} params)", per)]
    print(f"{'case':<55} {'median s':>9} {'ratio':>7}")
    for name, value in rows:
        print(f"{name:<55} {value:>9.3f} {value / anchor:>6.2f}x")
    ours_ratio = med["ours"] / anchor
    print(f"our load / plain from_pretrained: {ours_ratio:.2f}x (target <= 1.15x: "
          f"{'within' if ours_ratio <= 1.15 else 'OVER'})")
    print(f"smoke pass overhead: load + --run {RUN_TOKENS} / load only: "
          f"{med['ours_run'] / med['ours']:.2f}x (+{med['ours_run'] - med['ours']:.2f} s); "
          f"/ plain from_pretrained + generate: {med['ours_run'] / med['plain_run']:.2f}x")
    print(f"rounds: {args.rounds}; " + "; ".join(
        f"{k}: {[round(x, 2) for x in v]}" for k, v in times.items()))


if __name__ == "__main__":
    main()
