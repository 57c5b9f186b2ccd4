"""The one runner for UI background work (``bridge.Op``): outcomes reach the main thread,
and never a widget that was deleted while the work ran."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget

from hfmanager.ui.bridge import Op

HANG_GUARD_MS = 30_000  # only against a hang: the tests never measure time


def _record(calls: list[tuple[str, object, bool]], kind: str):  # type: ignore[no-untyped-def]
    def on(value: object) -> None:
        calls.append((kind, value, threading.current_thread() is threading.main_thread()))
    return on


def test_thread_success_and_progress_arrive_on_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[tuple[str, object, bool]] = []
    worker_threads: list[bool] = []

    def work(emit):  # type: ignore[no-untyped-def]
        worker_threads.append(threading.current_thread() is threading.main_thread())
        emit("halfway")
        return 42

    op = (Op(widget, work, _record(calls, "ok")).failure(_record(calls, "failed"))
          .progress(_record(calls, "progress"), min_interval=0.0).run())
    qtbot.waitUntil(lambda: op.done, timeout=HANG_GUARD_MS)
    assert worker_threads == [False]  # the work itself ran off the main thread
    assert calls == [("progress", "halfway", True), ("ok", 42, True)]


def test_thread_failure_arrives_on_the_main_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[tuple[str, object, bool]] = []

    def work() -> int:
        raise OSError("disk gone")

    op = Op(widget, work, _record(calls, "ok")).failure(_record(calls, "failed")).run()
    qtbot.waitUntil(lambda: op.done, timeout=HANG_GUARD_MS)
    ((kind, exc, on_main),) = calls
    assert (kind, on_main) == ("failed", True)
    assert isinstance(exc, OSError)
    assert str(exc) == "disk gone"


def test_coroutine_success_and_failure_arrive_on_the_main_thread(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[tuple[str, object, bool]] = []

    async def good() -> str:
        return "done"

    async def bad() -> str:
        raise ValueError("no")

    ok = Op(widget, good, _record(calls, "ok")).failure(_record(calls, "failed")).run_async()
    ko = Op(widget, bad, _record(calls, "ok")).failure(_record(calls, "failed")).run_async()
    qtbot.waitUntil(lambda: ok.done and ko.done, timeout=HANG_GUARD_MS)
    assert sorted((k, str(v), main) for k, v, main in calls) == [
        ("failed", "no", True), ("ok", "done", True)]


@pytest.mark.parametrize("outcome", ["success", "failure"])
def test_a_deleted_widget_is_never_called_back(qtbot, outcome: str) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    release = threading.Event()
    calls: list[tuple[str, object, bool]] = []

    def work(emit):  # type: ignore[no-untyped-def]
        release.wait(HANG_GUARD_MS / 1000)
        emit("late progress")
        if outcome == "failure":
            raise RuntimeError("late failure")
        return "late result"

    op = (Op(widget, work, _record(calls, "ok")).failure(_record(calls, "failed"))
          .progress(_record(calls, "progress"), min_interval=0.0).run())
    shiboken6.delete(widget)  # the page closed while the work ran
    release.set()
    qtbot.waitUntil(lambda: op.done, timeout=HANG_GUARD_MS)
    assert calls == []
