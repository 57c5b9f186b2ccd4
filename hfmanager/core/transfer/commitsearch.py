"""Which commit of the Hub a folder of files is: the revision's head, or an older one.

Files fetched by hand are often from an older commit than the branch's head (a model
card or config changed since). When they do not all match the head's listing, the
branch's history is walked newest first, a bounded number of commits, and the first
commit whose listing has every file (same path, size, and sha256 for LFS files, git blob
sha1 for the others) is the one; failing that, the commit that has the most of them
(the newest of equals). Files no examined commit has are named, so the user sees which
files are not the Hub's at all (a tampered or locally edited file), apart from those
that are merely from another commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from hfmanager.core import cachespec as cs
from hfmanager.core import errors, hub, network
from hfmanager.core.transfer.sources import LocalFile

MAX_COMMITS = 50  # commits examined at most (each costs one tree listing)


@dataclass
class Found:
    """The commit chosen for the files, and what the search saw."""

    info: hub.RepoSnapshotInfo  # the chosen commit's listing
    head: str  # the commit the revision points to on the Hub
    unmatched: list[str] = field(default_factory=list)  # in no examined commit
    searched: int = 1  # commits whose listing was compared
    limited: bool = False  # the history is longer than what was examined
    error: str = ""  # why the walk stopped early (the Hub's answer), else ""


def matching(files: Iterable[LocalFile], info: hub.RepoSnapshotInfo) -> dict[str, str]:
    """path -> etag of the files whose content ``info``'s commit has at their path."""
    remote = {f.path: f for f in info.files}
    out: dict[str, str] = {}
    for f in files:
        rf = remote.get(f.path)
        if rf is not None and rf.size == f.size and (
                rf.lfs_sha256 == f.sha256 if rf.lfs_sha256 else rf.blob_id == f.git_sha1):
            out[f.path] = rf.etag
    return out


def find(net: network.NetConfig, files: list[LocalFile], head: hub.RepoSnapshotInfo,
         *, max_commits: int = MAX_COMMITS) -> Found:
    """The commit for ``files``, given the revision's head listing (see the module note).

    A revision given as a full commit id is taken as it is (the user named the commit).
    A Hub error during the walk ends it there: the best commit so far is kept and
    :attr:`Found.error` says why."""
    found = Found(head, head.commit)
    best = matching(files, head)
    seen_paths = set(best)
    if len(best) == len(files) or cs.is_commit(head.revision):
        found.unmatched = sorted(f.path for f in files if f.path not in seen_paths)
        return found
    try:
        history = hub.list_commits(net, head.repo_id, head.repo_type, head.commit,
                                   limit=max_commits + 1)
        for commit in history[:max_commits]:
            if commit == head.commit:
                continue
            info = hub.commit_files(net, head.repo_id, head.repo_type, commit)
            found.searched += 1
            got = matching(files, info)
            seen_paths.update(got)
            if len(got) > len(best):
                found.info, best = info, got
            if len(best) == len(files):
                break
        found.limited = len(history) > max_commits and len(best) < len(files)
    except errors.DownloadError as exc:
        found.error = str(exc)
    found.unmatched = sorted(f.path for f in files if f.path not in seen_paths)
    return found
