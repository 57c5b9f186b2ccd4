"""The Test load tab's loading options (quantize, device map, attention, low CPU memory,
smoke pass, the user's own class) and the result card's rows for what they produced
(where each part landed, the smoke pass). The panel only wires this in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest.devicemap import DeviceMapError, parse_device_map
from hfmanager.core.loadtest.runner import LoadOptions
from hfmanager.core.loadtest.workermap import for_worker
from hfmanager.ui import theme
from hfmanager.ui.fmt import human_size

QUANTIZE = ("none", "8bit", "4bit")
ATTN = ("", "eager", "sdpa", "flash_attention_2")
Placed = tuple[str, dict[str, str]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("LoadTest", text)


class LoadOptionsBox(QWidget):
    """Inputs for LoadOptions; :meth:`options` parses them (the device map through core)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quantize_combo = QComboBox()
        for value, text in zip(QUANTIZE, (self.tr("None"), "8-bit", "4-bit"), strict=True):
            self.quantize_combo.addItem(text, value)
        self.quantize_combo.setToolTip(self.tr("bitsandbytes quantization: needs a CUDA GPU and "
                                               "bitsandbytes. A repo that is already quantized "
                                               "loads with its own method."))
        self.device_map_edit = QLineEdit()
        self.device_map_edit.setPlaceholderText(self.tr("the device above"))
        self.device_map_edit.setToolTip(self.tr("auto, one device (cuda:1), several "
                                                "(cuda:0,cuda:1) or caps with CPU offload "
                                                "(cuda:0=10GiB,cpu=32GiB)"))
        self.attn_combo = QComboBox()
        for value in ATTN:
            self.attn_combo.addItem(value or self.tr("Default"), value)
        self.attn_combo.setToolTip(self.tr("flash_attention_2 needs a CUDA GPU and flash_attn"))
        self.low_mem_check = QCheckBox(self.tr("low_cpu_mem_usage"))
        self.run_spin = QSpinBox()
        self.run_spin.setRange(0, 32768)
        self.run_spin.setSpecialValueText(self.tr("Off"))
        self.run_spin.setSuffix(self.tr(" tokens"))
        self.run_spin.setToolTip(self.tr("After loading, a forward pass on this many tokens "
                                         "(causal LMs also generate a few tokens)"))
        self.class_edit = QLineEdit()
        self.class_edit.setPlaceholderText(self.tr("module:Name (optional)"))
        self.class_edit.setToolTip(self.tr("Load through your own class's from_pretrained "
                                           "(a PyTorchModelHubMixin class), imported by the "
                                           "chosen Python"))
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        theme.tint(self.error_label, theme.Role.ERROR)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Quantize:"), self.quantize_combo)
        form.addRow(self.tr("Device map:"), self.device_map_edit)
        form.addRow(self.tr("Attention:"), self.attn_combo)
        form.addRow("", self.low_mem_check)
        form.addRow(self.tr("Smoke pass:"), self.run_spin)
        form.addRow(self.tr("Class:"), self.class_edit)
        form.addRow("", self.error_label)
        self.error_label.hide()  # shown only while the device map cannot be read
        self.device_map_edit.textChanged.connect(self._on_device_map_edit_changed)

    def _on_device_map_edit_changed(self, text: str) -> None:
        try:
            if text.strip():
                parse_device_map(text)
            self.error_label.clear()
        except DeviceMapError as exc:
            self.error_label.setText(str(exc))
        self.error_label.setVisible(bool(self.error_label.text()))

    def options(self, devices: list[dev.Device]) -> tuple[LoadOptions, Placed | None]:
        """(the options, (worker device, environment) when the device map decides them);
        raises DeviceMapError for a map that cannot be understood or used here."""
        dmap: dict[str, Any] | None = None
        placed: Placed | None = None
        text = self.device_map_edit.text().strip()
        if text:
            dmap, env, first = for_worker(parse_device_map(text), devices)
            placed = (first, env)
        return LoadOptions(quantize=str(self.quantize_combo.currentData()), device_map=dmap,
                           attn=str(self.attn_combo.currentData()) or None,
                           low_cpu_mem_usage=self.low_mem_check.isChecked(),
                           run_tokens=self.run_spin.value(),
                           model_class=self.class_edit.text().strip() or None), placed


def _size(v: Any) -> str:
    return human_size(v) if isinstance(v, int) else "-"


def result_rows(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(key, figure, estimate, measured) rows for placement, quantization and the pass."""
    rows: list[tuple[str, str, str, str]] = []
    place = r.get("placement") or {}
    by_device = ", ".join(f"{d} {_size(b)}" for d, b in (place.get("bytes_by_device")
                                                         or {}).items())
    if by_device:
        rows.append(("placement", _tr("Placed on"), "-", by_device))
    dmap = place.get("device_map") or {}
    if len(dmap) > 1:
        shown = ", ".join(f"{k}: {v}" for k, v in list(dmap.items())[:12])
        rows.append(("device_map", _tr("Device map"), "-",
                     shown + (" ..." if len(dmap) > 12 else "")))
    quant = r.get("quantization")
    if quant:
        rows.append(("quantization", _tr("Quantization"), "-",
                     f"{quant.get('method')} ({quant.get('source')})"))
    if r.get("attn_implementation"):
        rows.append(("attn", _tr("Attention"), "-", str(r["attn_implementation"])))
    smoke = r.get("smoke")
    if smoke:
        rows.extend(_smoke_rows(smoke))
    return rows


def _smoke_rows(s: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    if s.get("skipped") or s.get("error"):
        return [("smoke", _tr("Smoke pass"), "-", _tr("not run: {why}").format(
            why=s.get("error") or _tr(str(s.get("skipped")))))]
    what = (_tr("generated {n} tokens").format(n=s.get("new_tokens"))
            if s.get("kind") == "generate" else str(s.get("kind")))
    rows = [("smoke", _tr("Smoke pass"), "-",
             _tr("{what} from {n} input tokens: output {shape}").format(
                 what=what, n=s.get("input_tokens"), shape=s.get("output_shape"))),
            ("smoke_time", _tr("Smoke pass time"), "-",
             _tr("{seconds} s, {rate} tokens/s").format(seconds=f"{s.get('seconds', 0):.3f}",
                                                        rate=s.get("tokens_per_second")))]
    peak = _size(s.get("peak_host_rss"))
    if "peak_gpu_allocated" in s:
        peak = _tr("GPU {gpu}, host {host}").format(gpu=_size(s["peak_gpu_allocated"]),
                                                    host=peak)
    rows.append(("smoke_peak", _tr("Smoke pass peak memory"), "-", peak))
    if s.get("text") is not None:
        rows.append(("smoke_text", _tr("Generated text"), "-", str(s["text"])))
    return rows
