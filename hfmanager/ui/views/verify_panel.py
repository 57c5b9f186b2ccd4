"""Verify panel: check selected repos or everything, with progress, cancel and results.

A corrupt file is listed on its repo and snapshot file with expected and actual hash;
"Delete corrupt file" removes the blob and the links to it through the usual confirmation,
"Download again" emits ``redownloadRequested`` per corrupt file and is enabled once
something listens (the composition root connects it to the download queue).
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QMetaMethod, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.cleanup import Selection
from hfmanager.core.inventory.model import Inventory, Repo
from hfmanager.core.paths import RootKind
from hfmanager.core.verify import VerifyReport, VerifyStatus
from hfmanager.ui.fmt import human_size
from hfmanager.ui.models.cleanup_model import VerifyResultsModel
from hfmanager.ui.models.roles import ObjectRole


class VerifyPanel(QGroupBox):
    """Runs verification through the controller and shows what is not OK."""

    redownloadRequested = Signal(object)  # VerifyResult: a corrupt file to fetch again

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Verify files (offline, against their hashes)"), parent)
        self.controller = controller
        self._inventory = Inventory(roots=(), repos=())
        self._running = False
        self.report: VerifyReport | None = None
        self.model = VerifyResultsModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.all_button = QPushButton(self.tr("Verify &all"))
        self.all_button.clicked.connect(self.verify_all)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.clicked.connect(controller.cancel_verify)
        self.delete_button = QPushButton(self.tr("Delete corrupt file…"))
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.redownload_button = QPushButton(self.tr("Download again"))
        self.redownload_button.clicked.connect(self._on_redownload_button_clicked)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel(self.tr("Not verified yet."))
        self.status.setObjectName("verifyStatus")
        top = QHBoxLayout()
        for w in (self.all_button, self.cancel_button, self.progress):
            top.addWidget(w)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.delete_button)
        bottom.addWidget(self.redownload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        controller.verified.connect(self._on_controller_verified)
        controller.progressed.connect(self._on_controller_progressed)
        controller.failed.connect(self._on_controller_failed)
        self._set_running(False)

    def set_inventory(self, inventory: Inventory) -> None:
        self._inventory = inventory

    def verify_repos(self, repos: list[Repo]) -> None:
        paths = [r.repo_path for r in repos]
        self._start(lambda: self.controller.request_verify(paths),
                    self.tr("Verifying {0} repo(s)…").format(len(paths)))

    def verify_all(self) -> None:
        roots = [(r.get("path", ""), r.get("kind", "")) for r in self._inventory.roots]
        hub = [p for p, kind in roots if kind != RootKind.TORCH.value]
        torch = [p for p, kind in roots if kind == RootKind.TORCH.value]
        self._start(lambda: self.controller.request_verify([], hub_roots=hub,
                                                           torch_roots=torch),
                    self.tr("Verifying every cached file…"))

    def _start(self, request: Any, text: str) -> None:
        if self._running:
            return
        self._set_running(True)
        self.progress.setValue(0)
        self.status.setText(text)
        request()

    def _set_running(self, running: bool) -> None:
        self._running = running
        self.all_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        self._update_buttons()

    def _selected(self) -> list[Any]:
        rows = self.table.selectionModel().selectedRows(0)
        return [r for r in (i.data(ObjectRole) for i in rows)
                if r is not None and r.status is VerifyStatus.CORRUPT]

    def _update_buttons(self, *_args: object) -> None:
        corrupt = bool(self._selected()) and not self._running
        self.delete_button.setEnabled(corrupt)
        self.redownload_button.setEnabled(corrupt and self.isSignalConnected(
            QMetaMethod.fromSignal(self.redownloadRequested)))

    # -- slots ---------------------------------------------------------------------
    def _on_controller_progressed(self, done: int, total: int, text: str) -> None:
        if self._running and total == 1000:
            self.progress.setValue(done)
            self.status.setText(text)

    def _on_controller_verified(self, report: VerifyReport) -> None:
        self._set_running(False)
        self.report = report
        self.model.set_results(list(report.results))
        self.table.resizeColumnsToContents()
        counts = {s: report.count(s) for s in VerifyStatus}
        text = self.tr("{0} OK, {1} corrupt, {2} unverifiable, {3} errors; hashed {4} in "
                       "{5:.1f} s").format(counts[VerifyStatus.OK], counts[VerifyStatus.CORRUPT],
                                           counts[VerifyStatus.UNVERIFIABLE],
                                           counts[VerifyStatus.ERROR],
                                           human_size(report.bytes_hashed), report.seconds)
        shared = report.corrupt_payloads()
        if shared:  # one damaged store file shows as corrupt on every repo using it
            repos = {r.target.owner for rs in shared.values() for r in rs}
            text += " " + self.tr("{0} damaged file(s) in the shared blob store, used by {1} "
                                  "repo(s).").format(len(shared), len(repos))
        if report.cancelled:
            text = self.tr("Cancelled.") + " " + text
        self.status.setText(text)

    def _on_controller_failed(self, message: str) -> None:
        if self._running:
            self._set_running(False)
            self.status.setText(self.tr("Verification failed: {0}").format(message))

    def _on_delete_button_clicked(self) -> None:
        blobs: set[tuple[str, str]] = set()
        files: set[str] = set()
        torch: set[str] = set()
        for r in self._selected():
            t = r.target
            if t.label == "torch":
                torch.add(t.path)
            elif os.path.basename(os.path.dirname(t.path)) == "blobs":
                blobs.add((t.owner, os.path.basename(t.path)))
            else:
                files.add(t.path)
        self.controller.request_delete(Selection(blobs=frozenset(blobs),
                                                 files=frozenset(files),
                                                 torch=frozenset(torch)), self.window())

    def _on_redownload_button_clicked(self) -> None:
        for r in self._selected():
            self.redownloadRequested.emit(r)
