"""The permanent status-bar indicator: the endpoint in use and Online/Offline."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QWidget

from hfmanager.core import network as ep
from hfmanager.core.settings import Settings
from hfmanager.ui import icons


class NetworkIndicator(QToolButton):
    """Status-bar button: endpoint host and Online/Offline, always visible; click to open."""

    def __init__(self, settings: Settings, env: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.env = env if env is not None else os.environ
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.refresh()

    def refresh(self) -> None:
        try:
            choice = ep.current_endpoint(self.settings, self.env)
        except ValueError:
            choice = ep.EndpointChoice(ep.OFFICIAL_URL, "default")
        state = ep.offline_state(self.settings, self.env)
        host = urlsplit(choice.url).netloc
        if state.offline:
            self.setText(self.tr("{0} · Offline").format(host))
            self.setIcon(icons.icon("health-warning"))
            self.setStyleSheet("QToolButton { color: #b35c00; font-weight: bold; }")
        else:
            self.setText(self.tr("{0} · Online").format(host))
            self.setIcon(icons.icon("health-ok"))
            self.setStyleSheet("")
        why = state.source or ""
        self.setToolTip(self.tr("Endpoint: {0} ({1})\nOffline: {2} {3}\nClick for details.")
                        .format(choice.url, choice.source,
                                self.tr("yes") if state.offline else self.tr("no"), why))
