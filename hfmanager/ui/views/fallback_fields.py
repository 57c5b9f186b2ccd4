"""The Environment page's fallback order: the endpoints a download tries, in order, after
the one in force when it misses a file (core/downloads/fallback), and the endpoints
trusted with the token besides the official Hub. Two comma-separated fields (small on
purpose); an entry that is not an address is named under them and not saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from hfmanager.core import network
from hfmanager.core.settings import Settings


def parse(text: str) -> tuple[list[str], list[str]]:
    """(good normalised addresses in order, bad entries) of a comma-separated field."""
    good: list[str] = []
    bad: list[str] = []
    for item in network.split_endpoints(text):
        try:
            url = network.normalize_endpoint(item)
        except ValueError:
            bad.append(item)
            continue
        if url not in good:
            good.append(url)
    return good, bad


class FallbackFields:
    """The two fields and their note, added to the endpoint box's form."""

    def __init__(self, form: QFormLayout, settings: Settings,
                 changed: Callable[[], None]) -> None:
        self.settings, self._changed = settings, changed
        self.order = QLineEdit(", ".join(settings.fallback_endpoints))
        self.order.setPlaceholderText("https://hf-mirror.com, https://huggingface.co")
        self.order.setToolTip(QCoreApplication.translate(
            "FallbackFields",
            "When the endpoint above misses a file (not found, server errors, a stall, a "
            "wrong size or hash, a redirect into Xet storage), that file alone is fetched "
            "from these, in order. Every file is still checked against the Hub's hash."))
        self.trusted = QLineEdit(", ".join(settings.trusted_endpoints))
        self.trusted.setPlaceholderText("https://hub.corp.example")
        self.trusted.setToolTip(QCoreApplication.translate(
            "FallbackFields",
            "Besides the official Hub, only these https endpoints receive your token; "
            "never a redirect to another host."))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        form.addRow(QCoreApplication.translate("FallbackFields", "Then try:"), self.order)
        form.addRow(QCoreApplication.translate("FallbackFields", "Token also to:"), self.trusted)
        form.addRow("", self.note)
        self.order.editingFinished.connect(self._on_edit_finished)
        self.trusted.editingFinished.connect(self._on_edit_finished)

    def _on_edit_finished(self) -> None:
        order, bad_order = parse(self.order.text())
        trusted, bad_trusted = parse(self.trusted.text())
        bad = bad_order + bad_trusted
        self.note.setVisible(bool(bad))
        self.note.setText(QCoreApplication.translate(
            "FallbackFields", "Not an endpoint address, not saved: {0}").format(", ".join(bad)))
        if (order, trusted) == (self.settings.fallback_endpoints,
                                self.settings.trusted_endpoints):
            return
        self.settings.fallback_endpoints, self.settings.trusted_endpoints = order, trusted
        self._changed()
