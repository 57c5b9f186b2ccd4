"""The shared Xet blob store: list it, link into it, publish to it, collect from it.

Behaves as huggingface_hub 2.x's ``utils/_shared_blobs.py`` (same paths, manifests, lock
files and rules) so either tool can reuse or collect what the other wrote:

- a repo ``blobs/<etag>`` is a *relative* symlink to ``<root>/blobs/<2 hex>/<xet hash>``;
- the manifest ``<xet hash>.refs`` lists those links (repo-relative POSIX paths). It is a
  hint: every line is checked on the file system, and a missing or unreadable manifest
  makes collection keep the payload (leak rather than delete something in use);
- publish, link and sweep hold ``<xet hash>.lock`` (an fcntl ``flock``, as ``filelock``
  takes it on POSIX, so the two tools exclude each other).

hfmanager is stricter in one place: a payload is collected only when no link the scan
found (``also_check``) still points at it, even if the manifest forgot that link.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from hfmanager.core import cachespec as cs


@dataclass(frozen=True)
class Payload:
    """One regular file in the store."""

    xet_hash: str
    path: str
    size: int
    last_accessed: float
    last_modified: float
    inode: tuple[int, int]


def list_payloads(root: str) -> tuple[dict[str, Payload], list[str]]:
    """Every canonical payload of a marked store, and paths of entries that are neither
    payloads nor their side files (reported by the scan as unexpected)."""
    store = cs.store_dir(root)
    payloads: dict[str, Payload] = {}
    odd: list[str] = []
    if not cs.is_shared_store(root):
        return payloads, odd
    try:
        prefixes = os.listdir(store)
    except OSError:
        return payloads, odd
    for prefix in prefixes:
        pdir = os.path.join(store, prefix)
        if prefix == cs.STORE_MARKER or prefix.startswith(cs.STORE_MARKER + "."):
            continue
        if len(prefix) != 2 or prefix.strip(cs.HEX_DIGITS) or not _is_dir(pdir):
            odd.append(pdir)
            continue
        try:
            names = os.listdir(pdir)
        except OSError:
            odd.append(pdir)
            continue
        for name in names:
            path = os.path.join(pdir, name)
            if cs.XET_HASH_RE.fullmatch(name) and name.startswith(prefix):
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                if stat.S_ISREG(st.st_mode):
                    payloads[name] = Payload(name, path, st.st_size, st.st_atime,
                                             st.st_mtime, (st.st_dev, st.st_ino))
                    continue
            if not cs.is_store_side_file(name):
                odd.append(path)
    return payloads, odd


def _is_dir(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def links_to(link_path: str, payload_path: str, root: str) -> bool:
    """Whether ``link_path`` is a repo blob symlink whose text names ``payload_path``."""
    try:
        if not stat.S_ISLNK(os.lstat(link_path).st_mode):
            return False
        text = os.readlink(link_path)
    except OSError:
        return False
    xet = cs.link_target_payload(link_path, text, root)
    return xet is not None and os.path.basename(payload_path) == xet


def _manifest_line_ok(line: str) -> bool:
    parts = line.split("/")
    return (len(parts) == 3 and cs.parse_repo_folder(parts[0]) is not None
            and parts[1] == "blobs" and bool(parts[2]) and ".." not in parts)


def manifest_references(payload_path: str, root: str) -> set[str] | None:
    """Repo blob links listed in the manifest that really link here; None when the
    manifest is missing or unreadable (then nothing may be collected)."""
    manifest = cs.manifest_path(payload_path)
    try:
        if not stat.S_ISREG(os.lstat(manifest).st_mode):
            return None
        with open(manifest, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeError):
        return None
    refs: set[str] = set()
    for line in lines:
        if _manifest_line_ok(line):
            link = os.path.join(root, *line.split("/"))
            if links_to(link, payload_path, root):
                refs.add(link)
    return refs


def expected_freed(payload_path: str, deleting: set[str], root: str,
                   also_check: Iterable[str] = ()) -> int:
    """Bytes a sweep would free once the links in ``deleting`` are gone."""
    refs = manifest_references(payload_path, root)
    if refs is None or not refs or not refs <= deleting:
        return 0
    if any(p not in deleting and links_to(p, payload_path, root) for p in also_check):
        return 0
    try:
        st = os.lstat(payload_path)
    except OSError:
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


@contextlib.contextmanager
def payload_lock(payload_path: str) -> Iterator[None]:
    """huggingface_hub's per-hash lock: O_NOFOLLOW (a planted link is refused), flock."""
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(payload_path + cs.STORE_LOCK_SUFFIX, flags, 0o666)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"shared blob lock is not a regular file: {payload_path}.lock")
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o666)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _rewrite_manifest(manifest: str, refs: set[str], root: str) -> None:
    tmp = f"{manifest}.{secrets.token_hex(4)}.tmp"
    body = "".join(os.path.relpath(p, root).replace(os.sep, "/") + "\n" for p in sorted(refs))
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666)
        os.replace(tmp, manifest)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _collect(payload_path: str, root: str, keep: Callable[[str], bool]) -> int:
    """Under the payload's lock: remove it (and its manifest) unless ``keep(path)`` says
    a link still uses it. Returns the bytes removed; any doubt keeps the payload."""
    root = os.path.normpath(os.path.abspath(root))
    payload_path = os.path.normpath(os.path.abspath(payload_path))
    if cs.store_payload_of(payload_path, root) is None or not cs.is_shared_store(root):
        return 0
    try:
        with payload_lock(payload_path):
            if keep(payload_path):
                return 0
            st = os.lstat(payload_path)
            if not stat.S_ISREG(st.st_mode):
                return 0
            os.unlink(payload_path)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(cs.manifest_path(payload_path))
            return st.st_size
    except OSError:
        return 0


