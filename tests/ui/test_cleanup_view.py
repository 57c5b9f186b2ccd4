"""Cleanup page and Library hooks in the real main window over a real sample cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hfmanager.core.cleanup.rules import CandidateKind
from hfmanager.core.verify import VerifyStatus
from hfmanager.ui.models.roles import ObjectRole
from tests.trashbin import private_trash
from tests.ui.conftest import wait_scanned
from tests.ui.samples import LLAMA


@pytest.fixture(autouse=True)
def tmp_trash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The trash (and HOME) under the test's folder: see tests/trashbin.py."""
    return private_trash(monkeypatch, tmp_path)


def _page(window):  # type: ignore[no-untyped-def]
    controller, view, _rk, _fk = window.cleanup
    return controller, view


def _accept_dialog(qtbot, controller, *, accept: bool = True,  # type: ignore[no-untyped-def]
                   trash: bool = False):
    qtbot.waitUntil(lambda: controller.dialog is not None, timeout=10000)
    dialog = controller.dialog
    assert dialog.isVisible()
    dialog.trash.setChecked(trash)
    items = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    listed = [it.child(j).text(0) for it in items for j in range(it.childCount())]
    (dialog.accept if accept else dialog.reject)()
    return dialog, listed


def test_rules_live_figure_and_delete(qtbot, window, shots: Path, model_tester) -> None:  # type: ignore[no-untyped-def]
    controller, view = _page(window)
    model_tester(view.model, view.table.model())  # through rules, checks and the rescan
    window.show_page("cleanup")
    view.detached.setChecked(True)
    view.incomplete.setChecked(True)
    view.twins.setChecked(True)
    kinds = sorted(c.kind.value for c in view.model.candidates())
    assert kinds == ["file", "incomplete", "revision"]  # MiniLM's .bin, sd-turbo, llama
    view.model.set_all_checked(True)
    qtbot.waitUntil(lambda: view._last_plan is not None and not view._debounce.isActive()
                    and "calculating" not in view.free_label.text(), timeout=10000)
    plan = view._last_plan
    assert plan is not None
    assert plan.freed_bytes > 0
    assert view.free_label.text().startswith("Will free")
    view.grab().save(str(shots / "cleanup_page.png"))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    dialog, listed = _accept_dialog(qtbot, controller, accept=False)
    assert set(listed) == set(plan.paths)
    dialog.grab().save(str(shots / "cleanup_confirm.png"))
    assert all(os.path.lexists(p) for p in plan.paths)  # cancelled: nothing gone
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controller.cleaned, timeout=10000) as sig:
        _accept_dialog(qtbot, controller)
    assert sig.args[0].freed_bytes == plan.freed_bytes
    assert not any(os.path.lexists(p) for p in plan.paths)
    wait_scanned(qtbot, window)
    assert not [c for c in view.model.candidates() if c.kind is CandidateKind.REVISION]


def test_delete_key_on_repo_list(qtbot, window, hf_root: Path) -> None:  # type: ignore[no-untyped-def]
    controller, _view = _page(window)
    assert window.library.select_repo("openai-community/gpt2")
    folder = window.current_repo().repo_path
    actions = window.library.repo_actions(window.selected_repos(), window)
    assert {"cleanup_delete", "cleanup_verify"} <= {a.objectName() for a in actions}
    window.library.repos_view.setFocus()
    qtbot.waitUntil(window.library.repos_view.hasFocus, timeout=5000)
    qtbot.keyClick(window.library.repos_view, Qt.Key.Key_Delete)
    _dialog, listed = _accept_dialog(qtbot, controller, accept=False)
    assert listed == [folder]
    assert os.path.isdir(folder)
    window.activateWindow()
    window.library.repos_view.setFocus()
    qtbot.waitUntil(window.library.repos_view.hasFocus, timeout=5000)
    qtbot.keyClick(window.library.repos_view, Qt.Key.Key_Delete)
    with qtbot.waitSignal(controller.cleaned, timeout=10000):
        _accept_dialog(qtbot, controller)
    assert not os.path.exists(folder)
    wait_scanned(qtbot, window)
    assert "openai-community/gpt2" not in {r.repo_id for r in window.inventory().repos}


