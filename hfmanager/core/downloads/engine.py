"""The byte transfer: resumable, verified, parallel downloads into the hub cache layout.

Why our own engine (issue 4): huggingface_hub restarts from byte 0 after a crash, checks
sizes but not hashes, and trusts server ETags as paths. Here each file streams into
``blobs/<etag>.hfm-partial`` with a JSON sidecar; a restart re-hashes the partial bytes
and asks for the rest with ``Range`` + ``If-Range``; the content is hashed as it arrives
and only a verified file is fsynced and renamed to ``blobs/<etag>`` (or into the snapshot,
or published to the shared Xet store: :mod:`landing`). Before the files, the commit's
``trees/<commit>.json`` and the root's ``CACHEDIR.TAG`` are written as huggingface_hub
2.x writes them; the ref, without a newline, after the last file. Worker threads share
keep-alive connections (:mod:`transport`: http.client read with ``read1`` for direct
connections, httpx through proxies); each piece is written as it arrives and hashed inline
or, with a spare core, on a hash thread (:mod:`bodywrite`); the caller's thread only waits.

What a server sends is checked before it is written (:mod:`answer`: status, encoding,
sizes); a body that stalls or drips fails after ``stall_retries`` tries with the partial
kept. A partial is known by its content (etag, size), and the rest is always asked of
the endpoint in force now, never of a host a sidecar names. Partial files, sidecars and
everything else are written without following links (:class:`~fsutil.SafeFolder`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import filelock

from hfmanager.core import cachespec as cs
from hfmanager.core import errors as err
from hfmanager.core.downloads import fallback
from hfmanager.core.downloads.answer import RestartError, check_body, check_status
from hfmanager.core.downloads.bodywrite import SIDECAR_MIN, write_body
from hfmanager.core.downloads.config import CHUNK, CancelToken, EngineConfig, Writer
from hfmanager.core.downloads.fallback import SourceLog
from hfmanager.core.downloads.landing import Landing
from hfmanager.core.downloads.layout import (
    CacheLayout,
    validate_commit,
    validate_etag,
    validate_size,
)
from hfmanager.core.downloads.plan import RemoteEntry, RepoPlan, resolve_url
from hfmanager.core.downloads.ranges import (
    ProgressFn,
    RangesUnsupportedError,
    SegmentedTransfer,
)
from hfmanager.core.downloads.sidecar import PartialFile, Sidecar, discard
from hfmanager.core.downloads.stall import NetworkError, StalledReadError
from hfmanager.core.downloads.symlinks import copy_layout
from hfmanager.core.downloads.transport import XET_HASH_HEADER, Transport, request_headers
from hfmanager.core.fsutil import UnsafeFileError
from hfmanager.core.network import shared_store_enabled

__all__ = ["CHUNK", "SIDECAR_MIN", "CancelToken", "Downloader", "EngineConfig", "ProgressFn",
           "Writer"]
log = logging.getLogger(__name__)
STALL_RESET = 1024 * 1024  # an attempt that brought this much ends a run of stalls


class Downloader:
    """Downloads a :class:`RepoPlan` into one hub cache root."""

    def __init__(self, cache_root: Path, config: EngineConfig | None = None) -> None:
        self.cache_root = Path(cache_root)
        self.config = config or EngineConfig()
        self.http = Transport(self.config)
        # Which endpoint served each file, and why another did not (the queue shows it).
        self.sources = self.config.sources if self.config.sources is not None else SourceLog()

    # --- public ------------------------------------------------------------------------
    def download(
        self, plan: RepoPlan, progress: ProgressFn | None = None, cancel: CancelToken | None = None
    ) -> list[Path]:
        """Fetch every file of ``plan``; return snapshot paths. Raises the first failure."""
        try:
            return self._download(plan, progress or (lambda _f, _d, _s: None),
                                  cancel or CancelToken())
        except UnsafeFileError as exc:
            raise err.unsafe_cache(exc) from exc

    def _download(self, plan: RepoPlan, progress: ProgressFn, cancel: CancelToken
                  ) -> list[Path]:
        if self.config.net.offline:  # the same refusal as the Hub adapter's, before any I/O
            raise err.OfflineError(err.Reason.OFFLINE)
        validate_commit(plan.commit)
        layout = CacheLayout(self.cache_root, plan.repo_id, plan.repo_type)
        for entry in plan.files:  # validate every server name before the first byte of I/O
            layout.snapshot_path(plan.commit, entry.path)
            validate_etag(entry.etag)
            validate_size(entry.size, entry.path)
        layout.ensure_dirs()
        layout.ensure_cachedir_tag()
        self._write_listing(layout, plan)
        self._clean_stale_temps(layout)
        land = self._landing(layout, plan)
        results: list[Path] = []
        failures: list[BaseException] = []
        workers = max(1, min(self.config.parallel_files, len(plan.files) or 1))
        # Commits (fsync + rename + link) run on their own threads so that a file thread
        # goes back to the network at once: fsync was 20% of a 300-file run (measured).
        with ThreadPoolExecutor(workers, thread_name_prefix="hfm-dl") as pool, \
                ThreadPoolExecutor(2, thread_name_prefix="hfm-commit") as committer:
            futures = [
                pool.submit(self._fetch_one, land, e, progress, cancel, committer)
                for e in plan.files
            ]
            for fut in futures:
                try:
                    got = fut.result()
                    results.append(got.result() if isinstance(got, Future) else got)
                except BaseException as exc:  # collected, the first one is re-raised
                    failures.append(exc)
                    if isinstance(exc, err.NoSpaceError):
                        cancel.set(err.Stop.PAUSE)  # a full disk stops the other files too
        self.close()
        if failures:
            typed = [f for f in failures if not isinstance(f, err.StoppedError)]
            raise (typed or failures)[0]
        if plan.ref:
            layout.write_ref(plan.ref, plan.commit)
        return results

    def _landing(self, layout: CacheLayout, plan: RepoPlan) -> Landing:
        """The layout decisions huggingface_hub makes per file, made once per download."""
        copy = copy_layout(layout.root)
        shared = self.config.shared_store
        if shared is None:
            shared = shared_store_enabled()
        return Landing(layout, plan, copy=copy, shared=shared and not copy,
                       verify=self.config.verify_existing)

    @staticmethod
    def _write_listing(layout: CacheLayout, plan: RepoPlan) -> None:
        """``trees/<commit>.json`` first, as huggingface_hub's snapshot_download does: an
        interrupted or ``--include`` download is then known to be partial."""
        entries = plan.tree_entries()
        if entries is None:
            return
        try:
            layout.write_tree_listing(plan.commit, entries)
        except OSError as exc:  # huggingface_hub ignores this too; the files still count
            log.warning("could not write the tree listing of %s: %s", plan.commit, exc)

    @staticmethod
    def _clean_stale_temps(layout: CacheLayout) -> None:
        """Sidecar temp files a kill -9 left (old ones only: another process may be
        writing a fresh one right now)."""
        cutoff = time.time() - 600
        with os.scandir(layout.repo_dir / "blobs") as it:
            for e in it:
                if e.name.startswith(".") and e.name.endswith(".tmp") \
                        and cs.OUR_PARTIAL_SUFFIX in e.name:
                    with contextlib.suppress(OSError):
                        if e.stat(follow_symlinks=False).st_mtime < cutoff:
                            os.unlink(e.path)

    def close(self) -> None:
        self.http.close()

    # --- one file ----------------------------------------------------------------------
    def _fetch_one(
        self, land: Landing, entry: RemoteEntry, progress: ProgressFn, cancel: CancelToken,
        committer: ThreadPoolExecutor,
    ) -> Path | Future[Path]:
        cancel.check()
        layout = land.layout
        leftover = entry.size > SIDECAR_MIN and layout.sidecar_path(entry.etag).exists()
        if not leftover and (found := land.existing(entry)) is not None:
            return self._place(land, entry, found, progress)  # leftovers go under the lock
        lock_path = layout.ready_lock(entry.etag)
        # Not thread-local: the commit thread releases it after the rename.
        lock = filelock.FileLock(str(lock_path), mode=0o664, thread_local=False)
        while True:  # wait for another process (e.g. `hf download`) without ignoring cancel
            try:
                lock.acquire(timeout=0.25)
                break
            except filelock.Timeout:
                cancel.check()
        try:
            found = land.existing(entry) or land.reuse_shared(entry)
            if found is not None:
                discard(layout.partial_path(entry.etag))  # ours to drop: we hold the lock
                self._drop_sidecar(layout, entry)
                lock.release()
                return self._place(land, entry, found, progress)
            self._fetch_verified(land, entry, progress, cancel)
        except BaseException:
            lock.release()
            raise
        return committer.submit(self._commit, land, entry, progress, lock)

    def _commit(self, land: Landing, entry: RemoteEntry, progress: ProgressFn,
                lock: filelock.BaseFileLock) -> Path:
        """A verified partial becomes a blob or the snapshot file: fsync, then rename
        (under the lock)."""
        try:
            placed = land.commit(entry)
            self._drop_sidecar(land.layout, entry)
        finally:
            lock.release()
        return self._place(land, entry, placed, progress)

    @staticmethod
    def _drop_sidecar(layout: CacheLayout, entry: RemoteEntry) -> None:
        """Remove the sidecar and any temp copy a kill -9 left of it. Only called under
        the blob's lock, so no other process is writing this sidecar right now."""
        if entry.size <= SIDECAR_MIN:
            return
        car = layout.sidecar_path(entry.etag)
        discard(car)
        prefix = f".{car.name}."
        with os.scandir(car.parent) as it:
            stale = [e.path for e in it if e.name.startswith(prefix) and e.name.endswith(".tmp")]
        for path in stale:
            discard(Path(path))

    @staticmethod
    def _place(land: Landing, entry: RemoteEntry, source: Path, progress: ProgressFn) -> Path:
        progress(entry.path, entry.size, entry.size)
        return land.place(entry, source)

    def _fetch_verified(
        self, land: Landing, entry: RemoteEntry, progress: ProgressFn, cancel: CancelToken,
    ) -> None:
        """Fetch from the job's endpoints in order: a miss (:mod:`fallback`) moves this
        file, and only it, to the next one. Returns with a verified partial."""
        endpoints = fallback.endpoints_for(land.plan)
        for i, endpoint in enumerate(endpoints):
            last = i == len(endpoints) - 1
            self.sources.asking(entry.path, endpoint)
            try:
                self._fetch_from(land, entry, progress, cancel, endpoint, 2 if last else 1)
            except err.DownloadError as exc:
                if last or not fallback.is_miss(exc):
                    raise
                self.sources.missed(entry.path, endpoint, exc)
                log.info("%s: %s missed it (%s), asking %s", entry.path, endpoint,
                         exc.reason.value, endpoints[i + 1])
                continue
            return

    def _fetch_from(self, land: Landing, entry: RemoteEntry, progress: ProgressFn,
                    cancel: CancelToken, endpoint: str, attempts: int) -> None:
        """Transfer, and on a hash mismatch discard the partial and try again (``attempts``
        in all: a mirror that lies is left at once when another endpoint follows)."""
        layout = land.layout
        partial, car_path = layout.partial_path(entry.etag), layout.sidecar_path(entry.etag)
        for attempt in range(1, attempts + 1):
            part = self._transfer(land, entry, progress, cancel, endpoint)
            if part.complete():  # hashed while streaming (and the resumed prefix re-hashed)
                return
            discard(partial, car_path)
            if attempt == attempts:
                raise err.IntegrityError(err.Reason.INTEGRITY, filename=entry.path,
                                         etag=entry.etag, endpoint=endpoint)

    def _transfer(
        self, land: Landing, entry: RemoteEntry, progress: ProgressFn, cancel: CancelToken,
        endpoint: str,
    ) -> PartialFile:
        """Bring the partial file to ``entry.size`` bytes, resuming and retrying as needed."""
        layout, plan = land.layout, replace(land.plan, endpoint=endpoint)
        partial, car_path = layout.partial_path(entry.etag), layout.sidecar_path(entry.etag)
        # Asked of the endpoint in force now: a sidecar says what the bytes are, not where
        # from (a partial from a mirror that died resumes from the one chosen since).
        url = resolve_url(endpoint, plan.repo_id, plan.repo_type, plan.commit, entry.path)
        blobs = layout.safe_folder(partial.parent)
        car = Sidecar.load(car_path) if entry.size > SIDECAR_MIN else None
        if car is None or not car.matches(entry.etag, entry.size) or not os.path.lexists(partial):
            discard(partial)  # a link is removed, never followed
            car = Sidecar(entry.etag, entry.size, plan.commit, entry.path)
            if entry.size > SIDECAR_MIN:  # small files just start again: cheaper than a file
                car.save(car_path, blobs)
        part = PartialFile(partial, entry.etag, entry.size, blobs)
        if car.segments is not None or (self.config.ranges_per_file > 1 and entry.size >= max(
                self.config.range_min_size, SIDECAR_MIN + 1)):
            try:
                SegmentedTransfer(self, plan, entry, car, car_path, part, url, progress,
                                  cancel).run()
                whole = True
            except RangesUnsupportedError:
                discard(partial)  # the server ignores Range: one stream from byte 0
                whole = False
            car.segments = None
            car.save(car_path, blobs)
            if whole:
                progress(entry.path, part.adopt_whole(), entry.size)  # hashed from disk
                return part
        progress(entry.path, part.load(), entry.size)
        self.retrying(entry.path, lambda: part.offset, entry.size,
                      lambda: self._stream(land, entry, part, car, url, progress, cancel,
                                           endpoint),
                      part.reset, cancel)
        return part

    def retrying(self, name: str, done: Callable[[], int], total: int,
                 step: Callable[[], None], restart: Callable[[], None] | None,
                 cancel: CancelToken) -> None:
        """Call ``step`` until ``done()`` reaches ``total``: network failures are retried
        with exponential backoff and jitter (progress since the last try resets the
        count); a :class:`RestartError` calls ``restart`` (or is re-raised without one).
        Stalls count apart: only an attempt that brought :data:`STALL_RESET` bytes ends a
        run of them, so a server that drips a few bytes per try cannot retry forever."""
        failures = stalls = 0
        while (before := done()) < total:
            cancel.check()
            try:
                step()
                continue
            except RestartError:
                if restart is None:
                    raise
                restart()
                failures += 1
            except StalledReadError as exc:
                stalls = 1 if done() - before >= STALL_RESET else stalls + 1
                if stalls > self.config.stall_retries:
                    raise err.stalled(name, self.config.stall_min_rate,
                                      self.config.stall_timeout, stalls) from exc
            except (NetworkError, err.ProtocolViolationError, err.ServerError) as exc:
                # Progress since the last attempt means the link works: back off briefly.
                failures = 1 if done() > before else failures + 1
                if failures > self.config.max_retries:
                    raise err.ServerError(err.Reason.GAVE_UP, filename=name, attempts=failures,
                                          detail=str(exc)) from exc
            if failures > self.config.max_retries:
                raise err.ServerError(err.Reason.KEEPS_RESTARTING, filename=name)
            delay = min(self.config.backoff_max, self.config.backoff_base * 2 ** (failures - 1))
            cancel.sleep(delay * (0.5 + random.random()))  # jitter spreads reconnects

    def _stream(
        self, land: Landing, entry: RemoteEntry, part: PartialFile, car: Sidecar, url: str,
        progress: ProgressFn, cancel: CancelToken, endpoint: str,
    ) -> None:
        offset = part.offset
        headers = request_headers(self.config.user_agent, car.validator, offset)
        kept: dict[str, str] = {}
        car_path = land.layout.sidecar_path(entry.etag)
        with self.http.get(endpoint, url, headers, entry.path, kept) as resp:
            if kept.get(XET_HASH_HEADER):  # the Hub says it on its /resolve answer
                land.xet_seen.setdefault(entry.etag, kept[XET_HASH_HEADER])
            start = check_status(resp, offset, entry)
            check_body(resp, entry)
            validator = resp.header("etag")
            if (entry.size > SIDECAR_MIN and validator != car.validator and len(validator) <= 200
                    and validator.isprintable()):
                car.validator = validator
                car.save(car_path, part.folder)
            if start == 0 and offset:
                part.reset()  # a 200 to our Range: start over cleanly
            try:
                write_body(self.config, resp, part, entry, progress, cancel)
            finally:  # checkpoint when a connection ends (pause, drop, stall): informative
                if entry.size > SIDECAR_MIN and car.verified != part.offset < entry.size:
                    car.verified = part.offset
                    with contextlib.suppress(OSError):
                        car.save(car_path, part.folder)
