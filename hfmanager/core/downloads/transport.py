"""HTTP for the byte transfer: one body interface over two clients.

Direct connections (no proxy for that URL) use :mod:`http.client`, kept alive per thread,
and read the body with ``readinto`` into 256 KiB buffers: one ``recv_into`` per read,
straight into memory that is then written and hashed without another copy. httpx hands a
body over through h11 in pieces of at most 64 KiB that are copied twice and parsed in
Python: on loopback (512 MiB, 2 cores) reading that way took 0.57 s, ``readinto`` 0.13 s.

Requests that go through a proxy keep httpx, which speaks HTTP and SOCKS proxies and
CONNECT tunnels with the configuration the rest of the app uses.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
from collections.abc import Iterator
from typing import Protocol
from urllib.parse import urlsplit

import httpx2 as httpx

from hfmanager.core.downloads import errors as err

READ_SIZE = 256 * 1024  # in hand at a kill -9 at most this (plus socket buffers)
_DRAIN_LIMIT = 64 * 1024  # a redirect's body is read (to reuse the connection) up to this
# Reasons to resend a request once on a fresh connection: the server closed an idle
# keep-alive connection while it sat in the pool (nothing of the request was processed).
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
          ConnectionAbortedError)


class NetworkError(Exception):
    """A connection, send, read or timeout failure: retry and resume."""


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
    """Connect within ``timeout``; afterwards a read may wait ``read_timeout`` (stall)."""

    read_timeout: float | None = None

    def connect(self) -> None:
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _TLSConnection(http.client.HTTPSConnection):
    read_timeout: float | None = None

    def connect(self) -> None:
        super().connect()  # TCP connect and TLS handshake, both within ``timeout``
        self.sock.settimeout(self.read_timeout)


_Key = tuple[str, str, int]


class DirectResponse:
    """A response read from an :mod:`http.client` connection of a :class:`DirectPool`."""

    def __init__(self, resp: http.client.HTTPResponse, conn: http.client.HTTPConnection,
                 pool: DirectPool, key: _Key) -> None:
        self._resp, self._conn, self._pool, self._key = resp, conn, pool, key

    @property
    def status_code(self) -> int:
        return self._resp.status

    def header(self, name: str) -> str:
        return self._resp.getheader(name) or ""

    def chunks(self, size: int) -> Iterator[memoryview]:
        read = self._resp.readinto
        buf = bytearray(size)
        while True:
            try:
                n = read(buf)
            except (OSError, http.client.HTTPException) as exc:
                raise NetworkError(str(exc) or type(exc).__name__) from exc
            if not n:
                return
            if n >= size // 2:  # hand the buffer over (no copy) and read into a new one
                yield memoryview(buf)[:n]
                buf = bytearray(size)
            else:  # a short read: copy it out and keep the big buffer
                yield memoryview(bytes(buf[:n]))

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
                 read_timeout: float) -> None:
        self._ssl, self._connect_timeout, self._read_timeout = (
            ssl_context, connect_timeout, read_timeout)
        self._local = threading.local()
        self._all: set[http.client.HTTPConnection] = set()
        self._lock = threading.Lock()
        self._closed = False

    def _idle(self) -> dict[_Key, http.client.HTTPConnection]:
        idle: dict[_Key, http.client.HTTPConnection] | None = getattr(self._local, "idle", None)
        if idle is None:
            idle = self._local.idle = {}
        return idle

    def _new(self, key: _Key) -> http.client.HTTPConnection:
        scheme, host, port = key
        conn: _Connection | _TLSConnection
        if scheme == "https":
            conn = _TLSConnection(host, port, timeout=self._connect_timeout, context=self._ssl)
        else:
            conn = _Connection(host, port, timeout=self._connect_timeout)
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
            raise err.DownloadError(f"refusing to request {url[:100]!r}")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise err.DownloadError(f"refusing to request {url[:100]!r}: {exc}") from exc
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
                resp = conn.getresponse()
            except http.client.InvalidURL as exc:  # control characters in a redirect
                self.discard(conn)
                raise err.DownloadError(f"refusing to request {url[:100]!r}: {exc}") from exc
            except (OSError, http.client.HTTPException) as exc:
                self.discard(conn)
                if reused and attempt == 1 and isinstance(exc, _STALE):
                    continue
                if isinstance(exc, socket.timeout):
                    raise NetworkError(f"timed out talking to {parts.hostname}") from exc
                raise NetworkError(str(exc) or type(exc).__name__) from exc
            return DirectResponse(resp, conn, self, key)
        raise AssertionError("unreachable")  # pragma: no cover

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
        with self._lock:
            self._closed = True
            conns, self._all = list(self._all), set()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.close()


class HttpxBody:
    """The same interface over a streamed httpx response (proxied requests)."""

    def __init__(self, resp: httpx.Response) -> None:
        self._resp = resp

    @property
    def status_code(self) -> int:
        return self._resp.status_code

    def header(self, name: str) -> str:
        return self._resp.headers.get(name) or ""

    def chunks(self, size: int) -> Iterator[bytes]:
        try:
            yield from self._resp.iter_raw()
        except httpx.TransportError as exc:
            raise NetworkError(str(exc) or type(exc).__name__) from exc

    def drain(self) -> None:
        with contextlib.suppress(httpx.HTTPError):
            for _ in self._resp.iter_raw():
                pass

    def close(self) -> None:
        self._resp.close()
