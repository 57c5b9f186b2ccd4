"""The services every window and feature module shares, built once by ``app.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from hfmanager.core.inventory.model import Inventory, Repo, Revision
from hfmanager.core.paths import CacheRoot, discover_roots
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QWidget

    from hfmanager.core.downloads.queue import DownloadQueue
    from hfmanager.core.verify.findings import Finding
    from hfmanager.ui.bridge import Bridge


@dataclass
class AppContext:
    """Settings, the SQLite store and the core-to-Qt bridge, handed to every feature.

    Feature modules receive it in ``install(window, ctx)``; they keep a reference instead
    of reaching for globals, so tests can build a context over temporary folders.
    """

    settings: Settings
    store: Store
    bridge: Bridge
    # Built by the composition root (app.py) before the pages, which are handed it here.
    downloads: DownloadQueue | None = None

    def roots(self) -> list[CacheRoot]:
        """The cache roots to scan: the environment's defaults plus user-added folders."""
        return discover_roots(self.settings.extra_hf_dirs, self.settings.extra_torch_dirs)

    def save_settings(self) -> None:
        """Save; a config folder that cannot be written costs a notice, not the window."""
        try:
            self.settings.save()
        except OSError as exc:
            from hfmanager.core import notices
            from hfmanager.core.messages import msg

            notices.said("settings", msg("notice.settings_not_saved", error=str(exc)))


class Window(Protocol):
    """What a page's ``install(window, ctx)`` may use of the main window.

    :class:`~hfmanager.ui.main_window.MainWindow` implements it; pages are typed against
    this protocol because importing the window from ``ui.views`` would be an import cycle
    (the window hosts the Library view). ``library`` is the window's ``LibraryView``.
    """

    library: Any
    repoSelected: SignalInstance
    revisionSelected: SignalInstance
    inventoryChanged: SignalInstance
    destroyed: SignalInstance

    def add_page(self, key: str, title: str, icon: QIcon, widget: QWidget) -> None: ...
    def show_page(self, key: str) -> None: ...
    def page(self, key: str) -> QWidget: ...
    def add_repo_tab(self, title: str, widget: QWidget,
                     offered: Callable[[Any], bool] | None = None) -> None: ...
    def add_status_widget(self, widget: QWidget) -> None: ...
    def add_repo_context_action(self, action_factory: Callable[..., Any]) -> None: ...
    def current_repo(self) -> Repo | None: ...
    def current_revision(self) -> Revision | None: ...
    def selected_repos(self) -> list[Repo]: ...
    def inventory(self) -> Inventory: ...
    def request_rescan(self) -> None: ...
    def attach_findings(self, by_owner: dict[str, list[Finding]]) -> None: ...
