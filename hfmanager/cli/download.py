"""`hfmanager download`: resumable, verified download of a repo into the hub cache.

Exit status 0 only when every selected file is verified in the cache (hash checked);
running the same command again after an interruption resumes from the partial files.
With ``--json`` every line on stdout is one JSON event: ``plan``, ``progress``,
``file_done``, ``done`` or ``error``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hfmanager.core.downloads.fallback import SourceLog
    from hfmanager.core.downloads.plan import DownloadSpec, RepoPlan

from hfmanager.cli.download_report import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    _fail,
    _Reporter,
    _waiting,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("download", help="download a repo into the hub cache (resumable, verified)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("repo", metavar="REPO_ID",
                   help="org/name, a Hub URL (/tree/rev, /blob/...), or the URL of one file "
                        "(e.g. a torch checkpoint: into $TORCH_HOME/hub/checkpoints)")
    p.add_argument("--revision", default=None, help="branch, tag or commit (default: main)")
    p.add_argument("--repo-type", default="model", choices=("model", "dataset", "space"))
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="only files matching this glob (repeatable)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files matching this glob (repeatable)")
    p.add_argument("--preset", default="all", choices=("all", "safetensors"),
                   help="'safetensors': skip .bin/.pt twins when safetensors weights exist")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--endpoint", metavar="URL", action="append",
                       help="Hub endpoint for this download; repeat it for a fallback order "
                            "(a file the first one misses is fetched from the next)")
    where.add_argument("--mirror", metavar="NAME", help="a named endpoint (official, hf-mirror…)")
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="hub cache (default: HF_HUB_CACHE); for a file URL, its folder "
                        "(default: $TORCH_HOME/hub/checkpoints)")
    p.add_argument("--parallel", type=int, default=None, help="files at once (default: settings)")
    p.add_argument("--connections", type=int, default=None, metavar="N",
                   help="ranges fetched at once per file of 64 MiB or more, each on its own "
                        "connection: helps when each connection is slow (default: settings, 1)")
    p.add_argument("--limit-rate", type=int, default=0, metavar="KIB/S",
                   help="bandwidth cap in KiB/s")
    p.add_argument("--dry-run", action="store_true", help="show the plan and exit")
    p.add_argument("--json", action="store_true", help="JSON lines on stdout")
    p.set_defaults(func=run)


def _spec(args: argparse.Namespace, settings: Any) -> Any:
    from dataclasses import replace

    from hfmanager.core import network
    from hfmanager.core.downloads.plan import parse_source

    spec = parse_source(args.repo, args.repo_type)
    if spec.url:
        return spec
    endpoint = spec.endpoint
    if args.endpoint:
        endpoint = " ".join(args.endpoint)  # normalised once, with the job's network
    elif args.mirror:
        endpoint = network.mirror_url(args.mirror, settings)
    return replace(
        spec, endpoint=endpoint, revision=args.revision or spec.revision,
        include=tuple(spec.include) + tuple(args.include), exclude=tuple(args.exclude),
        preset=args.preset)


def _record_history(spec: DownloadSpec, plan: RepoPlan, cache: Path) -> None:
    """Add the finished download to the app's history (the Downloads page shows it).

    Only once it is done: an unfinished CLI job in the queue's table would be resumed by
    the window. The history is a convenience, so a store that cannot be written (e.g. a
    read-only data dir) only costs a warning.
    """
    import sqlite3

    from hfmanager.core.downloads.persist import JobStore
    from hfmanager.core.localstate import open_store

    try:
        store = open_store()
        try:
            JobStore(store).add_finished(spec, str(cache), plan.commit, plan.total_size,
                                         len(plan.files))
        finally:
            store.close()
    except (OSError, sqlite3.Error, ValueError) as exc:
        print(f"note: not added to the download history: {exc}", file=sys.stderr)


def _tune(args: argparse.Namespace, sources: Any = None) -> Any:
    """The command line's overrides of the engine's settings (and where the engine
    records which endpoint served each file)."""
    from hfmanager.core.downloads.ratelimit import TokenBucket

    def tune(cfg: Any) -> None:
        if sources is not None:
            cfg.sources = sources
        if args.parallel:
            cfg.parallel_files = max(1, args.parallel)
        if args.connections:
            cfg.ranges_per_file = args.connections
        if args.limit_rate:
            cfg.limiter = TokenBucket(args.limit_rate * 1024)

    return tune


def _fallbacks(sources: Any) -> list[dict[str, Any]]:
    """The files an endpoint missed (``file`` "" is the file list), for the JSON event."""
    return [{"file": f.path, "endpoint": f.endpoint,
             "misses": [{"endpoint": m.endpoint, "reason": m.reason.value, "message": m.text}
                        for m in f.misses]} for f in sources.fallbacks()]


def _dry_run(rep: _Reporter) -> int:
    from hfmanager.core.text import printable

    assert rep.plan is not None
    for f in rep.plan.files:
        rep.emit({"event": "file", "file": f.path, "size": f.size, "etag": f.etag})
        if not rep.as_json:  # a server chose these names: escape what a terminal obeys
            print(f"{f.size:>14,}  {printable(f.path)}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from hfmanager.core import errors as err
    from hfmanager.core.downloads import service
    from hfmanager.core.downloads.engine import CancelToken
    from hfmanager.core.downloads.fallback import SourceLog
    from hfmanager.core.downloads.layout import UnsafeNameError
    from hfmanager.core.downloads.queue import run_job
    from hfmanager.core.settings import Settings

    settings = Settings.load()
    try:
        spec = _spec(args, settings)
        net = service.resolve(spec, settings)  # the job's network, resolved once
    except ValueError as exc:
        return _fail(None, args.json, exc, EXIT_USAGE)
    if spec.endpoint:
        spec = replace(spec, endpoint=" ".join(net.endpoints))
    rep = _Reporter(args.json)
    if spec.url:  # one file by URL
        from hfmanager.cli.download_url import run_url

        return run_url(args, spec, settings, rep, _tune(args))
    cache = args.cache_dir or service.default_cache_root()
    sources = SourceLog()
    try:
        if args.dry_run:
            rep.planned(service.fetch_plan(spec, settings, net=net), cache)
            return _dry_run(rep)
        paths = run_job(spec, lambda s: service.fetch_plan(s, settings, net=net,
                                                           sources=sources),
                        lambda p: service.engine_config(p, settings), cache, rep.progress,
                        CancelToken(), planned=lambda p: rep.planned(p, cache),
                        tune=_tune(args, sources), waiting=_waiting)
    except (err.DownloadError, UnsafeNameError, OSError, ValueError) as exc:
        return _fail(rep, args.json, exc, EXIT_FAILED)
    return _done(args, rep, spec, paths, sources, cache)



def _done(args: argparse.Namespace, rep: _Reporter, spec: DownloadSpec, paths: list[Path],
          sources: SourceLog, cache: Path) -> int:
    """The finished job: its history entry, the ``done`` event, and the closing lines
    (which files another endpoint served, and where the snapshot is)."""
    from hfmanager.core.text import printable

    plan = rep.plan
    assert plan is not None  # run_job planned before it downloaded
    snapshot = paths[0].parents[len(Path(plan.files[0].path).parts) - 1] if paths else None
    _record_history(spec, plan, cache)
    rep.emit({"event": "done", "files": len(paths), "bytes": plan.total_size,
              "commit": plan.commit, "snapshot": str(snapshot) if snapshot else None,
              "fallbacks": _fallbacks(sources)})
    if not args.json:
        for f in sources.fallbacks():
            why = "; ".join(printable(m.text) for m in f.misses)
            print(f"\n{printable(f.path or 'file list')}: from {f.endpoint or '?'} ({why})",
                  file=sys.stderr, end="")
        print(f"\n{len(paths)} files verified in {snapshot}", file=sys.stderr)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run only this sub-command (``python -m hfmanager.cli.download``): used by the
    kill -9 tests, and handy when the other sub-commands' imports are unwanted."""
    parser = argparse.ArgumentParser(prog="hfmanager")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["download", *(sys.argv[1:] if argv is None else argv)])
    from hfmanager.cli import run_command

    try:
        return run_command(args)
    except KeyboardInterrupt:
        print("interrupted: run the same command again to resume", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
