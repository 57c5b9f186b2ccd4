"""``hfmanager load``'s run-time estimate (issue 14): ``--context``, the weights under the
loading options, KV cache, activations, CUDA context and the per-device split; and
``--history``: past runs with the estimate beside the measurement and their ratio."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from hfmanager.core.loadtest import accuracy
from hfmanager.core.loadtest import devicemap as dm
from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest import figures as fig
from hfmanager.core.loadtest.quantest import QUANTIZE
from hfmanager.core.loadtest.runtime import RuntimeEstimate, runtime_estimate
from hfmanager.core.text import human_size

WORDS = {"fits": "fits", "tight": "tight (over 85% of free memory)",
         "no_fit": "will NOT fit", "unknown": "unknown (free memory not known)"}


NAMES = {"weights": "weights", "kv_cache": "KV cache", "peak": "peak"}


def _tokens(text: str) -> int:
    n = int(text)
    if n < 0:
        raise argparse.ArgumentTypeError("a number of tokens, 0 or more")
    return n


def register(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("estimate")
    g.add_argument("--context", type=_tokens, default=0, metavar="N",
                   help="count the KV cache and activations for N tokens (batch 1)")
    g.add_argument("--history", action="store_true",
                   help="list this repo's past test loads (estimate vs measured, ratio) and "
                   "the estimate's error per architecture; loads nothing")
    # The loading options' own module registers these where it is present; the estimate
    # reads them either way.
    if "--device-map" not in p._option_string_actions:
        g.add_argument("--device-map", metavar="MAP",
                       help="cpu | cuda:1 | auto | cuda:0,cuda:1 | cuda:0=10GiB,cpu=32GiB")
    if "--quantize" not in p._option_string_actions:
        g.add_argument("--quantize", choices=QUANTIZE, default="none",
                       help="estimate bitsandbytes 8-bit / 4-bit weights")


def _size(n: Any) -> str:
    return human_size(n) if isinstance(n, int) else "?"


def estimate(args: argparse.Namespace, path: Path, device: dev.Device,
             devices: list[dev.Device] | None = None) -> RuntimeEstimate:
    """The run-time estimate for the command line's options (raises DeviceMapError for a
    bad --device-map, EstimateError for bad weights)."""
    text = getattr(args, "device_map", None)
    spec = dm.parse_device_map(text) if text else None
    if devices is None:  # free memory of every device a map may name
        devices = [device, *(d for d in dev.list_devices() if d.spec != device.spec)] \
            if spec is not None else [device]
    return runtime_estimate(path, args.dtype, quantize=getattr(args, "quantize", "none"),
                            context=args.context, device_map=spec, device=device,
                            devices=devices)


def add(args: argparse.Namespace, out: dict[str, Any], path: Path, device: dev.Device
        ) -> RuntimeEstimate | None:
    """Add the run-time estimate to ``out`` (``runtime``) and print it; a map that cannot
    be used is said (``runtime_error``), not raised."""
    try:
        rt = estimate(args, path, device)
    except ValueError as exc:  # DeviceMapError, EstimateError
        out["runtime_error"] = str(exc)
        if not args.json:
            print(f"          run-time estimate refused: {exc}")
        return None
    out["runtime"] = rt.to_json()
    if not args.json:
        print_estimate(rt)
    return rt


def print_estimate(rt: RuntimeEstimate) -> None:
    """The lines after the weights' estimate: options, run-time memory, split."""
    if rt.quant is not None:
        kept = ", ".join(rt.quant.kept_modules[:6]) or "-"
        print(f"          weights {rt.quant.mode}: {_size(rt.weights_bytes)} "
              f"(kept unquantized: {kept})")
    if rt.kv is not None:
        k = rt.kv
        print(f"          KV cache at {rt.context} tokens: {_size(k.bytes)} ({k.shape.layers} "
              f"layers x {k.shape.kv_heads} kv heads x {k.shape.head_dim} head dim, "
              f"{k.bits}-bit)")
        print(f"          activations, batch 1 (rough bound): {_size(rt.activations)}")
    for p in rt.split.parts:
        print(f"Split     {p.device}: {WORDS[p.status]}: needs {_size(p.needed)} "
              f"(weights {_size(p.weights)}, KV {_size(p.kv_cache)}, activations "
              f"{_size(p.activations)}, CUDA context {_size(p.cuda_context)}) of "
              f"{_size(p.free)} free; {len(p.blocks)} blocks")
    for note in rt.notes:
        print(f"          note: {note}")


