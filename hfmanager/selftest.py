"""``hfmanager --self-test REPORT.json``: does this install (a frozen build above all) work?

It opens the window (offscreen with ``QT_QPA_PLATFORM=offscreen``), scans the caches
(HF_HOME, HF_HUB_CACHE... as always) in the ``scan`` child and verifies every repo in the
``verify`` child, started the one way the app starts them (``core.procs.child_command``:
``<build> --child NAME`` when frozen), writes what it found to REPORT.json, closes the
window and exits 0; 1 when a step failed (the report says which). packaging/ runs it on a
fresh build (tests/integration/test_packaging_frozen.py).
"""

from __future__ import annotations

import asyncio
import json
import sys
import traceback
from pathlib import Path
from typing import Any


async def _scan() -> dict[str, Any]:
    from hfmanager.core.inventory.events import RepoScanned, ScanFailed, ScanFinished, scan_events
    from hfmanager.core.paths import discover_roots

    repos: list[dict[str, Any]] = []
    finished = False
    async for event in scan_events(discover_roots()):
        if isinstance(event, RepoScanned):
            repos.append({"repo_id": event.repo.repo_id, "repo_type": event.repo.repo_type,
                          "repo_path": str(event.repo.repo_path)})
        elif isinstance(event, ScanFailed):
            raise RuntimeError(f"scan failed: {event.message}")
        finished = finished or isinstance(event, ScanFinished)  # the child's last event
    if not finished:
        raise RuntimeError("the scan ended without its last event")
    return {"repos": repos}


def _verify(repo_paths: list[str]) -> dict[str, Any]:
    from hfmanager.core.verify.child import verify_in_child

    report = verify_in_child(repo_paths, [], store_path=None)
    return {"results": [{"path": r.target.path, "status": r.status.value}
                        for r in report.results],
            "files_hashed": report.files_hashed, "cancelled": report.cancelled}


async def _run(report: dict[str, Any]) -> None:
    report["scan"] = await _scan()
    paths = [r["repo_path"] for r in report["scan"]["repos"]]
    report["verify"] = await asyncio.to_thread(_verify, paths)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: hfmanager --self-test REPORT.json\n")
        return 2
    from hfmanager.app import start_gui

    out = Path(argv[0])
    report: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False)),
                              "executable": sys.executable}
    app, loop, ctx, window = start_gui(["hfmanager"])
    report["window"] = {"title": window.windowTitle(), "visible": window.isVisible()}
    status = 0
    with loop:
        try:
            loop.run_until_complete(_run(report))
        except Exception:  # the report says what broke; the exit status says that it did
            report["error"] = traceback.format_exc()
            status = 1
        window.close()
        app.processEvents()
    ctx.store.close()
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return status
