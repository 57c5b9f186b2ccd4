"""Asking before a repo's own Python code runs (``trust_remote_code``).

The dialog lists the snapshot's ``.py`` files and shows the selected one's text in the
read-only viewer (syntax colour, capped, never run), so the user reads what would run
before allowing it. Cancel is the default button: Enter must not run code.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hfmanager.ui.dialogs.file_viewer import FileViewer


def cache_root_of(snapshot: Path) -> str | None:
    """The hub cache root above ``<root>/<repo>/snapshots/<commit>``, else None: links
    are then followed only inside it."""
    if snapshot.parent.name == "snapshots" and len(snapshot.parents) >= 3:
        return str(snapshot.parents[2])
    return None


class CodeConsentDialog(QDialog):
    """The custom-code files of a snapshot, each readable, and Allow / Cancel."""

    def __init__(self, snapshot: Path, files: list[str], model: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Allow this repo's code?"))
        self.setObjectName("codeConsentDialog")
        self.snapshot = snapshot
        self._root = cache_root_of(snapshot)
        intro = QLabel(self.tr(
            "Loading {model} runs Python code from the repo itself. Read these files "
            "first; allowing applies to this commit only.").format(model=model))
        intro.setWordWrap(True)
        listed = QLabel(self.tr("Python files in this snapshot ({n}):").format(n=len(files)))
        self.files = QListWidget()
        self.files.setObjectName("codeFiles")
        listed.setBuddy(self.files)
        self.files.addItems(files)
        if not files:
            self.files.addItem(self.tr("(no .py files in this snapshot)"))
            self.files.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.viewer = FileViewer()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(listed)
        column.addWidget(self.files, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.viewer)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 620])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.allow_button = QPushButton(self.tr("Allow and load"))
        self.allow_button.setAutoDefault(False)
        buttons.addButton(self.allow_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.files.currentRowChanged.connect(self._on_files_current_row_changed)
        if files:
            self.files.setCurrentRow(0)
        self.resize(900, 600)

    def _on_files_current_row_changed(self, row: int) -> None:
        item = self.files.item(row)
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        rel = item.text()
        self.viewer.show_file(os.path.join(self.snapshot, *rel.split("/")), rel,
                              root=self._root)
