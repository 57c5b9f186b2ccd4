"""Frozen scan results, the repo half: what the scan finds in a Hugging Face hub cache
(repos, revisions, files, incomplete downloads, summaries) and the typed health problems
every scanned object carries.

Split out of :mod:`hfmanager.core.inventory.model` to keep each file readable; ``model``
re-exports every name, so ``from hfmanager.core.inventory.model import Repo`` stays the
one import consumers use. This module imports nothing from ``model`` (no cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from hfmanager.core.messages import Msg


class RepoType(str, Enum):
    """The three kinds of Hub repos; the cache folder prefix is the plural."""

    MODEL = "model"
    DATASET = "dataset"
    SPACE = "space"

    @property
    def folder_prefix(self) -> str:
        return f"{self.value}s--"


class FileKind(str, Enum):
    """What a file in a snapshot is for."""

    CONFIG = "config"
    WEIGHTS = "weights"
    SHARD_INDEX = "shard_index"
    TOKENIZER = "tokenizer"
    CUSTOM_CODE = "custom_code"
    DOCS = "docs"
    OTHER = "other"


class ProblemKind(str, Enum):
    """Typed health problems; each carries a message a user understands."""

    BROKEN_LINK = "broken_link"  # snapshot entry whose blob is missing
    BAD_BLOB_NAME = "bad_blob_name"  # blob name neither 40 nor 64 hex
    MISSING_SHARD = "missing_shard"  # index names a shard that is not present
    NO_CONFIG = "no_config"  # model repo revision without config.json
    CUSTOM_CODE = "custom_code"  # *.py present: needs trust_remote_code
    PICKLE_ONLY = "pickle_only"  # .bin/.pt weights and no safetensors
    INCOMPLETE_DOWNLOAD = "incomplete_download"  # leftover blobs/*.incomplete
    DANGLING_REF = "dangling_ref"  # refs/<name> points to a missing snapshot
    UNREADABLE = "unreadable"  # permission error, non-UTF-8 name, bad JSON...
    LINK_OUTSIDE = "link_outside"  # symlink that leaves the cache root
    LINK_LOOP = "link_loop"  # symlink loop
    UNEXPECTED_ENTRY = "unexpected_entry"  # file where a folder belongs, stray entries
    CORRUPT_BLOB = "corrupt_blob"  # content does not match its hash (verify)
    PARTIAL_SNAPSHOT = "partial_snapshot"  # trees/<commit>.json names files not present
    BAD_REF = "bad_ref"  # a ref loaders cannot resolve offline (newline around the hash)
    ODD_REF = "odd_ref"  # a ref naming a snapshot folder that is not a commit hash


class Severity(str, Enum):
    """How much a problem matters: errors break loading, warnings deserve attention."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


SEVERITY: dict[ProblemKind, Severity] = {
    ProblemKind.BROKEN_LINK: Severity.ERROR,
    ProblemKind.BAD_BLOB_NAME: Severity.WARNING,
    ProblemKind.MISSING_SHARD: Severity.ERROR,
    ProblemKind.NO_CONFIG: Severity.WARNING,
    ProblemKind.CUSTOM_CODE: Severity.INFO,
    ProblemKind.PICKLE_ONLY: Severity.WARNING,
    ProblemKind.INCOMPLETE_DOWNLOAD: Severity.WARNING,
    ProblemKind.DANGLING_REF: Severity.ERROR,
    ProblemKind.UNREADABLE: Severity.ERROR,
    ProblemKind.LINK_OUTSIDE: Severity.ERROR,
    ProblemKind.LINK_LOOP: Severity.ERROR,
    ProblemKind.UNEXPECTED_ENTRY: Severity.WARNING,
    ProblemKind.CORRUPT_BLOB: Severity.ERROR,
    ProblemKind.PARTIAL_SNAPSHOT: Severity.WARNING,
    ProblemKind.BAD_REF: Severity.ERROR,
    ProblemKind.ODD_REF: Severity.WARNING,
}


