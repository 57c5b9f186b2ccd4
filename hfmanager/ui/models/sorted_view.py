"""Sorting and filtering in Python over a KeyedTableModel: 100k rows stay instant.

QSortFilterProxyModel compares rows through the source's Python ``data()``: sorting 100k
rows took 10 s and clearing a search 7 s (measured). Here sort keys come straight from
the source's precomputed row values, Python sorts them in one call, and inserted rows
find their place with ``bisect``. The view attaches to this model; ``mapToSource`` and
``mapFromSource`` keep the proxy vocabulary for callers.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from hfmanager.ui.models.keyed import KeyedTableModel

_Index = QModelIndex | QPersistentModelIndex


class SortedFilterView(QAbstractTableModel):
    """The visible rows of a KeyedTableModel, filtered by ``accepts`` and sorted by column.

    Internally rows are kept ascending by (sort key, insertion number); a descending
    sort shows them back to front, so inserts are one ``bisect`` either way.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._src: KeyedTableModel[Any] | None = None
        self._keys: list[str] = []  # visible item keys, ascending
        self._sort: list[tuple[Any, int]] = []  # parallel: (sort key, sequence)
        self._seq: dict[str, int] = {}  # item key -> insertion number (stable ties)
        self._column = -1
        self._descending = False

    # -- to override -------------------------------------------------------------
    def accepts(self, derived: Any) -> bool:
        return True

    # -- source ------------------------------------------------------------------
    def setSourceModel(self, source: KeyedTableModel[Any]) -> None:
        self._src = source
        source.modelReset.connect(self.refilter)
        source.rowsInserted.connect(self._on_source_rows_inserted)
        source.rowsAboutToBeRemoved.connect(self._on_source_rows_about_to_be_removed)
        source.dataChanged.connect(self._on_source_data_changed)
        self.refilter()

    def sourceModel(self) -> KeyedTableModel[Any] | None:
        return self._src

    def _row_key(self, key: str) -> tuple[Any, int]:
        assert self._src is not None
        row = self._src.row_of(key)
        assert row is not None
        value = self._src._derived[row].sort[self._column] if self._column >= 0 else 0
        return (value, self._seq[key])

    def _view_row(self, pos: int) -> int:
        return len(self._keys) - 1 - pos if self._descending else pos

    def refilter(self) -> None:
        """Recompute the visible rows (filter or source change): one reset, no per-row work."""
        src = self._src
        self.beginResetModel()
        self._keys, self._sort = [], []
        if src is not None:
            items = src.items()
            for item in items:
                self._seq.setdefault(src._key(item), len(self._seq))
            keys = [src._key(item) for i, item in enumerate(items)
                    if self.accepts(src._derived[i])]
            pairs = sorted((self._row_key(k), k) for k in keys)
            self._sort = [p[0] for p in pairs]
            self._keys = [p[1] for p in pairs]
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder in place (layoutChanged): selection and current row follow their items."""

        def resort() -> None:
            self._column = column
            self._descending = order == Qt.SortOrder.DescendingOrder
            pairs = sorted((self._row_key(k), k) for k in self._keys)
            self._sort = [p[0] for p in pairs]
            self._keys = [p[1] for p in pairs]

        self._relayout(resort)

    def _relayout(self, mutate: Callable[[], None]) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        keys = [self._key_at(i.row()) if 0 <= i.row() < len(self._keys) else None
                for i in old]
        mutate()
        pos = {k: i for i, k in enumerate(self._keys)}
        new = [self.index(self._view_row(pos[k]), i.column()) if k in pos else QModelIndex()
               for i, k in zip(old, keys, strict=True)]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def row_of_key(self, key: str) -> int | None:
        try:
            return self._view_row(self._keys.index(key))
        except ValueError:
            return None

    def _key_at(self, row: int) -> str:
        return self._keys[self._view_row(row)]

    def _on_source_rows_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        src = self._src
        assert src is not None
        for row in range(first, last + 1):
            if not self.accepts(src._derived[row]):
                continue
            key = src._key(src.item_at(row))
            self._seq.setdefault(key, len(self._seq))
            sk = self._row_key(key)
            pos = bisect.bisect_right(self._sort, sk)
            view_row = len(self._keys) - pos if self._descending else pos
            self.beginInsertRows(QModelIndex(), view_row, view_row)
            self._sort.insert(pos, sk)
            self._keys.insert(pos, key)
            self.endInsertRows()

    def _on_source_rows_about_to_be_removed(self, _parent: QModelIndex, first: int,
                                            last: int) -> None:
        src = self._src
        assert src is not None
        for row in range(first, last + 1):
            key = src._key(src.item_at(row))
            try:
                pos = self._keys.index(key)
            except ValueError:
                continue  # filtered out: not shown
            view_row = self._view_row(pos)
            self.beginRemoveRows(QModelIndex(), view_row, view_row)
            del self._keys[pos], self._sort[pos]
            self.endRemoveRows()

    def _on_source_data_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        """A repo changed (rescan): move it if its sort key moved, else repaint it."""
        src = self._src
        assert src is not None
        last = self.columnCount() - 1
        for row in range(top.row(), bottom.row() + 1):
            key = src._key(src.item_at(row))
            try:
                pos = self._keys.index(key)
            except ValueError:
                continue
            sk = self._row_key(key)
            if sk == self._sort[pos]:
                r = self._view_row(pos)
                self.dataChanged.emit(self.index(r, 0), self.index(r, last))
                continue

            def move(pos: int = pos, key: str = key, sk: tuple[Any, int] = sk) -> None:
                del self._sort[pos], self._keys[pos]
                new = bisect.bisect_right(self._sort, sk)
                self._sort.insert(new, sk)
                self._keys.insert(new, key)

            self._relayout(move)

    # -- proxy vocabulary --------------------------------------------------------
    def mapToSource(self, index: _Index) -> QModelIndex:
        if not index.isValid() or self._src is None:
            return QModelIndex()
        row = self._src.row_of(self._key_at(index.row()))
        return self._src.index(row, index.column()) if row is not None else QModelIndex()

    def mapFromSource(self, index: _Index) -> QModelIndex:
        if not index.isValid() or self._src is None:
            return QModelIndex()
        key = self._src._key(self._src.item_at(index.row()))
        try:
            pos = self._keys.index(key)
        except ValueError:
            return QModelIndex()
        return self.index(self._view_row(pos), index.column())

    # -- Qt API ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._src is None else self._src.columnCount()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self._src.headerData(section, orientation, role) if self._src else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        src = self._src
        row = index.row()
        if src is None or row < 0 or row >= len(self._keys):
            return None
        key = self._key_at(row)
        srow = src.row_of(key)
        return None if srow is None else src.data(src.index(srow, index.column()), role)

