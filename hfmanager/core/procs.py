"""Child processes: stopping them the one way the app does it (terminate, grace, kill,
reap), reading their output lines with a cap, and how many CPUs there are to run them on."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

SIGKILL: int = getattr(signal, "SIGKILL", signal.SIGTERM)  # Windows has no SIGKILL


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
