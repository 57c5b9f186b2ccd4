"""What one cleanup candidate frees on its own: the bytes exclusive to it.

The Cleanup list shows, beside each candidate, the figure a plan of that candidate alone
would give (``CleanPlan.blob_bytes``, huggingface_hub's ``expected_freed_size``): a blob
another revision of the repo still uses stays, and a shared Xet store payload counts only
when every repo blob link to it goes (as :mod:`.shared` predicts the sweep). It is read
from the scan, not the disk, so the list stays instant; ticking candidates still asks the
planner for the exact figure of their union. Each candidate alone: two revisions sharing
a blob each show without it, together they free it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from hfmanager.core.inventory.model import Inventory, Repo, Revision

# (root, xet hash) -> the repo blob links the scan found pointing at that store payload
Users = Mapping[tuple[str, str], tuple[str, ...]]


def payload_users(inv: Inventory) -> dict[tuple[str, str], tuple[str, ...]]:
    """Who links to each payload of each root's shared store."""
    return {(p.root, p.xet_hash): p.users for p in inv.payloads}


def _link(repo: Repo, etag: str) -> str:
    return os.path.join(repo.repo_path, "blobs", etag)


def _blob_bytes(repo: Repo, going: Mapping[str, int], users: Users) -> int:
    """Bytes of the blobs ``going`` (etag -> size); a store payload counts only when no
    link outside those blobs uses it."""
    shared = {etag: xet for etag, xet, _n in repo.shared}
    links = {_link(repo, etag) for etag in going}
    total = 0
    for etag, size in going.items():
        xet = shared.get(etag)
        if xet is not None and not set(users.get((repo.root, xet), ())) <= links:
            continue  # another repo (or another blob here) keeps the payload
        total += size
    return total


def repo_frees(repo: Repo, users: Users) -> int:
    """The whole repo folder: all but the store payloads other repos link to."""
    mine = {_link(repo, etag) for etag, _x, _n in repo.shared}
    kept = {xet: n for _e, xet, n in repo.shared
            if not set(users.get((repo.root, xet), ())) <= mine}
    return max(0, repo.size_on_disk - sum(kept.values()))


def _files_frees(repo: Repo, doomed: set[str], commits: set[str], users: Users) -> int:
    """Snapshot entries ``doomed`` (file paths) and whole revisions ``commits``."""
    kept: set[str] = set()
    going: dict[str, int] = {}
    copies = 0
    for rev in repo.revisions:
        for f in rev.files:
            goes = rev.commit_hash in commits or f.file_path in doomed
            if f.blob is None:
                copies += f.size if goes else 0  # copy layout: the file is its own blob
            elif goes:
                going[f.blob] = f.size
            else:
                kept.add(f.blob)
    return copies + _blob_bytes(repo, {e: n for e, n in going.items() if e not in kept}, users)


def revision_frees(repo: Repo, rev: Revision, users: Users) -> int:
    """One revision; its repo's last one takes the repo folder with it (as the planner
    and huggingface_hub's ``delete_revisions`` do)."""
    if all(r.commit_hash == rev.commit_hash for r in repo.revisions):
        return repo_frees(repo, users)
    return _files_frees(repo, set(), {rev.commit_hash}, users)


def files_frees(repo: Repo, paths: Iterable[str], users: Users) -> int:
    """Snapshot entries (absolute paths): their blobs when nothing else uses them."""
    return _files_frees(repo, set(paths), set(), users)
