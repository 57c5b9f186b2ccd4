"""The Test-load panel: estimate at once, real child-process loads, cancel, remote-code gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from hfmanager.core.loadtest.runner import LoadFailed, LoadResult
from hfmanager.core.settings import Settings
from hfmanager.ui.views.loadtest_panel import LoadTestPanel
from tests import models
from tests.ui.samples import LLAMA

COMMIT = models.COMMIT


@pytest.fixture(scope="session")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    base = tmp_path_factory.mktemp("ui-models")
    return {"gpt2": (base / "gpt2", models.build_gpt2(base / "gpt2")),
            "mixin": (base / "mixin", models.build_mixin(base / "mixin")),
            "custom": (base / "custom", models.build_custom_code(base / "custom"))}


def test_estimate_appears_at_once_and_follows_dtype(panel: LoadTestPanel,
                                                   tiny: dict[str, tuple[Path, int]],
                                                   tmp_path: Path) -> None:
    path, n = tiny["gpt2"]
    panel.set_target(path, "org/gpt2", COMMIT)
    assert f"{n:,}" in panel.estimate_label.text()
    assert "Fits" in panel.verdict_label.text()
    assert panel.load_button.isEnabled()
    assert not panel.cancel_button.isEnabled()
    assert panel.estimate is not None
    f32 = panel.estimate.weights_bytes
    panel.dtype_combo.setCurrentIndex(panel.dtype_combo.findData("float16"))
    assert panel.estimate.weights_bytes == f32 // 2
    bomb = tmp_path / "bomb"
    bomb.mkdir()
    (bomb / "model.safetensors").write_bytes((2**62).to_bytes(8, "little") + b"{}")
    panel.set_target(bomb)
    assert "No estimate" in panel.estimate_label.text()
    assert "100 MiB" in panel.estimate_label.text()


@pytest.mark.slow
def test_load_shows_result_card_and_history(panel: LoadTestPanel, qtbot,  # type: ignore[no-untyped-def]
                                            tiny: dict[str, tuple[Path, int]]) -> None:
    path, n = tiny["gpt2"]
    panel.set_target(path, "org/gpt2", COMMIT)
    phases: list[str] = []
    panel.phaseChanged.connect(phases.append)
    with qtbot.waitSignal(panel.loadFinished, timeout=120_000) as blocker:
        panel.load_button.click()
        assert panel.cancel_button.isEnabled()
        assert not panel.load_button.isEnabled()
    final = blocker.args[0]
    assert isinstance(final, LoadResult), final
    assert phases[0] == "starting"
    assert "measuring" in phases
    assert panel.card.rows["params"] == (f"{n:,}", f"{n:,}")
    assert panel.card.rows["class"][1] == "GPT2LMHeadModel / transformers"
    est_w, measured_w = panel.card.rows["weights"]
    assert est_w == measured_w
    assert panel.history_table.rowCount() == 1
    assert "loaded: GPT2LMHeadModel" in panel.history_table.item(0, 5).text()
    assert panel.load_button.isEnabled()
    panel.grab().save(str(Path(panel.history.store.path).parent / "loadtest.png"))


@pytest.mark.slow
def test_cancel_a_hung_load_keeps_the_app(panel: LoadTestPanel, qtbot,  # type: ignore[no-untyped-def]
                                          tiny: dict[str, tuple[Path, int]]) -> None:
    path, _ = tiny["mixin"]
    panel.set_target(path, "org/mixin", COMMIT)
    with qtbot.waitSignal(panel.phaseChanged, timeout=60_000,
                          check_params_cb=lambda ph: ph == "loading_weights"):
        panel.start(extra_env={"HFMANAGER_LOAD_TEST_HOOK": "hang"})
    with qtbot.waitSignal(panel.loadFinished, timeout=3000) as blocker:
        panel.cancel_button.click()
    final = blocker.args[0]
    assert isinstance(final, LoadFailed)
    assert final.kind == "cancelled"
    assert "Cancelled" in panel.status_label.text()
    assert "failed: Cancelled" in panel.history_table.item(0, 5).text()


@pytest.mark.slow
def test_remote_code_needs_consent_per_commit(panel: LoadTestPanel, qtbot,  # type: ignore[no-untyped-def]
                                              tiny: dict[str, tuple[Path, int]]) -> None:
    path, n = tiny["custom"]
    panel.set_target(path, "org/custom", COMMIT)
    panel.load_button.click()
    box = panel.trust_dialog
    assert box is not None
    listed = [box.files.item(i).text() for i in range(box.files.count())]
    assert "modeling_tiny.py" in listed
    assert "configuration_tiny.py" in listed
    box.cancel_button.click()
    qtbot.waitUntil(lambda: panel.trust_dialog is None)
    assert not panel.busy
    assert "not allowed" in panel.status_label.text()
    assert Settings.load().trusted_code == []
    panel.load_button.click()
    with qtbot.waitSignal(panel.loadFinished, timeout=120_000) as blocker:
        panel.allow_button.click()
    assert Settings.load().trusted_code == [f"model/org/custom@{COMMIT}"]
    final = blocker.args[0]
    assert isinstance(final, LoadResult), final
    assert final.data["class"] == "TinyCustomModel"
    assert final.data["params_total"] == n


@pytest.mark.slow
def test_refresh_asks_the_worker_without_blocking(panel: LoadTestPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.refresh_button.click()
    assert not panel.refresh_button.isEnabled()
    qtbot.waitUntil(panel.refresh_button.isEnabled, timeout=60_000)
    specs = [panel.device_combo.itemData(i) for i in range(panel.device_combo.count())]
    assert specs[0] == "cpu"
    assert "free" in panel.device_combo.itemText(0)


def test_python_picker_probes_and_remembers(panel: LoadTestPanel, qtbot,  # type: ignore[no-untyped-def]
                                            tmp_path: Path) -> None:
    import sys

    picker = panel.python_picker
    assert picker.path() == sys.executable
    qtbot.waitUntil(lambda: picker.info is not None, timeout=20_000)
    assert "torch" in picker.info_label.text()
    assert picker.info is not None
    assert picker.info.torch is not None
    bare = tmp_path / "python-bare"
    bare.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "$@"\n')
    bare.chmod(0o755)
    with qtbot.waitSignal(picker.probed, timeout=20_000) as blocker:
        picker.add_python(str(bare))
    assert blocker.args[0].torch is None
    assert "torch is not installed here" in picker.info_label.text()
    assert Settings.load().python_executables == [str(bare)]
    assert picker.path() == str(bare)


def test_installed_tab_follows_the_selected_repo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = window.loadtest_panel
    assert panel.path is None
    assert not panel.load_button.isEnabled()
    assert window.library.select_repo(LLAMA)
    repo = window.current_repo()
    main = next(r for r in repo.revisions if "main" in r.refs)
    assert panel.path == Path(main.snapshot_path)
    assert panel.repo_label == LLAMA
    assert panel.commit == main.commit_hash
    # The sample cache's weights are random bytes: refused with a reason, app fine.
    assert "No estimate" in panel.estimate_label.text()
