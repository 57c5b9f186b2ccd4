"""A partial (--include) download made by huggingface_hub shows as partial in the Library,
and "Download the rest" fetches exactly the missing files through our queue."""

from __future__ import annotations

from pathlib import Path

from fakehub import FakeHub

from hfmanager.core.inventory.model import ProblemKind
from hfmanager.core.settings import Settings
from hfmanager.ui.models.repos_model import ReposModel
from tests.ui.conftest import wait_scanned

FILES = {"config.json": b'{"model_type": "bert"}', "tokenizer.json": b"{}",
         "model.safetensors": b"w" * 5000, "sub/notes.txt": b"notes\n"}


def _row_of(window, repo_id: str) -> int:  # type: ignore[no-untyped-def]
    model = window.library.repos_model
    return next(r for r in range(model.rowCount())
                if model.index(r, ReposModel.COL_ID).data() == repo_id)


def test_partial_snapshot_and_download_the_rest(qtbot, ctx, fake_hub: FakeHub, hf_root: Path,
                                                tmp_path: Path) -> None:
    from huggingface_hub import snapshot_download

    from hfmanager.app import build_window

    commit = fake_hub.add_repo("org/part", FILES, lfs_threshold=1024)
    snapshot_download("org/part", endpoint=fake_hub.url, cache_dir=hf_root,
                      allow_patterns=["*.json"])
    ctx.settings = Settings(endpoint=fake_hub.url)
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    wait_scanned(qtbot, win)

    model = win.library.repos_model
    row = _row_of(win, "org/part")
    assert model.index(row, ReposModel.COL_HEALTH).data() == "Partial 2/4"
    repo = model.find(str(hf_root / "models--org--part"))
    (rev,) = repo.revisions
    assert (rev.listed, rev.missing) == (4, 2)
    assert ProblemKind.PARTIAL_SNAPSHOT in {p.kind for p in repo.all_problems()}

    assert win.library.select_repo("org/part")
    details = win.library.details
    qtbot.waitUntil(details.partial_box.isVisible)
    assert "2 of 4 files" in details.partial_label.text()
    grab = tmp_path / "partial-snapshot.png"
    win.grab().save(str(grab))
    assert grab.stat().st_size > 0

    fake_hub.reset_counters()
    details.partial_button.click()
    snapshot = hf_root / "models--org--part" / "snapshots" / commit
    qtbot.waitUntil(lambda: all((snapshot / p).exists() for p in FILES), timeout=60_000)
    assert fake_hub.bytes_sent == len(FILES["model.safetensors"]) + len(FILES["sub/notes.txt"])
    win.request_rescan()
    wait_scanned(qtbot, win)
    row = _row_of(win, "org/part")
    assert model.index(row, ReposModel.COL_HEALTH).data() == "OK"
    qtbot.waitUntil(lambda: not details.partial_box.isVisible())
