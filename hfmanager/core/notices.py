"""Notices about the app's own local state that the user must hear about, once.

A broken settings field that fell back to its default, a database moved aside and
rebuilt, an app folder that is not a folder: the core repairs what it can and reports it
here; the front end shows it (the CLI on stderr, the window in its status bar and a
dialog). Core code only reports; it never prints. Until a front end installs a sink,
notices wait in a list, so nothing reported at start-up is lost.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from hfmanager.core.messages import Msg

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One thing the user should know: ``kind`` ("settings", "store", "app_dir"...),
    a plain-words ``message``, and the path concerned."""

    kind: str
    message: str
    path: str = ""
    # ``message`` as message codes (joined by a space), for the window to translate
    msgs: tuple[Msg, ...] = field(default=(), compare=False)


Sink = Callable[[Notice], None]

_lock = threading.Lock()
_pending: list[Notice] = []
_seen: set[tuple[str, str]] = set()
_sink: Sink | None = None


def said(kind: str, *parts: Msg, path: str = "") -> None:
    """:func:`report` of a message made of ``parts`` (codes the window translates)."""
    report(kind, " ".join(p.text() for p in parts), path, parts)


def report(kind: str, message: str, path: str = "", msgs: tuple[Msg, ...] = ()) -> None:
    """Tell the user ``message`` (each distinct message once per process)."""
    notice = Notice(kind, message, path, msgs)
    with _lock:
        if (kind, message) in _seen:
            return
        _seen.add((kind, message))
        sink = _sink
        if sink is None:
            _pending.append(notice)
    log.info("%s", message)  # the sink shows it; a log line is for diagnosis
    if sink is not None:
        sink(notice)


def set_sink(sink: Sink | None) -> list[Notice]:
    """Send later notices to ``sink``; returns (and forgets) those reported before."""
    global _sink
    with _lock:
        _sink = sink
        pending = list(_pending)
        _pending.clear()
    return pending


def remove_sink(sink: Sink) -> None:
    """Stop sending to ``sink`` if it is still the one installed (a window closing)."""
    global _sink
    with _lock:
        if _sink is sink:
            _sink = None


def pending() -> list[Notice]:
    """The notices no sink has taken yet (oldest first)."""
    with _lock:
        return list(_pending)


def reset() -> None:
    """Forget everything (tests; a new window in the same process)."""
    global _sink
    with _lock:
        _pending.clear()
        _seen.clear()
        _sink = None
