"""The engine's tunables (:class:`EngineConfig`) and the pause/cancel signal
(:class:`CancelToken`); both are also importable from :mod:`engine`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from hfmanager.core import errors as err
from hfmanager.core.downloads.fallback import SourceLog
from hfmanager.core.downloads.ratelimit import TokenBucket
from hfmanager.core.network import NetConfig

CHUNK = 1024 * 1024
Writer = Callable[[BinaryIO, bytes | memoryview], None]


def _default_writer(f: BinaryIO, data: bytes | memoryview) -> None:
    # The file is unbuffered (each chunk goes straight to the kernel), and a raw write
    # may be short, so loop until every byte is written.
    view = memoryview(data)
    while view:
        n = f.write(view)
        view = view[n or 0:]


@dataclass
class EngineConfig:
    """Tunables; defaults suit a laptop on a home line."""

    parallel_files: int = 4
    chunk_size: int = CHUNK
    connect_timeout: float = 10.0
    stall_timeout: float = 30.0  # no byte for this long -> reconnect and resume
    # ... nor, over that long, fewer bytes a second than this (a server that drips).
    stall_min_rate: int = 1024
    stall_retries: int = 2  # stalls in a row before a file fails (partial kept)
    max_retries: int = 6
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    # The job's network (proxies, token and its policy), resolved once per job; the
    # default is direct, without a token.
    net: NetConfig = field(default_factory=NetConfig)
    user_agent: str = "hfmanager"
    limiter: TokenBucket | None = None
    verify_existing: bool = True  # re-hash blobs already in the cache before trusting them
    # huggingface_hub 2.x's shared Xet store for files with a Xet hash; None: decide from
    # the environment when a download starts (network.shared_store_enabled).
    shared_store: bool | None = None
    # Hash large files on a second thread: None = when >= 2 CPUs are usable. Measured on 2
    # cores, 512 MiB, fake Hub in its own process: 0.920 s vs 1.193 s inline (best of 5).
    # (With the fake Hub in the client's process it was neutral: its threads share our GIL.)
    hash_thread: bool | None = None
    # Several Range requests (each on its own connection) per file of range_min_size or
    # more: for links that cap each connection. 1 = one stream per file, hashed as it
    # arrives; with more (at most ranges.MAX_PARTS), the file is hashed from disk once
    # every part is in.
    ranges_per_file: int = 1
    range_min_size: int = 64 * 1024 * 1024
    writer: Writer = field(default=_default_writer)  # test hook (e.g. simulated ENOSPC)
    # Where each file came from and the endpoints' misses (fallback.py); the queue passes
    # its job's log, None: the Downloader keeps its own.
    sources: SourceLog | None = None


class CancelToken:
    """Set by the queue to pause or cancel; checked between chunks and while waiting."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: err.Stop | None = None
        self._children: list[CancelToken] = []
        self._lock = threading.Lock()

    def set(self, reason: err.Stop | str) -> None:
        with self._lock:
            self.reason = err.Stop(reason)
            self._event.set()
            children = list(self._children)
        for child in children:
            child.set(reason)

    def linked(self) -> CancelToken:
        """A token that is set when this one is (and can also be set on its own)."""
        child = CancelToken()
        with self._lock:
            self._children.append(child)
            if self._event.is_set():
                child.set(self.reason or err.Stop.CANCEL)
        return child

    def is_set(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise err.StoppedError(self.reason or err.Stop.CANCEL)

    def sleep(self, seconds: float) -> None:
        if self._event.wait(seconds):
            raise err.StoppedError(self.reason or err.Stop.CANCEL)
