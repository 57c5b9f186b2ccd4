"""HTTP for metadata calls (API, pages, probes): deadlines, the token policy on every
request, redirects checked hop by hop, answers read up to a cap."""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import httpcore2
import httpx2

from hfmanager.core.network.config import (
    InsecureRedirectError,
    NetConfig,
    NetError,
    check_hop,
    default_ssl_context,
)

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 10


class BudgetExceededError(NetError):
    """No complete answer within the call's time budget (a drip, a stall, a slow server)."""


class TooLargeError(NetError):
    """An answer larger than the call allows (an endless or absurd body)."""


_DEADLINE: ContextVar[float | None] = ContextVar("hfmanager_net_deadline", default=None)


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Every request made in this block (in this thread) ends ``seconds`` from now at the
    latest: each connect, send and read waits at most what is left."""
    deadline = time.monotonic() + seconds
    outer = _DEADLINE.get()
    token = _DEADLINE.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def budget_left() -> float | None:
    """Seconds left of the current :func:`budget` (None outside one)."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


def _cut(timeout: float | None, exc: type[Exception]) -> float | None:
    left = budget_left()
    if left is None:
        return timeout
    if left <= 0:
        raise exc("the time budget is spent")
    return left if timeout is None else min(timeout, left)


class _BudgetStream(httpcore2.NetworkStream):
    """A connection whose every wait is cut to the budget left (see :func:`budget`)."""

    def __init__(self, inner: httpcore2.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, _cut(timeout, httpcore2.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, _cut(timeout, httpcore2.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore2.NetworkStream:
        return _BudgetStream(self.inner.start_tls(
            ssl_context, server_hostname, _cut(timeout, httpcore2.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class _BudgetBackend(httpcore2.NetworkBackend):
    def __init__(self, inner: httpcore2.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore2.NetworkStream:
        return _BudgetStream(self.inner.connect_tcp(
            host, port, _cut(timeout, httpcore2.ConnectTimeout), local_address, socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore2.NetworkStream:
        return _BudgetStream(self.inner.connect_unix_socket(
            path, _cut(timeout, httpcore2.ConnectTimeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def _budgeted(transport: httpx2.HTTPTransport) -> httpx2.HTTPTransport:
    # httpx2 has no public setting for httpcore2's network backend, the only layer that
    # sees every socket wait (a per-read timeout never ends a drip). This is the one place
    # that reaches in; test_hostile_server's header drip fails if it ever stops working.
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if isinstance(backend, httpcore2.NetworkBackend):
        pool._network_backend = _BudgetBackend(backend)  # type: ignore[union-attr]
    return transport


class _PolicyTransport(httpx2.BaseTransport):
    """Every request gets the Authorization header the policy allows, and only that (a
    header set by a caller or kept by a redirect is dropped); a redirect from https to
    http is refused before it can be followed."""

    def __init__(self, inner: httpx2.BaseTransport, net: NetConfig) -> None:
        self.inner, self.net = inner, net

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        url = str(request.url)
        request.headers.pop("Authorization", None)
        request.headers.update(self.net.authorization(url))
        response = self.inner.handle_request(request)
        location = response.headers.get("location")
        if response.status_code in REDIRECTS and location:
            try:
                check_hop(url, urljoin(url, location))
            except InsecureRedirectError:
                response.close()
                raise
        return response

    def close(self) -> None:
        self.inner.close()


def client(net: NetConfig) -> httpx2.Client:
    """An httpx client for metadata requests of this job: its proxies, its token policy
    on every request, its stall timeouts; redirects are followed by :func:`fetch`."""
    lim = net.limits
    mounts: dict[str, httpx2.BaseTransport | None] = {
        pattern: None if t is None else _PolicyTransport(_budgeted(t), net)
        for pattern, t in net.proxies.httpx_mounts().items()}
    direct = _budgeted(httpx2.HTTPTransport(verify=default_ssl_context(), trust_env=False))
    return httpx2.Client(
        transport=_PolicyTransport(direct, net), mounts=mounts, trust_env=False,
        follow_redirects=False,
        timeout=httpx2.Timeout(lim.stall_timeout, connect=lim.connect_timeout))


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
