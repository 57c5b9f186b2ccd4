"""A file's URL in the Add download dialog, its row on the Downloads page, and the
watcher that makes a checkpoint downloaded by URL appear in the Library."""

from __future__ import annotations

from pathlib import Path

from hfmanager.core.downloads.persist import JobStore
from hfmanager.core.downloads.plan import parse_source
from hfmanager.core.store import Store
from hfmanager.ui.dialogs.add_download import AddDownloadDialog
from hfmanager.ui.models.downloads_model import COL_REPO, DownloadsModel
from hfmanager.ui.watcher import CacheWatcher

URL = "https://download.pytorch.org/models/resnet50-0676ba61.pth"


def _never(_spec):  # type: ignore[no-untyped-def]
    raise AssertionError("a file by URL asks no Hub for a plan")


def test_dialog_takes_a_file_url_and_says_where_it_goes(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"TORCH_HOME": str(tmp_path / "torch")}
    dialog = AddDownloadDialog(_never, None, initial=URL, env=env)
    qtbot.addWidget(dialog)
    folder = tmp_path / "torch" / "hub" / "checkpoints"
    assert dialog.endpoint_note.text() == (
        f"Saves resnet50-0676ba61.pth from download.pytorch.org to {folder} · "
        "checked against the SHA-256 prefix 0676ba61 in its name")
    assert not dialog.revision.isEnabled()
    assert not dialog.endpoint.isEnabled()
    dialog.preview_button.click()  # no network: the note is the preview
    assert dialog.summary.text() == dialog.endpoint_note.text()
    spec = dialog.build_spec()
    assert (spec.url, spec.repo_id) == (URL, "resnet50-0676ba61.pth")
    dialog.source.setText("https://example.org/files/model-final.pth")
    assert dialog.endpoint_note.text().endswith("no hash in its name: saved unchecked")
    dialog.source.setText("https://huggingface.co/org/name/resolve/main/model.pth")
    assert dialog.endpoint_note.text() == "Downloads from huggingface.co (the host of the URL)"
    assert dialog.revision.isEnabled()
    assert dialog.build_spec().url == ""  # a file on the Hub stays a Hub download


def test_downloads_row_shows_the_file_name_and_where_it_went(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from hfmanager.core.downloads.queue import JobView

    store = Store(tmp_path / "q.sqlite3")
    try:
        rec = JobStore(store).add_finished(parse_source(URL), "/ck", "", 100, 1)
    finally:
        store.close()
    model = DownloadsModel()
    model.update([JobView(rec, 100, 100)])
    index = model.index(0, COL_REPO)
    assert model.data(index) == "resnet50-0676ba61.pth"
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == f"{URL}\n→ /ck"


def test_a_checkpoint_in_a_torch_root_made_later_is_noticed(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "torch" / "hub"
    root.parent.mkdir()
    watcher = CacheWatcher()
    watcher.watch([str(root)], [])
    qtbot.waitUntil(lambda: not watcher._to_watch)  # added from a zero timer
    with qtbot.waitSignal(watcher.changed, timeout=30_000):
        (root / "checkpoints").mkdir(parents=True)
    watcher.watch([str(root)], [])
    qtbot.waitUntil(lambda: str(root / "checkpoints") in watcher.watcher.directories())
    with qtbot.waitSignal(watcher.changed, timeout=30_000):
        (root / "checkpoints" / "x-ab.pth").write_bytes(b"x")
