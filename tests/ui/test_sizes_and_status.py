"""Issue 12, "Sizes that agree" and "Honest status", in the real window and widgets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from hfmanager.core.cleanup import make_plan
from hfmanager.core.cleanup.rules import CandidateKind
from hfmanager.ui.fmt import human_size
from hfmanager.ui.models.cleanup_model import CandidatesModel
from tests.cachebuilder import HubCache, make_bytes
from tests.ui.conftest import wait_scanned


def test_cleanup_list_shows_what_each_candidate_frees(  # type: ignore[no-untyped-def]
        qtbot, ctx, sample_cache, hf_root: Path, shots: Path) -> None:
    from hfmanager.app import build_window

    weights = make_bytes(400_000, "shared weights")
    repo = HubCache(hf_root).repo("org/two-revisions")
    repo.add_revision({"config.json": b'{"v": 1}', "model.safetensors": weights})
    repo.add_revision({"config.json": b'{"v": 2}', "model.safetensors": weights}, refs=())
    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    wait_scanned(qtbot, win)
    _controller, view, _rk, _fk = win.cleanup
    win.show_page("cleanup")
    view.detached.setChecked(True)
    model = view.model
    assert model.headerData(CandidatesModel.COL_SIZE, Qt.Orientation.Horizontal) == "Frees"
    rows = {c.label: row for row, c in enumerate(model.candidates())}
    [shared] = [c for c in model.candidates() if c.label.startswith("org/two-revisions@")]
    assert shared.kind is CandidateKind.REVISION
    assert shared.frees == len(b'{"v": 2}') < shared.size  # the weights stay with main
    assert shared.frees == make_plan(shared.selection, [hf_root]).blob_bytes
    cell = model.index(rows[shared.label], CandidatesModel.COL_SIZE)
    assert cell.data() == human_size(shared.frees) == "8 B"
    assert human_size(shared.size) in cell.data(Qt.ItemDataRole.ToolTipRole)
    view.grab().save(str(shots / "cleanup_frees.png"))



def test_paused_row_keeps_done_and_total(qtbot, fake_hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from fakehub import Fault

    from hfmanager.core.downloads import service
    from hfmanager.core.downloads.persist import JobState, JobStore
    from hfmanager.core.downloads.plan import DownloadSpec
    from hfmanager.core.downloads.queue import DownloadQueue
    from hfmanager.core.settings import Settings
    from hfmanager.core.store import Store
    from hfmanager.ui.models.downloads_model import COL_SIZE
    from hfmanager.ui.views.downloads_view import DownloadsView

    big = bytes(range(256)) * 8192  # 2 MiB
    fake_hub.add_repo("org/one", {"config.json": b"{}", "model.safetensors": big})
    fake_hub.faults.set(Fault(rate=2_000_000), path="model.safetensors")
    settings = Settings(endpoint=fake_hub.url)
    planner = service.make_planner(settings)
    queue = DownloadQueue(JobStore(Store(tmp_path / "db.sqlite3")), planner,
                          tmp_path / "cache",
                          config_factory=service.make_config_factory(settings))
    view = DownloadsView(queue, planner, endpoint_hint=fake_hub.url, settings=settings)
    qtbot.addWidget(view)
    view.show()
    queue.start()
    try:
        view.add(DownloadSpec("org/one"))
        qtbot.waitUntil(lambda: view.model.job_at(0).bytes_done > 300_000, timeout=15_000)
        view.table.selectRow(0)
        view.actions_by_name["pause"].trigger()
        qtbot.waitUntil(lambda: view.model.job_at(0).state == JobState.PAUSED, timeout=15_000)
        job = view.model.job_at(0)
        assert 0 < job.bytes_done < job.bytes_total
        text = view.model.index(0, COL_SIZE).data()
        assert text == f"{human_size(job.bytes_done)} / {human_size(job.bytes_total)}"
    finally:
        queue.stop(timeout=5)
        view.timer.stop()


def test_status_bar_says_online_only_after_a_probe_answered(  # type: ignore[no-untyped-def]
        qtbot, qloop, fake_hub, shots: Path) -> None:
    from fakehub import Fault

    from hfmanager.core.settings import Settings
    from hfmanager.ui.views.environment_view import EnvironmentView, NetworkIndicator

    settings = Settings(endpoint=fake_hub.url)
    view = EnvironmentView(settings, env={})
    indicator = NetworkIndicator(settings, env={})
    view.endpointTested.connect(indicator.note_report)
    view.doctorFinished.connect(indicator.note_doctor)
    view.networkChanged.connect(indicator.forget_probe)
    qtbot.addWidget(view)
    qtbot.addWidget(indicator)
    host = fake_hub.url.split("//", 1)[1]
    assert indicator.text() == f"{host} · Not checked"
    with qtbot.waitSignal(view.doctorFinished, timeout=20000):
        view.show()  # the first doctor run sends nothing: still not checked
    assert indicator.text() == f"{host} · Not checked"
    fake_hub.faults.set(Fault(status=500, route="root"))  # olah: / fails, the API works
    with qtbot.waitSignal(view.endpointTested, timeout=15000):
        view.test_button.click()
    assert indicator.text() == f"{host} · Online"
    fake_hub.faults.clear()
    fake_hub.faults.set(Fault(status=503, route="info"))
    with qtbot.waitSignal(view.doctorFinished, timeout=20000):
        view.run_doctor(network=True)
    assert indicator.text() == f"{host} · Not reachable"
    fake_hub.faults.clear()
    with qtbot.waitSignal(view.endpointTested, timeout=15000):
        view.test_button.click()
    assert indicator.text() == f"{host} · Online"
    indicator.grab().save(str(shots / "indicator_online.png"))
    with qtbot.waitSignal(view.networkChanged):
        view.offline_check.setChecked(True)
    assert indicator.text() == f"{host} · Offline"
    with qtbot.waitSignal(view.networkChanged):
        view.offline_check.setChecked(False)
    assert indicator.text() == f"{host} · Not checked"  # a change: known no longer
