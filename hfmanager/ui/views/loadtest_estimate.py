"""The Test load tab's estimate box: what a model needs (from its file headers, nothing
loaded), whether that fits the chosen device, and the run-time estimate's lines below.

Its texts keep the context "LoadTestPanel" of the panel they were written in, spelled
out as ``QCoreApplication.translate("LoadTestPanel", ...)`` so lupdate finds them there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest import estimate as est
from hfmanager.ui import messages, theme
from hfmanager.ui.fmt import wrappable
from hfmanager.ui.views.loadtest_card import estimate_text, verdict_text
from hfmanager.ui.views.loadtest_options import LoadOptionsBox
from hfmanager.ui.views.loadtest_runtime import RuntimeEstimateBox

VERDICT_ROLES = {"fits": theme.Role.OK, "tight": theme.Role.WARNING,
                 "no_fit": theme.Role.ERROR, "unknown": theme.Role.MUTED}


class EstimateBox(QGroupBox):
    """The estimate and its verdict; ``runtime_box`` (whose context field sits in the
    panel's form) shows its lines at the bottom."""

    def __init__(self, runtime_box: RuntimeEstimateBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runtime_box = runtime_box
        self.estimate_label = QLabel()
        self.estimate_label.setWordWrap(True)
        self.verdict_label = QLabel()
        # The title as a wrapping label: a group box title cannot wrap, and its width
        # alone made the panel scroll sideways in a 1024 px window.
        layout = QVBoxLayout(self)
        title = QLabel(QCoreApplication.translate(
            "LoadTestPanel", "Estimate (from file headers, nothing loaded)"))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.estimate_label)
        layout.addWidget(self.verdict_label)
        layout.addWidget(runtime_box)

    def update_for(self, path: Path | None, dtype: str, device: dev.Device | None,
                   devices: list[dev.Device], options: LoadOptionsBox) -> est.Estimate | None:
        """Estimate ``path`` as ``dtype`` and show it, with its verdict for ``device``;
        None (and the box says why) without a target or when it cannot be estimated."""
        self.verdict_label.clear()
        self.runtime_box.clear()
        if path is None:
            self.estimate_label.setText("")
            return None
        try:
            e = est.estimate(path, dtype)
        except est.EstimateError as exc:
            self.estimate_label.setText(wrappable(QCoreApplication.translate(
                "LoadTestPanel", "No estimate: {error}").format(error=messages.text(exc.msg))))
            return None
        verdict = est.verdict(e, device.free_bytes if device else None,
                              cuda=bool(device and device.is_cuda))
        self.estimate_label.setText(estimate_text(e, verdict))
        color = theme.css(VERDICT_ROLES[verdict.status])
        self.verdict_label.setText(f"<b style='color:{color}'>"
                                   f"{verdict_text(verdict)}</b>")
        self.runtime_box.update_for(path, dtype, str(options.quantize_combo.currentData()),
                                    options.device_map_edit.text(), device, devices)
        return e
