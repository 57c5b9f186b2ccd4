"""Import folder: a folder of downloaded files becomes a cached revision of a repo.

The work (hashing, asking the Hub, placing) runs through :class:`~hfmanager.ui.bridge.Op`
with a progress bar; the dialog stays open and says what was imported and what was not.
Open it with ``open()``; ``imported`` carries the core's result.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.transfer.importer import ImportResult
from hfmanager.ui.bridge import Op
from hfmanager.ui.dialogs.runfooter import add_run_footer, say, show_running
from hfmanager.ui.fmt import human_size

# (folder, repo id, repo type, revision, mode, offline, progress) -> result
Importer = Callable[[str, str, str, str, str, bool, Callable[[Any], None]], ImportResult]


def folder_row(parent: QWidget, edit: QLineEdit, title: str) -> QHBoxLayout:
    """A path field with a Browse... button that opens a folder picker (``open()``)."""
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    browse = QPushButton(QCoreApplication.translate("ImportDialog", "Browse..."))
    row.addWidget(browse)

    def pick() -> None:
        dialog = QFileDialog(parent, title, edit.text() or os.path.expanduser("~"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(edit.setText)
        dialog.open()

    browse.clicked.connect(pick)
    return row


class ImportDialog(QDialog):
    """Folder, repo id, type, revision and how the files go (copy, link, move)."""

    imported = Signal(object)  # ImportResult

    def __init__(self, run: Importer, parent: QWidget | None = None, *,
                 offline: bool = False) -> None:
        super().__init__(parent)
        self._run = run
        self.op: Op[ImportResult] | None = None
        self.setWindowTitle(self.tr("Import folder"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Put files you downloaded by hand (a browser, a colleague's "
                               "disk) into the cache, so that loaders find them by the "
                               "repo id, also offline."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._build_form(offline))
        self.progress, self.outcome, self.buttons, self.start = add_run_footer(
            self, layout, self.tr("&Import"), self._on_start_clicked)
        self.folder.textChanged.connect(self._on_folder_changed)
        self._on_folder_changed("")

    def _build_form(self, offline: bool) -> QFormLayout:
        """The fields: folder, repo id, type, revision, how the files go in, offline."""
        form = QFormLayout()
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("the folder with config.json, weights..."))
        form.addRow(self.tr("Folder:"), folder_row(self, self.folder, self.tr("Import folder")))
        self.repo = QLineEdit()
        self.repo.setPlaceholderText(self.tr("org/name, as on the Hub"))
        form.addRow(self.tr("Repo id:"), self.repo)
        self.kind = QComboBox()
        for value, label in (("model", self.tr("Model")), ("dataset", self.tr("Dataset")),
                             ("space", self.tr("Space"))):
            self.kind.addItem(label, value)
        form.addRow(self.tr("Type:"), self.kind)
        self.revision = QLineEdit("main")
        form.addRow(self.tr("Revision:"), self.revision)
        self.mode = QComboBox()
        for value, label in (("copy", self.tr("Copy (the folder stays as it is)")),
                             ("link", self.tr("Hard link (no extra space, same drive)")),
                             ("move", self.tr("Move (the folder is emptied)"))):
            self.mode.addItem(label, value)
        form.addRow(self.tr("Files:"), self.mode)
        self.offline = QCheckBox(self.tr("Do not ask the Hub (a local revision)"))
        self.offline.setToolTip(self.tr(
            "Online, the files are checked against the Hub's list for the revision and "
            "take its commit; a file the Hub does not have is reported and left out."))
        self.offline.setChecked(offline)  # the app is offline: the Hub is not asked anyway
        form.addRow("", self.offline)
        return form

    def _on_folder_changed(self, text: str) -> None:
        self.start.setEnabled(bool(text.strip()))

    def _say(self, text: str) -> None:
        say(self, self.outcome, text)

    def _on_start_clicked(self) -> None:
        folder, repo = self.folder.text().strip(), self.repo.text().strip()
        if not os.path.isdir(folder):
            self._say(self.tr("Choose a folder that exists."))
            return
        if not repo:
            self._say(self.tr("Give the repo id the files belong to (org/name)."))
            return
        args = (folder, repo, str(self.kind.currentData()),
                self.revision.text().strip() or "main", str(self.mode.currentData()),
                self.offline.isChecked())
        show_running(self.progress, self.outcome, self.start, 0)
        run = self._run
        self.op = Op(self, lambda emit: run(*args, emit), self._on_op_done)
        self.op.failure(self._on_op_failed).progress(self._on_op_progress).run()

    def _on_op_progress(self, value: Any) -> None:
        phase, done, total = value
        self.progress.setFormat(self.tr("Hashing %p%") if phase == "hash"
                                else self.tr("Placing %p%"))
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / total) if total else 1000)

    def _on_op_failed(self, exc: Exception) -> None:
        self.progress.setVisible(False)
        self.start.setEnabled(True)
        self._say(self.tr("Nothing was imported; the folder is as it was: %1")
                  .replace("%1", str(exc)))

    def _on_op_done(self, result: ImportResult) -> None:
        self.progress.setVisible(False)
        self.start.setEnabled(True)
        self._say(self.describe(result))
        self.imported.emit(result)

    def describe(self, r: ImportResult) -> str:
        """What the import did, in the window's language (file names stay as they are)."""
        return describe(r)


