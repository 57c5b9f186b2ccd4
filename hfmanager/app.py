"""Composition root: QApplication, qasync loop, translations, services, then the window.

The services (settings, store, bridge, the download queue) are built here and handed to
the pages in ``ctx``. Each page module in ``PAGES`` exposes ``install(window, ctx)``; it
adds pages, repo tabs, status widgets and context actions through the window's API.
What connects one page to another (each "Download again" to the queue) is wired
here too, never through a global in the core.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from hfmanager.core import localstate
from hfmanager.core.paths import resources_dir
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store
from hfmanager.ui import fmt, gcguard, icons, theme
from hfmanager.ui.bridge import Bridge
from hfmanager.ui.context import AppContext
from hfmanager.ui.main_window import MainWindow
from hfmanager.ui.notices import StateNotices

if TYPE_CHECKING:  # the queue (and the HTTP engine under it) loads with its page
    from hfmanager.core.downloads.queue import DownloadQueue

log = logging.getLogger(__name__)


class PageModule(Protocol):
    """A page module: ``install(window, ctx)`` adds its page, tabs and hooks."""

    def install(self, window: MainWindow, ctx: AppContext) -> object: ...


@dataclass(frozen=True)
class Page:
    """One entry of the navigation; ``prepare`` builds the services it needs first."""

    name: str
    # The module, or its dotted name (imported when the page is installed, so that the
    # window paints before the page modules and their services load); never its
    # function: ``install`` is looked up when installed.
    module: PageModule | str
    prepare: Callable[[AppContext], None] | None = None

    def page_module(self) -> PageModule:
        if isinstance(self.module, str):
            return importlib.import_module(self.module)  # type: ignore[return-value]
        return self.module


def build_download_queue(settings: Settings, store: Store) -> DownloadQueue:
    """The download queue the Downloads page shows and verify's "Download again" fills."""
    from hfmanager.core.downloads import service
    from hfmanager.core.downloads.persist import JobStore
    from hfmanager.core.downloads.queue import DownloadQueue
    from hfmanager.core.downloads.ratelimit import TokenBucket

    return DownloadQueue(
        JobStore(store), service.make_planner(settings), service.default_cache_root(),
        config_factory=service.make_config_factory(settings),
        max_jobs=settings.max_concurrent_jobs,
        limiter=TokenBucket(settings.bandwidth_limit_kbps * 1024))


def _prepare_downloads(ctx: AppContext) -> None:
    if ctx.downloads is None:  # a caller (a test) may hand in its own queue
        ctx.downloads = build_download_queue(ctx.settings, ctx.store)


# Nav order.
_VIEWS = "hfmanager.ui.views."
PAGES: tuple[Page, ...] = (
    Page("downloads", _VIEWS + "downloads_view", _prepare_downloads),
    Page("cleanup", _VIEWS + "cleanup_view"),
    Page("environment", _VIEWS + "environment_view"),
    Page("loadtest", _VIEWS + "loadtest_panel"),
    Page("offline", _VIEWS + "offline_panel"),
    Page("transfer", _VIEWS + "transfer_actions"),  # no page: File > Import, Library > Export
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


def install_pages(window: MainWindow, ctx: AppContext, pages: Sequence[Page] = PAGES,
                  on_failure: Callable[[str, Exception], None] | None = None) -> list[str]:
    """Build each page's services and install it; one that fails is skipped (the app
    still opens), logged and reported to ``on_failure``, which the window shows: a page
    never vanishes silently. Returns the names of the pages that failed."""
    failed: list[str] = []
    for page in pages:
        try:
            if page.prepare is not None:
                page.prepare(ctx)
            page.page_module().install(window, ctx)
        except Exception as exc:
            log.exception("page %s failed to install", page.name)
            failed.append(page.name)
            if on_failure is not None:
                on_failure(page.name, exc)
    installed = {p.name for p in pages} - set(failed)
    _connect_pages(window, ctx, installed)
    return failed


def _connect_pages(window: MainWindow, ctx: AppContext, installed: set[str]) -> None:
    """Start the queue once its page is in, and wire what one page asks of another."""
    queue = ctx.downloads
    if queue is None or "downloads" not in installed:
        return
    queue.start()
    # Unfinished jobs go back to 'queued' and resume at the next start.
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(lambda: queue.stop(timeout=3.0))
    window.destroyed.connect(lambda *_: queue.stop(timeout=3.0))
    window.library.details.file_actions.redownloadRequested.connect(
        lambda folder, entries: redownload(window, queue, folder, entries))
    if "cleanup" in installed:
        _controller, cleanup, *_keys = window.cleanup  # type: ignore[attr-defined]
        cleanup.verify.redownloadRequested.connect(
            lambda result: redownload(window, queue, result.target.owner,
                                      result.target.files))


def redownload(window: MainWindow, queue: DownloadQueue, repo_folder: str,
               entries: Sequence[str]) -> None:
    """Every "Download again" (verify's corrupt files, the Library's file tree and problem
    list): queue those files ("<commit>/<path>"), each job pinned to its commit."""
    from hfmanager.core.downloads.repair import redownload_specs

    for spec in redownload_specs(repo_folder, entries):
        queue.add(spec)
    window.show_page("downloads")


class _AfterFirstPaint(QObject):
    """Runs ``then`` once, right after the window's first paint: the Library (rows from
    the last scan's index, filled in the loop's first turn) is drawn before the other
    pages are built. A window that never paints (started minimised) gets them within a
    second anyway."""

    def __init__(self, window: MainWindow, then: Callable[[], object]) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], object] | None = then
        window.installEventFilter(self)
        QTimer.singleShot(1000, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._run)  # once this paint has reached the screen
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is None:  # the paint's turn and the fallback timer both call this
            return
        self._window.removeEventFilter(self)
        then()


def build_window(ctx: AppContext, *, scan_on_start: bool = True,
                 defer_pages: bool = False) -> MainWindow:
    """The main window with every page, and the notices about hfmanager's own files
    (settings, store, folders) and about pages that failed to install. With
    ``defer_pages`` the pages are installed right after the first paint: the Library,
    with the cache from the last scan's index, is on screen first (bench_startup)."""
    window = MainWindow(ctx, scan_on_start=scan_on_start)
    shown = StateNotices(window)
    window.state_notices = shown  # type: ignore[attr-defined]

    def failed(name: str, exc: Exception) -> None:
        shown.add("feature", f"The {name} part of the window could not be set up "
                  f"({type(exc).__name__}: {exc}); the rest of the app works without it.")

    if defer_pages:
        _AfterFirstPaint(window, lambda: install_pages(window, ctx, on_failure=failed))
    else:
        install_pages(window, ctx, on_failure=failed)
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
    gcguard.install(app)  # cycles are collected on this thread only: see gcguard
    settings, store = localstate.open_for_gui()  # whatever state they are in
    install_translator(app, wanted_language(settings.language))
    theme.for_app(app).apply(settings.theme)  # the OS's scheme, or the one picked in View
    fmt.clean_copies(app)  # no zero-width spaces from wrapped paths in what is copied
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    ctx = AppContext(settings=settings, store=store, bridge=Bridge())
    # The Library first; the download queue, then the pages over it, right after.
    window = build_window(ctx, defer_pages=True)
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
