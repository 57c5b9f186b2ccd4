"""Direct connections for the byte transfer: a keep-alive :mod:`http.client` pool.

Used by :class:`~hfmanager.core.downloads.transport.Transport` for every URL that goes
through no proxy. Connections are kept alive per thread and per host; a body is read with
``read1``: one ``recv_into`` (of at most 256 KiB) per read, straight into the bytes that
are then written and hashed without another copy (httpx's h11 pieces are copied twice:
on loopback, 512 MiB on 2 cores, 0.57 s against 0.13 s here). One system call per read
is also what lets :class:`~hfmanager.core.downloads.stall.StallWatch` see a server that
drips a byte now and then (``readinto`` would wait to fill its whole buffer).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

from hfmanager.core import errors as err
from hfmanager.core.downloads.stall import NetworkError, StalledReadError, StallWatch, Watchdog

_DRAIN_LIMIT = 64 * 1024  # a redirect's body is read (to reuse the connection) up to this
# Reasons to resend a request once on a fresh connection: the server closed an idle
# keep-alive connection while it sat in the pool (nothing of the request was processed).
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
          ConnectionAbortedError)



def _refused(url: str, why: object = None) -> err.DownloadError:
    return err.DownloadError(err.Reason.REFUSED_URL, url=url[:100],
                             why=f": {why}" if why else "")


def untrusted_certificate(host: str, exc: BaseException) -> err.DownloadError:
    """A TLS certificate that does not verify: retrying cannot help, saying why can."""
    detail = getattr(exc, "verify_message", "") or str(exc)
    return err.DownloadError(err.Reason.UNTRUSTED_CERTIFICATE, host=host, detail=detail)


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