def sweep(payload_path: str, root: str, also_check: Iterable[str] = ()) -> int:
    """Collect one payload when no valid link to it is left; else rewrite its manifest
    to the links that remain. Returns the bytes removed."""
    root = os.path.normpath(os.path.abspath(root))

    def keep(payload: str) -> bool:
        refs = manifest_references(payload, root)
        if refs is None:
            return True  # no readable manifest: never grounds for deletion
        extra = {p for p in also_check if links_to(p, payload, root)}
        if refs or extra:
            _rewrite_manifest(cs.manifest_path(payload), refs | extra, root)
            return True
        return False

    return _collect(payload_path, root, keep)


def sweep_orphan(payload_path: str, root: str, known_users: Iterable[str] = ()) -> int:
    """Remove a payload no link uses: the manifest may be missing here (huggingface_hub
    then leaks it for ever); the scan's links and the manifest's are both re-checked."""
    root = os.path.normpath(os.path.abspath(root))

    def keep(payload: str) -> bool:
        refs = manifest_references(payload, root) or set()
        return bool(refs) or any(links_to(p, payload, root) for p in known_users)

    return _collect(payload_path, root, keep)


# --- writing (downloads) -----------------------------------------------------------------
def ensure_store(root: str) -> bool:
    """Create and mark ``<root>/blobs`` as huggingface_hub does; refuse a foreign folder."""
    store = cs.store_dir(root)
    try:
        os.makedirs(store, exist_ok=True)
        if cs.is_shared_store(root):
            return True
        if not _is_dir(store) or os.listdir(store):
            return False
        mode = stat.S_IMODE(os.stat(root).st_mode)
        os.chmod(store, mode)
        tmp = os.path.join(store, f"{cs.STORE_MARKER}.{secrets.token_hex(4)}.tmp")
        with open(tmp, "w", encoding="ascii") as f:
            f.write(f"{cs.STORE_LAYOUT_VERSION}\n")
        os.chmod(tmp, _payload_mode(root))
        os.replace(tmp, os.path.join(store, cs.STORE_MARKER))
        return cs.is_shared_store(root)
    except OSError:
        return False


def _payload_mode(root: str) -> int:
    """Read-only, readable by whoever can traverse the cache root (as huggingface_hub)."""
    try:
        mode = stat.S_IMODE(os.stat(root).st_mode)
    except OSError:
        return 0o400
    return 0o400 | (0o040 if mode & stat.S_IXGRP else 0) | (0o004 if mode & stat.S_IXOTH else 0)


