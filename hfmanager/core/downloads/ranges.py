"""One large file fetched as several byte ranges at once, each on its own connection.

For links that cap each connection (a throttled CDN edge, or a long path where one TCP
window is the limit: the common case for users far from the Hub's CDN), N connections
move about N times the bytes. Opt-in (``EngineConfig.ranges_per_file``): with one stream
the hash is computed as the bytes arrive and a kill -9 costs at most one chunk; here the
parts arrive out of order, so the file is hashed from disk once every part is in, and a
kill -9 costs each connection what it received since its last checkpoint.

Resume: the sidecar lists the parts as ``[start, end, next]``; ``next`` is advanced only
after the bytes before it were written, and saved every ``SAVE_EVERY`` bytes per part, so
a restart asks each part for what it misses plus at most that much. A server that
answers a part with 200 (Range ignored) or with another range than asked raises
:class:`RangesUnsupportedError`: the engine then starts one plain stream from byte 0.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from hfmanager.core import errors as err
from hfmanager.core.downloads.answer import check_body, check_status
from hfmanager.core.downloads.config import CancelToken, EngineConfig
from hfmanager.core.downloads.plan import RemoteEntry, RepoPlan
from hfmanager.core.downloads.sidecar import PartialFile, Sidecar
from hfmanager.core.downloads.transport import (
    Transport,
    content_range,
    read_size,
    request_headers,
)

ProgressFn = Callable[[str, int, int], None]  # filename, bytes on disk, size


class Engine(Protocol):
    """What a segmented transfer uses of the :class:`~engine.Downloader` (a protocol,
    so that this module does not import the engine that imports it)."""

    config: EngineConfig
    http: Transport

    def retrying(self, name: str, done: Callable[[], int], total: int,
                 step: Callable[[], None], restart: Callable[[], None] | None,
                 cancel: CancelToken) -> None: ...


SAVE_EVERY = 256 * 1024  # progress saved to the sidecar this often, per part


class RangesUnsupportedError(Exception):
    """The server does not honour Range requests as asked."""


MAX_PARTS = 16


def split(start: int, size: int, parts: int) -> list[list[int]]:
    """``parts`` (1 to MAX_PARTS) ranges tiling [start, size) as ``[start, end, next]``."""
    step = -(-(size - start) // max(1, min(MAX_PARTS, parts)))
    bounds = [*range(start, size, max(1, step)), size]
    return [[a, b, a] for a, b in itertools.pairwise(bounds)]


class SegmentedTransfer:
    """Fill the partial file's missing ranges with one thread and connection per range."""

    def __init__(self, downloader: Engine, plan: RepoPlan, entry: RemoteEntry,
                 car: Sidecar, car_path: Path, part: PartialFile, url: str,
                 progress: ProgressFn, cancel: CancelToken) -> None:
        self.dl, self.plan, self.entry = downloader, plan, entry
        self.car, self.car_path, self.part, self.url = car, car_path, part, url
        self.progress = progress
        # Set by the user's pause/cancel, or when one part fails: the others then stop
        # too, even in the middle of a retry's backoff.
        self.cancel = cancel.linked()
        self._lock = threading.Lock()

    def run(self) -> None:
        car, size = self.car, self.entry.size
        if car.segments is None:
            # A prefix left by one plain stream is kept: only the rest is split.
            fd = self.part.open_fd()  # a link in its place is replaced, never followed
            try:
                prefix = os.fstat(fd).st_size
            finally:
                os.close(fd)
            prefix = prefix if 0 <= prefix < size else 0
            car.segments = split(prefix, size, self.dl.config.ranges_per_file)
            self._save()
        fd = self.part.open_fd()
        try:
            todo = [seg for seg in car.segments if seg[2] < seg[1]]
            self._report()
            if not todo:
                return
            with ThreadPoolExecutor(len(todo), thread_name_prefix="hfm-range") as pool:
                futures = [pool.submit(self._part, seg, fd) for seg in todo]
                errors = []
                for fut in futures:
                    try:
                        fut.result()
                    except BaseException as exc:  # the first real failure is raised
                        errors.append(exc)
            if errors:
                unsupported = [e for e in errors if isinstance(e, RangesUnsupportedError)]
                real = [e for e in errors if not isinstance(e, err.StoppedError)]
                raise (unsupported or real or errors)[0]
        finally:
            os.close(fd)
            self._save()

    def _part(self, seg: list[int], fd: int) -> None:
        try:
            self.dl.retrying(self.entry.path, lambda: seg[2], seg[1],
                             lambda: self._stream(seg, fd), None, self.cancel)
        except BaseException:
            self.cancel.set(err.Stop.CANCEL)
            raise

    def _stream(self, seg: list[int], fd: int) -> None:
        start, end, entry = seg[2], seg[1], self.entry
        headers = request_headers(self.dl.config.user_agent, self.car.validator, start, end)
        limiter = self.dl.config.limiter
        with self.dl.http.get(self.plan.endpoint, self.url, headers, entry.path) as resp:
            if resp.status_code == 200:
                raise RangesUnsupportedError()
            if resp.status_code != 206:
                check_status(resp, start, entry)  # raises the typed error
                raise err.ProtocolViolationError(err.Reason.RANGE_ANSWER, filename=entry.path,
                                                 status=resp.status_code)
            got = content_range(resp)
            if got is None or got[:2] != (start, end - 1):
                raise RangesUnsupportedError()
            if got[2] != "*" and int(got[2]) != entry.size:
                check_status(resp, start, entry)  # raises the size mismatch
            check_body(resp, entry)
            unsaved = 0
            for chunk in resp.chunks(read_size(limiter)):
                n = len(chunk)
                if seg[2] + n > end:
                    raise err.ProtocolViolationError(err.Reason.RANGE_OVERRUN,
                                                     filename=entry.path)
                if limiter is not None:
                    limiter.consume(n, self.cancel)
                self._write(fd, chunk, seg[2])
                seg[2] += n  # only after the bytes are written
                unsaved += n
                if unsaved >= SAVE_EVERY:
                    unsaved = 0
                    self._save()
                self._report()
                self.cancel.check()
        if seg[2] < end:
            raise err.ProtocolViolationError(err.Reason.ENDED_EARLY, filename=entry.path,
                                             offset=seg[2])

    def _write(self, fd: int, data: bytes | memoryview, offset: int) -> None:
        view = memoryview(data)
        try:
            while view:
                n = os.pwrite(fd, view, offset)
                view, offset = view[n:], offset + n
        except OSError as exc:
            full = err.no_space(exc, self.entry.path)
            if full is None:
                raise
            raise full from exc

    def _report(self) -> None:
        segs = self.car.segments or []
        missing = sum(seg[1] - seg[2] for seg in segs)
        self.progress(self.entry.path, self.entry.size - missing, self.entry.size)

    def _save(self) -> None:
        with self._lock:
            self.car.save(self.car_path, self.part.folder)
