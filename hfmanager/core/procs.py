"""Child processes, run the one way the app runs them (:class:`Child`: the command of
:func:`child_command`, JSON lines read with a cap, stop = terminate, grace, kill, reap,
the stderr tail kept for the error), and how many CPUs there are to run them on."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
from collections.abc import AsyncIterator, Coroutine, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

SIGKILL: int = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows has no SIGKILL
T = TypeVar("T")


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    with contextlib.suppress(AttributeError, OSError):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def send(proc: asyncio.subprocess.Process, sig: int, *, group: bool = False) -> None:
    """Signal a child (its whole process group with ``group``: one started with
    ``start_new_session=True``, so that its own children go too); gone is fine."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if group and os.name == "posix":
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)


async def stop_child(proc: asyncio.subprocess.Process, grace_s: float, *,
                     group: bool = False) -> int:
    """SIGTERM, then SIGKILL after ``grace_s``; always ends with the child reaped.

    Returns the child's exit status (negative: the signal that ended it).
    """
    if proc.returncode is None:
        send(proc, signal.SIGTERM, group=group)
        try:
            await asyncio.wait_for(proc.wait(), grace_s)
        except asyncio.TimeoutError:
            send(proc, SIGKILL, group=group)
    return await proc.wait()


class LineTooLongError(Exception):
    """A child wrote a line longer than the reader's cap (its output is not the protocol)."""

    def __init__(self, cap: int) -> None:
        super().__init__(f"a line longer than {cap} bytes")
        self.cap = cap


async def read_line(stream: asyncio.StreamReader, cap: int) -> bytes:
    """The next line of ``stream`` with its newline (the last one may lack it; b"" at the
    end), at most ``cap`` bytes.

    A longer line raises :class:`LineTooLongError` as soon as ``cap`` bytes have come
    without a newline (``readline`` raised a bare ValueError, "Separator is not found, and
    chunk exceed the limit"); what follows it in the stream is left unread. Memory stays
    under ``cap`` plus the stream's own limit.
    """
    parts: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = await stream.readuntil(b"\n")
            done = True
        except asyncio.IncompleteReadError as exc:  # the end, without a newline
            chunk, done = exc.partial, True
        except asyncio.LimitOverrunError as exc:  # no newline within the stream's limit
            chunk, done = await stream.readexactly(exc.consumed), False
        size += len(chunk)
        if size > cap:
            raise LineTooLongError(cap)
        parts.append(chunk)
        if done:
            return b"".join(parts)


# -- the one way to run a child ------------------------------------------------------------

LINE_CAP = 256 * 1024 * 1024  # the default longest line: a repo with 100k files is one line
GRACE_S = 2.0
CHILD_FLAG = "--child"  # a frozen build runs its children as `hfmanager --child NAME`
_STDERR_KEEP = 64 * 1024  # the tail of a child's stderr kept for its error message
_BUFFER = 1 << 20  # the stream's own limit; read_line joins longer lines up to its cap


def child_command(name: str, *args: str) -> list[str]:
    """The command line of the app's child ``name`` (scan, verify, cleanup: see
    :mod:`hfmanager.child`), from a source tree, an install or a frozen build alike."""
    if getattr(sys, "frozen", False):  # sys.executable is the app itself, not a Python
        return [sys.executable, CHILD_FLAG, name, *args]
    return [sys.executable, "-m", "hfmanager.child", name, *args]


def default_python() -> str:
    """The Python the load worker runs in unless the user picks one: this one; in a frozen
    build, which has no Python to lend, the first ``python3`` on PATH."""
    if getattr(sys, "frozen", False):
        return shutil.which("python3") or shutil.which("python") or "python3"
    return sys.executable


