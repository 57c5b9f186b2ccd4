"""A table's name column that stretches but never collapses below a readable width."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class StretchWithMinimum(QObject):
    """``col`` takes the room the other columns leave; when that is under ``minimum`` (a
    1024 px or 2x screen) it keeps ``minimum`` and the table scrolls sideways, instead of
    the repo names shrinking to "m…t" while the other columns keep their width."""

    def __init__(self, view: QTableView, col: int, minimum: int) -> None:
        super().__init__(view)
        self._view = view
        self._col = col
        self.minimum = minimum
        header = view.horizontalHeader()
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._update)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._update()
        return False

    def _update(self, *_args: object) -> None:
        header = self._view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != self._col and not header.isSectionHidden(c))
        stretch = self._view.viewport().width() - others >= self.minimum
        mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
        if header.sectionResizeMode(self._col) != mode:
            header.setSectionResizeMode(self._col, mode)
            if not stretch:
                header.resizeSection(self._col, self.minimum)
