"""Composition root: QApplication, qasync loop, translations, services, then the window.

Feature modules listed in ``FEATURES`` expose ``install(window, ctx)``; they add pages,
repo tabs, status widgets and context actions through the MainWindow API.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from hfmanager.core import localstate
from hfmanager.core.paths import resources_dir
from hfmanager.ui import icons
from hfmanager.ui.bridge import Bridge
from hfmanager.ui.context import AppContext
from hfmanager.ui.main_window import MainWindow
from hfmanager.ui.notices import StateNotices

log = logging.getLogger(__name__)

# Each module exposes install(window: MainWindow, ctx: AppContext) -> None. Order = nav order.
FEATURES: tuple[str, ...] = (
    "hfmanager.ui.views.downloads_view",
    "hfmanager.ui.views.cleanup_view",
    "hfmanager.ui.views.environment_view",
    "hfmanager.ui.views.loadtest_panel",
)


def translations_path(language: str) -> str:
    return str(resources_dir() / "translations" / f"hfmanager_{language}.qm")


def wanted_language(setting: str, system: QLocale | None = None) -> str | None:
    """The translation to load: the setting, or the system locale when it is Chinese."""
    if setting == "zh_CN":
        return "zh_CN"
    if setting == "system":
        locale = system or QLocale.system()
        if locale.language() == QLocale.Language.Chinese:
            return "zh_CN"
    return None


def install_translator(app: QApplication, language: str | None) -> QTranslator | None:
    """Load and install ``hfmanager_<language>.qm``; None when absent or not wanted."""
    if language is None:
        return None
    translator = QTranslator(app)
    if not translator.load(translations_path(language)):
        log.warning("no translation file for %s", language)
        return None
    app.installTranslator(translator)
    qt_translator = QTranslator(app)  # Qt's own dialogs (file picker, message boxes)
    if qt_translator.load(f"qtbase_{language}",
                          QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
        translator.setProperty("qtbase", qt_translator)  # so callers can remove both
    return translator


def remove_translator(app: QApplication, translator: QTranslator) -> None:
    """Undo :func:`install_translator` (tests; a live language switch)."""
    qt_translator = translator.property("qtbase")
    if isinstance(qt_translator, QTranslator):
        app.removeTranslator(qt_translator)
    app.removeTranslator(translator)


def install_features(window: MainWindow, ctx: AppContext,
                     features: Sequence[str] = FEATURES,
                     on_failure: Callable[[str, Exception], None] | None = None) -> list[str]:
    """Install every feature; one that fails is skipped (the app still opens) and
    reported to ``on_failure``, which the window shows: a page never vanishes silently."""
    failed: list[str] = []
    for name in features:
        try:
            importlib.import_module(name).install(window, ctx)
        except Exception as exc:
            log.exception("feature %s failed to install", name)
            failed.append(name)
            if on_failure is not None:
                on_failure(name, exc)
    return failed


def build_window(ctx: AppContext, *, scan_on_start: bool = True) -> MainWindow:
    """The main window with every feature, and the notices about hfmanager's own files
    (settings, store, folders) and about pages that failed to install."""
    window = MainWindow(ctx, scan_on_start=scan_on_start)
    shown = StateNotices(window)
    window.state_notices = shown  # type: ignore[attr-defined]

    def failed(name: str, exc: Exception) -> None:
        page = name.rsplit(".", 1)[-1].replace("_view", "").replace("_panel", "")
        shown.add("feature", f"The {page} part of the window could not be set up "
                  f"({type(exc).__name__}: {exc}); the rest of the app works without it.")

    install_features(window, ctx, on_failure=failed)
    return window


def start_gui(argv: Sequence[str]) -> tuple[QApplication, asyncio.AbstractEventLoop,
                                            AppContext, MainWindow]:
    """The application, its qasync loop, the services and the shown main window."""
    import qasync

    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("hfmanager")
    app.setApplicationDisplayName("hfmanager")
    app.setOrganizationName("hfmanager")
    app.setDesktopFileName("hfmanager")
    app.setWindowIcon(icons.app_icon())
    settings, store = localstate.open_for_gui()  # whatever state they are in
    install_translator(app, wanted_language(settings.language))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    ctx = AppContext(settings=settings, store=store, bridge=Bridge())
    window = build_window(ctx)
    window.show()
    return app, loop, ctx, window


def run_app(argv: Sequence[str]) -> int:
    """Start the GUI; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app, loop, ctx, _window = start_gui(argv)
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    app.lastWindowClosed.connect(closed.set)
    with loop:
        loop.run_until_complete(closed.wait())
    ctx.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(run_app(sys.argv))
