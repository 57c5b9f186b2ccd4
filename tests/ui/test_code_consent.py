"""The custom-code consent dialog shows each .py file's text before the user allows it.

The snapshot is made by huggingface_hub's own snapshot_download against the fake Hub (a
repo whose config.json maps Auto classes to its own code); allowing and denying keep
their meaning: deny loads nothing and remembers nothing, allow remembers this commit and
loads with trust_remote_code.
"""

from __future__ import annotations

import json
from pathlib import Path

from fakehub import FakeHub
from PySide6.QtCore import Qt

from hfmanager.core.loadtest import strategy as strat
from hfmanager.core.preview import PREVIEW_CAP
from hfmanager.core.settings import Settings
from hfmanager.ui.dialogs.code_consent import CodeConsentDialog
from hfmanager.ui.views.loadtest_panel import LoadTestPanel

CONFIG = {"model_type": "tiny", "auto_map": {"AutoModel": "modeling_tiny.TinyModel"}}
MODELING = b'''"""Tiny model."""
import os  # not run by the viewer

class TinyModel:
    def __init__(self):
        self.name = "tiny"  # a string
'''
FILES = {"config.json": json.dumps(CONFIG).encode(), "modeling_tiny.py": MODELING,
         "sub/helpers.py": b"x = '\xff\xfe not utf-8'\n",
         "big.py": b"# filler\n" * (PREVIEW_CAP // 9 + 100),
         "model.safetensors": b"w" * 2000}


def _snapshot(fake_hub: FakeHub, hf_root: Path) -> tuple[Path, str]:
    from huggingface_hub import snapshot_download

    commit = fake_hub.add_repo("org/custom", FILES, lfs_threshold=1024)
    folder = snapshot_download("org/custom", endpoint=fake_hub.url, cache_dir=hf_root)
    return Path(folder), commit


def _open(panel: LoadTestPanel) -> CodeConsentDialog:
    panel.load_button.click()
    box = panel.trust_dialog
    assert isinstance(box, CodeConsentDialog)
    return box


def test_consent_dialog_shows_the_code_and_keeps_its_answers(  # type: ignore[no-untyped-def]
        panel: LoadTestPanel, qtbot, fake_hub: FakeHub, hf_root: Path, monkeypatch) -> None:
    snapshot, commit = _snapshot(fake_hub, hf_root)
    started: list[bool] = []
    monkeypatch.setattr(panel, "start",
                        lambda *, trust_remote_code=False, **_: started.append(trust_remote_code))
    panel.set_target(snapshot, "org/custom", commit)

    box = _open(panel)
    listed = [box.files.item(i).text() for i in range(box.files.count())]
    assert listed == strat.custom_code_files(snapshot) == ["big.py", "modeling_tiny.py",
                                                           "sub/helpers.py"]
    box.files.setCurrentRow(1)
    viewer = box.viewer
    assert viewer.shown_text() == MODELING.decode()
    assert viewer.highlighter is not None  # Python gets syntax colour
    first = viewer.text.document().findBlockByNumber(1)  # "import os  # not run..."
    assert first.layout().formats()  # coloured ranges on the line
    assert viewer.text.isReadOnly()
    assert not viewer.note.isVisible()
    box.files.setCurrentRow(2)
    assert "not UTF-8" in viewer.note.text()
    assert "\ufffd" in viewer.shown_text()
    box.files.setCurrentRow(0)
    assert "Only the first" in viewer.note.text()
    assert len(viewer.shown_text()) == PREVIEW_CAP

    # Enter answers Cancel (the default): nothing runs, nothing is remembered.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.trust_dialog is None)
    assert started == []
    assert "not allowed" in panel.status_label.text()
    assert Settings.load().trusted_code == []

    box = _open(panel)
    box.allow_button.click()
    qtbot.waitUntil(lambda: panel.trust_dialog is None)
    assert started == [True]
    assert Settings.load().trusted_code == [f"model/org/custom@{commit}"]
