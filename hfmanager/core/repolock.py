"""One lock per cached repo: downloads, verify and cleanup of a repo take turns.

Without it, ``hfmanager download`` racing ``hfmanager clean`` of the same repo printed
"verified" while the cleanup had deleted ``refs/main`` under it. huggingface_hub locks
each blob (``<root>/.locks/<repo folder>/<etag>.lock``) while it writes it; hfmanager's
engine and cleanup honour those, and add one lock for the whole repo beside them,
``<root>/.locks/<repo folder>/hfmanager-repo.lock`` (an fcntl ``flock``, as
huggingface_hub's ``filelock`` takes): downloads and verify hold it *shared* (they may
run side by side), cleanup *exclusive*. The loser waits, up to a bound, then stops with
a message naming the repo; a wait can be cancelled.

The lock file and its folders are reached from the cache root without following links
(a link planted in ``.locks/`` is refused, never written through). A cache this process
cannot write (read-only, another user's) gets no lock: what we could do there, nobody
else does either. A lock file removed while we waited is no lock: we open it again.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable, Iterator

from hfmanager.core import cachespec as cs

# How long each party waits for the others before it gives up (seconds).
DOWNLOAD_WAIT_S = 300.0  # a cleanup of even a large repo is a rename and an rmtree
VERIFY_WAIT_S = 120.0
CLEAN_WAIT_S = 30.0  # downloads can run for hours: the cleanup is the one to retry
POLL_S = 0.05
_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_UNWRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


class RepoBusyError(OSError):
    """Another process held the repo's lock for longer than we were willing to wait."""


def lock_path(repo_dir: str) -> str:
    """``<root>/.locks/<repo folder>/hfmanager-repo.lock`` for ``<root>/<repo folder>``."""
    root, folder = os.path.split(os.path.normpath(repo_dir))
    return os.path.join(root, cs.LOCKS_DIR, folder, cs.REPO_LOCK_NAME)


def _open_lock(root: str, folder: str) -> int | None:
    """A descriptor of the repo's lock file (created when missing), or None when this
    cache cannot hold one for us."""
    try:
        dfd = os.open(root, _DIR)
    except FileNotFoundError:
        return None
    try:
        for part in (cs.LOCKS_DIR, folder):
            try:
                os.mkdir(part, 0o775, dir_fd=dfd)
            except FileExistsError:
                pass
            except OSError as exc:
                if exc.errno in _UNWRITABLE:
                    return None
                raise
            nfd = os.open(part, _DIR | _NOFOLLOW, dir_fd=dfd)  # ELOOP on a planted link
            os.close(dfd)
            dfd = nfd
        try:  # read-only: flock needs no more, and another user's lock file opens too
            fd = os.open(cs.REPO_LOCK_NAME, os.O_RDONLY | os.O_CREAT | _NOFOLLOW
                         | os.O_CLOEXEC | os.O_NONBLOCK, 0o664, dir_fd=dfd)
        except OSError as exc:
            if exc.errno in _UNWRITABLE:
                return None
            raise
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OSError(errno.EINVAL, "not a regular file", os.path.join(
                root, cs.LOCKS_DIR, folder, cs.REPO_LOCK_NAME))
        return fd
    finally:
        os.close(dfd)


def _still_there(fd: int, path: str) -> bool:
    """Whether ``path`` is still the file ``fd`` locks (not removed or replaced)."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _busy_message(repo_dir: str, exclusive: bool) -> str:
    label = cs.repo_label(repo_dir)
    if exclusive:
        return (f"{label} is in use by another process (a download or a verify); it was "
                "left alone: run the cleanup again when that has finished")
    return f"{label} is being cleaned up by another process; try again when it has finished"


@contextlib.contextmanager
def hold(repo_dir: str, *, exclusive: bool, wait_s: float,
         cancel: Callable[[], None] | None = None,
         on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold ``repo_dir``'s lock (shared or exclusive) for the ``with`` block.

    Waits at most ``wait_s`` seconds, then raises :class:`RepoBusyError`; ``cancel`` is
    called while waiting (it raises to stop), ``on_wait`` once with what we wait for.
    """
    if cs.parse_repo_folder(os.path.basename(os.path.normpath(repo_dir))) is None:
        raise ValueError(f"not a repo folder of a hub cache: {repo_dir}")
    fd = _acquire(repo_dir, exclusive, time.monotonic() + wait_s, cancel, on_wait)
    try:
        yield
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _acquire(repo_dir: str, exclusive: bool, deadline: float,
             cancel: Callable[[], None] | None,
             on_wait: Callable[[str], None] | None) -> int | None:
    """The locked descriptor (None: this cache holds no lock for us)."""
    root, folder = os.path.split(os.path.normpath(repo_dir))
    op = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    told = False
    while True:
        fd = _open_lock(root, folder)
        if fd is None:
            return None
        try:
            while True:
                try:
                    fcntl.flock(fd, op | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not told and on_wait is not None:
                        what = "downloads or verifies" if exclusive else "cleans up"
                        on_wait(f"waiting for another process that {what} "
                                f"{cs.repo_label(repo_dir)}...")
                        told = True
                    if cancel is not None:
                        cancel()
                    if time.monotonic() >= deadline:
                        raise RepoBusyError(_busy_message(repo_dir, exclusive)) from None
                    time.sleep(POLL_S)
            if _still_there(fd, lock_path(repo_dir)):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # removed while we waited: lock the file that is there now


def repo_dir_of(root: str, rel: tuple[str, ...]) -> str | None:
    """The repo folder a path ``root/rel...`` lies in, or None (store, staging, torch)."""
    if rel and cs.parse_repo_folder(rel[0]) is not None:
        return os.path.join(root, rel[0])
    return None
