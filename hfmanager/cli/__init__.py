"""The scriptable front: one sub-command module per feature, over the same core as the GUI.

Each sub-command module exposes ``register(subparsers)`` that adds its parser and sets
``func`` (``(args) -> int`` exit status). Modules import heavy things lazily so that
``hfmanager --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from hfmanager import __version__

# Sub-command -> the module that registers it, in --help order. A command line naming one
# imports that module alone: `hfmanager clean` started 0.5 s slower when it also built the
# load command's parser (its estimate tables), and scripts and the kill -9 tests start
# it hundreds of times.
COMMANDS: dict[str, str] = {
    "scan": "scan", "verify": "verify", "clean": "clean", "load": "load",
    "offline": "offline", "download": "download", "import": "importexport",
    "export": "importexport", "doctor": "doctor", "endpoints": "endpoints",
    "install-desktop": "desktop",
}


def _named_command(argv: Sequence[str]) -> str | None:
    """The sub-command an argument list names (its first word not an option), if known."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` naming a sub-command, only that one is built (else all,
    for --help and for a mistyped command's message)."""
    parser = argparse.ArgumentParser(
        prog="hfmanager",
        description="Manage the Hugging Face and PyTorch model caches. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"hfmanager {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    named = _named_command(argv) if argv is not None else None
    modules = [COMMANDS[named]] if named else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        # Here, not at the top: the sub-command modules import this package (run_command).
        importlib.import_module(f"hfmanager.cli.{name}").register(sub)
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
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
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
