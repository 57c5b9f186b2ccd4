"""`hfmanager doctor`: what the Hub libraries will do on this machine, and why.

Shows the endpoint (and where it comes from), offline switches, the sudo trap, proxies,
cache folders (which variable chose them, writable, free space), whether a token is
present (never the token), library versions, and whether the endpoint answers.
Exit status: 0 when nothing is an error, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys

_MARK = {"ok": "  ok ", "warn": " WARN", "error": "ERROR"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("doctor", help="check endpoint, offline mode, proxies, caches, token",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    net = p.add_mutually_exclusive_group()
    net.add_argument("--no-network", dest="network", action="store_false", default=None,
                     help="do not contact the endpoint")
    net.add_argument("--network", dest="network", action="store_true",
                     help="contact the endpoint even in offline mode")
    p.add_argument("--timeout", type=float, default=5.0, metavar="S",
                   help="seconds to wait for the endpoint (default 5)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    # doctor reports broken app folders itself, after everything else it can still tell
    p.set_defaults(func=run, checks_folders=True)


def run(args: argparse.Namespace) -> int:
    from hfmanager.core.doctor import run_doctor
    from hfmanager.core.localstate import check_folders

    report = run_doctor(network=args.network, timeout=args.timeout)
    folders = check_folders()
    if args.json:
        json.dump(report.to_json() | {"app_folders": folders}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        width = max(len(c.title) for c in report.checks)
        for check in report.checks:
            print(f"[{_MARK[check.status]}] {check.title:<{width}}  {check.value}")
            if check.hint:
                print(f"{'':>{width + 11}}{check.hint}")
        for problem in folders:
            print(f"[{_MARK['error']}] {'App folders':<{width}}  {problem}")
    return 1 if report.worst == "error" or folders else 0
