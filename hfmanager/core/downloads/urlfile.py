"""One file by URL into a folder (by default ``$TORCH_HOME/hub/checkpoints``), through
the engine's transport: proxies, the token policy (the token only ever goes to the Hub's
own origin: :meth:`NetConfig.authorization`), https-only redirects, stall detection,
the bandwidth cap, pause and cancel.

The bytes stream into ``<name>.hfm-partial`` beside a sidecar ``<name>.hfm-partial.json``
that says which URL, how many bytes and which validator (ETag or Last-Modified, sent
back as ``If-Range``) they are a prefix of; a restart re-hashes the prefix and asks for
the rest with ``Range``. The file is hashed (sha256) as it arrives; where its name
carries a hash prefix (torch.hub's ``HASH_REGEX``) the digest must start with it, as
``torch.hub.download_url_to_file(check_hash=True)`` demands. A mismatch discards the
partial and fetches once more; a second one fails and leaves nothing in the folder.
Only a complete file is fsynced and renamed to ``<name>``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import filelock

from hfmanager.core import cachespec as cs
from hfmanager.core import errors as err
from hfmanager.core.downloads.answer import RestartError, check_status
from hfmanager.core.downloads.config import CancelToken, EngineConfig
from hfmanager.core.downloads.plan import FREE_SPACE_MARGIN, DownloadSpec, RemoteEntry
from hfmanager.core.downloads.ranges import ProgressFn
from hfmanager.core.downloads.sidecar import discard
from hfmanager.core.downloads.stall import NetworkError, StalledReadError
from hfmanager.core.downloads.transport import (
    Body,
    Transport,
    content_range,
    read_size,
    request_headers,
)
from hfmanager.core.downloads.urlspec import checkpoints_dir, file_name, hash_prefix
from hfmanager.core.fsutil import (
    SafeFolder,
    UnsafeFileError,
    create_at,
    open_file_at,
    read_untouched,
    remove_odd_at,
    write_replace_at,
)
from hfmanager.core.text import human_size

SIDECAR_VERSION = 1
_SIDECAR_MAX = 16 * 1024
Planned = Callable[["UrlPlan"], None]


@dataclass(frozen=True)
class UrlPlan:
    """What a URL job fetches and where to; ``size`` is 0 until the server said it."""

    url: str
    dest_dir: Path
    name: str
    hash_prefix: str | None
    size: int = 0

    @property
    def dest(self) -> Path:
        return self.dest_dir / self.name

    @property
    def partial(self) -> Path:
        return self.dest_dir / f"{self.name}{cs.OUR_PARTIAL_SUFFIX}"

    @property
    def sidecar(self) -> Path:
        return self.dest_dir / f"{self.name}{cs.OUR_SIDECAR_SUFFIX}"

    @property
    def lock(self) -> Path:
        return self.dest_dir / f"{self.name}{cs.OUR_LOCK_SUFFIX}"


def plan_url(spec: DownloadSpec) -> UrlPlan:
    """The plan of a URL job: its name, hash prefix and folder (``spec.dest`` or the
    torch hub's checkpoints folder, read from the environment now)."""
    name = file_name(spec.url)
    dest = Path(spec.dest) if spec.dest else checkpoints_dir()
    return UrlPlan(spec.url, dest, name, hash_prefix(name))


def discard_partial(plan: UrlPlan) -> None:
    """What a cancelled job leaves: nothing."""
    discard(plan.partial, plan.sidecar)


@dataclass
class _Car:
    """The sidecar: what the partial bytes are a prefix of."""

    url: str
    size: int = 0
    validator: str = ""
    version: int = SIDECAR_VERSION

    @classmethod
    def load(cls, path: Path, url: str) -> _Car | None:
        try:
            raw: Any = json.loads(read_untouched(path, _SIDECAR_MAX, follow=False))
            car = cls(**raw)
        except (OSError, ValueError, TypeError, RecursionError):
            return None
        ok = (car.version == SIDECAR_VERSION and car.url == url and type(car.size) is int
              and car.size >= 0 and isinstance(car.validator, str)
              and len(car.validator) <= 200 and car.validator.isprintable())
        return car if ok else None

    def save(self, folder: SafeFolder, name: str) -> None:
        with folder.fd() as dfd:
            write_replace_at(dfd, name, json.dumps(asdict(self)).encode("utf-8"))


class _Partial:
    """The partial file and the running sha256 of exactly the bytes on disk."""

    def __init__(self, plan: UrlPlan, folder: SafeFolder) -> None:
        self.plan, self.folder = plan, folder
        self.hasher = hashlib.sha256()
        self.offset = 0

    def open_fd(self) -> int:
        name = self.plan.partial.name
        with self.folder.fd() as dfd:
            remove_odd_at(dfd, name)  # a link is removed, never followed
            try:
                return create_at(dfd, name)
            except FileExistsError:
                return open_file_at(dfd, name, os.O_RDWR)

    def load(self, limit: int | None) -> int:
        """Hash what a previous run left; drop anything past ``limit``."""
        fd = self.open_fd()
        try:
            self.hasher, self.offset = hashlib.sha256(), 0
            while limit is None or self.offset < limit:
                want = 8 << 20 if limit is None else min(8 << 20, limit - self.offset)
                chunk = os.pread(fd, want, self.offset)
                if not chunk:
                    break
                self.hasher.update(chunk)
                self.offset += len(chunk)
            os.ftruncate(fd, self.offset)
        finally:
            os.close(fd)
        return self.offset

    def reset(self) -> None:
        fd = self.open_fd()
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)
        self.hasher, self.offset = hashlib.sha256(), 0


