"""Copying, cloning and hashing files for import and export.

A clone (``FICLONE``: btrfs, XFS, bcachefs, APFS through copy_file_range on some kernels)
shares the extents and costs nothing; ``copy_file_range`` lets the kernel copy without
the bytes passing through Python (and clones on file systems that do that on their own,
e.g. NFS 4.2, XFS); the last resort is a read/write loop.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from typing import Any

from hfmanager.core import cachespec as cs

CHUNK = 1 << 20
FICLONE = 0x40049409  # _IOW(0x94, 9, int), the same number on every Linux architecture
# The kernel refuses these when it cannot do the fast path; the slower one still works.
_NO_FAST = {errno.EXDEV, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTTY, errno.ENOSYS,
            errno.EPERM, errno.EBADF, errno.ETXTBSY}
Progress = Callable[[int], None]  # bytes done since the last call


def clone(src_fd: int, dst_fd: int) -> bool:
    """Make ``dst_fd`` share ``src_fd``'s extents; False where the file system cannot."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux/macOS
        return False
    try:
        fcntl.ioctl(dst_fd, FICLONE, src_fd)
    except OSError as exc:
        if exc.errno in _NO_FAST:
            return False
        raise
    return True


def _copy_range(src_fd: int, dst_fd: int, size: int, progress: Progress | None) -> bool:
    """The whole file through ``os.copy_file_range``; False before a byte was written
    when the kernel does not offer it for these two files."""
    done = 0
    while done < size:
        try:
            n = os.copy_file_range(src_fd, dst_fd, min(size - done, 64 * CHUNK))
        except OSError as exc:
            if done == 0 and exc.errno in _NO_FAST:
                return False
            raise
        if n == 0:  # the source shrank under us
            raise OSError(errno.EIO, "the file changed while it was copied")
        done += n
        if progress is not None:
            progress(n)
    return True


def _copy_loop(src_fd: int, dst_fd: int, hashers: tuple[Any, ...],
               progress: Progress | None) -> int:
    done = 0
    while True:
        chunk = os.read(src_fd, CHUNK)
        if not chunk:
            return done
        for h in hashers:
            h.update(chunk)
        view = memoryview(chunk)
        while view:
            view = view[os.write(dst_fd, view):]
        done += len(chunk)
        if progress is not None:
            progress(len(chunk))


def copy_fd(src_fd: int, dst_fd: int, size: int, progress: Progress | None = None,
            *, fast: bool = True, hashers: tuple[Any, ...] = ()) -> str:
    """Copy an open file into an empty one; the method used: ``reflink``, ``kernel``
    or ``copy``. With ``hashers`` the bytes are read here (and hashed as they pass)."""
    if fast and not hashers:
        if clone(src_fd, dst_fd):
            if progress is not None:
                progress(size)
            return "reflink"
        if hasattr(os, "copy_file_range") and _copy_range(src_fd, dst_fd, size, progress):
            return "kernel"
    done = _copy_loop(src_fd, dst_fd, hashers, progress)
    if done != size:
        raise OSError(errno.EIO, "the file changed while it was copied")
    return "copy"


def hash_file(path: str, progress: Progress | None = None) -> tuple[int, str, str]:
    """(size, sha256, git blob sha1) of a file, read once."""
    with open(path, "rb", buffering=0) as f:
        size = os.fstat(f.fileno()).st_size
        sha, git = hashlib.sha256(), cs.git_sha1(size)
        done = 0
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                break
            sha.update(chunk)
            git.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(len(chunk))
    if done != size:
        raise OSError(errno.EIO, "the file changed while it was read", path)
    return size, sha.hexdigest(), git.hexdigest()


def lfs_pointer_sha1(sha256: str, size: int) -> str:
    """The git blob id of the LFS pointer of a content (what the Hub lists as its oid)."""
    pointer = (f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\n"
               f"size {size}\n").encode()
    h = cs.git_sha1(len(pointer))
    h.update(pointer)
    return str(h.hexdigest())
