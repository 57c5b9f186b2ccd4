"""Where a verified download lands, and what counts as already there.

The layout is decided once per download, the way huggingface_hub 2.x decides it
(``file_download._hf_hub_download_to_cache_dir``):

- **blob + link**: ``blobs/<etag>`` and ``snapshots/<commit>/<path> -> ../../blobs/<etag>``;
- **shared Xet store** (the file has a Xet hash, the store is enabled, symlinks work):
  ``blobs/<etag>`` is itself a link to ``<root>/blobs/<2 hex>/<xet hash>``. A usable
  payload already in the store is linked instead of downloaded (and, when existing
  files are verified, hashed first: a payload with other bytes is never used); a fresh
  download is published there (:mod:`hfmanager.core.sharedstore`);
- **copy layout** (symlinks disabled or unsupported): the snapshot entry is the file. A
  fresh download is renamed into the snapshot and no blob is kept, as huggingface_hub's
  ``_create_symlink(new_blob=True)`` moves it, so each file is on disk once; content
  already there (a blob, the same file at another path of the commit) is copied.

Every "already there" answer is checked against the etag (sha256 or git sha1) unless
``verify`` is off, then by size only.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from hfmanager.core import cachespec as cs
from hfmanager.core import sharedstore
from hfmanager.core.downloads.layout import CacheLayout
from hfmanager.core.downloads.plan import RemoteEntry, RepoPlan
from hfmanager.core.downloads.sidecar import new_hasher, rehash_prefix


@dataclass
class Landing:
    """The layout decisions and placement steps for one :class:`RepoPlan`."""

    layout: CacheLayout
    plan: RepoPlan
    copy: bool  # one file per snapshot entry, no blob
    shared: bool  # files with a Xet hash go through the shared store
    verify: bool = True  # hash content already on disk before trusting it
    # Xet hashes that responses carried for files whose listing had none (by etag).
    xet_seen: dict[str, str] = field(default_factory=dict)
    _bad_payloads: set[str] = field(default_factory=set)
    _twins: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        paths: dict[str, list[str]] = {}
        for f in self.plan.files:
            paths.setdefault(f.etag, []).append(f.path)
        self._twins = {etag: p for etag, p in paths.items() if len(p) > 1}

    @property
    def root(self) -> str:
        return str(self.layout.root)

    def xet_hash(self, entry: RemoteEntry) -> str | None:
        return entry.xet_hash or self.xet_seen.get(entry.etag)

    # --- already there ----------------------------------------------------------------
    def existing(self, entry: RemoteEntry) -> Path | None:
        """A file that already holds ``entry``'s content, or None."""
        commit = self.plan.commit
        if self.copy:
            dst = self.layout.snapshot_path(commit, entry.path)
            if self._intact(dst, entry):
                return dst
        blob = self.layout.blob_path(entry.etag)
        if self._intact(blob, entry):
            return blob
        if self.copy:
            for path in self._twins.get(entry.etag, ()):
                twin = self.layout.snapshot_path(commit, path)
                if path != entry.path and self._intact(twin, entry):
                    return twin
        return None

    def _intact(self, path: Path, entry: RemoteEntry) -> bool:
        try:
            st = path.stat()
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode) or st.st_size != entry.size:
            return False
        if not self.verify:
            return True
        hasher = new_hasher(entry.etag, entry.size)
        n = rehash_prefix(path, hasher, entry.size + 1)
        return n == entry.size and hasher.hexdigest() == entry.etag

    def reuse_shared(self, entry: RemoteEntry) -> Path | None:
        """Under the blob's lock: link a usable store payload as the blob (no download).
        A payload of the right size but other bytes is unlinked again and remembered, so
        the download that follows replaces it in the store."""
        xet = entry.xet_hash
        if not self.shared or xet is None or not cs.XET_HASH_RE.fullmatch(xet):
            return None
        blob = self.layout.blob_path(entry.etag)
        if sharedstore.links_to(str(blob), cs.store_payload_path(self.root, xet), self.root):
            pass  # existing() has just found these bytes wrong: not hashed a second time
        elif not sharedstore.link_existing(str(blob), xet, self.root, entry.size):
            return None
        elif self._intact(blob, entry):
            return blob
        self._bad_payloads.add(xet)
        with contextlib.suppress(OSError):
            if blob.is_symlink():
                os.unlink(blob)  # the link only; the manifest line is a hint, checked on use
        return None

    # --- a fresh download -------------------------------------------------------------
    def commit(self, entry: RemoteEntry) -> Path:
        """Under the blob's lock: a verified partial becomes the blob (published to the
        store when it has a Xet hash) or, in the copy layout, the snapshot file."""
        # fsync, then rename, through folder descriptors: a link swapped in for the partial
        # is refused, and a rename over a link (one into the store too) replaces the link.
        if self.copy:
            return self.layout.move_into_snapshot(self.plan.commit, entry.path, entry.etag)
        blob = self.layout.commit_partial(entry.etag)
        xet = self.xet_hash(entry)
        if self.shared and xet is not None:
            sharedstore.publish(str(blob), xet, self.root, entry.size,
                                replace_existing=xet in self._bad_payloads)
        return blob

    def place(self, entry: RemoteEntry, source: Path) -> Path:
        """Make the snapshot entry from ``source`` (the blob, or a copy already placed)."""
        commit = self.plan.commit
        dst = self.layout.snapshot_path(commit, entry.path)
        if source == dst:
            return dst
        if self.copy:
            return self.layout.copy_into_snapshot(commit, entry.path, source)
        return self.layout.link_snapshot(commit, entry.path, entry.etag, copy=False)