def _label(f: fig.Figure) -> str:
    if f.key == "kv_cache":
        return f"KV cache at {f.tokens} tokens"
    if f.key == "peak":
        return {"gpu": "peak during the pass (GPU allocated)",
                "host": "peak during the pass (weights + host RSS the pass added)"}.get(
            f.scope, "peak during the pass (process RSS, with Python and libraries)")
    return "weights (params + buffers)"


def print_figures(figures: list[fig.Figure], runtime: dict[str, Any] | None) -> None:
    """Estimate beside measurement, one line per figure, with the ratio; the KV cache at
    ``--context`` too, which the pass (at its own token count) does not measure."""
    for i, f in enumerate(figures):
        ratio = f" (x{f.ratio:.3f})" if f.ratio is not None else ""
        print(f"{'Compare' if i == 0 else '':<9} {_label(f)}: estimate {_size(f.estimated)}, "
              f"measured {_size(f.measured)}{ratio}")
    kv = (runtime or {}).get("kv_cache")
    if isinstance(kv, dict):
        ran = next((f.tokens for f in figures if f.key == "kv_cache"), None)
        said = f"the pass held {ran} tokens" if ran else "no smoke pass cache measured"
        print(f"          KV cache at {(runtime or {}).get('context')} tokens (--context): "
              f"estimate {_size(kv.get('bytes'))}; not measured ({said})")


def history(args: argparse.Namespace) -> int:
    """``--history``: this repo's runs and the error per architecture over all runs."""
    import json

    from hfmanager.core.loadtest.history import LoadHistory
    from hfmanager.core.loadtest.strategy import resolve_target
    from hfmanager.core.localstate import open_store
    from hfmanager.core.store import StoreError

    try:  # a repo no longer in the cache still has its history
        _path, repo, _commit = resolve_target(args.target, args.revision, args.cache_dir)
    except ValueError:
        repo = args.target
    try:
        store = open_store()
    except StoreError as exc:
        print(f"error: the load-test history cannot be opened: {exc}")
        return 1
    try:
        book = LoadHistory(store)
        mine, everything = book.entries(repo, limit=200), book.entries(limit=10000)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"repo": repo, "runs": [r.__dict__ for r in accuracy.rows(mine)],
                          "by_architecture": _by_architecture_json(everything)}, indent=2))
    else:
        print_history(repo, mine, everything)
    return 0


def _stats(v: tuple[int, float, float, float]) -> dict[str, Any]:
    return dict(zip(("runs", "low", "mean", "high"), v, strict=True))


def _by_architecture_json(entries: list[Any]) -> dict[str, Any]:
    """architecture -> the weights' runs/low/mean/high, and ``figures``: the same per
    figure (weights, kv_cache, peak)."""
    per_figure = accuracy.by_architecture_figures(entries)
    return {a: {**_stats(v), "figures": {k: _stats(s) for k, s in
                                         per_figure.get(a, {}).items()}}
            for a, v in accuracy.by_architecture(entries).items()}


def print_history(repo: str, store_entries: list[Any], everything: list[Any]) -> None:
    """This repo's runs, then the ratio measured/estimated per architecture."""
    print(f"History   {repo}: {len(store_entries)} run(s)")
    for row in accuracy.rows(store_entries):
        ratio = "  ".join(f"{NAMES[k]} x{r:.3f}" for k, r in row.ratios.items()) or "-"
        print(f"  {row.when}  {row.device:<12} {row.dtype:<9} {row.options:<14} "
              f"estimated {_size(row.estimated)}  measured {_size(row.measured)}  {ratio}"
              f"  {'ok' if row.ok else 'failed'}")
    print("Estimate error per architecture (measured / estimated, all runs):")
    for arch, figs in sorted(accuracy.by_architecture_figures(everything).items()):
        for key, (n, low, mean, high) in figs.items():
            print(f"  {arch:<40} {NAMES[key]:<8} {n:>3} run(s)  mean x{mean:.3f}  "
                  f"(x{low:.3f} - x{high:.3f})")
