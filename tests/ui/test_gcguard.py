"""The app's cyclic GC runs on the GUI thread only (ui/gcguard)."""

from __future__ import annotations

import gc
import threading

from hfmanager.ui.gcguard import MainThreadGC


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collections_happen_on_the_gui_thread_only(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    threads: list[str] = []

    def record(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    guard = MainThreadGC(None, interval_ms=10)
    gc.callbacks.append(record)
    try:
        def churn() -> None:  # a worker making far more cyclic garbage than gen0 allows
            for _ in range(50_000):
                _Cycle()

        worker = threading.Thread(target=churn, name="worker")
        worker.start()
        worker.join()
        assert not gc.isenabled()
        qtbot.waitUntil(lambda: bool(threads), timeout=10_000)
    finally:
        gc.callbacks.remove(record)
        guard.deleteLater()
    assert threads
    assert set(threads) == {threading.main_thread().name}
