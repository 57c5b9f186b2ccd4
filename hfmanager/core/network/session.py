"""HTTP for metadata calls (API, pages, probes): deadlines, the token policy on every
request, redirects checked hop by hop, answers read up to a cap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from hfmanager.core.lazyimport import lazy_module
from hfmanager.core.network.config import REDIRECTS, NetConfig, NetError, check_hop
from hfmanager.core.network.deadline import budget as budget
from hfmanager.core.network.deadline import budget_left as budget_left

if TYPE_CHECKING:
    import httpx2
else:
    httpx2 = lazy_module("httpx2")  # loads with the first client (see transports)

MAX_REDIRECTS = 10


class BudgetExceededError(NetError):
    """No complete answer within the call's time budget (a drip, a stall, a slow server)."""


class TooLargeError(NetError):
    """An answer larger than the call allows (an endless or absurd body)."""


def client(net: NetConfig) -> httpx2.Client:
    """An httpx client for metadata requests of this job: its proxies, its token policy
    on every request, its stall timeouts; redirects are followed by :func:`fetch`."""
    from hfmanager.core.network import transports  # the HTTP stack loads here, not at start

    return transports.client(net)


@dataclass(frozen=True)
class Reply:
    """A whole (capped) answer: ``url`` is the one that answered, after redirects."""

    url: str
    status: int
    headers: httpx2.Headers
    body: bytes
    request: httpx2.Request
    next_url: str | None  # ``Link: <...>; rel="next"``, absolute


def _read(resp: httpx2.Response, limit: int, truncate: bool) -> bytes:
    buf = bytearray()
    for chunk in resp.iter_bytes():
        buf += chunk
        if len(buf) > limit:
            if truncate:
                return bytes(buf[:limit])
            raise TooLargeError(f"the answer is larger than {limit:,} bytes: not read")
    return bytes(buf)


def fetch(http: httpx2.Client, url: str, *, params: Mapping[str, str] | None = None,
          headers: Mapping[str, str] | None = None, limit: int = 32 * 1024 * 1024,
          truncate: bool = False) -> Reply:
    """GET ``url`` following redirects (each hop checked by :func:`check_hop`) and read
    at most ``limit`` bytes of the answer (more: TooLargeError, or cut with ``truncate``).
    Inside a :func:`budget`, running out of it raises BudgetExceededError."""
    try:
        for _hop in range(MAX_REDIRECTS):
            request = http.build_request("GET", url, params=params, headers=headers)
            resp = http.send(request, stream=True)
            try:
                location = resp.headers.get("location")
                if resp.status_code in REDIRECTS and location:
                    url, params = urljoin(str(request.url), location), None
                    check_hop(str(request.url), url)
                    continue
                body = _read(resp, limit, truncate)
                nxt = resp.links.get("next", {}).get("url")
                return Reply(str(request.url), resp.status_code, resp.headers, body, request,
                             urljoin(str(request.url), nxt) if nxt else None)
            finally:
                resp.close()
    except httpx2.TimeoutException as exc:
        left = budget_left()
        if left is not None and left <= 0.05:
            raise BudgetExceededError("no complete answer within the time allowed") from exc
        raise
    raise NetError(f"more than {MAX_REDIRECTS} redirects")
