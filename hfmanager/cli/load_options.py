"""``hfmanager load``'s loading options (issue 14): flags, their parsing into the runner's
LoadOptions, and the report's placement and smoke-pass lines."""

from __future__ import annotations

import argparse
from typing import Any

from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest.devicemap import parse_device_map
from hfmanager.core.loadtest.runner import LoadOptions
from hfmanager.core.loadtest.workermap import for_worker
from hfmanager.core.text import human_size


def register(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("loading options")
    g.add_argument("--quantize", choices=("none", "8bit", "4bit"), default="none",
                   help="bitsandbytes quantization (needs a CUDA GPU and bitsandbytes); "
                   "a repo that is already quantized loads with its own method")
    g.add_argument("--device-map", metavar="MAP",
                   help="cpu | cuda:1 | auto | cuda:0,cuda:1 | cuda:0=10GiB,cpu=32GiB "
                   "(several devices and CPU offload need accelerate)")
    g.add_argument("--attn", choices=("eager", "sdpa", "flash_attention_2"),
                   help="attention implementation (flash_attention_2: CUDA and flash_attn)")
    g.add_argument("--low-cpu-mem-usage", action="store_true",
                   help="pass low_cpu_mem_usage=True to from_pretrained")
    g.add_argument("--run", type=int, default=0, metavar="N",
                   help="after loading, a smoke forward pass on N tokens (causal LMs "
                   "also generate a few tokens)")
    g.add_argument("--class", dest="model_class", metavar="MODULE:NAME",
                   help="load through this class's from_pretrained (e.g. a "
                   "PyTorchModelHubMixin class from your package, imported by --python)")


def from_args(args: argparse.Namespace, devices: list[dev.Device]
              ) -> tuple[LoadOptions, tuple[str, dict[str, str]] | None]:
    """(the options, (worker device, environment) when a device map decides them).
    Raises ValueError (DeviceMapError) for a map that cannot be understood or used."""
    dmap: dict[str, Any] | None = None
    placed: tuple[str, dict[str, str]] | None = None
    if args.device_map:
        dmap, env, first = for_worker(parse_device_map(args.device_map), devices)
        placed = (first, env)
    if args.run < 0:
        raise ValueError("--run wants a number of tokens, 0 or more")
    return LoadOptions(quantize=args.quantize, device_map=dmap, attn=args.attn,
                       low_cpu_mem_usage=args.low_cpu_mem_usage, run_tokens=args.run,
                       model_class=args.model_class), placed


def _size(n: Any) -> str:
    return human_size(n) if isinstance(n, int) else "?"


def print_result(r: dict[str, Any]) -> None:
    """Placement, quantization, attention and the smoke pass of a worker result."""
    place = r.get("placement") or {}
    by_device = ", ".join(f"{d} {_size(b)}" for d, b in (place.get("bytes_by_device")
                                                         or {}).items())
    if by_device:
        print(f"Placed    {by_device}")
    dmap = place.get("device_map") or {}
    if len(dmap) > 1:
        shown = ", ".join(f"{k or '(all)'}: {v}" for k, v in list(dmap.items())[:12])
        print(f"Map       {shown}" + (" ..." if len(dmap) > 12 else ""))
    quant = r.get("quantization")
    if quant:
        print(f"Quantized {quant.get('method')} ({quant.get('source')})")
    if r.get("attn_implementation"):
        print(f"Attention {r['attn_implementation']}")
    smoke = r.get("smoke")
    if not smoke:
        return
    if smoke.get("skipped") or smoke.get("error"):
        print(f"Run       not run: {smoke.get('skipped') or smoke.get('error')}")
        return
    what = ("generated " + str(smoke.get("new_tokens")) + " tokens"
            if smoke.get("kind") == "generate" else str(smoke.get("kind")))
    print(f"Run       {what} from {smoke.get('input_tokens')} input tokens "
          f"({smoke.get('input')}): output {smoke.get('output_shape')} in "
          f"{smoke.get('seconds', 0):.3f} s, {smoke.get('tokens_per_second')} tokens/s")
    if smoke.get("text") is not None:
        print(f"          text: {smoke['text']!r}")
    peak = f"peak host RSS {_size(smoke.get('peak_host_rss'))}"
    peak += " (during the pass)" if smoke.get("peak_host_scope") == "pass" else " (process)"
    if "peak_gpu_allocated" in smoke:
        peak += f", peak GPU allocated {_size(smoke['peak_gpu_allocated'])}"
    print(f"          {peak}")
