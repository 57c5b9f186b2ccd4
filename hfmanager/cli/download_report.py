"""What `hfmanager download` prints, for a repo and for a file by URL alike: progress as
JSON lines or one throttled human line, failures as one sentence, exit statuses."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hfmanager.core.downloads.plan import RepoPlan

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Reporter:
    """Prints progress as JSON lines or one human line, throttled, from many threads."""

    def __init__(self, as_json: bool) -> None:
        from hfmanager.core.downloads.received import Received

        self.as_json, self.total = as_json, 0
        self.plan: RepoPlan | None = None
        self.files: dict[str, int] = {}
        self.received = Received()  # the speed counts these, not what a resume found
        self.lock = threading.Lock()
        self.start = self.last = time.monotonic()

    def planned(self, plan: RepoPlan, cache: Path) -> None:
        """The job is planned: say what it will fetch."""
        self.plan, self.total = plan, plan.total_size
        self.emit({"event": "plan", "repo": plan.repo_id, "repo_type": plan.repo_type,
                   "endpoint": plan.endpoint,
                   "endpoints": list(plan.net.endpoints if plan.net else [plan.endpoint]),
                   "commit": plan.commit, "files": len(plan.files),
                   "bytes": plan.total_size, "cache_dir": str(cache)})

    def emit(self, event: dict[str, Any]) -> None:
        if self.as_json:
            sys.stdout.write(json.dumps(event) + "\n")
            sys.stdout.flush()

    def progress(self, path: str, done: int, size: int) -> None:
        with self.lock:
            first_done = done >= size and self.files.get(path, -1) < size
            self.files[path] = done
            self.received.update(path, done)
            now = time.monotonic()
            if not first_done and now - self.last < 0.25:
                return
            self.last = now
            job_done = sum(self.files.values())
            speed = self.received.total / max(1e-3, now - self.start)
            if first_done:
                self.emit({"event": "file_done", "file": path, "size": size})
            else:
                self.emit({"event": "progress", "file": path, "done": done, "size": size,
                           "job_done": job_done, "job_total": self.total,
                           "speed": round(speed)})
            if not self.as_json:
                from hfmanager.core.text import human_size

                pct = 100.0 * job_done / self.total if self.total else 100.0
                print(f"\r{pct:5.1f}%  {human_size(job_done)} / {human_size(self.total)}  "
                      f"{human_size(speed)}/s ", end="", file=sys.stderr, flush=True)


def _fail(rep: _Reporter | None, as_json: bool, exc: BaseException, code: int) -> int:
    from hfmanager.core import errors
    from hfmanager.core.text import printable

    msg = errors.describe(exc)  # the one place core failures become sentences
    if as_json:  # json.dumps escapes control characters itself
        event = {"event": "error", "kind": type(exc).__name__, "message": msg}
        if isinstance(exc, errors.DownloadError):
            event["reason"] = exc.reason.value
        print(json.dumps(event), flush=True)
    else:  # messages quote what servers sent: never raw on the terminal
        print(f"\nerror: {printable(msg)}", file=sys.stderr)
    return code


def _waiting(message: str) -> None:
    print(f"hfmanager download: {message}", file=sys.stderr, flush=True)
