"""Run the load worker in a child process and turn its JSON lines into typed events.

The child may hang, segfault, abort, run out of GPU or host memory: none of that can
touch the app, and every path ends with the child reaped. It runs the one way
(:class:`hfmanager.core.procs.Child`): cancel and timeout terminate the child's whole
process group, then kill it after a short grace period, so control returns within 2 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from hfmanager.core import paths, procs
from hfmanager.core.messages import Msg, msg
from hfmanager.core.untrusted import BadJSONError, loads

WORKER = paths.load_worker()  # a real file, also in a frozen build
GRACE_S = 1.0
GIB = 1024**3
PHASES = ("starting", "reading_config", "building", "loading_weights", "measuring",
          "running")  # running: the smoke pass, only with run_tokens
# The longest line read from the worker: its events are small (a result with every missing
# key of a big model stays far below); a longer line is a flood, not the protocol.
LINE_CAP = 16 * 1024 * 1024


@dataclass(frozen=True)
class LoadRequest:
    """What to load, where, and with which Python. ``device`` is the worker's view
    ("cpu", "cuda:0", "mps"); ``env`` pins the GPU (see devices.worker_env)."""

    path: str
    device: str = "cpu"
    dtype: str = "auto"
    env: dict[str, str] = field(default_factory=dict)
    trust_remote_code: bool = False
    python: str | None = None
    timeout_s: float | None = None
    memory_limit_bytes: int | None = None  # RLIMIT_AS the worker sets on itself (POSIX)
    needed_bytes: int | None = None  # the estimate, for the CUDA OOM message
    options: LoadOptions = field(default_factory=lambda: LoadOptions())

    def worker_json(self) -> str:
        return json.dumps({"path": self.path, "device": self.device, "dtype": self.dtype,
                           "trust_remote_code": self.trust_remote_code,
                           "needed_bytes": self.needed_bytes,
                           "memory_limit_bytes": self.memory_limit_bytes,
                           **self.options.to_json()})


@dataclass(frozen=True)
class LoadOptions:
    """How to load: quantization, device map (parsed: devicemap.for_worker), attention
    implementation, low_cpu_mem_usage, a smoke pass of ``run_tokens`` tokens and the
    user's own class (``module:Name``) for repos transformers does not know."""

    quantize: str = "none"  # none | 8bit | 4bit
    device_map: dict[str, Any] | None = None
    attn: str | None = None  # eager | sdpa | flash_attention_2
    low_cpu_mem_usage: bool = False
    run_tokens: int = 0
    model_class: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"quantize": self.quantize, "device_map": self.device_map, "attn": self.attn,
                "low_cpu_mem_usage": self.low_cpu_mem_usage, "run_tokens": self.run_tokens,
                "model_class": self.model_class}


def worker_python(chosen: str | None) -> str:
    """The interpreter the worker runs in: the one chosen, else procs.default_python().
    What the history records as "the Python used": ``sys.executable`` is the app itself
    in a frozen build, not a Python."""
    return chosen or procs.default_python()


def precheck(options: LoadOptions, cuda: bool, strategy: str = "transformers"
             ) -> LoadFailed | None:
    """Options that cannot work on this device or model, refused before any child starts
    (the worker checks again: the chosen Python may lack the package even with a GPU).
    ``strategy`` is how the target loads (strategy.strategy; "class" for ``--class``):
    bitsandbytes quantization goes through transformers' from_pretrained, so any other
    way would load the model unquantized and say nothing."""
    if options.quantize != "none" and (strategy != "transformers" or options.model_class):
        return LoadFailed.said("quantize_not_applicable", msg(
            "load.quantize_not_transformers", mode=options.quantize,
            strategy="class" if options.model_class else strategy))
    if options.quantize != "none" and not cuda:
        return LoadFailed.said("quantize_unavailable", msg("load.quantize_needs_cuda",
                                                           mode=options.quantize))
    if options.attn == "flash_attention_2" and not cuda:
        return LoadFailed.said("attn_unavailable", msg("load.flash_needs_cuda"))
    return None


@dataclass(frozen=True)
class LoadPhase:
    """The worker entered a phase (starting, reading_config, building, ...)."""

    phase: str
    message: str
    t: float


@dataclass(frozen=True)
class LoadResult:
    """The worker's measurements (see workers/load.py for the keys)."""

    data: dict[str, Any]


@dataclass(frozen=True)
class LoadFailed:
    """Why a run ended without a result; ``kind`` is machine-readable."""

    kind: str  # cancelled, timeout, crashed, killed, cuda_oom, host_oom, unsafe_pickle...
    message: str
    detail: dict[str, Any] = field(default_factory=dict)
    msg: Msg | None = field(default=None, compare=False)  # ``message`` as a message code

    @classmethod
    def said(cls, kind: str, m: Msg, detail: dict[str, Any] | None = None) -> LoadFailed:
        return cls(kind, m.text(), detail or {}, m)


LoadEvent = LoadPhase | LoadResult | LoadFailed


def describe_exit(returncode: int, stderr_tail: str) -> LoadFailed:
    """A user-readable failure for a child that ended without a result line."""
    tail = stderr_tail.strip()[-1500:]
    if returncode < 0:
        sig = -returncode
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        if sig == getattr(signal, "SIGKILL", 9):
            return LoadFailed.said("killed", msg("load.killed", signal=name),
                                   {"signal": sig, "stderr": tail})
        code = {"SIGSEGV": "load.crashed_segv", "SIGABRT": "load.crashed_abort",
                "SIGBUS": "load.crashed_bus", "SIGILL": "load.crashed_ill",
                "SIGFPE": "load.crashed_fpe"}.get(name, "load.crashed")
        return LoadFailed.said("crashed", msg(code, signal=name), {"signal": sig, "stderr": tail})
    if not tail:
        return LoadFailed.said("load_failed", msg("load.exit_silent", status=returncode),
                               {"returncode": returncode, "stderr": tail})
    return LoadFailed.said("load_failed", msg("load.exit", status=returncode,
                                              last=tail.splitlines()[-1]),
                           {"returncode": returncode, "stderr": tail})


