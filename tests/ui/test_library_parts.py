"""Empty state, the disk watcher, formatting, the file tree builder and a 100k-row model."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from hfmanager.core.inventory.model import CachedFile, FileKind, Repo, RepoType, Revision
from hfmanager.ui.fmt import human_size, relative_time
from hfmanager.ui.models.files_model import FilesModel, shards_of
from hfmanager.ui.models.repos_model import ReposModel, ReposProxy
from hfmanager.ui.models.roles import ObjectRole
from tests.cachebuilder import HubCache
from tests.ui.conftest import wait_scanned


def test_empty_cache_shows_friendly_empty_state(qtbot, ctx, hf_root) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.app import build_window

    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    wait_scanned(qtbot, win)
    assert win.library.is_empty_shown()
    where = win.library.empty.where.text()
    assert str(hf_root) in where
    assert "HF_HOME" in where  # which variable chose the root
    assert win.library.empty.add_button.isVisible()


def test_add_cache_folder_is_remembered_and_scanned(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.app import build_window

    win = build_window(ctx)
    qtbot.addWidget(win)
    wait_scanned(qtbot, win)
    extra = tmp_path / "elsewhere"
    HubCache(extra).repo("org/extra").add_revision({"config.json": b"{}"})
    with qtbot.waitSignal(win.inventoryChanged, timeout=20000):
        win.add_cache_folder(str(extra))
    assert [r.repo_id for r in win.inventory().repos] == ["org/extra"]
    assert str(extra) in type(ctx.settings).load().extra_hf_dirs
    assert not win.library.is_empty_shown()


def test_watcher_rescans_when_the_cache_changes(window, qtbot, hf_root) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: str(hf_root) in window.watcher.directories(), timeout=5000)
    HubCache(hf_root).repo("org/new-model").add_revision({"config.json": b"{}"})
    qtbot.waitUntil(lambda: any(r.repo_id == "org/new-model"
                                for r in window.inventory().repos), timeout=20000)


def test_human_sizes_and_relative_dates() -> None:
    assert human_size(0) == "0 B"
    assert human_size(1023) == "1023 B"
    assert human_size(1536) == "1.5 KiB"
    assert human_size(5 * 1024**3) == "5.0 GiB"
    assert human_size(3 * 1024**5 + 1) == "3.0 PiB"
    now = time.time()
    assert relative_time(0) == "-"
    assert relative_time(now - 3 * 86400, now) == "3 days ago"
    assert relative_time(now - 3600, now) == "1 hour ago"
    assert relative_time(now - 400 * 86400, now) == "1 year ago"


def _file(path: str, kind: FileKind, size: int = 1) -> CachedFile:
    return CachedFile(path, size, kind, None, "/x/" + path, None)


def test_shards_are_matched_to_their_index_by_name(model_tester) -> None:  # type: ignore[no-untyped-def]
    files = [_file("model.safetensors.index.json", FileKind.SHARD_INDEX),
             _file("model-00001-of-00002.safetensors", FileKind.WEIGHTS, 10),
             _file("model-00002-of-00002.safetensors", FileKind.WEIGHTS, 20),
             _file("other-00001-of-00002.safetensors", FileKind.WEIGHTS),
             _file("sub/model-00001-of-00002.safetensors", FileKind.WEIGHTS),
             _file("pytorch_model.bin.index.json", FileKind.SHARD_INDEX),
             _file("pytorch_model-00001-of-00001.bin", FileKind.WEIGHTS)]
    assert [f.path for f in shards_of(files[0], files)] == [
        "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]
    assert [f.path for f in shards_of(files[5], files)] == ["pytorch_model-00001-of-00001.bin"]
    rev = Revision("a" * 40, ("main",), tuple(files), 0, "/x", 0.0)
    model = FilesModel()
    model_tester(model)  # through set_revision
    model.set_revision(rev)
    weights = model.index(0, 0)
    assert model.rowCount(weights) == 4  # two indexes + two unindexed weight files
    assert model.rowCount(model.index(0, 0, weights)) == 2
    assert model.index(0, 1, weights).data() == "31 B"  # the index plus its shards


def _repo(i: int) -> Repo:
    types = (RepoType.MODEL, RepoType.DATASET, RepoType.SPACE)
    return Repo(types[i % 3], f"org{i % 97}/repo-{i}", f"/cache/r{i}", (i * 7919) << 20, 1,
                float(i), float(i), ())


@pytest.mark.slow
def test_100k_rows_insert_sort_filter_and_64_bit_sizes() -> None:
    model = ReposModel()
    proxy = ReposProxy()
    proxy.setSourceModel(model)
    proxy.sort(ReposModel.COL_SIZE)
    for start in range(0, 100_000, 5000):
        model.upsert(_repo(i) for i in range(start, start + 5000))
    assert proxy.rowCount() == 100_000
    sizes = [proxy.index(r, ReposModel.COL_SIZE).data(ObjectRole).size_on_disk
             for r in (0, 1, 50_000, 99_999)]
    assert sizes == sorted(sizes)
    assert sizes[-1] > 2**40  # sorted correctly past 32 bits
    proxy.set_types([RepoType.DATASET])
    assert proxy.rowCount() == 33_333
    proxy.set_search("repo-9999")
    assert {proxy.index(r, 1).data() for r in range(proxy.rowCount())} <= {
        f"org{i % 97}/repo-{i}" for i in range(100_000)}
    model.remove_keys([f"/cache/r{i}" for i in range(0, 100_000, 2)])
    proxy.set_types(list(RepoType))
    proxy.set_search("")
    assert proxy.rowCount() == 50_000


def test_language_choice(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QLocale

    from hfmanager.app import wanted_language

    assert wanted_language("zh_CN") == "zh_CN"
    assert wanted_language("en") is None
    assert wanted_language("system", QLocale(QLocale.Language.Chinese)) == "zh_CN"
    assert wanted_language("system", QLocale(QLocale.Language.German)) is None


def test_icons_exist_for_every_kind() -> None:
    from hfmanager.core.paths import resources_dir

    icons_dir = resources_dir() / "icons"
    for kind in FileKind:
        assert (icons_dir / f"kind-{kind.value}.svg").is_file()
    assert Path(icons_dir / "hfmanager.svg").is_file()


def test_opens_with_the_last_inventory_before_any_scan(qtbot, ctx, sample_cache) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.core.inventory import default_index_path, scan
    from hfmanager.ui.main_window import MainWindow

    scan(ctx.roots(), index_path=default_index_path())  # what the last session left
    win = MainWindow(ctx, scan_on_start=False)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.library.repos_model.rowCount() == 8, timeout=5000)
    assert not ctx.bridge.scanning
    assert len(win.inventory().repos) == 8


def test_none_survives_many_void_qt_calls(qapp) -> None:  # type: ignore[no-untyped-def]
    """PySide6 6.12.0 drops a reference to None per void call on Python < 3.12."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(20_000):  # more than None's natural refcount: would abort the process
        label.setText("x")
    assert sys.getrefcount(None) > 0
    assert sys.version_info >= (3, 12) or before > 2**40
