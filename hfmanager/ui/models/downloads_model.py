"""The download queue as a flat table: one row per job, updated in place.

``update(views)`` diffs the queue's snapshot against the rows: new jobs are inserted,
gone jobs removed, and changed rows get one dataChanged each. Never a reset per tick,
so selection, scroll and editors survive the 2 Hz refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    Qt,
)

from hfmanager.core.downloads.persist import JobState
from hfmanager.core.downloads.queue import JobView
from hfmanager.ui.fmt import human_size
from hfmanager.ui.messages import job_error_text
from hfmanager.ui.models.roles import ObjectRole, SortRole

# QT_TRANSLATE_NOOP marks them for lupdate; headerData translates at display time.
COLUMNS = (
    QT_TRANSLATE_NOOP("DownloadsModel", "Repository"),
    QT_TRANSLATE_NOOP("DownloadsModel", "Status"),
    QT_TRANSLATE_NOOP("DownloadsModel", "Progress"),
    QT_TRANSLATE_NOOP("DownloadsModel", "Size"),
    QT_TRANSLATE_NOOP("DownloadsModel", "Speed"),
    QT_TRANSLATE_NOOP("DownloadsModel", "ETA"),
    QT_TRANSLATE_NOOP("DownloadsModel", "Message"),
)
COL_REPO, COL_STATUS, COL_PROGRESS, COL_SIZE, COL_SPEED, COL_ETA, COL_MESSAGE = range(7)
# Fraction 0..1 for the progress delegate.
ProgressRole = Qt.ItemDataRole.UserRole + 20


def state_text(view: JobView) -> str:
    if view.state == JobState.RUNNING and view.stalled:
        return QCoreApplication.translate("DownloadsModel", "stalled")
    if view.state == JobState.QUEUED:
        return QCoreApplication.translate("DownloadsModel", "queued")
    if view.state == JobState.RUNNING:
        return QCoreApplication.translate("DownloadsModel", "downloading")
    if view.state == JobState.PAUSED:
        return QCoreApplication.translate("DownloadsModel", "paused")
    if view.state == JobState.DONE:
        return QCoreApplication.translate("DownloadsModel", "done")
    if view.state == JobState.FAILED:
        return QCoreApplication.translate("DownloadsModel", "failed")
    return QCoreApplication.translate("DownloadsModel", "cancelled")


def eta_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    if s >= 3600:
        text = QCoreApplication.translate("DownloadsModel", "{h} h {m} min")
        return text.format(h=s // 3600, m=s % 3600 // 60)
    if s >= 60:
        text = QCoreApplication.translate("DownloadsModel", "{m} min {s} s")
        return text.format(m=s // 60, s=s % 60)
    if s:
        return QCoreApplication.translate("DownloadsModel", "{s} s").format(s=s)
    return QCoreApplication.translate("DownloadsModel", "< 1 s")


def _display(view: JobView) -> tuple[list[str], list[Any]]:
    """Display strings and sort keys for one row, computed once per update."""
    rec = view.record
    frac = view.bytes_done / view.bytes_total if view.bytes_total else (
        1.0 if view.state == JobState.DONE else 0.0)
    repo = rec.spec.repo_id if rec.spec.repo_type == "model" or rec.spec.url else \
        f"{rec.spec.repo_type}s/{rec.spec.repo_id}"  # a file by URL: its name
    if rec.spec.revision != "main":
        repo = f"{repo}@{rec.spec.revision}"
    running = view.state == JobState.RUNNING
    stalled = QCoreApplication.translate("DownloadsModel", "stalled")
    size = human_size(view.bytes_total) if view.bytes_total else ""
    # "done / total" while there is something of both to show: a paused, queued or failed
    # job keeps what it has (the row used to drop to the total alone when paused)
    if view.bytes_total and view.state != JobState.DONE and (running or view.bytes_done):
        size = f"{human_size(view.bytes_done)} / {size}"
    texts = [
        repo, state_text(view), f"{frac * 100:.0f}%", size,
        f"{human_size(view.speed)}/s" if running and view.speed > 0 else "",
        stalled if running and view.stalled else (eta_text(view.eta) if running else ""),
        job_error_text(rec),
    ]
    keys: list[Any] = [repo.lower(), rec.state.value, frac, float(view.bytes_total),
                       view.speed, view.eta if view.eta is not None else float("inf"), rec.error]
    return texts, keys


class DownloadsModel(QAbstractTableModel):
    """Jobs in queue order; ``ObjectRole`` gives the :class:`JobView`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[JobView] = []
        self._cache: list[tuple[list[str], list[Any]]] = []

    # --- Qt API ------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("DownloadsModel", COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        texts, keys = self._cache[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[col]
        if role == SortRole:
            return keys[col]
        if role == ObjectRole:
            return self._rows[index.row()]
        if role == ProgressRole and col == COL_PROGRESS:
            return float(keys[COL_PROGRESS])
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_REPO and \
                (rec := self._rows[index.row()].record).spec.url:
            return f"{rec.spec.url}\n→ {rec.cache_dir}"  # a file by URL: from where, to where
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_MESSAGE, COL_REPO):
            return texts[col] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_SIZE, COL_SPEED, COL_ETA):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- updates -----------------------------------------------------------------------
    def job_at(self, row: int) -> JobView:
        return self._rows[row]

    def row_of(self, job_id: int) -> int | None:
        return next((i for i, v in enumerate(self._rows) if v.id == job_id), None)

    def update(self, views: Sequence[JobView]) -> None:
        """Make the rows equal ``views`` (queue order) with minimal signals."""
        wanted = [v.id for v in views]
        want_set = set(wanted)
        for row in range(len(self._rows) - 1, -1, -1):  # removals, bottom up
            if self._rows[row].id not in want_set:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row], self._cache[row]
                self.endRemoveRows()
        by_id = {v.id: v for v in views}
        for target, job_id in enumerate(wanted):
            current = target if target < len(self._rows) and self._rows[target].id == job_id \
                else self.row_of(job_id)  # the common case (same order) costs no search
            view = by_id[job_id]
            if current is None:
                self.beginInsertRows(QModelIndex(), target, target)
                self._rows.insert(target, view)
                self._cache.insert(target, _display(view))
                self.endInsertRows()
                continue
            if current != target:  # reordered by the user
                self.beginMoveRows(QModelIndex(), current, current, QModelIndex(),
                                   target if target < current else target + 1)
                self._rows.insert(target, self._rows.pop(current))
                self._cache.insert(target, self._cache.pop(current))
                self.endMoveRows()
            derived = _display(view)
            self._rows[target] = view
            if derived != self._cache[target]:
                self._cache[target] = derived
                self.dataChanged.emit(self.index(target, 0),
                                      self.index(target, len(COLUMNS) - 1))
