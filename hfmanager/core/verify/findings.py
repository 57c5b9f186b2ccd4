"""Verify's findings attached to scan results, so a corrupt file shows on its repo and file.

A finding remembers the file's (size, mtime_ns, inode) when it was hashed. It stays
attached across rescans while the file is unchanged, and drops by itself once the file is
deleted or replaced (for example by downloading it again): no stale red badges.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from hfmanager.core.inventory.model import Problem, Repo, Revision
from hfmanager.core.verify.model import VerifyReport


@dataclass(frozen=True)
class Finding:
    """A problem verify found in one file, and that file's identity when it was checked."""

    problem: Problem
    signature: tuple[int, int, int] | None


def _signature(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def findings_from_report(report: VerifyReport) -> dict[str, list[Finding]]:
    """CORRUPT_BLOB findings keyed by repo folder (``Repo.repo_path``)."""
    return {owner: [Finding(p, _signature(p.path or "")) for p in problems]
            for owner, problems in report.problems_by_owner().items()}


def still_current(findings: Iterable[Finding]) -> list[Finding]:
    """The findings whose file is still there, byte-for-byte the file that was checked."""
    return [f for f in findings
            if f.signature is not None and _signature(f.problem.path or "") == f.signature]


def _touches(revision: Revision, path: str | None) -> bool:
    return any(path in (f.blob_path, f.file_path) for f in revision.files)


def attach(repo: Repo, problems: Sequence[Problem]) -> Repo:
    """``repo`` with ``problems`` added to every revision holding the file, else the repo.

    Problems already present (same kind and path) are not added twice.
    """
    if not problems:
        return repo
    have = {(p.kind, p.path) for p in repo.all_problems()}
    new = [p for p in problems if (p.kind, p.path) not in have]
    if not new:
        return repo
    placed: set[int] = set()
    revisions: list[Revision] = []
    for rev in repo.revisions:
        mine = tuple(p for p in new if _touches(rev, p.path))
        placed.update(id(p) for p in mine)
        revisions.append(replace(rev, problems=rev.problems + mine) if mine else rev)
    loose = tuple(p for p in new if id(p) not in placed)
    return replace(repo, revisions=tuple(revisions), problems=repo.problems + loose)


def merge(current: Mapping[str, list[Finding]],
          new: Mapping[str, list[Finding]]) -> dict[str, list[Finding]]:
    """Findings of a new run replace those of earlier runs for the same files."""
    out = {owner: list(fs) for owner, fs in current.items()}
    for owner, fs in new.items():
        paths = {f.problem.path for f in fs}
        kept = [f for f in out.get(owner, []) if f.problem.path not in paths]
        out[owner] = kept + list(fs)
    return {owner: fs for owner, fs in out.items() if fs}
