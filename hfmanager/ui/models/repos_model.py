"""The flat table of cached Hub repos, updated incrementally while a scan streams in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon

from hfmanager.core.inventory.model import Repo, RepoType, Severity
from hfmanager.ui import icons
from hfmanager.ui.fmt import exact_time, human_size, relative_time
from hfmanager.ui.models.keyed import KeyedTableModel
from hfmanager.ui.models.roles import FilterRole, ObjectRole, SortRole

_Index = QModelIndex | QPersistentModelIndex
_SEVERITY_RANK = {None: 0, Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}
_SEVERITY_COLOR = {Severity.INFO: "#2563eb", Severity.WARNING: "#b45309",
                   Severity.ERROR: "#dc2626"}
FILTER_SEP = "\x1f"


def repo_key(repo: Repo) -> str:
    return repo.repo_path


_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, SortRole, FilterRole, ObjectRole,
    Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class _Row:
    """What data() serves for one repo row, computed when the row is set."""

    display: tuple[str | None, ...]
    sort: tuple[Any, ...]
    filter: str
    type_icon: QIcon
    health_icon: QIcon
    health_brush: QBrush | None


class ReposModel(KeyedTableModel[Repo]):
    """One row per repo; rows are upserted by path, never reset per scan event."""

    COL_TYPE, COL_ID, COL_SIZE, COL_REVS, COL_USED, COL_HEALTH = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(repo_key, parent)
        self._headers = (self.tr("Type"), self.tr("Repo"), self.tr("Size"),
                         self.tr("Revisions"), self.tr("Last used"), self.tr("Health"))
        self._type_names = {RepoType.MODEL: self.tr("Model"),
                            RepoType.DATASET: self.tr("Dataset"),
                            RepoType.SPACE: self.tr("Space")}

    # -- Qt API ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def derive(self, item: Repo) -> _Row:
        sev = item.worst_severity()
        return _Row(
            display=tuple(self._display(item, c) for c in range(6)),
            sort=tuple(self._sort_value(item, c) for c in range(6)),
            filter=f"{item.repo_type.value}{FILTER_SEP}{item.repo_id}",
            type_icon=icons.type_icon(item.repo_type), health_icon=icons.severity_icon(sev),
            health_brush=QBrush(QColor(_SEVERITY_COLOR[sev])) if sev else None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Hot path (every painted cell asks for ~10 roles): unknown roles leave first.
        if role not in _ROLES:
            return None
        row = index.row()
        if row < 0 or row >= len(self._rows):
            return None
        col = index.column()
        cells: _Row = self._derived[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return cells.display[col]
        if role == SortRole:
            return cells.sort[col]
        if role == FilterRole:
            return cells.filter
        if role == ObjectRole:
            return self._rows[row]
        if role == Qt.ItemDataRole.DecorationRole:
            return cells.type_icon if col == self.COL_TYPE else (
                cells.health_icon if col == self.COL_HEALTH else None)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col in (self.COL_SIZE, self.COL_REVS) else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return cells.health_brush if col == self.COL_HEALTH else None
        return self._tooltip(self._rows[row], col)  # ToolTipRole: rare, computed on demand

    def _display(self, repo: Repo, col: int) -> str | None:
        if col == self.COL_TYPE:
            return self._type_names[repo.repo_type]
        if col == self.COL_ID:
            return repo.repo_id
        if col == self.COL_SIZE:
            return human_size(repo.size_on_disk)
        if col == self.COL_REVS:
            return str(len(repo.revisions))
        if col == self.COL_USED:
            return relative_time(repo.last_accessed)
        if col == self.COL_HEALTH:
            return self._health_text(repo)
        return None

    def _health_text(self, repo: Repo) -> str:
        problems = repo.all_problems()
        if not problems:
            return self.tr("OK")
        n = len(problems)
        return self.tr("1 problem") if n == 1 else self.tr("{n} problems").format(n=n)

    def _sort_value(self, repo: Repo, col: int) -> Any:
        if col == self.COL_TYPE:
            return f"{repo.repo_type.value} {repo.repo_id.lower()}"
        if col == self.COL_ID:
            return repo.repo_id.lower()
        if col == self.COL_SIZE:
            return float(repo.size_on_disk)
        if col == self.COL_REVS:
            return float(len(repo.revisions))
        if col == self.COL_USED:
            return float(repo.last_accessed)
        if col == self.COL_HEALTH:
            return float(_SEVERITY_RANK[repo.worst_severity()] * 1000
                         + len(repo.all_problems()))
        return None

    def _tooltip(self, repo: Repo, col: int) -> str | None:
        if col == self.COL_ID:
            return repo.repo_path
        if col == self.COL_SIZE:
            return self.tr("{n} bytes").format(n=f"{repo.size_on_disk:,}")
        if col == self.COL_USED:
            return self.tr("Last used {used}\nLast modified {modified}").format(
                used=exact_time(repo.last_accessed), modified=exact_time(repo.last_modified))
        if col == self.COL_HEALTH:
            return "\n".join(p.message for p in repo.all_problems()[:12]) or None
        return None

class ReposProxy(QSortFilterProxyModel):
    """Sort by SortRole (in C++) and filter by type + search with one regular expression."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setFilterRole(FilterRole)
        self.setFilterKeyColumn(ReposModel.COL_ID)
        self.setDynamicSortFilter(True)
        self._types: set[str] = {t.value for t in RepoType}
        self._text = ""

    def set_search(self, text: str) -> None:
        self._text = text.strip()
        self._apply()

    def set_types(self, types: Iterable[RepoType | str]) -> None:
        self._types = {t.value if isinstance(t, RepoType) else t for t in types}
        self._apply()

    def _apply(self) -> None:
        types = "|".join(sorted(re.escape(t) for t in self._types)) or "(?!)"
        # Every word of the search must appear in the id, in any order.
        words = "".join(f"(?=.*{re.escape(w)})" for w in self._text.split())
        rx = QRegularExpression(f"^(?:{types}){FILTER_SEP}{words}",
                                QRegularExpression.PatternOption.CaseInsensitiveOption)
        self.setFilterRegularExpression(rx)
