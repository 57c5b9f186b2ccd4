"""The Test load tab's run-time estimate: the context field, quantize and device map
change it; a finished load shows it beside the measurement and keeps it in the history."""

from __future__ import annotations

from pathlib import Path

import pytest

from hfmanager.core.loadtest import devices as dev
from hfmanager.core.loadtest import kvcache as kv
from hfmanager.core.loadtest.runner import LoadResult
from hfmanager.ui.views.loadtest_panel import LoadTestPanel
from tests import models

GIB = 1024**3


@pytest.fixture(scope="module")
def gpt2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rt-gpt2")
    models.build_gpt2(folder, n_layer=3, n_positions=2048)
    return folder


@pytest.fixture
def panel(panel):  # type: ignore[no-untyped-def]
    panel.refresh_devices([dev.Device("cpu", 0, "CPU", 64 * GIB, 32 * GIB)])
    return panel


def test_context_field_changes_the_estimate(panel: LoadTestPanel, gpt2: Path) -> None:
    panel.set_target(gpt2, "org/gpt2", models.COMMIT)
    box = panel.runtime_box
    assert box.estimate is not None
    assert box.estimate.kv is None  # no context: no KV cache counted
    before = box.estimate.split.parts[0].needed
    box.context_spin.setValue(1024)
    assert box.estimate is not None
    assert box.estimate.kv is not None
    shape = kv.attention_shape(kv.read_config(gpt2))
    assert shape is not None
    assert box.estimate.kv.bytes == 3 * 2 * 1 * 64 * 1024 * 4  # 3 layers, 1 head of 64, F32
    assert "KV cache at 1,024 tokens" in box.label.text()
    assert box.estimate.split.parts[0].needed > before
    panel.options_box.quantize_combo.setCurrentIndex(
        panel.options_box.quantize_combo.findData("4bit"))
    assert box.estimate.quant is not None
    assert "kept unquantized" in box.label.text()
    assert "transformer.wte" in box.label.text()


def test_device_map_verdict(panel: LoadTestPanel, gpt2: Path) -> None:
    panel.set_target(gpt2, "org/gpt2", models.COMMIT)
    panel.options_box.device_map_edit.setText("cpu=1KiB")
    panel.options_box.device_map_edit.editingFinished.emit()
    assert panel.runtime_box.estimate is not None
    assert panel.runtime_box.estimate.status == "no_fit"
    assert "will not fit" in panel.runtime_box.label.text()
    panel.options_box.device_map_edit.setText("gpu0")
    panel.options_box.device_map_edit.editingFinished.emit()
    assert "No run-time estimate" in panel.runtime_box.label.text()


def test_result_card_and_history_keep_the_runtime(panel: LoadTestPanel, gpt2: Path) -> None:
    panel.set_target(gpt2, "org/gpt2", models.COMMIT)
    panel.runtime_box.context_spin.setValue(64)
    panel.options_box.run_spin.setValue(5)
    assert panel.runtime_box.estimate is not None
    weights = panel.runtime_box.estimate.weights_bytes
    device = panel.device()
    assert device is not None
    panel.used = {"run_tokens": 5, "context": 64}  # what start() keeps (checked below)
    kv_12 = 3 * 2 * 64 * 12 * 4  # 3 layers x (k, v) x 1 head of 64 x 12 tokens, F32
    smoke = {"kind": "generate", "input_tokens": 5, "new_tokens": 8, "kv_cache_bytes": kv_12,
             "kv_cache_tokens": 12, "peak_host_rss": 500_000_000,
             "host_rss_before": 499_000_000, "peak_host_scope": "pass"}
    panel._finish(LoadResult({"class": "GPT2LMHeadModel", "param_bytes": weights,
                              "buffer_bytes": 0, "params_total": 1, "smoke": smoke}), device)
    assert panel.card.rows["weights_options"][1].endswith("(x1.000)")
    assert panel.card.rows["kv_cache"][1].endswith("(x1.000)")  # estimated for 12 tokens
    assert panel.card.rows["kv_context"][0] == "96.0 KiB"  # 64 tokens: estimate only
    assert "(x" in panel.card.rows["peak"][1]
    assert panel.history is not None
    (entry,) = panel.history.entries("org/gpt2")
    assert entry.estimate["runtime"]["context"] == 64
    assert entry.estimate["runtime"]["architecture"] == "GPT2LMHeadModel"
    assert (entry.options["run_tokens"], entry.options["context"]) == (5, 64)
    assert entry.figures["kv_cache"]["ratio"] == 1.0
    assert panel.history_table.item(0, 6).text() == "run 5, context 64"
    assert panel.history_table.item(0, 7).text().startswith("weights x1.000, KV cache x1.000")
    assert "Estimate error for GPT2LMHeadModel" in panel.history_table.summary.text()
    panel.options_box.quantize_combo.setCurrentIndex(
        panel.options_box.quantize_combo.findData("8bit"))
    panel.start()  # refused before any child starts (no CUDA here), options recorded
    refused = panel.history.entries("org/gpt2")[0]
    assert not refused.ok
    assert (refused.options["quantize"], refused.options["run_tokens"]) == ("8bit", 5)
    assert panel.history_table.item(0, 6).text() == "8bit, run 5, context 64"
