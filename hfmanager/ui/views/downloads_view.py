"""The Downloads page: the queue as a table with per-job actions, reorder, the files in
flight for the selected job, and a desktop notification when a job finishes.

The queue runs in core threads; this page only reads ``queue.snapshot()`` on a 2 Hz
timer and calls the queue's non-blocking methods, so pausing or cancelling never waits
on the network and the Qt loop stays free.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QIcon, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QSystemTrayIcon,
    QTableView,
    QToolBar,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.downloads.persist import JobState
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.downloads.queue import DownloadQueue, JobView, Planner
from hfmanager.core.inventory.model import Repo, Revision
from hfmanager.core.settings import Settings
from hfmanager.ui import icons
from hfmanager.ui.context import AppContext, Window
from hfmanager.ui.dialogs.add_download import AddDownloadDialog
from hfmanager.ui.dnd import accept_url_drag, dropped_text
from hfmanager.ui.flow import FlowLayout
from hfmanager.ui.models.downloads_model import COL_PROGRESS, DownloadsModel, ProgressRole
from hfmanager.ui.views import download_sources, endpoint_rank
from hfmanager.ui.views.columns import StretchWithMinimum

REFRESH_MS = 500


class ProgressDelegate(QStyledItemDelegate):
    """Paints the progress column as a flat bar with the percentage centred on it
    (the styles' own progress bars render oddly inside table cells)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        frac = index.data(ProgressRole)
        if frac is None:
            super().paint(painter, option, index)
            return
        rect = option.rect.adjusted(3, 4, -3, -4)  # type: ignore[attr-defined]
        pal = option.palette  # type: ignore[attr-defined]
        painter.save()
        painter.setPen(pal.mid().color())
        painter.setBrush(pal.base())
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        filled = QRect(rect)
        filled.setWidth(int(rect.width() * max(0.0, min(1.0, float(frac)))))
        painter.fillRect(filled.adjusted(1, 1, 0, -1), pal.highlight())
        painter.setPen(pal.text().color())
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter,
                         str(index.data(Qt.ItemDataRole.DisplayRole)))
        painter.restore()


