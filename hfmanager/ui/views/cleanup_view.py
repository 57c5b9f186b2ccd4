"""The Cleanup page (rules, checkable candidates, live "will free") and its Library hooks.

``install(window, ctx)`` adds the page, a "Delete…" and a "Verify" context action on the
repo list, and the Delete key on the repo list and the file tree; every deletion goes
through :class:`CleanupController` (plan -> confirmation dialog -> execute -> rescan).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.cleanup import CleanPlan, CleanResult, Selection
from hfmanager.core.cleanup.rules import Rules, candidates, combine
from hfmanager.core.inventory.model import CachedFile, Inventory, Repo, RepoType
from hfmanager.core.verify.findings import findings_from_report
from hfmanager.ui import icons
from hfmanager.ui.context import AppContext, Window
from hfmanager.ui.flow import FlowLayout
from hfmanager.ui.fmt import human_size
from hfmanager.ui.models.cleanup_model import CandidatesModel
from hfmanager.ui.models.roles import ObjectRole, SortRole
from hfmanager.ui.views.cleanup_jobs import CleanupController
from hfmanager.ui.views.verify_panel import VerifyPanel

GIB = 1024**3


def _together(*widgets: QWidget) -> QWidget:
    """Widgets that must not wrap apart ("Not used for" and its days)."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        row.addWidget(w)
    return box


def _table(model: Any) -> QTableView:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


