"""The services every window and feature module shares, built once by ``app.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hfmanager.core.paths import CacheRoot, discover_roots
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store

if TYPE_CHECKING:
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

    def roots(self) -> list[CacheRoot]:
        """The cache roots to scan: the environment's defaults plus user-added folders."""
        return discover_roots(self.settings.extra_hf_dirs, self.settings.extra_torch_dirs)

    def save_settings(self) -> None:
        """Save; a config folder that cannot be written costs a notice, not the window."""
        try:
            self.settings.save()
        except OSError as exc:
            from hfmanager.core import notices

            notices.report("settings", f"The settings could not be saved ({exc}); "
                           "changes last until the app closes.")
