"""Verify's findings attached to scan results, so a corrupt file shows on its repo and file.

A finding remembers the identity (size, mtime_ns, inode) of the file it was hashed from
(for a repo blob linking into the shared store: the link and the payload). It stays
attached across rescans and restarts (kept in the store's ``verify_findings`` table)
while that is unchanged, and drops by itself once the file is deleted or replaced (for
example by downloading it again): no stale red badges.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from hfmanager.core.inventory.model import Problem, Repo, Revision, TorchEntry
from hfmanager.core.store import Store, register_schema
from hfmanager.core.verify.model import VerifyReport, VerifyResult, VerifyStatus

register_schema("verify_findings", """
CREATE TABLE IF NOT EXISTS verify_findings (
    path TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    result TEXT NOT NULL,
    signature TEXT NOT NULL,
    found_at REAL NOT NULL
);
""")


@dataclass(frozen=True)
class Finding:
    """A problem verify found in one file, and that file's identity when it was checked."""

    problem: Problem
    signature: tuple[int, ...] | None
    payload: str = ""  # the shared store file the problem's path links to, if any


def _signature(path: str, payload: str = "") -> tuple[int, ...] | None:
    """(size, mtime_ns, inode) of ``path``, and of ``payload`` when there is one."""
    out: list[int] = []
    for p in (path, payload) if payload else (path,):
        try:
            st = os.lstat(p)
        except OSError:
            return None
        out += [st.st_size, st.st_mtime_ns, st.st_ino]
    return tuple(out)


def _finding(r: VerifyResult) -> Finding:
    t = r.target
    return Finding(r.to_problem(), _signature(t.path, t.payload), t.payload)


def findings_from_report(report: VerifyReport) -> dict[str, list[Finding]]:
    """CORRUPT_BLOB findings keyed by owner (``Repo.repo_path`` or the torch hub folder)."""
    out: dict[str, list[Finding]] = {}
    for r in report.corrupt:
        out.setdefault(r.target.owner, []).append(_finding(r))
    return out


def still_current(findings: Iterable[Finding]) -> list[Finding]:
    """The findings whose file is still there, byte-for-byte the file that was checked."""
    return [f for f in findings if f.signature is not None
            and _signature(f.problem.path or "", f.payload) == f.signature]


# -- kept in the store ----------------------------------------------------------------
def save_findings(store: Store, results: Sequence[VerifyResult]) -> None:
    """Record this run's verdicts: corrupt files are kept, files found OK (or no longer
    checkable) are dropped; a read error leaves what an earlier run found."""
    store.ensure_schema("verify_findings")
    conn = store.connection()
    known = {str(row[0]) for row in conn.execute("SELECT path FROM verify_findings")}
    gone = [(r.target.path,) for r in results
            if r.target.path in known and r.status is not VerifyStatus.ERROR]
    now = time.time()
    rows = [(r.target.path, r.target.owner, json.dumps(r.to_json()),
             json.dumps(f.signature), now)
            for r, f in ((r, _finding(r)) for r in results if r.status is VerifyStatus.CORRUPT)
            if f.signature is not None]
    if not gone and not rows:
        return
    with store.transaction() as tx:
        tx.executemany("DELETE FROM verify_findings WHERE path=?", gone)
        tx.executemany("INSERT OR REPLACE INTO verify_findings VALUES (?,?,?,?,?)", rows)


def load_findings(store: Store) -> dict[str, list[Finding]]:
    """The kept findings whose file is unchanged, by owner; stale ones are forgotten."""
    store.ensure_schema("verify_findings")
    conn = store.connection()
    out: dict[str, list[Finding]] = {}
    stale: list[tuple[str]] = []
    for path, owner, result, signature in conn.execute(
            "SELECT path, owner, result, signature FROM verify_findings"):
        try:
            r = VerifyResult.from_json(json.loads(result))
            sig = json.loads(signature)
            f = Finding(r.to_problem(), tuple(int(x) for x in sig), r.target.payload)
        except (ValueError, KeyError, TypeError):
            stale.append((path,))
            continue
        if still_current([f]):
            out.setdefault(str(owner), []).append(f)
        else:
            stale.append((path,))
    if stale:
        with store.transaction() as tx:
            tx.executemany("DELETE FROM verify_findings WHERE path=?", stale)
    return out


# -- attaching to scan results ----------------------------------------------------------
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


def attach_torch(entries: Iterable[TorchEntry],
                 findings: Mapping[str, list[Finding]]) -> list[TorchEntry]:
    """Torch hub entries with the current findings on their checkpoint files."""
    by_path = {f.problem.path: f for fs in findings.values() for f in fs}
    out = []
    for e in entries:
        f = by_path.get(e.path)
        if f is not None and still_current([f]) and all(
                (p.kind, p.path) != (f.problem.kind, f.problem.path) for p in e.problems):
            e = replace(e, problems=(*e.problems, f.problem))
        out.append(e)
    return out


def merge(current: Mapping[str, list[Finding]],
          new: Mapping[str, list[Finding]]) -> dict[str, list[Finding]]:
    """Findings of a new run replace those of earlier runs for the same files."""
    out = {owner: list(fs) for owner, fs in current.items()}
    for owner, fs in new.items():
        paths = {f.problem.path for f in fs}
        kept = [f for f in out.get(owner, []) if f.problem.path not in paths]
        out[owner] = kept + list(fs)
    return {owner: fs for owner, fs in out.items() if fs}
