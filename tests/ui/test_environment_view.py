"""The Environment page and the status-bar indicator, standalone and in the main window."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from fakehub import FakeHub, Fault
from PySide6.QtWidgets import QApplication

from hfmanager.core.settings import Settings
from hfmanager.ui.views.environment_view import CUSTOM, EnvironmentView, NetworkIndicator


@pytest.fixture
def view(qtbot, qloop):  # type: ignore[no-untyped-def]
    settings = Settings()
    v = EnvironmentView(settings, env={})
    qtbot.addWidget(v)
    assert v.last_doctor is None  # nothing runs until the page is seen
    with qtbot.waitSignal(v.doctorFinished, timeout=20000):
        v.show()
    return v


def _select(view: EnvironmentView, data: str) -> None:
    index = view.endpoint_combo.findData(data)
    assert index >= 0, data
    view.endpoint_combo.setCurrentIndex(index)
    view.endpoint_combo.activated.emit(index)


def test_choose_preset_saves_and_signals(view: EnvironmentView, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert view.endpoint_combo.currentData() == ""
    assert "https://huggingface.co" in view.source_label.text()
    with qtbot.waitSignal(view.networkChanged):
        _select(view, "https://hf-mirror.com")
    assert Settings.load().endpoint == "https://hf-mirror.com"
    assert "chosen here" in view.source_label.text()
    with qtbot.waitSignal(view.networkChanged):
        _select(view, "")
    assert Settings.load().endpoint == ""


def test_custom_endpoint_validated_and_added(view: EnvironmentView, qtbot) -> None:  # type: ignore[no-untyped-def]
    _select(view, CUSTOM)
    assert view.custom_row.isVisibleTo(view)
    qtbot.keyClicks(view.custom_edit, "not a url")
    view.custom_add.click()
    assert "should look like" in view.test_result.text()
    assert Settings.load().custom_endpoints == []
    view.custom_edit.setText("https://hub.team.example/")
    with qtbot.waitSignal(view.networkChanged):
        view.custom_add.click()
    saved = Settings.load()
    assert saved.custom_endpoints == ["https://hub.team.example"]
    assert saved.endpoint == "https://hub.team.example"
    assert view.endpoint_combo.currentData() == "https://hub.team.example"
    assert view.remove_button.isVisibleTo(view)
    with qtbot.waitSignal(view.networkChanged):
        view.remove_button.click()
    saved = Settings.load()
    assert (saved.custom_endpoints, saved.endpoint) == ([], "")
    assert view.endpoint_combo.currentData() == ""
    assert not view.remove_button.isVisibleTo(view)


def test_unknown_saved_endpoint_is_shown(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    v = EnvironmentView(Settings(endpoint="https://old.example"), env={})
    qtbot.addWidget(v)
    assert v.endpoint_combo.currentData() == "https://old.example"
    assert "https://old.example" in v.source_label.text()


def test_test_endpoint_ok_and_failures(view: EnvironmentView, qtbot,  # type: ignore[no-untyped-def]
                                       fake_hub: FakeHub) -> None:
    view.settings.endpoint = fake_hub.url
    with qtbot.waitSignal(view.endpointTested, timeout=15000) as sig:
        view.test_button.click()
    assert sig.args[0].ok
    assert view.test_result.text().startswith("Reachable")
    assert view.test_button.isEnabled()
    fake_hub.faults.set(Fault(status=502))
    with qtbot.waitSignal(view.endpointTested, timeout=15000):
        view.test_button.click()
    assert "HTTP 502" in view.test_result.text()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        view.settings.endpoint = f"http://127.0.0.1:{s.getsockname()[1]}"
    with qtbot.waitSignal(view.endpointTested, timeout=15000):
        view.test_button.click()
    assert "refused" in view.test_result.text()


def test_offline_toggle_and_forced_offline(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    v = EnvironmentView(settings, env={})
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.networkChanged):
        v.offline_check.setChecked(True)
    assert Settings.load().offline is True
    forced = EnvironmentView(Settings(), env={"HF_HUB_OFFLINE": "1"})
    qtbot.addWidget(forced)
    assert forced.offline_check.isChecked()
    assert not forced.offline_check.isEnabled()
    assert "HF_HUB_OFFLINE" in forced.offline_note.text()


def test_proxy_fields_save_and_show_environment(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    v = EnvironmentView(Settings(), env={"HTTPS_PROXY": "http://corp:3128",
                                         "NO_PROXY": "localhost"})
    qtbot.addWidget(v)
    assert "http://corp:3128" in v.https_proxy.placeholderText()
    assert "localhost" in v.proxy_note.text()
    v.http_proxy.setText("http://mine:8080")
    with qtbot.waitSignal(v.networkChanged):
        v.http_proxy.editingFinished.emit()
    assert Settings.load().http_proxy == "http://mine:8080"


def test_doctor_table_and_copy(view: EnvironmentView, qtbot) -> None:  # type: ignore[no-untyped-def]
    tree = view.doctor_panel.tree
    keys = [tree.topLevelItem(i).data(0, 0x0100) for i in range(tree.topLevelItemCount())]
    assert "endpoint" in keys
    assert "reachability" in keys
    view.doctor_panel.copy_button.click()
    assert '"checks"' in QApplication.clipboard().text()


def test_indicator_follows_settings(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    ind = NetworkIndicator(settings, env={"HF_ENDPOINT": "https://hf-mirror.com"})
    qtbot.addWidget(ind)
    assert ind.text() == "hf-mirror.com · Not checked"  # "Online" needs a probe that answered
    assert "environment" in ind.toolTip()
    settings.offline = True
    settings.endpoint = "https://huggingface.co"
    ind.refresh()
    assert ind.text() == "huggingface.co · Offline"


def test_installed_in_main_window(qtbot, ctx, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hfmanager.app import build_window
    from hfmanager.ui.views import environment_view

    win = build_window(ctx)
    qtbot.addWidget(win)
    if not hasattr(win, "environment_view"):  # not listed in app.PAGES
        environment_view.install(win, ctx)
    win.show()
    view, ind = win.environment_view, win.network_indicator
    assert win.page("environment") is view
    assert ind.isVisible()
    ind.click()
    assert win.pages.currentWidget() is view
    with qtbot.waitSignal(view.networkChanged):
        view.offline_check.setChecked(True)
    assert "Offline" in ind.text()
    assert ctx.settings.offline


def test_offline_blocks_every_request(qtbot, qloop, fake_hub: FakeHub) -> None:  # type: ignore[no-untyped-def]
    v = EnvironmentView(Settings(endpoint=fake_hub.url), env={})
    qtbot.addWidget(v)
    with qtbot.waitSignal(v.doctorFinished, timeout=20000):
        v.show()
    v.offline_check.setChecked(True)
    assert not v.test_button.isEnabled()
    with qtbot.waitSignal(v.doctorFinished, timeout=20000) as sig:
        v.doctor_panel.rerun_button.click()
    assert sig.args[0].get("reachability").details == {"tested": False}
    assert fake_hub.requests == []
    v.offline_check.setChecked(False)
    assert v.test_button.isEnabled()
    with qtbot.waitSignal(v.doctorFinished, timeout=20000) as sig:
        v.doctor_panel.rerun_button.click()
    assert sig.args[0].get("reachability").status == "ok"
    assert len(fake_hub.requests) == 1
