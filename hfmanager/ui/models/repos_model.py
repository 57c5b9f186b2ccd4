"""The flat table of cached Hub repos, updated incrementally while a scan streams in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon

from hfmanager.core.inventory.model import Repo, RepoType, Severity
from hfmanager.ui import icons, theme
from hfmanager.ui.fmt import exact_time, human_size, relative_time
from hfmanager.ui.messages import problem_text
from hfmanager.ui.models.keyed import KeyedTableModel
from hfmanager.ui.models.roles import FilterRole, ObjectRole, SortRole
from hfmanager.ui.models.sorted_view import SortedFilterView

_Index = QModelIndex | QPersistentModelIndex
_SEVERITY_RANK = {None: 0, Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}
_SEVERITY_COLOR = {Severity.INFO: theme.Role.INFO, Severity.WARNING: theme.Role.WARNING,
                   Severity.ERROR: theme.Role.ERROR}
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
    health: Severity | None  # its colour is the theme's at paint time


class ReposModel(KeyedTableModel[Repo]):
    """One row per repo; rows are upserted by path, never reset per scan event."""

    COL_TYPE, COL_ID, COL_SIZE, COL_REVS, COL_USED, COL_HEALTH = range(6)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(repo_key, parent)
        self._headers = (self.tr("Type"), self.tr("Repo"), self.tr("Size"),
                         self.tr("Revisions"), self.tr("Last used"), self.tr("Health"))
        self._ok = self.tr("OK")
        self._one_problem = self.tr("1 problem")
        self._n_problems = self.tr("{n} problems")
        self._partial = self.tr("Partial {n}/{m}")  # files cached / files of the commit
        self._brushes = {dark: {sev: QBrush(QColor(theme.SEMANTIC[role][dark]))
                                for sev, role in _SEVERITY_COLOR.items()}
                         for dark in (False, True)}
        self._type_names = {RepoType.MODEL: self.tr("Model"),
                            RepoType.DATASET: self.tr("Dataset"),
                            RepoType.SPACE: self.tr("Space")}

    # -- Qt API ------------------------------------------------------------------
    def derive(self, item: Repo) -> _Row:
        # Called once per row per update (100k rows at startup): each value computed once.
        problems = item.all_problems()
        sev = item.worst_severity() if problems else None
        n = len(problems)
        partial = next((r for r in item.revisions if r.partial), None)
        if partial is not None:  # says more than "1 problem": what is missing
            health = self._partial.format(n=partial.listed - partial.missing, m=partial.listed)
        elif n == 0:
            health = self._ok
        else:
            health = self._one_problem if n == 1 else self._n_problems.format(n=n)
        rid = item.repo_id
        lower = rid.lower()
        kind = item.repo_type
        return _Row(
            display=(self._type_names[kind], rid, human_size(item.size_on_disk),
                     str(len(item.revisions)), relative_time(item.last_accessed), health),
            sort=(f"{kind.value} {lower}", lower, float(item.size_on_disk),
                  float(len(item.revisions)), float(item.last_accessed),
                  float(_SEVERITY_RANK[sev] * 1000 + n)),
            filter=f"{kind.value}{FILTER_SEP}{rid}",
            type_icon=icons.type_icon(kind), health_icon=icons.severity_icon(sev),
            health=sev)

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
            return (self._brushes[theme.is_dark()].get(cells.health)
                    if col == self.COL_HEALTH and cells.health is not None else None)
        return self._tooltip(self._rows[row], col)  # ToolTipRole: rare, computed on demand

    def _tooltip(self, repo: Repo, col: int) -> str | None:
        if col == self.COL_ID:
            return repo.repo_path
        if col == self.COL_SIZE:
            text = self.tr("{n} bytes").format(n=f"{repo.size_on_disk:,}")
            if repo.shared:
                text += "\n" + self.tr(
                    "{size} of it is in the shared blob store, counted once in the total "
                    "however many repos use it").format(size=human_size(repo.shared_size))
            return text
        if col == self.COL_USED:
            return self.tr("Last used {used}\nLast modified {modified}").format(
                used=exact_time(repo.last_accessed), modified=exact_time(repo.last_modified))
        if col == self.COL_HEALTH:
            return "\n".join(problem_text(p) for p in repo.all_problems()[:12]) or None
        return None

class ReposProxy(SortedFilterView):
    """Type filter + search (every word, any order, case-insensitive) over the repos."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._types: set[str] = {t.value for t in RepoType}
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        self._words = text.lower().split()
        self.refilter()

    def set_types(self, types: Iterable[RepoType | str]) -> None:
        self._types = {t.value if isinstance(t, RepoType) else t for t in types}
        self.refilter()

    def accepts(self, derived: Any) -> bool:
        kind, _, repo_id = derived.filter.partition(FILTER_SEP)
        if kind not in self._types:
            return False
        repo_id = repo_id.lower()
        return all(w in repo_id for w in self._words)
