"""The "Test load" repo tab: device, dtype and Python pickers, the estimate at once, a
child-process load with live phases, the result card (estimate vs measured) and history.

All heavy work is in core (estimate: headers only; runner: a child process), driven from
the qasync loop, so the GUI never blocks and never imports torch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfmanager.core.inventory.model import Repo, RepoType, Revision, TorchEntry, TorchEntryKind
from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest import strategy as strat
from hfmanager.core.loadtest.figures import Figure, run_figures, to_json
from hfmanager.core.loadtest.history import LoadHistory
from hfmanager.core.loadtest.runner import (
    LoadEvent,
    LoadFailed,
    LoadPhase,
    LoadRequest,
    LoadResult,
    LoadRun,
    precheck,
    worker_python,
)
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store
from hfmanager.ui import theme
from hfmanager.ui.bridge import Op
from hfmanager.ui.context import AppContext, Window
from hfmanager.ui.views.loadtest_card import (
    HistoryTable,
    PhaseRow,
    ResultCard,
    device_texts,
    load_failed_text,
)
from hfmanager.ui.views.loadtest_estimate import EstimateBox
from hfmanager.ui.views.loadtest_form import LoadForm
from hfmanager.ui.views.loadtest_runtime import runtime_rows


class LoadTestPanel(QWidget):
    """Test-load one snapshot (a revision's folder, or any model folder/file)."""

    estimateUpdated = Signal(object)  # Estimate | None
    loadFinished = Signal(object)  # LoadResult | LoadFailed
    phaseChanged = Signal(str)

    def __init__(self, settings: Settings, store: Store | None = None,
                 save_settings: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._save_settings = save_settings or settings.save
        self.history = LoadHistory(store) if store is not None else None
        self.path: Path | None = None
        self.repo_label = ""
        self.commit = ""
        self.estimate: est.Estimate | None = None
        self.devices: list[dev.Device] = []
        self.run: LoadRun | None = None
        self.used: dict[str, object] | None = None  # the running load's options (history)
        self._task: asyncio.Task[None] | None = None
        self.trust_dialog: QDialog | None = None
        self._build()
        self.refresh_devices()
        self._update_enabled()

    # -- layout ------------------------------------------------------------------
    def _build_inputs(self) -> QFormLayout:
        form = LoadForm(self.settings, self._save_settings)
        self.target_label, self.device_combo = form.target_label, form.device_combo
        self.refresh_button, self.dtype_combo = form.refresh_button, form.dtype_combo
        self.python_picker, self.options_box = form.python_picker, form.options_box
        self.runtime_box = form.runtime_box
        return form

    def _build(self) -> None:
        form = self._build_inputs()
        self.estimate_box = est_box = EstimateBox(self.runtime_box)
        self.estimate_label, self.verdict_label = est_box.estimate_label, est_box.verdict_label
        self.load_button = QPushButton(self.tr("Test load"))
        self.load_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        phase_row = QHBoxLayout()
        phase_row.addWidget(self.load_button)
        phase_row.addWidget(self.cancel_button)
        self.phases = phases = PhaseRow()  # wraps on a narrow pane, not squeezing the buttons
        self.phase_labels = phases.labels
        phase_row.addStretch(1)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.card = ResultCard()
        self.history_table = HistoryTable()
        hist_box = QGroupBox(self.tr("History"))
        hist_layout = QVBoxLayout(hist_box)
        hist_layout.addWidget(self.history_table)
        hist_layout.addWidget(self.history_table.summary)
        top = QVBoxLayout(self)
        top.addLayout(form)
        top.addWidget(est_box)
        top.addLayout(phase_row)
        top.addLayout(phases)  # their own line: beside the buttons they stacked one a line
        top.addWidget(self.status_label)
        top.addWidget(self.card, 2)
        top.addWidget(hist_box, 1)
        self.refresh_button.clicked.connect(self._on_refresh_clicked)
        self.device_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.dtype_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.runtime_box.context_spin.valueChanged.connect(self._on_choice_changed)
        self.options_box.quantize_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.options_box.device_map_edit.editingFinished.connect(self.update_estimate)
        self.load_button.clicked.connect(self._on_load_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)

    # -- inputs ------------------------------------------------------------------
    def set_repo(self, repo: Repo | None, revision: Revision | None = None) -> None:
        """Show a repo's revision: the one given, else the one ``main`` points to."""
        if repo is None or not repo.revisions or not loadable(repo):
            self.set_target(None)
            return
        rev = revision or next((r for r in repo.revisions if "main" in r.refs),
                               repo.revisions[0])
        self.set_target(rev.snapshot_path, repo.repo_id, rev.commit_hash)

    def set_target(self, path: str | Path | None, repo_label: str = "", commit: str = "") -> None:
        if self.busy:
            return  # never switch models under a running load
        self.path = Path(path) if path else None
        self.repo_label = repo_label or (str(path) if path else "")
        self.commit = commit
        if self.path is None:
            self.target_label.setText(self.tr("Select a model in the library."))
        else:
            shown = f"{self.repo_label} @ {commit[:12]}" if commit else self.repo_label
            self.target_label.setText(self.tr("{model}  ·  loads as: {strategy}").format(
                model=shown, strategy=strat.strategy(self.path)))
        self.card.clear()
        self.status_label.clear()
        self.phases.show_phase(None)
        self.update_estimate()
        self.refresh_history()
        self._update_enabled()

    def refresh_devices(self, devices: list[dev.Device] | None = None) -> None:
        keep = self.device_combo.currentData()
        self.devices = devices if devices is not None else dev.list_devices()
        self.device_combo.blockSignals(True)
        self.device_combo.clear()
        for d in self.devices:
            text, tip = device_texts(d)
            self.device_combo.addItem(text, d.spec)
            self.device_combo.setItemData(self.device_combo.count() - 1, tip,
                                          Qt.ItemDataRole.ToolTipRole)
        index = self.device_combo.findData(keep)
        self.device_combo.setCurrentIndex(max(0, index))
        self.device_combo.blockSignals(False)
        self.update_estimate()

    def device(self) -> dev.Device | None:
        spec = self.device_combo.currentData()
        return next((d for d in self.devices if d.spec == spec), None)

    def dtype(self) -> str:
        return str(self.dtype_combo.currentData())

    # -- estimate ----------------------------------------------------------------
    def update_estimate(self) -> None:
        self.estimate = None  # none while it is worked out, if that raises
        self.estimate = self.estimate_box.update_for(self.path, self.dtype(), self.device(),
                                                     self.devices, self.options_box)
        self.estimateUpdated.emit(self.estimate)

    def _on_choice_changed(self, _index: int) -> None:
        self.update_estimate()
        self.refresh_history()

    def _on_refresh_clicked(self) -> None:
        self.refresh_button.setEnabled(False)
        python = self.python_picker.path()

        async def ask_worker() -> list[dev.Device]:
            return dev.merge_worker(dev.list_devices(), await dev.worker_devices_async(python))

        Op(self, ask_worker, self._on_devices_listed).failure(self._on_devices_listed).run_async()

    def _on_devices_listed(self, devices: list[dev.Device] | Exception) -> None:
        self.refresh_button.setEnabled(not self.busy)
        if isinstance(devices, Exception):
            self.status_label.setText(self.tr("Could not list devices: {error}").format(
                error=f"{type(devices).__name__}: {devices}"))
        else:
            self.refresh_devices(devices)

    # -- running -----------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def _update_enabled(self) -> None:
        self.load_button.setEnabled(self.path is not None and not self.busy)
        self.cancel_button.setEnabled(self.busy)
        for w in (self.device_combo, self.dtype_combo, self.python_picker,
                  self.refresh_button, self.options_box, self.runtime_box.context_spin):
            w.setEnabled(not self.busy)

    def _on_load_clicked(self) -> None:
        if self.path is None or self.busy:
            return
        if strat.needs_remote_code(self.path) and not self._trusted():
            self._ask_trust()
            return
        self.start()

    def _trusted(self) -> bool:
        return bool(self.commit) and strat.trust_key(
            self.repo_label, self.commit) in self.settings.trusted_code

    def _ask_trust(self) -> None:
        assert self.path is not None
        from hfmanager.ui.dialogs.code_consent import CodeConsentDialog

        files = strat.custom_code_files(self.path)
        # Each .py file's text is shown before it may run; Cancel is the default button.
        box = CodeConsentDialog(self.path, files, self.repo_label, self)
        self.allow_button = box.allow_button
        box.finished.connect(self._on_trust_dialog_finished)
        self.trust_dialog = box
        box.open()  # never exec() inside the qasync loop

    def _on_trust_dialog_finished(self, result: int) -> None:
        box, self.trust_dialog = self.trust_dialog, None
        if box is None or result != QDialog.DialogCode.Accepted:
            self.status_label.setText(self.tr("Not loaded: remote code was not allowed."))
            return
        if self.commit:
            key = strat.trust_key(self.repo_label, self.commit)
            if key not in self.settings.trusted_code:
                self.settings.trusted_code.append(key)
                self._save_settings()
        self.start(trust_remote_code=True)

    def start(self, *, trust_remote_code: bool = False,
              extra_env: dict[str, str] | None = None, timeout_s: float | None = None) -> None:
        """Start a load of the current target with the current choices."""
        device = self.device()
        if self.path is None or device is None or self.busy:
            return
        self.used = None
        try:  # the options refused here say why before any child starts
            opts, placed = self.options_box.options(self.devices)
            self.used = {**opts.to_json(), "dtype": self.dtype(),
                         "device_map": self.options_box.device_map_edit.text().strip() or None,
                         "context": self.runtime_box.context_spin.value()}
        except ValueError as exc:  # DeviceMapError
            self._finish(LoadFailed("bad_request", str(exc)), device)
            return
        cuda = device.is_cuda or any(d.startswith("cuda") for d in (
            opts.device_map or {}).get("devices") or [])
        refusal = precheck(opts, cuda, strat.strategy(self.path))
        if refusal is not None:
            self._finish(refusal, device)
            return
        worker_device, env = placed or dev.worker_env(device)
        trust = trust_remote_code or (strat.needs_remote_code(self.path) and self._trusted())
        request = LoadRequest(str(self.path), worker_device, self.dtype(),
                              {**env, **(extra_env or {})}, trust_remote_code=trust,
                              python=self.python_picker.path(), timeout_s=timeout_s,
                              needed_bytes=self.estimate.weights_bytes if self.estimate
                              else None, options=opts)
        self.run = LoadRun(request)
        self.card.clear()
        self.status_label.setText(self.tr("Loading in a separate process..."))
        self._task = asyncio.ensure_future(self._consume(self.run, device))
        self._update_enabled()

    def _on_cancel_clicked(self) -> None:
        if self.run is not None:
            self.run.cancel()
            self.status_label.setText(self.tr("Cancelling..."))

    async def _consume(self, run: LoadRun, device: dev.Device) -> None:
        final: LoadEvent | None = None
        try:
            async for event in run.events():
                if not shiboken6.isValid(self):
                    run.cancel()
                    continue
                if isinstance(event, LoadPhase):
                    self.phases.show_phase(event.phase)
                    self.phaseChanged.emit(event.phase)
                else:
                    final = event
        finally:
            self._task = None
        if final is None or not shiboken6.isValid(self):
            return
        self._finish(final, device)

    def _finish(self, final: LoadEvent, device: dev.Device) -> None:
        self.phases.show_phase(None, done=isinstance(final, LoadResult))
        figures: list[Figure] = []
        if isinstance(final, LoadResult):
            self.status_label.setText(self.tr("Loaded."))
            self.card.show_result(final.data, self.estimate)
            figures = run_figures(self.path, self.dtype(), self.runtime_box.record(),
                                  self.estimate.weights_bytes if self.estimate else None,
                                  final.data) if self.path is not None else []
            for row in runtime_rows(self.runtime_box.record(), final.data, figures):
                self.card._add(*row)  # the run-time figures, estimate beside measured
        elif isinstance(final, LoadFailed):
            error = theme.css(theme.Role.ERROR)
            self.status_label.setText(
                f"<span style='color:{error}'>{load_failed_text(final)}</span>")
            self.card.clear()
        if self.history is not None and isinstance(final, LoadResult | LoadFailed):
            outcome = final.data if isinstance(final, LoadResult) else {
                "kind": final.kind, "message": final.message,
                **(final.msg.to_json() if final.msg else {})}
            self.history.add(self.repo_label, self.commit, device.uuid or device.spec,
                             self.dtype(), ok=isinstance(final, LoadResult), outcome=outcome,
                             estimate={**self.estimate.to_json(),
                                       "runtime": self.runtime_box.record()}
                             if self.estimate else None,
                             python=worker_python(self.python_picker.path()),
                             options=getattr(self, "used", None), figures=to_json(figures) or None)
        self.refresh_history()
        self._update_enabled()
        self.loadFinished.emit(final)

    # -- history -----------------------------------------------------------------
    def refresh_history(self) -> None:
        if self.history is None or not self.repo_label:
            self.history_table.show_entries([])
            return
        self.history_table.show_entries(
            self.history.entries(self.repo_label, self.commit or None, limit=50),
            self.history.entries(limit=5000))  # every repo: the error per architecture

    def shutdown(self, *, now: bool = False) -> None:
        """Stop a running load: gracefully, or at once when the app is quitting."""
        if self.run is not None and self.busy:
            if now:
                self.run.kill_now()
            self.run.cancel()


def loadable(item: Repo | TorchEntry) -> bool:
    """What Test load is offered for: model repos and torch hub checkpoints (a plain
    state dict file); not datasets, spaces or torch hub code checkouts."""
    if isinstance(item, TorchEntry):
        return item.kind is TorchEntryKind.CHECKPOINT
    return item.repo_type is RepoType.MODEL


def install(window: Window, ctx: AppContext) -> None:
    """Add the "Test load" tab; it follows the library's repo and revision selection,
    and torch hub checkpoints (loaded as a state dict)."""
    panel = LoadTestPanel(ctx.settings, ctx.store, ctx.save_settings)
    window.add_repo_tab(panel.tr("Test load"), panel, loadable)
    window.repoSelected.connect(lambda repo: panel.set_repo(repo))
    window.library.torchSelected.connect(
        lambda e: panel.set_target(e.path, e.name) if e is not None and loadable(e) else None)
    window.revisionSelected.connect(
        lambda rev: panel.set_repo(window.current_repo(), rev) if rev is not None else None)
    window.loadtest_panel = panel  # type: ignore[attr-defined]
    app = QCoreApplication.instance()
    if app is not None:  # a child in its own session would outlive the app
        app.aboutToQuit.connect(lambda: panel.shutdown(now=True)
                                if shiboken6.isValid(panel) else None)
