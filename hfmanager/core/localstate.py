"""The app's own local state as the front ends open it: settings, the store, their folders.

One place decides what a broken state costs, so that the CLI and the window agree:

- a settings field that is wrong falls back to its default (:mod:`settings` says which);
- a store that is not a database, or has foreign tables, is moved aside and rebuilt
  (:mod:`store`), and then the download queue is recovered from the partial files'
  sidecars (:mod:`downloads.recover`), or the notice says it could not be;
- a data or config folder that is not a folder: the CLI stops with the path and the fix
  (:func:`check_folders`), the window opens anyway over an in-memory store.

Everything the user must hear goes through :mod:`hfmanager.core.notices`.
"""

from __future__ import annotations

import logging

from hfmanager.core import notices, paths
from hfmanager.core.messages import msg
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store, StoreError

log = logging.getLogger(__name__)

def check_folders() -> list[str]:
    """What is wrong with the app's data and config folders (empty: nothing)."""
    return paths.app_dir_problems()


def open_store() -> Store:
    """The app's store; a broken one is rebuilt and the queue recovered. Raises
    :class:`StoreError` (with the path and the fix) when it cannot be opened at all."""
    # The modules that register the store's tables: imported before it opens, so that one
    # check covers every table (a wrong schema is found at start, not when a page installs).
    from hfmanager.core.downloads import persist  # noqa: F401
    from hfmanager.core.loadtest import history  # noqa: F401
    from hfmanager.core.verify import findings, model  # noqa: F401

    store = Store()
    if store.rebuilt is not None:
        recover_queue(store)
    return store


def recover_queue(store: Store) -> None:
    """After a rebuild: put interrupted downloads back in the queue, and say what came back."""
    root = paths.hf_hub_cache_root().path
    try:
        from hfmanager.core.downloads import recover
        from hfmanager.core.downloads.persist import JobStore

        added = recover.recover_queue(JobStore(store), root)
        message = recover.describe_msg(added, root)
    except Exception as exc:  # the rebuilt store works; only the recovery is lost
        log.exception("queue recovery failed")
        message = msg("notice.queue_failed", root=str(root), error=str(exc))
    notices.said("queue", message, path=str(root))


def open_for_gui() -> tuple[Settings, Store]:
    """Settings and a store for the window, whatever state they are in: the window opens
    over an in-memory store (its history lost at exit) when the real one cannot be used."""
    settings = Settings.load()
    problems = paths.app_dir_problem_msgs()
    for problem in problems:
        notices.said("app_dir", problem, msg("notice.memory_only"))
    try:
        store = open_store()
    except StoreError as exc:
        if str(exc) not in [p.text() for p in problems]:  # said already
            notices.said("store", msg("notice.store_failed", error=str(exc)))
        store = Store.in_memory()
    return settings, store
