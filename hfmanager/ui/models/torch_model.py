"""The torch hub section: downloaded checkpoints and code checkouts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from hfmanager.core.inventory.model import Severity, TorchEntry, TorchEntryKind
from hfmanager.ui import icons
from hfmanager.ui.fmt import exact_time, human_size, relative_time
from hfmanager.ui.messages import problem_text
from hfmanager.ui.models.keyed import KeyedTableModel
from hfmanager.ui.models.roles import FilterRole, ObjectRole, SortRole

_Index = QModelIndex | QPersistentModelIndex
_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


def worst(entry: TorchEntry) -> Severity | None:
    sev = [p.severity for p in entry.problems]
    return max(sev, key=_RANK.__getitem__) if sev else None


class TorchModel(KeyedTableModel[TorchEntry]):
    """One row per torch hub checkpoint or checkout, keyed by path."""

    COL_KIND, COL_NAME, COL_SIZE, COL_USED, COL_HEALTH = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(lambda e: e.path, parent)
        self._headers = (self.tr("Kind"), self.tr("Name"), self.tr("Size"),
                         self.tr("Last used"), self.tr("Health"))
        self._kinds = {TorchEntryKind.CHECKPOINT: self.tr("Checkpoint"),
                       TorchEntryKind.CODE: self.tr("Code")}

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        e = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == SortRole:
            return (e.kind.value, e.name.lower(), float(e.size_on_disk),
                    float(e.last_accessed), float(_RANK.get(worst(e), 0)))[col]  # type: ignore[arg-type]
        if role in (ObjectRole,):
            return e
        if role == FilterRole:
            return e.name
        if role == Qt.ItemDataRole.DecorationRole:
            if col == self.COL_KIND:
                return icons.type_icon("torch")
            if col == self.COL_HEALTH:
                return icons.severity_icon(worst(e))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_NAME:
                return e.path
            if col == self.COL_USED:
                return exact_time(e.last_accessed)
            if col == self.COL_HEALTH:
                return "\n".join(problem_text(p) for p in e.problems) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, e: TorchEntry, col: int) -> str:
        if col == self.COL_KIND:
            return self._kinds[e.kind]
        if col == self.COL_NAME:
            if e.kind == TorchEntryKind.CODE and e.owner and e.repo:
                return f"{e.owner}/{e.repo}" + (f" @ {e.ref}" if e.ref else "")
            return e.name
        if col == self.COL_SIZE:
            return human_size(e.size_on_disk)
        if col == self.COL_USED:
            return relative_time(e.last_accessed)
        n = len(e.problems)
        if n == 0:
            return self.tr("OK")
        return self.tr("1 problem") if n == 1 else self.tr("{n} problems").format(n=n)


class TorchProxy(QSortFilterProxyModel):
    """Sorts by SortRole; the search box filters names."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setFilterRole(FilterRole)
        self.setFilterKeyColumn(TorchModel.COL_NAME)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)
