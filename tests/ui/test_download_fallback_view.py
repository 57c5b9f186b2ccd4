"""The Downloads page says where each file came from and why a mirror was left: a queued
job with two endpoints (a faulty mirror, then the "official" fake Hub), its files list
while it runs and after it is done, also from a reopened database; and "Rank endpoints"
ranks the job's endpoints (order only) and can make that the download order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fakehub import FakeHub, Fault
from PySide6.QtWidgets import QMessageBox

from hfmanager.core.downloads import service
from hfmanager.core.downloads.persist import JobState, JobStore
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.downloads.queue import DownloadQueue
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store
from hfmanager.ui.views.downloads_view import DownloadsView

FILES = {"config.json": b"{}", "missing.bin": b"m" * 30_000, "model.safetensors": b"s" * 40_000,
         "stalls.bin": b"t" * 20_000}


def _host(url: str) -> str:
    return url.split("//", 1)[1]


def _rows(view: DownloadsView) -> dict[str, list[str]]:
    tree = view.files
    return {tree.topLevelItem(i).text(0): [tree.topLevelItem(i).text(c) for c in range(5)]
            for i in range(tree.topLevelItemCount())}


@pytest.fixture
def hubs(fake_hub_factory: Callable[..., FakeHub]) -> tuple[FakeHub, FakeHub]:
    official, mirror = fake_hub_factory(), fake_hub_factory()
    mirror.store = official.store
    official.add_repo("org/m", FILES)
    mirror.faults.set(Fault(status=404), path="missing.bin")
    return official, mirror


def _page(qtbot, tmp_path: Path, settings: Settings) -> tuple[DownloadsView, DownloadQueue]:  # type: ignore[no-untyped-def]
    planner = service.make_planner(settings)
    queue = DownloadQueue(JobStore(Store(tmp_path / "db.sqlite3")), planner, tmp_path / "cache",
                          config_factory=service.make_config_factory(settings))
    view = DownloadsView(queue, planner, settings=settings)
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    return view, queue


def test_files_say_their_endpoint_and_why(qtbot, hubs, tmp_path: Path, shots: Path) -> None:  # type: ignore[no-untyped-def]
    official, mirror = hubs
    mirror.faults.set(Fault(rate=20_000), path="model.safetensors")  # still running for a look
    view, queue = _page(qtbot, tmp_path, Settings())
    queue.start()
    try:
        view.add(DownloadSpec("org/m", endpoint=f"{mirror.url} {official.url}"))
        view.table.selectRow(0)
        qtbot.waitUntil(lambda: "missing.bin" in _rows(view)
                        and _rows(view)["missing.bin"][3] == _host(official.url), timeout=15_000)
        row = _rows(view)["missing.bin"]
        assert row[4] == f"{_host(mirror.url)}: not found there"
        tip = view.files.topLevelItem(0).toolTip(4) or next(
            view.files.topLevelItem(i).toolTip(4) for i in range(view.files.topLevelItemCount())
            if view.files.topLevelItem(i).text(0) == "missing.bin")
        assert "not found on" in tip
        assert _rows(view)["model.safetensors"][3] == _host(mirror.url)  # in progress there
        view.grab().save(str(shots / "hfm-downloads-fallback-running.png"))
        mirror.faults.clear("model.safetensors")
        qtbot.waitUntil(lambda: view.model.job_at(0).state == JobState.DONE, timeout=20_000)
        view.refresh()
        assert set(_rows(view)) == {"missing.bin"}  # done: the file another endpoint served
        assert _rows(view)["missing.bin"][3:] == [_host(official.url),
                                                  f"{_host(mirror.url)}: not found there"]
    finally:
        queue.stop(timeout=5)
        view.timer.stop()
    assert mirror.tokens_seen() == {}
    # After a restart the finished job still says it.
    view2, _queue2 = _page(qtbot, tmp_path, Settings())
    view2.table.selectRow(0)
    view2.refresh()
    assert _rows(view2)["missing.bin"][3:] == [_host(official.url),
                                               f"{_host(mirror.url)}: not found there"]
    view2.timer.stop()


def test_rank_endpoints_button(qtbot, fake_hub_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fast, slow = fake_hub_factory(), fake_hub_factory()
    slow.faults.set(Fault(delay=1.5, route="info"))
    settings = Settings(endpoint=slow.url, fallback_endpoints=[fast.url])
    settings.save = lambda path=None: None  # type: ignore[method-assign]
    view, _queue = _page(qtbot, tmp_path, settings)
    view.actions_by_name["rank"].trigger()
    qtbot.waitUntil(lambda: bool(view.findChildren(QMessageBox)), timeout=60_000)
    box = view.findChildren(QMessageBox)[0]
    lines = box.text().splitlines()
    assert lines[0].startswith(f"1. {fast.url}: ")
    assert lines[1].startswith(f"2. {slow.url}: ")
    assert len(lines) == 2
    use = next(b for b in box.buttons() if b.text() == "Use this order")
    use.click()
    assert settings.endpoint == fast.url
    assert settings.fallback_endpoints[0] == slow.url
    view.timer.stop()


def test_environment_page_edits_the_fallback_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.core import network
    from hfmanager.ui.views.environment_view import EnvironmentView

    settings = Settings()
    saved: list[int] = []
    page = EnvironmentView(settings, save=lambda: saved.append(1), env={})
    qtbot.addWidget(page)
    fields = page.fallbacks
    fields.order.setText("https://hf-mirror.com/, nonsense, https://huggingface.co")
    fields.trusted.setText("https://hub.corp.example")
    fields.order.editingFinished.emit()
    assert settings.fallback_endpoints == ["https://hf-mirror.com", "https://huggingface.co"]
    assert settings.trusted_endpoints == ["https://hub.corp.example"]
    assert saved == [1]
    assert not fields.note.isHidden()
    assert "nonsense" in fields.note.text()
    net = network.resolve(settings, {})
    assert net.endpoints == (network.OFFICIAL_URL, "https://hf-mirror.com")
    assert "https://hub.corp.example:443" in net.trusted


def test_a_listing_that_fell_back_says_where_it_came_from(qtbot, fake_hub_factory,  # type: ignore[no-untyped-def]
                                                         tmp_path: Path, shots: Path) -> None:
    """The mirror does not have the repo: the file list itself came from the second
    endpoint. Its row says so like a file's (endpoint, and why), running and done."""
    official, empty = fake_hub_factory(), fake_hub_factory()
    official.add_repo("org/m", FILES)
    official.faults.set(Fault(rate=20_000), path="model.safetensors")  # running for a look
    view, queue = _page(qtbot, tmp_path, Settings())
    listing = "(file list)"
    want = [_host(official.url), f"{_host(empty.url)}: not found there"]
    queue.start()
    try:
        view.add(DownloadSpec("org/m", endpoint=f"{empty.url} {official.url}"))
        view.table.selectRow(0)
        qtbot.waitUntil(lambda: listing in _rows(view), timeout=15_000)
        assert _rows(view)[listing][3:] == want
        assert view.files.topLevelItem(0).text(0) == listing  # first: the files follow it
        assert "not found on" in view.files.topLevelItem(0).toolTip(4)
        assert _rows(view)["model.safetensors"][3] == _host(official.url)
        view.grab().save(str(shots / "hfm-downloads-listing-fallback.png"))
        official.faults.clear("model.safetensors")
        qtbot.waitUntil(lambda: view.model.job_at(0).state == JobState.DONE, timeout=20_000)
        view.refresh()
        assert _rows(view) == {listing: [listing, "", "", *want]}
    finally:
        queue.stop(timeout=5)
        view.timer.stop()
    assert empty.tokens_seen() == {}
    assert not [r for r in empty.requests if r.file]  # no file was asked of it


