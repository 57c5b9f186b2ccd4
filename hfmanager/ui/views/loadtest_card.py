"""The test-load result card: estimate and measurement side by side, one row per figure;
the phase row and the history table beside it, and their texts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QWidget

from hfmanager.core.loadtest import accuracy
from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest import estimate as est
from hfmanager.core.loadtest.history import HistoryEntry
from hfmanager.core.loadtest.runner import PHASES, LoadFailed
from hfmanager.core.messages import Msg
from hfmanager.ui import messages
from hfmanager.ui.flow import FlowLayout
from hfmanager.ui.fmt import exact_time, human_size
from hfmanager.ui.views.loadtest_options import result_rows


def _tr(text: str) -> str:
    return QCoreApplication.translate("LoadTest", text)


def phase_titles() -> dict[str, str]:
    return {"starting": _tr("Starting"), "reading_config": _tr("Reading config"),
            "building": _tr("Building"), "loading_weights": _tr("Loading weights"),
            "measuring": _tr("Measuring"), "running": _tr("Smoke pass")}


class PhaseRow(FlowLayout):
    """The load's phases in a row that wraps on a narrow pane instead of squeezing its
    neighbours: those reached so far enabled, the current one bold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        titles = phase_titles()
        self.labels: dict[str, QLabel] = {}
        for name in PHASES:
            label = QLabel(titles[name])
            label.setEnabled(False)
            self.labels[name] = label
            self.addWidget(label)

    def show_phase(self, current: str | None, *, done: bool = False) -> None:
        """``current`` is the phase now running (None: none); ``done``: all reached."""
        reached = PHASES.index(current) if current in PHASES else (len(PHASES) if done else -1)
        for i, name in enumerate(PHASES):
            label = self.labels[name]
            label.setEnabled(i <= reached)
            font = label.font()
            font.setBold(i == reached)
            label.setFont(font)


def verdict_text(v: est.Verdict) -> str:
    free = human_size(v.free_bytes) if v.free_bytes is not None else _tr("unknown")
    text = {"fits": _tr("Fits: needs about {need} of {free} free."),
            "tight": _tr("Tight: needs about {need} of {free} free (over 85%)."),
            "no_fit": _tr("Will not fit: needs about {need}, only {free} free."),
            "unknown": _tr("Needs about {need}; free memory unknown.")}[v.status]
    return text.format(need=human_size(v.needed_bytes), free=free)


def failure_headlines() -> dict[str, str]:
    """What each kind of worker failure means; the worker's own words follow it."""
    return {"missing_dependency": _tr("A library the load needs is missing"),
            "remote_code": _tr("This repo needs its own Python code (trust_remote_code)"),
            "unsafe_pickle": _tr("Refused: the weights file asks to run code"),
            "bad_weights": _tr("The weights file holds no state dict"),
            "no_weights": _tr("No weights file found"),
            "cuda_oom": _tr("Out of GPU memory"), "host_oom": _tr("Out of host memory"),
            "bad_repo": _tr("The snapshot cannot be loaded as it is"),
            "bad_request": _tr("The load request was refused"),
            "no_device": _tr("The chosen device is not available to this Python"),
            "quantize_unavailable": _tr("Quantization needs a CUDA GPU and bitsandbytes"),
            "attn_unavailable": _tr("flash_attention_2 needs a CUDA GPU and flash_attn"),
            "quantize_not_applicable": _tr("Quantization applies to transformers models only"),
            "class_not_found": _tr("The class given cannot be imported"),
            "class_mismatch": _tr("The class given cannot be built from this config"),
            "load_failed": _tr("The load failed")}


def failure_text(kind: str, message: str, m: Msg | None = None) -> str:
    """A failed load in the window's language: the app's own message translated, or the
    worker's (library) message after a translated headline for its kind."""
    if m is not None:
        return messages.text(m)
    headline = failure_headlines().get(kind)
    return _tr("{headline}: {message}").format(headline=headline, message=message) \
        if headline else message


def load_failed_text(final: LoadFailed) -> str:
    return failure_text(final.kind, final.message, final.msg)


