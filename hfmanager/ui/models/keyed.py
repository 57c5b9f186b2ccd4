"""A flat table model whose rows are keyed objects, upserted incrementally.

Scans stream results in batches; rows are inserted with one beginInsertRows per batch,
changed rows get dataChanged, and rows a finished scan did not report are removed in
contiguous runs. Never a model reset per event: views keep selection and scroll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject

from hfmanager.ui.models.table import RowsTableModel

T = TypeVar("T")
MAX_REMOVE_RUNS = 8  # beyond this, one reset is cheaper than many remove signals


class KeyedTableModel(RowsTableModel, Generic[T]):
    """Base for the repos and torch tables: storage and incremental updates only."""

    def __init__(self, key: Callable[[T], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._key = key
        self._rows: list[T] = []  # type: ignore[no-redef]
        # Per-row values computed once per update (display strings, sort keys): views
        # call data() thousands of times per repaint, so data() must only index.
        self._derived: list[Any] = []
        self._row_of: dict[str, int] = {}
        self._seen: set[str] | None = None

    def derive(self, item: T) -> Any:
        """Values data() serves for one row; subclasses override."""
        return None

    def items(self) -> list[T]:
        return list(self._rows)

    def item_at(self, row: int) -> T:
        return self._rows[row]

    def row_of(self, key: str) -> int | None:
        return self._row_of.get(key)

    def find(self, key: str) -> T | None:
        row = self._row_of.get(key)
        return self._rows[row] if row is not None else None

    def begin_generation(self) -> None:
        """A scan starts: remember which rows it reports so the rest can go at the end."""
        self._seen = set()

    def end_generation(self) -> None:
        """Remove the rows the finished scan did not report (deleted from disk)."""
        seen, self._seen = self._seen, None
        if seen is not None:
            self.remove_keys([k for k in self._row_of if k not in seen])

    def upsert(self, items: Iterable[T]) -> None:
        """Replace known rows in place (dataChanged) and append new ones in one insert."""
        new: dict[str, T] = {}  # ordered; an item twice in one batch keeps the last
        changed: list[int] = []
        for item in items:
            key = self._key(item)
            if self._seen is not None:
                self._seen.add(key)
            row = self._row_of.get(key)
            if row is None:
                new[key] = item
            elif self._rows[row] != item:
                self._rows[row] = item
                self._derived[row] = self.derive(item)
                changed.append(row)
        last = self.columnCount() - 1
        for lo, hi in _runs(sorted(changed)):
            self.dataChanged.emit(self.index(lo, 0), self.index(hi, last))
        if new:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            for i, (key, item) in enumerate(new.items()):
                self._rows.append(item)
                self._derived.append(self.derive(item))
                self._row_of[key] = start + i
            self.endInsertRows()

    def remove_keys(self, keys: Iterable[str]) -> None:
        """Remove rows in contiguous runs; scattered removals (many runs) reset once."""
        rows = sorted(r for r in (self._row_of.get(k) for k in keys) if r is not None)
        runs = _runs(rows)
        if len(runs) > MAX_REMOVE_RUNS:
            gone = set(rows)
            self.beginResetModel()
            self._rows = [r for i, r in enumerate(self._rows) if i not in gone]
            self._derived = [d for i, d in enumerate(self._derived) if i not in gone]
            self._row_of = {self._key(r): i for i, r in enumerate(self._rows)}
            self.endResetModel()
            return
        for lo, hi in reversed(runs):  # from the bottom: row numbers stay valid
            self.beginRemoveRows(QModelIndex(), lo, hi)
            del self._rows[lo:hi + 1]
            del self._derived[lo:hi + 1]
            self._row_of = {self._key(r): i for i, r in enumerate(self._rows)}
            self.endRemoveRows()

    def set_items(self, items: Sequence[T]) -> None:
        """Replace everything at once (initial load from the index)."""
        self.beginResetModel()
        self._rows = list(items)
        self._derived = [self.derive(i) for i in self._rows]
        self._row_of = {self._key(r): i for i, r in enumerate(self._rows)}
        self._seen = None
        self.endResetModel()


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted row numbers -> contiguous (lo, hi) runs."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out