def from_worker_error(event: dict[str, Any]) -> LoadFailed:
    kind = str(event.get("kind", "load_failed"))
    message = str(event.get("message", "unknown error"))
    detail = {k: v for k, v in event.items() if k not in ("event", "kind", "message", "t")}
    if kind == "missing_dependency" and detail.get("module") == "torch":
        # Said plainly, with the command that installs it (not "No module named 'torch'")
        # no pip there (reported False; an older worker says nothing): ensurepip first
        code = "load.no_torch_no_pip" if detail.get("pip") is False else "load.no_torch"
        return LoadFailed.said(kind, msg(code, python=str(detail.get("python", ""))), detail)
    return LoadFailed(kind, message, detail)


class LoadRun:
    """One test load: iterate :meth:`events` (last event is LoadResult or LoadFailed);
    :meth:`cancel` from anywhere on the loop ends it within 2 s."""

    def __init__(self, request: LoadRequest) -> None:
        self.request = request
        self.pid: int | None = None
        self.returncode: int | None = None
        self._cancel = asyncio.Event()
        self._child: procs.Child | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def kill_now(self) -> None:
        """SIGKILL the child's group at once, for an app that is quitting and cannot await
        the graceful path (the child runs in its own session, so it would outlive us)."""
        if self._child is not None:
            self._child.kill_now()

    def _command(self) -> procs.Child:
        # The worker is a script run by the user's chosen Python, not one of the app's
        # children (hfmanager.child): that Python may not have hfmanager at all. Its own
        # group, so that stopping it takes its children too; it applies its memory limit
        # itself (no Python code between fork and exec: unsafe in a parent that runs threads).
        req = self.request
        env = {**os.environ, **req.env, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
        return procs.Child([worker_python(req.python), str(WORKER), req.worker_json()],
                           env=env, line_cap=LINE_CAP, grace_s=GRACE_S, group=True)

    async def events(self) -> AsyncIterator[LoadEvent]:
        child = self._command()
        try:
            await child.start()
        except OSError as exc:
            yield LoadFailed("bad_python", f"cannot start {self.request.python or 'python'}: "
                             f"{exc.strerror or exc}")
            return
        self._child, self.pid = child, child.pid
        final: LoadEvent | None = None
        try:
            async for event in self._read(child):
                if isinstance(event, LoadPhase):
                    yield event
                else:
                    final = event
            stopped = isinstance(final, LoadFailed) and final.kind in (
                "cancelled", "timeout", "worker_error")
            if not stopped:  # it said its last word (or closed stdout): let it exit
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(child.proc.wait(), 10.0)
            self.returncode = await child.stop()
            if final is None:
                await child.wait()  # the rest of its stderr, for the message
                final = describe_exit(self.returncode, child.stderr_tail())
            yield final
        finally:
            await child.close()
            self.returncode = child.returncode

    async def _read(self, child: procs.Child) -> AsyncIterator[LoadEvent]:
        """Worker lines as events; a LoadFailed for cancel/timeout ends the stream."""
        deadline = (time.monotonic() + self.request.timeout_s
                    if self.request.timeout_s else None)
        cancel = asyncio.ensure_future(self._cancel.wait())
        try:
            while True:
                line_task = asyncio.ensure_future(child.read_line())
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                done, _ = await asyncio.wait({line_task, cancel}, timeout=left,
                                             return_when=asyncio.FIRST_COMPLETED)
                if line_task not in done:
                    line_task.cancel()
                    if cancel in done:
                        yield LoadFailed.said("cancelled", msg("load.cancelled"))
                    else:
                        yield LoadFailed.said("timeout", msg(
                            "load.timeout", seconds=f"{self.request.timeout_s:g}"))
                    return
                try:
                    line = line_task.result()
                except procs.LineTooLongError as exc:
                    yield LoadFailed.said("worker_error", msg("load.bad_output", what=str(exc)),
                                          {"line_cap": LINE_CAP})
                    return
                if not line:
                    return
                event = self._parse(line)
                if event is not None:
                    yield event
        finally:
            cancel.cancel()

    @staticmethod
    def _parse(line: bytes) -> LoadEvent | None:
        try:  # depth-limited: a nested flood is no RecursionError here
            ev = loads(line, what="a worker line")
        except BadJSONError:
            return None  # a library printing to stdout: not ours
        if not isinstance(ev, dict):
            return None
        kind = ev.get("event")
        if kind == "phase":
            return LoadPhase(str(ev.get("phase")), str(ev.get("message", "")),
                             float(ev.get("t", 0.0)))
        if kind == "result":
            return LoadResult({k: v for k, v in ev.items() if k != "event"})
        if kind == "error":
            return from_worker_error(ev)
        return None


async def run_to_end(request: LoadRequest,
                     on_event: Callable[[LoadEvent], None] | None = None) -> LoadEvent:
    """Run a load and return its final event (for the CLI and tests)."""
    final: LoadEvent = LoadFailed("load_failed", "no events")
    async for event in LoadRun(request).events():
        if on_event is not None:
            on_event(event)
        final = event
    return final