class CleanupView(QWidget):
    """Rules on top, candidates below, the exact figure and the Delete button at the end."""

    def __init__(self, controller: CleanupController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._inventory = Inventory(roots=(), repos=())
        self._plan_gen = 0
        # The last cleanup's outcome: kept on show through its own rescan, until the user
        # changes the rules or the checks (the rescan's figure used to overwrite it at once).
        self._result = ""
        self.model = CandidatesModel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_rules())
        self.table = _table(self.model)
        self.table.sortByColumn(CandidatesModel.COL_SIZE, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.table, 2)
        layout.addLayout(self._build_actions())
        self.verify = VerifyPanel(controller, self)
        layout.addWidget(self.verify, 1)
        # A table's own minimum (70 px) twice over made the page taller than a 2x screen.
        for table in (self.table, self.verify.table):
            table.setMinimumHeight(table.fontMetrics().height() * 3)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self.model.checkedChanged.connect(self._debounce.start)
        # The user's own check toggles (a rescan resets the model instead).
        self.model.dataChanged.connect(self._forget_result)
        controller.planned.connect(self._on_controller_planned)
        controller.cleaned.connect(self._on_controller_cleaned)
        controller.progressed.connect(self._on_controller_progressed)
        controller.busyChanged.connect(self._on_controller_busy_changed)
        controller.failed.connect(self._on_controller_failed)
        self._last_plan: CleanPlan | None = None

    def _build_rules(self) -> QGroupBox:
        box = QGroupBox(self.tr("Find what to clean"))
        row1, row2 = FlowLayout(), FlowLayout()  # wrap on a narrow or 2x screen
        self.unused = QCheckBox(self.tr("Not used for"))
        self.days = QSpinBox(minimum=1, maximum=3650, value=90, suffix=self.tr(" days"))
        self.larger = QCheckBox(self.tr("Larger than"))
        self.size_gb = QDoubleSpinBox(minimum=0.0, maximum=100000.0, value=1.0, decimals=1,
                                      suffix=self.tr(" GiB"))
        self.types = {RepoType.MODEL: QCheckBox(self.tr("Models")),
                      RepoType.DATASET: QCheckBox(self.tr("Datasets")),
                      RepoType.SPACE: QCheckBox(self.tr("Spaces"))}
        row1.addWidget(_together(self.unused, self.days))
        row1.addWidget(_together(self.larger, self.size_gb))
        for cb in self.types.values():
            cb.setChecked(True)
            row1.addWidget(cb)
        self.detached = QCheckBox(self.tr("Detached revisions"))
        self.incomplete = QCheckBox(self.tr("Partial downloads"))
        self.twins = QCheckBox(self.tr("Pickle twins of safetensors weights"))
        # store payloads no repo links to any more (huggingface_hub 2.x's shared Xet store)
        self.orphans = QCheckBox(self.tr("Orphaned shared files"))
        self.orphans.setToolTip(self.tr("Files of the shared blob store that no cached repo "
                                        "uses any more"))
        self.torch = QCheckBox(self.tr("Torch hub entries"))
        self.torch.setChecked(True)
        for w in (self.detached, self.incomplete, self.twins, self.orphans, self.torch):
            row2.addWidget(w)
        for cb in (self.unused, self.larger, self.detached, self.incomplete, self.twins,
                   self.orphans, self.torch, *self.types.values()):
            cb.toggled.connect(self.refresh_candidates)
        self.days.valueChanged.connect(self.refresh_candidates)
        self.size_gb.valueChanged.connect(self.refresh_candidates)
        outer = QVBoxLayout(box)
        outer.addLayout(row1)
        outer.addLayout(row2)
        return box

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.select_all = QPushButton(self.tr("Select &all"))
        self.select_all.clicked.connect(lambda: self.model.set_all_checked(True))
        self.select_none = QPushButton(self.tr("Select &none"))
        self.select_none.clicked.connect(lambda: self.model.set_all_checked(False))
        self.free_label = QLabel()
        self.free_label.setObjectName("willFree")
        font = self.free_label.font()
        font.setBold(True)
        self.free_label.setFont(font)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.delete_button = QPushButton(icons.icon("nav-cleanup"), self.tr("&Delete…"))
        self.delete_button.setEnabled(False)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        for w in (self.select_all, self.select_none):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.progress)
        row.addWidget(self.free_label)
        row.addWidget(self.delete_button)
        self._show_free(None)
        return row

    # -- data ----------------------------------------------------------------------
    def rules(self) -> Rules:
        chosen = frozenset(t for t, cb in self.types.items() if cb.isChecked())
        return Rules(
            unused_days=float(self.days.value()) if self.unused.isChecked() else None,
            larger_than=int(self.size_gb.value() * GIB) if self.larger.isChecked() else None,
            repo_types=frozenset() if len(chosen) == len(self.types) else chosen,
            detached=self.detached.isChecked(), incomplete=self.incomplete.isChecked(),
            pickle_twins=self.twins.isChecked(), orphans=self.orphans.isChecked(),
            torch=self.torch.isChecked())

    def set_inventory(self, inventory: Inventory) -> None:
        self._inventory = inventory
        self.verify.set_inventory(inventory)
        self.model.set_candidates(candidates(self._inventory, self.rules()))

    def refresh_candidates(self) -> None:
        """The rules changed: the next figure replaces the last cleanup's result."""
        self._forget_result()
        self.model.set_candidates(candidates(self._inventory, self.rules()))

    def _forget_result(self) -> None:
        self._result = ""

    def _show_free(self, plan: CleanPlan | None, pending: bool = False) -> None:
        if pending:
            figure = self.tr("Will free: calculating…")
        elif plan is None or plan.empty:
            figure = "" if self._result else self.tr("Will free: nothing selected")
        else:
            figure = self.tr("Will free {0} ({1} paths)").format(
                human_size(plan.freed_bytes), len(plan.items))
        self.free_label.setText(" ".join(t for t in (self._result, figure) if t))
        self.delete_button.setEnabled(bool(self.model.checked()) and not pending)

    # -- slots ---------------------------------------------------------------------
    def _on_debounce_timeout(self) -> None:
        sel = combine(self.model.checked())
        self._plan_gen += 1
        if sel.empty:
            self._last_plan = None
            self._show_free(None)
            return
        self._show_free(None, pending=True)
        self.controller.compute_plan(sel, self._plan_gen)

    def _on_controller_planned(self, tag: int, plan: CleanPlan) -> None:
        if tag != self._plan_gen:
            return  # an older selection's figure arriving late
        self._last_plan = plan
        if combine(self.model.checked()).empty:
            self._show_free(None)
        elif not self._debounce.isActive():
            self._show_free(plan)

    def _on_delete_button_clicked(self) -> None:
        self.controller.request_delete(combine(self.model.checked()), self.window())

    def _on_controller_cleaned(self, result: CleanResult) -> None:
        self.progress.setVisible(False)
        msg = self.tr("Freed {0}.").format(human_size(result.freed_bytes))
        if result.trashed:
            msg += " " + self.tr("Moved {0} repo(s), {1}, to the trash.").format(
                len(result.trashed), human_size(result.trashed_bytes))
        if result.errors:
            msg += " " + self.tr("{0} path(s) could not be removed.").format(len(result.errors))
        self._result = msg
        self.free_label.setText(msg)

    def _on_controller_progressed(self, done: int, total: int, _text: str) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_controller_busy_changed(self, busy: bool) -> None:
        if not busy:
            self.progress.setVisible(False)

    def _on_controller_failed(self, message: str) -> None:
        self._result = self.tr("Failed: {0}").format(message)
        self.free_label.setText(self._result)