def device_texts(d: dev.Device) -> tuple[str, str]:
    """(combo text with free memory, tooltip with UUID and other processes' usage)."""
    free = human_size(d.free_bytes) if d.free_bytes is not None else _tr("unknown")
    name = messages.text(d.label) if d.label is not None else d.name
    text = _tr("{spec}: {name} ({free} free)").format(spec=d.spec, name=name, free=free)
    tip = d.uuid or ""
    if d.processes:
        tip += "\n" + "\n".join(_tr("pid {pid} {name}: {used}").format(
            pid=p.pid, name=p.name, used=human_size(p.used_bytes or 0)) for p in d.processes)
    return text, tip


def estimate_text(e: est.Estimate, verdict: est.Verdict) -> str:
    stored = ", ".join(f"{k} {human_size(v)}" for k, v in sorted(e.bytes_by_dtype.items()))
    params = f"{e.params:,}" if e.params is not None else _tr("unknown")
    lines = [_tr("Parameters: {params}  ·  stored: {stored}").format(params=params,
                                                                     stored=stored),
             _tr("Weights as {dtype}: {size}").format(dtype=e.dtype,
                                                       size=human_size(e.weights_bytes))]
    if verdict.context_bytes:
        lines.append(_tr("+ CUDA context: about {size} (an approximation; it varies by GPU "
                         "and driver)").format(size=human_size(verdict.context_bytes)))
    if e.approximate:
        lines.append(_tr("Approximate: pickle weights are sized without unpickling them."))
    return "\n".join(lines)


def _by_dtype(d: dict[str, int] | None) -> str:
    return ", ".join(f"{k} {human_size(v)}" for k, v in sorted((d or {}).items())) or "-"


def _size(v: Any) -> str:
    return human_size(v) if isinstance(v, int) else "-"


