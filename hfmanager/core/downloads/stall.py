"""Network failures of the byte transfer, and how a stalled body is told from a slow one."""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
import time

__all__ = ["NetworkError", "StallWatch", "StalledReadError", "Watchdog"]


class NetworkError(Exception):
    """A connection, send, read or timeout failure: retry and resume."""

    @classmethod
    def of(cls, exc: BaseException) -> NetworkError:
        return cls(str(exc) or type(exc).__name__)


class StalledReadError(NetworkError):
    """A body brought (almost) nothing for a whole stall window: a hang or a drip."""


class StallWatch:
    """A body stalls when its reads wait ``window`` seconds (in all) for fewer than
    ``min_rate`` bytes a second: a server that drips a byte every few seconds never
    trips the per-read timeout, and would hold a download forever. Only time spent
    waiting in a read counts, so a bandwidth cap (which sleeps between reads) never
    looks like a stall."""

    def __init__(self, window: float, min_rate: int) -> None:
        self.window, self.min_rate = window, min_rate
        self._waited, self._got = 0.0, 0

    def timed_out(self, exc: BaseException) -> StalledReadError:
        """The error for a read that waited a whole window for nothing."""
        return StalledReadError(f"no data for {self.window:g} s ({exc or 'timed out'})")

    def add(self, n: int, waited: float) -> None:
        """Count one read; raise :class:`StalledReadError` at the end of a slow window."""
        self._waited += waited
        self._got += n
        if self._waited < self.window:
            return
        if self._got < self.min_rate * self.window:
            raise StalledReadError(
                f"{self._got} bytes in {self._waited:.0f} s (under {self.min_rate} bytes/s)")
        self._waited, self._got = 0.0, 0


class Watchdog:
    """Cuts a connection whose answer (status line and headers) is not in by a deadline:
    http.client reads them line by line, so a server that drips them a byte at a time
    never trips the per-read timeout. One thread serves every request of a pool (a
    timer thread per request cost ~0.5 ms each, measured)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, socket.socket]] = {}
        self._fired: set[int] = set()
        self._tickets = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False

    def arm(self, sock: socket.socket, seconds: float) -> int:
        """Watch ``sock`` for ``seconds``; the ticket is for :meth:`disarm`."""
        with self._cond:
            ticket = next(self._tickets)
            self._armed[ticket] = (time.monotonic() + seconds, sock)
            if self._thread is None and not self._closed:
                self._thread = threading.Thread(target=self._run, name="hfm-watchdog",
                                                daemon=True)
                self._thread.start()
            self._cond.notify()
            return ticket

    def disarm(self, ticket: int) -> bool:
        """Stop watching; False when the deadline had passed (the socket was cut)."""
        with self._cond:
            self._armed.pop(ticket, None)
            if ticket in self._fired:
                self._fired.discard(ticket)
                return False
            return True

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                for ticket, (due, sock) in list(self._armed.items()):
                    if due <= now:
                        del self._armed[ticket]
                        self._fired.add(ticket)
                        with contextlib.suppress(OSError):
                            sock.shutdown(socket.SHUT_RDWR)  # the read waiting on it ends
                nxt = min((due for due, _ in self._armed.values()), default=None)
                self._cond.wait(None if nxt is None else max(0.0, nxt - now))
