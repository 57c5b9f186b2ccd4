"""The window always opens (issue 10): with each broken local state it shows, with all
its pages, and says what was repaired in its status bar and a dialog opened with
``open()``. A page that fails to install is shown as a notice, not only logged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hfmanager.core import localstate
from hfmanager.core.store import Store
from hfmanager.ui.bridge import Bridge
from hfmanager.ui.context import AppContext
from tests.brokenstate import STATES, broken_path, store_asides


def _open_window(qtbot, base: Path):  # type: ignore[no-untyped-def]
    """The window as ``start_gui`` builds it, over the state in ``base``."""
    from hfmanager.app import build_window

    settings, store = localstate.open_for_gui()
    ctx = AppContext(settings, store, Bridge())
    win = build_window(ctx, scan_on_start=False)
    qtbot.addWidget(win)
    win.show()
    return win


def _close(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    """Close the window once the Test load tab has probed its Python (a pending probe is
    a coroutine never awaited), and stop the download queue's threads before the test's
    folders go (the window's destroyed signal would stop them only at qtbot's teardown)."""
    picker = win.loadtest_panel.python_picker
    qtbot.waitUntil(lambda: not picker.probing, timeout=60000)
    win.close()  # saves the geometry: a config folder that is a file costs a notice
    if "downloads" in win._pages:
        win.page("downloads").queue.stop(timeout=5.0)


def _dialog(win) -> QMessageBox | None:  # type: ignore[no-untyped-def]
    box = win.findChild(QMessageBox, "stateNoticeDialog")
    return box if isinstance(box, QMessageBox) else None


@pytest.mark.parametrize("state", sorted(STATES))
def test_window_opens_with_every_page_and_says_why(qtbot, qloop, isolated_env: Path,  # type: ignore[no-untyped-def]
                                                   state: str) -> None:
    STATES[state][0](isolated_env)
    win = _open_window(qtbot, isolated_env)
    try:
        qtbot.waitUntil(lambda: _dialog(win) is not None and _dialog(win).isVisible())
        assert win.isVisible()
        assert {"library", "downloads"} <= set(win._pages)
        tabs = win.library.details.tabs
        assert "Test load" in [tabs.tabText(i) for i in range(tabs.count())]
        box = _dialog(win)
        assert box is not None
        assert box.windowModality() == Qt.WindowModality.WindowModal  # open(), not exec()
        assert str(broken_path(isolated_env, state)) in box.informativeText()
        assert win.state_notices.label.isVisible()
        if STATES[state][1] == "store":
            assert len(store_asides(isolated_env)) == 1
        if state == "data_dir_is_a_file":
            assert win.ctx.store.memory  # the session's queue and history live in memory
        box.accept()
    finally:
        _close(qtbot, win)


def test_healthy_state_shows_nothing(qtbot, qloop, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    win = _open_window(qtbot, isolated_env)
    qtbot.wait(50)
    assert _dialog(win) is None
    assert not win.state_notices.label.isVisible()
    _close(qtbot, win)


def test_a_page_that_fails_to_install_is_shown(qtbot, qloop, isolated_env: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from hfmanager.ui.views import downloads_view

    def broken(_window: object, _ctx: object) -> None:
        raise RuntimeError("no such column: state")

    monkeypatch.setattr(downloads_view, "install", broken)
    win = _open_window(qtbot, isolated_env)
    qtbot.waitUntil(lambda: _dialog(win) is not None and _dialog(win).isVisible())
    text = _dialog(win).informativeText()
    assert "downloads" in text
    assert "no such column: state" in text
    assert "loadtest" not in text  # the other pages did install
    _close(qtbot, win)


def test_notices_from_a_thread_reach_the_window(qtbot, qloop, isolated_env: Path) -> None:  # type: ignore[no-untyped-def]
    """A store rebuilt later (a feature's table broken while the app runs), reported from
    a worker thread, still reaches the window."""
    import sqlite3
    import threading

    from hfmanager.core.downloads.persist import JobStore

    win = _open_window(qtbot, isolated_env)
    store = win.ctx.store
    assert isinstance(store, Store)
    with sqlite3.connect(store.path) as other:
        other.execute("DROP TABLE download_jobs")
        other.execute("CREATE TABLE download_jobs (id INTEGER PRIMARY KEY)")
    other.close()
    worker = threading.Thread(target=lambda: JobStore(store).all())
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: _dialog(win) is not None and _dialog(win).isVisible())
    assert "moved aside" in _dialog(win).informativeText()
    _close(qtbot, win)
