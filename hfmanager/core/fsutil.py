"""Small file-system helpers shared by the core: atomic writes, reads that leave atime,
and writes below a trusted root that never go through a link (:class:`SafeFolder`)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
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


# --- writing below a trusted root without following links ------------------------------
# Each file the download engine creates or appends to is opened relative to a folder
# descriptor reached from the root's real path one component at a time with O_NOFOLLOW
# (as cleanup's safefs does for removals): a link planted at a folder or at the file
# makes the open fail instead of writing through it, to a file outside the cache.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NOFOLLOW | _CLOEXEC
_FILE_FLAGS = _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0)  # a FIFO never blocks


class UnsafeFileError(OSError):
    """A link, a folder, a device or another user's file where a file of ours belongs."""


def _odd(errnum: int, what: str, name: str) -> UnsafeFileError:
    return UnsafeFileError(errnum, what, name)


@dataclass(frozen=True)
class SafeFolder:
    """The folder ``root/parts...``, entered without following a link below ``root``
    (the root itself is the user's choice and may be reached through one)."""

    root: str  # real path
    parts: tuple[str, ...] = ()

    @classmethod
    def below(cls, root: str | os.PathLike[str], path: str | os.PathLike[str]) -> SafeFolder:
        """``path`` (a folder at or below ``root``, compared lexically) as a SafeFolder."""
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        parts = tuple(p for p in rel.split(os.sep) if p not in ("", "."))
        if ".." in parts:
            raise _odd(errno.EXDEV, "not inside the cache", os.fspath(path))
        return cls(os.path.realpath(root), parts)

    @contextlib.contextmanager
    def fd(self, create: bool = False) -> Iterator[int]:
        """A descriptor of the folder; ``create`` makes missing components (umask applies)."""
        fd = os.open(self.root, _DIR_FLAGS)
        try:
            for part in self.parts:
                if create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, 0o777, dir_fd=fd)
                try:
                    nfd = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    raise
                except OSError as exc:  # ELOOP/ENOTDIR: a link or a file in its place
                    raise _odd(exc.errno or errno.ELOOP, "not a folder of the cache (a link?)",
                               os.path.join(self.root, *self.parts)) from exc
                os.close(fd)
                fd = nfd
            yield fd
        finally:
            os.close(fd)


def open_file_at(dir_fd: int, name: str, flags: int, mode: int = 0o666) -> int:
    """Open ``name`` in ``dir_fd`` never through a final link, and only when it is a
    regular file owned by this user (else :class:`UnsafeFileError`)."""
    try:
        fd = os.open(name, flags | _FILE_FLAGS, mode, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _odd(errno.ELOOP, "a link where a file belongs", name) from exc
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _odd(errno.EINVAL, "not a regular file", name)
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise _odd(errno.EPERM, "owned by another user", name)
    except BaseException:
        os.close(fd)
        raise
    return fd


def create_at(dir_fd: int, name: str, mode: int = 0o666) -> int:
    """A new, empty regular file ``name`` in ``dir_fd`` (O_EXCL: nothing there is reused)."""
    return open_file_at(dir_fd, name, os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)


def remove_odd_at(dir_fd: int, name: str) -> bool:
    """Unlink ``name`` when it is not a regular file of ours (a link is removed, never
    followed); a folder is refused. True when something was removed."""
    try:
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(st.st_mode):
        raise _odd(errno.EISDIR, "a folder where a file belongs", name)
    ours = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
    if stat.S_ISREG(st.st_mode) and ours:
        return False
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name, dir_fd=dir_fd)
    return True


def temp_name(name: str) -> str:
    """An unpredictable temporary name beside ``name`` (hidden, ``.tmp``)."""
    return f".{name}.{secrets.token_hex(8)}.tmp"


def create_temp_at(dir_fd: int, name: str, mode: int = 0o666) -> tuple[str, int]:
    """A fresh temporary file beside ``name``: its name and an fd open for writing."""
    for _ in range(16):
        tmp = temp_name(name)
        try:
            return tmp, create_at(dir_fd, tmp, mode)
        except FileExistsError:  # someone guessed a random name: take another
            continue
    raise _odd(errno.EEXIST, "no free temporary name", name)


def write_replace_at(dir_fd: int, name: str, data: bytes, *, mode: int = 0o666,
                     sync: bool = False) -> None:
    """``name`` in ``dir_fd`` holds exactly ``data``: written under a fresh temporary
    name, then renamed over ``name`` (a rename replaces a link, never writes through)."""
    tmp, fd = create_temp_at(dir_fd, name, mode)
    try:
        with os.fdopen(fd, "wb", buffering=0) as f:
            view = memoryview(data)
            while view:
                view = view[f.write(view) or 0:]
            if sync:
                os.fsync(f.fileno())
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        raise
