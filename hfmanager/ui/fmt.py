"""Human-readable sizes and dates for the UI (1024-based sizes in KiB/MiB/GiB, relative
dates)."""

from __future__ import annotations

import re
import time
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QClipboard, QGuiApplication

# Re-exported: one size format for core, CLI and UI.
from hfmanager.core.text import human_size as human_size


def _tr(text: str) -> str:
    return QCoreApplication.translate("fmt", text)


# (upper bound in seconds, unit in seconds, singular text, plural text). Two source
# strings per unit instead of Qt's %n plurals so English needs no .qm file.
_STEPS = (
    (3600, 60, QT_TRANSLATE_NOOP("fmt", "1 minute ago"),
     QT_TRANSLATE_NOOP("fmt", "{n} minutes ago")),
    (86400, 3600, QT_TRANSLATE_NOOP("fmt", "1 hour ago"),
     QT_TRANSLATE_NOOP("fmt", "{n} hours ago")),
    (86400 * 30, 86400, QT_TRANSLATE_NOOP("fmt", "1 day ago"),
     QT_TRANSLATE_NOOP("fmt", "{n} days ago")),
    (86400 * 365, 86400 * 30, QT_TRANSLATE_NOOP("fmt", "1 month ago"),
     QT_TRANSLATE_NOOP("fmt", "{n} months ago")),
    (float("inf"), 86400 * 365, QT_TRANSLATE_NOOP("fmt", "1 year ago"),
     QT_TRANSLATE_NOOP("fmt", "{n} years ago")),
)


def relative_time(ts: float, now: float | None = None) -> str:
    """``3 days ago`` style; '-' when the time is unknown (0)."""
    if ts <= 0:
        return "-"
    now = time.time() if now is None else now
    delta = max(0.0, now - ts)
    if delta < 60:
        return QCoreApplication.translate("fmt", "just now")
    for limit, unit, one, many in _STEPS:
        if delta < limit:
            n = int(delta // unit)
            return _tr(one) if n == 1 else _tr(many).format(n=n)
    return "-"  # pragma: no cover - the last step has no upper bound


def exact_time(ts: float) -> str:
    """Local date and time for tooltips."""
    if ts <= 0:
        return QCoreApplication.translate("fmt", "unknown")
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


_LONG_TOKEN = re.compile(r"\S{21,}")


def wrappable(text: str) -> str:
    """Let a word-wrapped label break a long file name or path after ``_ . / - \\``
    (zero-width spaces, display only): one unbreakable name set the label's minimum
    width and made a narrow pane scroll sideways."""
    return _LONG_TOKEN.sub(lambda m: re.sub(r"([_./\\-])", "\\1\u200b", m.group(0)), text)


def clean_copies(app: QGuiApplication) -> None:
    """Text copied from a label shown through :func:`wrappable` (or the Details pane's
    paths) would carry its zero-width spaces: a pasted path would not work. Drop them."""
    clipboard = app.clipboard()

    def clean(mode: QClipboard.Mode) -> None:
        text = clipboard.text(mode)
        ours = clipboard.ownsClipboard() or (  # platforms that cannot tell: we are in front
            app.applicationState() == Qt.ApplicationState.ApplicationActive)
        if "\u200b" in text and ours:
            clipboard.setText(text.replace("\u200b", ""), mode)

    clipboard.dataChanged.connect(lambda: clean(QClipboard.Mode.Clipboard))
    clipboard.selectionChanged.connect(lambda: clean(QClipboard.Mode.Selection))
