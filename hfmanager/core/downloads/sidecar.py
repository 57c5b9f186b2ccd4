"""The small JSON file beside a partial blob that makes a download resumable.

It says what the partial bytes are a prefix of: content (etag, size, commit, file) and
the server's validator for ``If-Range``, never where to fetch the rest: a resume asks
the endpoint in force now, so a partial from a mirror that died resumes from another,
and a planted sidecar cannot send a request anywhere (an old sidecar's ``url`` is
ignored). A partial whose sidecar is missing, unreadable or describes something else
is discarded rather than trusted: a wrong resume would only cost a failed hash and a
re-download, but we prefer not to pay it. The hash state itself is not persisted
(hashlib cannot serialise it); on resume the partial bytes are re-read and hashed
sequentially, which runs at disk speed.

Both files are opened relative to the ``blobs/`` folder's descriptor without following
links (:class:`~hfmanager.core.fsutil.SafeFolder`): a link planted in their place is
replaced, never written through.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol

from hfmanager.core import cachespec as cs
from hfmanager.core.fsutil import (
    SafeFolder,
    create_at,
    open_file_at,
    open_untouched,
    read_untouched,
    remove_odd_at,
    write_replace_at,
)

SIDECAR_VERSION = 1
REHASH_CHUNK = 8 * 1024 * 1024
SIDECAR_MAX_BYTES = 64 * 1024  # ours are < 2 KiB (16 parts at most): more is not ours
_LEGACY_KEYS = ("url",)  # version 1 files saved the source URL: read, never used


@dataclass
class Sidecar:
    """What a ``blobs/<etag>.hfm-partial`` file is a prefix of."""

    etag: str
    size: int
    commit: str
    filename: str
    validator: str = ""  # the ETag header of the server that sent the bytes (for If-Range)
    verified: int = 0  # bytes known to be on disk at the last checkpoint (informative)
    version: int = SIDECAR_VERSION
    # Several ranges at once (ranges.py): per part [start, end, next byte to fetch]; the
    # bytes before "next" are on disk. None: the partial is one prefix of the blob.
    segments: list[list[int]] | None = None

    def save(self, path: Path, folder: SafeFolder | None = None) -> None:
        """Write-then-rename without fsync: a sidecar lost to a power cut only costs a
        re-download (an unreadable sidecar discards its partial), never a wrong blob.
        ``folder`` is ``path``'s folder reached without links (default: its real path)."""
        folder = folder or SafeFolder(os.path.realpath(path.parent))
        with folder.fd() as dfd:
            write_replace_at(dfd, path.name, json.dumps(asdict(self)).encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> Sidecar | None:
        """The sidecar at ``path``, or None when missing, a link, or not one of ours."""
        try:
            raw: Any = json.loads(read_untouched(path, SIDECAR_MAX_BYTES, follow=False))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(raw, dict) or raw.get("version") != SIDECAR_VERSION:
            return None
        for key in _LEGACY_KEYS:
            raw.pop(key, None)
        if set(raw) - {f.name for f in fields(cls)}:
            return None
        try:
            car = cls(**raw)
        except TypeError:
            return None
        return car if car._valid() else None

    def _valid(self) -> bool:
        """Every field of the type and form this module writes."""
        ints = all(type(v) is int and v >= 0 for v in (self.size, self.verified))
        strs = all(isinstance(v, str) for v in (self.commit, self.filename, self.validator))
        if not (ints and strs and isinstance(self.etag, str) and cs.ETAG_RE.fullmatch(self.etag)):
            return False
        if len(self.validator) > 200 or not self.validator.isprintable():
            return False
        return self.segments is None or _segments_ok(self.segments, self.size)

    def matches(self, etag: str, size: int) -> bool:
        return self.etag == etag and self.size == size


def _segments_ok(segments: object, size: object) -> bool:
    """Parts that tile [first start, size) in order, each with its progress inside it."""
    if not isinstance(segments, list) or not segments or not isinstance(size, int):
        return False
    end = None
    for seg in segments:
        if not (isinstance(seg, list) and len(seg) == 3
                and all(type(v) is int for v in seg)):
            return False
        start, stop, nxt = seg
        if (end is not None and start != end) or not 0 <= start <= nxt <= stop <= size:
            return False
        end = stop
    return end == size


def discard(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


class Hasher(Protocol):
    def update(self, data: bytes | memoryview, /) -> None: ...
    def hexdigest(self) -> str: ...


def new_hasher(etag: str, size: int) -> Hasher:
    """sha256 for LFS blobs (64 hex); git's blob sha1 (``blob <size>\\0`` + data) otherwise."""
    return cs.hash_for_etag(etag, size)  # type: ignore[no-any-return]


def rehash_prefix(path: Path, hasher: Hasher, limit: int) -> int:
    """Feed the first ``limit`` bytes of ``path`` into ``hasher``; return bytes read.
    Checking what is already in the cache is not using it: the access time stays."""
    done = 0
    with open_untouched(path) as f:
        while done < limit:
            chunk = f.read(min(REHASH_CHUNK, limit - done))
            if not chunk:
                break
            hasher.update(chunk)
            done += len(chunk)
    return done


def _rehash_fd(fd: int, hasher: Hasher, limit: int) -> int:
    """Feed the first ``limit`` bytes of the open file ``fd`` into ``hasher``."""
    done = 0
    while done < limit:
        chunk = os.pread(fd, min(REHASH_CHUNK, limit - done), done)
        if not chunk:
            break
        hasher.update(chunk)
        done += len(chunk)
    return done


class PartialFile:
    """A partial blob and the running hash of its bytes, kept in step.

    The hash covers exactly the bytes on disk: a chunk is hashed only after it was
    written, and a failed write truncates the file back to the hashed length. The file
    is only ever opened by :meth:`open_fd` (no link followed, ours, regular).
    """

    def __init__(self, path: Path, etag: str, size: int, folder: SafeFolder | None = None
                 ) -> None:
        self.path, self.etag, self.size = path, etag, size
        self.folder = folder or SafeFolder(os.path.realpath(path.parent))
        self.hasher = new_hasher(etag, size)
        self.offset = 0

    def open_fd(self) -> int:
        """The partial open for reading and writing, made empty when missing. A link, a
        special file or another user's file in its place is removed first (its target is
        never touched); a folder there is an error."""
        name = self.path.name
        with self.folder.fd() as dfd:
            remove_odd_at(dfd, name)
            try:
                return create_at(dfd, name)
            except FileExistsError:
                return open_file_at(dfd, name, os.O_RDWR)

    def _rehash(self, fd: int) -> int:
        self.hasher = new_hasher(self.etag, self.size)
        self.offset = _rehash_fd(fd, self.hasher, self.size)
        return self.offset

    def load(self) -> int:
        """Hash what a previous run left (sequential read), drop anything past ``size``."""
        fd = self.open_fd()
        try:
            if os.fstat(fd).st_size > self.size:
                os.ftruncate(fd, 0)
            os.ftruncate(fd, self._rehash(fd))
        finally:
            os.close(fd)
        return self.offset

    def reset(self) -> None:
        fd = self.open_fd()
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)
        self.hasher = new_hasher(self.etag, self.size)
        self.offset = 0

    def adopt_whole(self) -> int:
        """Hash the whole file from disk (after a download in several ranges)."""
        fd = self.open_fd()
        try:
            return self._rehash(fd)
        finally:
            os.close(fd)

    def complete(self) -> bool:
        return self.offset == self.size and self.hasher.hexdigest() == self.etag
