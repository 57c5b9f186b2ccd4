"""A cached snapshot as a plain folder of real files (what other apps and people expect).

Each file is a reflink of its blob where the file system can (no space used), else a
kernel copy, else a plain copy; ``link`` makes hard links instead (no space either, but
the exported file *is* the blob: editing it in place edits the cache), falling back to a
copy across file systems. The destination is new or empty; files are created there
under temporary names relative to a folder descriptor (a link planted below it is never
written through) and renamed; a failure removes what this export created.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from hfmanager.core import cachespec as cs
from hfmanager.core import repolock
from hfmanager.core.downloads.layout import CacheLayout, validate_filename
from hfmanager.core.fsutil import SafeFolder, create_temp_at, read_untouched
from hfmanager.core.transfer import fileops

ExportMode = Literal["copy", "link"]
ExportProgress = Callable[[int, int, str], None]  # bytes done, total, current file


class ExportError(Exception):
    """An export that cannot start: no such revision, a destination in use."""


@dataclass
class ExportResult:
    """What an export wrote."""

    repo_id: str
    commit: str
    dest: str
    files: list[str] = field(default_factory=list)
    size: int = 0
    methods: dict[str, int] = field(default_factory=dict)  # link/reflink/kernel/copy

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def resolve_commit(layout: CacheLayout, revision: str) -> str:
    """A commit given, or the one ``refs/<revision>`` names, whose snapshot is cached."""
    commit: str | None = revision if cs.is_commit(revision) else None
    if commit is None:
        try:
            commit, _ = cs.parse_ref(read_untouched(layout.ref_path(revision), 64,
                                                    follow=False))
        except (OSError, ValueError):
            commit = None
    if commit is None or not layout.snapshot_dir(commit).is_dir():
        raise ExportError(f"{layout.repo_id}: revision '{revision}' is not in the cache")
    return commit


def snapshot_files(snapshot: str, cache_root: str) -> list[tuple[str, str, int]]:
    """(repo path, real file, size) of every file of a snapshot; a link that leads out
    of the cache or to nothing is an error (the snapshot is damaged: verify it)."""
    root = os.path.realpath(cache_root) + os.sep
    out = []
    for here, dirs, files in os.walk(snapshot):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(here, name)
            rel = validate_filename(os.path.relpath(full, snapshot).replace(os.sep, "/"))
            real = os.path.realpath(full)
            if not real.startswith(root) or not os.path.isfile(real):
                raise ExportError(f"'{rel}' points to {real}, not to a file of the cache")
            out.append((rel, real, os.path.getsize(real)))
    return out


def _check_dest(dest: str) -> None:
    if os.path.lexists(dest) and not os.path.isdir(dest):
        raise ExportError(f"{dest} exists and is not a folder")
    if os.path.isdir(dest) and os.listdir(dest):
        raise ExportError(f"{dest} is not empty")


def export_snapshot(cache_root: str | os.PathLike[str], repo_id: str,
                    dest: str | os.PathLike[str], *, repo_type: str = "model",
                    revision: str = "main", mode: ExportMode = "copy",
                    progress: ExportProgress | None = None) -> ExportResult:
    """Write the snapshot of ``revision`` to ``dest`` as real files."""
    try:
        layout = CacheLayout(Path(cache_root), repo_id, repo_type)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    dest = os.path.abspath(dest)
    _check_dest(dest)
    with repolock.hold(str(layout.repo_dir), exclusive=False, wait_s=repolock.VERIFY_WAIT_S):
        commit = resolve_commit(layout, revision)
        files = snapshot_files(str(layout.snapshot_dir(commit)), str(cache_root))
        result = ExportResult(repo_id, commit, dest, size=sum(s for _, _, s in files))
        os.makedirs(dest, exist_ok=True)
        writer = _Writer(SafeFolder(os.path.realpath(dest)), mode, result, progress)
        try:
            for rel, real, size in files:
                writer.put(rel, real, size)
        except BaseException:
            writer.undo()
            raise
    return result


class _Writer:
    def __init__(self, dest: SafeFolder, mode: ExportMode, result: ExportResult,
                 progress: ExportProgress | None) -> None:
        self.dest, self.mode, self.result, self.progress = dest, mode, result, progress
        self.done = 0
        self.made: list[tuple[tuple[str, ...], str | None]] = []  # (folder, file) to undo
        self.current = ""

    def _tick(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.result.size, self.current)

    def _folder(self, parts: tuple[str, ...]) -> SafeFolder:
        for i in range(1, len(parts) + 1):
            sub = SafeFolder(self.dest.root, parts[:i])
            if not os.path.isdir(os.path.join(self.dest.root, *parts[:i])):
                with sub.fd(create=True):
                    self.made.append((parts[:i], None))
        return SafeFolder(self.dest.root, parts)

    def put(self, rel: str, real: str, size: int) -> None:
        *folders, name = rel.split("/")
        self.current = rel
        with self._folder(tuple(folders)).fd(create=True) as dfd:
            method = self._link(real, dfd, name) if self.mode == "link" else None
            if method is None:
                method = self._copy(real, dfd, name, size)
            else:
                self._tick(size)
        self.made.append((tuple(folders), name))
        self.result.files.append(rel)
        self.result.methods[method] = self.result.methods.get(method, 0) + 1

    @staticmethod
    def _link(real: str, dfd: int, name: str) -> str | None:
        try:
            os.link(real, name, dst_dir_fd=dfd, follow_symlinks=False)
        except OSError as exc:
            if exc.errno in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                return None
            raise
        return "link"

    def _copy(self, real: str, dfd: int, name: str, size: int) -> str:
        tmp, fd = create_temp_at(dfd, name, 0o644)
        try:
            with open(real, "rb", buffering=0) as src:
                method = fileops.copy_fd(src.fileno(), fd, size, self._tick)
            os.fsync(fd)
            os.close(fd)
            fd = -1
            os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)  # the folder was empty
        finally:
            if fd >= 0:
                os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
        return method

    def undo(self) -> None:
        for parts, name in reversed(self.made):
            path = os.path.join(self.dest.root, *parts, *([name] if name else []))
            with contextlib.suppress(OSError):
                if name is None:
                    os.rmdir(path)
                else:
                    os.unlink(path)
