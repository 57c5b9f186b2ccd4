"""Flushing a large partial to disk while it downloads, so the final fsync is short.

A verified partial is fsynced before it becomes a blob. Done once at the end, that fsync
writes back the whole file while the download waits (0.17 s for 512 MiB here, seconds on
a slow disk, with the progress bar stuck at 100%). A thread that calls ``fdatasync``
every ``every`` bytes writes back behind the transfer instead; the final fsync then only
has the last stretch left.
"""

from __future__ import annotations

import contextlib
import os
import threading

FLUSH_EVERY = 32 * 1024 * 1024


class Flusher:
    """``wrote(n)`` after each write; ``close()`` before the file is closed."""

    def __init__(self, fd: int, every: int = FLUSH_EVERY) -> None:
        self._fd, self._every = fd, every
        self._pending = 0
        self._requested = False
        self._wake = threading.Event()
        self._stop = False
        self.flushes = 0
        self._thread = threading.Thread(target=self._run, name="hfm-flush", daemon=True)
        self._thread.start()

    def wrote(self, n: int) -> None:
        self._pending += n
        if self._pending >= self._every:
            self._pending = 0
            self._requested = True
            self._wake.set()

    def close(self) -> None:
        self._stop = True
        self._wake.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            # A flush asked for is done even when close() came first (a fast transfer
            # can end before this thread ran): close() waits for it.
            if self._requested:
                self._requested = False
                # Write-back only: a failure here (e.g. EIO) shows again at the final
                # fsync, which decides whether the blob is committed.
                with contextlib.suppress(OSError):
                    os.fdatasync(self._fd)
                self.flushes += 1
            if self._stop:
                return
