"""Selecting repos in the Library (scan summaries, file tree, the load estimate) is not using
them: every blob's access time is unchanged afterwards."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path

from huggingface_hub.utils._shared_blobs import publish_blob_to_shared_store
from PySide6.QtCore import QItemSelectionModel

from hfmanager.core.inventory.model import Repo
from tests.atimecaches import age, every_blob, moved, require_atime_updates
from tests.cachebuilder import HubCache, sha256_hex
from tests.ui.conftest import wait_scanned


def _safetensors(n: int) -> bytes:
    raw = json.dumps({"w": {"dtype": "F16", "shape": [n], "data_offsets": [0, 2 * n]}}).encode()
    return struct.pack("<Q", len(raw)) + raw + bytes(2 * n)


def _add_shared_model(hf_root: Path) -> None:
    """A model with real safetensors whose weights sit in the shared Xet store."""
    weights = _safetensors(512)
    repo = HubCache(hf_root).repo("org/shared-llm")
    repo.add_revision({"config.json": b'{"model_type": "llama"}',
                       "README.md": b"---\nlibrary_name: transformers\n---\n",
                       "model.safetensors": weights})
    assert publish_blob_to_shared_store(
        blob_path=str(repo.blobs / sha256_hex(weights)), cache_dir=str(hf_root),
        xet_hash=hashlib.sha256(b"xet weights").hexdigest(), expected_size=len(weights))


def test_selecting_every_repo_leaves_access_times(  # type: ignore[no-untyped-def]
        qtbot, ctx, sample_cache, hf_root, torch_root) -> None:
    from hfmanager.app import build_window

    require_atime_updates(hf_root)
    _add_shared_model(hf_root)
    before = age(every_blob(hf_root, torch_root))
    assert any(p.parent.parent.name == "blobs" for p in before)  # a store payload
    window = build_window(ctx)
    qtbot.addWidget(window)
    window.show()
    wait_scanned(qtbot, window)
    library, panel = window.library, window.loadtest_panel
    repos = list(library.repos_model.items())
    assert len(repos) >= 8
    estimated = 0
    for repo in repos:
        assert isinstance(repo, Repo)
        assert library.select_repo(repo.repo_id, repo.repo_type)
        for rev in repo.revisions:  # each revision: its file tree and its estimate
            library.details.select_revision(rev.commit_hash)
            estimated += panel.estimate is not None
    view = library.torch_view
    for row in range(view.model().rowCount()):
        view.selectionModel().setCurrentIndex(
            view.model().index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.wait(50)
    assert estimated  # headers were read (the shared model's at least)
    assert moved(before) == []
    # The probe again, on a blob: a plain read does move it here.
    victim = next(iter(before))
    with open(victim, "rb") as f:
        f.read(1)
    assert moved(before) == [os.fspath(victim)]
