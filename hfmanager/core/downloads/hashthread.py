"""Hashing a download on a second thread, so that a spare core hashes while the file
thread receives and writes (hashlib releases the GIL for buffers over 2 KiB)."""

from __future__ import annotations

import queue
import threading

from hfmanager.core.downloads.sidecar import Hasher


class HashThread:
    """Feeds a hasher on a second thread through a bounded queue, in batches of ``batch`` bytes.

    hashlib releases the GIL for buffers over 2 KiB, so the hash runs on another core while the
    file thread receives and writes. Only pieces already written are queued, and ``close()``
    drains the queue, so after it the hash covers exactly the bytes on disk, as inline."""

    def __init__(self, hasher: Hasher, batch: int) -> None:
        self._hasher, self._batch_size = hasher, batch
        self._queue: queue.Queue[list[bytes | memoryview] | None] = queue.Queue(maxsize=8)
        self._batch: list[bytes | memoryview] = []
        self._batched = 0
        self._thread = threading.Thread(target=self._run, name="hfm-hash", daemon=True)
        self._thread.start()

    def update(self, data: bytes | memoryview) -> None:
        self._batch.append(data)
        self._batched += len(data)
        if self._batched >= self._batch_size:  # one queue hand-off per batch, not per read
            self._queue.put(self._batch)
            self._batch, self._batched = [], 0

    def close(self) -> None:
        if self._batch:
            self._queue.put(self._batch)
            self._batch, self._batched = [], 0
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        # One update per batch: joining 16 x 64 KiB costs a 1 MiB copy but 16x fewer GIL
        # hand-offs with the file thread. Interleaved A/B, 512 MiB, 2 cores, 8 rounds:
        # best 0.709 s vs 0.761 s per piece, median 0.749 s vs 0.851 s.
        while (batch := self._queue.get()) is not None:
            self._hasher.update(batch[0] if len(batch) == 1 else b"".join(batch))
