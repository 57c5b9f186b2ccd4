"""The Environment page (endpoint, proxies, offline, doctor) and the status-bar indicator.

``install(window, ctx)`` adds the page under the key ``"environment"`` and a permanent
status-bar button that always shows the endpoint and the offline state; clicking it opens
the page. Other features that care about the endpoint or offline mode connect to
``EnvironmentView.networkChanged`` (emitted after settings were saved).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core import doctor
from hfmanager.core import network as ep
from hfmanager.core.settings import Settings
from hfmanager.ui import icons, theme
from hfmanager.ui.bridge import Op
from hfmanager.ui.context import AppContext, Window
from hfmanager.ui.views.doctor_panel import DoctorPanel
from hfmanager.ui.views.fallback_fields import FallbackFields
from hfmanager.ui.views.network_indicator import NetworkIndicator

__all__ = ["CUSTOM", "EnvironmentView", "NetworkIndicator", "install"]

CUSTOM = "__custom__"


class EnvironmentView(QWidget):
    """Endpoint chooser with "Test endpoint", proxies, offline toggle and the doctor report."""

    networkChanged = Signal()  # endpoint, proxies or offline changed (settings saved)
    endpointTested = Signal(object)  # ep.EndpointReport
    doctorFinished = Signal(object)  # doctor.DoctorReport

    def __init__(self, settings: Settings, save: Callable[[], None] | None = None,
                 env: Mapping[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._save = save or settings.save
        self.env = env if env is not None else os.environ
        self.last_doctor: doctor.DoctorReport | None = None
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self._build_endpoint_box())
        layout.addWidget(self._build_network_box())
        self.doctor_panel = DoctorPanel()
        self.doctor_panel.rerunRequested.connect(self._on_doctor_panel_rerun_requested)
        layout.addWidget(self.doctor_panel, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._fill_endpoints()
        self._sync_network()
        self._doctor_started = False

    def showEvent(self, event: QShowEvent) -> None:
        # The doctor runs when the page is first seen, not at startup: no work (and no
        # GIL contention with the first scan) for a page the user may never open.
        super().showEvent(event)
        if not self._doctor_started:
            self._doctor_started = True
            self.run_doctor(network=False)

    # ----- construction --------------------------------------------------------------
    def _build_endpoint_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Hub endpoint"))
        form = QFormLayout(box)
        self.endpoint_combo = QComboBox()
        self.endpoint_combo.setMinimumContentsLength(40)
        self.endpoint_combo.activated.connect(self._on_endpoint_combo_activated)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Forget this custom endpoint"))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        combo_row = QHBoxLayout()
        combo_row.addWidget(self.endpoint_combo, 1)
        combo_row.addWidget(self.remove_button)
        form.addRow(self.tr("Download from:"), combo_row)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        form.addRow("", self.source_label)
        self.custom_edit = QLineEdit()
        self.custom_edit.setPlaceholderText(self.tr("https://hub.example.org"))
        self.custom_edit.returnPressed.connect(self._on_custom_add_clicked)
        self.custom_add = QPushButton(self.tr("Add endpoint"))
        self.custom_add.clicked.connect(self._on_custom_add_clicked)
        self.custom_row = QWidget()
        row = QHBoxLayout(self.custom_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.custom_edit, 1)
        row.addWidget(self.custom_add)
        form.addRow(self.tr("Custom:"), self.custom_row)
        self._endpoint_form = form
        self.send_token = QCheckBox(self.tr("Send my Hugging Face token to mirrors too"))
        self.send_token.setToolTip(self.tr(
            "By default the token saved by `hf auth login` goes only to the official Hub."))
        self.send_token.setChecked(self.settings.send_token_to_mirror)
        self.send_token.toggled.connect(self._on_send_token_toggled)
        form.addRow("", self.send_token)
        self.fallbacks = FallbackFields(form, self.settings, self._changed)
        self.test_button = QPushButton(self.tr("Test endpoint"))
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", test_row)
        return box

    def _build_network_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Network"))
        form = QFormLayout(box)
        self.offline_check = QCheckBox(self.tr("Offline mode: make no network request at all"))
        self.offline_check.toggled.connect(self._on_offline_check_toggled)
        form.addRow(self.offline_check)
        self.offline_note = QLabel()
        self.offline_note.setWordWrap(True)
        form.addRow(self.offline_note)
        self.http_proxy = QLineEdit(self.settings.http_proxy)
        self.https_proxy = QLineEdit(self.settings.https_proxy)
        for edit in (self.http_proxy, self.https_proxy):
            edit.editingFinished.connect(self._on_proxy_edit_finished)
        form.addRow(self.tr("HTTP proxy:"), self.http_proxy)
        form.addRow(self.tr("HTTPS proxy:"), self.https_proxy)
        self.proxy_note = QLabel()
        self.proxy_note.setWordWrap(True)
        form.addRow(self.proxy_note)
        return box

    # ----- state -> widgets ----------------------------------------------------------
    def current(self) -> ep.EndpointChoice:
        try:
            return ep.current_endpoint(self.settings, self.env)
        except ValueError:
            return ep.EndpointChoice(ep.OFFICIAL_URL, "default")

    def _fill_endpoints(self) -> None:
        combo = self.endpoint_combo
        combo.clear()
        env_url = self.env.get("HF_ENDPOINT", "").strip()
        if env_url:
            combo.addItem(self.tr("From the environment (HF_ENDPOINT): {0}").format(env_url), "")
        else:
            combo.addItem(self.tr("Default: the official Hub"), "")
        for preset in ep.presets(self.settings):
            label = {"official": self.tr("Hugging Face (official)"),
                     "hf-mirror": self.tr("hf-mirror.com (mirror)")}.get(preset.name, preset.name)
            combo.addItem(self.tr("{0} — {1}").format(label, preset.url), preset.url)
        combo.addItem(self.tr("Custom…"), CUSTOM)
        wanted = self.settings.endpoint.rstrip("/")
        index = combo.findData(wanted) if wanted else 0
        if index < 0:  # saved by hand or by an older version: show it, do not hide it
            combo.insertItem(combo.count() - 1, wanted, wanted)
            index = combo.count() - 2
        combo.setCurrentIndex(index)
        self._endpoint_form.setRowVisible(self.custom_row, combo.currentData() == CUSTOM)
        self._update_source_label()

    def _update_remove_button(self) -> None:
        self.remove_button.setVisible(
            self.endpoint_combo.currentData() in self.settings.custom_endpoints)

    def _update_source_label(self) -> None:
        self._update_remove_button()
        choice = self.current()
        words = {"settings": self.tr("chosen here"), "job": self.tr("set for a job"),
                 "environment": self.tr("from HF_ENDPOINT in your environment"),
                 "default": self.tr("default")}
        self.source_label.setText(self.tr("In use: {0} ({1})").format(
            choice.url, words[choice.source]))

    def _sync_network(self) -> None:
        state = ep.offline_state(self.settings, self.env)
        forced = state.offline and state.source != "settings"
        self.offline_check.blockSignals(True)
        self.offline_check.setChecked(state.offline)
        self.offline_check.setEnabled(not forced)
        self.offline_check.blockSignals(False)
        if forced:
            self.offline_note.setText(self.tr(
                "Offline mode is forced by {0} in the environment; unset it to go online."
            ).format(state.source))
        else:
            self.offline_note.setText("")
        self.offline_note.setVisible(forced)
        # Offline means no request at all, "Test endpoint" included.
        self.test_button.setEnabled(not state.offline)
        self.test_button.setToolTip(
            self.tr("Offline mode is on: nothing is sent.") if state.offline else "")
        env_only = ep.effective_proxies(Settings(), self.env)
        self.http_proxy.setPlaceholderText(
            self.tr("from the environment: {0}").format(env_only.http) if env_only.http
            else self.tr("none (direct connection)"))
        self.https_proxy.setPlaceholderText(
            self.tr("from the environment: {0}").format(env_only.https) if env_only.https
            else self.tr("none (direct connection)"))
        no_proxy = ", ".join(env_only.no_proxy)
        self.proxy_note.setText(
            self.tr("Leave empty to use the environment's proxy. No proxy for: {0}").format(
                no_proxy) if no_proxy else
            self.tr("Leave empty to use the environment's proxy (HTTP_PROXY / HTTPS_PROXY)."))

    def _changed(self) -> None:
        self._save()
        self._update_source_label()
        self.networkChanged.emit()

    # ----- slots ---------------------------------------------------------------------
    def _on_endpoint_combo_activated(self, index: int) -> None:
        data = self.endpoint_combo.itemData(index)
        self._endpoint_form.setRowVisible(self.custom_row, data == CUSTOM)
        self._update_remove_button()
        if data == CUSTOM:
            self.custom_edit.setFocus()
            return
        self.settings.endpoint = str(data)
        self.test_result.clear()
        self._changed()

    def _on_remove_button_clicked(self) -> None:
        url = self.endpoint_combo.currentData()
        if url in self.settings.custom_endpoints:
            self.settings.custom_endpoints.remove(url)
        if self.settings.endpoint.rstrip("/") == url:
            self.settings.endpoint = ""
        self._fill_endpoints()
        self._changed()

    def _on_custom_add_clicked(self) -> None:
        try:
            url = ep.normalize_endpoint(self.custom_edit.text())
        except ValueError:
            self._show_result(False, self.tr(
                "That is not an endpoint address; it should look like https://hub.example.org"))
            return
        if url not in self.settings.custom_endpoints:
            self.settings.custom_endpoints.append(url)
        self.settings.endpoint = url
        self.custom_edit.clear()
        self._fill_endpoints()
        self.test_result.clear()
        self._changed()

    def _on_send_token_toggled(self, checked: bool) -> None:
        self.settings.send_token_to_mirror = checked
        self._changed()

    def _on_offline_check_toggled(self, checked: bool) -> None:
        self.settings.offline = checked
        self._sync_network()
        self._changed()

    def _on_proxy_edit_finished(self) -> None:
        http, https = self.http_proxy.text().strip(), self.https_proxy.text().strip()
        if (http, https) == (self.settings.http_proxy, self.settings.https_proxy):
            return
        self.settings.http_proxy, self.settings.https_proxy = http, https
        self._changed()

    def _on_test_button_clicked(self) -> None:
        self.test_endpoint()

    def _on_doctor_panel_rerun_requested(self) -> None:
        self.run_doctor(network=None)  # probes the endpoint unless offline

    # ----- background work (threads through the one runner, bridge.Op) ---------------
    def test_endpoint(self) -> None:
        """Probe the endpoint in use off the GUI thread; show latency or the failure."""
        url = self.current().url
        if ep.offline_state(self.settings, self.env).offline:
            self._show_result(False, self.tr("Offline mode is on: nothing is sent."))
            self.endpointTested.emit(
                ep.EndpointReport(url, False, None, "other", "offline mode is on"))
            return
        proxies = ep.effective_proxies(self.settings, self.env)
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Testing {0}…").format(url))
        Op(self, lambda: ep.probe_endpoint(url, proxies, 10.0),
           self._on_endpoint_probed).failure(self._on_endpoint_probe_failed).run()

    def _on_endpoint_probed(self, report: ep.EndpointReport) -> None:
        self.test_button.setEnabled(not ep.offline_state(self.settings, self.env).offline)
        if report.ok:
            self._show_result(True, self.tr("Reachable: {0} ms").format(
                f"{report.latency_ms:.0f}"), report.message)
        else:
            self._show_result(False, self._failure_text(report), report.message)
        self.endpointTested.emit(report)

    def _on_endpoint_probe_failed(self, exc: Exception) -> None:
        self._on_endpoint_probed(ep.EndpointReport(self.current().url, False, None, "other",
                                                   f"{type(exc).__name__}: {exc}"))

    def _failure_text(self, report: ep.EndpointReport) -> str:
        texts = {
            "dns": self.tr("Not reachable: the server name could not be found (DNS)."),
            "refused": self.tr("Not reachable: the connection was refused."),
            "timeout": self.tr("Not reachable: no answer in time."),
            "tls": self.tr("Not reachable: the TLS certificate could not be verified."),
            "proxy": self.tr("Not reachable: the proxy failed ({0}).").format(report.proxy),
            "http_status": self.tr("The server answered HTTP {0}.").format(report.status),
        }
        return texts.get(str(report.failure_kind),
                         self.tr("Not reachable: {0}").format(report.message))

    def _show_result(self, ok: bool, text: str, tooltip: str = "") -> None:
        role = theme.Role.OK if ok else theme.Role.ERROR
        self.test_result.setStyleSheet(f"color: {theme.css(role)};")
        self.test_result.setText(text)
        self.test_result.setToolTip(tooltip)

    def run_doctor(self, network: bool | None) -> None:
        """Run the doctor in a worker thread (it may probe the endpoint)."""
        settings = dataclasses.replace(self.settings)  # the thread gets a stable copy
        env = dict(self.env)
        self.doctor_panel.set_busy()
        Op(self, lambda: doctor.run_doctor(settings, env, network=network),
           self._on_doctor_finished).failure(self._on_doctor_failed).run()

    def _on_doctor_finished(self, report: doctor.DoctorReport) -> None:
        self.last_doctor = report
        self.doctor_panel.show_report(report)
        self.doctorFinished.emit(report)

    def _on_doctor_failed(self, exc: Exception) -> None:
        # The doctor checks each item defensively; this is a bug, shown rather than hidden.
        self.doctor_panel.rerun_button.setEnabled(True)
        self.doctor_panel.status.setText(self.tr("The checks failed: {0}").format(
            f"{type(exc).__name__}: {exc}"))

def install(window: Window, ctx: AppContext) -> None:
    """Add the Environment page and the status-bar indicator to the main window."""
    view = EnvironmentView(ctx.settings, ctx.save_settings)
    indicator = NetworkIndicator(ctx.settings)
    own = os.path.exists(icons.icon_path("nav-environment"))  # avoid a qt.svg warning
    icon = icons.icon("nav-environment" if own else "health-info")
    window.add_page("environment", view.tr("Environment"), icon, view)
    window.add_status_widget(indicator)
    view.networkChanged.connect(indicator.forget_probe)  # a new endpoint: not checked yet
    view.endpointTested.connect(indicator.note_report)
    view.doctorFinished.connect(indicator.note_doctor)
    indicator.clicked.connect(lambda: window.show_page("environment"))
    window.environment_view = view  # type: ignore[attr-defined]
    window.network_indicator = indicator  # type: ignore[attr-defined]
