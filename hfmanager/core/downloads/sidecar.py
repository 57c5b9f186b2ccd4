"""The small JSON file beside a partial blob that makes a download resumable.

It says what the partial bytes are a prefix of (etag, size, commit, file, source URL
and the server's validator for ``If-Range``). A partial whose sidecar is missing,
unreadable or describes something else is discarded rather than trusted: a wrong
resume would only cost a failed hash and a re-download, but we prefer not to pay it.
The hash state itself is not persisted (hashlib cannot serialise it); on resume the
partial bytes are re-read and hashed sequentially, which runs at disk speed.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from hfmanager.core import cachespec as cs
from hfmanager.core.fsutil import open_untouched

SIDECAR_VERSION = 1
REHASH_CHUNK = 8 * 1024 * 1024


@dataclass
class Sidecar:
    """What a ``blobs/<etag>.hfm-partial`` file is a prefix of."""

    etag: str
    size: int
    commit: str
    filename: str
    url: str
    validator: str = ""  # the ETag header of the server that sent the bytes (for If-Range)
    verified: int = 0  # bytes known to be on disk at the last checkpoint (informative)
    version: int = SIDECAR_VERSION
    # Several ranges at once (ranges.py): per part [start, end, next byte to fetch]; the
    # bytes before "next" are on disk. None: the partial is one prefix of the blob.
    segments: list[list[int]] | None = None

    def save(self, path: Path) -> None:
        """Write-then-rename without fsync: a sidecar lost to a power cut only costs a
        re-download (an unreadable sidecar discards its partial), never a wrong blob."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(asdict(self)), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> Sidecar | None:
        """The sidecar at ``path``, or None when missing or not one of ours."""
        try:
            raw: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(raw, dict) or raw.get("version") != SIDECAR_VERSION:
            return None
        try:
            car = cls(**raw)
        except TypeError:
            return None
        fields_ok = isinstance(car.size, int) and isinstance(car.verified, int)
        if car.segments is not None and not _segments_ok(car.segments, car.size):
            return None
        return car if fields_ok and isinstance(car.etag, str) else None

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


class PartialFile:
    """A partial blob and the running hash of its bytes, kept in step.

    The hash covers exactly the bytes on disk: a chunk is hashed only after it was
    written, and a failed write truncates the file back to the hashed length.
    """

    def __init__(self, path: Path, etag: str, size: int) -> None:
        self.path, self.etag, self.size = path, etag, size
        self.hasher = new_hasher(etag, size)
        self.offset = 0

    def load(self) -> int:
        """Hash what a previous run left (sequential read), drop anything past ``size``."""
        if not self.path.exists():
            self.path.touch()
            self.hasher, self.offset = new_hasher(self.etag, self.size), 0
            return 0
        if self.path.stat().st_size > self.size:
            os.truncate(self.path, 0)
        self.hasher = new_hasher(self.etag, self.size)
        self.offset = rehash_prefix(self.path, self.hasher, self.size)
        os.truncate(self.path, self.offset)
        return self.offset

    def reset(self) -> None:
        os.truncate(self.path, 0)
        self.hasher = new_hasher(self.etag, self.size)
        self.offset = 0

    def adopt_whole(self) -> int:
        """Hash the whole file from disk (after a download in several ranges)."""
        self.hasher = new_hasher(self.etag, self.size)
        self.offset = rehash_prefix(self.path, self.hasher, self.size)
        return self.offset

    def complete(self) -> bool:
        return self.offset == self.size and self.hasher.hexdigest() == self.etag
