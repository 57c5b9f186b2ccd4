"""Small file-system helpers shared by the core: atomic writes, reads that leave atime."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# --- reading without "using" -------------------------------------------------------------
# Inspecting a file (a safetensors header, a hash, a README) must not make it look used:
# "last used" comes from access times, and cleanup rules select on it. O_NOATIME needs the
# caller to own the file (or CAP_FOWNER); otherwise the times are put back after reading.
_NOATIME = getattr(os, "O_NOATIME", 0)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)


def _open_quietly(path: str | os.PathLike[str], flags: int) -> tuple[int, bool]:
    """An fd, and whether the kernel took O_NOATIME (EPERM when the file is not ours)."""
    if _NOATIME:
        try:
            return os.open(path, flags | _NOATIME), True
        except PermissionError as exc:
            if exc.errno != errno.EPERM:
                raise
    return os.open(path, flags), False


def _put_back_atime(fd: int, path: str | os.PathLike[str], before: os.stat_result) -> None:
    """Restore the access time a read moved; the modification time stays as it is now."""
    with contextlib.suppress(OSError):
        after = os.fstat(fd)
        if after.st_atime_ns == before.st_atime_ns:
            return
        times = (before.st_atime_ns, after.st_mtime_ns)
        if os.utime in os.supports_fd:
            os.utime(fd, ns=times)
        else:
            os.utime(path, ns=times)


@contextlib.contextmanager
def open_untouched(path: str | os.PathLike[str], *,
                   follow: bool = True) -> Iterator[io.FileIO]:
    """Open a regular file to inspect it, leaving its access time as it was.

    ``follow=False`` refuses a final symlink (ELOOP). A FIFO or device raises OSError
    instead of blocking. The file object is unbuffered: ``readinto`` goes straight to it.
    """
    flags = _READ_FLAGS | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    fd, quiet = _open_quietly(path, flags)
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as f:
            try:
                yield f
            finally:
                if not quiet:
                    _put_back_atime(fd, path, before)
    finally:
        os.close(fd)


def read_untouched(path: str | os.PathLike[str], limit: int | None = None, *,
                   follow: bool = True) -> bytes:
    """At most ``limit`` bytes (all without one) of a regular file, atime unchanged."""
    with open_untouched(path, follow=follow) as f:
        size = os.fstat(f.fileno()).st_size
        # read() allocates its whole argument: ask only for what the file holds (+1 to
        # notice that it grew past the limit).
        want = size + 1 if limit is None else min(limit, size + 1)
        chunks = []
        while want > 0:
            chunk = f.read(want)
            if not chunk:
                break
            chunks.append(chunk)
            want -= len(chunk)
        return b"".join(chunks)
