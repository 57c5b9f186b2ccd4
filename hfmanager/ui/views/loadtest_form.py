"""The Test load tab's form: the target, the device (and Refresh), the data type, the
Python that runs the load, the loading options and the run-time estimate's context.

Its texts keep the context "LoadTestPanel" of the panel they were written in, spelled
out as ``QCoreApplication.translate("LoadTestPanel", ...)`` so lupdate finds them there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton

from hfmanager.core.loadtest import estimate as est
from hfmanager.core.settings import Settings
from hfmanager.ui.elidecombo import ElidingComboBox
from hfmanager.ui.views.loadtest_options import LoadOptionsBox
from hfmanager.ui.views.loadtest_python import PythonPicker
from hfmanager.ui.views.loadtest_runtime import RuntimeEstimateBox


class LoadForm(QFormLayout):
    """The choices' widgets; the panel keeps them as its own attributes and wires them."""

    def __init__(self, settings: Settings, save_settings: Callable[[], None]) -> None:
        super().__init__()
        self.target_label = QLabel(QCoreApplication.translate(
            "LoadTestPanel", "Select a model in the library."))
        self.target_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.target_label.setWordWrap(True)
        self.device_combo = ElidingComboBox()
        # Long device names show in full in the list and the tooltip; the closed box may be
        # narrow and elides them.
        self.device_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.device_combo.setMinimumContentsLength(6)  # beside Refresh in a 260 px pane
        self.refresh_button = QPushButton(QCoreApplication.translate("LoadTestPanel", "Refresh"))
        self.refresh_button.setToolTip(QCoreApplication.translate(
            "LoadTestPanel", "List devices again (also asks torch about "
            "Apple MPS and GPUs NVML cannot see)"))
        self.dtype_combo = QComboBox()
        for value in est.DTYPES:
            self.dtype_combo.addItem(value, value)
        self.python_picker = PythonPicker(settings, save_settings)
        self._add_rows()

    def _add_rows(self) -> None:
        dev_row = QHBoxLayout()
        dev_row.addWidget(self.device_combo, 1)
        dev_row.addWidget(self.refresh_button)
        # A narrow details pane (1024 px): fields go under their labels instead of scrolling.
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.addRow(QCoreApplication.translate("LoadTestPanel", "Model:"), self.target_label)
        self.addRow(QCoreApplication.translate("LoadTestPanel", "Device:"), dev_row)
        self.addRow(QCoreApplication.translate("LoadTestPanel", "Data type:"), self.dtype_combo)
        self.addRow(QCoreApplication.translate("LoadTestPanel", "Python:"), self.python_picker)
        self.options_box = LoadOptionsBox()  # quantize, device map, attention, smoke pass
        self.addRow(self.options_box)
        self.runtime_box = RuntimeEstimateBox()  # the context field; its lines go below
        self.addRow(QCoreApplication.translate("LoadTestPanel", "Context:"),
                    self.runtime_box.context_spin)
