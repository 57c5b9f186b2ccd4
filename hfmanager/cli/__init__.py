"""The scriptable front: one sub-command module per feature, over the same core as the GUI.

Each module in ``COMMANDS`` exposes ``register(subparsers)`` that adds its parser and sets
``func`` (``(args) -> int`` exit status). Modules import heavy things lazily so that
``hfmanager --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from hfmanager import __version__

# Order here is the order in --help.
COMMANDS: tuple[str, ...] = (
    "hfmanager.cli.scan",
    "hfmanager.cli.verify",
    "hfmanager.cli.clean",
    "hfmanager.cli.load",
    "hfmanager.cli.download",
    "hfmanager.cli.doctor",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hfmanager",
        description="Manage the Hugging Face and PyTorch model caches. "
        "Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"hfmanager {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