def _selected_files(window: Any) -> list[CachedFile]:
    tree = window.library.details.tree
    files = [i.data(ObjectRole) for i in tree.selectionModel().selectedRows(0)]
    return [f for f in files if isinstance(f, CachedFile)]


def install(window: Window, ctx: AppContext) -> None:
    """Add the Cleanup page and the Library's delete/verify hooks to the main window."""
    controller = CleanupController(lambda: [str(r.path) for r in ctx.roots()],
                                   use_trash=lambda: bool(ctx.settings.use_trash),
                                   store=ctx.store, after_change=window.request_rescan,
                                   parent=window)
    view = CleanupView(controller)
    window.add_page("cleanup", view.tr("Cleanup"), icons.icon("nav-cleanup"), view)
    window.inventoryChanged.connect(view.set_inventory)
    view.set_inventory(window.inventory())
    _install_context_actions(window, view, controller)

    def show_orphans() -> None:  # the Library's shared-store line, "Clean up…"
        window.show_page("cleanup")
        view.orphans.setChecked(True)

    window.library.orphansCleanupRequested.connect(show_orphans)
    # Published on the window for the composition root (app.py) and tests.
    window.cleanup = (  # type: ignore[attr-defined]
        controller, view, *_install_delete_keys(window, controller))
    # Corrupt files also show on their repo and file in the Library, not only here.
    controller.verified.connect(
        lambda report: window.attach_findings(findings_from_report(report)))


def _delete_repos(window: Any, controller: CleanupController, repos: list[Repo]) -> None:
    controller.request_delete(Selection(repos=frozenset(r.repo_path for r in repos)), window)


def _install_context_actions(window: Any, view: CleanupView,
                             controller: CleanupController) -> None:
    """"Delete…", "Delete revision…" and "Verify files" in the repo list's context menu."""

    def delete_action(repos: list[Repo], parent: Any) -> QAction | None:
        action = QAction(icons.icon("nav-cleanup"), view.tr("Delete…"), parent)
        action.setObjectName("cleanup_delete")
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        action.triggered.connect(lambda: _delete_repos(window, controller, repos))
        return action

    def revision_action(repos: list[Repo], parent: Any) -> QAction | None:
        rev = window.current_revision()
        if len(repos) != 1 or rev is None or repos[0] is not window.current_repo():
            return None
        action = QAction(view.tr("Delete revision {0}…").format(rev.commit_hash[:7]), parent)
        action.setObjectName("cleanup_delete_revision")
        sel = Selection(revisions=frozenset({(repos[0].repo_path, rev.commit_hash)}))
        action.triggered.connect(lambda: controller.request_delete(sel, window))
        return action

    def verify_action(repos: list[Repo], parent: Any) -> QAction | None:
        action = QAction(view.tr("Verify files"), parent)
        action.setObjectName("cleanup_verify")

        def go() -> None:
            window.show_page("cleanup")
            view.verify.verify_repos(repos)

        action.triggered.connect(go)
        return action

    for factory in (delete_action, revision_action, verify_action):
        window.add_repo_context_action(factory)


def _install_delete_keys(window: Any, controller: CleanupController) -> tuple[QShortcut, ...]:
    """The Delete key on the repo list (whole repos) and on the file tree (files)."""

    def on_files() -> None:
        files = _selected_files(window)
        if files:
            controller.request_delete(Selection(files=frozenset(f.file_path for f in files)),
                                      window)

    lib = window.library
    repo_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), lib.repos_view)
    repo_key.setContext(Qt.ShortcutContext.WidgetShortcut)
    repo_key.activated.connect(lambda: _delete_repos(window, controller,
                                                     window.selected_repos()))
    file_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), lib.details.tree)
    file_key.setContext(Qt.ShortcutContext.WidgetShortcut)
    file_key.activated.connect(on_files)
    return repo_key, file_key
