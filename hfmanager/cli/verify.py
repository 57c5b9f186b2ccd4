"""`hfmanager verify`: check cached files against their hashes, offline.

Blobs are checked against their names (sha256 or git blob sha1), also those that link
into the shared Xet store (each shared file is read once, and a damaged one is reported
on every repo that uses it), copied files against ``trees/<commit>.json``, torch hub
checkpoints against the hash prefix in their names. Whatever cannot be checked is listed
as UNVERIFIABLE with the reason. Unchanged files verified before are answered from the
cache in the app's data dir; corrupt files found are remembered there, so the app shows
them until the file changes.
Exit status: 0 nothing corrupt and everything readable, 1 something is corrupt (each
listed with its expected and actual hash), 3 nothing corrupt found but something could not
be read (listed as ERROR: a folder that cannot be listed is no clean bill), 2 usage error,
130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_CORRUPT, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("verify", help="check cached files against their hashes (offline)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("repos", nargs="*", metavar="REPO_ID",
                   help="org/name, dataset:org/name or the repo folder name")
    p.add_argument("--all", action="store_true", help="every repo and torch hub checkpoint")
    p.add_argument("--cache-dir", type=Path, default=None,
                   help="this hub cache only (default: every configured cache)")
    p.add_argument("--no-cache", action="store_true", help="hash everything again")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def _targets(args: argparse.Namespace) -> tuple[list[Any], list[str]]:
    from hfmanager.cli.clean import _roots
    from hfmanager.core.paths import RootKind
    from hfmanager.core.verify import repo_folders, targets_for_repos, targets_for_torch
    from hfmanager.core.verify.targets import _label, root_targets

    targets: list[Any] = []
    folders: list[str] = []
    wanted = set(args.repos)
    seen: set[str] = set()
    for root in _roots(args.cache_dir):
        if root.kind is RootKind.TORCH:
            if args.all:
                targets += targets_for_torch(str(root.path))
            continue
        if args.all:
            targets += root_targets(str(root.path))
        for folder in repo_folders(str(root.path)):
            names = {_label(folder), Path(folder).name}
            if args.all or names & wanted:
                seen |= names & wanted
                folders.append(folder)
    return targets_for_repos(folders) + targets, sorted(wanted - seen)


def _store() -> Any:
    """The app's store (a broken one is rebuilt); None when it cannot be opened at all:
    verify still runs, without its cache of earlier results."""
    from hfmanager.core.localstate import open_store
    from hfmanager.core.store import StoreError

    try:
        return open_store()
    except StoreError as exc:
        print(f"hfmanager verify: note: {exc} Verifying without the cache of earlier "
              "results.", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    from hfmanager.core.verify import VerifyStatus, verify

    if not args.repos and not args.all:
        print("hfmanager verify: name repos to verify or use --all", file=sys.stderr)
        return EXIT_USAGE
    targets, missing = _targets(args)
    if missing:
        print(f"hfmanager verify: no cached repo {', '.join(map(repr, missing))}",
              file=sys.stderr)
        return EXIT_USAGE
    cancel = threading.Event()
    try:
        report = verify(targets, store=_store(), use_cache=not args.no_cache,
                        progress=None if args.json else _progress, cancel=cancel)
    except KeyboardInterrupt:
        cancel.set()
        raise
    if args.json:
        print(json.dumps(report.to_json(), indent=1))
    else:
        _print(report)
    if report.corrupt:
        return EXIT_CORRUPT
    return EXIT_UNREADABLE if report.count(VerifyStatus.ERROR) else EXIT_OK


def _progress(p: Any) -> None:
    if sys.stderr.isatty():
        pct = 100.0 * p.bytes_done / p.bytes_total if p.bytes_total else 100.0
        print(f"\r{p.files_done}/{p.files_total} files  {pct:5.1f}% ", end="",
              file=sys.stderr, flush=True)


def _print(report: Any) -> None:
    from hfmanager.core.text import human_size
    from hfmanager.core.text import printable as p
    from hfmanager.core.verify import VerifyStatus

    if sys.stderr.isatty():
        print(file=sys.stderr)
    shared = report.corrupt_payloads()
    for r in report.corrupt:
        t = r.target
        print(f"CORRUPT {p(t.label)}: {p(', '.join(t.files) or t.path)}")
        print(f"  file:     {p(t.path)}")
        if t.payload:
            users = sorted({x.target.label for x in shared[t.payload]})
            print(f"  shared:   {p(t.payload)} (used by {p(', '.join(users))})")
        print(f"  expected: {t.algo.value} {t.expected}")
        print(f"  actual:   {r.actual}")
    for r in report.by_status(VerifyStatus.ERROR):
        print(f"ERROR   {p(r.target.path)}: {p(r.message)}")
    unver = report.by_status(VerifyStatus.UNVERIFIABLE)
    for r in unver[:20]:
        print(f"UNVERIFIABLE {p(r.target.path)}: {p(r.target.note)}")
    if len(unver) > 20:
        print(f"... and {len(unver) - 20} more unverifiable files")
    ok = report.by_status(VerifyStatus.OK)
    cached = sum(1 for r in ok if r.cached)
    print(f"{len(ok)} ok ({cached} unchanged since last check), {len(report.corrupt)} corrupt, "
          f"{len(unver)} unverifiable, {len(report.by_status(VerifyStatus.ERROR))} errors; "
          f"hashed {report.files_hashed} files, {human_size(report.bytes_hashed)} in "
          f"{report.seconds:.1f} s")
    if shared:
        print(f"{len(shared)} damaged shared store file(s) used by "
              f"{len({x.target.label for rs in shared.values() for x in rs})} repo(s)")
