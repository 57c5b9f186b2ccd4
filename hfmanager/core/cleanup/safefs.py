"""Removal primitives that cannot escape a cache root.

Every removal walks down from the root's real path one component at a time with
``O_NOFOLLOW | O_DIRECTORY``, then acts on the final name relative to that directory
descriptor. A symlink anywhere on the way (a swapped folder, a linked ``blobs/``) makes
the open fail, so nothing is ever deleted through a link; a link itself is unlinked, its
target is never touched. Trees are removed the same way (fd-relative, no following).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)

# Where cleanup renames doomed trees before emptying them, so that a kill -9 never leaves
# a half-removed snapshot or repo where a scanner would see it. The places are ones that
# scanners skip: huggingface_hub's ``.locks`` in a hub root (its own scan_cache_dir and
# ours ignore it) and a folder inside ``checkpoints/`` in a torch hub root (only files
# there are checkpoints).
STAGING_DIR = ".hfmanager-trash"
STAGING_PLACES: tuple[tuple[str, ...], ...] = ((".locks", STAGING_DIR),
                                               ("checkpoints", STAGING_DIR))


def staging_parts(torch_root: bool) -> tuple[str, ...]:
    """The staging folder: under ``checkpoints/`` in a torch hub root, ``.locks/`` else."""
    return STAGING_PLACES[1] if torch_root else STAGING_PLACES[0]


# Test hooks (env vars) so the kill -9 tests can stop us after exactly N removals.
KILL_AFTER_ENV = "HFMANAGER_TEST_CLEAN_KILL_AFTER"
DELAY_ENV = "HFMANAGER_TEST_CLEAN_DELAY"


class UnsafePathError(OSError):
    """A path left its root, changed type or identity, or crossed a symlink."""


def is_inside(path: str, root_real: str) -> bool:
    """Whether the real path of ``path``'s parent is ``root_real`` or below it."""
    parent = os.path.realpath(os.path.dirname(os.path.abspath(path)))
    return parent == root_real or parent.startswith(root_real.rstrip(os.sep) + os.sep)


def rel_parts(path: str, root: str) -> tuple[str, ...]:
    """The components of ``path`` below ``root`` (lexically; no link is resolved)."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    parts = tuple(p for p in rel.split(os.sep) if p not in ("", "."))
    if not parts or ".." in parts:
        raise UnsafePathError(f"{path} is not inside {root}")
    return parts


@contextlib.contextmanager
def open_dir(root_real: str, parts: Sequence[str]) -> Iterator[int]:
    """A descriptor of ``root_real/parts...`` reached without following any link."""
    fd = os.open(root_real, _DIR_FLAGS)
    try:
        for part in parts:
            try:
                nfd = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                raise UnsafePathError(
                    f"cannot enter {part!r} without following a link: {exc.strerror}"
                ) from exc
            os.close(fd)
            fd = nfd
        yield fd
    finally:
        os.close(fd)


@dataclass
class Remover:
    """Counts what it removes (freed bytes by inode) and honours the test hooks.

    A regular file's bytes come back only when its last link goes, so a file counts as
    freed when its link count is 1 at the moment it is unlinked.
    """

    freed: int = 0
    removed: int = 0
    on_removed: Callable[[str], None] | None = None

    def __post_init__(self) -> None:
        self._kill_after = int(os.environ.get(KILL_AFTER_ENV, "0") or 0)
        self._delay = float(os.environ.get(DELAY_ENV, "0") or 0)

    def step(self, label: str) -> None:
        """Count one removal (or staging rename) and run the test hooks."""
        self.removed += 1
        if self.on_removed is not None:
            self.on_removed(label)
        if self._kill_after and self.removed >= self._kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
        if self._delay:
            time.sleep(self._delay)

    def count(self, label: str, freed: int) -> None:
        """Count a removal done elsewhere (a store sweep) that gave back ``freed`` bytes."""
        self.freed += freed
        self.step(label)

    def unlink_at(self, dir_fd: int, name: str, label: str,
                  expect: os.stat_result | None = None) -> None:
        """Unlink a file or link ``name`` in ``dir_fd``, re-checking type and inode."""
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        if stat.S_ISDIR(st.st_mode):
            raise UnsafePathError(f"{label} became a folder")
        if expect is not None and (
            stat.S_IFMT(st.st_mode) != stat.S_IFMT(expect.st_mode)
            or (st.st_dev, st.st_ino) != (expect.st_dev, expect.st_ino)
        ):
            raise UnsafePathError(f"{label} changed since the plan was made")
        os.unlink(name, dir_fd=dir_fd)
        if stat.S_ISREG(st.st_mode) and st.st_nlink <= 1:
            self.freed += st.st_size
        self.step(label)

    def rmtree_at(self, dir_fd: int, name: str, label: str) -> None:
        """Remove ``name`` (a folder, a link or a file) in ``dir_fd`` without following links.

        Iterative, children in name order, each folder after its content: a hostile tree
        deeper than Python's recursion limit is removed like any other (one open
        descriptor per level on the way down).
        """
        st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        if not stat.S_ISDIR(st.st_mode):
            self.unlink_at(dir_fd, name, label)
            return
        # (parent fd, name, label, fd, children left)
        stack: list[tuple[int, str, str, int, Iterator[str]]] = []

        def enter(parent: int, child: str, child_label: str) -> None:
            fd = os.open(child, _DIR_FLAGS, dir_fd=parent)
            try:
                children = iter(sorted(os.listdir(fd)))
            except BaseException:
                os.close(fd)
                raise
            stack.append((parent, child, child_label, fd, children))

        try:
            enter(dir_fd, name, label)
            while stack:
                parent, folder, folder_label, fd, children = stack[-1]
                child = next(children, None)
                if child is None:
                    stack.pop()
                    os.close(fd)
                    os.rmdir(folder, dir_fd=parent)
                    self.step(folder_label)
                elif stat.S_ISDIR(os.stat(child, dir_fd=fd, follow_symlinks=False).st_mode):
                    enter(fd, child, f"{folder_label}/{child}")
                else:
                    self.unlink_at(fd, child, f"{folder_label}/{child}")
        finally:
            for entry in stack:
                os.close(entry[3])


def lstat_at(root_real: str, parts: Sequence[str]) -> os.stat_result:
    """lstat of ``root_real/parts`` reached without following links on the way."""
    with open_dir(root_real, parts[:-1]) as fd:
        return os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)


def same_entry(a: os.stat_result, b: os.stat_result) -> bool:
    """Same inode and same file type."""
    return (a.st_dev, a.st_ino, stat.S_IFMT(a.st_mode)) == (
        b.st_dev, b.st_ino, stat.S_IFMT(b.st_mode))
