"""`hfmanager endpoints`: the endpoints a download tries, in order (the one in force, then
the fallbacks from the settings, or those given with ``--endpoint``), which of them may
receive the token; with ``--probe``, ranked by a speed probe (latency of the Hub API,
throughput on a small file), fastest first. Exit status 1 when none is reachable.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("endpoints", help="the download endpoints in order; --probe ranks them",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", metavar="URL", action="append", default=[],
                   help="these endpoints instead of the settings' order (repeatable)")
    p.add_argument("--probe", action="store_true",
                   help="measure each endpoint (latency, small-file throughput) and rank them")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds per endpoint")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.set_defaults(func=run)


def _row(url: str, net: Any, rank: Any | None) -> dict[str, Any]:
    from hfmanager.core import network

    row: dict[str, Any] = {"url": url, "token": network.origin_of(url) in net.trusted}
    if rank is not None:
        rep = rank.report
        row.update(ok=rep.ok, latency_ms=None if rep.latency_ms is None
                   else round(rep.latency_ms, 1),
                   throughput=None if rank.throughput is None else round(rank.throughput),
                   failure=rep.failure_kind, message=rep.message)
    return row


def _print(rows: list[dict[str, Any]], probed: bool) -> None:
    from hfmanager.core.text import human_size, printable

    for i, row in enumerate(rows, start=1):
        token = "  (token)" if row["token"] else ""
        if not probed:
            print(f"{i}. {printable(row['url'])}{token}")
        elif row["ok"]:
            speed = f", {human_size(row['throughput'])}/s" if row["throughput"] else ""
            print(f"{i}. {printable(row['url'])}  {row['latency_ms']:.0f} ms{speed}{token}")
        else:
            print(f"{i}. {printable(row['url'])}  unreachable: {printable(row['message'])}")


def run(args: argparse.Namespace) -> int:
    from hfmanager.core import network
    from hfmanager.core.network.rank import rank_endpoints
    from hfmanager.core.settings import Settings

    settings = Settings.load()
    try:
        net = network.resolve(settings, override=" ".join(args.endpoint) or None)
    except ValueError as exc:
        print(f"hfmanager endpoints: {exc}", file=sys.stderr)
        return 2
    urls = list(net.endpoints)
    ranks = rank_endpoints(urls, net.proxies, args.timeout) if args.probe else None
    rows = ([_row(r.url, net, r) for r in ranks] if ranks is not None
            else [_row(u, net, None) for u in urls])
    if args.json:
        print(json.dumps({"endpoints": rows, "probed": bool(args.probe)}))
    else:
        _print(rows, bool(args.probe))
    return 0 if ranks is None or any(r.ok for r in ranks) else 1
