"""HTTP for the byte transfer: one body interface over two clients.

Direct connections (no proxy for that URL) use :mod:`http.client`, kept alive per thread,
and read the body with ``read1``: one ``recv_into`` (of at most 256 KiB) per read,
straight into the bytes that are then written and hashed without another copy. httpx
hands a body over through h11 in pieces of at most 64 KiB that are copied twice and
parsed in Python: on loopback (512 MiB, 2 cores) reading that way took 0.57 s, ours 0.13 s.
(``readinto`` fills its whole buffer before it returns, so a server dripping a byte now
and then kept it waiting with no end: one system call per read is what lets
:class:`StallWatch` see the drip.)

Requests that go through a proxy keep httpx, which speaks HTTP and SOCKS proxies and
CONNECT tunnels with the configuration the rest of the app uses. :class:`Transport`
picks one per URL and follows redirects by hand, each hop checked against the job's token
policy (:func:`hfmanager.core.network.may_send_token`; https never goes on to http).
"""

from __future__ import annotations

import contextlib
import http.client
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx

from hfmanager.core import network
from hfmanager.core.downloads import errors as err
from hfmanager.core.downloads.stall import NetworkError as NetworkError
from hfmanager.core.downloads.stall import StalledReadError, StallWatch, Watchdog

READ_SIZE = 256 * 1024  # in hand at a kill -9 at most this (plus socket buffers)
CAPPED_READ_SIZE = 64 * 1024  # under a bandwidth cap: the rate and progress stay smooth
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")
_DRAIN_LIMIT = 64 * 1024  # a redirect's body is read (to reuse the connection) up to this
# huggingface_hub's HUGGINGFACE_HEADER_X_XET_HASH: the Hub sends it on its /resolve answer
# (for LFS files the redirect, not the CDN's body), so it is kept from any hop.
XET_HASH_HEADER = "x-xet-hash"
KEPT_HEADERS = (XET_HASH_HEADER,)
# Reasons to resend a request once on a fresh connection: the server closed an idle
# keep-alive connection while it sat in the pool (nothing of the request was processed).
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
          ConnectionAbortedError)


def _refused(url: str, why: object = None) -> err.DownloadError:
    return err.DownloadError(f"refusing to request {url[:100]!r}" + (f": {why}" if why else ""))


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


def untrusted_certificate(host: str, exc: BaseException) -> err.DownloadError:
    """A TLS certificate that does not verify: retrying cannot help, saying why can."""
    reason = getattr(exc, "verify_message", "") or str(exc)
    return err.DownloadError(
        f"The TLS certificate of {host} is not trusted ({reason}). If a company proxy or a "
        "self-hosted mirror uses its own certificate authority, point SSL_CERT_FILE at "
        "that CA's bundle and try again.")


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


class _Connection(http.client.HTTPConnection):
    """Connects (when ``request`` first needs it: after the URL was validated) within
    ``timeout``; afterwards each read may wait ``read_timeout`` (stall detection)."""

    read_timeout: float | None = None

    def connect(self) -> None:
        super().connect()  # HTTPS: the TLS handshake too (the MRO puts it here)
        self.sock.settimeout(self.read_timeout)


class _TLSConnection(_Connection, http.client.HTTPSConnection):
    pass


_Key = tuple[str, str, int]


class DirectResponse:
    """A response read from an :mod:`http.client` connection of a :class:`DirectPool`."""

    def __init__(self, resp: http.client.HTTPResponse, conn: http.client.HTTPConnection,
                 pool: DirectPool, key: _Key) -> None:
        self._resp, self._conn, self._pool, self._key = resp, conn, pool, key
        self.watch = pool.watch()

    @property
    def status_code(self) -> int:
        return self._resp.status

    def header(self, name: str) -> str:
        return self._resp.getheader(name) or ""

    def chunks(self, size: int) -> Iterator[bytes]:
        resp, watch, clock = self._resp, self.watch, time.monotonic
        while True:
            began = clock()
            try:
                data = resp.read1(size)  # one recv: the watch sees every byte's wait
            except TimeoutError as exc:  # the socket's per-read timeout: nothing at all
                raise watch.timed_out(exc) from exc
            except (OSError, http.client.HTTPException) as exc:
                raise NetworkError.of(exc) from exc
            if not data:
                return
            watch.add(len(data), clock() - began)
            if resp.length == 0:
                resp.read()  # the declared end: marks the response done (connection reusable)
            yield data

    def drain(self) -> None:
        with contextlib.suppress(OSError, http.client.HTTPException):
            self._resp.read(_DRAIN_LIMIT)

    def close(self) -> None:
        resp = self._resp
        # Reusable only after a clean end: the whole declared body read (an early close
        # by the server also ends the read, with bytes still missing), not "close".
        if resp.isclosed() and not resp.will_close and (resp.length in (None, 0)):
            self._pool.give_back(self._key, self._conn)
        else:
            resp.close()
            self._pool.discard(self._conn)


