"""Rule-based cleanup candidates over a scanned :class:`Inventory`.

Rules pick whole repos (not used for N days, larger than X, of a type), detached
revisions, leftover partial downloads, pickle ``.bin`` twins of safetensors weights,
shared store payloads no repo links to (orphans) and torch hub entries. Each candidate
carries the :class:`Selection` it stands for; the UI lets the user tick candidates and
the union of their selections becomes one plan. ``size`` is the scanner's total,
``frees`` what the candidate alone frees (:mod:`.exclusive`); the plan computes the exact
figure of what is ticked.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from hfmanager.core.cleanup import exclusive
from hfmanager.core.cleanup.exclusive import Users
from hfmanager.core.cleanup.plan import Selection
from hfmanager.core.inventory.model import (
    Inventory,
    Repo,
    RepoType,
    Revision,
    SharedPayload,
    TorchEntry,
    TorchEntryKind,
)
from hfmanager.core.messages import Msg, msg

DAY = 86400.0
_SHARD = re.compile(r"-\d{5}-of-\d{5}$")
_PICKLE_EXT = (".bin", ".pt", ".pth", ".ckpt")


class CandidateKind(str, Enum):
    """What a candidate removes."""

    REPO = "repo"
    REVISION = "revision"
    FILE = "file"
    INCOMPLETE = "incomplete"
    TORCH = "torch"
    ORPHAN = "orphan"


@dataclass(frozen=True)
class Rules:
    """Which candidates to offer. Repo criteria combine with AND; the rest add up."""

    unused_days: float | None = None
    larger_than: int | None = None
    repo_types: frozenset[RepoType] = frozenset()  # empty: any type
    detached: bool = False
    incomplete: bool = False
    pickle_twins: bool = False
    orphans: bool = False
    torch: bool = True  # let unused/larger rules pick torch hub entries too

    @property
    def repo_rule(self) -> bool:
        return self.unused_days is not None or self.larger_than is not None or bool(
            self.repo_types)


@dataclass(frozen=True)
class Candidate:
    """One thing the user may tick, with the selection it stands for."""

    kind: CandidateKind
    key: str  # unique and stable: the path it removes
    label: str
    detail: str
    size: int
    last_used: float
    selection: Selection = field(compare=False)
    frees: int = 0  # bytes this candidate alone frees: its blobs no one else uses
    # label and detail as message codes, for the window to translate (None: a name as is)
    label_msg: Msg | None = field(default=None, compare=False)
    detail_msg: Msg | None = field(default=None, compare=False)


def last_used(repo: Repo) -> float:
    return max(repo.last_accessed, repo.last_modified)


def _repo_matches(repo: Repo, rules: Rules, now: float) -> bool:
    if rules.repo_types and repo.repo_type not in rules.repo_types:
        return False
    if rules.unused_days is not None and now - last_used(repo) < rules.unused_days * DAY:
        return False
    return rules.larger_than is None or repo.size_on_disk >= rules.larger_than


def _torch_matches(entry: TorchEntry, rules: Rules, now: float) -> bool:
    if rules.repo_types or not rules.torch or (
            rules.unused_days is None and rules.larger_than is None):
        return False
    used = max(entry.last_accessed, entry.last_modified)
    if rules.unused_days is not None and now - used < rules.unused_days * DAY:
        return False
    return rules.larger_than is None or entry.size_on_disk >= rules.larger_than


def repo_candidate(repo: Repo, users: Users | None = None) -> Candidate:
    """A whole repo; ``users`` (:func:`.exclusive.payload_users`) tells which of its
    shared store payloads other repos keep."""
    detail = msg(f"cleanup.repo_{repo.repo_type.value}", n=len(repo.revisions))
    return Candidate(CandidateKind.REPO, repo.repo_path, repo.repo_id, detail.text(),
                     repo.size_on_disk, last_used(repo),
                     Selection(repos=frozenset({repo.repo_path})),
                     exclusive.repo_frees(repo, users or {}), detail_msg=detail)


def revision_candidate(repo: Repo, rev: Revision, users: Users | None = None) -> Candidate:
    """A revision; a detached one only while no ref names it (re-checked by the plan)."""
    key = frozenset({(repo.repo_path, rev.commit_hash)})
    sel = Selection(detached=key) if rev.detached else Selection(revisions=key)
    detail = None if rev.refs else msg("cleanup.detached")
    return Candidate(CandidateKind.REVISION, rev.snapshot_path,
                     f"{repo.repo_id}@{rev.commit_hash[:7]}",
                     detail.text() if detail else ", ".join(rev.refs), rev.size_on_disk,
                     rev.last_modified, sel, exclusive.revision_frees(repo, rev, users or {}),
                     detail_msg=detail)


def orphan_candidate(payload: SharedPayload) -> Candidate:
    label = msg("cleanup.orphan_label", xet=payload.xet_hash[:12])
    detail = msg("cleanup.orphan_detail", root=payload.root)
    return Candidate(CandidateKind.ORPHAN, payload.path, label.text(), detail.text(),
                     payload.size, max(payload.last_accessed, payload.last_modified),
                     Selection(orphans=frozenset({payload.path})), payload.size, label, detail)


def pickle_twins(rev: Revision) -> list[str]:
    """Snapshot paths of pickle weights whose safetensors twin is in the same folder.

    ``pytorch_model-00001-of-00002.bin`` is a twin of any ``model-*-of-*.safetensors``
    (shard counts may differ), ``diffusion_pytorch_model.bin`` of
    ``diffusion_pytorch_model.safetensors``; the ``.bin.index.json`` goes with its shards.
    """
    safe: set[tuple[str, str]] = set()
    for f in rev.files:
        folder, name = os.path.split(f.path)
        if name.endswith(".safetensors"):
            safe.add((folder, _base(name[: -len(".safetensors")])))
        elif name.endswith(".safetensors.index.json"):
            safe.add((folder, _base(name[: -len(".safetensors.index.json")])))
    out = []
    for f in rev.files:
        folder, name = os.path.split(f.path)
        stem = None
        if name.endswith(_PICKLE_EXT):
            stem = os.path.splitext(name)[0]
        elif name.endswith(".bin.index.json"):
            stem = name[: -len(".bin.index.json")]
        if stem is not None and (folder, _base(stem)) in safe:
            out.append(f.file_path)
    return out


def _base(stem: str) -> str:
    return _SHARD.sub("", stem).replace("pytorch_model", "model")


def candidates(inv: Inventory, rules: Rules, now: float | None = None) -> list[Candidate]:
    """Everything ``rules`` offers, whole repos first; nothing is offered twice."""
    now = time.time() if now is None else now
    out: list[Candidate] = []
    whole: set[str] = set()
    users = exclusive.payload_users(inv)
    if rules.repo_rule:
        for repo in inv.repos:
            if _repo_matches(repo, rules, now):
                out.append(repo_candidate(repo, users))
                whole.add(repo.repo_path)
    for repo in inv.repos:
        if repo.repo_path in whole:
            continue
        for rev in repo.revisions:
            # a revision any ref names (even "<commit>\n" or a folder name) is not detached
            if rules.detached and rev.detached:
                out.append(revision_candidate(repo, rev, users))
                continue
            if rules.pickle_twins:
                sizes = {f.file_path: f for f in rev.files}
                for p in pickle_twins(rev):
                    f = sizes[p]
                    detail = msg("cleanup.pickle_twin", commit=rev.commit_hash[:7])
                    out.append(Candidate(
                        CandidateKind.FILE, p, f"{repo.repo_id}: {f.path}", detail.text(),
                        f.size, rev.last_modified, Selection(files=frozenset({p})),
                        exclusive.files_frees(repo, [p], users), detail_msg=detail))
        if rules.incomplete:
            for inc in repo.incompletes:
                label = msg("cleanup.partial_label", repo=repo.repo_id)
                out.append(Candidate(
                    CandidateKind.INCOMPLETE, inc.path, label.text(),
                    os.path.basename(inc.path), inc.size, inc.last_modified,
                    Selection(incompletes=frozenset({inc.path})), inc.size, label))
    if rules.orphans:
        out += [orphan_candidate(p) for p in inv.orphans]
    for entry in inv.torch_entries:
        if _torch_matches(entry, rules, now):
            detail = msg("cleanup.torch_checkpoint" if entry.kind is TorchEntryKind.CHECKPOINT
                         else "cleanup.torch_code")
            out.append(Candidate(CandidateKind.TORCH, entry.path, entry.name, detail.text(),
                                 entry.size_on_disk,
                                 max(entry.last_accessed, entry.last_modified),
                                 Selection(torch=frozenset({entry.path})),
                                 entry.size_on_disk, detail_msg=detail))
    return out


def combine(cands: Iterable[Candidate]) -> Selection:
    """The union of the candidates' selections."""
    sel = Selection()
    for c in cands:
        sel = sel | c.selection
    return sel
