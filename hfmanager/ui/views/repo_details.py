"""Right-hand panel: the selected repo's header, revision picker, file tree and details."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.inventory.model import Repo, RepoType, Revision, TorchEntry
from hfmanager.ui import icons, theme
from hfmanager.ui.fmt import human_size
from hfmanager.ui.models.files_model import FilesModel
from hfmanager.ui.views.details_pane import DetailsPane
from hfmanager.ui.views.file_actions import FileActions
from hfmanager.ui.views.tab_strip import TabStrip

NARROW_TREE = 360  # px: under it the Files tree shows names and sizes only


def wrappable_id(name: str) -> str:
    """A repo id (or file name) that word wrap may break after ``/ - _`` (zero-width
    spaces, display only: copies lose them, fmt.clean_copies)."""
    for sep in "/-_":
        name = name.replace(sep, sep + "\u200b")
    return name


# Whether a feature's tab is offered for the shown item (a repo or a torch hub entry).
Offered = Callable[[Repo | TorchEntry], bool]


def _repos_only(item: Repo | TorchEntry) -> bool:
    return isinstance(item, Repo)


def revision_label(rev: Revision) -> str:
    """``a1b2c3d4e5f6  main, refs/pr/3`` or ``a1b2c3d4e5f6  (detached)``."""
    if rev.detached:
        refs = QCoreApplication.translate("RepoDetails", "(detached)")
    else:
        refs = ", ".join(rev.refs)
    return f"{rev.commit_hash[:12]}  {refs}"


def default_revision(revisions: tuple[Revision, ...]) -> Revision | None:
    """main if present, else the newest revision that has a ref, else the newest."""
    for rev in revisions:
        if "main" in rev.refs:
            return rev
    newest = sorted(revisions, key=lambda r: r.last_modified, reverse=True)
    with_refs = [r for r in newest if r.refs]
    return (with_refs or newest or [None])[0]


class RepoDetails(QStackedWidget):
    """Shows one repo (or a torch entry); emits ``revisionSelected`` when the pick changes."""

    revisionSelected = Signal(object)  # Revision | None
    restRequested = Signal(object, object)  # Repo, Revision: download the missing files

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._repo: Repo | None = None
        self._offered: dict[QWidget, Offered] = {}  # feature tab page -> when it is shown
        self._type_names = {RepoType.MODEL: self.tr("Model"), RepoType.DATASET: self.tr("Dataset"),
                            RepoType.SPACE: self.tr("Space")}
        self.placeholder = QLabel(self.tr("Select a repo to see its revisions and files."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        theme.tint(self.placeholder, theme.Role.MUTED)  # readable, not greyed out
        self.addWidget(self.placeholder)
        self.addWidget(self._build_panel())

    def _build_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(6, 6, 6, 6)
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setWordWrap(True)  # a long repo id on two lines, not cut at the pane's edge
        self.subtitle = QLabel()
        theme.tint(self.subtitle, theme.Role.MUTED)
        self.rev_label = QLabel(self.tr("&Revision:"))
        self.revisions = QComboBox()
        self.revisions.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.rev_label.setBuddy(self.revisions)
        self.revisions.currentIndexChanged.connect(self._on_revisions_changed)
        rev_row = QHBoxLayout()
        rev_row.addWidget(self.rev_label)
        rev_row.addWidget(self.revisions)
        rev_row.addStretch(1)
        self.partial_box = self._build_partial_box()
        self.files_model = FilesModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.files_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.viewport().installEventFilter(self)  # Kind only where names have room
        self.details = DetailsPane()
        self.file_actions = FileActions(self)  # "View", "Download again" (context menus)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.tree, icons.icon("folder"), self.tr("Files"))
        self.tabs.addTab(self.details, icons.icon("health-info"), self.tr("Details"))
        self.strip = TabStrip(self.tabs)  # the tabs' titles, wrapping in a narrow pane
        for w in (self.title, self.subtitle):
            layout.addWidget(w)
        layout.addLayout(rev_row)
        layout.addWidget(self.partial_box)
        layout.addWidget(self.strip)
        layout.addWidget(self.tabs, 1)
        return panel

    def _build_partial_box(self) -> QWidget:
        """The row shown for a partial snapshot: what is missing, and a button to fetch it."""
        partial_row = QHBoxLayout()
        self.partial_label = QLabel()
        self.partial_label.setWordWrap(True)
        self.partial_button = QPushButton(
            self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
            self.tr("Download the rest"))
        self.partial_button.clicked.connect(self._on_partial_button_clicked)
        partial_row.addWidget(self.partial_label, 1)
        partial_row.addWidget(self.partial_button)
        box = QWidget()
        box.setLayout(partial_row)
        partial_row.setContentsMargins(0, 0, 0, 0)
        box.setVisible(False)
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In a narrow pane (1024 px window) the Kind column goes (each row's icon says
        it): beside Size and Kind the names were cut to "Weigh…", "co…"."""
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self.tree.setColumnHidden(2, self.tree.viewport().width() < NARROW_TREE)
        return super().eventFilter(watched, event)

    def add_tab(self, title: str, widget: QWidget, offered: Offered | None = None) -> int:
        """A feature's tab scrolls: a QTabWidget is as tall as its tallest page's minimum,
        so an unscrolled Test load page grew the window past a small or 2x screen."""
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(widget)
        self._offered[scroll] = offered or _repos_only  # ``offered(item)``: shown for it
        index = self.tabs.addTab(scroll, title)
        self.strip.sync()
        return index

    def _offer_tabs(self, item: Repo | TorchEntry) -> None:
        """Show each feature's tab only where it can act (no Test load for a dataset)."""
        for page, offered in self._offered.items():
            self.tabs.setTabVisible(self.tabs.indexOf(page), offered(item))
        self.strip.sync()

    def repo(self) -> Repo | None:
        return self._repo

    def current_revision(self) -> Revision | None:
        rev = self.revisions.currentData()
        return rev if isinstance(rev, Revision) else None

    def set_repo(self, repo: Repo | None) -> None:
        """Show a repo; keeps the picked commit when the same repo is refreshed."""
        keep = self.current_revision() if (
            repo is not None and self._repo is not None
            and repo.repo_path == self._repo.repo_path) else None
        self._repo = repo
        if repo is None:
            self.setCurrentIndex(0)
            self.files_model.set_revision(None)
            self.details.show_repo(None, None)
            self.revisionSelected.emit(None)
            return
        self.setCurrentIndex(1)
        # The tab widget shows and hides its pages: a page's own setVisible(True) would
        # paint the Files tree over whichever tab is open (Test load, Details).
        self.tabs.setTabVisible(0, True)
        self._offer_tabs(repo)
        self.title.setText(wrappable_id(repo.repo_id))
        self.title.setToolTip(repo.repo_path)
        n = len(repo.revisions)
        revs = self.tr("1 revision") if n == 1 else self.tr("{n} revisions").format(n=n)
        self.subtitle.setText(self.tr("{type} \u00b7 {size} \u00b7 {revisions}").format(
            type=self._type_names[repo.repo_type], size=human_size(repo.size_on_disk),
            revisions=revs))
        self.rev_label.setVisible(True)
        self.revisions.setVisible(True)
        pick = default_revision(repo.revisions)
        if keep is not None:
            pick = next((r for r in repo.revisions if r.commit_hash == keep.commit_hash), pick)
        self.revisions.blockSignals(True)
        self.revisions.clear()
        ordered = sorted(repo.revisions, key=lambda r: (r.detached, -r.last_modified))
        for rev in ordered:
            self.revisions.addItem(revision_label(rev), rev)
            if rev.detached:
                self.revisions.setItemData(self.revisions.count() - 1,
                                           self.tr("Detached: no branch or tag points here"),
                                           Qt.ItemDataRole.ToolTipRole)
        if pick is not None:
            self.revisions.setCurrentIndex(ordered.index(pick))
        self.revisions.blockSignals(False)
        self._on_revisions_changed()

    def set_torch_entry(self, entry: TorchEntry) -> None:
        self._repo = None
        self.setCurrentIndex(1)
        self.title.setText(wrappable_id(entry.name))
        self.title.setToolTip(entry.path)
        self.subtitle.setText(self.tr("torch hub \u00b7 {size}").format(
            size=human_size(entry.size_on_disk)))
        self.rev_label.setVisible(False)
        self.revisions.setVisible(False)
        self.partial_box.setVisible(False)
        self.files_model.set_revision(None)
        self.tabs.setTabVisible(0, False)
        self._offer_tabs(entry)
        self.details.show_torch(entry)
        self.tabs.setCurrentWidget(self.details)

    def select_revision(self, commit_hash: str) -> bool:
        for i in range(self.revisions.count()):
            rev = self.revisions.itemData(i)
            if isinstance(rev, Revision) and rev.commit_hash.startswith(commit_hash):
                self.revisions.setCurrentIndex(i)
                return True
        return False

    def _on_revisions_changed(self, _index: int = -1) -> None:
        rev = self.current_revision()
        partial = rev is not None and rev.partial
        self.partial_box.setVisible(partial)
        if rev is not None and partial:
            self.partial_label.setText(self.tr(
                "Partial snapshot: {n} of {m} files of this commit are cached.").format(
                n=rev.listed - rev.missing, m=rev.listed))
        self.files_model.set_revision(rev)
        self.tree.expandToDepth(1)
        self.details.show_repo(self._repo, rev)
        self.revisionSelected.emit(rev)

    def _on_partial_button_clicked(self) -> None:
        rev = self.current_revision()
        if self._repo is not None and rev is not None:
            self.restRequested.emit(self._repo, rev)
