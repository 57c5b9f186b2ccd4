"""`hfmanager clean`: show exactly what goes and how many bytes come back; --yes deletes.

Without ``--yes`` (or with ``--dry-run``) nothing is touched: the plan is printed, every
path and the exact bytes freed. A shared Xet store payload goes with the last repo link
to it (as huggingface_hub decides); ``--orphans`` offers payloads no repo links to.
``--json`` prints one JSON object with ``paths`` and ``freed_bytes`` (and ``result``
when executed). Exit status: 0 done, 1 some path failed
or was refused at execution, 2 usage error (unknown repo or revision, nothing selected).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("clean", help="free disk space safely (plan first, --yes to delete)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo", action="append", default=[], metavar="ID",
                   help="a whole cached repo: org/name, dataset:org/name or its folder name")
    p.add_argument("--revision", action="append", default=[], metavar="HASH",
                   help="one revision (commit hash or a unique prefix of at least 7)")
    p.add_argument("--detached", action="store_true", help="every revision no ref points to")
    p.add_argument("--incomplete", action="store_true",
                   help="leftover partial downloads (those in use are refused)")
    p.add_argument("--orphans", action="store_true",
                   help="shared store payloads no repo links to any more")
    p.add_argument("--older-than", type=float, metavar="DAYS",
                   help="whole repos (and torch hub entries) not used for DAYS days")
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="this hub cache only (default: every configured cache)")
    p.add_argument("--trash", action="store_true",
                   help="move whole repos to the system trash instead of deleting")
    p.add_argument("--dry-run", action="store_true", help="only show the plan")
    p.add_argument("--yes", action="store_true", help="execute the plan")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def _roots(cache_dir: Path | None) -> list[Any]:
    from hfmanager.core import paths
    from hfmanager.core.settings import Settings

    if cache_dir is not None:
        return [paths.CacheRoot(cache_dir.expanduser(), paths.RootKind.HF, "user")]
    s = Settings.load()
    return paths.discover_roots(s.extra_hf_dirs, s.extra_torch_dirs)


def _select(args: argparse.Namespace, inv: Any) -> tuple[Any, list[str]]:
    from hfmanager.core.cleanup import Selection
    from hfmanager.core.cleanup.rules import Rules, candidates, combine

    errors: list[str] = []
    sel = Selection()
    for rid in args.repo:
        found = [r for r in inv.repos if rid in (
            r.repo_id, f"{r.repo_type.value}:{r.repo_id}", Path(r.repo_path).name)]
        if not found:
            errors.append(f"no cached repo {rid!r}")
        sel = sel | Selection(repos=frozenset(r.repo_path for r in found))
    for h in args.revision:
        h = h.lower()
        found = [(r.repo_path, rev.commit_hash) for r in inv.repos for rev in r.revisions
                 if len(h) >= 7 and rev.commit_hash.startswith(h)]
        if len(found) != 1:
            errors.append(f"revision {h!r} matches {len(found)} cached revisions")
            continue
        sel = sel | Selection(revisions=frozenset(found))
    rules = Rules(unused_days=args.older_than, detached=args.detached,
                  incomplete=args.incomplete, orphans=args.orphans)
    if rules.repo_rule or rules.detached or rules.incomplete or rules.orphans:
        sel = sel | combine(candidates(inv, rules))
    return sel, errors


def _describe(item: Any, now: float) -> str:
    """What the plan line adds after the path: bytes, age, why a payload stays."""
    from hfmanager.core.cleanup import ItemKind
    from hfmanager.core.text import human_age, human_size

    notes = [human_size(item.freed)] if item.freed else []
    if item.kind is ItemKind.INCOMPLETE:
        notes = [human_size(item.freed), f"{human_age(now - item.mtime_ns / 1e9)} old"]
    return f"  ({'; '.join(notes)})" if notes else ""


def _print_plan(plan: Any) -> None:
    import time

    # Paths and reasons quote names from the disk: printed escaped (no ESC sequence or
    # bidi override of a planted file name reaches the terminal).
    from hfmanager.core.text import human_size
    from hfmanager.core.text import printable as p

    now = time.time()
    for item in plan.items:
        print(f"  {item.kind.value:<16} {p(item.path)}{_describe(item, now)}")
    for item in plan.sweeps:
        print(f"  kept (shared)    {p(item.path)}  ({human_size(item.size)}; other repos still "
              "link to it: only its manifest is updated)")
    for path, reason in plan.refused:
        print(f"  refused          {p(path)}: {p(reason)}")
    for w in plan.warnings:
        print(f"  warning: {p(w)}")
    print(f"{len(plan.items)} path(s); will free {human_size(plan.freed_bytes)} "
          f"({plan.freed_bytes} bytes)")


def run(args: argparse.Namespace) -> int:
    from hfmanager.core.cleanup import execute, make_plan
    from hfmanager.core.inventory import scan

    if not (args.repo or args.revision or args.detached or args.incomplete or args.orphans
            or args.older_than is not None):
        print("hfmanager clean: choose what to clean (--repo, --revision, --detached, "
              "--incomplete, --orphans, --older-than)", file=sys.stderr)
        return EXIT_USAGE
    roots = _roots(args.cache_dir)
    inv = scan(roots)
    sel, errors = _select(args, inv)
    if errors:
        from hfmanager.core.text import printable

        for e in errors:
            print(f"hfmanager clean: {printable(e)}", file=sys.stderr)
        return EXIT_USAGE
    plan = make_plan(sel, [r.path for r in roots])
    execute_now = args.yes and not args.dry_run
    out: dict[str, Any] = plan.to_json() | {"executed": execute_now}
    if not args.json:
        _print_plan(plan)
    if not execute_now:
        if args.json:
            print(json.dumps(out, indent=1))
        elif not plan.empty:
            print("Nothing was deleted. Run again with --yes to delete.")
        return EXIT_OK
    result = execute(plan, use_trash=args.trash, progress=None if args.json else _progress)
    out["result"] = result.to_json()
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        _print_result(result)
    return EXIT_OK if result.ok else EXIT_FAILED


def _progress(done: int, total: int, path: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{done}/{total} ", end="", file=sys.stderr, flush=True)


def _print_result(result: Any) -> None:
    from hfmanager.core.text import human_size, printable

    if sys.stderr.isatty():
        print(file=sys.stderr)
    for p in result.trashed:
        print(f"  moved to trash   {printable(p)}")
    for p, err in result.errors:
        print(f"  FAILED           {printable(p)}: {printable(err)}")
    for p in result.payloads_kept:
        print(f"  kept in the store for the trashed repo: {printable(p)}")
    for p in result.trash_failed:
        print(f"  trash unavailable, left in place: {printable(p)} (run again without --trash "
              "to delete it permanently)")
    print(f"Freed {human_size(result.freed_bytes)} ({result.freed_bytes} bytes)"
          + (f"; {human_size(result.trashed_bytes)} moved to the trash"
             if result.trashed else ""))
