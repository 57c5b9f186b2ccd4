"""The permanent status-bar indicator: the endpoint in use and what is known of it.

"Online" only after a probe of that endpoint answered (Test endpoint, or the doctor with
its network check); "Not reachable" after one failed; "Not checked" until then and again
after any network setting changes. Saying "Online" from a setting alone misled users.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QWidget

from hfmanager.core import network as ep
from hfmanager.core.settings import Settings
from hfmanager.ui import icons, theme


class NetworkIndicator(QToolButton):
    """Status-bar button: endpoint host and Online / Not reachable / Not checked /
    Offline, always visible; click to open the Environment page."""

    def __init__(self, settings: Settings, env: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.env = env if env is not None else os.environ
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._probed: tuple[str, bool] | None = None  # (endpoint url, answered) of the last probe
        self.refresh()

    def note_probe(self, url: str, ok: bool) -> None:
        """A probe of ``url`` ended (``ok``: it answered); shown while that is the endpoint."""
        self._probed = (_same(url), ok)
        self.refresh()

    def note_report(self, report: ep.EndpointReport) -> None:
        """Slot for "Test endpoint"'s report (one made in offline mode sent nothing)."""
        if not ep.offline_state(self.settings, self.env).offline:
            self.note_probe(report.url, report.ok)

    def note_doctor(self, report: Any) -> None:
        """Slot for a doctor report: its reachability check counts when it probed."""
        for check in getattr(report, "checks", ()):
            if check.key == "reachability" and check.details.get("tested"):
                self.note_probe(self._endpoint().url, bool(check.details.get("ok")))

    def forget_probe(self) -> None:
        """The network settings changed: what the last probe said no longer holds."""
        self._probed = None
        self.refresh()

    def _endpoint(self) -> ep.EndpointChoice:
        try:
            return ep.current_endpoint(self.settings, self.env)
        except ValueError:
            return ep.EndpointChoice(ep.OFFICIAL_URL, "default")

    def refresh(self) -> None:
        choice = self._endpoint()
        probed = self._probed[1] if self._probed and self._probed[0] == _same(choice.url) \
            else None
        state = ep.offline_state(self.settings, self.env)
        host = urlsplit(choice.url).netloc
        if state.offline:
            self.setText(self.tr("{0} · Offline").format(host))
            self.setIcon(icons.icon("health-warning"))
            warning = theme.css(theme.Role.WARNING)
            self.setStyleSheet(f"QToolButton {{ color: {warning}; font-weight: bold; }}")
        elif probed is None:
            self.setText(self.tr("{0} · Not checked").format(host))
            self.setIcon(icons.icon("health-info"))
            self.setStyleSheet("")
        elif probed:
            self.setText(self.tr("{0} · Online").format(host))
            self.setIcon(icons.icon("health-ok"))
            self.setStyleSheet("")
        else:
            self.setText(self.tr("{0} · Not reachable").format(host))
            self.setIcon(icons.icon("health-warning"))
            self.setStyleSheet("")
        why = state.source or ""
        if why == "settings":  # else a variable's name (HF_HUB_OFFLINE...)
            why = self.tr("the app's switch")
        source = {"settings": self.tr("settings"), "environment": self.tr("environment"),
                  "default": self.tr("default"), "job": self.tr("job")}
        checked = (self.tr("not checked yet: Environment > Test endpoint") if probed is None
                   else self.tr("answered") if probed else self.tr("did not answer"))
        self.setToolTip(self.tr("Endpoint: {0} ({1})\nOffline: {2} {3}\nLast check: {4}\n"
                                "Click for details.")
                        .format(choice.url, source.get(choice.source, choice.source),
                                self.tr("yes") if state.offline else self.tr("no"), why,
                                checked))


def _same(url: str) -> str:
    """The form two spellings of one endpoint share (a trailing slash, spaces)."""
    try:
        return ep.normalize_endpoint(url)
    except ValueError:
        return url
