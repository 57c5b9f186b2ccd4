"""Issue 13.2 in the window: the import dialog says when the files are an older commit
than the revision's head (the commit search), and a repo with a local revision (an
offline import) is reconciled from the Library's context menu through the bridge's
runner, the same as ``hfmanager import --reconcile``, against the fake Hub."""

from __future__ import annotations

import json
from pathlib import Path

from fakehub import FakeHub
from huggingface_hub import scan_cache_dir

from hfmanager.core.settings import Settings
from hfmanager.core.transfer import importer, sources
from hfmanager.ui.dialogs.import_dialog import ImportDialog
from hfmanager.ui.dialogs.reconcile_dialog import ReconcileDialog
from tests.ui.conftest import wait_scanned

REPO = "org/recon"


def _version(n: int) -> dict[str, bytes]:
    return {"config.json": json.dumps({"version": n}).encode(),
            "model.safetensors": bytes([n]) * 20_000}


def _folder(path: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path.mkdir(parents=True, exist_ok=True)
        (path / rel).write_bytes(data)
    return path


def _window(qtbot, ctx, fake_hub: FakeHub):  # type: ignore[no-untyped-def]
    from hfmanager.app import build_window

    ctx.settings = Settings(endpoint=fake_hub.url)
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    wait_scanned(qtbot, win)
    return win


def _actions(win, repo) -> dict[str, object]:  # type: ignore[no-untyped-def]
    made = [f([repo], win) for f in win.library.action_factories]
    return {a.objectName(): a for a in made if a is not None}


def test_the_import_dialog_names_the_older_commit(qtbot, ctx, fake_hub: FakeHub,
                                                  tmp_path: Path) -> None:
    commits = [fake_hub.add_repo(REPO, _version(n)) for n in (1, 2, 3)]
    win = _window(qtbot, ctx, fake_hub)
    win.import_action.trigger()
    dialog = win.findChild(ImportDialog)
    assert dialog is not None
    dialog.folder.setText(str(_folder(tmp_path / "src", _version(2))))
    dialog.repo.setText(REPO)
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as got, \
            qtbot.waitSignal(win.inventoryChanged, timeout=60_000):
        dialog.start.click()
    assert (got.args[0].commit, got.args[0].head) == (commits[1], commits[2])
    text = dialog.outcome.text()
    assert f"older commit than the revision's head ({commits[2][:12]})" in text
    assert f'revision="{commits[1]}"' in text
    dialog.close()


def test_a_local_revision_is_reconciled_from_the_library(
        qtbot, ctx, fake_hub: FakeHub, hf_root: Path, tmp_path: Path) -> None:
    commits = [fake_hub.add_repo(REPO, _version(n)) for n in (1, 2, 3)]
    local = importer.import_folder(_folder(tmp_path / "src", _version(2)), hf_root, REPO)
    assert local.local
    win = _window(qtbot, ctx, fake_hub)
    repo = win.library.repos_model.find(str(hf_root / "models--org--recon"))
    assert repo is not None
    action = _actions(win, repo).get("reconcileLocal")
    assert action is not None
    action.trigger()
    dialog = win.findChild(ReconcileDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    with qtbot.waitSignal(dialog.reconciled, timeout=60_000) as got, \
            qtbot.waitSignal(win.inventoryChanged, timeout=60_000):
        dialog.start.click()
    result = got.args[0]
    assert (result.commit, result.reconciled) == (commits[1], local.commit)
    text = dialog.outcome.text()
    assert f"The local revision {local.commit[:12]} is replaced." in text
    assert not dialog.start.isEnabled()  # nothing left to reconcile
    dialog.close()
    # What huggingface_hub sees: the commit found, named by the refs the import wrote.
    (hf_repo,) = scan_cache_dir(hf_root).repos
    assert {r.commit_hash: r.refs for r in hf_repo.revisions} == {commits[1]: {"main"}}
    repo = win.library.repos_model.find(str(hf_root / "models--org--recon"))
    assert [r.commit_hash for r in repo.revisions] == [commits[1]]
    assert "reconcileLocal" not in _actions(win, repo)


def test_reconcile_offline_keeps_the_local_revision(qtbot, ctx, fake_hub: FakeHub,
                                                    hf_root: Path, tmp_path: Path) -> None:
    local = importer.import_folder(_folder(tmp_path / "src", _version(2)), hf_root, REPO)
    win = _window(qtbot, ctx, fake_hub)  # the fake Hub has no such repo: 404
    repo = win.library.repos_model.find(str(hf_root / "models--org--recon"))
    _actions(win, repo)["reconcileLocal"].trigger()
    dialog = win.findChild(ReconcileDialog)
    dialog.start.click()  # disables Start until the op ends
    qtbot.waitUntil(dialog.start.isEnabled, timeout=60_000)
    assert dialog.outcome.text().startswith("The local revision stays:")
    ref = hf_root / "models--org--recon" / "refs" / sources.LOCAL_REF
    assert ref.read_text() == local.commit
    dialog.close()
