"""The Test load tab's run-time estimate: a context length field, and under the weights'
estimate the KV cache, activations, CUDA context and the split per device (fits / tight
/ will not fit), for the options chosen in the loading options box. The panel only wires
this in; everything is computed by core (``loadtest/runtime.py``), headers only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QSpinBox, QVBoxLayout, QWidget

from hfmanager.core.loadtest import devicemap as dm
from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest.figures import Figure
from hfmanager.core.loadtest.runtime import RuntimeEstimate, runtime_estimate
from hfmanager.ui import theme
from hfmanager.ui.fmt import human_size

MAX_CONTEXT = 1_048_576
ROLES = {"fits": theme.Role.OK, "tight": theme.Role.WARNING, "no_fit": theme.Role.ERROR,
         "unknown": theme.Role.MUTED}


def _tr(text: str) -> str:
    return QCoreApplication.translate("LoadTest", text)


def status_words() -> dict[str, str]:
    return {"fits": _tr("fits"), "tight": _tr("tight (over 85%)"),
            "no_fit": _tr("will not fit"), "unknown": _tr("free memory unknown")}


class RuntimeEstimateBox(QWidget):
    """The context field (``context_spin``, placed in the panel's form) and the lines of
    the run-time estimate (this widget, placed in the estimate box)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context_spin = QSpinBox()
        self.context_spin.setRange(0, MAX_CONTEXT)
        self.context_spin.setSingleStep(1024)
        self.context_spin.setSpecialValueText(self.tr("Not counted"))
        self.context_spin.setSuffix(self.tr(" tokens"))
        self.context_spin.setToolTip(self.tr("Count the KV cache and activations for this "
                                             "many tokens (batch 1)"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.estimate: RuntimeEstimate | None = None

    def record(self) -> dict[str, Any] | None:
        """What the history keeps beside the weights' estimate (its ``runtime`` key)."""
        return self.estimate.to_json() if self.estimate is not None else None

    def clear(self) -> None:
        self.estimate = None
        self.label.clear()

    def update_for(self, path: Path | None, dtype: str, quantize: str, device_map: str,
                   device: dev.Device | None, devices: list[dev.Device]) -> None:
        """Estimate again for these choices; a map or file that cannot be used is said."""
        self.clear()
        if path is None:
            return
        try:
            spec = dm.parse_device_map(device_map) if device_map.strip() else None
            self.estimate = runtime_estimate(path, dtype, quantize=quantize,
                                             context=self.context_spin.value(),
                                             device_map=spec, device=device, devices=devices)
        except ValueError as exc:  # DeviceMapError; EstimateError is shown above already
            self.label.setText(_tr("No run-time estimate: {error}").format(error=exc))
            return
        self.label.setText("<br>".join(self._lines(self.estimate)))

    def _lines(self, rt: RuntimeEstimate) -> list[str]:
        lines: list[str] = []
        if rt.quant is not None:
            lines.append(_tr("Weights ({mode}): {size}; kept unquantized: {kept}").format(
                mode=rt.quant.mode, size=human_size(rt.weights_bytes),
                kept=", ".join(rt.quant.kept_modules[:4]) or "-"))
        if rt.kv is not None:
            lines.append(_tr("KV cache at {n} tokens: {size} ({layers} layers, {heads} KV "
                             "heads, head dim {dim})").format(
                n=f"{rt.context:,}", size=human_size(rt.kv.bytes), layers=rt.kv.shape.layers,
                heads=rt.kv.shape.kv_heads, dim=rt.kv.shape.head_dim))
            lines.append(_tr("Activations, batch 1 (rough bound): {size}").format(
                size=human_size(rt.activations)))
        words = status_words()
        for p in rt.split.parts:
            color = theme.css(ROLES[p.status])
            free = human_size(p.free) if p.free is not None else _tr("unknown")
            lines.append(_tr("{device}: <b style='color:{color}'>{status}</b>: needs {need} "
                             "of {free} free").format(device=p.device, color=color,
                                                      status=words[p.status],
                                                      need=human_size(p.needed), free=free))
        return lines


def _ratio(f: Figure) -> str:
    return f" (x{f.ratio:.3f})" if f.ratio is not None else ""


def _figure_label(f: Figure) -> str:
    if f.key == "kv_cache":
        return _tr("KV cache at {n} tokens (the pass)").format(n=f.tokens)
    return {"gpu": _tr("Peak during the pass (GPU allocated)"),
            "host": _tr("Peak during the pass (weights + host memory the pass added)")}.get(
        f.scope, _tr("Peak during the pass (process, with Python and libraries)"))


def runtime_rows(rt: dict[str, Any] | None, r: dict[str, Any], figures: list[Figure]
                 ) -> list[tuple[str, str, str, str]]:
    """(key, figure, estimate, measured) rows for the result card: the weights under the
    options; the KV cache and the peak of the smoke pass, estimated for the tokens it ran
    (``figures``), each with its ratio; the KV cache at the chosen context, estimate only."""
    rows: list[tuple[str, str, str, str]] = []
    if rt:
        measured = int(r.get("param_bytes", 0)) + int(r.get("buffer_bytes", 0))
        est = int(rt.get("weights_bytes") or 0)
        ratio = f" (x{measured / est:.3f})" if est else ""
        rows.append(("weights_options", _tr("Weights with the options"), human_size(est),
                     human_size(measured) + ratio))
    for f in figures:
        if f.key in ("kv_cache", "peak"):
            rows.append((f.key, _figure_label(f), _size(f.estimated),
                         _size(f.measured) + _ratio(f)))
    kv = (rt or {}).get("kv_cache")
    if isinstance(kv, dict):
        rows.append(("kv_context", _tr("KV cache at {n} tokens").format(n=rt.get("context")
                                                                         if rt else 0),
                     human_size(int(kv.get("bytes", 0))), _tr("not measured")))
    return rows


def _size(v: int | None) -> str:
    return human_size(v) if isinstance(v, int) else "-"
