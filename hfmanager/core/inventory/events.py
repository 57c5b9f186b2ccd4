"""Scan in a child process and stream typed events (JSON lines, one event per line).

A scan is pure-Python work that holds the GIL; in a thread it stalls a Qt event loop for
hundreds of milliseconds. In a child process the parent only parses one small line per
repo. The child runs the one way (:class:`hfmanager.core.procs.Child`): cancelling the
consumer (``aclose()`` or task cancel) terminates it, kills it after a grace period, and
always reaps it.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfmanager.core import procs
from hfmanager.core.inventory.index import repo_from_row, row_of
from hfmanager.core.inventory.model import Problem, Repo, SharedPayload, TorchEntry
from hfmanager.core.paths import CacheRoot, RootKind

GRACE_S = 2.0
_LINE_LIMIT = 256 * 1024 * 1024  # one repo per line; a huge repo makes a long line


@dataclass(frozen=True)
class ScanStarted:
    """The child started scanning these roots."""

    roots: tuple[CacheRoot, ...]


@dataclass(frozen=True)
class RepoScanned:
    """One repo is ready (``reused``: taken unchanged from the index)."""

    repo: Repo
    reused: bool = False


@dataclass(frozen=True)
class TorchScanned:
    """One torch hub entry is ready."""

    entry: TorchEntry


@dataclass(frozen=True)
class ScanFinished:
    """The scan completed; root-level problems, how many repos came from the index, and
    the shared-store payloads (root-level too: known only once every repo is scanned)."""

    inventory_problems: tuple[Problem, ...]
    elapsed_s: float
    reused_from_index: int
    payloads: tuple[SharedPayload, ...] = ()


@dataclass(frozen=True)
class ScanFailed:
    """The scan could not complete (the child crashed or reported an error)."""

    message: str


ScanEvent = ScanStarted | RepoScanned | TorchScanned | ScanFinished | ScanFailed


def encode_event(event: ScanEvent) -> str:
    """One JSON line (ASCII: undecodable path bytes survive as escaped surrogates)."""
    d: dict[str, Any]
    if isinstance(event, ScanStarted):
        d = {"event": "started", "roots": [r.to_json() for r in event.roots]}
    elif isinstance(event, RepoScanned):
        # The scan index's row (marshalled tuples, file lists packed), not Repo.to_json():
        # a 100,000-file cache is 4 MB instead of 47 MB of JSON, and the parent decodes
        # the file lists only for the repos someone looks at.
        meta, files = row_of(event.repo)
        d = {"event": "repo", "reused": event.reused, "meta": _b64(meta), "files": _b64(files)}
    elif isinstance(event, TorchScanned):
        d = {"event": "torch", "entry": event.entry.to_json()}
    elif isinstance(event, ScanFinished):
        d = {"event": "finished", "problems": [p.to_json() for p in event.inventory_problems],
             "elapsed_s": event.elapsed_s, "reused": event.reused_from_index,
             "payloads": [p.to_json() for p in event.payloads]}
    else:
        d = {"event": "failed", "message": event.message}
    return json.dumps(d, separators=(",", ":"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def root_from_json(d: dict[str, str]) -> CacheRoot:
    return CacheRoot(Path(d["path"]), RootKind(d["kind"]), d.get("source", "user"))


def decode_event(line: str | bytes) -> ScanEvent:
    """Parse one line; malformed input raises ValueError."""
    try:
        d = json.loads(line)
        kind = d["event"]
        if kind == "started":
            return ScanStarted(tuple(root_from_json(r) for r in d["roots"]))
        if kind == "repo" and "meta" in d:
            return RepoScanned(repo_from_row(base64.b64decode(d["meta"], validate=True),
                                             base64.b64decode(d["files"], validate=True)),
                               bool(d.get("reused")))
        if kind == "repo":
            return RepoScanned(Repo.from_json(d["repo"]), bool(d.get("reused")))
        if kind == "torch":
            return TorchScanned(TorchEntry.from_json(d["entry"]))
        if kind == "finished":
            return ScanFinished(tuple(Problem.from_json(p) for p in d["problems"]),
                                float(d["elapsed_s"]), int(d["reused"]),
                                tuple(SharedPayload.from_json(p)
                                      for p in d.get("payloads", ())))
        if kind == "failed":
            return ScanFailed(str(d["message"]))
    except (KeyError, TypeError, AttributeError, EOFError, binascii.Error) as exc:
        raise ValueError(f"malformed scan event: {exc!r}") from exc
    raise ValueError(f"unknown scan event {kind!r}")


def child_command(roots: Sequence[CacheRoot], index_path: Path | None) -> list[str]:
    args = ["--roots", json.dumps([r.to_json() for r in roots])]
    if index_path is not None:
        args += ["--index", os.fsdecode(index_path)]
    return procs.child_command("scan", *args)


async def scan_events(
    roots: Sequence[CacheRoot], *, index_path: Path | None = None, grace_s: float = GRACE_S,
) -> AsyncIterator[ScanEvent]:
    """Run the scan in the ``scan`` child (:mod:`hfmanager.child`) and yield its events.

    The last event is always ScanFinished or ScanFailed (unless the consumer stops early).
    """
    async with procs.Child(child_command(roots, index_path), env=procs.child_env(),
                           line_cap=_LINE_LIMIT, grace_s=grace_s) as child:
        try:
            async for line in child.lines():
                try:
                    event = decode_event(line)
                except ValueError as exc:
                    event = ScanFailed(str(exc))
                yield event
                if isinstance(event, (ScanFinished, ScanFailed)):
                    return
        except procs.LineTooLongError as exc:
            yield ScanFailed(f"The scanner process wrote {exc}; it was stopped.")
            return
        code = await child.wait()
        tail = child.stderr_tail().strip()
        last = tail.splitlines()[-1] if tail else "no error output"
        yield ScanFailed(f"The scanner process stopped unexpectedly (exit code {code}): "
                         f"{last}")
