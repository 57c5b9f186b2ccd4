"""The main window's menus and tool bar: File, View (refresh, language, theme), Help.

The texts keep the context "MainWindow" they had as the window's own ``self.tr`` strings,
written out as ``QCoreApplication.translate("MainWindow", ...)`` so lupdate finds them
there and their translations stay.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from hfmanager.ui import icons, theme
from hfmanager.ui.context import AppContext


class WindowMenus:
    """Builds the menus and the tool bar of ``win``; the actions other code reaches
    (refresh, add folder, the File and View menus) are attributes here and on the window."""

    def __init__(self, win: QMainWindow, ctx: AppContext, *, rescan: Callable[[], None],
                 add_folder: Callable[[], None]) -> None:
        self.win = win
        self.ctx = ctx
        self.refresh_action = QAction(
            icons.icon("refresh"), QCoreApplication.translate("MainWindow", "&Refresh"), win)
        self.refresh_action.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
        self.refresh_action.setToolTip(
            QCoreApplication.translate("MainWindow", "Scan the caches again (F5)"))
        self.refresh_action.triggered.connect(rescan)
        self.add_folder_action = QAction(
            icons.icon("folder"),
            QCoreApplication.translate("MainWindow", "&Add cache folder..."), win)
        self.add_folder_action.triggered.connect(add_folder)
        self._build_menus()
        toolbar = win.addToolBar(QCoreApplication.translate("MainWindow", "Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.add_folder_action)

    def _build_menus(self) -> None:
        win = self.win
        quit_action = QAction(QCoreApplication.translate("MainWindow", "&Quit"), win)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(win.close)
        self.file_menu = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&File"))
        self.file_menu.addAction(self.add_folder_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(quit_action)
        self.view_menu = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&View"))
        self.view_menu.addAction(self.refresh_action)
        self._build_language_menu()
        self.theme_group = theme.add_menu(self.view_menu, self.ctx.settings.theme,
                                          self._on_theme_chosen)
        help_menu = win.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        about = help_menu.addAction(QCoreApplication.translate("MainWindow", "&About hfmanager"))
        about.triggered.connect(self._on_about)

    def _build_language_menu(self) -> None:
        menu = self.view_menu.addMenu(QCoreApplication.translate("MainWindow", "&Language"))
        group = QActionGroup(self.win)
        # Language names are written in their own language, never translated.
        for code, name in (("system", QCoreApplication.translate("MainWindow", "System default")),
                           ("en", "English"), ("zh_CN", "简体中文")):
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(self.ctx.settings.language == code)
            action.setData(code)
            group.addAction(action)
        group.triggered.connect(self._on_language_triggered)
        self.language_group = group

    def _on_language_triggered(self, action: QAction) -> None:
        code = str(action.data())
        if code == self.ctx.settings.language:
            return
        self.ctx.settings.language = code
        self.ctx.save_settings()
        box = QMessageBox(QMessageBox.Icon.Information,
                          QCoreApplication.translate("MainWindow", "Language"),
                          QCoreApplication.translate(
                              "MainWindow",
                              "The new language applies the next time hfmanager starts."),
                          QMessageBox.StandardButton.Ok, self.win)
        box.open()

    def _on_theme_chosen(self, code: str) -> None:
        self.ctx.settings.theme = code
        self.ctx.save_settings()
        theme.for_app().apply(code)  # at once: colours are read from the palette

    def _on_about(self) -> None:
        from hfmanager import __version__
        box = QMessageBox(
            QMessageBox.Icon.NoIcon, QCoreApplication.translate("MainWindow", "About hfmanager"),
            QCoreApplication.translate(
                "MainWindow",
                "<b>hfmanager {version}</b><p>See, check, clean and fill the Hugging Face and "
                "PyTorch model caches.</p>").format(version=__version__),
            QMessageBox.StandardButton.Ok, self.win)
        box.setIconPixmap(icons.app_icon().pixmap(64, 64))
        box.open()
