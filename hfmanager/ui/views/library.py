"""The Library page: search, type filters, repos and torch tables, and the details panel."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.inventory.model import Repo, RepoType, SharedPayload, TorchEntry
from hfmanager.ui import icons
from hfmanager.ui.fmt import human_size
from hfmanager.ui.models.repos_model import ReposModel, ReposProxy
from hfmanager.ui.models.roles import ObjectRole
from hfmanager.ui.models.torch_model import TorchModel, TorchProxy
from hfmanager.ui.views.columns import split_sizes, table_need
from hfmanager.ui.views.empty_state import EmptyState
from hfmanager.ui.views.library_tables import build_tables, type_button
from hfmanager.ui.views.repo_details import RepoDetails

RepoActionFactory = Callable[[list[Repo], QWidget], QAction | None]
DEFAULT_ENDPOINT = "https://huggingface.co"


def hub_url(repo: Repo, endpoint: str = "") -> str:
    base = (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
    prefix = {RepoType.MODEL: "", RepoType.DATASET: "datasets/", RepoType.SPACE: "spaces/"}
    return f"{base}/{prefix[repo.repo_type]}{repo.repo_id}"


class LibraryView(QWidget):
    """Browses the inventory; the window wires its signals to the public API."""

    repoSelected = Signal(object)  # Repo | None
    torchSelected = Signal(object)  # TorchEntry | None
    orphansCleanupRequested = Signal()  # the store line's "Clean up" link

    def __init__(self, endpoint: Callable[[], str] = lambda: "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._endpoint = endpoint
        self.action_factories: list[RepoActionFactory] = []
        self.repos_model = ReposModel(self)
        self.repos_proxy = ReposProxy(self)
        self.repos_proxy.setSourceModel(self.repos_model)
        self.torch_model = TorchModel(self)
        self.torch_proxy = TorchProxy(self)
        self.torch_proxy.setSourceModel(self.torch_model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_filters())
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_content())
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        for proxy in (self.repos_proxy, self.torch_proxy):  # "5 of 6 shown" stays true
            for signal in (proxy.rowsInserted, proxy.rowsRemoved, proxy.modelReset,
                           proxy.layoutChanged):
                signal.connect(self.update_section_titles)

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(6, 6, 6, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search repos (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        focus = QAction(self)
        focus.setShortcut(QKeySequence.StandardKey.Find)
        focus.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(focus)
        # Esc anywhere in the library empties the search (as in a browser's find bar)
        clear = QAction(self)
        clear.setObjectName("clear_search")
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        clear.triggered.connect(self.search.clear)
        self.addAction(clear)
        row.addWidget(self.search, 1)
        self.type_buttons: dict[RepoType, QToolButton] = {}
        names = {RepoType.MODEL: self.tr("Models"), RepoType.DATASET: self.tr("Datasets"),
                 RepoType.SPACE: self.tr("Spaces")}
        for repo_type, text in names.items():
            button = type_button(repo_type, text)
            button.toggled.connect(self._on_types_toggled)
            self.type_buttons[repo_type] = button
            row.addWidget(button)
        return row

    def _build_store_line(self) -> QLabel:
        """One line about huggingface_hub's shared Xet store, shown only when there is
        one: repo sizes count its payloads in full, the total counts each once."""
        line = QLabel()
        line.setObjectName("store_line")
        line.setWordWrap(True)
        line.setContentsMargins(6, 2, 6, 4)
        line.setTextFormat(Qt.TextFormat.RichText)
        line.linkActivated.connect(lambda _link: self.orphansCleanupRequested.emit())
        line.setVisible(False)
        return line

    def _build_content(self) -> QSplitter:
        self.repos_view, self.torch_view = build_tables(self.repos_proxy, self.torch_proxy,
                                                        self.repos_model)
        self.repos_view.selectionModel().currentRowChanged.connect(self._on_repo_current)
        self._kept: tuple[str | None, list[str]] = (None, [])
        self._restoring = False
        self.repos_proxy.modelAboutToBeReset.connect(self._on_repos_proxy_about_to_reset)
        self.repos_proxy.modelReset.connect(self._on_repos_proxy_reset)
        self.repos_proxy.rowsRemoved.connect(self._on_repos_proxy_rows_removed)
        self.torch_view.selectionModel().currentRowChanged.connect(self._on_torch_current)
        self.repos_view.customContextMenuRequested.connect(self._on_repos_menu)
        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(self.repos_view, icons.icon("type-model"), self.tr("Hugging Face"))
        self.sections.addTab(self.torch_view, icons.type_icon("torch"), self.tr("Torch hub"))
        self.sections.currentChanged.connect(self._on_section_changed)
        self.details = RepoDetails()
        self.store_line = self._build_store_line()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.sections, 1)
        left_layout.addWidget(self.store_line)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.details.setMinimumWidth(240)
        self.splitter.setSizes([860, 400])  # the table first: repo names need the room
        # Balanced to the width (resizeEvent) until the user moves it or a saved state is in.
        self.auto_split = True
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "auto_split", False))
        return self.splitter

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Side by side when both fit; on a narrower page (a 2x screen) the details go
        under the table, or one of them would be cut or scroll sideways."""
        super().resizeEvent(event)
        side = table_need(self.repos_view, ReposModel.COL_ID) + self.details.minimumWidth()
        wanted = (Qt.Orientation.Horizontal if event.size().width() >= side
                  else Qt.Orientation.Vertical)
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)
            high = event.size().height()
            self.splitter.setSizes([high // 2, high // 2] if wanted == Qt.Orientation.Vertical
                                   else [860, 400])
        if self.auto_split and wanted == Qt.Orientation.Horizontal:
            # The splitter fills the page but is resized after this: use the new width.
            self._balance(event.size().width() - self.splitter.handleWidth())

    def _balance(self, width: int) -> None:
        self.splitter.setSizes(split_sizes(self.repos_view, ReposModel.COL_ID, width,
                                           self.details.minimumWidth()))

    # -- state -------------------------------------------------------------------
    def update_section_titles(self) -> None:
        """``Hugging Face (6)``, or ``(5 of 6 shown)`` while a search or filter hides some."""
        for i, (model, proxy, title) in enumerate((
                (self.repos_model, self.repos_proxy, self.tr("Hugging Face")),
                (self.torch_model, self.torch_proxy, self.tr("Torch hub")))):
            n, shown = model.rowCount(), proxy.rowCount()
            count = str(n) if shown == n else self.tr("{shown} of {n} shown").format(
                shown=shown, n=n)
            self.sections.setTabText(i, f"{title} ({count})")

    def set_store(self, payloads: tuple[SharedPayload, ...]) -> None:
        """Summarise the shared blob store(s): payloads, and orphans to reclaim."""
        self.store_line.setVisible(bool(payloads))
        if not payloads:
            return
        orphans = [p for p in payloads if p.orphan]
        text = self.tr("Shared blob store: {n} files, {size}, each counted once in the "
                       "total").format(n=len(payloads),
                                       size=human_size(sum(p.size for p in payloads)))
        if orphans:
            text += " · " + self.tr(
                "{n} orphaned, {size} used by no repo: <a href=\"clean\">Clean up…</a>"
            ).format(n=len(orphans), size=human_size(sum(p.size for p in orphans)))
        self.store_line.setText(text)

    def set_empty(self, empty: bool) -> None:
        self.stack.setCurrentWidget(self.empty if empty else self.splitter)

    def is_empty_shown(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def current_repo(self) -> Repo | None:
        repo = self.details.repo()
        return self.repos_model.find(repo.repo_path) if repo is not None else None

    def selected_repos(self) -> list[Repo]:
        rows = self.repos_view.selectionModel().selectedRows(ReposModel.COL_ID)
        return [r for r in (i.data(ObjectRole) for i in rows) if isinstance(r, Repo)]

    def select_repo(self, repo_id: str, repo_type: RepoType | None = None) -> bool:
        """Make a repo current (and the only selection); False if it is not shown."""
        for row in range(self.repos_proxy.rowCount()):
            index = self.repos_proxy.index(row, ReposModel.COL_ID)
            repo = index.data(ObjectRole)
            if repo.repo_id == repo_id and repo_type in (None, repo.repo_type):
                self.sections.setCurrentIndex(0)
                flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
                self.repos_view.selectionModel().setCurrentIndex(index, flags)
                self.repos_view.scrollTo(index)
                return True
        return False

    def refresh_current(self) -> None:
        """After an upsert: show the newest object of the selected repo, or clear."""
        shown = self.details.repo()
        if shown is None:
            return
        fresh = self.repos_model.find(shown.repo_path)
        if fresh is None:
            self.details.set_repo(None)
            self.repoSelected.emit(None)
        elif fresh is not shown:
            self.details.set_repo(fresh)
            self.repoSelected.emit(fresh)

    # -- slots -------------------------------------------------------------------
    def _on_search_changed(self, text: str) -> None:
        self.repos_proxy.set_search(text)
        self.torch_proxy.setFilterFixedString(text.strip())

    def _on_types_toggled(self, _checked: bool) -> None:
        self.repos_proxy.set_types(t for t, b in self.type_buttons.items() if b.isChecked())

    def _on_repos_proxy_about_to_reset(self) -> None:
        """Filters reset the visible rows: remember the selection to put it back."""
        shown = self.details.repo()
        self._kept = (shown.repo_path if shown else None,
                      [r.repo_path for r in self.selected_repos()])

    def _on_repos_proxy_reset(self) -> None:
        current, selected = self._kept
        sel = self.repos_view.selectionModel()
        self._restoring = True
        try:
            flag = QItemSelectionModel.SelectionFlag
            for key in selected:
                row = self.repos_proxy.row_of_key(key)
                if row is not None:
                    sel.select(self.repos_proxy.index(row, 0), flag.Select | flag.Rows)
            row = self.repos_proxy.row_of_key(current) if current else None
            if row is not None:
                sel.setCurrentIndex(self.repos_proxy.index(row, ReposModel.COL_ID),
                                    flag.NoUpdate)
        finally:
            self._restoring = False

    def _on_repos_proxy_rows_removed(self) -> None:
        """The selected repo's row went (deleted, rescanned): the view moved the current
        row to a neighbour, whose details are shown, without selecting it. Select it, so
        the details follow the selection (and Delete acts on what is shown)."""
        sel = self.repos_view.selectionModel()
        current = sel.currentIndex()
        if current.isValid() and not sel.hasSelection():
            flag = QItemSelectionModel.SelectionFlag
            sel.select(current, flag.ClearAndSelect | flag.Rows)

    def _on_repo_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return  # the same repo coming back after a filter change
        repo = current.data(ObjectRole) if current.isValid() else None
        if repo is None and self.details.repo() is not None and self._kept[0]:
            return  # filtered out of sight: keep showing it until another is picked
        self.details.set_repo(repo if isinstance(repo, Repo) else None)
        self.repoSelected.emit(self.details.repo())

    def _on_torch_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = current.data(ObjectRole) if current.isValid() else None
        if isinstance(entry, TorchEntry):
            self.details.set_torch_entry(entry)
            self.repoSelected.emit(None)
        self.torchSelected.emit(entry)

    def _on_section_changed(self, index: int) -> None:
        view = self.repos_view if index == 0 else self.torch_view
        current = view.selectionModel().currentIndex()
        (self._on_repo_current if index == 0 else self._on_torch_current)(current, current)

    # -- context menu ------------------------------------------------------------
    def repo_actions(self, repos: list[Repo], parent: QWidget) -> list[QAction]:
        """The built-in actions plus every feature's, for the given selection."""
        actions: list[QAction] = []
        if len(repos) == 1:
            repo = repos[0]
            spec = (
                (self.tr("Open folder"), "open_folder", lambda: self.open_folder(repo.repo_path)),
                (self.tr("Copy path"), "copy_path", lambda: self.copy_text(repo.repo_path)),
                (self.tr("Copy repo ID"), "copy_id", lambda: self.copy_text(repo.repo_id)),
                (self.tr("Open on the Hub"), "open_hub", lambda: QDesktopServices.openUrl(
                    QUrl(hub_url(repo, self._endpoint())))),
            )
            for text, name, slot in spec:
                action = QAction(text, parent)
                action.setObjectName(name)
                action.triggered.connect(slot)
                actions.append(action)
        for factory in self.action_factories:
            action = factory(repos, parent)
            if action is not None:
                actions.append(action)
        return actions

    @staticmethod
    def copy_text(text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    def open_folder(self, path: str) -> bool:
        """Open ``path`` in the file manager; when there is none (a bare desktop, a
        container) say so, with the path copied, instead of doing nothing."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            return True
        self.copy_text(path)
        self.folder_message = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Open folder"),
            self.tr("No file manager could open the folder. Its path is copied to the "
                    "clipboard:\n{path}").format(path=path),
            QMessageBox.StandardButton.Ok, self.window())
        self.folder_message.open()  # not exec(): the window keeps running under it
        return False

    def _on_repos_menu(self, pos: QPoint) -> None:
        repos = self.selected_repos()
        if not repos:
            return
        menu = QMenu(self)
        for action in self.repo_actions(repos, menu):
            menu.addAction(action)
        menu.popup(self.repos_view.viewport().mapToGlobal(pos))
