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


def split_sizes(view: QTableView, name_col: int, width: int, details_min: int) -> list[int]:
    """Table and details side by side in ``width``: the table gets what its columns need
    (the name at its readable minimum), the details up to 42% of the rest: wide on a big
    screen, their minimum on a 1024 px one."""
    details = max(details_min, min(int(width * 0.42), width - table_need(view, name_col)))
    return [max(width - details, 1), details]


def table_need(view: QTableView, name_col: int) -> int:
    """The width that shows every column, the name at its readable minimum."""
    header = view.horizontalHeader()
    guard = view.findChild(StretchWithMinimum)
    return sum(header.sectionSize(c) for c in range(header.count())
               if c != name_col) + (guard.minimum if guard else 0) + 24  # frame, scrollbar
