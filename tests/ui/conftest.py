"""Window fixtures: a qasync loop on the test QApplication, a context over temp folders."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

import hfmanager.ui  # noqa: F401  (first: applies the PySide6 None-refcount workaround)
from tests.ui.samples import build_sample_cache


@pytest.fixture(scope="session")
def _session_qloop(qapp):  # type: ignore[no-untyped-def]
    """One qasync loop for the session, marked running so pytest-qt's waits drive it."""
    import qasync

    return qasync.QEventLoop(qapp, already_running=True)


@pytest.fixture
def qloop(_session_qloop):  # type: ignore[no-untyped-def]
    """The session's qasync loop, marked as asyncio's running loop only during the test.

    Left marked, it would make every later ``asyncio.run()`` (core tests in other
    folders) fail with "cannot be called from a running event loop".
    """
    asyncio.events._set_running_loop(_session_qloop)
    asyncio.set_event_loop(_session_qloop)
    yield _session_qloop
    asyncio.events._set_running_loop(None)


@pytest.fixture
def model_tester():  # type: ignore[no-untyped-def]
    """``model_tester(*models)``: Qt's QAbstractItemModelTester on each model until the test
    ends, so that it checks every change the test makes (resets, inserted and removed rows,
    sorting, filtering), not only the model as it was when attached. A failed check is a
    "FAIL!" warning, which pytest-qt turns into a failure ("Qt modeltester errors")."""
    from PySide6.QtTest import QAbstractItemModelTester

    mode = QAbstractItemModelTester.FailureReportingMode.Warning
    testers: list[QAbstractItemModelTester] = []

    def attach(*models: object) -> None:
        testers.extend(QAbstractItemModelTester(m, mode) for m in models)

    yield attach
    testers.clear()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where tests save their screenshots: the test's own temp folder, or HFMANAGER_SHOTS."""
    return Path(os.environ["HFMANAGER_SHOTS"]) if os.environ.get("HFMANAGER_SHOTS") else tmp_path


@pytest.fixture
def hf_root() -> Path:
    return Path(os.environ["HF_HOME"]) / "hub"


@pytest.fixture
def torch_root() -> Path:
    return Path(os.environ["TORCH_HOME"]) / "hub"


@pytest.fixture
def sample_cache(hf_root: Path, torch_root: Path) -> dict[str, str]:
    return build_sample_cache(hf_root, torch_root)


@pytest.fixture
def ctx(qloop, tmp_path: Path):  # type: ignore[no-untyped-def]
    from hfmanager.core.settings import Settings
    from hfmanager.core.store import Store
    from hfmanager.ui.bridge import Bridge
    from hfmanager.ui.context import AppContext

    store = Store(tmp_path / "store.sqlite3")
    context = AppContext(Settings(), store, Bridge())
    yield context
    context.bridge.cancel_scan()
    if context.downloads is not None:  # as the app does at quit: nothing polls the store after
        context.downloads.stop(timeout=5.0)
    store.close()


def wait_scanned(qtbot, window, timeout: int = 20000) -> None:  # type: ignore[no-untyped-def]
    """Until a scan has finished and the bridge is idle."""
    with qtbot.waitSignal(window.inventoryChanged, timeout=timeout):
        pass
    qtbot.waitUntil(lambda: not window.ctx.bridge.scanning, timeout=timeout)


@pytest.fixture
def window(qtbot, ctx, sample_cache) -> object:  # type: ignore[no-untyped-def]
    from hfmanager.app import build_window

    win = build_window(ctx)
    qtbot.addWidget(win)
    win.show()
    wait_scanned(qtbot, win)
    return win


@pytest.fixture
def panel(qtbot, qloop, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A shown Test load panel over its own store; shut down (worker reaped) after."""
    from hfmanager.core.settings import Settings
    from hfmanager.core.store import Store
    from hfmanager.ui.views.loadtest_panel import LoadTestPanel

    store = Store(tmp_path / "store.sqlite3")
    settings = Settings()
    p = LoadTestPanel(settings, store, settings.save)
    qtbot.addWidget(p)
    p.resize(900, 780)
    p.show()
    yield p
    p.shutdown()
    qtbot.waitUntil(lambda: not p.busy, timeout=5000)  # hang guard only
    store.close()
