"""The Test load tab's loading options: parsed into LoadOptions, refused before a child
starts when they need a GPU, and a real load's placement and smoke pass on the card."""

from __future__ import annotations

from pathlib import Path

import pytest

from hfmanager.core.loadtest.devicemap import DeviceMapError
from hfmanager.core.loadtest.devices import Device
from hfmanager.core.loadtest.runner import LoadFailed, LoadOptions, LoadResult
from hfmanager.ui.views.loadtest_options import LoadOptionsBox
from hfmanager.ui.views.loadtest_panel import LoadTestPanel
from tests import models

CPU = Device("cpu", 0, "CPU", 32 * 2**30, 16 * 2**30)


@pytest.fixture(scope="module")
def gpt2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("opt-ui") / "gpt2"
    models.build_gpt2(path)
    return path


@pytest.fixture
def panel(panel):  # type: ignore[no-untyped-def]
    panel.resize(900, 900)  # the options box makes the form taller
    return panel


def test_fields_become_load_options(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = LoadOptionsBox()
    qtbot.addWidget(box)
    assert box.options([CPU]) == (LoadOptions(), None)
    box.quantize_combo.setCurrentIndex(box.quantize_combo.findData("4bit"))
    box.attn_combo.setCurrentIndex(box.attn_combo.findData("sdpa"))
    box.low_mem_check.setChecked(True)
    box.run_spin.setValue(32)
    box.class_edit.setText(" pkg.mod:Net ")
    box.device_map_edit.setText("auto")
    opts, placed = box.options([CPU])
    assert opts == LoadOptions(quantize="4bit", attn="sdpa", low_cpu_mem_usage=True,
                               run_tokens=32, model_class="pkg.mod:Net",
                               device_map={"mode": "auto", "devices": [], "caps": {}})
    assert placed == ("cpu", {})
    box.device_map_edit.setText("cuda:0=lots")
    assert "not a size" in box.error_label.text()
    assert not box.error_label.isHidden()
    box.device_map_edit.setText("cuda:3")
    assert box.error_label.text() == ""
    assert box.error_label.isHidden()
    with pytest.raises(DeviceMapError, match="no such GPU"):
        box.options([CPU])


def test_quantize_on_cpu_is_refused_before_any_child(panel: LoadTestPanel, qtbot,  # type: ignore[no-untyped-def]
                                                     gpt2: Path) -> None:
    panel.set_target(gpt2, "org/gpt2", models.COMMIT)
    box = panel.options_box
    box.quantize_combo.setCurrentIndex(box.quantize_combo.findData("8bit"))
    with qtbot.waitSignal(panel.loadFinished, timeout=5000) as blocker:
        panel.load_button.click()
    final = blocker.args[0]
    assert isinstance(final, LoadFailed)
    assert final.kind == "quantize_unavailable"
    assert panel.run is None  # no worker was started
    assert "needs a CUDA GPU and bitsandbytes" in panel.status_label.text()
    assert panel.load_button.isEnabled()


def test_quantize_on_a_state_dict_is_refused_before_any_child(  # type: ignore[no-untyped-def]
        panel: LoadTestPanel, qtbot, tmp_path: Path) -> None:
    """A PyTorchModelHubMixin repo loads as a state dict (or through --class), never through
    transformers: 8-bit would be ignored silently, so it is refused, saying why."""
    models.build_mixin(tmp_path / "mixin")
    panel.set_target(tmp_path / "mixin", "org/mixin", models.COMMIT)
    box = panel.options_box
    box.quantize_combo.setCurrentIndex(box.quantize_combo.findData("8bit"))
    for model_class in ("", "pkg.mod:Net"):
        box.class_edit.setText(model_class)
        with qtbot.waitSignal(panel.loadFinished, timeout=5000) as blocker:
            panel.load_button.click()
        final = blocker.args[0]
        assert isinstance(final, LoadFailed)
        assert final.kind == "quantize_not_applicable"
        assert panel.run is None  # no worker was started
        text = panel.status_label.text()
        assert "applies to transformers models only" in text
        assert ("loads as class" if model_class else "loads as state_dict") in text


@pytest.mark.slow
def test_card_shows_placement_and_smoke_pass(panel: LoadTestPanel, qtbot,  # type: ignore[no-untyped-def]
                                             gpt2: Path) -> None:
    panel.set_target(gpt2, "org/gpt2", models.COMMIT)
    box = panel.options_box
    box.run_spin.setValue(6)
    box.attn_combo.setCurrentIndex(box.attn_combo.findData("eager"))
    box.device_map_edit.setText("auto")
    phases: list[str] = []
    panel.phaseChanged.connect(phases.append)
    with qtbot.waitSignal(panel.loadFinished, timeout=120_000) as blocker:
        panel.load_button.click()
        assert not box.isEnabled()
    final = blocker.args[0]
    assert isinstance(final, LoadResult), final
    assert "running" in phases
    assert panel.card.rows["placement"][1].startswith("cpu ")
    assert panel.card.rows["attn"][1] == "eager"
    assert panel.card.rows["smoke"][1] == "generated 8 tokens from 6 input tokens: output [1, 14]"
    assert "tokens/s" in panel.card.rows["smoke_time"][1]
    assert panel.card.rows["smoke_peak"][1] != "-"
    assert box.isEnabled()
