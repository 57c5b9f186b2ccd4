"""Swap a local revision (an offline import) for the Hub's commit, once the Hub answers.

The local snapshot is imported again online (its blobs hard-linked, so nothing is
copied): when every file matches the revision, the local snapshot, its listing,
``refs/hfm-local`` and the blobs only it used are removed; otherwise it stays, and the
result says which files the Hub does not have. When the files are an older commit than
the revision's head (the commit search), the refs that named the local revision (the
``main`` an offline import wrote) name that commit instead: what loaded offline before
still loads, as in a cache downloaded back when that commit was the head.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from hfmanager.core import cachespec as cs
from hfmanager.core import network, repolock
from hfmanager.core.downloads.layout import CacheLayout
from hfmanager.core.fsutil import read_untouched
from hfmanager.core.transfer.importer import (
    ImportFolderError,
    ImportResult,
    Progress,
    import_folder,
)
from hfmanager.core.transfer.sources import LOCAL_REF


def local_revision(cache_root: str | os.PathLike[str], repo_id: str,
                   repo_type: str = "model") -> str | None:
    """The commit-shaped id of the repo's local revision, or None."""
    layout = CacheLayout(Path(cache_root), repo_id, repo_type)
    try:
        commit, _ = cs.parse_ref(read_untouched(layout.ref_path(LOCAL_REF), 64, follow=False))
    except OSError:
        return None
    return commit


def reconcile(cache_root: str | os.PathLike[str], repo_id: str, net: network.NetConfig,
              *, repo_type: str = "model", revision: str = "main",
              progress: Progress | None = None) -> ImportResult:
    """Import the local revision again with the Hub's listing (see the module note)."""
    local = local_revision(cache_root, repo_id, repo_type)
    if local is None:
        raise ImportFolderError(f"{repo_id} has no local revision (refs/{LOCAL_REF})")
    layout = CacheLayout(Path(cache_root), repo_id, repo_type)
    snap = layout.snapshot_dir(local)
    result = import_folder(snap, cache_root, repo_id, repo_type=repo_type,
                           revision=revision, mode="link", net=net, progress=progress)
    if result.local:  # nothing changed: the same files make the same local revision
        raise ImportFolderError(f"the Hub could not be asked ({result.why_local}); the "
                                "local revision stays")
    if result.rejected or result.commit == local:
        return result
    with repolock.hold(str(layout.repo_dir), exclusive=True, wait_s=repolock.CLEAN_WAIT_S):
        moved = _move_refs(layout, local, result.commit)
        _drop_local(layout, local)
    if moved and not result.revision:
        result.revision = moved[0]
    result.reconciled = local
    return result


def _move_refs(layout: CacheLayout, old: str, new: str) -> list[str]:
    """Point the refs (other than ``refs/hfm-local``) that name ``old`` at ``new``."""
    base = layout.repo_dir / "refs"
    moved = []
    for here, _dirs, files in os.walk(base):
        for name in files:
            ref = os.path.relpath(os.path.join(here, name), base).replace(os.sep, "/")
            if ref == LOCAL_REF:
                continue
            try:
                commit, _ = cs.parse_ref(read_untouched(layout.ref_path(ref), 64,
                                                        follow=False))
            except (OSError, ValueError):
                continue
            if commit == old:
                layout.write_ref(ref, new)
                moved.append(ref)
    return sorted(moved)


def _links_in(folder: str) -> set[str]:
    """The blob names the links below ``folder`` point to."""
    names = set()
    for here, _dirs, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                names.add(os.path.basename(os.readlink(os.path.join(here, name))))
    return names


def _drop_local(layout: CacheLayout, local: str) -> None:
    snap = str(layout.snapshot_dir(local))
    used_here = _links_in(snap)
    for here, dirs, files in os.walk(snap, topdown=False):
        for name in files:
            os.unlink(os.path.join(here, name))  # links (or copies): never followed
        for name in dirs:
            os.rmdir(os.path.join(here, name))
    os.rmdir(snap)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(layout.tree_path(local))
    os.unlink(layout.ref_path(LOCAL_REF))
    still = _links_in(str(layout.repo_dir / "snapshots"))
    for name in used_here - still:
        if cs.is_etag(name):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(layout.blob_path(name))
