"""Entry point: no sub-command opens the GUI; sub-commands run the CLI."""

from __future__ import annotations

import sys


def gui_main() -> int:
    from hfmanager.app import run_app

    return run_app(sys.argv)


def main() -> int:
    if len(sys.argv) <= 1:
        return gui_main()
    if sys.argv[1] == "--child":  # a frozen build's children (core.procs.child_command)
        from hfmanager.child import main as child_main

        return child_main(sys.argv[2:])
    if sys.argv[1] == "--self-test":  # opens, scans, verifies, closes (hfmanager.selftest)
        from hfmanager.selftest import main as self_test

        return self_test(sys.argv[2:])
    from hfmanager.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