class DownloadsView(QWidget):
    """Table of jobs + toolbar; accepts dropped Hub URLs."""

    def __init__(self, queue: DownloadQueue, planner: Planner, parent: QWidget | None = None,
                 endpoint_hint: str = "", settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.queue, self.planner, self.endpoint_hint = queue, planner, endpoint_hint
        self.settings = settings
        self.setAcceptDrops(True)
        self._build_table()
        self._build_files()
        self._sources = download_sources.SourcesCache(getattr(queue.jobs, "store", None))
        self.hint = QLabel(self.tr("Add a repository with the + button, or drop a Hub URL here."))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar = QToolBar()
        self._build_actions()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.files)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        top = FlowLayout(spacing=6)  # the limits wrap under the actions on a narrow page
        top.addWidget(self.toolbar)
        top.addWidget(self.limits_row)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)
        self._states: dict[int, JobState] = {}
        self._tray: QSystemTrayIcon | None = None
        self.dialog: AddDownloadDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.refresh()

    def _build_table(self) -> None:
        """The jobs table: one row per job, its progress drawn as a bar."""
        self.model = DownloadsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        # Repository takes what the figures leave, never under its readable minimum (the
        # table scrolls instead); a 220 px Message column cut the ids to "demo/mirrored-..."
        header.setStretchLastSection(False)
        for col, width in ((1, 100), (2, 110), (3, 140), (4, 90), (5, 80), (6, 150)):
            self.table.setColumnWidth(col, width)
        StretchWithMinimum(self.table, 0, 160)

    def _build_files(self) -> None:
        """The selected job's files in progress: where each came from, and why not a mirror."""
        self.files = QTreeWidget()
        self.files.setHeaderLabels([self.tr("File in progress"), self.tr("Done"),
                                    self.tr("Size"), self.tr("From"), self.tr("Fallback")])
        for col, width in ((1, 60), (2, 90), (3, 170)):  # the reason gets the rest
            self.files.setColumnWidth(col, width)
        self.files.setRootIsDecorated(False)
        self.files.setColumnWidth(0, 320)
        self.files.viewport().installEventFilter(self)  # the name's width follows the page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The files list's name column is 30% of it (160..320 px): at a fixed 320 px the
        Fallback column (why a mirror was left) was off to the right on a 2x screen."""
        if watched is self.files.viewport() and event.type() == QEvent.Type.Resize:
            width = self.files.viewport().width()
            self.files.setColumnWidth(0, max(160, min(320, int(0.3 * width))))
        return super().eventFilter(watched, event)

    def _build_actions(self) -> None:
        style = self.style()
        sp = QStyle.StandardPixmap
        spec = (
            ("add", self.tr("Add..."), sp.SP_FileDialogNewFolder, self.open_add_dialog),
            ("pause", self.tr("Pause"), sp.SP_MediaPause, self._on_pause_triggered),
            ("resume", self.tr("Resume"), sp.SP_MediaPlay, self._on_resume_triggered),
            ("cancel", self.tr("Cancel"), sp.SP_DialogCancelButton, self._on_cancel_triggered),
            ("up", self.tr("Move up"), sp.SP_ArrowUp, lambda: self._move(-1)),
            ("down", self.tr("Move down"), sp.SP_ArrowDown, lambda: self._move(1)),
            (None, "", None, None),
            ("pause_all", self.tr("Pause all"), None, self.queue.pause_all),
            ("resume_all", self.tr("Resume all"), None, self.queue.resume_all),
            ("clear", self.tr("Clear history"), None, self._on_clear_triggered),
            ("rank", self.tr("Rank endpoints"), None, self._on_rank_triggered),
        )
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, pixmap, slot in spec:
            if name is None:
                self.toolbar.addSeparator()
                continue
            action = QAction(style.standardIcon(pixmap) if pixmap else QIcon(), text, self)
            action.triggered.connect(slot)
            if name in ("up", "down"):  # icon only (text in the tooltip): room for the limits
                action.setPriority(QAction.Priority.LowPriority)
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._build_limits()

    def _build_limits(self) -> None:
        """The queue's live limits beside the toolbar: jobs, connections per file, bandwidth
        (their own row, so a narrow window wraps them instead of hiding Limit in "»")."""
        self.max_jobs = QSpinBox()
        self.max_jobs.setRange(1, 8)
        self.max_jobs.setValue(self.queue.max_jobs)
        self.max_jobs.setToolTip(self.tr("How many downloads run at the same time"))
        self.limit = QSpinBox()
        self.limit.setRange(0, 10_000_000)
        self.limit.setSingleStep(512)
        self.limit.setValue(self.queue.limiter.rate // 1024)
        self.limit.setSpecialValueText(self.tr("unlimited"))
        self.limit.setSuffix(self.tr(" KiB/s"))
        self.limit.setToolTip(self.tr("Bandwidth cap for all downloads together"))
        self.connections = QSpinBox()
        self.connections.setRange(1, 8)
        self.connections.setValue(self.settings.connections_per_file  # clamped to the range
                                  if self.settings is not None else 1)
        self.connections.setToolTip(self.tr(
            "Connections per file: files of 64 MiB or more are fetched in this many parts at "
            "once, each on its own connection. Helps when each connection is slow (a distant "
            "or throttled server)"))
        self.limits_row = QWidget()
        row = QHBoxLayout(self.limits_row)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel(self.tr("Jobs:")), self.max_jobs, QLabel(self.tr("Connections:")),
                       self.connections, QLabel(self.tr("Limit:")), self.limit):
            row.addWidget(widget)
        self.max_jobs.valueChanged.connect(self._on_limits_changed)
        self.connections.valueChanged.connect(self._on_limits_changed)
        self.limit.valueChanged.connect(self._on_limits_changed)

    def _on_limits_changed(self, _value: int) -> None:
        """Apply at once (the queue reads them live) and remember them in the settings."""
        self.queue.max_jobs = self.max_jobs.value()
        self.queue.limiter.set_rate(self.limit.value() * 1024)
        if self.settings is not None:
            self.settings.max_concurrent_jobs = self.max_jobs.value()
            self.settings.bandwidth_limit_kbps = self.limit.value()
            # Read per job (service.engine_config): the next file started uses it.
            self.settings.connections_per_file = self.connections.value()
            self.settings.save()

    # --- refresh -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Pull the queue's snapshot into the model (dataChanged only where rows changed)."""
        if self.queue.stopped:  # closing: the store behind the queue may already be closed
            self.timer.stop()
            return
        views = self.queue.snapshot()
        self.model.update(views)
        self.hint.setVisible(not views)
        for v in views:
            old = self._states.get(v.id)
            if old is not None and old != v.state and v.state in (JobState.DONE, JobState.FAILED):
                self._notify(v)
            self._states[v.id] = v.state
        self._update_files()
        self._update_actions()

    def selected(self) -> JobView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.job_at(rows[0].row()) if rows else None

    def _update_files(self) -> None:
        download_sources.fill(self.files, self.selected(), self._sources)

    def _update_actions(self) -> None:
        job = self.selected()
        state = job.state if job else None
        self.actions_by_name["pause"].setEnabled(state in (JobState.QUEUED, JobState.RUNNING))
        self.actions_by_name["resume"].setEnabled(state in (JobState.PAUSED, JobState.FAILED))
        self.actions_by_name["cancel"].setEnabled(state is not None and not state.final)
        live = state is not None and not state.final
        self.actions_by_name["up"].setEnabled(live)
        self.actions_by_name["down"].setEnabled(live)

    def _notify(self, view: JobView) -> None:
        title = self.tr("Download finished") if view.state == JobState.DONE else \
            self.tr("Download failed")
        text = view.record.spec.repo_id if view.state == JobState.DONE else \
            self.tr("{repo}: {error}").format(repo=view.record.spec.repo_id,
                                               error=view.record.error)
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self._tray is None:
                self._tray = QSystemTrayIcon(icons.app_icon(), self)
                self._tray.show()
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 5000)
        window = self.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(f"{title}: {text}", 8000)

    # --- actions -----------------------------------------------------------------------
    def _on_selection_changed(self, *_args: object) -> None:
        self._update_files()
        self._update_actions()

    def _on_pause_triggered(self) -> None:
        if (job := self.selected()) is not None:
            self.queue.pause(job.id)
            self.refresh()

    def _on_resume_triggered(self) -> None:
        if (job := self.selected()) is not None:
            self.queue.resume(job.id)
            self.refresh()

    def _on_cancel_triggered(self) -> None:
        if (job := self.selected()) is not None:
            self.queue.cancel(job.id)  # returns at once; the worker stops at its next read
            self.refresh()

    def _on_rank_triggered(self) -> None:
        if self.settings is not None:
            endpoint_rank.start(self, self.settings)

    def _on_clear_triggered(self) -> None:
        self.queue.jobs.clear_history()
        self._sources.forget()
        self.refresh()

    def _move(self, delta: int) -> None:
        if (job := self.selected()) is None:
            return
        self.queue.move(job.id, delta)
        self.refresh()
        row = self.model.row_of(job.id)
        if row is not None:
            self.table.selectRow(row)

    def open_add_dialog(self, initial: str = "") -> AddDownloadDialog:
        """Non-modal-safe: ``open()`` + ``finished`` (never exec() in a coroutine)."""
        dialog = AddDownloadDialog(self.planner, self, initial=initial if isinstance(
            initial, str) else "", endpoint_hint=self.endpoint_hint,
            settings=self.settings)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        spec = dialog.spec()
        if result and spec is not None:
            self.add(spec)
        dialog.deleteLater()

    def add(self, spec: DownloadSpec) -> None:
        self.queue.add(spec)
        self.refresh()

    # --- drops ---------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_url_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        event.acceptProposedAction()
        self.open_add_dialog(dropped_text(event.mimeData()))