@dataclass(frozen=True)
class Problem:
    """One health problem, located by an absolute path when it has one.

    ``message`` is the English text (CLI, JSON); ``msg`` the same as a code plus
    parameters, which the window translates (None for problems from an older index).
    """

    kind: ProblemKind
    message: str
    path: str | None = None
    msg: Msg | None = field(default=None, compare=False)

    @classmethod
    def said(cls, kind: ProblemKind, m: Msg, path: str | None = None) -> Problem:
        """The problem ``kind`` told by message ``m``."""
        return cls(kind, m.text(), path, m)

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.kind]

    def to_json(self) -> dict[str, Any]:
        d = {"kind": self.kind.value, "severity": self.severity.value,
             "message": self.message, "path": self.path}
        return d if self.msg is None else {**d, **self.msg.to_json()}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Problem:
        return cls(ProblemKind(d["kind"]), d["message"], d.get("path"), Msg.from_json(d))


@dataclass(frozen=True)
class CachedFile:
    """A file of one revision's snapshot.

    ``path`` is relative to the snapshot folder with '/' separators. ``blob`` is the
    blob's name (its etag) when the entry is a link into ``blobs/``, else None (copy
    layout). ``size`` is the blob's real size; 0 when the link is broken.
    """

    path: str
    size: int
    kind: FileKind
    blob: str | None
    file_path: str  # absolute path of the snapshot entry
    blob_path: str | None  # absolute path of the blob it resolves to, if any
    last_accessed: float = 0.0
    last_modified: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "kind": self.kind.value,
                "blob": self.blob, "file_path": self.file_path, "blob_path": self.blob_path,
                "last_accessed": self.last_accessed, "last_modified": self.last_modified}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> CachedFile:
        return cls(d["path"], d["size"], FileKind(d["kind"]), d.get("blob"), d["file_path"],
                   d.get("blob_path"), d.get("last_accessed", 0.0), d.get("last_modified", 0.0))


@dataclass(frozen=True)
class Revision:
    """One snapshot: a commit, the refs that point to it, and its files.

    ``size_on_disk`` counts each distinct blob (or copied file inode) once.
    A revision with no refs is *detached*. ``listed`` is how many files the commit's
    ``trees/<commit>.json`` names (0: no listing) and ``missing`` how many of those are
    not in the snapshot: a partial (``--include``) download when > 0.
    """

    commit_hash: str
    refs: tuple[str, ...]
    files: tuple[CachedFile, ...]
    size_on_disk: int
    snapshot_path: str
    last_modified: float
    problems: tuple[Problem, ...] = ()
    listed: int = 0
    missing: int = 0

    @property
    def partial(self) -> bool:
        return self.missing > 0

    @property
    def detached(self) -> bool:
        return not self.refs

    def to_json(self) -> dict[str, Any]:
        return {"commit_hash": self.commit_hash, "refs": list(self.refs),
                "size_on_disk": self.size_on_disk, "snapshot_path": self.snapshot_path,
                "last_modified": self.last_modified, "detached": self.detached,
                "files": [f.to_json() for f in self.files],
                "problems": [p.to_json() for p in self.problems],
                "listed": self.listed, "missing": self.missing}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Revision:
        return cls(d["commit_hash"], tuple(d["refs"]),
                   tuple(CachedFile.from_json(f) for f in d["files"]), d["size_on_disk"],
                   d["snapshot_path"], d["last_modified"],
                   tuple(Problem.from_json(p) for p in d.get("problems", ())),
                   d.get("listed", 0), d.get("missing", 0))


@dataclass(frozen=True)
class IncompleteDownload:
    """A leftover partial download in ``blobs/``: huggingface_hub's
    ``<etag>[.<8 hex>].incomplete`` or hfmanager's ``<etag>.hfm-partial`` (its JSON
    sidecar goes with it)."""

    path: str
    etag: str
    size: int
    last_modified: float

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "etag": self.etag, "size": self.size,
                "last_modified": self.last_modified}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> IncompleteDownload:
        return cls(d["path"], d["etag"], d["size"], d["last_modified"])


