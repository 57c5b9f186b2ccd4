"""Reconcile: a local revision (an import made without the Hub) checked against the Hub.

What ``hfmanager import --repo REPO_ID --reconcile`` does, from the window: the local
snapshot's files are matched against the revision's commits (its head, else its history)
and, when the Hub has them all, the commit replaces the local revision. The work runs
through :class:`~hfmanager.ui.bridge.Op`; the outcome says what happened, in the words
of the import dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from hfmanager.core.transfer.importer import ImportResult
from hfmanager.ui.bridge import Op
from hfmanager.ui.dialogs.import_dialog import describe
from hfmanager.ui.dialogs.runfooter import add_run_footer, say, show_running

# (revision, progress) -> result; the repo is bound by whoever opens the dialog
Reconciler = Callable[[str, Callable[[Any], None]], ImportResult]


class ReconcileDialog(QDialog):
    """The repo, its local revision, the Hub revision to check against, and Reconcile."""

    reconciled = Signal(object)  # ImportResult

    def __init__(self, repo_id: str, local: str, run: Reconciler,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run = run
        self.op: Op[ImportResult] | None = None
        self.setWindowTitle(self.tr("Reconcile with the Hub"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "%1 has a local revision %2, imported without the Hub. Check its files against "
            "the Hub's commits: when the Hub has them all, its commit replaces the local "
            "revision.").replace("%1", repo_id).replace("%2", local[:12]))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.revision = QLineEdit("main")
        form.addRow(self.tr("Revision:"), self.revision)
        layout.addLayout(form)
        self.progress, self.outcome, self.buttons, self.start = add_run_footer(
            self, layout, self.tr("&Reconcile"), self._on_start_clicked)

    def _say(self, text: str) -> None:
        say(self, self.outcome, text)

    def _on_start_clicked(self) -> None:
        revision = self.revision.text().strip() or "main"
        show_running(self.progress, self.outcome, self.start, 0)
        run = self._run
        self.op = Op(self, lambda emit: run(revision, emit), self._on_op_done)
        self.op.failure(self._on_op_failed).progress(self._on_op_progress).run()

    def _on_op_progress(self, value: Any) -> None:
        _phase, done, total = value
        self.progress.setFormat(self.tr("Checking %p%"))
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / total) if total else 1000)

    def _on_op_failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.start.setEnabled(True)
        self._say(self.tr("The local revision stays: %1").replace("%1", str(exc)))

    def _on_op_done(self, result: ImportResult) -> None:
        self.progress.setVisible(False)
        self.start.setEnabled(not result.reconciled)  # done: nothing left to reconcile
        text = describe(result)
        if not result.reconciled:
            text += "\n" + self.tr("The local revision stays: the Hub does not have all "
                                   "of its files.")
        self._say(text)
        self.reconciled.emit(result)
