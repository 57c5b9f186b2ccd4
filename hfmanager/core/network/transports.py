"""The HTTP stack under :func:`session.client`: the token policy on every request and
socket waits cut to the time budget. Kept apart so that httpx2 and httpcore2 (a quarter of
a second to import) load with the first client, not with the window."""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin

import httpcore2
import httpx2

from hfmanager.core.network.config import (
    REDIRECTS,
    InsecureRedirectError,
    NetConfig,
    check_hop,
    default_ssl_context,
)
from hfmanager.core.network.deadline import cut as _cut


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