class UrlFetch:
    """Fetches one :class:`UrlPlan` with an :class:`EngineConfig`."""

    def __init__(self, plan: UrlPlan, config: EngineConfig, progress: ProgressFn,
                 cancel: CancelToken, planned: Planned | None = None) -> None:
        self.plan, self.config, self.progress, self.cancel = plan, config, progress, cancel
        self.planned = planned or (lambda _p: None)
        self.http = Transport(config)
        self.folder = SafeFolder(os.path.realpath(plan.dest_dir))
        self.car = _Car(plan.url)
        self.part = _Partial(plan, self.folder)
        self.done = False

    def run(self) -> Path:
        """Download (or find) the file; returns its path. Raises the engine's errors."""
        if self.config.net.offline:
            raise err.OfflineError(err.Reason.OFFLINE)
        self.plan.dest_dir.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(self.plan.lock), mode=0o664)
        while True:  # another process fetching the same file: wait, but hear a cancel
            try:
                lock.acquire(timeout=0.25)
                break
            except filelock.Timeout:
                self.cancel.check()
        try:
            return self._locked()
        except UnsafeFileError as exc:
            raise err.unsafe_cache(exc) from exc
        finally:
            self.http.close()
            # Not left in the checkpoints folder. (A process that waited on it gets it
            # next, finds the file in place, and fetches nothing.)
            with contextlib.suppress(OSError):
                self.plan.lock.unlink()
            lock.release()

    def _locked(self) -> Path:
        plan = self.plan
        if self._good_existing():
            discard_partial(plan)
            return plan.dest
        for attempt in (1, 2):
            self._transfer()
            digest = self.part.hasher.hexdigest()
            if plan.hash_prefix is None or digest.startswith(plan.hash_prefix):
                return self._commit()
            discard_partial(plan)  # nothing wrong is kept, not even as a partial
            if attempt == 2:
                raise err.IntegrityError(err.Reason.INTEGRITY, filename=plan.name,
                                         etag=plan.hash_prefix)
        raise AssertionError("unreachable")  # pragma: no cover

    def _good_existing(self) -> bool:
        """A file already there counts when its hash prefix matches (or it has none), as
        torch.hub counts it; a wrong one is fetched again and replaced."""
        dest = self.plan.dest
        if not dest.is_file() or dest.is_symlink():
            return False
        if self.plan.hash_prefix:
            sha = hashlib.sha256()
            with dest.open("rb") as f:
                for chunk in iter(lambda: f.read(8 << 20), b""):
                    sha.update(chunk)
            if not sha.hexdigest().startswith(self.plan.hash_prefix):
                return False
        size = dest.stat().st_size
        self.planned(replace(self.plan, size=size))
        self.progress(self.plan.name, size, size)
        return True

    def _commit(self) -> Path:
        fd = self.part.open_fd()
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        with self.folder.fd() as dfd:
            os.replace(self.plan.partial.name, self.plan.name, src_dir_fd=dfd, dst_dir_fd=dfd)
            with contextlib.suppress(OSError):
                os.fsync(dfd)
        discard(self.plan.sidecar)
        return self.plan.dest

    # --- the transfer -------------------------------------------------------------------
    def _transfer(self) -> None:
        plan = self.plan
        car = _Car.load(plan.sidecar, plan.url)
        if car is None or not os.path.lexists(plan.partial):
            discard(plan.partial)
            car = _Car(plan.url)
            car.save(self.folder, plan.sidecar.name)
        self.car = car
        have = self.part.load(car.size or None)
        if car.size:
            self._sized(car.size)
            self.progress(plan.name, have, car.size)
        self.done = False
        self._retrying()

    def _sized(self, size: int) -> None:
        """The size is known (from the answer, or the sidecar): say it, and refuse at once
        what the folder's volume cannot hold (the partial is kept for a resume)."""
        if self.plan.size != size:
            self.plan = replace(self.plan, size=size)
            self.planned(self.plan)
            need = size - self.part.offset
            free = shutil.disk_usage(self.plan.dest_dir).free
            if need + FREE_SPACE_MARGIN > free:
                raise err.NoSpaceError(err.Reason.NOT_ENOUGH_SPACE,
                                       cache=str(self.plan.dest_dir), need=human_size(need),
                                       free=human_size(free))

    def _retrying(self) -> None:
        """The engine's retry rules (:meth:`Downloader.retrying`), for a file whose size
        may only be known from its answer."""
        cfg, failures, stalls = self.config, 0, 0
        while not self.done:
            self.cancel.check()
            before = self.part.offset
            try:
                self._stream()
                continue
            except RestartError:
                self.part.reset()
                self.car = _Car(self.plan.url)
                failures += 1
            except StalledReadError as exc:
                stalls = 1 if self.part.offset - before >= 1 << 20 else stalls + 1
                if stalls > cfg.stall_retries:
                    raise err.stalled(self.plan.name, cfg.stall_min_rate, cfg.stall_timeout,
                                      stalls) from exc
            except (NetworkError, err.ProtocolViolationError, err.ServerError) as exc:
                failures = 1 if self.part.offset > before else failures + 1
                if failures > cfg.max_retries:
                    raise err.ServerError(err.Reason.GAVE_UP, filename=self.plan.name,
                                          attempts=failures, detail=str(exc)) from exc
            if failures > cfg.max_retries:
                raise err.ServerError(err.Reason.KEEPS_RESTARTING, filename=self.plan.name)
            delay = min(cfg.backoff_max, cfg.backoff_base * 2 ** max(0, failures - 1))
            self.cancel.sleep(delay * (0.5 + random.random()))

    def _stream(self) -> None:
        plan, part, car = self.plan, self.part, self.car
        offset = part.offset
        headers = request_headers(self.config.user_agent, car.validator if offset else "",
                                  offset)
        with self.http.get(self.config.net.endpoint, plan.url, headers, plan.name) as resp:
            total = self._answer(resp, offset)
            if total is None:
                return
            validator = resp.header("etag") or resp.header("last-modified")
            if total != car.size or (validator != car.validator and len(validator) <= 200
                                     and validator.isprintable()):
                car.size, car.validator = total, validator
                car.save(self.folder, plan.sidecar.name)
            if total:
                self._sized(total)
            self._write(resp, total)

    def _answer(self, resp: Body, offset: int) -> int | None:
        """The file's size from the answer (0: unknown), None when nothing is left to
        fetch; raises for an answer that is not the file (or not the part asked for)."""
        code, known = resp.status_code, self.car.size
        if code == 416 and known and offset == known:
            self.done = True
            return None
        if code == 206:
            got = content_range(resp)
            if got is None or got[0] != offset or (known and got[2] not in ("*", str(known))):
                raise RestartError()
            total = int(got[2]) if got[2] != "*" else known
        elif code == 200:
            if offset:
                self.part.reset()  # a full answer to our Range: start over cleanly
            length = resp.header("content-length").strip()
            total = int(length) if length.isdigit() else 0
        else:
            check_status(resp, offset, RemoteEntry(self.plan.name, known, ""))
            raise RestartError()  # 416 for a partial that is not a prefix any more
        encoding = resp.header("content-encoding").strip().lower()
        if encoding not in ("", "identity"):
            raise err.EncodingError(err.Reason.ENCODED, filename=self.plan.name,
                                    encoding=encoding[:40])
        return total

    def _write(self, resp: Body, total: int) -> None:
        part, cfg, name = self.part, self.config, self.plan.name
        limiter = cfg.limiter
        with os.fdopen(part.open_fd(), "r+b", buffering=0) as f:
            f.seek(part.offset)
            try:
                for chunk in resp.chunks(read_size(limiter)):
                    if total and part.offset + len(chunk) > total:
                        raise RestartError()  # more bytes than the file has
                    if limiter is not None:
                        limiter.consume(len(chunk), self.cancel)
                    cfg.writer(f, chunk)
                    part.hasher.update(chunk)  # only after the bytes are on disk
                    part.offset += len(chunk)
                    # An unknown size is shown as "not done yet" until the body ends.
                    self.progress(name, part.offset, total or part.offset + 1)
                    self.cancel.check()
            except OSError as exc:
                full = err.no_space(exc, name)
                if full is None:
                    raise
                raise full from exc
            finally:
                f.truncate(part.offset)  # keep exactly the bytes that were hashed
        if total and part.offset < total:
            raise err.ProtocolViolationError(err.Reason.ENDED_EARLY, filename=name,
                                             offset=part.offset)
        if not total:
            self.progress(name, part.offset, part.offset)
        self.done = True


def fetch_url(spec: DownloadSpec, config: EngineConfig, progress: ProgressFn,
              cancel: CancelToken, planned: Planned | None = None) -> Path:
    """Download the file of a URL job (see the module's text); returns its path."""
    plan = plan_url(spec)
    planned = planned or (lambda _p: None)
    planned(plan)
    return UrlFetch(plan, config, progress, cancel, planned).run()