def test_the_add_dialog_takes_endpoints_in_order(qtbot, hubs, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 shots: Path) -> None:
    """It took one endpoint: now the list in force is prefilled (the one chosen, then the
    fallbacks), an edited list goes to the job as ``--endpoint`` repeated does, and a
    file the first one misses comes from the next."""
    official, mirror = hubs
    settings = Settings(endpoint=mirror.url, fallback_endpoints=["https://hf-mirror.com"])
    view, queue = _page(qtbot, tmp_path, settings)
    dialog = view.open_add_dialog("org/m")
    qtbot.addWidget(dialog)
    assert dialog.endpoint.text() == f"{mirror.url}, https://hf-mirror.com"
    assert dialog.endpoint_note.text() == (
        f"Downloads from {_host(mirror.url)} (chosen in Environment), then from "
        "hf-mirror.com for what it misses")
    dialog.endpoint.setText(f"{mirror.url}/, {official.url}")
    assert dialog.endpoint_note.text() == (
        f"Downloads from {_host(mirror.url)} (typed above), then from "
        f"{_host(official.url)} for what it misses")
    dialog.grab().save(str(shots / "hfm-add-download-endpoints.png"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    queue.start()
    try:
        qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5_000)
        job = view.model.job_at(0)
        assert job.record.spec.endpoint == f"{mirror.url} {official.url}"  # as the CLI does
        qtbot.waitUntil(lambda: view.model.job_at(0).state == JobState.DONE, timeout=20_000)
        view.table.selectRow(0)
        view.refresh()
        assert _rows(view)["missing.bin"][3:] == [_host(official.url),
                                                  f"{_host(mirror.url)}: not found there"]
    finally:
        queue.stop(timeout=5)
        view.timer.stop()
    bad = view.open_add_dialog("org/m")
    qtbot.addWidget(bad)
    bad.endpoint.setText("ftp://nope")
    bad.buttons.button(bad.buttons.StandardButton.Ok).click()
    assert "not an endpoint address" in bad.summary.text()  # refused, nothing queued
    assert view.model.rowCount() == 1
    bad.reject()
