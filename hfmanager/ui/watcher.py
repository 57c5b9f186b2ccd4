"""Notices changes in the caches on disk and asks for one rescan per burst of changes."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from hfmanager.core.inventory.model import Repo

WATCH_DEBOUNCE_MS = 1000
MAX_WATCHED = 6000  # stay well inside inotify's per-user watch limit
WATCH_CHUNK = 200


class CacheWatcher(QObject):
    """Watches roots, repo folders and their blobs/snapshots/refs; emits ``changed``
    once a burst of changes has been quiet for a second."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._on_watcher_changed)
        self.debounce = QTimer(self, singleShot=True, interval=WATCH_DEBOUNCE_MS)
        self.debounce.timeout.connect(self.changed)
        self._to_watch: list[str] = []
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._on_timer_timeout)

    def watch(self, roots: Sequence[str], repos: Iterable[Repo]) -> None:
        """Replace the watched set. Thousands of inotify watches take tens of milliseconds
        to add, so they are added in small chunks from a zero timer, not in one call."""
        wanted: list[str] = []
        for root in roots:
            # torch.hub's downloads land in <root>/checkpoints; a root not made yet is
            # seen appear from its parent (a first download by URL creates it).
            wanted += (root, root + os.sep + "checkpoints")
            if not os.path.isdir(root):
                wanted.append(os.path.dirname(root))
        for repo in repos:  # plain strings: 6,000 Path objects cost ~50 ms
            base = repo.repo_path
            wanted += (base, base + os.sep + "blobs", base + os.sep + "snapshots",
                       base + os.sep + "refs")
        wanted = wanted[:MAX_WATCHED]
        keep = set(wanted)
        stale = [p for p in self.watcher.directories() if p not in keep]
        if stale:
            self.watcher.removePaths(stale)
        current = set(self.watcher.directories())
        self._to_watch = [p for p in wanted if p not in current]
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        chunk, self._to_watch = self._to_watch[:WATCH_CHUNK], self._to_watch[WATCH_CHUNK:]
        existing = [p for p in chunk if os.path.isdir(p)]
        if existing:
            self.watcher.addPaths(existing)
        if not self._to_watch:
            self._timer.stop()

    def stop(self) -> None:
        """Watch nothing more: a closed window must not rescan when its folders change
        (a cache removed after the window closed fired a scan with the loop gone)."""
        self._to_watch = []
        self._timer.stop()
        self.debounce.stop()
        if self.watcher.directories():
            self.watcher.removePaths(self.watcher.directories())

    def _on_watcher_changed(self, _path: str) -> None:
        self.debounce.start()  # restart: many changes in a burst make one rescan
