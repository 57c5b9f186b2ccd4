"""Offline verification: every cached file checked against the hash it is named by.

- ``blobs/<64 hex>`` is the sha256 of its content (LFS / xet files);
- ``blobs/<40 hex>`` is the git blob sha1: ``sha1(b"blob <size>\\0" + data)``;
- a copied snapshot file (no-symlink layout) is checked against ``trees/<commit>.json``
  (huggingface_hub 2.x tree cache: ``lfs_sha256`` or ``blob_id``), else UNVERIFIABLE;
- a torch hub checkpoint ``name-<hex>.pth`` must have a sha256 starting with ``<hex>``.

Nothing unverifiable is ever reported as good. Results are cached in the SQLite store by
(path, size, mtime_ns, inode), so unchanged files are not read again. Files are hashed in
a few worker threads with big ``readinto`` reads into a reused buffer (hashlib releases the
GIL for large updates, so threads scale on multi-core machines).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from hfmanager.core.inventory.model import Problem, ProblemKind
from hfmanager.core.messages import Msg, msg
from hfmanager.core.store import register_schema

register_schema("verify", """
CREATE TABLE IF NOT EXISTS verify_cache (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    algo TEXT NOT NULL,
    digest TEXT NOT NULL,
    checked_at REAL NOT NULL
);
""")


class Algo(str, Enum):
    """How a file's expected hash is computed."""

    SHA256 = "sha256"
    GIT_SHA1 = "git-sha1"
    SHA256_PREFIX = "sha256-prefix"


class VerifyStatus(str, Enum):
    """Outcome for one file. UNVERIFIABLE is never a success."""

    OK = "ok"
    CORRUPT = "corrupt"
    UNVERIFIABLE = "unverifiable"
    ERROR = "error"


@dataclass(frozen=True)
class Target:
    """One file to check; ``expected`` is None when nothing says what it should be."""

    path: str
    algo: Algo | None
    expected: str | None
    owner: str  # repo folder, or the torch hub folder
    label: str  # "org/name" or "torch"
    files: tuple[str, ...] = ()  # snapshot entries using this blob ("<commit7>/<path>")
    note: str = ""  # why it is unverifiable
    # The file actually read when ``path`` is a repo blob linking into the shared store
    # (``<root>/blobs/<2 hex>/<xet hash>``); several repos' targets may name one payload.
    payload: str = ""
    # What could not even be looked at (a folder that cannot be listed, a file that cannot
    # be lstat'ed, a tree too deep to walk): an ERROR verdict, not a mere UNVERIFIABLE.
    unreadable: bool = False
    note_msg: Msg | None = field(default=None, compare=False)  # ``note`` as a message code

    @property
    def source(self) -> str:
        """The physical file whose content is checked."""
        return self.payload or self.path


def _msg_of(d: object) -> Msg | None:
    return Msg.from_json(d) if isinstance(d, dict) else None


@dataclass(frozen=True)
class VerifyResult:
    """The verdict on one :class:`Target`."""

    target: Target
    status: VerifyStatus
    actual: str | None = None
    cached: bool = False
    message: str = ""
    msg: Msg | None = field(default=None, compare=False)  # ``message`` as a message code

    def to_json(self) -> dict[str, Any]:
        t = self.target
        return {"path": t.path, "repo": t.label, "repo_path": t.owner, "files": list(t.files),
                "status": self.status.value, "algo": t.algo.value if t.algo else None,
                "expected": t.expected, "actual": self.actual, "cached": self.cached,
                "message": self.message, "note": t.note, "payload": t.payload or None,
                "msg": self.msg.to_json() if self.msg else None,
                "note_msg": t.note_msg.to_json() if t.note_msg else None}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> VerifyResult:
        t = Target(d["path"], Algo(d["algo"]) if d.get("algo") else None, d.get("expected"),
                   d["repo_path"], d["repo"], tuple(d.get("files") or ()), d.get("note", ""),
                   d.get("payload") or "", note_msg=_msg_of(d.get("note_msg")))
        return cls(t, VerifyStatus(d["status"]), d.get("actual"), bool(d.get("cached")),
                   d.get("message", ""), _msg_of(d.get("msg")))

    def to_problem(self) -> Problem:
        t = self.target
        what = ", ".join(t.files) or os.path.basename(t.path)
        algo = t.algo.value if t.algo else "?"
        params = {"what": what, "algo": algo, "expected": str(t.expected),
                  "actual": str(self.actual)}
        if t.payload:
            return Problem.said(ProblemKind.CORRUPT_BLOB, msg(
                "problem.corrupt_shared", payload=os.path.basename(t.payload)[:12], **params),
                t.path)
        return Problem.said(ProblemKind.CORRUPT_BLOB, msg("problem.corrupt", **params), t.path)


@dataclass(frozen=True)
class VerifyProgress:
    """Progress so far (bytes include those answered from the cache)."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    current: str


@dataclass(frozen=True)
class VerifyReport:
    """All verdicts of one run."""

    results: tuple[VerifyResult, ...]
    cancelled: bool
    bytes_hashed: int
    seconds: float
    ok_not_listed: int = 0  # OK verdicts counted but left out of ``results`` (GUI child)
    files_hashed: int = 0  # files read this run: a payload shared by N repos counts once

    def by_status(self, status: VerifyStatus) -> list[VerifyResult]:
        return [r for r in self.results if r.status is status]

    def count(self, status: VerifyStatus) -> int:
        extra = self.ok_not_listed if status is VerifyStatus.OK else 0
        return len(self.by_status(status)) + extra

    @property
    def corrupt(self) -> list[VerifyResult]:
        return self.by_status(VerifyStatus.CORRUPT)

    def corrupt_payloads(self) -> dict[str, list[VerifyResult]]:
        """Corrupt shared-store payloads and every repo blob that links to each."""
        out: dict[str, list[VerifyResult]] = {}
        for r in self.corrupt:
            if r.target.payload:
                out.setdefault(r.target.payload, []).append(r)
        return out

    def problems_by_owner(self) -> dict[str, list[Problem]]:
        """CORRUPT_BLOB problems keyed by repo folder, for the inventory views."""
        out: dict[str, list[Problem]] = {}
        for r in self.corrupt:
            out.setdefault(r.target.owner, []).append(r.to_problem())
        return out

    def to_json(self) -> dict[str, Any]:
        counts = {s.value: self.count(s) for s in VerifyStatus}
        shared = {p: sorted({r.target.label for r in rs})
                  for p, rs in self.corrupt_payloads().items()}
        return {"cancelled": self.cancelled, "counts": counts, "seconds": self.seconds,
                "bytes_hashed": self.bytes_hashed, "files_hashed": self.files_hashed,
                "corrupt_payloads": shared, "results": [r.to_json() for r in self.results]}


class CancelledError(Exception):
    """Raised inside a hashing thread when the run is cancelled."""