def _ensure_prefix(prefix: str, root: str) -> None:
    """``<root>/blobs/<2 hex>`` as huggingface_hub makes it: a real folder (never a link)
    with the cache root's mode, so every user of a shared cache can use it."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(prefix)
    if not _is_dir(prefix):
        raise OSError(f"shared blob prefix is not a folder: {prefix}")
    mode = stat.S_IMODE(os.stat(root).st_mode) & (0o777 | stat.S_ISGID | stat.S_ISVTX)
    if stat.S_IMODE(os.lstat(prefix).st_mode) != mode:
        os.chmod(prefix, mode)


def _usable(payload_path: str, size: int) -> bool:
    try:
        st = os.lstat(payload_path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size == size and os.access(payload_path, os.R_OK)


def _append_manifest(payload_path: str, line: str) -> None:
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(cs.manifest_path(payload_path), flags, 0o666)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("shared blob manifest is not a regular file")
        data = f"{line}\n".encode()
        if os.write(fd, data) != len(data):
            raise OSError("short write to a shared blob manifest")
        os.fsync(fd)
    finally:
        os.close(fd)


def _relative_blob(blob_path: str, root: str) -> str | None:
    rel = os.path.relpath(blob_path, root).replace(os.sep, "/")
    return rel if _manifest_line_ok(rel) and "\n" not in rel else None


@contextlib.contextmanager
def _new_link(blob_path: str, payload_path: str) -> Iterator[str]:
    """A relative link to the payload under a temporary name beside ``blob_path``, for
    the caller to rename over it; removed if it was not (any failure on the way)."""
    tmp = os.path.join(os.path.dirname(blob_path),
                       f".{os.path.basename(blob_path)}.{secrets.token_hex(4)}.shared")
    os.symlink(os.path.relpath(payload_path, os.path.dirname(blob_path)), tmp)
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # already renamed away on success


def _target(blob_path: str, xet_hash: str, root: str) -> tuple[str, str] | None:
    """(manifest line, payload path) for a repo blob and a Xet hash, or None if either
    is not one huggingface_hub would accept."""
    rel = _relative_blob(blob_path, root)
    if rel is None or not cs.XET_HASH_RE.fullmatch(xet_hash):
        return None
    return rel, cs.store_payload_path(root, xet_hash)


def link_existing(blob_path: str, xet_hash: str, root: str, size: int) -> bool:
    """Make ``blob_path`` a link to a usable payload already in the store (no download)."""
    target = _target(blob_path, xet_hash, root) if cs.is_shared_store(root) else None
    if target is None:
        return False
    rel, payload = target
    try:
        with payload_lock(payload):
            if not _usable(payload, size):
                return False
            with _new_link(blob_path, payload) as tmp:
                _append_manifest(payload, rel)
                os.replace(tmp, blob_path)
            return True
    except OSError:
        return False


def publish(blob_path: str, xet_hash: str, root: str, size: int,
            replace_existing: bool = False) -> bool:
    """Move a fresh, verified repo blob into the store and leave a link in its place.
    A usable payload already there is kept (the blob is dropped for a link to it) unless
    ``replace_existing`` (it was found corrupt). Best effort: on failure the repo blob
    stays a regular file."""
    target = _target(blob_path, xet_hash, root)
    if target is not None and not ensure_store(root):
        target = None
    if target is None:
        return False
    rel, payload = target
    try:
        _ensure_prefix(os.path.dirname(payload), root)
        with payload_lock(payload), _new_link(blob_path, payload) as tmp:
            _append_manifest(payload, rel)
            moved = replace_existing or not _usable(payload, size)
            if moved:
                os.chmod(blob_path, _payload_mode(root))
                os.replace(blob_path, payload)
            try:
                os.replace(tmp, blob_path)
            except OSError:
                if moved:  # put the content back under the lock, before any sweep
                    shutil.copyfile(payload, blob_path)
                raise
            return True
    except OSError:
        return False
