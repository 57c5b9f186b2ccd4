"""The scan child: ``python -m hfmanager.child scan --roots JSON [--index P]``.

Writes one JSON event per line on stdout (see :mod:`events`); exit status 0 on success,
1 after a ``failed`` event.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from pathlib import Path

from hfmanager.core.inventory.events import (
    RepoScanned,
    ScanEvent,
    ScanFailed,
    ScanFinished,
    ScanStarted,
    TorchScanned,
    encode_event,
    root_from_json,
)
from hfmanager.core.inventory.model import Repo, TorchEntry
from hfmanager.core.inventory.scanner import Scanner


def _emit(event: ScanEvent) -> None:
    sys.stdout.write(encode_event(event) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hfmanager.child scan")
    parser.add_argument("--roots", required=True, help="JSON list of CacheRoot.to_json()")
    parser.add_argument("--index", default=None, help="path of the scan index (optional)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        roots = tuple(root_from_json(r) for r in json.loads(args.roots))
        _emit(ScanStarted(roots))
        scanner = Scanner(Path(args.index) if args.index else None, lazy_files=False)

        def on_item(item: Repo | TorchEntry, reused: bool) -> None:
            _emit(RepoScanned(item, reused) if isinstance(item, Repo) else TorchScanned(item))

        inv = scanner.scan(roots, on_item)
        _emit(ScanFinished(inv.problems, time.perf_counter() - start, scanner.reused,
                           inv.payloads))
    except BrokenPipeError:
        return 1
    except Exception as exc:  # report anything to the parent rather than die silently
        traceback.print_exc(file=sys.stderr)
        _emit(ScanFailed(f"Scan failed: {exc}"))
        return 1
    return 0
