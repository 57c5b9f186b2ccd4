"""Right on every screen: tab pages stay under their tab, the window fits the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

from hfmanager.ui import screenfit
from tests.ui.samples import LLAMA


def test_selecting_a_repo_keeps_the_open_tab_on_top(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The Files tree was shown over the Test load (or Details) tab at each selection."""
    details = window.library.details
    assert window.library.select_repo(LLAMA)
    details.tabs.setCurrentWidget(details.details)
    qtbot.waitUntil(details.details.isVisible)
    assert window.library.select_repo("stabilityai/sd-turbo")
    assert details.details.isVisible()
    assert not details.tree.isVisible()
    details.tabs.setCurrentWidget(details.tree)
    assert details.tree.isVisible() and not details.details.isVisible()


def test_the_default_size_fits_a_small_screen() -> None:
    small = screenfit.fitted_size(screenfit.DEFAULT_SIZE, QSize(1024, 700))
    assert small.width() + screenfit.FRAME.width() <= 1024
    assert small.height() + screenfit.FRAME.height() <= 700
    assert screenfit.fitted_size(QSize(900, 600), QSize(1920, 1080)) == QSize(900, 600)


def test_a_saved_size_bigger_than_the_screen_is_clamped(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.ui.main_window import MainWindow

    area = QGuiApplication.primaryScreen().availableGeometry()
    first = MainWindow(ctx, scan_on_start=False)
    qtbot.addWidget(first)
    first.setGeometry(area.x() + 50, area.y() + 50, area.width() + 400, area.height() + 300)
    first.save_geometry()  # as saved on a bigger screen
    again = MainWindow(ctx, scan_on_start=False)
    qtbot.addWidget(again)
    frame = again.geometry().adjusted(0, 0, screenfit.FRAME.width(), screenfit.FRAME.height())
    assert area.contains(frame), (area, again.geometry())
