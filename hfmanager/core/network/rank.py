"""The speed probe behind "Rank endpoints" and ``hfmanager endpoints --probe``: each
endpoint's latency on the API path the reachability probe asks (:data:`probe.PROBE_PATH`)
and its throughput on a small public file; reachable endpoints first, fastest answer
first. Like "Test endpoint" it sends no token (a ranking needs none)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hfmanager.core.lazyimport import lazy_module
from hfmanager.core.network.config import Limits, NetConfig, NetError, Proxies
from hfmanager.core.network.probe import EndpointReport, probe_endpoint
from hfmanager.core.network.session import budget, client, fetch

if TYPE_CHECKING:
    import httpx2
else:
    httpx2 = lazy_module("httpx2")  # the HTTP stack loads at the first request

# A small file of the public repo the probe asks about (every mirror serves it).
SMALL_FILE_PATH = "/openai-community/gpt2/resolve/main/config.json"
SMALL_FILE_LIMIT = 1024 * 1024


@dataclass(frozen=True)
class EndpointRank:
    """One endpoint's place: its probe report and the small file's bytes per second
    (None when that file could not be fetched)."""

    report: EndpointReport
    throughput: float | None

    @property
    def url(self) -> str:
        return self.report.url

    @property
    def ok(self) -> bool:
        return self.report.ok


def _throughput(url: str, proxies: Proxies, timeout: float) -> float | None:
    net = NetConfig(url, proxies, limits=Limits(
        connect_timeout=timeout, stall_timeout=timeout, budget=timeout, retries=0))
    try:
        with budget(timeout), client(net) as http:
            began = time.perf_counter()
            reply = fetch(http, url + SMALL_FILE_PATH, limit=SMALL_FILE_LIMIT, truncate=True,
                          headers={"user-agent": "hfmanager/endpoint-rank"})
            took = time.perf_counter() - began
    except (httpx2.HTTPError, NetError):
        return None
    if reply.status != 200 or not reply.body:
        return None
    return len(reply.body) / max(took, 1e-6)


def _measure(url: str, proxies: Proxies, timeout: float) -> EndpointRank:
    report = probe_endpoint(url, proxies, timeout)
    return EndpointRank(report, _throughput(report.url, proxies, timeout)
                        if report.ok else None)


def rank_endpoints(urls: Iterable[str], proxies: Proxies | None = None,
                   timeout: float = 10.0) -> list[EndpointRank]:
    """Probe every endpoint (at the same time: one slow endpoint does not hold the
    others' measurements) and order them: reachable ones by latency, then throughput;
    unreachable ones last, in the order given."""
    wanted = list(dict.fromkeys(urls))
    with ThreadPoolExecutor(max(1, min(8, len(wanted)))) as pool:
        ranks = list(pool.map(lambda u: _measure(u, proxies or Proxies(), timeout), wanted))
    order = {r.url: i for i, r in enumerate(ranks)}
    return sorted(ranks, key=lambda r: (
        not r.ok, r.report.latency_ms if r.ok and r.report.latency_ms is not None
        else float("inf"), -(r.throughput or 0.0), order[r.url]))
