"""The hub cache's vocabulary: every name and pattern of the on-disk layout, in one place.

huggingface_hub's ``file_download.py``, ``_cache_manager.py``, ``_tree_cache.py`` and
``utils/_shared_blobs.py`` are the reference. Scanner, downloads, cleanup and verify
all take these facts from here, so a layout change (2.x added ``trees/`` and the shared
Xet store) is made once::

    <root>/<type>s--<org>--<name>/blobs/<etag>            (or a link into the store)
    <root>/<type>s--<org>--<name>/snapshots/<commit>/<path> -> ../../blobs/<etag>
    <root>/<type>s--<org>--<name>/refs/<branch>             (the commit, no newline)
    <root>/<type>s--<org>--<name>/trees/<commit>.json       (the commit's file list)
    <root>/<type>s--<org>--<name>/.no_exist/<commit>/<path> (files known to be absent)
    <root>/.locks/<repo folder>/<etag>.lock
    <root>/.locks/<repo folder>/hfmanager-repo.lock  (hfmanager: the whole repo's lock)
    <root>/blobs/<2 hex>/<xet hash>          shared store payload (regular, read-only)
    <root>/blobs/<2 hex>/<xet hash>.refs     manifest: repo blob links using it
    <root>/blobs/<2 hex>/<xet hash>.lock     lock for publish / link / sweep
    <root>/blobs/.huggingface-shared-blobs   marker ("1\\n")
    <root>/CACHEDIR.TAG

This module is pure: names, patterns and tiny readers. Operations on the shared store
live in :mod:`hfmanager.core.sharedstore`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any

from hfmanager.core.untrusted import read_json

# --- names a server sends, which become paths -------------------------------------------
ETAG_RE = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # git sha1 (regular) or sha256 (LFS)
COMMIT_RE = re.compile(r"[0-9a-f]{40}")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
XET_HASH_RE = re.compile(r"[0-9a-f]{64}")
HEX_DIGITS = "0123456789abcdef"


def is_etag(name: str) -> bool:
    return ETAG_RE.fullmatch(name) is not None


def is_commit(name: str) -> bool:
    return COMMIT_RE.fullmatch(name) is not None


# --- repo folders -------------------------------------------------------------------------
REPO_TYPES = ("model", "dataset", "space")
FOLDER_PREFIX_TO_TYPE = {f"{t}s": t for t in REPO_TYPES}  # "models" -> "model"
REPO_SUBDIRS = ("blobs", "snapshots", "refs", ".no_exist", "trees")
# Files operating systems drop into any folder; never "unexpected".
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
CACHEDIR_TAG = "CACHEDIR.TAG"
LOCKS_DIR = ".locks"
# Beside huggingface_hub's per-blob <etag>.lock files (never an etag, so never confused
# with one): downloads and verify hold it shared, cleanup exclusive (core/repolock.py).
REPO_LOCK_NAME = "hfmanager-repo.lock"
# Root-level names huggingface_hub, transformers and diffusers write besides repo folders.
ROOT_IGNORED = IGNORED_NAMES | {LOCKS_DIR, CACHEDIR_TAG, "version.txt",
                                "version_diffusers_cache.txt"}


def parse_repo_folder(name: str) -> tuple[str, str] | None:
    """'models--org--name' -> ('model', 'org/name'); None when not a repo folder name."""
    prefix, sep, rest = name.partition("--")
    if not sep or prefix not in FOLDER_PREFIX_TO_TYPE or not rest:
        return None
    return FOLDER_PREFIX_TO_TYPE[prefix], rest.replace("--", "/")


def repo_label(repo_path: str) -> str:
    """``.../models--org--name`` -> ``org/name``; datasets and spaces keep their type
    (``dataset:org/name``), as users write them."""
    name = os.path.basename(repo_path.rstrip(os.sep))
    kind, _, rest = name.partition("--")
    rid = rest.replace("--", "/")
    return rid if kind == "models" else f"{kind[:-1]}:{rid}"


def repo_folder(repo_id: str, repo_type: str) -> str:
    """('org/name', 'model') -> 'models--org--name' (callers validate the id first)."""
    return "--".join([f"{repo_type}s", *repo_id.split("/")])


# --- partial downloads -------------------------------------------------------------------
HF_INCOMPLETE_SUFFIX = ".incomplete"  # <etag>.incomplete or <etag>.<8 hex>.incomplete
OUR_PARTIAL_SUFFIX = ".hfm-partial"  # hfmanager's engine: <etag>.hfm-partial
OUR_SIDECAR_SUFFIX = ".hfm-partial.json"  # ... and what it is a prefix of
# A file fetched by URL (torch checkpoints: downloads/urlfile.py) keeps its partial, sidecar
# and this lock beside it as <name>.hfm-partial[.json|.lock].
OUR_LOCK_SUFFIX = ".hfm-partial.lock"
PARTIAL_SUFFIXES = (HF_INCOMPLETE_SUFFIX, OUR_PARTIAL_SUFFIX, OUR_SIDECAR_SUFFIX)


def is_partial_name(name: str) -> bool:
    """A ``blobs/`` entry that is a download in progress or left over, not a blob."""
    return name.endswith(PARTIAL_SUFFIXES)


def partial_etag(name: str) -> str:
    """``<etag>.incomplete``, ``<etag>.<8 hex>.incomplete``, ``<etag>.hfm-partial`` -> etag."""
    return name.split(".", 1)[0]


# --- refs --------------------------------------------------------------------------------
def parse_ref(raw: bytes | None) -> tuple[str | None, bool]:
    """A ref file's bytes -> (commit or None, exact).

    huggingface_hub and transformers read a ref without stripping it, so ``<commit>\\n``
    resolves to no snapshot offline: ``exact`` is False then, and the ref needs repair.
    """
    if raw is None:
        return None, False
    text = raw.decode("ascii", "replace")
    commit = text.strip()
    if not is_commit(commit):
        return None, False
    return commit, text == commit


# --- trees/<commit>.json (huggingface_hub 2.x tree cache) --------------------------------
TREES_DIR = "trees"
TREE_FORMAT_VERSION = 1


def tree_listing_path(repo_dir: str, commit: str) -> str:
    return os.path.join(repo_dir, TREES_DIR, f"{commit}.json")


def read_tree_listing(repo_dir: str, commit: str) -> dict[str, dict[str, Any]] | None:
    """``{path: {size, blob_id, lfs_sha256?, lfs_size?, xet_hash?}}`` or None when the
    listing is missing, unreadable or of a format this version does not know."""
    try:  # atime kept: reading the listing is inspecting the snapshot, not using it
        data = read_json(tree_listing_path(repo_dir, commit), 64 * 1024 * 1024)
    except (OSError, ValueError):  # ValueError: not JSON, too large or nested too deeply
        return None
    if not isinstance(data, dict) or data.get("format_version") != TREE_FORMAT_VERSION:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, dict)
            and isinstance(v.get("size"), int)}


def tree_entry(size: int, blob_id: str, lfs_sha256: str | None = None,
               xet_hash: str | None = None) -> dict[str, Any]:
    """One file of a tree listing, in huggingface_hub's ``TreeCacheEntry.to_json`` form."""
    entry: dict[str, Any] = {"size": size, "blob_id": blob_id}
    if lfs_sha256 is not None:
        entry["lfs_sha256"] = lfs_sha256
        entry["lfs_size"] = size
    if xet_hash is not None:
        entry["xet_hash"] = xet_hash
    return entry


