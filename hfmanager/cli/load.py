"""``hfmanager load``: estimate, then test-load a cached model in a child process."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from hfmanager.cli import load_estimate
from hfmanager.cli import load_options as options
from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest import figures as fig
from hfmanager.core.loadtest import strategy as strat
from hfmanager.core.loadtest.runner import (
    LoadEvent,
    LoadFailed,
    LoadOptions,
    LoadPhase,
    LoadRequest,
    LoadResult,
    precheck,
    run_to_end,
    worker_python,
)

MIB = 1024**2
GIB = 1024**3


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("load", help="estimate memory, then test-load a model in a child process",
                       description="Estimate a model's memory from its safetensors headers, "
                       "then load it in a separate process and report what it really takes.")
    p.add_argument("target", metavar="REPO_ID|PATH", help="cached repo id or a folder/file")
    p.add_argument("--revision", help="branch, tag or commit in the cache (default: main)")
    p.add_argument("--cache-dir", help="hub cache folder (default: HF_HUB_CACHE rules)")
    p.add_argument("--device", default="cpu",
                   help="cpu, cuda:N (nvidia-smi numbering), a GPU-... UUID, or mps")
    p.add_argument("--dtype", default="auto", choices=est.DTYPES)
    p.add_argument("--estimate-only", action="store_true", help="do not load, only estimate")
    p.add_argument("--python", help="interpreter to load with (a venv or conda env python)")
    p.add_argument("--trust-remote-code", action="store_true",
                   help="allow the repo's own .py files to run (they are listed first)")
    p.add_argument("--timeout", type=float, default=None, help="give up after N seconds")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    options.register(p)
    load_estimate.register(p)  # after the loading options: it reuses their flags
    p.set_defaults(func=run)


def size(n: int | None) -> str:
    if n is None:
        return "?"
    if n >= GIB:
        return f"{n / GIB:.2f} GiB"
    return f"{n / MIB:.1f} MiB" if n >= MIB else f"{n / 1024:.1f} KiB"


def _print_estimate(e: est.Estimate, v: est.Verdict, device: dev.Device) -> None:
    params = f"{e.params:,} parameters" if e.params is not None else "parameters unknown"
    stored = ", ".join(f"{k} {size(b)}" for k, b in sorted(e.bytes_by_dtype.items()))
    approx = " (approximate)" if e.approximate else ""
    print(f"Estimate  from {e.source}{approx}: {params}; stored {stored}")
    print(f"          weights as {e.dtype}: {size(e.weights_bytes)}")
    if v.context_bytes:
        print(f"          + CUDA context ~{size(v.context_bytes)} (an approximation: "
              "300-600 MiB by GPU and driver)")
    for note in e.notes:
        print(f"          note: {note}")
    words = {"fits": "fits", "tight": "tight (over 85% of free memory)",
             "no_fit": "will NOT fit", "unknown": "unknown (free memory not known)"}
    print(f"Verdict   {words[v.status]}: needs {size(v.needed_bytes)}, "
          f"{size(v.free_bytes)} free on {device.spec}")


def _print_result(r: dict[str, Any], figures: list[fig.Figure],
                  runtime: dict[str, Any] | None) -> None:
    trainable = r.get("params_trainable")
    print(f"Loaded    {r.get('class')} via {r.get('strategy')} on {r.get('device')} "
          f"in {r.get('load_seconds', 0):.2f} s "
          f"({size(r.get('read_throughput_bps'))}/s read)")
    print(f"Params    {r.get('params_total', 0):,} total"
          + (f", {trainable:,} trainable" if trainable is not None else ""))
    for label, key in (("Params", "param_bytes_by_dtype"), ("Buffers", "buffer_bytes_by_dtype")):
        parts = ", ".join(f"{k} {size(b)}" for k, b in sorted((r.get(key) or {}).items()))
        print(f"{label:<9} {parts or '-'}")
    if "gpu_allocated" in r:
        print(f"GPU       allocated {size(r['gpu_allocated'])}, peak "
              f"{size(r['gpu_peak_allocated'])}, reserved {size(r['gpu_reserved'])}, "
              f"process total (NVML, with context) {size(r.get('gpu_process_total'))}")
    print(f"Host      anonymous RSS {size(r.get('host_rss_anon'))} "
          f"(+{size(r.get('host_rss_anon_delta'))} for the load)")
    for key in ("missing_keys", "unexpected_keys"):
        keys = r.get(key) or []
        if keys:
            print(f"{key.replace('_', ' ').capitalize()}: {len(keys)}: {', '.join(keys[:8])}")
    options.print_result(r)
    load_estimate.print_figures(figures, runtime)
    for note in r.get("notes") or []:
        print(f"Note      {note}")


def _trusted(args: argparse.Namespace, repo: str, commit: str) -> bool:
    if args.trust_remote_code:
        return True
    from hfmanager.core.settings import Settings

    return bool(commit) and strat.trust_key(repo, commit) in Settings.load().trusted_code


def _record(repo: str, commit: str, device: dev.Device, dtype: str, python: str,
            final: LoadEvent, e: est.Estimate | None,
            runtime: dict[str, Any] | None = None, options: dict[str, Any] | None = None,
            figures: list[fig.Figure] | None = None) -> None:
    from hfmanager.core.loadtest.history import LoadHistory
    from hfmanager.core.localstate import open_store
    from hfmanager.core.store import StoreError

    ok = isinstance(final, LoadResult)
    outcome = final.data if isinstance(final, LoadResult) else (
        {"kind": final.kind, "message": final.message} if isinstance(final, LoadFailed) else {})
    try:  # the history is a convenience: a store that cannot be opened costs a note
        store = open_store()
    except StoreError as exc:
        print(f"note: not added to the load-test history: {exc}", file=sys.stderr)
        return
    try:
        LoadHistory(store).add(repo, commit, device.uuid or device.spec, dtype, ok=ok,
                               outcome=outcome,
                               estimate={**e.to_json(), "runtime": runtime} if e else None,
                               python=python, options=options,
                               figures=fig.to_json(figures) if figures else None)
    finally:
        store.close()


def _estimate(args: argparse.Namespace, out: dict[str, Any], path: Path, device: dev.Device
              ) -> tuple[est.Estimate | None, str | None]:
    """The pre-load estimate and verdict, added to ``out`` and printed: (the estimate,
    why it was refused or None)."""
    e: est.Estimate | None = None
    try:
        e = est.estimate(path, args.dtype)
        v = est.verdict(e, device.free_bytes, cuda=device.is_cuda)
        out.update(estimate=e.to_json(), verdict=v.to_json())
        if not args.json:
            _print_estimate(e, v, device)
        load_estimate.add(args, out, path, device)
    except est.EstimateError as exc:
        out["estimate_error"] = str(exc)
        if not args.json:
            print(f"Estimate  refused: {exc}")
        return e, str(exc)
    return e, None


def run(args: argparse.Namespace) -> int:
    out: dict[str, Any] = {}
    if args.history:
        return load_estimate.history(args)
    try:
        path, repo, commit = strat.resolve_target(args.target, args.revision, args.cache_dir)
        gpu_asked = args.device != "cpu" or "cuda" in (args.device_map or "")
        devices = dev.list_devices(probe_worker=gpu_asked and not dev.nvml_devices(),
                                   python=args.python)
        device = dev.resolve(args.device, devices)
        opts, placed = options.from_args(args, devices)
    except ValueError as exc:  # TargetError, DeviceMapError
        return _fail(args, out, "bad_target", str(exc), 2)
    out.update(target=str(path), repo=repo, commit=commit, device=device.to_json(),
               strategy=strat.strategy(path))
    if not args.json:
        print(f"Model     {repo}" + (f" @ {commit[:12]}" if commit else "") + f"  ({path})")
        print(f"Device    {device.spec}: {device.name}, {size(device.free_bytes)} free")
        print(f"Strategy  {out['strategy']}")
    out["options"] = opts.to_json()
    if args.model_class:
        out["strategy"] = "class"
    refusal = precheck(opts, device.is_cuda or any(
        d.startswith("cuda") for d in (opts.device_map or {}).get("devices") or []),
        out["strategy"])
    # Before anything starts. An estimate without a GPU is still useful (what 4-bit would
    # take there); one for a quantization the model cannot have is not.
    if refusal is not None and (not args.estimate_only
                                or refusal.kind == "quantize_not_applicable"):
        return _fail(args, out, refusal.kind, refusal.message, 2)
    e, refused = _estimate(args, out, path, device)
    if args.estimate_only and refused is not None:
        return _fail(args, out, "bad_weights", refused, 1)
    if args.estimate_only:
        return _done(args, out, 0)
    if strat.needs_remote_code(path) and not args.model_class and not _trusted(
            args, repo, commit):
        files = strat.custom_code_files(path)
        return _fail(args, out, "remote_code", "this repo runs its own code: "
                     f"{', '.join(files) or '(no .py files in the snapshot)'}; "
                     "read them, then re-run with --trust-remote-code", 3)
    return _load(args, out, path, repo, commit, device, opts, placed, e)


def _load(args: argparse.Namespace, out: dict[str, Any], path: Path, repo: str, commit: str,
          device: dev.Device, opts: LoadOptions, placed: tuple[str, dict[str, str]] | None,
          e: est.Estimate | None) -> int:
    """Run the load in the worker, record it in the history, print and return its result."""
    worker_device, env = placed or dev.worker_env(device)
    request = LoadRequest(str(path), worker_device, args.dtype, env, python=args.python,
                          trust_remote_code=strat.needs_remote_code(path),
                          timeout_s=args.timeout, needed_bytes=e.weights_bytes if e else None,
                          options=opts)

    def on_event(ev: LoadEvent) -> None:
        if isinstance(ev, LoadPhase) and not args.json:
            print(f"  ... {ev.phase.replace('_', ' ')} {ev.message}".rstrip(), file=sys.stderr)

    final = asyncio.run(run_to_end(request, on_event))
    runtime = out.get("runtime")
    figures = fig.run_figures(path, args.dtype, runtime, e.weights_bytes if e else None,
                              final.data) if isinstance(final, LoadResult) else []
    used = {**opts.to_json(), "device_map": args.device_map, "dtype": args.dtype,
            "context": args.context}
    _record(repo, commit, device, args.dtype, worker_python(args.python), final, e,
            runtime, used, figures)
    if isinstance(final, LoadResult):
        out["result"] = final.data
        out["figures"] = fig.to_json(figures)
        if not args.json:
            _print_result(final.data, figures, runtime)
        return _done(args, out, 0)
    assert isinstance(final, LoadFailed)
    return _fail(args, out, final.kind, final.message, 1, final.detail)


def _done(args: argparse.Namespace, out: dict[str, Any], code: int) -> int:
    if args.json:
        print(json.dumps(out, indent=2, default=str))
    return code


def _fail(args: argparse.Namespace, out: dict[str, Any], kind: str, message: str, code: int,
          detail: dict[str, Any] | None = None) -> int:
    out["error"] = {"kind": kind, "message": message, **(detail or {})}
    if args.json:
        print(json.dumps(out, indent=2, default=str))
    else:
        print(f"error: {message}", file=sys.stderr)
    return code