def install(window: Window, ctx: AppContext) -> DownloadsView:
    """Add the Downloads page over the queue the composition root built and runs
    (``ctx.downloads``, see app.py)."""
    from hfmanager.core import network
    from hfmanager.core.downloads import service

    queue = ctx.downloads
    if queue is None:
        raise RuntimeError("the download queue was not built")
    settings = ctx.settings
    try:
        hint = network.current_endpoint(settings).url
    except ValueError:
        hint = ""
    view = DownloadsView(queue, service.make_planner(settings), window,  # type: ignore[arg-type]
                         endpoint_hint=hint, settings=settings)
    title = QCoreApplication.translate("DownloadsView", "Downloads")
    window.add_page("downloads", title, icons.icon("nav-downloads"), view)  # palette-tinted
    _install_download_rest(window, queue)
    return view


def _install_download_rest(window: Window, queue: DownloadQueue) -> None:
    """The Library's "Download the rest" queues what a partial snapshot lacks."""
    from hfmanager.core.downloads.repair import rest_of_snapshot_spec

    def download_rest(repo: Repo, rev: Revision) -> None:
        spec = rest_of_snapshot_spec(repo.repo_path, rev.commit_hash)
        if spec is not None:
            queue.add(spec)
            window.show_page("downloads")

    window.library.details.restRequested.connect(download_rest)
