"""Acting where the problem is: the file tree's and the problem list's context menus.

"Download again" on a broken link, a missing shard or a corrupt file asks for exactly
those files, pinned to their commit (``redownloadRequested``; app.py queues them on the
same path as verify's "Download again"). "View" (also a double-click) opens a text file
of the snapshot (config, README, code) in the read-only viewer; weights and other
binary files are not offered.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidgetItem, QMenu, QWidget

from hfmanager.core.downloads.repair import problem_entries
from hfmanager.core.inventory.model import CachedFile, FileKind, Problem, Repo
from hfmanager.core.preview import viewable
from hfmanager.ui import icons
from hfmanager.ui.dialogs.file_viewer import FileViewerDialog
from hfmanager.ui.models.roles import ObjectRole


def can_view(file: CachedFile | None) -> bool:
    """Whether "View" is offered: a text file by its name, never weights."""
    return (file is not None and file.kind is not FileKind.WEIGHTS
            and viewable(file.path.rpartition("/")[2]) is not None)


class FileActions(QObject):
    """The context menus and double-click of one :class:`RepoDetails` panel."""

    redownloadRequested = Signal(str, list)  # repo folder, ["<commit>/<path>", ...]

    def __init__(self, details: QWidget) -> None:
        super().__init__(details)
        self.details = details
        self.viewer: FileViewerDialog | None = None  # the last one opened
        tree = details.tree  # type: ignore[attr-defined]
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(self._on_tree_context_menu_requested)
        tree.doubleClicked.connect(self._on_tree_double_clicked)
        problems = details.details.problems  # type: ignore[attr-defined]
        problems.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        problems.customContextMenuRequested.connect(self._on_problems_context_menu_requested)

    def _repo(self) -> Repo | None:
        repo = self.details.repo()  # type: ignore[attr-defined]
        return repo if isinstance(repo, Repo) else None

    # -- the file tree -----------------------------------------------------------
    def tree_actions(self, index: QModelIndex, parent: QObject) -> list[QAction]:
        """"View" and "Download again" for the file at ``index`` (and the other selected
        files with a problem); empty on a group row."""
        file = index.siblingAtColumn(0).data(ObjectRole)
        if not isinstance(file, CachedFile):
            return []
        out = []
        if can_view(file):
            view = QAction(self.tr("View"), parent)
            view.setObjectName("file_view")
            view.triggered.connect(lambda: self.view_file(file))
            out.append(view)
        entries = self._tree_entries(index)
        if entries:
            out.append(self._redownload_action(entries, parent))
        return out

    def _tree_entries(self, index: QModelIndex) -> list[str]:
        tree = self.details.tree  # type: ignore[attr-defined]
        model = self.details.files_model  # type: ignore[attr-defined]
        rev = model.revision()
        rows = tree.selectionModel().selectedRows(0)
        if index.siblingAtColumn(0) not in rows:
            rows = [index.siblingAtColumn(0)]
        files = [i.data(ObjectRole) for i in rows]
        if rev is None:
            return []
        return [f"{rev.commit_hash}/{f.path}" for f in files
                if isinstance(f, CachedFile) and model.file_problem(f) is not None]

    def _on_tree_context_menu_requested(self, pos: QPoint) -> None:
        tree = self.details.tree  # type: ignore[attr-defined]
        menu = QMenu(tree)
        menu.addActions(self.tree_actions(tree.indexAt(pos), menu))
        if not menu.isEmpty():
            menu.popup(tree.viewport().mapToGlobal(pos))

    def _on_tree_double_clicked(self, index: QModelIndex) -> None:
        file = index.siblingAtColumn(0).data(ObjectRole)
        if isinstance(file, CachedFile) and can_view(file):
            self.view_file(file)

    def view_file(self, file: CachedFile) -> FileViewerDialog:
        """Open ``file`` (read through its snapshot link) in a viewer window."""
        repo = self._repo()
        root = os.path.dirname(repo.repo_path) if repo is not None else None
        dialog = FileViewerDialog(file.file_path, file.path, root=root,
                                  parent=self.details.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.viewer = dialog
        return dialog

    # -- the problem list --------------------------------------------------------
    def problem_actions(self, item: QListWidgetItem | None, parent: QObject) -> list[QAction]:
        """"Download again" for a problem that names files a download puts back."""
        problem = item.data(ObjectRole) if item is not None else None
        repo = self._repo()
        if not isinstance(problem, Problem) or repo is None:
            return []
        entries = problem_entries(repo, problem)
        return [self._redownload_action(entries, parent)] if entries else []

    def _on_problems_context_menu_requested(self, pos: QPoint) -> None:
        problems = self.details.details.problems  # type: ignore[attr-defined]
        menu = QMenu(problems)
        menu.addActions(self.problem_actions(problems.itemAt(pos), menu))
        if not menu.isEmpty():
            menu.popup(problems.viewport().mapToGlobal(pos))

    def _redownload_action(self, entries: list[str], parent: QObject) -> QAction:
        # The Downloads page's own icon (tinted from the palette: visible in dark too).
        action = QAction(icons.icon("nav-downloads"), self.tr("Download again"), parent)
        action.setObjectName("file_redownload")
        action.setToolTip(self.tr("Fetch these files again from the Hub, pinned to their "
                                  "commit"))

        def go() -> None:
            repo = self._repo()
            if repo is not None:
                self.redownloadRequested.emit(repo.repo_path, list(entries))

        action.triggered.connect(go)
        return action
