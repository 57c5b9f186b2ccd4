"""A thread-safe token bucket shared by every transfer of the app (optional bandwidth cap)."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class _Sleeper(Protocol):
    def sleep(self, seconds: float) -> None: ...


class TokenBucket:
    """Caps the summed byte rate; ``rate`` 0 means unlimited and can change at run time.

    The bucket holds at most one second of tokens so a paused transfer cannot burst far
    past the cap when it resumes.
    """

    def __init__(self, rate_bytes_per_s: int = 0) -> None:
        self._lock = threading.Lock()
        self._rate = max(0, rate_bytes_per_s)
        self._tokens = float(self._rate)
        self._stamp = time.monotonic()

    @property
    def rate(self) -> int:
        return self._rate

    def set_rate(self, rate_bytes_per_s: int) -> None:
        with self._lock:
            self._rate = max(0, rate_bytes_per_s)
            self._tokens = min(self._tokens, float(self._rate))

    def consume(self, n: int, sleeper: _Sleeper | None = None) -> None:
        """Take ``n`` tokens, sleeping (interruptibly through ``sleeper``) until there are."""
        while True:
            with self._lock:
                if self._rate <= 0:
                    return
                now = time.monotonic()
                refill = (now - self._stamp) * self._rate
                self._tokens = min(float(self._rate), self._tokens + refill)
                self._stamp = now
                # A chunk bigger than the bucket is let through on a full bucket, as debt.
                if self._tokens >= min(n, self._rate):
                    self._tokens -= n
                    return
                wait = (min(n, self._rate) - self._tokens) / self._rate
            if sleeper is not None:
                sleeper.sleep(wait)
            else:
                time.sleep(wait)
