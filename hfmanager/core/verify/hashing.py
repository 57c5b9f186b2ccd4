"""Hashing with big reads into a reused per-thread buffer."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable

from hfmanager.core import cachespec as cs
from hfmanager.core.fsutil import open_untouched
from hfmanager.core.verify.model import Algo, CancelledError

CHUNK = 4 * 1024 * 1024


_local = threading.local()


def _buffer() -> memoryview:
    buf: memoryview | None = getattr(_local, "buf", None)
    if buf is None:
        buf = memoryview(bytearray(CHUNK))
        _local.buf = buf
    return buf


def hash_fd(fd: int, size: int, algo: Algo, *, cancel: threading.Event | None = None,
            on_bytes: Callable[[int], None] | None = None) -> str:
    """Hex digest of an open file as ``algo`` defines it (git-sha1 adds its header)."""
    h = cs.git_sha1(size) if algo is Algo.GIT_SHA1 else hashlib.sha256()
    buf = _buffer()
    with os.fdopen(os.dup(fd), "rb", buffering=0) as f:
        while True:
            if cancel is not None and cancel.is_set():
                raise CancelledError
            n = f.readinto(buf)
            if not n:
                break
            h.update(buf[:n])
            if on_bytes is not None:
                on_bytes(n)
    return h.hexdigest()


def hash_file(path: str, algo: Algo) -> str:
    """Convenience for one file (tests, benchmarks); a final symlink is refused."""
    with open_untouched(path, follow=False) as f:
        return hash_fd(f.fileno(), os.fstat(f.fileno()).st_size, algo)


def matches(algo: Algo, expected: str, actual: str) -> bool:
    if algo is Algo.SHA256_PREFIX:
        return actual.startswith(expected)
    return actual == expected
