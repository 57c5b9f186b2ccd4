"""Bytes received in this run, apart from what was on disk when it began.

The engine's progress says how much of each file is done, resumed bytes included: a
resumed file's first report is already at its old offset, a file found complete reports
its whole size at once. Counting those as received made the speed after a resume
hundreds of MiB/s and the ETA near zero. The first report of each file in a run is what
it started from; only what comes after it was received.
"""

from __future__ import annotations


class Received:
    """Per-file baselines; ``total`` is what arrived since each file's first report.

    Fed from the engine's file threads: each file is reported by one thread at a time and
    a dict item assignment is atomic, so no lock is needed for a figure shown at 2 Hz.
    """

    def __init__(self) -> None:
        self._base: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._earlier: dict[str, int] = {}  # received before the file started again

    def update(self, path: str, done: int) -> None:
        base = self._base.setdefault(path, done)
        last = self._done.get(path, done)
        if done < last:  # the file starts again (a server that ignored Range): a new base
            self._earlier[path] = self._earlier.get(path, 0) + max(0, last - base)
            self._base[path] = done
        self._done[path] = done

    @property
    def total(self) -> int:
        return sum(self._earlier.values()) + sum(
            max(0, d - self._base.get(p, d)) for p, d in list(self._done.items()))
