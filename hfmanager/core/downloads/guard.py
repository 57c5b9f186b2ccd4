"""A download as the front ends run it: under the repo's lock, re-checked before "verified".

The engine verifies every file as it lands, but another process can change the cache
while it works: ``hfmanager clean`` of the same repo deleted ``refs/main`` under a
download that then printed "verified". So the CLI and the queue run the engine holding
the repo's lock (:mod:`hfmanager.core.repolock`, shared: two downloads of a repo may run
together, a cleanup waits for both), and before they call the download done, they look
again, still under the lock: the ref names the commit, and every file of the plan is in
the snapshot with its size.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from hfmanager.core import cachespec as cs
from hfmanager.core import errors as err
from hfmanager.core import repolock
from hfmanager.core.downloads.config import CancelToken
from hfmanager.core.downloads.engine import Downloader, ProgressFn
from hfmanager.core.downloads.layout import CacheLayout
from hfmanager.core.downloads.plan import RepoPlan
from hfmanager.core.fsutil import read_untouched


def download_locked(downloader: Downloader, plan: RepoPlan, progress: ProgressFn | None = None,
                    cancel: CancelToken | None = None,
                    on_wait: Callable[[str], None] | None = None,
                    wait_s: float = repolock.DOWNLOAD_WAIT_S) -> list[Path]:
    """``downloader.download(plan)`` under the repo's lock, then :func:`recheck`.

    Raises :class:`~hfmanager.core.repolock.RepoBusyError` when a cleanup of the repo
    holds it longer than ``wait_s`` (``cancel`` still stops the wait).
    """
    cancel = cancel or CancelToken()
    layout = CacheLayout(downloader.cache_root, plan.repo_id, plan.repo_type)
    os.makedirs(layout.root, exist_ok=True)  # the lock lives under the root
    with repolock.hold(str(layout.repo_dir), exclusive=False, wait_s=wait_s,
                       cancel=cancel.check, on_wait=on_wait):
        paths = downloader.download(plan, progress, cancel)
        recheck(layout, plan)
    return paths


def recheck(layout: CacheLayout, plan: RepoPlan) -> None:
    """Raise :class:`~hfmanager.core.errors.CacheChangedError` unless the ref names
    ``plan.commit`` and every planned file is in its snapshot with its size (read through
    links, as users do)."""
    problems: list[str] = []
    if plan.ref:
        path = layout.ref_path(plan.ref)
        try:
            commit, _exact = cs.parse_ref(read_untouched(path, 64, follow=False))
        except OSError as exc:
            commit = None
            problems.append(f"refs/{plan.ref} cannot be read ({exc.strerror or exc})")
        else:
            if commit != plan.commit:
                problems.append(f"refs/{plan.ref} names {commit or 'nothing'}, "
                                f"not {plan.commit}")
    for entry in plan.files:
        try:
            st = os.stat(layout.snapshot_path(plan.commit, entry.path))
            ok = st.st_size == entry.size
        except OSError:
            ok = False
        if not ok:
            problems.append(f"{entry.path} is missing from snapshot {plan.commit[:12]}")
            if len(problems) >= 5:
                break
    if problems:
        raise err.CacheChangedError(err.Reason.CACHE_CHANGED, what=plan.repo_id,
                                    detail="; ".join(problems))
