"""A corrupt file found by verify shows on its repo (health, problems) and in its file tree."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from hfmanager.core.inventory.model import ProblemKind
from hfmanager.ui.models.roles import ObjectRole
from tests.ui.conftest import wait_scanned
from tests.ui.samples import LLAMA


def _file_rows(model, parent=None):  # type: ignore[no-untyped-def]
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from _file_rows(model, index)


def _corrupt_problems(window):  # type: ignore[no-untyped-def]
    repo = next(r for r in window.inventory().repos if r.repo_id == LLAMA)
    return [p for p in repo.all_problems() if p.kind is ProblemKind.CORRUPT_BLOB]


def test_corrupt_file_shows_on_repo_and_file_until_it_is_replaced(qtbot, window, shots) -> None:  # type: ignore[no-untyped-def]
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
    window.grab().save(str(shots / "library_corrupt.png"))

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


def _flip(path: Path) -> bytes:
    """Flip one byte of ``path`` in place; returns the good content."""
    good = path.read_bytes()
    bad = bytearray(good)
    bad[len(bad) // 2] ^= 0x01
    path.write_bytes(bytes(bad))
    return good


def _shut(win) -> None:  # type: ignore[no-untyped-def]
    """Close a restarted window as the app quits: no scan, no queue, then its store."""
    win.close()
    win.ctx.bridge.cancel_scan()
    if win.ctx.downloads is not None:
        win.ctx.downloads.stop(timeout=5.0)
    win.ctx.store.close()


def _restart(qtbot, ctx):  # type: ignore[no-untyped-def]
    """A new window over a new context on the same data dir (the app started again)."""
    from hfmanager.app import build_window
    from hfmanager.core.settings import Settings
    from hfmanager.core.store import Store
    from hfmanager.ui.bridge import Bridge
    from hfmanager.ui.context import AppContext

    again = AppContext(Settings(), Store(ctx.store.path), Bridge())
    win = build_window(again)
    qtbot.addWidget(win)
    win.show()
    wait_scanned(qtbot, win)
    return win


def _torch_health(window, path: Path) -> tuple[str, list[ProblemKind]]:  # type: ignore[no-untyped-def]
    model = window.library.torch_model
    row = model.row_of(str(path))
    entry = model.item_at(row)
    return model.index(row, model.COL_HEALTH).data(), [p.kind for p in entry.problems]


def test_findings_last_after_a_restart_until_the_file_changes(  # type: ignore[no-untyped-def]
        qtbot, window, ctx, torch_root, shots) -> None:
    controller, view, _rk, _fk = window.cleanup
    repo = next(r for r in window.inventory().repos if r.repo_id == LLAMA)
    blob = next(p for p in Path(repo.repo_path, "blobs").iterdir() if len(p.name) == 64)
    checkpoint = next((torch_root / "checkpoints").glob("resnet18-*.pth"))
    assert _torch_health(window, checkpoint) == ("OK", [])
    good_blob, good_ck = _flip(blob), _flip(checkpoint)
    with qtbot.waitSignal(controller.verified, timeout=60000):
        view.verify.verify_all()
    assert [p.path for p in _corrupt_problems(window)] == [str(blob)]
    assert _torch_health(window, checkpoint) == ("1 problem", [ProblemKind.CORRUPT_BLOB])
    window.close()
    window.ctx.bridge.cancel_scan()

    restarted = _restart(qtbot, ctx)
    try:
        # Still red after the restart: on the repo, its file, and the checkpoint's row.
        assert [p.path for p in _corrupt_problems(restarted)] == [str(blob)]
        assert restarted.library.select_repo(LLAMA)
        files = restarted.library.details.files_model
        marked = [i for i in _file_rows(files) if i.data(ObjectRole) is not None
                  and i.data(ObjectRole).blob == blob.name]
        assert marked
        assert all(i.data(Qt.ItemDataRole.ForegroundRole) is not None for i in marked)
        assert _torch_health(restarted, checkpoint) == ("1 problem",
                                                        [ProblemKind.CORRUPT_BLOB])
        restarted.resize(1280, 800)
        restarted.grab().save(str(shots / "library_corrupt_after_restart.png"))
        # Replaced by good content (as a re-download does): gone, now and after a restart.
        blob.unlink()
        blob.write_bytes(good_blob)
        checkpoint.unlink()
        checkpoint.write_bytes(good_ck)
        restarted.request_rescan()
        wait_scanned(qtbot, restarted)
        assert _corrupt_problems(restarted) == []
        assert _torch_health(restarted, checkpoint) == ("OK", [])
    finally:
        _shut(restarted)
    third = _restart(qtbot, ctx)
    try:
        assert _corrupt_problems(third) == []
        assert _torch_health(third, checkpoint) == ("OK", [])
    finally:
        _shut(third)


def test_damaged_shared_payload_shows_on_every_repo_using_it(  # type: ignore[no-untyped-def]
        qtbot, ctx, sample_cache, hf_root) -> None:
    import hashlib

    from huggingface_hub.utils._shared_blobs import publish_blob_to_shared_store

    from hfmanager.app import build_window
    from tests.cachebuilder import HubCache, make_bytes, sha256_hex

    weights = make_bytes(300_000, "shared")
    links = []
    for name in ("org/a", "org/b"):  # one payload in the store, as hf_xet leaves it
        r = HubCache(hf_root).repo(name)
        r.add_revision({"config.json": b"{}", "model.safetensors": weights})
        links.append(r.blobs / sha256_hex(weights))
        assert publish_blob_to_shared_store(
            blob_path=str(links[-1]), xet_hash=hashlib.sha256(b"x").hexdigest(),
            cache_dir=str(hf_root), expected_size=len(weights))
    payload = links[0].resolve()
    payload.chmod(0o600)
    _flip(payload)
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    wait_scanned(qtbot, window)
    controller, view, _rk, _fk = window.cleanup
    only_a = next(r for r in window.inventory().repos if r.repo_id == "org/a")
    with qtbot.waitSignal(controller.verified, timeout=20000):
        view.verify.verify_repos([only_a])  # org/b shares the payload: reported too
    assert "shared blob store, used by 2 repo(s)" in view.verify.status.text()
    for link in links:
        repo = next(r for r in window.inventory().repos if r.repo_path == str(link.parent.parent))
        found = [p for p in repo.all_problems() if p.kind is ProblemKind.CORRUPT_BLOB]
        assert [p.path for p in found] == [str(link)]
        assert "shared store" in found[0].message
