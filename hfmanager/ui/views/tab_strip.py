"""A tab widget's tabs as buttons that wrap onto a second line when the pane is narrow.

A QTabBar never wraps: in a 1024 px window the details pane is ~260 px wide, its four
tabs need ~320, and the bar showed scroll arrows with "Use offline" out of sight (eliding
would cut the titles instead). The tab widget keeps its pages and its API (current index,
tab visibility, titles); only its bar is replaced by this strip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QTabWidget, QToolButton, QWidget

from hfmanager.ui.flow import FlowLayout
from hfmanager.ui.views.library_tables import style_filter


class TabStrip(QWidget):
    """One checkable button per tab of ``tabs``, in a :class:`FlowLayout`; call
    :meth:`sync` after adding tabs or changing their visibility (Qt has no signal)."""

    def __init__(self, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(tabs.setCurrentIndex)
        self._flow = FlowLayout(self, spacing=6)
        self.buttons: list[QToolButton] = []
        tabs.tabBar().hide()
        tabs.currentChanged.connect(self._check_current)
        self.sync()

    def sync(self) -> None:
        """One button per tab, with its title, icon and visibility; the current checked."""
        while len(self.buttons) < self.tabs.count():
            button = QToolButton(self)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            style_filter(button)  # checked = the highlight, in both themes
            self.group.addButton(button, len(self.buttons))
            self._flow.addWidget(button)
            self.buttons.append(button)
        for i, button in enumerate(self.buttons):
            there = i < self.tabs.count()
            if there:
                button.setText(self.tabs.tabText(i))
                button.setIcon(self.tabs.tabIcon(i))
                button.setToolTip(self.tabs.tabToolTip(i))
            button.setVisible(there and self.tabs.isTabVisible(i))
        self._check_current(self.tabs.currentIndex())

    def _check_current(self, index: int) -> None:
        if 0 <= index < len(self.buttons):
            self.buttons[index].setChecked(True)
