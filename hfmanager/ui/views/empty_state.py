"""What an empty cache looks like: what the caches are, where we looked, how to add one."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hfmanager.core.paths import CacheRoot
from hfmanager.ui import icons


class EmptyState(QWidget):
    """A friendly page instead of a blank table when no repo or checkpoint was found."""

    addFolderRequested = Signal()
    rescanRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QVBoxLayout()
        box.setSpacing(12)
        art = QLabel()
        art.setPixmap(icons.app_icon().pixmap(96, 96))
        art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(self.tr("Your model caches are empty"))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = QLabel(self.tr(
            "hfmanager shows what the Hugging Face libraries (transformers, diffusers, "
            "datasets, huggingface_hub) and torch.hub have downloaded to this computer. "
            "Nothing is there yet: download a model, or add a folder that holds a cache."))
        self.explain.setWordWrap(True)
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.where = QLabel()
        self.where.setTextFormat(Qt.TextFormat.RichText)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_button = QPushButton(self.tr("&Add a cache folder..."))
        self.add_button.setIcon(icons.icon("folder"))
        self.add_button.clicked.connect(self.addFolderRequested)
        self.rescan_button = QPushButton(self.tr("&Scan again"))
        self.rescan_button.clicked.connect(self.rescanRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.rescan_button)
        buttons.addStretch(1)
        for w in (art, self.title, self.explain, self.where):
            box.addWidget(w)
        box.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(box, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def set_roots(self, roots: Sequence[CacheRoot]) -> None:
        """List the folders we searched and which variable chose each."""
        items = "".join(
            f"<li><code>{escape(str(r.path))}</code> &mdash; "
            + escape(self.tr("{kind} cache, chosen by {source}").format(
                kind="Hugging Face" if r.kind.value == "hf" else "torch hub",
                source=r.source))
            + ("" if r.path.exists() else " " + escape(self.tr("(does not exist)")))
            + "</li>" for r in roots)
        title = escape(self.tr("Where we looked:"))
        self.where.setText(f"<p><b>{title}</b></p><ul>{items}</ul>")
