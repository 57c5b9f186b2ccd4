"""A corrupt file found by verify shows on its repo (health, problems) and in its file tree."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from hfmanager.core.inventory.model import ProblemKind
from hfmanager.ui.models.roles import ObjectRole
from tests.ui.conftest import wait_scanned
from tests.ui.samples import LLAMA

SHOTS = Path(os.environ.get("HFMANAGER_SHOTS", "/tmp"))


def _file_rows(model, parent=None):  # type: ignore[no-untyped-def]
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from _file_rows(model, index)


def _corrupt_problems(window):  # type: ignore[no-untyped-def]
    repo = next(r for r in window.inventory().repos if r.repo_id == LLAMA)
    return [p for p in repo.all_problems() if p.kind is ProblemKind.CORRUPT_BLOB]


def test_corrupt_file_shows_on_repo_and_file_until_it_is_replaced(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    controller, view, _rk, _fk = window.cleanup
    repo = next(r for r in window.inventory().repos if r.repo_id == LLAMA)
    assert not _corrupt_problems(window)
    blob = next(p for p in Path(repo.repo_path, "blobs").iterdir() if len(p.name) == 64)
    good = blob.read_bytes()
    bad = bytearray(good)
    bad[len(bad) // 2] ^= 0x01
    blob.write_bytes(bytes(bad))

    with qtbot.waitSignal(controller.verified, timeout=20000):
        view.verify.verify_repos([repo])
    # On the repo: the inventory, the health column and the details pane's problem list.
    problems = _corrupt_problems(window)
    assert [p.path for p in problems] == [str(blob)]
    assert window.library.select_repo(LLAMA)
    health = window.library.repos_model.index(
        window.library.repos_model.row_of(repo.repo_path), 5).data()
    assert "problem" in health
    details = window.library.details
    listed = details.details.problems
    assert problems[0].message in [listed.item(i).text() for i in range(listed.count())]
    # On the file: an error icon, red text and the message as tooltip.
    files = details.files_model
    marked = [i for i in _file_rows(files)
              if i.data(ObjectRole) is not None and i.data(ObjectRole).blob == blob.name]
    assert marked, "the corrupt file is in the tree"
    assert all(i.data(Qt.ItemDataRole.ToolTipRole) == problems[0].message for i in marked)
    assert all(i.data(Qt.ItemDataRole.ForegroundRole) is not None for i in marked)
    details.tabs.setCurrentIndex(0) if hasattr(details, "tabs") else None
    window.resize(1280, 800)
    window.grab().save(str(SHOTS / "library_corrupt.png"))

    # Still there after a rescan while the file is unchanged...
    window.request_rescan()
    wait_scanned(qtbot, window)
    assert [p.path for p in _corrupt_problems(window)] == [str(blob)]
    # ...and gone once the file is replaced by good content (as a re-download does).
    blob.unlink()
    blob.write_bytes(good)
    window.request_rescan()
    wait_scanned(qtbot, window)
    assert _corrupt_problems(window) == []
