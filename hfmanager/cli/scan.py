"""``hfmanager scan``: list what the Hugging Face and torch caches hold, as a table or JSON."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "scan", help="list cached repos, revisions, sizes and problems",
        description="Scan the Hugging Face hub cache and the torch hub cache. Without "
        "--cache-dir/--torch-dir, scans the default caches plus the folders added in "
        "the settings.")
    parser.add_argument("--cache-dir", action="append", default=[], metavar="DIR",
                        help="a Hugging Face hub cache folder to scan (repeatable)")
    parser.add_argument("--torch-dir", action="append", default=[], metavar="DIR",
                        help="a torch hub folder ($TORCH_HOME/hub) to scan (repeatable)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--no-index", action="store_true",
                        help="ignore the saved scan index and rescan everything")
    parser.set_defaults(func=run)


def _roots(args: argparse.Namespace) -> list[Any]:
    from hfmanager.core.paths import discover_roots
    from hfmanager.core.settings import Settings

    if args.cache_dir or args.torch_dir:
        return discover_roots(args.cache_dir, args.torch_dir, include_defaults=False)
    settings = Settings.load()
    return discover_roots(settings.extra_hf_dirs, settings.extra_torch_dirs)


def document(inv: Any) -> dict[str, Any]:
    """The --json document (see the README's schema section)."""
    doc = inv.to_json()
    doc["schema_version"] = SCHEMA_VERSION
    return doc


def encode_document(inv: Any) -> bytes:
    """:func:`document` as JSON bytes, fast: file objects go to msgspec's C encoder as
    they are (a CachedFile's fields are its JSON keys), never through 100k Python dicts
    and the pure-Python ``json`` indenter (8.5 s for a 100k-file cache)."""
    import msgspec

    from hfmanager.core.inventory.index import meta_json

    doc: dict[str, Any] = {
        "roots": list(inv.roots), "scanned_at": inv.scanned_at,
        "size_on_disk": inv.size_on_disk, "repos": [],
        "torch": [t.to_json() for t in inv.torch_entries],
        "problems": [p.to_json() for p in inv.problems],
        "shared_payloads": [p.to_json() for p in inv.payloads]}
    for repo in inv.repos:
        d = meta_json(repo)
        for rev_doc, rev in zip(d["revisions"], repo.revisions, strict=True):
            rev_doc["files"] = rev.files
        doc["repos"].append(d)
    doc["schema_version"] = SCHEMA_VERSION
    try:
        return msgspec.json.format(msgspec.json.encode(doc), indent=1)
    except UnicodeEncodeError:
        # Undecodable path bytes (surrogate escapes) have no UTF-8 form: json writes
        # them as \udcXX, as the schema promises.
        return json.dumps(document(inv), indent=1).encode("ascii")


def _when(ts: float, now: float) -> str:
    from hfmanager.core.text import human_age

    return f"{human_age(now - ts)} ago" if ts else "-"


def _print_table(inv: Any) -> None:
    # Names come from the disk (a planted repo folder may hold ESC sequences or bidi
    # overrides): everything printed goes through printable(), in _columns for the rows.
    from hfmanager.core.text import human_size, printable

    now = time.time()
    for root in inv.roots:
        print(f"{root['kind'].upper():5} root: {printable(str(root['path']))}  "
              f"(chosen by {root['source']})")
    print()
    rows = [(r.repo_type.value, r.repo_id, human_size(r.size_on_disk), str(len(r.revisions)),
             _when(r.last_accessed, now), str(len(r.all_problems()))) for r in inv.repos]
    head = ("TYPE", "REPO ID", "SIZE", "REVS", "LAST USED", "PROBLEMS")
    _columns(head, rows, right={2, 3, 5})
    if inv.torch_entries:
        print()
        trows = [(t.kind.value, t.name, human_size(t.size_on_disk), _when(t.last_accessed, now),
                  str(len(t.problems))) for t in inv.torch_entries]
        _columns(("TORCH", "NAME", "SIZE", "LAST USED", "PROBLEMS"), trows, right={2, 4})
    for p in inv.problems:
        print(f"[{p.severity.value}] {printable(p.message)}")
    if inv.payloads:
        orphans = inv.orphans
        line = (f"\nshared blob store: {len(inv.payloads)} payload(s), "
                f"{human_size(sum(p.size for p in inv.payloads))}, each counted once in the total")
        if orphans:
            line += (f"; {len(orphans)} orphaned ({human_size(sum(p.size for p in orphans))} "
                     "used by no repo: hfmanager clean --orphans)")
        print(line)
    print(f"\n{len(inv.repos)} repo(s), {len(inv.torch_entries)} torch entr(ies), "
          f"{human_size(inv.size_on_disk)} in total")


def _columns(head: tuple[str, ...], rows: list[tuple[str, ...]], right: set[int]) -> None:
    from hfmanager.core.text import printable

    if not rows:
        print(f"(no {head[0].lower()} entries)" if head[0] == "TORCH" else "(no cached repos)")
        return
    rows = [tuple(printable(str(c)) for c in row) for row in rows]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        print("  ".join(cells).rstrip())


def run(args: argparse.Namespace) -> int:
    from hfmanager.core.inventory import Scanner, default_index_path

    for folder in [*args.cache_dir, *args.torch_dir]:
        if not Path(folder).expanduser().is_dir():
            print(f"hfmanager scan: {folder} is not a folder", file=sys.stderr)
            return 2
    roots = _roots(args)
    # --json prints every file list: read them with the rows (one query, not one per repo).
    scanner = Scanner(None if args.no_index else default_index_path(), lazy_files=not args.json)
    inv = scanner.scan(roots)
    if args.json:
        sys.stdout.flush()
        sys.stdout.buffer.write(encode_document(inv) + b"\n")
        sys.stdout.buffer.flush()
    else:
        _print_table(inv)
    return 0
