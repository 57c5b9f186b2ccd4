"""The one entry point of the app's child processes: ``python -m hfmanager.child NAME
[args]`` (``hfmanager --child NAME [args]`` in a frozen build; see
:func:`hfmanager.core.procs.child_command`, which builds both).

NAME is ``scan`` (events on stdout, :mod:`hfmanager.core.inventory.child`), ``verify``
(request on stdin, :mod:`hfmanager.core.verify.child`) or ``cleanup`` (request on stdin,
:mod:`hfmanager.core.cleanup.child`). The load worker is not one of them: it is a script
run by the user's chosen Python, which may not have hfmanager installed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

CHILDREN = ("scan", "verify", "cleanup")


def _entry(name: str) -> Callable[[list[str]], int]:
    # Imported here, explicitly (so import contracts see them): a scan child never pays
    # for verify's modules.
    if name == "scan":
        from hfmanager.core.inventory.child import main as scan
        return scan
    if name == "verify":
        from hfmanager.core.verify.child import main as verify
        return verify
    from hfmanager.core.cleanup.child import main as cleanup
    return cleanup


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in CHILDREN:
        sys.stderr.write(f"usage: hfmanager.child {{{','.join(CHILDREN)}}} [args]\n")
        return 2
    return _entry(args[0])(args[1:])


if __name__ == "__main__":
    sys.exit(main())