def test_delete_to_trash(qtbot, window, tmp_trash: Path) -> None:  # type: ignore[no-untyped-def]
    controller, view = _page(window)
    assert window.library.select_repo("microsoft/phi-1_5")
    folder = window.current_repo().repo_path
    window.library.repos_view.setFocus()
    qtbot.waitUntil(window.library.repos_view.hasFocus, timeout=5000)
    qtbot.keyClick(window.library.repos_view, Qt.Key.Key_Delete)
    # the cleanup's own rescan too: it re-emits checkedChanged, which once overwrote the result
    results: list = []
    controller.cleaned.connect(results.append)
    with qtbot.waitSignals([controller.cleaned, window.inventoryChanged], order="simple",
                           timeout=20000):
        _accept_dialog(qtbot, controller, trash=True)
    assert [r.trashed for r in results] == [(folder,)]
    assert not os.path.exists(folder)
    assert (tmp_trash / "files" / os.path.basename(folder)).is_dir()
    qtbot.waitUntil(lambda: not window.ctx.bridge.scanning and not view._debounce.isActive(),
                    timeout=20000)
    assert "Moved 1 repo(s)" in view.free_label.text()
    assert "trash" in view.free_label.text()
    view.twins.setChecked(True)  # the user's next change of rules: its figure takes over
    qtbot.waitUntil(lambda: view.free_label.text() == "Will free: nothing selected",
                    timeout=10000)


def test_verify_finds_corrupt_and_offers_delete(qtbot, window, shots: Path,
                                               model_tester) -> None:  # type: ignore[no-untyped-def]
    controller, view = _page(window)
    repo = next(r for r in window.inventory().repos if r.repo_id == LLAMA)
    blob = next(p for p in Path(repo.repo_path, "blobs").iterdir() if len(p.name) == 64)
    data = bytearray(blob.read_bytes())
    data[0] ^= 0xFF
    blob.write_bytes(bytes(data))
    panel = view.verify
    model_tester(panel.model, panel.table.model())  # through the results' arrival
    with qtbot.waitSignal(controller.verified, timeout=20000):
        panel.verify_all()
    first = panel.model.result(0)
    assert first.status is VerifyStatus.CORRUPT
    assert first.target.path == str(blob)
    assert "1 corrupt" in panel.status.text()
    panel.table.selectRow(0)
    assert panel.table.selectionModel().selectedRows(0)[0].data(ObjectRole) is first
    assert panel.delete_button.isEnabled()
    # "Download again" queues the file pinned to its commit (the downloads feature is
    # installed). A closed loopback port as endpoint: the job fails fast, offline.
    window.ctx.settings.endpoint = "http://127.0.0.1:9"
    assert panel.redownload_button.isEnabled()
    qtbot.mouseClick(panel.redownload_button, Qt.MouseButton.LeftButton)
    downloads = window.page("downloads")
    jobs = downloads.queue.jobs.all()
    assert [j.spec.repo_id for j in jobs] == [LLAMA]
    commit = jobs[0].spec.revision
    assert len(commit) == 40
    assert commit.startswith(first.target.files[0].split("/")[0])
    for job in jobs:
        downloads.queue.cancel(job.id)
    window.show_page("cleanup")
    view.grab().save(str(shots / "cleanup_verify.png"))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controller.cleaned, timeout=10000):
        _d, listed = _accept_dialog(qtbot, controller)
    assert str(blob) in listed
    assert not blob.exists()


