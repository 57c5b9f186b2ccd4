"""Rebuild the download queue from the cache when the app's database was lost.

Every large file the engine was fetching left ``blobs/<etag>.hfm-partial`` and its
sidecar, which names the commit and the file (never a URL). From those, each interrupted
(repo, commit) comes back as one *paused* job for exactly the files that were in
progress, pinned to their commit: the user sees it and resumes it. What no sidecar
records cannot come back (jobs that were only queued, small files, the original
filters), and the notice says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hfmanager.core import cachespec as cs
from hfmanager.core.downloads.layout import UnsafeNameError, validate_filename, validate_repo
from hfmanager.core.downloads.persist import JobState, JobStore
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.downloads.sidecar import Sidecar
from hfmanager.core.messages import Msg, msg

MAX_REPOS = 500  # jobs recovered at most (the queue has to stay usable)


@dataclass(frozen=True)
class Interrupted:
    """One repo's unfinished files at one commit, as their sidecars describe them."""

    repo_type: str
    repo_id: str
    commit: str
    files: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.repo_id}@{self.commit[:7]}"


def literal(name: str) -> str:
    """A glob (fnmatch) that matches exactly ``name``: wildcards escaped."""
    return "".join(f"[{c}]" if c in "[*?" else c for c in name)


def _sidecars(blobs: str) -> Iterable[Sidecar]:
    try:
        with os.scandir(blobs) as it:
            names = [e.name for e in it if e.name.endswith(cs.OUR_SIDECAR_SUFFIX)]
    except OSError:
        return
    for name in sorted(names):
        car = Sidecar.load(Path(blobs, name))
        if car is not None and name == car.etag + cs.OUR_SIDECAR_SUFFIX:
            yield car


def find_interrupted(cache_root: Path) -> list[Interrupted]:
    """Every (repo, commit) with partial files whose sidecars are readable and valid."""
    found: list[Interrupted] = []
    try:
        with os.scandir(cache_root) as it:
            folders = sorted(e.name for e in it if cs.parse_repo_folder(e.name))
    except OSError:
        return []
    for folder in folders:
        parsed = cs.parse_repo_folder(folder)
        assert parsed is not None
        repo_type, repo_id = parsed
        by_commit: dict[str, set[str]] = {}
        for car in _sidecars(os.path.join(cache_root, folder, "blobs")):
            try:
                validate_repo(repo_id, repo_type)
                validate_filename(car.filename)
            except UnsafeNameError:
                continue
            if cs.is_commit(car.commit):
                by_commit.setdefault(car.commit, set()).add(car.filename)
        found += [Interrupted(repo_type, repo_id, c, tuple(sorted(f)))
                  for c, f in sorted(by_commit.items())]
        if len(found) >= MAX_REPOS:
            break
    return found


def recover_queue(jobs: JobStore, cache_root: Path) -> list[Interrupted]:
    """Add a paused job per interrupted (repo, commit) that the queue does not hold yet."""
    live = {(j.spec.repo_type, j.spec.repo_id, j.spec.revision)
            for j in jobs.all(history=False)}
    added = []
    for item in find_interrupted(cache_root):
        if (item.repo_type, item.repo_id, item.commit) in live:
            continue
        spec = DownloadSpec(item.repo_id, item.repo_type, item.commit,
                            include=tuple(literal(f) for f in item.files))
        rec = jobs.add(spec, str(cache_root))
        jobs.transition(rec.id, JobState.PAUSED,
                        error="recovered from the cache after the app's database was lost")
        added.append(item)
    return added


def describe(added: list[Interrupted], cache_root: Path) -> str:
    """The notice for the user after :func:`recover_queue`."""
    return describe_msg(added, cache_root).text()


def describe_msg(added: list[Interrupted], cache_root: Path) -> Msg:
    """:func:`describe` as a message code (the window translates it)."""
    if not added:
        return msg("notice.queue_none", root=str(cache_root))
    names = ", ".join(f"{i.label} ({len(i.files)} file(s))" for i in added[:5])
    return msg("notice.queue_recovered", n=len(added), names=names,
               more=max(0, len(added) - 5))
