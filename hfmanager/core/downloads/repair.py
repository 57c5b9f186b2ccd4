"""Download a corrupt cached file again: verify's finding -> download jobs.

Each job is pinned to the commit of the snapshot that holds the file and includes only
that file, so it writes no ref and touches nothing else. The engine re-hashes the blob
already in the cache, finds it corrupt and fetches it again into a verified blob.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence

from hfmanager.core import cachespec as cs
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.inventory.hfscan import parse_repo_folder


def _full_commit(repo_folder: str, prefix: str) -> str | None:
    try:
        names = os.listdir(os.path.join(repo_folder, "snapshots"))
    except OSError:
        return None
    matches = [n for n in names if n.startswith(prefix)]
    return matches[0] if len(matches) == 1 else None


def redownload_specs(repo_folder: str, entries: Sequence[str]) -> list[DownloadSpec]:
    """Jobs that fetch ``entries`` ("<commit prefix>/<path in snapshot>") again.

    Entries whose repo folder or commit cannot be told are skipped (nothing to pin to).
    """
    parsed = parse_repo_folder(os.path.basename(repo_folder.rstrip("/")))
    if parsed is None:
        return []
    repo_type, repo_id = parsed
    by_commit: dict[str, list[str]] = {}
    for entry in entries:
        prefix, _, path = entry.partition("/")
        commit = _full_commit(repo_folder, prefix) if prefix and path else None
        if commit is not None:
            by_commit.setdefault(commit, []).append(glob.escape(path))
    return [DownloadSpec(repo_id, repo_type.value, revision=commit, include=tuple(paths))
            for commit, paths in sorted(by_commit.items())]


def rest_of_snapshot_spec(repo_folder: str, commit: str) -> DownloadSpec | None:
    """A job that fetches the files ``trees/<commit>.json`` names but the snapshot lacks
    (the rest of an ``--include`` download), pinned to that commit; None when nothing
    is missing or there is no listing to tell."""
    parsed = parse_repo_folder(os.path.basename(repo_folder.rstrip("/")))
    listing = cs.read_tree_listing(repo_folder, commit) if cs.is_commit(commit) else None
    if parsed is None or not listing:
        return None
    snapshot = os.path.join(repo_folder, "snapshots", commit)
    missing = sorted(p for p in listing
                     if not os.path.lexists(os.path.join(snapshot, *p.split("/"))))
    if not missing:
        return None
    return DownloadSpec(parsed[1], parsed[0].value, revision=commit,
                        include=tuple(glob.escape(p) for p in missing))