def foreign_env(argv: Sequence[str], env: Mapping[str, str] | None) -> dict[str, str] | None:
    """The environment for ``argv``: as given, except that a program other than a frozen
    build itself gets the library path the build's launcher replaced
    (``LD_LIBRARY_PATH_ORIG``, as PyInstaller asks), so the user's Python never loads
    the build's own copies of libpython, OpenSSL and the like."""
    if not getattr(sys, "frozen", False) or (argv and argv[0] == sys.executable):
        return dict(env) if env is not None else None
    out = dict(os.environ if env is None else env)
    for var in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):
        if f"{var}_ORIG" in out:
            out[var] = out[f"{var}_ORIG"]
        else:
            out.pop(var, None)
    return out


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment, plus ``extra``; a child of a source tree imports this very
    package even when it is not installed."""
    env = {**os.environ, **(extra or {})}
    if not getattr(sys, "frozen", False):
        here = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    return env


class ChildError(Exception):
    """A child ended without its answer; the message names the exit status and the last
    line of its stderr."""

    def __init__(self, what: str, returncode: int | None, stderr_tail: str) -> None:
        lines = stderr_tail.strip().splitlines()
        last = lines[-1] if lines else "no error output"
        super().__init__(f"{what} (exit status {returncode}): {last}")
        self.returncode = returncode
        self.stderr_tail = stderr_tail


class Child:
    """One child process, run the one way the app runs them: asyncio pipes, stdout read
    as lines with a cap, stderr drained in the background with its tail kept, and
    :meth:`stop` (terminate, grace, kill, reap) on every way out of ``async with``.

    ``group``: the child gets its own session, and stopping it signals its whole group
    (a child that starts children of its own). ``stdin``: bytes written then closed.
    """

    def __init__(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None,
                 stdin: bytes | None = None, line_cap: int = LINE_CAP,
                 grace_s: float = GRACE_S, group: bool = False) -> None:
        self.argv = list(argv)
        self.line_cap = line_cap
        self.grace_s = grace_s
        self._env = foreign_env(argv, env)
        self._stdin = stdin
        self._group = group and os.name == "posix"
        self._tail = bytearray()
        self._tasks: list[asyncio.Future[None]] = []
        self._proc: asyncio.subprocess.Process | None = None

    @property
    def proc(self) -> asyncio.subprocess.Process:
        assert self._proc is not None, "the child was not started"
        return self._proc

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def returncode(self) -> int | None:
        return None if self._proc is None else self._proc.returncode

    async def start(self) -> Child:
        """Start the child (OSError when it cannot be started)."""
        pipe = asyncio.subprocess.PIPE
        self._proc = await asyncio.create_subprocess_exec(
            *self.argv, stdin=pipe if self._stdin is not None else asyncio.subprocess.DEVNULL,
            stdout=pipe, stderr=pipe, env=self._env,
            limit=min(self.line_cap, _BUFFER),  # a line past a small cap fails at once
            start_new_session=self._group)
        self._tasks.append(asyncio.ensure_future(self._drain_stderr()))
        if self._stdin is not None:
            self._tasks.append(asyncio.ensure_future(self._feed(self._stdin)))
        return self

    async def __aenter__(self) -> Child:
        return await self.start()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def _feed(self, data: bytes) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        with contextlib.suppress(ConnectionError, BrokenPipeError):  # it exited early
            stdin.write(data)
            await stdin.drain()
        stdin.close()

    async def _drain_stderr(self) -> None:
        stream = self.proc.stderr
        assert stream is not None
        while chunk := await stream.read(_BUFFER):
            self._tail += chunk
            del self._tail[:-_STDERR_KEEP]

    def stderr_tail(self) -> str:
        return self._tail.decode("utf-8", "replace")

    def error(self, what: str) -> ChildError:
        return ChildError(what, self.returncode, self.stderr_tail())

    async def read_line(self) -> bytes:
        """The next stdout line (b"" at the end); :class:`LineTooLongError` past the cap."""
        assert self.proc.stdout is not None
        return await read_line(self.proc.stdout, self.line_cap)

    async def lines(self) -> AsyncIterator[bytes]:
        while line := await self.read_line():
            yield line

    async def read_all(self) -> bytes:
        """All of stdout (at most ``line_cap`` bytes, else :class:`LineTooLongError`)."""
        assert self.proc.stdout is not None
        data = await self.proc.stdout.read(self.line_cap + 1)
        while len(data) <= self.line_cap and (more := await self.proc.stdout.read(_BUFFER)):
            data += more
        if len(data) > self.line_cap:
            raise LineTooLongError(self.line_cap)
        return data

    def signal(self, sig: int) -> None:
        if self._proc is not None and self._proc.returncode is None:
            send(self._proc, sig, group=self._group)

    def kill_now(self) -> None:
        """SIGKILL at once, for an app that is quitting and cannot await :meth:`stop`."""
        self.signal(SIGKILL)

    async def wait(self) -> int:
        """The exit status once the child has exited and its stderr is read."""
        code = await self.proc.wait()
        with contextlib.suppress(asyncio.TimeoutError):  # a grandchild may hold stderr
            await asyncio.wait_for(asyncio.shield(self._tasks[0]), 1.0)
        return code

    async def stop(self) -> int:
        """terminate -> ``grace_s`` -> kill, always ending with the child reaped; what it
        wrote before it ended can still be read."""
        return await stop_child(self.proc, self.grace_s, group=self._group)

    async def _finish(self) -> None:
        await self.stop()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        # An unread pipe would stay open until garbage collection (a ResourceWarning);
        # asyncio's Process has no public close.
        transport = getattr(self.proc, "_transport", None)
        if transport is not None:
            transport.close()

    async def close(self) -> None:
        """:meth:`stop`, then the pipes closed; finished even when the caller is
        cancelled meanwhile."""
        if self._proc is None:
            return
        finishing = asyncio.ensure_future(self._finish())
        try:
            await asyncio.shield(finishing)
        except asyncio.CancelledError:
            await finishing
            raise


async def capture(argv: Sequence[str], *, timeout: float, cap: int = 16 * 1024 * 1024,
                  env: Mapping[str, str] | None = None) -> tuple[int, bytes]:
    """Run a short child to its end: (exit status, stdout). :class:`ChildError` when it
    is still running after ``timeout`` (it is killed) or writes more than ``cap``."""
    loop = asyncio.get_running_loop()
    async with Child(argv, env=env, line_cap=cap, grace_s=0.0) as child:
        # No wait_for around the read: a task made for it and never run (the loop closed
        # first) would be a coroutine never awaited.
        late: list[bool] = []

        def too_late() -> None:
            late.append(True)
            child.kill_now()

        timer = loop.call_later(timeout, too_late)
        try:
            out = await child.read_all()
            code = await child.wait()
        except LineTooLongError as exc:
            raise child.error(f"{argv[0]} wrote {exc}") from exc
        finally:
            timer.cancel()
        if late:
            raise child.error(f"{argv[0]} gave no answer within {timeout:g} s")
        return code, out


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on a private event loop of the platform's default kind, from any
    thread (the GUI's own loop is a Qt one, running on another thread)."""
    loop = asyncio.DefaultEventLoopPolicy().new_event_loop()
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
