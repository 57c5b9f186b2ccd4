"""Shows what the core repaired or could not do in the window: never only in a log.

Core notices (:mod:`hfmanager.core.notices`: a settings field that fell back to its
default, a database moved aside and rebuilt, the queue recovered, an app folder that is
a file) and features that failed to install appear as a warning in the status bar and
in one dialog, opened with ``open()`` (never ``exec()``: it would nest the event loop
under qasync). Notices may be reported from any thread; a queued signal brings them to
the GUI thread.
"""

from __future__ import annotations

import html

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from hfmanager.core import notices
from hfmanager.core.notices import Notice
from hfmanager.ui import messages


def _text(notice: Notice) -> str:
    """A notice in the window's language (its English when it has no message codes)."""
    return " ".join(map(messages.text, notice.msgs)) or notice.message


class StateNotices(QObject):
    """The window's list of notices: a status-bar link and a non-modal dialog."""

    arrived = Signal(object)  # Notice, from any thread

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.items: list[Notice] = []
        self.box: QMessageBox | None = None
        self.label = QLabel()
        self.label.setObjectName("stateNotice")
        self.label.setVisible(False)
        self.label.linkActivated.connect(lambda _link: self.show_dialog())
        window.statusBar().addPermanentWidget(self.label)
        self.arrived.connect(self._on_arrived)
        self._sink = self._emit_if_alive
        for notice in notices.set_sink(self._sink):  # reported while the app started
            self._add(notice)
        if self.items:
            QTimer.singleShot(0, self, self.show_dialog)  # once the window is up
        self.destroyed.connect(lambda *_: notices.remove_sink(self._sink))

    def _emit_if_alive(self, notice: Notice) -> None:
        if shiboken6.isValid(self):
            self.arrived.emit(notice)

    def add(self, kind: str, message: str) -> None:
        """A notice from the UI itself (a page that failed to install)."""
        self._on_arrived(Notice(kind, message))

    def _on_arrived(self, notice: Notice) -> None:
        self._add(notice)
        QTimer.singleShot(0, self, self.show_dialog)  # once the window is up

    def _add(self, notice: Notice) -> None:
        if notice in self.items:
            return
        self.items.append(notice)
        self.label.setText(self.tr('\u26a0 <a href="#">{n} problem(s) with hfmanager\'s '
                                   "own files</a>").format(n=len(self.items)))
        self.label.setToolTip("\n\n".join(map(_text, self.items)))
        self.label.setVisible(True)
        if self.box is not None and shiboken6.isValid(self.box):
            self.box.setInformativeText(self._details())

    def _details(self) -> str:
        return "".join(f"<p>{html.escape(_text(n))}</p>" for n in self.items)

    def show_dialog(self) -> None:
        """Open (or refresh) the dialog listing every notice; it does not block."""
        if not self.items:
            return
        if self.box is not None and shiboken6.isValid(self.box):
            self.box.setInformativeText(self._details())
            if self.box.isVisible():
                return
        else:
            self.box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("hfmanager"),
                self.tr("Some of hfmanager's own files were broken or could not be used. "
                        "The app repaired what it could and opened anyway:"),
                QMessageBox.StandardButton.Ok, self.window)
            self.box.setObjectName("stateNoticeDialog")
            self.box.setInformativeText(self._details())
        self.box.open()
