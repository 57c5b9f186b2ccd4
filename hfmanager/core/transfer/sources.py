"""The files of a hand-downloaded folder, hashed the way the Hub names them.

Without the Hub's listing (offline) nobody can say which files the Hub keeps in LFS, so
the folder's own ``.gitattributes`` (a browser or ``git clone`` brings it along) decides,
else the patterns the Hub puts in every new repo's ``.gitattributes``, and any file of
10 MiB or more (the Hub refuses larger files outside LFS).
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hfmanager.core import cachespec as cs
from hfmanager.core.transfer import fileops

# The Hub's default .gitattributes (``filter=lfs`` patterns), as a new repo gets it.
HUB_LFS_PATTERNS = (
    "*.7z", "*.arrow", "*.bin", "*.bz2", "*.ckpt", "*.ftz", "*.gz", "*.h5", "*.joblib",
    "*.lfs.*", "*.mlmodel", "*.model", "*.msgpack", "*.npy", "*.npz", "*.onnx", "*.ot",
    "*.parquet", "*.pb", "*.pickle", "*.pkl", "*.pt", "*.pth", "*.rar", "*.safetensors",
    "saved_model/**/*", "*.tar.*", "*.tar", "*.tflite", "*.tgz", "*.wasm", "*.xz", "*.zip",
    "*.zst", "*tfevents*",
)
LFS_MIN_SIZE = 10 * 1024 * 1024
# Folders a tool leaves beside the files: git's, and huggingface_hub's local_dir metadata.
SKIPPED_DIRS = frozenset({".git", ".cache", ".huggingface"})
LOCAL_REF = "hfm-local"  # refs/hfm-local: the revision an offline import made up


@dataclass(frozen=True)
class LocalFile:
    """One file of the folder: its repo path, where it is, and its hashes."""

    path: str  # repo-relative, POSIX
    source: str  # absolute path in the folder
    size: int
    sha256: str
    git_sha1: str
    is_link: bool  # a symbolic link in the folder: read through, never moved

    def blob_id(self, lfs: bool) -> str:
        return fileops.lfs_pointer_sha1(self.sha256, self.size) if lfs else self.git_sha1


def walk(folder: str) -> list[tuple[str, str, bool]]:
    """(repo path, absolute path, is a link) of every file below ``folder``, sorted.

    Links to files are taken (a folder of links into another cache is a folder of
    files); links to folders are not entered (they could loop or leave the folder).
    """
    out: list[tuple[str, str, bool]] = []
    base = os.path.abspath(folder)
    for here, dirs, files in os.walk(base, onerror=_raise):
        dirs[:] = sorted(d for d in dirs if not (here == base and d in SKIPPED_DIRS))
        for name in files:
            if name in cs.IGNORED_NAMES:
                continue
            full = os.path.join(here, name)
            if not os.path.isfile(full):  # a dangling link, a FIFO, a socket
                continue
            rel = os.path.relpath(full, base).replace(os.sep, "/")
            out.append((rel, full, os.path.islink(full)))
    out.sort()
    return out


def _raise(exc: OSError) -> None:
    raise exc


def hash_all(entries: list[tuple[str, str, bool]],
             progress: Callable[[int, int], None] | None = None) -> list[LocalFile]:
    """Hash every file once (sha256 and git sha1 in one read)."""
    total = sum(os.path.getsize(full) for _, full, _ in entries)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    files = []
    for rel, full, is_link in entries:
        size, sha, git = fileops.hash_file(full, tick)
        files.append(LocalFile(rel, full, size, sha, git, is_link))
    return files


def lfs_patterns(folder: str) -> tuple[str, ...]:
    """The ``filter=lfs`` patterns of the folder's ``.gitattributes``, else the Hub's."""
    try:
        with open(os.path.join(folder, ".gitattributes"), encoding="utf-8",
                  errors="replace") as f:
            text = f.read(1 << 20)
    except OSError:
        return HUB_LFS_PATTERNS
    found = tuple(line.split()[0] for line in text.splitlines()
                  if "filter=lfs" in line and not line.lstrip().startswith("#"))
    return found or HUB_LFS_PATTERNS


def guess_lfs(path: str, size: int, patterns: tuple[str, ...]) -> bool:
    if size >= LFS_MIN_SIZE:
        return True
    name = path.rsplit("/", 1)[-1]
    for pattern in patterns:
        pat = pattern.lstrip("/")
        target = path if "/" in pat else name
        if fnmatch.fnmatchcase(target, pat.replace("**/", "*")):
            return True
    return False


def local_commit(named: dict[str, str]) -> str:
    """A commit-shaped id (40 hex) for files offline: the same files give the same id,
    so importing a folder twice makes one revision, not two."""
    h = hashlib.sha1(b"hfmanager local import\n", usedforsecurity=False)
    for path in sorted(named):
        h.update(f"{path}\0{named[path]}\n".encode())
    return h.hexdigest()


def offline_listing(files: list[LocalFile], patterns: tuple[str, ...]
                    ) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The etag of each file and the tree listing, as the Hub would most likely have
    named them (see the module's note on LFS)."""
    etags: dict[str, str] = {}
    entries: dict[str, dict[str, Any]] = {}
    for f in files:
        lfs = guess_lfs(f.path, f.size, patterns)
        etags[f.path] = f.sha256 if lfs else f.git_sha1
        entries[f.path] = cs.tree_entry(f.size, f.blob_id(lfs), f.sha256 if lfs else None)
    return etags, entries
