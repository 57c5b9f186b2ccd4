"""The one confirmation every deletion goes through: it lists exactly what goes.

Open it with ``open()`` and listen to ``finished`` (never ``exec()`` inside a
coroutine); ``accepted`` means delete, ``use_trash()`` tells whether whole repos should
go to the system trash instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.cleanup import CleanPlan, ItemKind
from hfmanager.ui.fmt import human_size


class ConfirmDeleteDialog(QDialog):
    """Shows a :class:`CleanPlan` grouped by selection, with the exact bytes freed."""

    def __init__(self, plan: CleanPlan, *, use_trash: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Delete from the cache"))
        self.setMinimumSize(760, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self.tr("{0} item(s) will be deleted, freeing {1}.").format(
            len(plan.items), human_size(plan.freed_bytes)))
        self.summary.setObjectName("summary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("What goes"), self.tr("Frees")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._fill()
        layout.addWidget(self.tree, 1)
        has_repos = any(i.kind is ItemKind.REPO for i in plan.items)
        self.trash = QCheckBox(self.tr("Move whole repos to the trash instead of deleting "
                                       "(space comes back when the trash is emptied)"))
        self.trash.setChecked(use_trash and has_repos)
        self.trash.setVisible(has_repos)
        layout.addWidget(self.trash)
        if plan.refused or plan.warnings:
            lines = [self.tr("Kept: {0} ({1})").format(p, why) for p, why in plan.refused]
            lines += list(plan.warnings)
            note = QLabel("\n".join(lines))
            note.setObjectName("refused")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.buttons.addButton(self.tr("&Delete"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.delete_button.setEnabled(not plan.empty)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _fill(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        sizes = self.plan.groups()
        for item in self.plan.items:
            parent = groups.get(item.group)
            if parent is None:
                parent = QTreeWidgetItem([item.group, human_size(sizes[item.group])])
                groups[item.group] = parent
                self.tree.addTopLevelItem(parent)
            child = QTreeWidgetItem([item.path, human_size(item.freed) if item.freed else ""])
            child.setToolTip(0, item.path)
            parent.addChild(child)
        if len(self.plan.items) <= 200:
            self.tree.expandAll()

    def use_trash(self) -> bool:
        return not self.trash.isHidden() and self.trash.isChecked()
