"""The last step of a cleanup plan: pending items -> :class:`PlanItem` s with the exact
bytes each frees (a hard-linked file counts only when every one of its links goes).

Split out of :mod:`hfmanager.core.cleanup.planner` to keep each file readable: the planner
decides *what* goes, this module counts what that frees (it walks and stats the
chosen paths; it knows nothing of the cache layout).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from hfmanager.core.cleanup.plan import CleanPlan, ItemKind, PlanItem, _walk, is_content
from hfmanager.core.untrusted import OnError


@dataclass
class Pending:
    """A path the planner chose, with what it learnt of it (not yet counted)."""

    path: str
    root: str
    rel: tuple[str, ...]
    kind: ItemKind
    st: os.stat_result
    group: str
    lock_path: str | None = None
    fixed: tuple[int, int] | None = None  # store payloads: (freed, content) predicted
    links: tuple[str, ...] = ()
    users: tuple[str, ...] = ()


def finish(items_pending: Iterable[Pending], refused: Sequence[tuple[str, str]],
           warnings: Sequence[str], roots: Sequence[str], on_error: OnError) -> CleanPlan:
    """The plan of ``items_pending``, each file's bytes counted once and only when all of
    its links are in the plan; ``on_error`` hears of what could not be counted."""
    pending = sorted(items_pending, key=lambda p: (_phase(p), p.path))
    links: dict[tuple[int, int], int] = {}
    per_item: list[list[tuple[str, os.stat_result]]] = []
    for p in pending:
        files = _regular_files(p, on_error) if p.fixed is None else []
        per_item.append(files)
        for _path, st in files:
            key = (st.st_dev, st.st_ino)
            links[key] = links.get(key, 0) + 1
    counted: set[tuple[int, int]] = set()
    items: list[PlanItem] = []
    for p, files in zip(pending, per_item, strict=True):
        freed, content = p.fixed or (0, 0)
        for path, st in files:
            key = (st.st_dev, st.st_ino)
            if key not in counted and links[key] >= st.st_nlink:
                counted.add(key)
                freed += st.st_size
                content += st.st_size if is_content(p.kind, p.path, path) else 0
        items.append(PlanItem(p.path, p.root, p.rel, p.kind, stat.S_ISDIR(p.st.st_mode),
                              p.st.st_dev, p.st.st_ino, p.st.st_mode, freed, p.group,
                              p.lock_path, p.st.st_size, p.st.st_mtime_ns, p.links,
                              p.users, content))
    # payloads that stay (other repos link to them) are swept for their manifests
    # only: they are not "what goes"
    stays = [i for i in items if i.kind is ItemKind.STORE_PAYLOAD and not i.content]
    goes = [i for i in items if i not in stays]
    return CleanPlan(tuple(goes), sum(i.freed for i in items), tuple(refused),
                     tuple(warnings), roots=tuple(roots),
                     sweeps=tuple(stays))


def _phase(p: Pending) -> int:
    return PlanItem(p.path, p.root, p.rel, p.kind, False, 0, 0, 0, 0, "").phase


def _regular_files(p: Pending, on_error: OnError) -> list[tuple[str, os.stat_result]]:
    if stat.S_ISREG(p.st.st_mode):
        return [(p.path, p.st)]
    if stat.S_ISDIR(p.st.st_mode):
        return [(path, st) for path, st in _walk(p.path, on_error)
                if stat.S_ISREG(st.st_mode)]
    return []
