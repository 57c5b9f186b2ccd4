"""Frozen scan results: the shared vocabulary of scanner, cleanup, verify and the UI.

Modelled on huggingface_hub's ``_cache_manager`` (HFCacheInfo / CachedRepoInfo /
CachedRevisionInfo / CachedFileInfo), with file kinds, typed health problems and
summaries added. Every object converts to plain JSON (``to_json``) and back
(``from_json``) so that the scan index, the CLI and child processes share one format.

The repo half (repos, revisions, files, problems) lives in :mod:`.repomodel`, split out
to keep each file readable; this module re-exports it, so consumers import from here.
This half holds the torch hub entries, the shared Xet store's payloads and the whole
:class:`Inventory`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from hfmanager.core.inventory.repomodel import (
    SEVERITY,
    CachedFile,
    FileKind,
    IncompleteDownload,
    Problem,
    ProblemKind,
    Repo,
    RepoSummary,
    RepoType,
    Revision,
    Severity,
)

__all__ = [
    "SEVERITY",
    "CachedFile",
    "FileKind",
    "IncompleteDownload",
    "Inventory",
    "Problem",
    "ProblemKind",
    "Repo",
    "RepoSummary",
    "RepoType",
    "Revision",
    "Severity",
    "SharedPayload",
    "TorchEntry",
    "TorchEntryKind",
    "as_path",
    "physical_size",
]


class TorchEntryKind(str, Enum):
    """torch hub holds downloaded checkpoints and git code checkouts."""

    CHECKPOINT = "checkpoint"
    CODE = "code"


@dataclass(frozen=True)
class TorchEntry:
    """A ``hub/checkpoints/<file>`` or a ``hub/<owner>_<repo>_<ref>`` checkout.

    ``sha256_prefix`` is the hex prefix torch.hub puts in checkpoint names
    (``resnet18-f37072fd.pth``); owner/repo/ref are parsed from checkout folder names.
    """

    kind: TorchEntryKind
    name: str
    path: str
    size_on_disk: int
    last_accessed: float
    last_modified: float
    sha256_prefix: str | None = None
    owner: str | None = None
    repo: str | None = None
    ref: str | None = None
    problems: tuple[Problem, ...] = ()
    root: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "name": self.name, "path": self.path,
                "size_on_disk": self.size_on_disk, "last_accessed": self.last_accessed,
                "last_modified": self.last_modified, "sha256_prefix": self.sha256_prefix,
                "owner": self.owner, "repo": self.repo, "ref": self.ref, "root": self.root,
                "problems": [p.to_json() for p in self.problems]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> TorchEntry:
        return cls(TorchEntryKind(d["kind"]), d["name"], d["path"], d["size_on_disk"],
                   d["last_accessed"], d["last_modified"], d.get("sha256_prefix"),
                   d.get("owner"), d.get("repo"), d.get("ref"),
                   tuple(Problem.from_json(p) for p in d.get("problems", ())), d.get("root", ""))


@dataclass(frozen=True)
class SharedPayload:
    """A file of a root's shared Xet store (``<root>/blobs/<2 hex>/<hash>``); ``users``
    are the repo blob links the scan found pointing at it: none makes it an orphan."""

    root: str
    xet_hash: str
    path: str
    size: int
    last_accessed: float
    last_modified: float
    users: tuple[str, ...] = ()

    @property
    def orphan(self) -> bool:
        return not self.users

    def to_json(self) -> dict[str, Any]:
        return {"root": self.root, "xet_hash": self.xet_hash, "path": self.path,
                "size": self.size, "last_accessed": self.last_accessed,
                "last_modified": self.last_modified, "users": list(self.users)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SharedPayload:
        return cls(d["root"], d["xet_hash"], d["path"], int(d["size"]), d["last_accessed"],
                   d["last_modified"], tuple(d.get("users", ())))


def physical_size(repos: tuple[Repo, ...] | list[Repo], payloads: tuple[SharedPayload, ...],
                  torch: tuple[TorchEntry, ...] | list[TorchEntry] = ()) -> int:
    """Bytes on disk with every shared payload counted once (orphans included), as
    ``scan_cache_dir(...).size_on_disk`` counts them."""
    return (sum(r.size_on_disk - r.shared_size for r in repos) + sum(p.size for p in payloads)
            + sum(t.size_on_disk for t in torch))


@dataclass(frozen=True)
class Inventory:
    """Everything found under the scanned roots."""

    roots: tuple[dict[str, str], ...]  # CacheRoot.to_json() of each scanned root
    repos: tuple[Repo, ...]
    torch_entries: tuple[TorchEntry, ...] = ()
    problems: tuple[Problem, ...] = ()  # root-level (unreadable root, stray entries)
    scanned_at: float = 0.0
    payloads: tuple[SharedPayload, ...] = ()  # every root's shared-store files

    @property
    def size_on_disk(self) -> int:
        return physical_size(self.repos, self.payloads, self.torch_entries)

    @property
    def orphans(self) -> tuple[SharedPayload, ...]:
        return tuple(p for p in self.payloads if p.orphan)

    def to_json(self, *, with_files: bool = True) -> dict[str, Any]:
        return {"roots": list(self.roots), "scanned_at": self.scanned_at,
                "size_on_disk": self.size_on_disk,
                "repos": [r.to_json(with_files=with_files) for r in self.repos],
                "torch": [t.to_json() for t in self.torch_entries],
                "problems": [p.to_json() for p in self.problems],
                "shared_payloads": [p.to_json() for p in self.payloads]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Inventory:
        return cls(tuple(d["roots"]), tuple(Repo.from_json(r) for r in d["repos"]),
                   tuple(TorchEntry.from_json(t) for t in d.get("torch", ())),
                   tuple(Problem.from_json(p) for p in d.get("problems", ())),
                   d.get("scanned_at", 0.0),
                   tuple(SharedPayload.from_json(p) for p in d.get("shared_payloads", ())))


def as_path(p: str | None) -> Path | None:
    """Convenience for consumers that want Path objects."""
    return Path(p) if p is not None else None
