"""HTTP for the byte transfer: one body interface over two clients.

Direct connections (no proxy for that URL) use the keep-alive :mod:`http.client` pool of
:mod:`hfmanager.core.downloads.direct` (one system call per read: fast, and a dripping
server is seen).

Requests that go through a proxy keep httpx, which speaks HTTP and SOCKS proxies and
CONNECT tunnels with the configuration the rest of the app uses. :class:`Transport`
picks one per URL and follows redirects by hand, each hop checked against the job's token
policy (:func:`hfmanager.core.network.may_send_token`; https never goes on to http).
"""

from __future__ import annotations

import contextlib
import re
import ssl
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urljoin, urlsplit

from hfmanager.core import errors as err
from hfmanager.core import network
from hfmanager.core.downloads import fallback
from hfmanager.core.downloads.direct import DirectPool, untrusted_certificate
from hfmanager.core.downloads.stall import NetworkError as NetworkError
from hfmanager.core.downloads.stall import StallWatch
from hfmanager.core.lazyimport import lazy_module

if TYPE_CHECKING:
    import httpx2 as httpx
else:
    httpx = lazy_module("httpx2")  # loaded at the first transfer, not at start-up

READ_SIZE = 256 * 1024  # in hand at a kill -9 at most this (plus socket buffers)
CAPPED_READ_SIZE = 64 * 1024  # under a bandwidth cap: the rate and progress stay smooth
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")
# huggingface_hub's HUGGINGFACE_HEADER_X_XET_HASH: the Hub sends it on its /resolve answer
# (for LFS files the redirect, not the CDN's body), so it is kept from any hop.
XET_HASH_HEADER = "x-xet-hash"
KEPT_HEADERS = (XET_HASH_HEADER,)


def request_headers(user_agent: str, validator: str, start: int = 0,
                    end: int | None = None) -> dict[str, str]:
    """Headers of a GET for file bytes: no compression and, from ``start`` (to ``end``,
    exclusive) when that is not the whole file, a Range with the validator as If-Range."""
    headers = {"Accept-Encoding": "identity", "User-Agent": user_agent}
    if start or end is not None:
        headers["Range"] = f"bytes={start}-{'' if end is None else end - 1}"
        if validator:
            headers["If-Range"] = validator
    return headers


def read_size(limiter: object | None) -> int:
    """Bytes per socket read: smaller under a bandwidth cap (``limiter``)."""
    return READ_SIZE if limiter is None else CAPPED_READ_SIZE


def content_range(body: Body) -> tuple[int, int, str] | None:
    """A 206's Content-Range as (first byte, last byte, total or "*"); None if malformed."""
    m = _CONTENT_RANGE.fullmatch(body.header("content-range").strip())
    return None if m is None else (int(m.group(1)), int(m.group(2)), m.group(3))


def _cert_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate error behind an httpx exception, if that is what it is."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class Body(Protocol):
    """A response whose body is streamed into the cache."""

    @property
    def status_code(self) -> int: ...

    def header(self, name: str) -> str:
        """A response header's value ("" when absent), name case-insensitive."""
        ...

    def chunks(self, size: int) -> Iterator[bytes | memoryview]:
        """The body in pieces; raises :class:`NetworkError` on a network failure."""
        ...

    def drain(self) -> None:
        """Read a small rest of the body so that the connection can be reused."""
        ...

    def close(self) -> None: ...


class HttpxBody:
    """The same interface over a streamed httpx response (proxied requests)."""

    def __init__(self, resp: httpx.Response, watch: StallWatch) -> None:
        self._resp, self.watch = resp, watch

    @property
    def status_code(self) -> int:
        return self._resp.status_code

    def header(self, name: str) -> str:
        return self._resp.headers.get(name) or ""

    def chunks(self, size: int) -> Iterator[bytes]:
        pieces, watch, clock = self._resp.iter_raw(), self.watch, time.monotonic
        while True:
            began = clock()
            try:
                data = next(pieces, b"")
            except httpx.TimeoutException as exc:
                raise watch.timed_out(exc) from exc
            except httpx.TransportError as exc:
                raise NetworkError.of(exc) from exc
            if not data:
                return
            watch.add(len(data), clock() - began)
            yield data

    def drain(self) -> None:
        with contextlib.suppress(httpx.HTTPError):
            for _ in self._resp.iter_raw():
                pass

    def close(self) -> None:
        self._resp.close()


