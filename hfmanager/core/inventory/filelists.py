"""A repo's file lists as the scan index stores them, and revisions that decode them lazily.

hfscan collects, per revision, the paths and etags of plain files (links to
``blobs/<etag>``) and full rows only for odd files (copies, hard links, broken or
redirected links); with one blob table per repo, that is the ``files`` column, written
without touching a single CachedFile attribute and decoded only when a revision's
``files`` is first read.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from hfmanager.core.inventory.gcpause import no_gc
from hfmanager.core.inventory.kinds import kind_of_name
from hfmanager.core.inventory.model import CachedFile, FileKind, Problem, Repo, Revision

_PATH = attrgetter("path")
_new = object.__new__
_ROW_ERRORS = (KeyError, ValueError, TypeError, EOFError)  # a damaged row: rescan that repo
# Per revision, as hfscan collects it: (commit, plain paths, their etags, odd files).
Packed = tuple[str, Sequence[str], Sequence[str], Sequence[CachedFile | None]]


def _build(cls: type[Any], values: dict[str, Any]) -> Any:
    # Frozen dataclasses without their __init__ (one object.__setattr__ per field):
    # loading 2,000 repos at start-up is twice as fast. Equality tests against freshly
    # scanned repos guard against drift from model.py's from_json.
    obj = _new(cls)
    obj.__dict__.update(values)
    return obj


class FileSource:
    """One repo's file lists: the raw ``files`` column, fetched and parsed on first use.

    If the row was rewritten since the repo was loaded (a newer scan changed it), the
    repo folder is scanned again: the files shown are then the current ones.
    """

    def __init__(self, blobs_dir: str, raw: bytes | None,
                 fetch: Callable[[], bytes | None] | None = None,
                 rescan: Callable[[str], dict[str, Any]] | None = None) -> None:
        """``rescan(repo folder)``: ``{commit: [CachedFile]}`` when the row is unusable
        (injected by the index, which knows the scanner: no import cycle here)."""
        self.blobs_dir = blobs_dir
        self._raw = raw
        self._fetch = fetch
        self._rescan_fn = rescan
        self._blobs: dict[str, tuple[int, float, float]] = {}
        self._parsed: dict[str, Any] | None = None

    def packed(self) -> bytes | None:
        """The raw ``files`` column while it is unparsed and in hand (else None)."""
        return self._raw if self._parsed is None else None

    def files(self, commit: str, snapshot_path: str) -> tuple[CachedFile, ...]:
        if self._parsed is None:
            raw = self._raw if self._raw is not None else (
                self._fetch() if self._fetch is not None else None)
            self._raw = self._fetch = None
            try:
                if raw is None:
                    raise ValueError("row gone")
                blobs, revs = marshal.loads(raw)
                self._parsed = {r[0]: r[1:] for r in revs}
                self._blobs = blobs
            except _ROW_ERRORS:
                self._parsed = self._rescan()
        packed = self._parsed.get(commit)
        if packed is None:
            return ()
        if isinstance(packed, tuple) and len(packed) == 3 and isinstance(packed[0], tuple):
            try:
                # Two objects per file and no cycles: collector sweeps over the whole
                # heap would triple the cost of reading every file list of a big cache.
                with no_gc():
                    return decode_files(packed, self._blobs, snapshot_path, self.blobs_dir)
            except _ROW_ERRORS:
                return ()
        return tuple(packed)

    def _rescan(self) -> dict[str, Any]:
        if self._rescan_fn is None:
            return {}
        return self._rescan_fn(os.path.dirname(self.blobs_dir))


class LazyRevision(Revision):
    """A :class:`Revision` from the index whose file list is decoded on first access.

    It compares equal to a plain Revision with the same content and supports
    ``dataclasses.replace`` (the constructor takes the same arguments as Revision).
    """

    def __init__(self, commit_hash: str, refs: tuple[str, ...],
                 files: tuple[CachedFile, ...] | None, size_on_disk: int, snapshot_path: str,
                 last_modified: float, problems: tuple[Problem, ...] = (),
                 listed: int = 0, missing: int = 0, *,
                 source: FileSource | None = None) -> None:
        values = {"commit_hash": commit_hash, "refs": refs, "size_on_disk": size_on_disk,
                  "snapshot_path": snapshot_path, "last_modified": last_modified,
                  "problems": problems, "listed": listed, "missing": missing,
                  "_files": files if source is None else None,
                  "_source": source}
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property  # type: ignore[override]
    def files(self) -> tuple[CachedFile, ...]:
        cached: tuple[CachedFile, ...] | None = self.__dict__["_files"]
        if cached is None:
            source: FileSource | None = self.__dict__["_source"]
            cached = () if source is None else source.files(self.commit_hash,
                                                            self.snapshot_path)
            object.__setattr__(self, "_files", cached)
            object.__setattr__(self, "_source", None)
        return cached

    def _key(self) -> tuple[Any, ...]:
        return (self.commit_hash, self.refs, self.files, self.size_on_disk, self.snapshot_path,
                self.last_modified, self.problems, self.listed, self.missing)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Revision):
            return NotImplemented
        return self._key() == LazyRevision._key(other)  # type: ignore[arg-type]

    def __hash__(self) -> int:
        return hash(self._key())


_KIND_VALUES = {k.value: k for k in FileKind}


def encode_files(repo: Repo) -> bytes:
    """The ``files`` column for a repo that was not scanned here: every file a full row."""
    return marshal.dumps(({}, tuple(
        (r.commit_hash, (), (), tuple(
            (f.path, f.size, f.kind.value, f.blob, f.file_path, f.blob_path, f.last_accessed,
             f.last_modified) for f in r.files)) for r in repo.revisions)))


def pack_files(blobs: dict[str, tuple[Any, ...]], revisions: Sequence[Packed]) -> bytes:
    """The ``files`` column: the blob table (etag -> size, atime, mtime) and per revision
    plain paths + etags and full rows for odd files. Size and times of a plain file come
    from the blob table, its kind from its name, both paths from the folders."""
    table = {name: b[:3] for name, b in blobs.items()}
    revs = tuple((commit, tuple(paths), tuple(etags), tuple(
        (f.path, f.size, f.kind.value, f.blob, f.file_path, f.blob_path, f.last_accessed,
         f.last_modified) for f in odd if f is not None))
        for commit, paths, etags, odd in revisions)
    return marshal.dumps((table, revs))


def decode_files(packed: tuple[Any, ...], blobs: dict[str, tuple[int, float, float]],
                 snapshot_path: str, blobs_dir: str) -> tuple[CachedFile, ...]:
    """CachedFiles from hfscan's packed form: (paths, etags, full rows of odd files)."""
    paths, etags, odd = packed
    kinds, new, sep = _KIND_VALUES, _new, os.sep
    snap, blob_prefix = snapshot_path + sep, blobs_dir + sep
    out = []
    for path, etag in zip(paths, etags, strict=True):
        size, at, mt = blobs[etag]
        f = new(CachedFile)  # as in hfscan: no frozen __init__, equality tests guard it
        f.__dict__.update(path=path, size=size, kind=kind_of_name(path.rpartition("/")[2]),
                          blob=etag, file_path=snap + path.replace("/", sep),
                          blob_path=blob_prefix + etag, last_accessed=at, last_modified=mt)
        out.append(f)
    for path, size, kind, blob, file_path, blob_path, at, mt in odd:
        out.append(_build(CachedFile, {
            "path": path, "size": size, "kind": kinds[kind], "blob": blob,
            "file_path": file_path, "blob_path": blob_path, "last_accessed": at,
            "last_modified": mt}))
    out.sort(key=_PATH)
    return tuple(out)
