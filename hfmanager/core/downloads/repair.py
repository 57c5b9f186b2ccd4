"""Download a damaged cached file again: a problem (verify's corrupt file, the scan's
broken link or missing shard) or a file of the tree -> download jobs.

Each job is pinned to the commit of the snapshot that holds the file and includes only
that file, so it writes no ref and touches nothing else. The engine re-hashes the blob
already in the cache, finds it corrupt and fetches it again into a verified blob.
"""

from __future__ import annotations

import glob
import os
import posixpath
from collections.abc import Sequence

from hfmanager.core import cachespec as cs
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.inventory.hfscan import parse_repo_folder
from hfmanager.core.inventory.model import Problem, ProblemKind, Repo, Revision
from hfmanager.core.untrusted import BadJSONError, read_json

# Problems that name files a download can put back.
REPAIRABLE = frozenset({ProblemKind.CORRUPT_BLOB, ProblemKind.BROKEN_LINK,
                        ProblemKind.MISSING_SHARD})
_INDEX_LIMIT = 16 * 1024 * 1024


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


def _missing_shards(rev: Revision, index_path: str) -> list[str]:
    """The shards the index at ``index_path`` names that ``rev`` lacks (snapshot paths)."""
    index = next((f for f in rev.files if f.file_path == index_path), None)
    if index is None:
        return []
    try:
        data = read_json(index.blob_path or index.file_path, _INDEX_LIMIT)
    except (OSError, BadJSONError):
        return []
    weight_map = data.get("weight_map") if isinstance(data, dict) else None
    if not isinstance(weight_map, dict):
        return []
    folder = posixpath.dirname(index.path)
    present = {f.path for f in rev.files if f.size}
    wanted = {posixpath.normpath(posixpath.join(folder, str(v))) for v in weight_map.values()}
    # Names from the file only select among the server's own listing (include patterns);
    # one that climbs out of the snapshot selects nothing and is dropped here already.
    return sorted(p for p in wanted if p not in present and not p.startswith(("../", "/"))
                  and p != "..")


def problem_entries(repo: Repo, problem: Problem) -> list[str]:
    """``<commit>/<path>`` of each file ``problem`` is about, for :func:`redownload_specs`;
    empty when it names none a download can put back. A blob shared by several
    revisions is named once: fetching it again mends every link to it."""
    if problem.kind not in REPAIRABLE or not problem.path:
        return []
    if problem.kind is ProblemKind.MISSING_SHARD:
        return [f"{rev.commit_hash}/{p}" for rev in repo.revisions
                for p in _missing_shards(rev, problem.path)]
    out: list[str] = []
    blobs: set[str] = set()
    for rev in repo.revisions:
        for f in rev.files:
            if problem.path not in (f.file_path, f.blob_path):
                continue
            if f.blob_path is None or f.blob_path not in blobs:
                out.append(f"{rev.commit_hash}/{f.path}")
            if f.blob_path is not None:
                blobs.add(f.blob_path)
    return out
