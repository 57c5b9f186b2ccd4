"""The "Use offline" tab: the verdict, the missing list, the button that queues exactly
the missing files (through app.redownload, the Library's "Download again" path), Copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMetaMethod, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from hfmanager import app
from hfmanager.core.inventory.scanner import scan_repo
from hfmanager.ui import theme
from hfmanager.ui.views.offline_panel import OfflinePanel
from tests.cachebuilder import HubCache

FILES = {"config.json": b'{"model_type": "bert"}', "model.safetensors": b"w" * 64,
         "tokenizer.json": b"{}", "tokenizer_config.json": b"{}", "README.md": b"# m"}


def _repo(tmp_path: Path, missing: tuple[str, ...] = ()) -> tuple[Any, str]:
    layout = HubCache(tmp_path).repo("org/m")
    commit = layout.add_revision(FILES)
    layout.add_tree_listing(commit)
    for name in missing:
        (layout.snapshots / commit / name).unlink()
    return scan_repo(layout.path, tmp_path), commit


def test_ready_shows_the_verdict_and_the_snippet(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = OfflinePanel()
    qtbot.addWidget(panel)
    repo, commit = _repo(tmp_path)
    panel.set_repo(repo)
    assert panel.headline.text().startswith("Ready offline: org/m at main")
    text_colour = panel.headline.palette().color(QPalette.ColorRole.WindowText)
    assert text_colour == theme.color(theme.Role.OK)
    assert panel.missing.count() == 0
    assert panel.download.isHidden()
    assert "export HF_HUB_OFFLINE=1" in panel.snippet.toPlainText()
    assert commit in panel.snippet.toPlainText()  # the snapshot folder
    qtbot.mouseClick(panel.copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == panel.snippet.toPlainText()


def test_not_ready_lists_and_queues_exactly_the_missing_files(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path) -> None:
    panel = OfflinePanel()
    qtbot.addWidget(panel)
    repo, commit = _repo(tmp_path, ("model.safetensors", "tokenizer.json", "README.md"))
    panel.set_repo(_repo(tmp_path / "ready")[0])  # green first: then red must win
    panel.set_repo(repo)
    assert panel.headline.text().startswith("Not ready offline: org/m at main")
    shown = [panel.missing.item(i).text() for i in range(panel.missing.count())]
    assert shown == ["\u2022 'model.safetensors' (the weights) was never downloaded: the "
                     "commit's file list names it (a partial download)",
                     "\u2022 'tokenizer.json' (the tokenizer) was never downloaded: the "
                     "commit's file list names it (a partial download)"]
    text_colour = panel.headline.palette().color(QPalette.ColorRole.WindowText)
    assert text_colour == theme.color(theme.Role.ERROR)
    assert not panel.download.isHidden()
    assert panel.download.isEnabled()
    added: list[Any] = []

    class Queue:
        def add(self, spec: Any) -> None:
            added.append(spec)

    class Window:
        def show_page(self, key: str) -> None:
            assert key == "downloads"

    panel.downloadRequested.connect(
        lambda folder, entries: app.redownload(Window(), Queue(), folder, entries))  # type: ignore[arg-type]
    with qtbot.waitSignal(panel.downloadRequested) as sent:
        qtbot.mouseClick(panel.download, Qt.MouseButton.LeftButton)
    assert sent.args == [repo.repo_path, [f"{commit}/model.safetensors",
                                          f"{commit}/tokenizer.json"]]
    assert [(s.repo_id, s.revision, s.include) for s in added] == [
        ("org/m", commit, ("model.safetensors", "tokenizer.json"))]  # README is not needed


def test_the_window_has_the_tab_wired_to_download_again(window) -> None:  # type: ignore[no-untyped-def]
    tabs = window.library.details.tabs
    assert "Use offline" in [tabs.tabText(i) for i in range(tabs.count())]
    panel = window.offline_panel
    assert panel.isSignalConnected(QMetaMethod.fromSignal(panel.downloadRequested))
