"""The time budget of a block of requests: one deadline per thread (a context variable)
that every socket wait of the HTTP stack is cut to (see ``transports``)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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


def cut(timeout: float | None, exc: type[Exception]) -> float | None:
    left = budget_left()
    if left is None:
        return timeout
    if left <= 0:
        raise exc("the time budget is spent")
    return left if timeout is None else min(timeout, left)
