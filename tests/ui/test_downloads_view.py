"""The Downloads page over a real queue and the fake Hub (offscreen Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakehub import FakeHub, Fault
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox

from hfmanager.core.downloads import service
from hfmanager.core.downloads.persist import JobState, JobStore
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.downloads.queue import DownloadQueue
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store
from hfmanager.ui.views.downloads_view import DownloadsView
from tests.ui.stalls import FREEZE_MS, Heartbeat

BIG = bytes(range(256)) * 8192  # 2 MiB
FILES = {"config.json": b"{}", "model.safetensors": BIG, "tokenizer.json": b"t" * 30_000}


@pytest.fixture
def page(qtbot, fake_hub: FakeHub, tmp_path: Path, model_tester):
    fake_hub.add_repo("org/one", FILES)
    fake_hub.add_repo("org/two", FILES)
    settings = Settings(endpoint=fake_hub.url)
    planner = service.make_planner(settings)
    queue = DownloadQueue(JobStore(Store(tmp_path / "db.sqlite3")), planner, tmp_path / "cache",
                          config_factory=service.make_config_factory(settings), max_jobs=1)
    view = DownloadsView(queue, planner, endpoint_hint=fake_hub.url, settings=settings)
    qtbot.addWidget(view)
    model_tester(view.model, view.table.model())  # through every job update of the test
    view.resize(1250, 420)
    view.show()
    queue.start()
    yield view, queue, fake_hub
    queue.stop(timeout=5)
    view.timer.stop()


def _state(view: DownloadsView, row: int) -> JobState:
    return view.model.job_at(row).state


def test_jobs_progress_and_finish(qtbot, page, shots: Path) -> None:
    view, _queue, hub = page
    hub.faults.set(Fault(rate=3_000_000), path="model.safetensors")
    view.add(DownloadSpec("org/one"))
    view.add(DownloadSpec("org/two"))
    assert view.model.rowCount() == 2
    qtbot.waitUntil(lambda: view.model.job_at(0).bytes_done > 300_000, timeout=15_000)
    view.table.selectRow(0)
    view.refresh()
    assert view.model.data(view.model.index(0, 1)) in ("downloading", "stalled")
    view.grab().save(str(shots / "hfm-downloads-running.png"))
    hub.faults.clear()
    qtbot.waitUntil(lambda: _state(view, 0) == _state(view, 1) == JobState.DONE, timeout=20_000)
    view.refresh()
    assert view.model.data(view.model.index(0, 2)) == "100%"
    view.grab().save(str(shots / "hfm-downloads-done.png"))


def test_cancel_returns_at_once_and_reorder(qtbot, page) -> None:
    view, queue, hub = page
    # 20 s of body at 100 KB/s, on its own file so that org/two runs at full speed after it:
    # a cancel that waited for the network would freeze the window for that long.
    hub.add_repo("org/slow", {"slow.safetensors": BIG[::-1]})  # not org/two's blob
    hub.faults.set(Fault(rate=100_000), path="slow.safetensors")
    view.add(DownloadSpec("org/slow"))
    view.add(DownloadSpec("org/two"))
    qtbot.waitUntil(lambda: _state(view, 0) == JobState.RUNNING
                    and hub.bytes_by_path["slow.safetensors"] > 0, timeout=10_000)
    view.table.selectRow(1)
    view.actions_by_name["up"].trigger()
    assert view.model.job_at(0).record.spec.repo_id == "org/two"
    view.table.selectRow(1)  # org/slow, running
    beat = Heartbeat()
    beat.start()
    view.actions_by_name["cancel"].trigger()
    qtbot.waitUntil(lambda: queue.jobs.all()[1].state == JobState.CANCELLED, timeout=10_000)
    beat.stop()
    assert beat.max_ms < FREEZE_MS, beat.summary()  # the UI thread never waits for the network
    qtbot.waitUntil(lambda: queue.jobs.all()[0].state == JobState.DONE, timeout=20_000)
    assert hub.bytes_by_path["slow.safetensors"] < len(BIG)  # the transfer stopped


def test_add_dialog_preview_and_drop(qtbot, page, shots: Path) -> None:
    view, queue, hub = page
    mime = QMimeData()
    mime.setUrls([QUrl(f"{hub.url}/org/one/tree/main")])
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(drop)
    dialog = view.dialog
    assert dialog is not None
    assert dialog.source.text() == f"{hub.url}/org/one/tree/main"
    dialog.preset.setCurrentIndex(1)
    dialog.preview_button.click()
    qtbot.waitUntil(lambda: dialog.files.topLevelItemCount() == 3, timeout=10_000)
    assert "3 files" in dialog.summary.text()
    dialog.grab().save(str(shots / "hfm-add-download.png"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert view.dialog is None
    (job,) = queue.jobs.all()
    assert job.spec.repo_id == "org/one"
    assert job.spec.endpoint == hub.url
    assert job.spec.preset == "safetensors"


def test_bad_source_is_explained(qtbot, page) -> None:
    view, queue, _hub = page
    dialog = view.open_add_dialog("not a repo id")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "invalid repo id" in dialog.summary.text()
    assert queue.jobs.all() == []
    dialog.reject()


@pytest.mark.slow
def test_downloading_at_full_speed_never_freezes_the_ui(qtbot, page) -> None:
    """A freeze canary (``tests/ui/stalls.py``) while the engine's file threads, which share
    the GIL with this (UI) thread, download at full speed and the page refreshes at 2 Hz.
    The stall figures against their targets: ``tests/benchmarks/bench_ui_stall.py``."""
    view, queue, hub = page
    big = bytes(range(256)) * (256 * 1024 * 2)  # 128 MiB
    hub.add_repo("org/big", {"model.safetensors": big, **{f"f{i}.txt": b"x" * 5000
                                                          for i in range(40)}})
    beat = Heartbeat()
    beat.start()
    view.add(DownloadSpec("org/big"))
    qtbot.waitUntil(lambda: queue.jobs.all()[0].state == JobState.DONE, timeout=120_000)
    beat.stop()
    print(f"\ndownload heartbeat (canary): {beat.summary()}")
    assert beat.max_ms < FREEZE_MS, beat.summary()


def test_limits_apply_live(qtbot, page) -> None:
    view, queue, _hub = page
    view.max_jobs.setValue(3)
    view.limit.setValue(2048)
    assert queue.max_jobs == 3
    assert queue.limiter.rate == 2048 * 1024
    from hfmanager.core.downloads import service
    from hfmanager.core.downloads.plan import DownloadSpec as Spec

    view.connections.setValue(4)
    assert view.settings.connections_per_file == 4
    assert service.engine_config(Spec("org/x"), view.settings).ranges_per_file == 4
    view.limit.setValue(0)
    assert queue.limiter.rate == 0
    assert view.limit.text() == "unlimited"
