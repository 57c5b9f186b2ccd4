"""The composition root (app.py): it builds the download queue and hands it to the pages,
and wires verify's "Download again" to that queue by a signal; a page that fails to
install leaves the others working and nothing connected to it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMetaMethod


def _window(qtbot, ctx):  # type: ignore[no-untyped-def]
    from hfmanager.app import build_window

    win = build_window(ctx, scan_on_start=False)
    qtbot.addWidget(win)
    return win


def _close(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    picker = win.loadtest_panel.python_picker
    qtbot.waitUntil(lambda: not picker.probing, timeout=60000)  # hang guard only
    if win.ctx.downloads is not None:
        win.ctx.downloads.stop(timeout=5.0)


def _redownload_connected(win) -> bool:  # type: ignore[no-untyped-def]
    panel = win.cleanup[1].verify
    return panel.isSignalConnected(QMetaMethod.fromSignal(panel.redownloadRequested))


def _file_redownload_connected(win) -> bool:  # type: ignore[no-untyped-def]
    actions = win.library.details.file_actions  # the file tree's and problem list's
    return actions.isSignalConnected(QMetaMethod.fromSignal(actions.redownloadRequested))


def test_the_pages_get_the_queue_the_root_built(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    assert ctx.downloads is None
    win = _window(qtbot, ctx)
    try:
        assert ctx.downloads is not None
        assert win.page("downloads").queue is ctx.downloads
        assert _redownload_connected(win)
        assert _file_redownload_connected(win)
    finally:
        _close(qtbot, win)


def test_without_the_downloads_page_nothing_reaches_for_it(  # type: ignore[no-untyped-def]
        qtbot, ctx, monkeypatch: pytest.MonkeyPatch) -> None:
    from hfmanager.ui.views import downloads_view

    def broken(_window: object, _ctx: object) -> None:
        raise RuntimeError("page broken on purpose")

    monkeypatch.setattr(downloads_view, "install", broken)
    win = _window(qtbot, ctx)
    try:
        assert "downloads" not in win._pages
        assert {"cleanup", "environment"} <= set(win._pages)
        assert not _redownload_connected(win)  # "Download again" stays disabled
        assert not _file_redownload_connected(win)
        assert "page broken on purpose" in win.state_notices.label.toolTip()
    finally:
        _close(qtbot, win)
