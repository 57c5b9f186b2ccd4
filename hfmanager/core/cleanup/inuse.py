"""Is a partial download still being written? (lock held, fresh, or ours).

huggingface_hub holds ``<root>/.locks/<repo folder>/<etag>.lock`` (an fcntl flock through
``filelock``) while it writes ``blobs/<etag>[.<8 hex>].incomplete``. hfmanager's own
download engine registers the partial files it owns here, or installs a check.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator

FRESH_SECONDS = 60.0
# huggingface_hub's partial files, and hfmanager's own download engine's (with its sidecar)
PARTIAL_SUFFIXES = (".incomplete", ".hfm-partial", ".hfm-partial.json")


def is_partial_name(name: str) -> bool:
    """A file in ``blobs/`` that is a download in progress or left over, not a blob."""
    return name.endswith(PARTIAL_SUFFIXES)

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


def etag_of(incomplete_name: str) -> str:
    """``<etag>.incomplete`` or ``<etag>.<8 hex>.incomplete`` -> ``<etag>``."""
    return incomplete_name.split(".", 1)[0]


def lock_path_for(root: str, repo_folder: str, incomplete_name: str) -> str:
    return os.path.join(root, ".locks", repo_folder, f"{etag_of(incomplete_name)}.lock")


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