class ResultCard(QTableWidget):
    """Rows of (figure, estimate, measured); empty until a load finishes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([_tr("Figure"), _tr("Estimate"), _tr("Measured")])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.rows: dict[str, tuple[str, str]] = {}

    def clear(self) -> None:  # type: ignore[override]
        self.setRowCount(0)
        self.rows = {}

    def _add(self, key: str, label: str, estimate: str, measured: str) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for col, text in enumerate((label, estimate, measured)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if col:
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, col, item)
        self.rows[key] = (estimate, measured)

    def show_result(self, r: dict[str, Any], e: est.Estimate | None) -> None:
        self.clear()
        measured_total = int(r.get("param_bytes", 0)) + int(r.get("buffer_bytes", 0))
        params_est = f"{e.params:,}" if e is not None and e.params is not None else "-"
        trainable = r.get("params_trainable")
        self._add("class", _tr("Class / strategy"), "-",
                  f"{r.get('class', '?')} / {r.get('strategy', '?')}")
        self._add("params", _tr("Parameters"), params_est, f"{r.get('params_total', 0):,}")
        self._add("trainable", _tr("Trainable"), "-",
                  f"{trainable:,}" if isinstance(trainable, int) else "-")
        self._add("param_bytes", _tr("Parameter bytes by dtype"),
                  _by_dtype(e.bytes_by_dtype) if e else "-",
                  _by_dtype(r.get("param_bytes_by_dtype")))
        self._add("buffer_bytes", _tr("Buffer bytes by dtype"), "-",
                  _by_dtype(r.get("buffer_bytes_by_dtype")))
        self._add("weights", _tr("Weights in memory"),
                  (human_size(e.weights_bytes) + (" ~" if e.approximate else "")) if e else "-",
                  human_size(measured_total))
        if "gpu_allocated" in r:
            ctx = human_size(est.CUDA_CONTEXT_BYTES)
            self._add("gpu_allocated", _tr("GPU allocated"), "-", _size(r["gpu_allocated"]))
            self._add("gpu_peak", _tr("GPU peak allocated"), "-",
                      _size(r.get("gpu_peak_allocated")))
            self._add("gpu_reserved", _tr("GPU reserved"), "-", _size(r.get("gpu_reserved")))
            self._add("gpu_process", _tr("GPU process total (NVML, with context)"),
                      _tr("weights + about {ctx}").format(ctx=ctx),
                      _size(r.get("gpu_process_total")))
        self._add("host", _tr("Host memory (anonymous RSS)"), "-",
                  _tr("{total} (+{delta} for the load)").format(
                      total=_size(r.get("host_rss_anon")),
                      delta=_size(r.get("host_rss_anon_delta"))))
        self._add("time", _tr("Load time"), "-", f"{r.get('load_seconds', 0):.2f} s")
        rate = r.get("read_throughput_bps")
        self._add("throughput", _tr("Read throughput"), "-",
                  _tr("{rate}/s").format(rate=human_size(rate)) if rate else "-")
        for key, label in (("missing_keys", _tr("Missing keys")),
                           ("unexpected_keys", _tr("Unexpected keys"))):
            keys = r.get(key)
            if keys is not None:
                shown = ", ".join(keys[:10]) + (" ..." if len(keys) > 10 else "")
                self._add(key, label, "-", shown or _tr("none"))
        for row in result_rows(r):  # placement, quantization, the smoke pass
            self._add(*row)
        for note in r.get("notes") or []:  # the worker's fixed notes have translations
            self._add("note", _tr("Note"), "", _tr(str(note)))
        self.resizeColumnsToContents()


class HistoryTable(QTableWidget):
    """Past runs of one repo revision, newest first, with the options each used and its
    estimate's error per figure; ``summary`` (a label the panel places under it) gives
    the error per architecture over every recorded run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 8, parent)
        self.setHorizontalHeaderLabels([_tr("When"), _tr("Device"), _tr("Data type"),
                                        _tr("Memory"), _tr("Load time"), _tr("Outcome"),
                                        _tr("Options"), _tr("Measured / estimated")])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary = QLabel()
        self.summary.setWordWrap(True)

    def show_entries(self, entries: list[HistoryEntry],
                     everything: list[HistoryEntry] | None = None) -> None:
        self.setRowCount(0)
        for h in entries:
            row = self.rowCount()
            self.insertRow(row)
            if h.ok:
                o = h.outcome
                mem = o.get("gpu_allocated", o.get("param_bytes", 0) + o.get("buffer_bytes", 0))
                outcome = _tr("loaded: {cls}, {n} params").format(
                    cls=o.get("class", "?"), n=f"{o.get('params_total', 0):,}")
                cells = [human_size(mem), f"{o.get('load_seconds', 0):.2f} s", outcome]
            else:
                o = h.outcome
                said = failure_text(str(o.get("kind", "")), str(o.get("message", "")),
                                    Msg.from_json(o))
                cells = ["", "", _tr("failed: {message}").format(message=said)]
            cells += [accuracy.options_text(h), _ratios(accuracy.ratios(h))]
            for col, text in enumerate([exact_time(h.finished_at), h.device, h.dtype, *cells]):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.setItem(row, col, item)
        self.resizeColumnsToContents()
        self.summary.setText(_summary(entries, everything or entries))


def figure_names() -> dict[str, str]:
    return {"weights": _tr("weights"), "kv_cache": _tr("KV cache"), "peak": _tr("peak")}


def _ratios(ratios: dict[str, float]) -> str:
    names = figure_names()
    return ", ".join(f"{names[k]} x{r:.3f}" for k, r in ratios.items()) or "-"


def _summary(entries: list[HistoryEntry], everything: list[HistoryEntry]) -> str:
    """The estimate's error for this repo's architectures, over every recorded run."""
    mine = {accuracy.architecture(e) for e in entries}
    names = figure_names()
    lines = []
    for arch, figs in sorted(accuracy.by_architecture_figures(everything).items()):
        if arch in mine:
            said = ", ".join(_tr("{figure} x{mean} over {n} runs").format(
                figure=names[k], mean=f"{mean:.3f}", n=n) for k, (n, _lo, mean, _hi)
                in figs.items())
            lines.append(_tr("Estimate error for {arch} (measured / estimated, all "
                             "runs): {figures}").format(arch=arch, figures=said))
    return "\n".join(lines)
