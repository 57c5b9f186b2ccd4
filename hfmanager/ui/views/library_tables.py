"""The Library page's widgets that hold no state: its two tables (HF repos, torch
entries) and the repo type filter buttons. LibraryView owns, wires and fills them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QToolButton,
)

from hfmanager.core.inventory.model import RepoType
from hfmanager.ui import icons, theme
from hfmanager.ui.models.repos_model import ReposModel, ReposProxy
from hfmanager.ui.models.torch_model import TorchModel, TorchProxy
from hfmanager.ui.views.columns import StretchWithMinimum

FILTER_STYLE = (
    "QToolButton { padding: 2px 8px; border: 1px solid palette(mid); border-radius: 4px; }"
    "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " border-color: palette(highlight); }")


class _Restyle(QObject):
    """Sets FILTER_STYLE on its button again after each light/dark switch (a child of the
    button: the connection ends with it)."""

    def __init__(self, button: QToolButton) -> None:
        super().__init__(button)
        self._button = button
        theme.for_app().changed.connect(self.restyle)
        self.restyle()

    @Slot()
    def restyle(self) -> None:
        button = self._button
        button.setStyleSheet("")  # the same sheet again would not be taken anew
        button.setPalette(QPalette())  # not the one saved under the old sheet: the app's
        button.setStyleSheet(FILTER_STYLE)


def style_filter(button: QToolButton) -> None:
    """FILTER_STYLE on ``button``, set again when light/dark switches: a style sheet takes
    its palette() colours once, and an unchecked button kept the old theme's text (light
    grey on the light background after View > Theme > Light, black on dark)."""
    _Restyle(button)


def type_button(repo_type: RepoType, text: str) -> QToolButton:
    """A checkable (and checked) filter button for one repo type."""
    button = QToolButton()
    button.setText(text)
    button.setIcon(icons.type_icon(repo_type))
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setCheckable(True)
    button.setChecked(True)
    # Fusion draws a checked tool button barely apart from an unchecked one:
    # on = the highlight colour, off = a plain outline (palette roles: both themes)
    style_filter(button)
    return button


def table(model_proxy: ReposProxy | TorchProxy) -> QTableView:
    view = QTableView()
    view.setModel(model_proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.horizontalHeader().setHighlightSections(False)
    return view


def build_tables(repos_proxy: ReposProxy, torch_proxy: TorchProxy,
                 repos_model: ReposModel) -> tuple[QTableView, QTableView]:
    """The two tables (HF repos, torch entries): sort order, header modes, widths."""
    repos_view = table(repos_proxy)
    repos_view.sortByColumn(ReposModel.COL_SIZE, Qt.SortOrder.DescendingOrder)
    torch_view = table(torch_proxy)
    torch_view.sortByColumn(TorchModel.COL_SIZE, Qt.SortOrder.DescendingOrder)
    for view, name_col in ((repos_view, ReposModel.COL_ID), (torch_view, TorchModel.COL_NAME)):
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(48)
        # The name stretches, but stays readable (~18 characters) on a narrow screen.
        StretchWithMinimum(view, name_col, view.fontMetrics().horizontalAdvance("x" * 18))
    # Widths from the font and the (translated) titles, not fixed pixels.
    text = repos_view.fontMetrics().horizontalAdvance
    size, used, health = text("999.9 MiB") + 16, text("11 minutes ago") + 16, \
        text("2 problems") + 40
    for view, widths in ((repos_view, (
            (ReposModel.COL_TYPE, text("Dataset") + 40), (ReposModel.COL_SIZE, size),
            (ReposModel.COL_REVS, text(repos_model.headerData(
                ReposModel.COL_REVS, Qt.Orientation.Horizontal)) + 24),
            (ReposModel.COL_USED, used),
            (ReposModel.COL_HEALTH, health))), (torch_view, (
            (TorchModel.COL_KIND, 110), (TorchModel.COL_SIZE, size),
            (TorchModel.COL_USED, used), (TorchModel.COL_HEALTH, health)))):
        for col, width in widths:
            view.setColumnWidth(col, width)
    return repos_view, torch_view
