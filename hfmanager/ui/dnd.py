"""Hub URLs dropped on a widget: the Downloads page and the add-download dialog share this."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QDragEnterEvent


def accept_url_drag(event: QDragEnterEvent) -> None:
    """Accept drags that carry a URL or text (a Hub link copied from a browser)."""
    if event.mimeData().hasUrls() or event.mimeData().hasText():
        event.acceptProposedAction()


def dropped_text(mime: QMimeData) -> str:
    """The first URL of a drop, else its text, stripped."""
    return (mime.urls()[0].toString() if mime.hasUrls() else mime.text()).strip()
