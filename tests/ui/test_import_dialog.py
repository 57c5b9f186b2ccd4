"""File > Import folder... and the Library's Export snapshot... in the window: the import
runs through the bridge with a progress bar, takes the fake Hub's commit, reports the
file the Hub does not have, the Library shows the repo after its rescan, and the export
writes the snapshot's files as a plain folder."""

from __future__ import annotations

from pathlib import Path

from fakehub import FakeHub
from PySide6.QtWidgets import QWidget

from hfmanager.core.settings import Settings
from hfmanager.ui.dialogs.export_dialog import ExportDialog
from hfmanager.ui.dialogs.import_dialog import ImportDialog
from tests.ui.conftest import wait_scanned

FILES = {"config.json": b'{"model_type": "bert"}', "model.safetensors": b"w" * 20_000,
         "sub/vocab.txt": b"a\nb\n"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_import_then_export_from_the_window(qtbot, ctx, fake_hub: FakeHub, hf_root: Path,
                                            tmp_path: Path) -> None:
    from hfmanager.app import build_window

    commit = fake_hub.add_repo("org/imp", FILES)
    src = tmp_path / "downloaded"
    for rel, data in {**FILES, "notes.txt": b"mine"}.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    ctx.settings = Settings(endpoint=fake_hub.url)
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    wait_scanned(qtbot, win)

    assert win.import_action in win.file_menu.actions()
    win.import_action.trigger()
    dialog = win.findChild(ImportDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    dialog.folder.setText(str(src))
    dialog.repo.setText("org/imp")
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as got, \
            qtbot.waitSignal(win.inventoryChanged, timeout=60_000):
        dialog.start.click()
        assert dialog.progress.isVisible()
    result = got.args[0]
    assert (result.commit, result.local) == (commit, False)
    text = dialog.outcome.text()
    assert "Imported 3 file(s)" in text
    assert commit[:12] in text
    assert "Not imported: notes.txt (the revision has no such file)" in text
    assert not dialog.progress.isVisible()
    dialog.close()

    repo = win.library.repos_model.find(str(hf_root / "models--org--imp"))
    assert repo is not None
    assert [r.commit_hash for r in repo.revisions] == [commit]
    actions = [f([repo], win) for f in win.library.action_factories]
    (export,) = [a for a in actions if a is not None and a.objectName() == "exportSnapshot"]
    export.trigger()
    exp = win.findChild(ExportDialog)
    assert exp is not None
    dest = tmp_path / "exported"
    exp.dest.setText(str(dest))
    with qtbot.waitSignal(exp.exported, timeout=60_000):
        exp.start.click()
    assert _files(dest) == FILES
    assert str(dest) in exp.outcome.text()


def test_the_dialog_refuses_a_missing_folder_or_repo(qtbot, tmp_path: Path) -> None:
    calls: list[object] = []
    dialog = ImportDialog(lambda *a: calls.append(a))  # type: ignore[arg-type,return-value]
    qtbot.addWidget(dialog)
    assert not dialog.start.isEnabled()
    dialog.folder.setText(str(tmp_path / "nope"))
    dialog.start.click()
    assert "exists" in dialog.outcome.text()
    dialog.folder.setText(str(tmp_path))
    dialog.start.click()
    assert "repo id" in dialog.outcome.text()
    assert calls == []
    assert isinstance(dialog, QWidget)