def tree_listing_bytes(entries: dict[str, dict[str, Any]]) -> bytes:
    """The file huggingface_hub writes (sorted paths, ``indent=1``)."""
    data = {"format_version": TREE_FORMAT_VERSION,
            "files": {p: entries[p] for p in sorted(entries)}}
    return json.dumps(data, indent=1).encode("utf-8")


# --- CACHEDIR.TAG ------------------------------------------------------------------------
CACHEDIR_TAG_CONTENT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by huggingface_hub.\n"
    "# For information about cache directory tags, see:\n"
    "#\thttps://bford.info/cachedir/\n"
)

# --- the shared Xet blob store -----------------------------------------------------------
STORE_DIR = "blobs"  # directly under the cache root, beside the repo folders
STORE_MARKER = ".huggingface-shared-blobs"
STORE_LAYOUT_VERSION = "1"
MANIFEST_SUFFIX = ".refs"
STORE_LOCK_SUFFIX = ".lock"


def store_dir(root: str) -> str:
    return os.path.join(root, STORE_DIR)


def is_shared_store(root: str) -> bool:
    """Whether ``<root>/blobs`` is a marked store huggingface_hub would use (never a link)."""
    path = store_dir(root)
    try:
        if not os.path.isdir(path) or os.path.islink(path):
            return False
        marker = os.path.join(path, STORE_MARKER)
        if os.path.islink(marker):
            return False
        with open(marker, "rb") as f:
            return f.read(16) == f"{STORE_LAYOUT_VERSION}\n".encode()
    except OSError:
        return False


def store_payload_path(root: str, xet_hash: str) -> str:
    if not XET_HASH_RE.fullmatch(xet_hash):
        raise ValueError(f"invalid Xet hash: {xet_hash[:80]!r}")
    return os.path.join(store_dir(root), xet_hash[:2], xet_hash)


def store_payload_of(path: str, root: str) -> str | None:
    """The xet hash when ``path`` (normalized, absolute) is a canonical store payload path
    ``<root>/blobs/<2 hex>/<hash>``, else None."""
    prefix = store_dir(root) + os.sep
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix):].split(os.sep)
    if len(rest) != 2 or not XET_HASH_RE.fullmatch(rest[1]) or rest[0] != rest[1][:2]:
        return None
    return rest[1]


def link_target_payload(link_path: str, link_text: str, root: str) -> str | None:
    """The xet hash a repo ``blobs/<etag>`` link names, worked out lexically (no stat)."""
    target = os.path.normpath(os.path.join(os.path.dirname(link_path), link_text))
    return store_payload_of(target, os.path.normpath(root))


def manifest_path(payload_path: str) -> str:
    return payload_path + MANIFEST_SUFFIX


def is_store_side_file(name: str) -> bool:
    """Manifests, locks and temporaries huggingface_hub keeps beside the payloads."""
    return name.endswith((MANIFEST_SUFFIX, STORE_LOCK_SUFFIX, ".soft", ".tmp"))


# --- hashes that name blobs --------------------------------------------------------------
def git_sha1(size: int) -> Any:
    """A sha1 primed with git's blob header: feed the content, get the blob id."""
    return hashlib.sha1(b"blob %d\x00" % size, usedforsecurity=False)


def hash_for_etag(etag: str, size: int) -> Any:
    """The hash object whose hex digest equals ``etag`` for intact content."""
    return hashlib.sha256() if len(etag) == 64 else git_sha1(size)
