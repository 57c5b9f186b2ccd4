"""Windows that fit the screen they open on (a 1024x700 laptop, a 2x HiDPI screen)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QListWidget, QSplitter, QWidget

DEFAULT_SIZE = QSize(1280, 800)
# Room for the window manager's border and title bar: unknown until the window is shown.
FRAME = QSize(16, 48)
SMALLEST = QSize(320, 240)


def fitted_size(wanted: QSize, available: QSize) -> QSize:
    """``wanted`` shrunk so that it and its frame fit in ``available``."""
    return wanted.boundedTo(available - FRAME).expandedTo(SMALLEST)


def fit_to_screen(window: QWidget) -> None:
    """Keep a window (and its frame) inside its screen's available area: a size saved on a
    bigger screen, or the default on a small one, would open past the screen's edges."""
    if window.isMaximized() or window.isFullScreen():
        return
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    size = fitted_size(window.size(), area.size())
    if size != window.size():
        window.resize(size)
    if window.testAttribute(Qt.WidgetAttribute.WA_Moved):  # a restored position
        right = area.right() + 1 - FRAME.width() - size.width()
        bottom = area.bottom() + 1 - FRAME.height() - size.height()
        window.move(max(area.left(), min(window.x(), right)),
                    max(area.top(), min(window.y(), bottom)))


def keep_on_screen(window: QWidget) -> None:
    """Move a shown window (frame included) back inside its screen's available area: a
    dialog that grew downwards for its outcome lines put its buttons below the edge."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or not window.isVisible():
        return
    area, frame = screen.availableGeometry(), window.frameGeometry()
    x = max(area.left(), min(frame.x(), area.right() + 1 - frame.width()))
    y = max(area.top(), min(frame.y(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)  # move() places the frame's top-left corner


def fit_navigation(nav: QListWidget, splitter: QSplitter) -> None:
    """The navigation as wide as its longest title (squeezed by a wide page, it read
    "Libr..." at 2x), the rest of the splitter to the page."""
    text = max(nav.fontMetrics().horizontalAdvance(nav.item(i).text())
               for i in range(nav.count()))
    fit = min(nav.maximumWidth(),
              text + nav.iconSize().width() + 2 * nav.frameWidth() + 28)  # gap, margins
    nav.setMinimumWidth(fit)
    splitter.setSizes([fit, max(splitter.width() - fit, 1)])
