"""The doctor's report as a table: one row per check, status icon, result and advice."""

from __future__ import annotations

import json
import textwrap

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core import doctor
from hfmanager.ui import icons, messages

_STATUS_ICON = {"ok": "health-ok", "warn": "health-warning", "error": "health-error"}


class DoctorPanel(QGroupBox):
    """Shows a :class:`~hfmanager.core.doctor.DoctorReport`; asks for reruns by signal."""

    rerunRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Environment check"))
        self.report: doctor.DoctorReport | None = None
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Check"), self.tr("Result and advice")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setMinimumHeight(300)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.rerun_button = QPushButton(self.tr("Run checks again"))
        self.rerun_button.setToolTip(self.tr(
            "Also tests whether the endpoint answers, unless offline mode is on."))
        self.rerun_button.clicked.connect(self.rerunRequested)
        self.copy_button = QPushButton(self.tr("Copy report"))
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.status = QLabel()
        buttons.addWidget(self.rerun_button)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)

    def set_busy(self) -> None:
        self.rerun_button.setEnabled(False)
        self.status.setText(self.tr("Checking…"))

    def _titles(self) -> dict[str, str]:
        # Check names are translated here; values and advice by ui.messages.
        return {
            "endpoint": self.tr("Endpoint"), "offline": self.tr("Offline mode"),
            "sudo": self.tr("sudo"), "proxies": self.tr("Proxies"),
            "hf_cache": self.tr("Hub cache"), "hf_home": self.tr("HF_HOME"),
            "torch_cache": self.tr("Torch hub cache"), "token": self.tr("Hugging Face token"),
            "libraries": self.tr("Libraries"), "transfer": self.tr("Cache layout"),
            "reachability": self.tr("Endpoint reachable"),
        }

    def show_report(self, report: doctor.DoctorReport) -> None:
        self.report = report
        self.rerun_button.setEnabled(True)
        self.tree.clear()
        titles = self._titles()
        for check in report.checks:
            value = self.tr("; ").join(map(messages.text, check.value_msgs)) or check.value
            hint = messages.text(check.hint_msg) if check.hint_msg else check.hint
            # Advice goes on its own pre-wrapped lines: item views do not re-wrap text.
            # A CJK character is two columns wide: half as many fit on a line.
            width = 55 if any("\u4e00" <= c <= "\u9fff" for c in hint) else 110
            text = value + ("\n" + textwrap.fill(hint, width) if hint else "")
            item = QTreeWidgetItem([titles.get(check.key, check.title), text])
            item.setIcon(0, icons.icon(_STATUS_ICON[check.status]))
            item.setToolTip(1, text)
            item.setData(0, Qt.ItemDataRole.UserRole, check.key)
            self.tree.addTopLevelItem(item)
        counts = {s: sum(c.status == s for c in report.checks) for s in ("warn", "error")}
        self.status.setText(self.tr("Warnings: {0}, errors: {1}").format(
            counts["warn"], counts["error"]))

    def _on_copy_button_clicked(self) -> None:
        if self.report is not None:
            QGuiApplication.clipboard().setText(json.dumps(self.report.to_json(), indent=2))
