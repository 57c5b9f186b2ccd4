"""Shared Xet store payloads in a cleanup plan: which ones it touches and what they free.

huggingface_hub 2.x (``DeleteCacheStrategy.execute``) notes the store payload behind every
repo blob link it removes and sweeps each one afterwards: the payload goes when no valid
link to it is left, else its manifest is rewritten to the links that remain; and
``expected_freed_size`` counts a payload only when every link its manifest lists is being
removed. A plan does the same through :mod:`hfmanager.core.sharedstore`, and also checks
the links it finds on disk, so a link the manifest forgot keeps its payload. The plan
predicts what the sweep will do (so its figure stays exact, manifest bytes included);
that is ``expected_freed_size`` except where huggingface_hub's own figure misses what its
sweep then removes (a manifest naming no valid link: 0 predicted, the payload collected).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hfmanager.core import cachespec as cs
from hfmanager.core import sharedstore


def link_payload(link_path: str, root: str) -> str | None:
    """The xet hash when ``link_path`` is a symlink whose text names a store payload."""
    try:
        text = os.readlink(link_path)
    except OSError:
        return None
    return cs.link_target_payload(link_path, text, root)


class StoreLinks:
    """Every repo blob link of a root that points into its store, read once per plan."""

    def __init__(self) -> None:
        self._by_root: dict[str, dict[str, list[str]]] = {}
        self._marked: dict[str, bool] = {}

    def marked(self, root: str) -> bool:
        if root not in self._marked:
            self._marked[root] = cs.is_shared_store(root)
        return self._marked[root]

    def users(self, root: str, xet_hash: str) -> list[str]:
        if root not in self._by_root:
            self._by_root[root] = _index(root)
        return self._by_root[root].get(xet_hash, [])


def _index(root: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    try:
        with os.scandir(root) as it:
            repos = [e.path for e in it if cs.parse_repo_folder(e.name) is not None
                     and e.is_dir(follow_symlinks=False)]
    except OSError:
        return out
    for repo in repos:
        for link in repo_links(repo):
            xet = link_payload(link, root)
            if xet is not None:
                out.setdefault(xet, []).append(link)
    return out


def repo_links(repo: str) -> list[str]:
    """Paths of the symlinks in ``repo/blobs`` (candidates for links into the store)."""
    try:
        with os.scandir(os.path.join(repo, "blobs")) as it:
            return [e.path for e in it if e.is_symlink()]
    except OSError:
        return []


@dataclass(frozen=True)
class TouchedPayload:
    """A store payload that some link going away points at."""

    root: str
    path: str
    st: os.stat_result
    links: tuple[str, ...]  # the links the plan removes
    users: tuple[str, ...]  # other links to it found on disk
    freed: int  # the payload's bytes when the sweep will collect it, else 0
    manifest: int  # bytes the manifest gives back (removed, or rewritten shorter)


def touched_payloads(links: Iterable[tuple[str, str]], index: StoreLinks
                     ) -> list[TouchedPayload]:
    """The payloads behind ``links`` ((real root, link path) pairs the plan removes)."""
    doomed: dict[tuple[str, str], set[str]] = {}
    for root, link in links:
        if not index.marked(root):
            continue  # an unmarked ``blobs/`` is no store: huggingface_hub ignores it too
        xet = link_payload(link, root)
        if xet is not None:
            doomed.setdefault((root, xet), set()).add(link)
    out: list[TouchedPayload] = []
    for (root, xet), going in sorted(doomed.items()):
        path = cs.store_payload_path(root, xet)
        try:
            st = os.lstat(path)
        except OSError:
            continue  # a dangling link: nothing to collect
        if not stat.S_ISREG(st.st_mode):
            continue
        users = tuple(sorted(set(index.users(root, xet)) - going))
        refs = sharedstore.manifest_references(path, root)
        # what sharedstore.sweep will find once the links are gone: None leaves it alone
        remain = None if refs is None else (refs - going) | set(users)
        old = manifest_size(path)
        if remain is not None and not remain:
            freed, manifest = st.st_size, old
        else:
            freed, manifest = 0, 0 if not remain else old - _body_size(remain, root)
        out.append(TouchedPayload(root, path, st, tuple(sorted(going)), users, freed,
                                  manifest))
    return out


def manifest_size(payload_path: str) -> int:
    try:
        st = os.lstat(cs.manifest_path(payload_path))
    except OSError:
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


def _body_size(links: set[str], root: str) -> int:
    """Size of the manifest sharedstore.sweep writes for ``links``."""
    return sum(len(os.path.relpath(p, root).replace(os.sep, "/").encode()) + 1 for p in links)


def orphan_refusal(path: str, root: str, index: StoreLinks) -> str | None:
    """Why the store payload ``path`` is not an orphan now, or None when it is."""
    if not index.marked(root):
        return "not in a shared blob store"
    xet = cs.store_payload_of(path, root)
    if xet is None:
        return "not a shared store payload"
    refs = sharedstore.manifest_references(path, root) or set()
    users: Sequence[str] = sorted(refs | set(index.users(root, xet)))
    if users:
        return f"still used by {len(users)} repo link(s), e.g. {users[0]}"
    return None
