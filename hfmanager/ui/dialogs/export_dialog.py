"""Export snapshot: a cached revision as a plain folder of real files, with progress.

The copy runs through :class:`~hfmanager.ui.bridge.Op`; open the dialog with ``open()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.inventory.repomodel import Repo
from hfmanager.core.transfer.exporter import ExportResult
from hfmanager.ui.bridge import Op
from hfmanager.ui.dialogs.import_dialog import folder_row
from hfmanager.ui.dialogs.runfooter import add_run_footer, say, show_running
from hfmanager.ui.fmt import human_size

# (repo, revision, destination, mode, progress) -> result
Exporter = Callable[[Repo, str, str, str, Callable[[Any], None]], ExportResult]


class ExportDialog(QDialog):
    """Revision, destination folder (new or empty) and copy or hard links."""

    exported = Signal(object)  # ExportResult

    def __init__(self, repo: Repo, run: Exporter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo, self._run = repo, run
        self.op: Op[ExportResult] | None = None
        self.setWindowTitle(self.tr("Export snapshot"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Copy %1 out of the cache as a plain folder of files, for "
                               "apps that want one.").replace("%1", repo.repo_id))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.revision = QComboBox()
        for rev in repo.revisions:
            label = ", ".join(rev.refs) if rev.refs else rev.commit_hash[:12]
            self.revision.addItem(f"{label} ({human_size(rev.size_on_disk)})", rev.commit_hash)
        form.addRow(self.tr("Revision:"), self.revision)
        self.dest = QLineEdit()
        self.dest.setPlaceholderText(self.tr("a new or empty folder"))
        form.addRow(self.tr("To folder:"), folder_row(self, self.dest, self.tr("Export to")))
        self.mode = QComboBox()
        self.mode.addItem(self.tr("Copy (shares space where the drive can)"), "copy")
        self.mode.addItem(self.tr("Hard links (no extra space; editing edits the cache)"),
                          "link")
        form.addRow(self.tr("Files:"), self.mode)
        layout.addLayout(form)
        self.progress, self.outcome, self.buttons, self.start = add_run_footer(
            self, layout, self.tr("&Export"), self._on_start_clicked)

    def _say(self, text: str) -> None:
        say(self, self.outcome, text)

    def _on_start_clicked(self) -> None:
        dest = self.dest.text().strip()
        if not dest:
            self._say(self.tr("Choose the folder to export to."))
            return
        args = (self.repo, str(self.revision.currentData()), dest,
                str(self.mode.currentData()))
        show_running(self.progress, self.outcome, self.start, 1000)
        run = self._run
        self.op = Op(self, lambda emit: run(*args, emit), self._on_op_done)
        self.op.failure(self._on_op_failed).progress(self._on_op_progress).run()

    def _on_op_progress(self, value: Any) -> None:
        done, total = value
        self.progress.setValue(int(1000 * done / total) if total else 1000)

    def _on_op_failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.start.setEnabled(True)
        self._say(self.tr("The export stopped: %1").replace("%1", str(exc)))

    def _on_op_done(self, result: ExportResult) -> None:
        self.progress.setVisible(False)
        self.start.setEnabled(True)
        self._say(self.tr("Exported %1 file(s), %2, to %3.")
                  .replace("%1", str(len(result.files)))
                  .replace("%2", human_size(result.size)).replace("%3", result.dest))
        self.exported.emit(result)
