"""The frozen build's entry: the same `main` as the `hfmanager` command (no command opens
the window; `--child NAME` runs one of the app's child processes)."""

import sys

from hfmanager.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