class HttpConfig(Protocol):
    """What :class:`Transport` reads of the engine's configuration (when it needs it)."""

    net: network.NetConfig
    connect_timeout: float
    stall_timeout: float
    stall_min_rate: int
    parallel_files: int
    ranges_per_file: int


class Transport:
    """The engine's GETs: a :class:`DirectPool` for direct connections, one shared httpx
    client for proxied ones, redirects followed by hand so that the token reaches only
    the endpoint's own host. Thread-safe; ``close()`` ends every connection (later calls
    open new ones)."""

    def __init__(self, config: HttpConfig) -> None:
        self.config = config
        self._client: httpx.Client | None = None
        self._direct: DirectPool | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
            if self._direct is not None:
                self._direct.close()
                self._direct = None

    def _httpx(self) -> httpx.Client:
        """One client shared by the file threads: its pool is thread-safe, and building a
        client per thread costs ~30 ms of TLS setup each (measured)."""
        with self._lock:
            if self._client is None:
                cfg = self.config
                timeout = httpx.Timeout(cfg.stall_timeout, connect=cfg.connect_timeout)
                n = max(4, cfg.parallel_files * 2, cfg.ranges_per_file * 2)
                limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
                # Mounts are made per client: closing a client closes its transports.
                self._client = httpx.Client(
                    timeout=timeout, follow_redirects=False, limits=limits,
                    verify=network.default_ssl_context(),
                    mounts=cfg.net.proxies.httpx_mounts(), trust_env=False)
            return self._client

    def _pool(self) -> DirectPool:
        with self._lock:
            if self._direct is None:
                cfg = self.config
                self._direct = DirectPool(
                    network.default_ssl_context(),
                    cfg.connect_timeout, cfg.stall_timeout, cfg.stall_min_rate)
            return self._direct

    def proxied(self, url: str) -> bool:
        """Whether a request to ``url`` goes through a proxy (then httpx sends it)."""
        return self.config.net.proxies.for_url(url) is not None

    def _open(self, url: str, headers: dict[str, str]) -> Body:
        if not self.proxied(url):
            return self._pool().get(url, headers)
        client = self._httpx()
        try:
            return HttpxBody(client.send(client.build_request("GET", url, headers=headers),
                                         stream=True),
                             StallWatch(self.config.stall_timeout, self.config.stall_min_rate))
        except httpx.TransportError as exc:
            cert = _cert_failure(exc)
            if cert is not None:
                raise untrusted_certificate(urlsplit(url).hostname or url, cert) from exc
            raise NetworkError.of(exc) from exc

    @contextlib.contextmanager
    def get(self, endpoint: str, url: str, headers: dict[str, str], name: str,
            kept: dict[str, str] | None = None) -> Iterator[Body]:
        """GET following redirects by hand: the token goes only where the job's policy
        allows (the endpoint's own origin), a hop from https to http is refused.
        ``kept`` receives the :data:`KEPT_HEADERS` any hop carried (lower-case names)."""
        for _hop in range(10):
            resp = self._open(url, {**headers, **self.config.net.authorization(url, endpoint)})
            if kept is not None:
                kept.update((h, v) for h in KEPT_HEADERS if (v := resp.header(h).strip()))
            location = resp.header("location")
            if resp.status_code in (301, 302, 303, 307, 308) and location:
                # Read the (tiny) body so the connection goes back to the pool: closing
                # it unread costs a new TCP connection per file (measured: 1 per file).
                resp.drain()
                resp.close()
                url, previous = urljoin(url, location), url
                fallback.check_redirect(self.config.net, endpoint, resp.status_code, url, name)
                if urlsplit(url).scheme not in ("http", "https"):
                    raise err.InsecureServerError(err.Reason.REFUSED_URL, filename=name,
                                                  url=url[:100], why=" (a redirect)")
                try:
                    network.check_hop(previous, url)
                except network.InsecureRedirectError as exc:
                    raise err.InsecureServerError(err.Reason.INSECURE_REDIRECT,
                                                  filename=name, detail=str(exc)) from exc
                continue
            try:
                yield resp
            finally:
                resp.close()
            return
        raise err.InsecureServerError(err.Reason.TOO_MANY_REDIRECTS, filename=name)
