"""The main window over a real cache: select, tree, filters, revisions, context actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from hfmanager.core.inventory.model import RepoType
from hfmanager.ui.models.roles import ObjectRole, SortRole
from tests.cachebuilder import HubCache
from tests.ui.samples import LLAMA


def _ids(win) -> list[str]:  # type: ignore[no-untyped-def]
    proxy = win.library.repos_proxy
    return [proxy.index(r, 1).data(ObjectRole).repo_id for r in range(proxy.rowCount())]


def test_lists_every_repo_and_torch_entry(window) -> None:  # type: ignore[no-untyped-def]
    assert len(_ids(window)) == 8
    assert window.library.torch_model.rowCount() == 3
    assert not window.library.is_empty_shown()
    assert "8 repos" in window.totals_label.text()
    assert window.free_label.text().startswith("Free:")
    assert len(window.inventory().repos) == 8


def test_select_repo_shows_grouped_tree_with_shards_under_index(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    seen = []
    window.repoSelected.connect(seen.append)
    assert window.library.select_repo(LLAMA)
    assert window.current_repo().repo_id == LLAMA
    assert seen[-1].repo_id == LLAMA
    model = window.library.details.files_model
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups[0].startswith("Weights")
    weights = model.index(0, 0)
    index_node = model.index(0, 0, weights)
    assert index_node.data() == "model.safetensors.index.json"
    shards = [model.index(r, 0, index_node).data() for r in range(model.rowCount(index_node))]
    assert shards == ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
    assert any(g.startswith("Tokenizer") for g in groups)
    details = window.library.details.details
    assert details.values["model_type"].text() == "llama"
    assert details.values["layers"].text() == "16"


def test_search_and_type_filters(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    lib = window.library
    qtbot.keyClicks(lib.search, "llama")
    assert _ids(window) == [LLAMA]
    lib.search.clear()
    qtbot.keyClicks(lib.search, "ai sd")  # every word, any order
    assert _ids(window) == ["stabilityai/sd-turbo"]
    lib.search.clear()
    lib.type_buttons[RepoType.MODEL].setChecked(False)
    lib.type_buttons[RepoType.SPACE].setChecked(False)
    assert sorted(_ids(window)) == ["HuggingFaceFW/fineweb-edu", "stanfordnlp/imdb"]
    lib.type_buttons[RepoType.MODEL].setChecked(True)
    assert len(_ids(window)) == 7


def test_sorts_by_64_bit_sizes(window) -> None:  # type: ignore[no-untyped-def]
    view = window.library.repos_view
    view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    proxy = window.library.repos_proxy
    sizes = [proxy.index(r, 2).data(SortRole) for r in range(proxy.rowCount())]
    assert sizes == sorted(sizes, reverse=True)
    assert proxy.index(0, 1).data(ObjectRole).repo_id == LLAMA  # the biggest sample repo


def test_revision_switching(window, sample_cache, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.library.select_repo(LLAMA)
    details = window.library.details
    assert details.current_revision().commit_hash == sample_cache["main"]
    labels = [details.revisions.itemText(i) for i in range(details.revisions.count())]
    assert any("(detached)" in t for t in labels)
    assert any("refs/pr/3" in t for t in labels)
    with qtbot.waitSignal(window.revisionSelected) as sig:
        assert details.select_revision(sample_cache["old"])
    assert sig.args[0].commit_hash == sample_cache["old"]
    assert window.current_revision().commit_hash == sample_cache["old"]
    names = [details.files_model.index(r, 0).data()
             for r in range(details.files_model.rowCount())]
    assert names[0].startswith("Weights (1)")


def test_context_actions_copy_path_and_id(window) -> None:  # type: ignore[no-untyped-def]
    window.library.select_repo(LLAMA)
    repo = window.current_repo()
    actions = {a.objectName(): a for a in window.library.repo_actions([repo], window)}
    assert set(actions) >= {"open_folder", "copy_path", "copy_id", "open_hub"}
    actions["copy_path"].trigger()
    assert QGuiApplication.clipboard().text() == repo.repo_path
    actions["copy_id"].trigger()
    assert QGuiApplication.clipboard().text() == LLAMA


def test_feature_context_action_factory(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    window.add_repo_context_action(lambda repos, parent: QAction(f"{len(repos)} sel", parent))
    window.library.select_repo(LLAMA)
    texts = [a.text() for a in window.library.repo_actions(window.selected_repos(), window)]
    assert "1 sel" in texts


def test_problems_are_shown(window) -> None:  # type: ignore[no-untyped-def]
    window.library.select_repo("stabilityai/sd-turbo")
    problems = window.library.details.details.problems
    texts = [problems.item(i).text() for i in range(problems.count())]
    assert problems.count() >= 2
    assert "No problems found" not in texts
    health = window.library.repos_proxy.index(
        window.library.repos_view.currentIndex().row(), 5).data()
    assert "problem" in health


def test_models_pass_qt_model_tester(window, qtbot, hf_root, model_tester) -> None:  # type: ignore[no-untyped-def]
    import shutil

    lib = window.library
    lib.select_repo(LLAMA)
    model_tester(lib.repos_model, lib.repos_proxy, lib.torch_model, lib.torch_proxy,
                 lib.details.files_model)
    # Filters and sorting under the testers.
    lib.search.setText("gpt2")
    assert _ids(window) == ["openai-community/gpt2"]
    lib.search.clear()
    lib.type_buttons[RepoType.MODEL].setChecked(False)
    assert len(_ids(window)) < 8
    lib.type_buttons[RepoType.MODEL].setChecked(True)
    lib.repos_view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    # Incremental rows: a rescan that adds one repo and removes another.
    HubCache(hf_root).repo("org/new-model").add_revision({"config.json": b"{}"})
    shutil.rmtree(hf_root / "spaces--gradio--hello_world")
    window.request_rescan()
    qtbot.waitUntil(lambda: "org/new-model" in _ids(window)
                    and "gradio/hello_world" not in _ids(window), timeout=20000)
    qtbot.waitUntil(lambda: not window.ctx.bridge.scanning, timeout=20000)
    assert lib.select_repo("openai-community/gpt2")  # the files model is reset


def test_rescan_after_deletion_removes_row(window, qtbot, hf_root) -> None:  # type: ignore[no-untyped-def]
    import shutil

    shutil.rmtree(hf_root / "spaces--gradio--hello_world")
    window.request_rescan()
    qtbot.waitUntil(lambda: "gradio/hello_world" not in _ids(window), timeout=20000)
    assert len(_ids(window)) == 7


def test_keyboard_page_switching_and_refresh_shortcut(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window.add_page("extra", "Extra", window.windowIcon(), QLabel("x"))
    n = window.nav.count()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_0 + n, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == n - 1
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == 0
    assert "F5" in [s.toString() for s in window.refresh_action.shortcuts()]
