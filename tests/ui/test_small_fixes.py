"""Issue 12, "Small ones": each in the real main window over a real sample cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication

from hfmanager.core.inventory.model import RepoType
from hfmanager.ui.models.roles import ObjectRole
from tests.ui.samples import LLAMA


def _ids(window) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = window.library.repos_proxy
    return [proxy.index(r, 1).data() for r in range(proxy.rowCount())]


def test_esc_clears_the_search(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    window.activateWindow()
    lib.search.setFocus()
    qtbot.keyClicks(lib.search, "gpt2")
    assert _ids(window) == ["openai-community/gpt2"]
    qtbot.keyClick(lib.search, Qt.Key.Key_Escape)
    assert lib.search.text() == ""
    assert len(_ids(window)) == 8
    lib.search.setText("llama")
    lib.repos_view.setFocus()  # Esc in the list clears it too
    qtbot.keyClick(lib.repos_view, Qt.Key.Key_Escape)
    assert lib.search.text() == ""


def test_type_filters_look_checked_and_the_list_says_how_many_shown(  # type: ignore[no-untyped-def]
        window, qtbot, shots: Path) -> None:
    lib = window.library
    on, off = lib.type_buttons[RepoType.MODEL], lib.type_buttons[RepoType.SPACE]
    assert lib.sections.tabText(0) == "Hugging Face (8)"
    off.setChecked(False)
    assert lib.sections.tabText(0) == "Hugging Face (7 of 8 shown)"
    lib.search.setText("gpt2")
    assert lib.sections.tabText(0) == "Hugging Face (1 of 8 shown)"
    lib.search.clear()
    # the checked button is drawn in the highlight colour, the unchecked one is not
    image_on, image_off = on.grab().toImage(), off.grab().toImage()
    middle = (image_on.width() // 2, 2)
    highlight = on.palette().highlight().color()
    assert image_on.pixelColor(*middle) == highlight
    assert image_off.pixelColor(middle[0], 2) != highlight
    lib.grab().save(str(shots / "library_filters.png"))
    off.setChecked(True)
    assert lib.sections.tabText(0) == "Hugging Face (8)"


@pytest.mark.parametrize("opened", [True, False])
def test_open_folder_says_so_when_no_file_manager_is_there(  # type: ignore[no-untyped-def]
        window, qtbot, monkeypatch: pytest.MonkeyPatch, opened: bool) -> None:
    asked: list[str] = []

    def open_url(url):  # type: ignore[no-untyped-def]
        asked.append(url.toLocalFile())
        return opened

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    lib = window.library
    assert lib.select_repo(LLAMA)
    [action] = [a for a in lib.repo_actions(lib.selected_repos(), window)
                if a.objectName() == "open_folder"]
    action.trigger()
    repo = lib.current_repo()
    assert asked == [repo.repo_path]
    box = getattr(lib, "folder_message", None)
    if opened:
        assert box is None
        return
    qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=5000)
    assert "No file manager" in box.text()
    assert repo.repo_path in box.text()
    assert QGuiApplication.clipboard().text() == repo.repo_path
    box.accept()


def test_after_a_delete_the_details_follow_the_selection(  # type: ignore[no-untyped-def]
        window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from tests.trashbin import private_trash
    from tests.ui.conftest import wait_scanned

    private_trash(monkeypatch, tmp_path)
    controller = window.cleanup[0]
    lib = window.library
    assert lib.select_repo("openai-community/gpt2")
    folder = window.current_repo().repo_path
    lib.repos_view.setFocus()
    qtbot.waitUntil(lib.repos_view.hasFocus, timeout=5000)
    qtbot.keyClick(lib.repos_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: controller.dialog is not None, timeout=10000)
    with qtbot.waitSignal(controller.cleaned, timeout=10000):
        controller.dialog.accept()
    wait_scanned(qtbot, window)
    assert not os.path.exists(folder)
    current = lib.repos_view.selectionModel().currentIndex()
    shown = lib.details.repo()
    now = current.data(ObjectRole) if current.isValid() else None
    # the details show the row that is current now (a neighbour), or nothing
    assert (shown.repo_path if shown else None) == (now.repo_path if now else None)
    assert shown is None or shown.repo_id != "openai-community/gpt2"
    if now is not None:
        assert [r.repo_path for r in lib.selected_repos()] == [now.repo_path]


def test_custom_code_counts_once_per_repo(qtbot, ctx, sample_cache, hf_root: Path) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.app import build_window
    from hfmanager.core.inventory.model import ProblemKind
    from hfmanager.ui.models.repos_model import ReposModel
    from tests.cachebuilder import HubCache
    from tests.ui.conftest import wait_scanned

    repo = HubCache(hf_root).repo("org/own-code")
    for i, refs in enumerate((("main",), ("v1",), ())):
        repo.add_revision({"config.json": b'{"model_type": "x", "auto_map": {}}',
                           "model.safetensors": 100 + i, f"modeling_{i}.py": b"# code\n"},
                          refs=refs)
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    wait_scanned(qtbot, win)
    lib = win.library
    assert lib.select_repo("org/own-code")
    found = lib.current_repo()
    assert len(found.revisions) == 3
    assert sum(p.kind is ProblemKind.CUSTOM_CODE for r in found.revisions
               for p in r.problems) == 3  # each revision's own notice stays in its details
    assert [p.kind for p in found.all_problems()] == [ProblemKind.CUSTOM_CODE]
    row = lib.repos_view.currentIndex().row()
    assert lib.repos_proxy.index(row, ReposModel.COL_HEALTH).data() == "1 problem"


def _select_torch(window, pick) -> object:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QItemSelectionModel

    lib = window.library
    lib.sections.setCurrentIndex(1)
    proxy = lib.torch_proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        entry = index.data(ObjectRole)
        if pick(entry):
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows)
            lib.torch_view.selectionModel().setCurrentIndex(index, flags)
            return entry
    raise AssertionError("no such torch hub entry")


@pytest.mark.slow
def test_test_load_offered_for_models_and_torch_checkpoints_only(  # type: ignore[no-untyped-def]
        qtbot, ctx, sample_cache, torch_root: Path) -> None:
    import torch

    from hfmanager.app import build_window
    from hfmanager.core.inventory.model import TorchEntryKind
    from hfmanager.core.loadtest.runner import LoadResult
    from tests.ui.conftest import wait_scanned

    ckpt = torch_root / "checkpoints" / "tiny-0123abcd.pth"
    torch.save({"state_dict": {"w": torch.zeros(4, 4), "b": torch.ones(4)}}, ckpt)
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    wait_scanned(qtbot, win)
    lib, panel = win.library, win.loadtest_panel
    tabs = lib.details.tabs
    page = next(tabs.widget(i) for i in range(tabs.count()) if tabs.tabText(i) == "Test load")

    def offered() -> bool:
        return tabs.isTabVisible(tabs.indexOf(page))

    for repo_id, kind, expected in (("stanfordnlp/imdb", RepoType.DATASET, False),
                                    ("gradio/hello_world", RepoType.SPACE, False),
                                    (LLAMA, RepoType.MODEL, True)):
        assert lib.select_repo(repo_id, kind)
        assert offered() is expected, repo_id
        assert (panel.path is not None) is expected, repo_id
    _select_torch(win, lambda e: e.kind is TorchEntryKind.CODE)  # code: nothing to load
    assert not offered()
    entry = _select_torch(win, lambda e: e.path == str(ckpt))
    assert offered()
    assert panel.path == ckpt
    assert panel.load_button.isEnabled()
    tabs.setCurrentWidget(page)
    with qtbot.waitSignal(panel.loadFinished, timeout=120_000) as blocker:
        panel.start()  # CPU: the device list starts with it
    final = blocker.args[0]
    assert isinstance(final, LoadResult), final
    assert (final.data["class"], final.data["params_total"]) == ("state_dict", 20)
    assert entry.name in panel.target_label.text()


def test_add_download_shows_the_endpoint_in_force_and_a_pasted_hosts(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, shots: Path) -> None:
    from hfmanager.core.downloads.persist import JobStore
    from hfmanager.core.downloads.queue import DownloadQueue
    from hfmanager.core.settings import Settings
    from hfmanager.core.store import Store
    from hfmanager.ui.dialogs.add_download import AddDownloadDialog
    from hfmanager.ui.views.downloads_view import DownloadsView

    def never(_spec):  # type: ignore[no-untyped-def]
        raise AssertionError("no plan is asked for")

    settings = Settings(endpoint="https://hf-mirror.com")
    queue = DownloadQueue(JobStore(Store(tmp_path / "db.sqlite3")), never, tmp_path / "cache")
    view = DownloadsView(queue, never, endpoint_hint="https://hf-mirror.com", settings=settings)
    qtbot.addWidget(view)
    settings.endpoint = "https://hub.team.example"  # changed in Environment since
    dialog = view.open_add_dialog()
    qtbot.addWidget(dialog)
    note = dialog.endpoint_note
    assert note.text() == "Downloads from hub.team.example (chosen in Environment)"
    dialog.source.setText("https://mirror.example/datasets/org/data/tree/main")
    assert note.text() == "Downloads from mirror.example (the host of the URL)"
    dialog.endpoint.setText("https://typed.example")
    assert note.text() == "Downloads from typed.example (typed above)"
    dialog.grab().save(str(shots / "add_download_endpoint.png"))
    dialog.reject()
    queue.stop(timeout=5)  # the page stops polling before its store closes
    queue.jobs.store.close()

    env = {"HF_ENDPOINT": "https://env.example"}
    alone = AddDownloadDialog(never, None, initial="org/model", env=env)
    qtbot.addWidget(alone)
    assert alone.endpoint_note.text() == "Downloads from env.example (HF_ENDPOINT)"
    official = AddDownloadDialog(never, None, initial="org/model", env={})
    qtbot.addWidget(official)
    assert official.endpoint_note.text() == "Downloads from huggingface.co (the official Hub)"
