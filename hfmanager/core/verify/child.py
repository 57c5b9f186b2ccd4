"""Verification in a child process, so that a GUI process never competes for its GIL.

Hashing thousands of small files is mostly Python work per file; in a thread of the GUI
process it delays the event loop by tens of milliseconds on a busy machine. The child
gets the scope (repo folders, torch hub folders) as JSON on stdin, builds the targets,
verifies, and writes JSON lines on stdout: ``progress`` events, one ``result`` per file,
then ``done``. SIGTERM cancels it cleanly (the verdicts so far are still written).

    python -m hfmanager.child verify < request.json

The parent side runs it the one way (:class:`hfmanager.core.procs.Child`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hfmanager.core import procs
from hfmanager.core.store import Store
from hfmanager.core.verify.model import (
    VerifyProgress,
    VerifyReport,
    VerifyResult,
    VerifyStatus,
)
from hfmanager.core.verify.runner import verify
from hfmanager.core.verify.targets import repo_folders, targets_for_repos, targets_for_torch

_GRACE_S = 5.0  # after SIGTERM the child still writes every verdict so far
_LINE_CAP = 16 * 1024 * 1024  # one verdict per line: small; a longer one is not ours


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    del argv  # the request comes on stdin
    req = json.load(sys.stdin)
    cancel = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_a: cancel.set())
    if req.get("nice"):
        with contextlib.suppress(OSError):
            os.nice(int(req["nice"]))
    repos = list(req.get("repos", []))
    repos += [repo for root in req.get("hub_roots", []) for repo in repo_folders(root)]
    targets = targets_for_repos(repos)
    targets += [t for root in req.get("torch", []) for t in targets_for_torch(root)]
    store = Store(Path(req["store"])) if req.get("store") else None
    report = verify(targets, store=store, cancel=cancel, workers=req.get("workers"),
                    progress=lambda p: _emit({"event": "progress", **p.__dict__}))
    ok = 0
    for r in report.results:
        if r.status is VerifyStatus.OK and not req.get("list_ok", True):
            ok += 1  # thousands of lines to parse would only cost the GUI process time
            continue
        _emit({"event": "result", **r.to_json()})
    _emit({"event": "done", "cancelled": report.cancelled, "ok_not_listed": ok,
           "bytes_hashed": report.bytes_hashed, "files_hashed": report.files_hashed,
           "seconds": report.seconds})
    return 0


def verify_in_child(repos: list[str], torch_roots: list[str], *, store_path: Path | None,
                    hub_roots: list[str] | None = None,
                    progress: Callable[[VerifyProgress], None] | None = None,
                    cancel: threading.Event | None = None, workers: int | None = None,
                    nice: int = 0, list_ok: bool = True) -> VerifyReport:
    """Run :func:`verify` in the ``verify`` child over repo folders, every repo of
    ``hub_roots`` and the checkpoints of ``torch_roots``; the same report comes back
    (with ``list_ok=False`` OK verdicts are only counted, in ``ok_not_listed``).
    Blocking: call it from a worker thread (it runs its own event loop)."""
    req = {"repos": repos, "hub_roots": hub_roots or [], "torch": torch_roots,
           "workers": workers, "nice": nice, "list_ok": list_ok,
           "store": str(store_path) if store_path else None}
    return procs.run_sync(_verify_async(json.dumps(req).encode(), progress, cancel))


async def _verify_async(request: bytes, progress: Callable[[VerifyProgress], None] | None,
                        cancel: threading.Event | None) -> VerifyReport:
    results: list[VerifyResult] = []
    done: dict[str, Any] | None = None
    child = procs.Child(procs.child_command("verify"), env=procs.child_env(), stdin=request,
                        line_cap=_LINE_CAP, grace_s=_GRACE_S)
    async with child:
        # Cancel = SIGTERM: the child stops hashing and still writes its verdicts and
        # "done"; the runner kills it only if it has not ended after the grace period.
        watcher = asyncio.ensure_future(_watch(cancel, child))
        try:
            async for line in child.lines():
                event = json.loads(line)
                kind = event.pop("event")
                if kind == "progress" and progress is not None:
                    progress(VerifyProgress(**event))
                elif kind == "result":
                    results.append(VerifyResult.from_json(event))
                elif kind == "done":
                    done = event
            await child.wait()
        finally:
            watcher.cancel()
    if done is None and cancel is not None and cancel.is_set():
        return VerifyReport(tuple(results), True, 0, 0.0)  # stopped before it could answer
    if done is None:
        raise child.error("the verification process failed")
    return VerifyReport(tuple(results), bool(done["cancelled"]), int(done["bytes_hashed"]),
                        float(done["seconds"]), int(done.get("ok_not_listed", 0)),
                        int(done.get("files_hashed", 0)))


async def _watch(cancel: threading.Event | None, child: procs.Child) -> None:
    """The caller's thread-safe cancel flag, polled (a threading.Event has no awaitable)."""
    if cancel is None:
        return
    while not cancel.is_set():
        await asyncio.sleep(0.02)
    await child.stop()
