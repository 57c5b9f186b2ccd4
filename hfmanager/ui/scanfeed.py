"""Streamed scan rows -> the library's tables, in bursts that keep the window responsive.

Split out of ``main_window.py`` (which keeps navigation, actions and the status bar): this
is the one piece of the window with a timing budget, so it lives on its own. The window
hands it the rows the bridge emits and hears back when a burst was applied and when the
scan's end has reached the tables.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from hfmanager.core.inventory.model import Repo, TorchEntry
from hfmanager.ui.views.library import LibraryView

APPLY_MS = 1000  # while a scan streams in, the tables catch up (and repaint) once a second
FIRST_APPLY_MS = 100  # ...but the first rows show at once
MAX_APPLY = 40  # rows per event-loop turn: proxy sort + derive stay ~4 ms


class ScanFeed(QObject):
    """Buffers scan rows and applies them to ``library``'s models a few per turn.

    ``decorate_repos``/``decorate_torch`` attach what verify found to rows before they are
    shown; ``applied`` runs after each completed burst; ``done(outcome, payload)`` runs
    once the scan's end ("finished" or "failed") follows the last rows into the tables.
    """

    def __init__(self, library: LibraryView, parent: QObject, *,
                 decorate_repos: Callable[[list[Repo]], list[Repo]],
                 decorate_torch: Callable[[list[TorchEntry]], list[TorchEntry]],
                 applied: Callable[[], None],
                 done: Callable[[str, object], None]) -> None:
        super().__init__(parent)
        self.library = library
        self._decorate_repos = decorate_repos
        self._decorate_torch = decorate_torch
        self._applied = applied
        self._done = done
        self._pending_repos: list[Repo] = []
        self._pending_torch: list[TorchEntry] = []
        self._apply_timer = QTimer(self, singleShot=True)
        self._bursting = False
        self._finished: tuple[str, object] | None = None
        self._apply_timer.timeout.connect(self._on_apply_timer_timeout)

    def add_repos(self, repos: list[Repo]) -> None:
        self._pending_repos += repos
        self._kick(APPLY_MS if self.library.repos_model.rowCount() else FIRST_APPLY_MS)

    def add_torch(self, entries: list[TorchEntry]) -> None:
        self._pending_torch += entries
        self._kick(APPLY_MS if self.library.torch_model.rowCount() else FIRST_APPLY_MS)

    def finish(self, outcome: str, payload: object) -> None:
        self._finished = (outcome, payload)
        self._kick(0)

    def _kick(self, delay_ms: int) -> None:
        if not self._apply_timer.isActive():
            self._apply_timer.start(delay_ms)

    def _on_apply_timer_timeout(self) -> None:
        """Apply buffered scan results in bursts, a few rows per event-loop turn.

        A table repaint costs 10-20 ms (software rendering), so the tables do not repaint
        during a burst; they repaint once when it ends, about once a second while a scan
        streams in. Each turn inserts at most MAX_APPLY rows (proxy sort + derive ~4 ms).
        """
        views = (self.library.repos_view, self.library.torch_view)
        if not self._bursting:
            self._bursting = True
            for view in views:
                view.setUpdatesEnabled(False)
        repos, self._pending_repos = (self._pending_repos[:MAX_APPLY],
                                      self._pending_repos[MAX_APPLY:])
        torch, self._pending_torch = self._pending_torch, []
        if repos:
            self.library.repos_model.upsert(self._decorate_repos(repos))
        if torch:
            self.library.torch_model.upsert(self._decorate_torch(torch))
        if self._pending_repos:
            self._apply_timer.start(0)
            return
        self._bursting = False
        for view in views:
            view.setUpdatesEnabled(True)
        if self.library.is_empty_shown() and (self.library.repos_model.rowCount()
                                              or self.library.torch_model.rowCount()):
            self.library.set_empty(False)
        self.library.refresh_current()
        self._applied()
        finished, self._finished = self._finished, None
        if finished is not None:
            self._done(*finished)