def test_verify_cancel(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    controller, view = _page(window)
    controller.cancel_verify()  # nothing running: harmless
    with qtbot.waitSignal(controller.verified, timeout=20000) as sig:
        view.verify.verify_repos(window.inventory().repos[:1])
        controller.cancel_verify()
    assert sig.args[0].cancelled or sig.args[0].results
    assert view.verify.all_button.isEnabled()


def test_delete_key_on_file_tree_and_revision_action(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    controller, _view = _page(window)
    assert window.library.select_repo("sentence-transformers/all-MiniLM-L6-v2")
    tree = window.library.details.tree
    model = tree.model()
    target = None
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        idx = stack.pop()
        f = idx.data(ObjectRole)
        if f is not None and f.path == "pytorch_model.bin":
            target = idx
        stack += [model.index(r, 0, idx) for r in range(model.rowCount(idx))]
    assert target is not None
    tree.setCurrentIndex(target)
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus, timeout=5000)
    entry = target.data(ObjectRole)
    qtbot.keyClick(tree, Qt.Key.Key_Delete)
    with qtbot.waitSignal(controller.cleaned, timeout=10000):
        _d, listed = _accept_dialog(qtbot, controller)
    assert entry.file_path in listed
    assert entry.blob_path in listed  # no other revision uses the blob
    assert not os.path.lexists(entry.file_path)
    wait_scanned(qtbot, window)
    assert window.library.select_repo(LLAMA)
    rev = window.current_revision()
    actions = {a.objectName(): a for a in
               window.library.repo_actions(window.selected_repos(), window)}
    actions["cleanup_delete_revision"].trigger()
    with qtbot.waitSignal(controller.cleaned, timeout=10000):
        _d, listed = _accept_dialog(qtbot, controller)
    assert rev.snapshot_path in listed
    assert not os.path.exists(rev.snapshot_path)


def test_orphaned_shared_files_rule(qtbot, window, hf_root: Path, shots: Path,  # type: ignore[no-untyped-def]
                                    model_tester) -> None:
    from huggingface_hub.utils import _shared_blobs

    controller, view = _page(window)
    model_tester(view.model, view.table.model())
    # huggingface_hub moved gpt2's weights into its shared store; then the repo was
    # removed by hand, leaving the payload that no repo uses
    repo = next(r for r in window.inventory().repos if r.repo_id == "openai-community/gpt2")
    blob = next(p for p in Path(repo.repo_path, "blobs").iterdir() if len(p.name) == 64)
    size = blob.stat().st_size
    assert _shared_blobs.publish_blob_to_shared_store(
        blob_path=str(blob), xet_hash="ab" * 32, cache_dir=hf_root, expected_size=size)
    payload = _shared_blobs.shared_blob_path(hf_root, "ab" * 32)
    shutil.rmtree(repo.repo_path)
    window.request_rescan()
    qtbot.waitUntil(lambda: [p.path for p in window.inventory().orphans] == [str(payload)]
                    and not window.ctx.bridge.scanning, timeout=20000)
    window.library.orphansCleanupRequested.emit()  # the store line's "Clean up…" link
    assert view.orphans.isChecked()
    orphans = [c for c in view.model.candidates() if c.kind is CandidateKind.ORPHAN]
    assert [(c.key, c.size) for c in orphans] == [(str(payload), size)]
    row = view.model.candidates().index(orphans[0])
    assert view.model.index(row, view.model.COL_KIND).data() == "Orphaned shared file"
    view.model.set_all_checked(True)
    qtbot.waitUntil(lambda: view._last_plan is not None and not view._debounce.isActive()
                    and "calculating" not in view.free_label.text(), timeout=10000)
    assert view._last_plan.blob_bytes == size
    view.grab().save(str(shots / "cleanup_orphans.png"))
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(controller.cleaned, timeout=10000) as sig:
        _d, listed = _accept_dialog(qtbot, controller)
    assert listed == [str(payload)]
    assert sig.args[0].freed_bytes >= size
    assert not payload.exists()
    qtbot.waitUntil(lambda: not window.inventory().orphans and not window.ctx.bridge.scanning,
                    timeout=20000)
    assert not [c for c in view.model.candidates() if c.kind is CandidateKind.ORPHAN]
