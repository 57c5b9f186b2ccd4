"""The scriptable front: one sub-command module per feature, over the same core as the GUI.

Each sub-command module exposes ``register(subparsers)`` that adds its parser and sets
``func`` (``(args) -> int`` exit status). Modules import heavy things lazily so that
``hfmanager --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from hfmanager import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hfmanager",
        description="Manage the Hugging Face and PyTorch model caches. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"hfmanager {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # Here, not at the top: the sub-command modules import this package (run_command).
    from hfmanager.cli import (
        clean,
        desktop,
        doctor,
        download,
        endpoints,
        importexport,
        load,
        offline,
        scan,
        verify,
    )

    # the order in --help
    for command in (scan, verify, clean, load, offline, download, importexport, doctor,
                    endpoints, desktop):
        command.register(sub)
    return parser


EXIT_BROKEN_STATE = 1


def _print_notice(notice: Any) -> None:
    print(f"hfmanager: note: {notice.message}", file=sys.stderr, flush=True)


def run_command(args: argparse.Namespace) -> int:
    """Run a parsed sub-command: the app folders checked first (a folder that is a file
    is a clear error, never a traceback), notices about repaired local state (settings,
    the store) printed on stderr as they happen."""
    from hfmanager.core import localstate, notices
    from hfmanager.core.store import StoreError

    for pending in notices.set_sink(_print_notice):
        _print_notice(pending)
    try:
        if getattr(args, "checks_folders", False) is False:
            problems = localstate.check_folders()
            for problem in problems:
                print(f"hfmanager {args.command}: {problem}", file=sys.stderr)
            if problems:
                return EXIT_BROKEN_STATE
        return int(args.func(args))
    except StoreError as exc:
        print(f"hfmanager {args.command}: {exc}", file=sys.stderr)
        return EXIT_BROKEN_STATE
    finally:
        notices.set_sink(None)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return run_command(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
