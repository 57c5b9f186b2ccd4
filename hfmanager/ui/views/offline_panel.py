"""The "Use offline" tab: will the selected model load with HF_HUB_OFFLINE=1, what is
missing, one button that fetches exactly those files, and the snippet to copy.

The verdict comes from :mod:`hfmanager.core.loadtest.offline` (a few stats and small JSON
reads of one snapshot: done on the main thread when the selection changes). The button
goes through the Library's "Download again" path (``FileActions.redownloadRequested``,
queued by app.py), so each job is pinned to the snapshot's commit and fetches only those
files.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.inventory.model import Repo, RepoType, Revision, TorchEntry
from hfmanager.core.loadtest import offline, offline_use
from hfmanager.ui import messages, theme
from hfmanager.ui.context import AppContext, Window


def offered(item: Repo | TorchEntry) -> bool:
    """Models only: datasets and spaces are not loaded with from_pretrained."""
    return isinstance(item, Repo) and item.repo_type is RepoType.MODEL


def revision_name(rev: Revision) -> str:
    """What a script passes: the branch users load (main first), else the commit."""
    if "main" in rev.refs:
        return "main"
    return rev.refs[0] if rev.refs else rev.commit_hash


class OfflinePanel(QWidget):
    """Verdict, missing files with their reasons, "Download the missing files", snippet."""

    downloadRequested = Signal(str, list)  # repo folder, ["<commit>/<path>", ...]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict: offline.OfflineVerdict | None = None
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        # One follower that reads the current role: a tint() per verdict would stack
        # followers that repaint each other's colours on every palette change.
        self._role = theme.Role.MUTED
        theme.follow(self.headline, self._colour_headline)
        self.missing = QListWidget()
        self.missing.setWordWrap(True)
        self.missing.setMaximumHeight(150)
        self.unfetchable = QLabel()
        self.unfetchable.setWordWrap(True)
        theme.tint(self.unfetchable, theme.Role.MUTED)
        self.download = QPushButton(self.tr("Download the missing files"))
        self.download.clicked.connect(self._on_download_clicked)
        self.snippet = QPlainTextEdit()
        self.snippet.setReadOnly(True)
        self.snippet.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.snippet.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.snippet.setMinimumHeight(160)
        self.copy = QPushButton(self.tr("Copy"))
        self.copy.setToolTip(self.tr("Copy the snippet to the clipboard"))
        self.copy.clicked.connect(self._on_copy_clicked)
        self._build_layout()
        self.show_verdict(None)

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.missing)
        row = QHBoxLayout()
        row.addWidget(self.unfetchable, 1)
        row.addWidget(self.download)
        layout.addLayout(row)
        head = QHBoxLayout()
        self.snippet_title = QLabel(self.tr("Use it offline:"))
        head.addWidget(self.snippet_title, 1)
        head.addWidget(self.copy)
        layout.addLayout(head)
        layout.addWidget(self.snippet, 1)

    def set_repo(self, repo: Repo | None, rev: Revision | None = None) -> None:
        """Check ``repo`` at ``rev`` (default: the branch users load)."""
        if repo is None or not offered(repo) or not repo.revisions:
            self.show_verdict(None)
            return
        if rev is None:
            rev = next((r for r in repo.revisions if "main" in r.refs), repo.revisions[0])
        self.show_verdict(offline.check_repo(repo.repo_path, repo.repo_id,
                                             revision_name(rev), repo.repo_type.value))

    def show_verdict(self, verdict: offline.OfflineVerdict | None) -> None:
        self.verdict = verdict
        self.missing.clear()
        if verdict is None:
            self.headline.setText(self.tr("Select a model to see whether it loads offline."))
            self._set_role(theme.Role.MUTED)
            for w in (self.missing, self.download, self.unfetchable, self.snippet,
                      self.copy, self.snippet_title):
                w.setVisible(False)
            return
        self.headline.setText(messages.text(offline_use.verdict_msg(verdict)))
        self._set_role(theme.Role.OK if verdict.ready else theme.Role.ERROR)
        for m in verdict.missing:
            self.missing.addItem(f"\u2022 {messages.text(m.msg)}")
        fetch = verdict.fetch()
        self.missing.setVisible(bool(verdict.missing))
        self.download.setVisible(bool(verdict.missing))
        self.download.setEnabled(bool(fetch))
        self.download.setToolTip("\n".join(fetch))
        cannot = [m for m in verdict.missing if not m.fetch]
        self.unfetchable.setText(self.tr(
            "{n} problem(s) cannot be fixed by downloading files by name: see the list."
        ).format(n=len(cannot)) if cannot else "")
        self.unfetchable.setVisible(bool(cannot))
        self.snippet.setPlainText(offline_use.snippet(verdict))
        for w in (self.snippet, self.copy, self.snippet_title):
            w.setVisible(verdict.cached)

    def _set_role(self, role: theme.Role) -> None:
        self._role = role
        self._colour_headline(self.headline)

    def _colour_headline(self, label: QWidget) -> None:
        wanted = theme.color(self._role)
        if label.palette().color(QPalette.ColorRole.WindowText) != wanted:
            palette = QPalette()  # only the text colour: the rest follows the app
            palette.setColor(QPalette.ColorRole.WindowText, wanted)
            label.setPalette(palette)

    def _on_download_clicked(self) -> None:
        v = self.verdict
        if v is not None and v.repo_path and v.fetch_entries():
            self.downloadRequested.emit(v.repo_path, v.fetch_entries())

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.snippet.toPlainText())


def install(window: Window, ctx: AppContext) -> None:
    """Add the "Use offline" tab beside Files/Details for model repos; its button queues
    through the Library's "Download again" (app.py connects that to the queue)."""
    del ctx  # the verdict needs nothing but the cache
    panel = OfflinePanel()
    window.add_repo_tab(panel.tr("Use offline"), panel, offered)
    window.repoSelected.connect(lambda repo: panel.set_repo(repo))
    window.revisionSelected.connect(
        lambda rev: panel.set_repo(window.current_repo(), rev) if rev is not None else None)
    actions = window.library.details.file_actions
    panel.downloadRequested.connect(
        lambda folder, entries: actions.redownloadRequested.emit(folder, entries)
        if shiboken6.isValid(actions) else None)
    window.offline_panel = panel  # type: ignore[attr-defined]