class DirectPool:
    """Keep-alive :mod:`http.client` connections, one per host for each thread."""

    def __init__(self, ssl_context: ssl.SSLContext, connect_timeout: float,
                 read_timeout: float, stall_min_rate: int = 0) -> None:
        self._ssl, self._connect_timeout, self._read_timeout = (
            ssl_context, connect_timeout, read_timeout)
        self._stall_min_rate = stall_min_rate
        self._watchdog = Watchdog()
        self._local = threading.local()
        self._all: set[http.client.HTTPConnection] = set()
        self._lock = threading.Lock()
        self._closed = False

    def watch(self) -> StallWatch:
        """A fresh stall watch for one response body."""
        return StallWatch(self._read_timeout, self._stall_min_rate)

    def _idle(self) -> dict[_Key, http.client.HTTPConnection]:
        idle: dict[_Key, http.client.HTTPConnection] | None = getattr(self._local, "idle", None)
        if idle is None:
            idle = self._local.idle = {}
        return idle

    def _new(self, key: _Key) -> http.client.HTTPConnection:
        scheme, host, port = key
        conn = (_TLSConnection(host, port, timeout=self._connect_timeout, context=self._ssl)
                if scheme == "https" else
                _Connection(host, port, timeout=self._connect_timeout))
        conn.read_timeout = self._read_timeout
        with self._lock:
            if self._closed:
                raise NetworkError("the downloader was closed")
            self._all.add(conn)
        return conn

    def get(self, url: str, headers: dict[str, str]) -> DirectResponse:
        """Send a GET and return once the status and headers are in."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _refused(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise _refused(url, exc) from exc
        key = (parts.scheme, parts.hostname, port)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        idle = self._idle()
        for attempt in (1, 2):
            conn = idle.pop(key, None)
            reused = conn is not None
            if conn is None:
                conn = self._new(key)
            try:
                conn.request("GET", target, headers=headers)
                resp = self._answer(conn)
            except StalledReadError:
                self.discard(conn)
                raise
            except http.client.InvalidURL as exc:  # control characters in a redirect
                self.discard(conn)
                raise _refused(url, exc) from exc
            except (OSError, http.client.HTTPException) as exc:
                self.discard(conn)
                if isinstance(exc, ssl.SSLCertVerificationError):
                    raise untrusted_certificate(parts.hostname, exc) from exc
                if reused and attempt == 1 and isinstance(exc, _STALE):
                    continue
                if isinstance(exc, socket.timeout):
                    raise NetworkError(f"timed out talking to {parts.hostname}") from exc
                raise NetworkError.of(exc) from exc
            return DirectResponse(resp, conn, self, key)
        raise AssertionError("unreachable")  # pragma: no cover

    def _answer(self, conn: http.client.HTTPConnection) -> http.client.HTTPResponse:
        """The status line and headers, all in within twice the stall timeout."""
        limit = 2 * self._read_timeout
        ticket = self._watchdog.arm(conn.sock, limit)
        try:
            resp = conn.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            if not self._watchdog.disarm(ticket):
                raise StalledReadError(f"no complete answer in {limit:g} s") from exc
            raise
        if not self._watchdog.disarm(ticket):  # cut just as the headers came in
            resp.close()
            raise StalledReadError(f"no complete answer in {limit:g} s")
        return resp

    def give_back(self, key: _Key, conn: http.client.HTTPConnection) -> None:
        idle = self._idle()
        old = idle.pop(key, None)
        if old is not None and old is not conn:
            self.discard(old)
        idle[key] = conn

    def discard(self, conn: http.client.HTTPConnection) -> None:
        conn.close()
        with self._lock:
            self._all.discard(conn)

    def close(self) -> None:
        """Close every connection of every thread (a closed pool makes no new ones)."""
        self._watchdog.close()
        with self._lock:
            self._closed = True
            conns, self._all = list(self._all), set()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.close()


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
                if urlsplit(url).scheme not in ("http", "https"):
                    raise err.DownloadError(f"{name}: refusing redirect to {url[:100]!r}", name)
                try:
                    network.check_hop(previous, url)
                except network.InsecureRedirectError as exc:
                    raise err.DownloadError(f"{name}: {exc}", name) from exc
                continue
            try:
                yield resp
            finally:
                resp.close()
            return
        raise err.DownloadError(f"{name}: too many redirects", name)
