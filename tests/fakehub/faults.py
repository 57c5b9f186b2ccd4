"""Fault switches for the fake Hub: what can go wrong on the wire, settable per test.

A :class:`Fault` is attached globally or to one repo file path with
``fake_hub.faults.set(fault, path=None)``. For each request the server picks the fault for
the requested file (else the global one); if its ``times`` budget is used up it does
nothing. Status and header faults apply to every route (API, resolve, CDN, ``/``); body
faults apply only where a file's bytes are served (resolve without redirect, or the CDN).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_TEN_KB = "a" * 10_240

#: Ready-made hostile header sets for ``Fault(headers=HOSTILE["..."])``. Each one is
#: something a malicious mirror could send to make a careless client write outside its cache.
HOSTILE: dict[str, dict[str, str]] = {
    "etag_traversal": {"ETag": '"../../x"', "X-Linked-Etag": '"../../x"'},
    "etag_absolute": {"ETag": '"/tmp/evil"', "X-Linked-Etag": '"/tmp/evil"'},
    "etag_backslash": {"ETag": '"..\\..\\x"', "X-Linked-Etag": '"..\\..\\x"'},
    "etag_huge": {"ETag": f'"{_TEN_KB}"', "X-Linked-Etag": f'"{_TEN_KB}"'},
    "commit_traversal": {"X-Repo-Commit": "../../x"},
    "commit_absolute": {"X-Repo-Commit": "/tmp/evil"},
    "commit_bad": {"X-Repo-Commit": "not-a-commit-hash"},
    "commit_huge": {"X-Repo-Commit": _TEN_KB},
    "size_huge": {"X-Linked-Size": str(2**62)},
    "size_negative": {"X-Linked-Size": "-5"},
}


@dataclass
class Fault:
    """One misbehaviour of the server. All fields default to 'behave'.

    - ``status``: answer with this HTTP status (e.g. 503) instead of serving; with
      ``times=N`` this is "5xx N times then OK".
    - ``drop_after``: close the connection after sending this many body bytes of a response.
    - ``stall_seconds`` / ``stall_after``: after ``stall_after`` body bytes, send nothing for
      ``stall_seconds`` (headers are already out), then carry on.
    - ``ignore_range``: answer a Range request with 200 and the full body.
    - ``no_content_length``: omit Content-Length; body is chunked if ``chunked`` else
      delimited by closing the connection.
    - ``corrupt``: flip one byte (at file offset ``size // 2``) with correct headers.
    - ``rate``: throttle the body to this many bytes per second.
    - ``headers``: override response headers (see :data:`HOSTILE`).
    - ``drip_seconds`` / ``drip_after``: after ``drip_after`` body bytes, send the rest one
      byte every ``drip_seconds`` (a per-read timeout never fires; the body never ends).
    - ``encoding``: send the body content-encoded although the client asked for
      ``identity``: ``"gzip"`` compresses it (Content-Length is the compressed size), any
      other name only labels the plain bytes with ``Content-Encoding``.
    - ``route``: apply only to requests for this route: ``"root"`` (``/``), ``"info"``
      (revision info), ``"tree"`` (tree pages), ``"file"`` (resolve and CDN), ``"error"``.
    - ``redirect``: answer ``302 Location:`` this URL instead (``{path}`` is replaced by
      the request target), e.g. the same host and port over ``http://``.
    - ``json``: rewrite the JSON of an API answer (info, tree) before it is sent;
      ``raw``: send these bytes as the answer's body instead (non-file answers).
    - ``answer_drip``: send a non-file answer's body one byte every this many seconds
      (with ``answer_drip_headers`` the status line and headers too); ``endless``: its
      body never ends (no Content-Length, until the client hangs up).
    - ``link_origin``: tree pages link their next page on this origin (another host);
      ``endless_pages``: every page links a next one (past the end: empty pages);
      ``repeat_cursor``: the next-page link always points at the first page again.
    - ``delay``: wait this many seconds before answering at all (a slow or distant server).
    - ``methods``: which request methods the fault applies to (default GET only).
    - ``times``: how many requests it applies to; ``None`` = every matching request.
    """

    status: int | None = None
    drop_after: int | None = None
    stall_seconds: float = 0.0
    stall_after: int = 0
    ignore_range: bool = False
    no_content_length: bool = False
    chunked: bool = True
    corrupt: bool = False
    rate: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    route: str | None = None
    redirect: str | None = None
    json: Callable[[Any], Any] | None = None
    raw: bytes | None = None
    answer_drip: float = 0.0
    answer_drip_headers: bool = False
    endless: bool = False
    link_origin: str | None = None
    endless_pages: bool = False
    repeat_cursor: bool = False
    drip_seconds: float = 0.0
    drip_after: int = 0
    encoding: str | None = None
    delay: float = 0.0
    methods: frozenset[str] = frozenset({"GET"})
    times: int | None = None
    applied: int = 0  # how many requests this fault has affected so far


class Faults:
    """The fault switchboard of one :class:`~fakehub.server.FakeHub` (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._global: Fault | None = None
        self._per_path: dict[str, Fault] = {}

    def set(self, fault: Fault, path: str | None = None) -> Fault:
        """Install ``fault`` for one repo file path (any repo); globally when ``path`` is None."""
        with self._lock:
            if path is None:
                self._global = fault
            else:
                self._per_path[path] = fault
        return fault

    def clear(self, path: str | None = None) -> None:
        """Remove one path's fault, or every fault when ``path`` is None."""
        with self._lock:
            if path is None:
                self._global = None
                self._per_path.clear()
            else:
                self._per_path.pop(path, None)

    def take(self, method: str, paths: tuple[str, ...],
             route: str | None = None) -> Fault | None:
        """The fault for this request, consuming one of its ``times``; None to behave."""
        with self._lock:
            fault = next((self._per_path[p] for p in paths if p in self._per_path), None)
            if fault is None:
                fault = self._global
            if fault is None or method not in fault.methods:
                return None
            if fault.route is not None and fault.route != route:
                return None
            if fault.times is not None and fault.applied >= fault.times:
                return None
            fault.applied += 1
            return fault
