"""Qt models for the Cleanup page: checkable candidates and verification results."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from hfmanager.core.cleanup.rules import Candidate, CandidateKind
from hfmanager.core.verify import VerifyResult, VerifyStatus
from hfmanager.ui import messages
from hfmanager.ui.fmt import human_size, relative_time
from hfmanager.ui.models.roles import ObjectRole, SortRole
from hfmanager.ui.models.table import RowsTableModel

_Index = QModelIndex | QPersistentModelIndex


def _kind_text(kind: CandidateKind) -> str:
    tr = QCoreApplication.translate
    return {
        CandidateKind.REPO: tr("CandidatesModel", "Whole repo"),
        CandidateKind.REVISION: tr("CandidatesModel", "Revision"),
        CandidateKind.FILE: tr("CandidatesModel", "File"),
        CandidateKind.INCOMPLETE: tr("CandidatesModel", "Partial download"),
        CandidateKind.TORCH: tr("CandidatesModel", "Torch hub"),
        CandidateKind.ORPHAN: tr("CandidatesModel", "Orphaned shared file"),
    }[kind]


class CandidatesModel(RowsTableModel):
    """Cleanup candidates with a check box each; ``checkedChanged`` after any toggle.

    The size column is what each candidate alone frees (its bytes no other revision or
    repo uses), the figure the plan of that candidate gives; its total is in the tooltip.
    """

    checkedChanged = Signal()
    COL_NAME, COL_KIND, COL_SIZE, COL_USED, COL_DETAIL = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Candidate] = []
        self._headers = (self.tr("Name"), self.tr("What"), self.tr("Frees"),
                         self.tr("Last used"), self.tr("Details"))
        self._checked: set[str] = set()

    def set_candidates(self, cands: list[Candidate], *, keep_checks: bool = True) -> None:
        self.beginResetModel()
        self._rows = list(cands)
        keys = {c.key for c in cands}
        self._checked = (self._checked & keys) if keep_checks else set()
        self.endResetModel()
        self.checkedChanged.emit()

    def candidates(self) -> list[Candidate]:
        return list(self._rows)

    def checked(self) -> list[Candidate]:
        return [c for c in self._rows if c.key in self._checked]

    def set_all_checked(self, on: bool) -> None:
        self._checked = {c.key for c in self._rows} if on else set()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit()

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.COL_NAME:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        c, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == self.COL_NAME:
            return (Qt.CheckState.Checked if c.key in self._checked
                    else Qt.CheckState.Unchecked)
        if role == Qt.ItemDataRole.DisplayRole:
            return (messages.text(c.label_msg) if c.label_msg else c.label,
                    _kind_text(c.kind), human_size(c.frees),
                    relative_time(c.last_used) if c.last_used else "",
                    messages.text(c.detail_msg) if c.detail_msg else c.detail)[col]
        if role == SortRole:
            return (c.label.lower(), c.kind.value, float(c.frees), c.last_used, c.detail)[col]
        if role == ObjectRole:
            return c
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_SIZE and c.frees < c.size:
            return self.tr("Frees {frees} on its own; {size} in all (the rest is shared with "
                           "other revisions or repos)").format(frees=human_size(c.frees),
                                                               size=human_size(c.size))
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.key
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: _Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != self.COL_NAME:
            return False
        key = self._rows[index.row()].key
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) \
            else value
        if on:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checkedChanged.emit()
        return True


class VerifyResultsModel(RowsTableModel):
    """Verification verdicts worth showing: corrupt first, then errors, unverifiable."""

    COL_STATUS, COL_REPO, COL_FILE, COL_EXPECTED, COL_ACTUAL = range(5)
    _ORDER: ClassVar[dict[VerifyStatus, int]] = {
        VerifyStatus.CORRUPT: 0, VerifyStatus.ERROR: 1, VerifyStatus.UNVERIFIABLE: 2,
        VerifyStatus.OK: 3}

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[VerifyResult] = []
        self._headers = (self.tr("Status"), self.tr("Repo"), self.tr("File"),
                         self.tr("Expected"), self.tr("Actual"))

    def set_results(self, results: list[VerifyResult], *, include_ok: bool = False) -> None:
        self.beginResetModel()
        self._rows = sorted((r for r in results if include_ok or r.status is not VerifyStatus.OK),
                            key=lambda r: (self._ORDER[r.status], r.target.label, r.target.path))
        self.endResetModel()

    def result(self, row: int) -> VerifyResult:
        return self._rows[row]

    @staticmethod
    def _why(r: VerifyResult) -> str:
        """The verdict's message, else the target's note, in the window's language."""
        for m, english in ((r.msg, r.message), (r.target.note_msg, r.target.note)):
            if m is not None:
                return messages.text(m)
            if english:
                return english
        return ""

    def _status_text(self, s: VerifyStatus) -> str:
        return {VerifyStatus.OK: self.tr("OK"), VerifyStatus.CORRUPT: self.tr("Corrupt"),
                VerifyStatus.UNVERIFIABLE: self.tr("Unverifiable"),
                VerifyStatus.ERROR: self.tr("Error")}[s]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        t = r.target
        if role in (Qt.ItemDataRole.DisplayRole, SortRole):
            files = ", ".join(t.files) or t.path
            return (self._status_text(r.status), t.label, files, t.expected or "",
                    r.actual or self._why(r))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            shared = f" -> {t.payload}" if t.payload else ""  # the shared store file read
            return f"{t.path}{shared}\n{self._why(r)}".strip()
        if role == ObjectRole:
            return r
        return None
