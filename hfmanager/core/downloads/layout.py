"""The Hugging Face hub cache layout, written exactly, with every server name validated.

Layout (huggingface_hub's ``file_download.py`` is the reference; the names and patterns
come from :mod:`hfmanager.core.cachespec`)::

    <cache>/<type>s--<org>--<name>/blobs/<etag>
    <cache>/<type>s--<org>--<name>/snapshots/<commit>/<path>  -> ../../blobs/<etag>
    <cache>/<type>s--<org>--<name>/refs/<branch>              (the commit, no newline)
    <cache>/<type>s--<org>--<name>/trees/<commit>.json        (the commit's file list)
    <cache>/.locks/<type>s--<org>--<name>/<etag>.lock
    <cache>/CACHEDIR.TAG

In the copy layout (symlinks disabled or unsupported) the snapshot entry is the file
itself and no blob is kept, as huggingface_hub does. Our own in-progress state sits next
to the blob: ``blobs/<etag>.hfm-partial`` and ``blobs/<etag>.hfm-partial.json``. Names
that come from a server (ETag, commit, file path, ref) are validated before they touch a
path, and every computed path is checked to stay inside the cache root, so a hostile
mirror cannot write elsewhere. Every file is written relative to a folder descriptor
reached without following links (:class:`~hfmanager.core.fsutil.SafeFolder`), under an
unpredictable temporary name created with ``O_EXCL``, so a link planted in a shared or
damaged cache is replaced, never written through.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from hfmanager.core import cachespec as cs
from hfmanager.core.downloads.symlinks import symlinks_disabled
from hfmanager.core.fsutil import (
    SafeFolder,
    create_at,
    create_temp_at,
    open_file_at,
    read_untouched,
    write_replace_at,
)
from hfmanager.core.messages import Msg, Param, msg

# Hub repo ids: optional namespace, then a name of letters, digits, '-', '_', '.'.
REPO_ID_RE = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
REF_RE = re.compile(r"^[A-Za-z0-9._][A-Za-z0-9._/+-]{0,254}$")
MAX_PATH_LEN = 1024
# The largest file a plan may name: 16 TiB (the Hub's largest files are tens of GB). A
# size outside [0, this] is a broken or hostile listing, refused before the free-space
# check: a negative size would hide the others from it.
MAX_FILE_SIZE = 1 << 44


class UnsafeNameError(ValueError):
    """A name from a server or a user would escape the cache or is malformed; ``msg`` is
    set when the text is a message code (a repo the user typed, for the window)."""

    msg: Msg | None = None

    @classmethod
    def said(cls, code: str, **params: Param) -> UnsafeNameError:
        m = msg(code, **params)
        err = cls(m.text())
        err.msg = m
        return err


def validate_etag(etag: str) -> str:
    """Return ``etag`` if it is a git sha1 or a sha256 in lowercase hex; raise otherwise."""
    if not isinstance(etag, str) or not cs.ETAG_RE.fullmatch(etag):
        raise UnsafeNameError(f"invalid blob id from server: {etag[:80]!r}")
    return etag


def validate_commit(commit: str) -> str:
    if not isinstance(commit, str) or not cs.COMMIT_RE.fullmatch(commit):
        raise UnsafeNameError(f"invalid commit hash from server: {commit[:80]!r}")
    return commit


def validate_repo(repo_id: str, repo_type: str) -> tuple[str, str]:
    if repo_type not in cs.REPO_TYPES:
        raise UnsafeNameError.said("download.unknown_repo_type", type=repr(repo_type))
    if not REPO_ID_RE.fullmatch(repo_id) or ".." in repo_id or "--" in repo_id:
        raise UnsafeNameError.said("download.invalid_repo_id", repo=repr(repo_id[:120]))
    return repo_id, repo_type


def validate_filename(name: str) -> str:
    """A repo-relative POSIX path: no '..', no absolute parts, no backslash, no NUL."""
    if not isinstance(name, str) or not name or len(name) > MAX_PATH_LEN:
        raise UnsafeNameError(f"invalid file name from server: {str(name)[:80]!r}")
    if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        raise UnsafeNameError(f"unsafe file name from server: {name[:120]!r}")
    parts = PurePosixPath(name).parts
    if any(p in ("..", ".", "") for p in name.split("/")) or not parts:
        raise UnsafeNameError(f"unsafe file name from server: {name[:120]!r}")
    if any(ch in name for ch in "\r\n"):
        raise UnsafeNameError(f"unsafe file name from server: {name[:120]!r}")
    return name


def validate_size(size: object, name: str = "") -> int:
    """A file size from a listing: an int in [0, :data:`MAX_FILE_SIZE`]."""
    if type(size) is not int or not 0 <= size <= MAX_FILE_SIZE:
        raise UnsafeNameError(
            f"the server gave an impossible size for {name[:120]!r}: {str(size)[:40]}")
    return size


def validate_ref(ref: str) -> str:
    """A branch or tag name that becomes ``refs/<ref>`` (may contain '/', e.g. refs/pr/1)."""
    if not REF_RE.fullmatch(ref) or any(p in ("..", ".", "") for p in ref.split("/")):
        raise UnsafeNameError(f"invalid revision name: {ref[:80]!r}")
    return ref


def repo_folder_name(repo_id: str, repo_type: str) -> str:
    validate_repo(repo_id, repo_type)
    return cs.repo_folder(repo_id, repo_type)


class CacheLayout:
    """Paths and atomic writers for one repo inside one hub cache root."""

    def __init__(self, cache_root: Path, repo_id: str, repo_type: str = "model") -> None:
        self.root = Path(os.path.abspath(cache_root))
        self.repo_id = repo_id
        self.repo_type = repo_type
        self.folder = repo_folder_name(repo_id, repo_type)
        self.repo_dir = self.root / self.folder
        self._root_real = os.path.realpath(self.root)
        self._root_norm = os.path.normpath(self.root)
        self._checked: set[str] = set()

    # --- paths -------------------------------------------------------------------------
    def _inside(self, path: Path) -> Path:
        """Refuse any path that does not stay below the cache root (lexically and resolved).

        A folder whose resolved path was checked is remembered: realpath() is a chain of
        lstat calls, and re-resolving ``blobs/`` for every file cost a quarter of the
        engine's thread time on a 300-file repo (measured).
        """
        lexical = os.path.normpath(path)
        inside = (lexical + os.sep).startswith(self._root_norm + os.sep)
        if not inside or lexical == self._root_norm:
            raise UnsafeNameError(f"path escapes the cache root: {str(path)[:200]}")
        parent = os.path.dirname(lexical)
        if parent not in self._checked:
            parent_real = os.path.realpath(parent)
            if not (parent_real + os.sep).startswith(self._root_real + os.sep):
                raise UnsafeNameError(f"path escapes the cache root: {str(path)[:200]}")
            if os.path.isdir(parent):  # only remember folders that exist (and so resolved)
                self._checked.add(parent)
        return Path(lexical)

    def blob_path(self, etag: str) -> Path:
        return self._inside(self.repo_dir / "blobs" / validate_etag(etag))

    def partial_path(self, etag: str) -> Path:
        return self._inside(
            self.repo_dir / "blobs" / (validate_etag(etag) + cs.OUR_PARTIAL_SUFFIX))

    def sidecar_path(self, etag: str) -> Path:
        return self._inside(self.partial_path(etag).with_name(etag + cs.OUR_SIDECAR_SUFFIX))

    def lock_path(self, etag: str) -> Path:
        return self._inside(self.root / cs.LOCKS_DIR / self.folder / f"{validate_etag(etag)}.lock")

    def ready_lock(self, etag: str) -> Path:
        """The blob's lock path, its folder made without following links, and a link
        planted at the lock removed (filelock refuses a link; another user's lock file
        in a shared cache is left alone: it may be held right now)."""
        path = self.lock_path(etag)
        with self.safe_folder(path.parent).fd(create=True) as dfd, \
                contextlib.suppress(FileNotFoundError):
            if stat.S_ISLNK(os.stat(path.name, dir_fd=dfd, follow_symlinks=False).st_mode):
                os.unlink(path.name, dir_fd=dfd)
        return path

    def snapshot_dir(self, commit: str) -> Path:
        return self._inside(self.repo_dir / "snapshots" / validate_commit(commit))

    def snapshot_path(self, commit: str, filename: str) -> Path:
        rel = validate_filename(filename)
        return self._inside(self.snapshot_dir(commit).joinpath(*rel.split("/")))

    def ref_path(self, ref: str) -> Path:
        return self._inside(self.repo_dir / "refs" / validate_ref(ref))

    def tree_path(self, commit: str) -> Path:
        return self._inside(Path(cs.tree_listing_path(str(self.repo_dir), validate_commit(commit))))

    def safe_folder(self, path: Path) -> SafeFolder:
        """``path`` (a folder inside the root) entered without following links below it."""
        self._inside(path / "x")
        rel = os.path.relpath(os.path.normpath(path), self._root_norm)
        return SafeFolder(self._root_real, tuple(p for p in rel.split(os.sep) if p != "."))

    # --- writers -----------------------------------------------------------------------
    def ensure_dirs(self) -> None:
        for sub in ("blobs", "snapshots", "refs"):
            self._mkdir(self.repo_dir / sub)

    def _mkdir(self, path: Path) -> None:
        self.root.mkdir(parents=True, exist_ok=True)  # the root is the user's choice
        with self.safe_folder(path).fd(create=True):
            pass

    def _snapshot_dst(self, commit: str, filename: str) -> Path:
        dst = self.snapshot_path(commit, filename)
        self._mkdir(dst.parent)
        # A directory squatting on the file's name is never ours to remove.
        if dst.is_dir() and not dst.is_symlink():
            raise UnsafeNameError(f"a folder exists where a file should go: {dst}")
        return dst

    def link_snapshot(
        self, commit: str, filename: str, etag: str, *, copy: bool | None = None
    ) -> Path:
        """Point ``snapshots/<commit>/<filename>`` at ``blobs/<etag>`` (relative symlink).

        Falls back to a copy when symlinks are disabled or unsupported. The link is made
        under a temporary name and renamed, so a reader never sees a half-made entry.
        """
        blob = self.blob_path(etag)
        dst = self._snapshot_dst(commit, filename)
        if dst.is_symlink() and os.path.realpath(dst) == os.path.realpath(blob):
            return dst
        use_copy = symlinks_disabled() if copy is None else copy
        if not use_copy:
            with self.safe_folder(dst.parent).fd() as dfd:
                tmp = self._fresh_tmp(dfd, dst.name, "hfm-link")
                try:
                    os.symlink(os.path.relpath(blob, dst.parent), tmp, dir_fd=dfd)
                except (OSError, NotImplementedError):
                    use_copy = True
                else:
                    os.replace(tmp, dst.name, src_dir_fd=dfd, dst_dir_fd=dfd)
        if use_copy:
            self.copy_into_snapshot(commit, filename, blob)
        return dst

    @staticmethod
    def _fresh_tmp(dfd: int, name: str, tag: str) -> str:
        """A temporary name for ``name``'s link or copy, freed of what a kill -9 left there
        (a fixed name, so the next run finds it). Safe although predictable: symlink()
        and an O_EXCL create fail on anything planted there, and unlink() removes a link,
        never what it points to."""
        tmp = f".{name}.{tag}"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp, dir_fd=dfd)
        return tmp

    def copy_into_snapshot(self, commit: str, filename: str, src: Path) -> Path:
        """The copy layout's entry for content already on disk (a blob, or the same file
        at another path): copied under a temporary name, then renamed over the entry."""
        dst = self._snapshot_dst(commit, filename)
        with self.safe_folder(dst.parent).fd() as dfd:
            tmp = self._fresh_tmp(dfd, dst.name, "hfm-copy")
            fd = create_at(dfd, tmp)
            try:
                with open(src, "rb") as fin, os.fdopen(fd, "wb") as fout:
                    shutil.copyfileobj(fin, fout)
                os.replace(tmp, dst.name, src_dir_fd=dfd, dst_dir_fd=dfd)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp, dir_fd=dfd)
        return dst

    def move_into_snapshot(self, commit: str, filename: str, etag: str) -> Path:
        """The copy layout's entry for a fresh, verified download: the partial itself is
        renamed into the snapshot (huggingface_hub moves a new blob there), so the cache
        holds one copy of it, not a blob and a copy."""
        return self.commit_partial(etag, self._snapshot_dst(commit, filename))

    def commit_partial(self, etag: str, dst: Path | None = None) -> Path:
        """The verified partial becomes ``dst`` (default: the blob): fsynced through a
        descriptor that refuses a link or another user's file, then renamed (a rename
        replaces a link at the target, never writes through it)."""
        partial = self.partial_path(etag)
        with self.safe_folder(partial.parent).fd() as dfd:
            fd = open_file_at(dfd, partial.name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        target = self.blob_path(etag) if dst is None else dst
        self._rename(partial, target)
        return target

    def _rename(self, src: Path, dst: Path) -> None:
        with self.safe_folder(src.parent).fd() as sfd, self.safe_folder(dst.parent).fd() as dfd:
            os.replace(src.name, dst.name, src_dir_fd=sfd, dst_dir_fd=dfd)

    def write_tree_listing(self, commit: str, entries: dict[str, dict[str, Any]]) -> bool:
        """``trees/<commit>.json`` in huggingface_hub's schema, written atomically when
        there is none that it could read (a commit's file list never changes)."""
        path = self.tree_path(commit)
        if cs.read_tree_listing(str(self.repo_dir), commit) is not None:
            return False
        with self.safe_folder(path.parent).fd(create=True) as dfd:
            # 0600, as huggingface_hub's mkstemp makes it.
            write_replace_at(dfd, path.name, cs.tree_listing_bytes(entries), mode=0o600,
                             sync=True)
        return True

    def ensure_cachedir_tag(self) -> None:
        """``CACHEDIR.TAG`` at the cache root (backup tools skip the cache), only when
        missing; huggingface_hub's exact content, so either tool may have written it."""
        name = cs.CACHEDIR_TAG
        if os.path.lexists(self.root / name):
            return
        # A read-only cache root: the tag is a courtesy to backup tools, so never an error.
        with contextlib.suppress(OSError), SafeFolder(self._root_real).fd() as dfd:
            tmp, fd = create_temp_at(dfd, name)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(cs.CACHEDIR_TAG_CONTENT.encode("utf-8"))
                try:  # never replaces a tag someone else wrote meanwhile
                    os.link(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd, follow_symlinks=False)
                except FileExistsError:
                    pass
                except OSError:  # no hard links on this file system: a rename will do
                    with contextlib.suppress(FileNotFoundError):
                        os.stat(name, dir_fd=dfd, follow_symlinks=False)
                        return
                    os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp, dir_fd=dfd)

    def write_ref(self, ref: str, commit: str) -> None:
        """``refs/<ref>`` holds exactly the commit; written atomically when it differs.

        Compared byte for byte: huggingface_hub and transformers read a ref without
        stripping it, so ``<commit>\\n`` resolves to nothing offline and is rewritten.
        """
        path = self.ref_path(ref)
        validate_commit(commit)
        self._mkdir(path.parent)
        with contextlib.suppress(OSError):  # a link there is not read, and then replaced
            if read_untouched(path, 64, follow=False) == commit.encode("ascii"):
                return
        # Mode 0666 less the umask, as huggingface_hub writes it (mkstemp's would be 0600);
        # the temporary name is random and created with O_EXCL (a planted link fails it).
        with self.safe_folder(path.parent).fd() as dfd:
            write_replace_at(dfd, path.name, commit.encode("ascii"))

    def has_blob(self, etag: str, size: int | None) -> bool:
        """A finished blob with the expected size (content was verified before the rename)."""
        try:
            st = self.blob_path(etag).stat()
        except OSError:
            return False
        return size is None or st.st_size == size

    def has_snapshot_file(self, commit: str, filename: str, size: int) -> bool:
        """A snapshot entry (copy, or link to a blob) holding ``size`` bytes."""
        try:
            return self.snapshot_path(commit, filename).stat().st_size == size
        except (OSError, UnsafeNameError):
            return False