# Called by this name so that pyside6-lupdate finds the strings (it reads
# ``translate("Context", "text")`` calls, not a wrapper's).
translate = QCoreApplication.translate


def describe(r: ImportResult) -> str:
    """What an import (or a reconcile) did, in the window's language."""
    lines = []
    if r.imported:
        where = (translate("ImportDialog", "a local revision %1 (not checked against the "
                           "Hub)").replace("%1", r.commit[:12]) if r.local
                 else translate("ImportDialog", "commit %1").replace("%1", r.commit[:12]))
        if r.local and r.why_local != "offline":
            where += " " + translate("ImportDialog", "(the Hub could not be asked: %1)"
                                     ).replace("%1", r.why_local)
        lines.append(translate("ImportDialog", "Imported %1 file(s), %2, as %3.")
                     .replace("%1", str(len(r.imported)))
                     .replace("%2", human_size(r.size)).replace("%3", where))
    else:
        lines.append(translate("ImportDialog", "Nothing was imported."))
    lines += _search_lines(r)
    lines += _rejected_lines(r)
    if r.missing:
        lines.append(translate("ImportDialog", "The revision has %1 more file(s) that are "
                               "not in the folder.").replace("%1", str(len(r.missing))))
    return "\n".join(lines)


def _rejected_lines(r: ImportResult) -> list[str]:
    reasons = {"differs": translate("ImportDialog", "its content differs from the Hub's"),
               "not_in_revision": translate("ImportDialog", "the revision has no such file"),
               "bad_name": translate("ImportDialog", "not a valid file name in a repo")}
    lines = []
    for rej in r.rejected[:8]:
        why = reasons.get(rej.reason, rej.reason)
        if rej.path in r.unmatched and r.searched > 1:  # else the reason says it
            why += translate("ImportDialog", "; no commit examined has it")
        lines.append(translate("ImportDialog", "Not imported: %1 (%2)")
                     .replace("%1", rej.path).replace("%2", why))
    if len(r.rejected) > 8:
        lines.append(translate("ImportDialog", "...and %1 more not imported")
                     .replace("%1", str(len(r.rejected) - 8)))
    return lines


def _search_lines(r: ImportResult) -> list[str]:
    """The commit search: an older commit than the revision's head, a bounded walk."""
    lines = []
    if r.imported and r.head and r.commit != r.head:
        lines.append(translate("ImportDialog", "The files are an older commit than the "
                               "revision's head (%1), found among %2 commits.")
                     .replace("%1", r.head[:12]).replace("%2", str(r.searched)))
        if not r.revision:
            lines.append(translate("ImportDialog", "No ref points to it: load it with "
                                   "revision=\"%1\".").replace("%1", r.commit))
    if r.search_limited:
        lines.append(translate("ImportDialog", "Only the newest %1 commits were examined.")
                     .replace("%1", str(r.searched)))
    if r.search_error:
        lines.append(translate("ImportDialog", "The commit search stopped early: %1")
                     .replace("%1", r.search_error))
    if r.reconciled:
        lines.append(translate("ImportDialog", "The local revision %1 is replaced.")
                     .replace("%1", r.reconciled[:12]))
    return lines
