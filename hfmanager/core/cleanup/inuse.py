"""Is a partial download still being written? (lock held, fresh, or ours).

huggingface_hub holds ``<root>/.locks/<repo folder>/<etag>.lock`` (an fcntl flock through
``filelock``) while it writes ``blobs/<etag>[.<8 hex>].incomplete``; hfmanager's own
engine holds the same lock while it writes ``blobs/<etag>.hfm-partial`` (and its
``.hfm-partial.json`` sidecar), and may also register the files it owns here, or install
a check. The partial-file names come from :mod:`hfmanager.core.cachespec`.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator

from hfmanager.core.cachespec import LOCKS_DIR, PARTIAL_SUFFIXES, is_partial_name, partial_etag

__all__ = ["FRESH_SECONDS", "PARTIAL_SUFFIXES", "hold_lock", "in_use_reason",
           "is_partial_name", "lock_path_for", "mark_active", "register_in_use_check",
           "unmark_active", "unregister_in_use_check"]

FRESH_SECONDS = 60.0

_lock = threading.Lock()
_active: set[str] = set()
_checks: list[Callable[[str], bool]] = []


def mark_active(path: str) -> None:
    """Declare that this process is writing ``path`` (cleanup will refuse it)."""
    with _lock:
        _active.add(os.path.abspath(path))


def unmark_active(path: str) -> None:
    with _lock:
        _active.discard(os.path.abspath(path))


def register_in_use_check(check: Callable[[str], bool]) -> None:
    """Add a predicate ``check(abs_path) -> True when in use`` (the downloads engine)."""
    with _lock:
        _checks.append(check)


def unregister_in_use_check(check: Callable[[str], bool]) -> None:
    with _lock:
        if check in _checks:
            _checks.remove(check)


def lock_path_for(root: str, repo_folder: str, incomplete_name: str) -> str:
    """The lock huggingface_hub (and our engine) holds while writing that partial file."""
    return os.path.join(root, LOCKS_DIR, repo_folder, f"{partial_etag(incomplete_name)}.lock")


def _owned_by_us(path: str) -> bool:
    apath = os.path.abspath(path)
    with _lock:
        if apath in _active:
            return True
        checks = list(_checks)
    return any(check(apath) for check in checks)


@contextlib.contextmanager
def hold_lock(lock_path: str | None) -> Iterator[None]:
    """Take the download lock without waiting; raise BlockingIOError when it is held.

    Holding it while we unlink means huggingface_hub cannot start writing the same
    partial file in between. A missing lock file means nobody holds it.
    """
    if lock_path is None:
        yield
        return
    try:
        fd = os.open(lock_path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise BlockingIOError(exc.errno, "the download lock is held") from exc
            raise
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def in_use_reason(path: str, lock_path: str | None, now: float | None = None) -> str | None:
    """Why the partial file ``path`` must not be removed now, or None."""
    if _owned_by_us(path):
        return "being downloaded by hfmanager"
    try:
        with hold_lock(lock_path):
            pass
    except BlockingIOError:
        return "its download lock is held by another process"
    except OSError as exc:
        return f"cannot check its download lock: {exc.strerror}"
    try:
        mtime = os.lstat(path).st_mtime
    except OSError as exc:
        return f"cannot read it: {exc.strerror}"
    if (now if now is not None else time.time()) - mtime < FRESH_SECONDS:
        return "written less than a minute ago"
    return None