@dataclass(frozen=True)
class RepoSummary:
    """What README front matter and config.json say about a repo (all optional)."""

    library: str | None = None
    pipeline_tag: str | None = None
    license: str | None = None
    base_model: str | None = None
    model_type: str | None = None
    architectures: tuple[str, ...] = ()
    dtype: str | None = None
    num_layers: int | None = None
    hidden_size: int | None = None
    vocab_size: int | None = None
    context_length: int | None = None
    quantization: str | None = None

    def to_json(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["architectures"] = list(self.architectures)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RepoSummary:
        d = dict(d)
        d["architectures"] = tuple(d.get("architectures") or ())
        return cls(**d)


@dataclass(frozen=True)
class Repo:
    """A cached Hub repo (``<root>/<type>s--<org>--<name>``).

    ``size_on_disk`` counts every blob once across all revisions plus incomplete files,
    as ``scan_cache_dir`` does: a payload of the shared Xet store that this repo links to
    counts in full here (and in every other repo linking to it); ``shared`` lists those
    links as (etag, xet hash, payload size), so the cache total can count it once.
    """

    repo_type: RepoType
    repo_id: str
    repo_path: str
    size_on_disk: int
    nb_files: int
    last_accessed: float
    last_modified: float
    revisions: tuple[Revision, ...]
    incompletes: tuple[IncompleteDownload, ...] = ()
    problems: tuple[Problem, ...] = ()  # repo-level (refs, blobs, layout)
    summary: RepoSummary = field(default_factory=RepoSummary)
    root: str = ""
    shared: tuple[tuple[str, str, int], ...] = ()

    @property
    def shared_size(self) -> int:
        """Bytes of ``size_on_disk`` that live in the shared store (each payload once)."""
        return sum({x: n for _e, x, n in self.shared}.values())

    @property
    def refs(self) -> dict[str, str]:
        return {ref: r.commit_hash for r in self.revisions for ref in r.refs}

    def all_problems(self) -> tuple[Problem, ...]:
        """Repo-level problems followed by each revision's; a custom-code notice once per
        repo: every revision of a repo with its own code carries one, and "3 problems"
        for one fact misled (the first revision's names the files)."""
        out = list(self.problems)
        for rev in self.revisions:
            out += [p for p in rev.problems if p.kind is not ProblemKind.CUSTOM_CODE
                    or not any(q.kind is ProblemKind.CUSTOM_CODE for q in out)]
        return tuple(out)

    def worst_severity(self) -> Severity | None:
        order = [Severity.INFO, Severity.WARNING, Severity.ERROR]
        sev = [order.index(p.severity) for p in self.all_problems()]
        return order[max(sev)] if sev else None

    def to_json(self, *, with_files: bool = True) -> dict[str, Any]:
        revs = [r.to_json() for r in self.revisions]
        if not with_files:
            for r in revs:
                r["files"] = []
        return {"repo_type": self.repo_type.value, "repo_id": self.repo_id,
                "repo_path": self.repo_path, "root": self.root,
                "size_on_disk": self.size_on_disk, "nb_files": self.nb_files,
                "last_accessed": self.last_accessed, "last_modified": self.last_modified,
                "revisions": revs, "incompletes": [i.to_json() for i in self.incompletes],
                "problems": [p.to_json() for p in self.problems],
                "summary": self.summary.to_json(), "shared": [list(s) for s in self.shared]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Repo:
        return cls(RepoType(d["repo_type"]), d["repo_id"], d["repo_path"], d["size_on_disk"],
                   d["nb_files"], d["last_accessed"], d["last_modified"],
                   tuple(Revision.from_json(r) for r in d["revisions"]),
                   tuple(IncompleteDownload.from_json(i) for i in d.get("incompletes", ())),
                   tuple(Problem.from_json(p) for p in d.get("problems", ())),
                   RepoSummary.from_json(d.get("summary") or {}), d.get("root", ""),
                   tuple((str(e), str(x), int(n)) for e, x, n in d.get("shared", ())))
