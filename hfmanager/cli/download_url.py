"""`hfmanager download URL` for one file by URL (a torch hub checkpoint, or any http(s)
file): into ``$TORCH_HOME/hub/checkpoints`` (or ``--cache-dir``), through the same start
function and engine as a repo download. JSON events: ``plan`` (again once the size is
known), ``progress``, ``file_done``, ``done`` (with ``path``) or ``error``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hfmanager.cli.download_report import _Reporter
    from hfmanager.core.downloads.plan import DownloadSpec
    from hfmanager.core.downloads.urlfile import UrlPlan


def _planned(rep: _Reporter, plan: UrlPlan) -> None:
    rep.total = plan.size
    rep.emit({"event": "plan", "url": plan.url, "file": plan.name, "bytes": plan.size,
              "hash_prefix": plan.hash_prefix, "dest": str(plan.dest)})


def _record_history(spec: DownloadSpec, plan: UrlPlan, size: int) -> None:
    """Into the app's download history, as a repo download is (see download.py)."""
    import sqlite3

    from hfmanager.core.downloads.persist import JobStore
    from hfmanager.core.localstate import open_store

    try:
        store = open_store()
        try:
            JobStore(store).add_finished(spec, str(plan.dest_dir), "", size, 1)
        finally:
            store.close()
    except (OSError, sqlite3.Error, ValueError) as exc:
        print(f"note: not added to the download history: {exc}", file=sys.stderr)


def run_url(args: argparse.Namespace, spec: DownloadSpec, settings: Any,
            rep: _Reporter, tune: Any) -> int:
    """Download ``spec`` (a URL job); the exit status as `hfmanager download` gives it."""
    from dataclasses import replace

    from hfmanager.cli.download_report import EXIT_FAILED, EXIT_OK, _fail, _waiting
    from hfmanager.core import errors as err
    from hfmanager.core.downloads import service
    from hfmanager.core.downloads.engine import CancelToken
    from hfmanager.core.downloads.queue import run_job
    from hfmanager.core.downloads.urlfile import plan_url
    from hfmanager.core.text import printable

    if args.cache_dir:
        spec = replace(spec, dest=str(args.cache_dir))
    try:
        plan = plan_url(spec)
        if args.dry_run:
            _planned(rep, plan)
            if not rep.as_json:
                print(f"{printable(plan.url)} -> {printable(str(plan.dest))}")
            return EXIT_OK
        last: list[UrlPlan] = [plan]

        def planned(got: Any) -> None:
            last[0] = got
            _planned(rep, got)

        path = run_job(spec, lambda s: service.fetch_plan(s, settings),
                       lambda s: service.engine_config(s, settings), plan.dest_dir,
                       rep.progress, CancelToken(), planned=planned, tune=tune,
                       waiting=_waiting)[0]
    except (err.DownloadError, OSError, ValueError) as exc:
        return _fail(rep, args.json, exc, EXIT_FAILED)
    size = path.stat().st_size
    _record_history(spec, last[0], size)
    rep.emit({"event": "done", "files": 1, "bytes": size, "path": str(path)})
    if not rep.as_json:
        checked = (f"SHA-256 starts with {last[0].hash_prefix}, as its name says"
                   if last[0].hash_prefix else "no hash in its name: not checked")
        print(f"\nsaved {printable(str(path))} ({checked})", file=sys.stderr)
    return EXIT_OK
