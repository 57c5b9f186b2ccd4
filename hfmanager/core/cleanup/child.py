"""Compute a cleanup plan in a child process, so that a GUI never shares its GIL.

Planning walks every entry of the selected trees; in a thread of the GUI process a
preempted planning thread holding the GIL delays the event loop on a busy machine. The
request and the plan travel as pickles between this module in the parent and the child
(same code on both sides, never data from elsewhere).

    python -m hfmanager.child cleanup < request.pickle > plan.pickle

The parent side runs it the one way (:class:`hfmanager.core.procs.Child`).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path

from hfmanager.core import procs
from hfmanager.core.cleanup.plan import CleanPlan, Selection
from hfmanager.core.cleanup.planner import make_plan

_OUTPUT_CAP = 1 << 30  # a plan of every file of a huge cache is big, not unbounded


def main(argv: list[str] | None = None) -> int:
    del argv  # the request comes on stdin
    selection, roots, nice = pickle.load(sys.stdin.buffer)
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
    plan = make_plan(selection, roots)
    sys.stdout.buffer.write(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


def plan_in_child(selection: Selection, roots: Iterable[str | Path], *,
                  nice: int = 0) -> CleanPlan:
    """:func:`make_plan` run by the ``cleanup`` child; the same plan comes back.
    Blocking: call it from a worker thread (it runs its own event loop)."""
    request = pickle.dumps((selection, [str(r) for r in roots], nice))
    data = procs.run_sync(_plan_async(request))
    plan = pickle.loads(data)
    if not isinstance(plan, CleanPlan):
        raise RuntimeError("planning returned something that is not a plan")
    return plan


async def _plan_async(request: bytes) -> bytes:
    async with procs.Child(procs.child_command("cleanup"), env=procs.child_env(),
                           stdin=request, line_cap=_OUTPUT_CAP) as child:
        try:
            data = await child.read_all()
        except procs.LineTooLongError as exc:
            raise child.error(f"planning wrote {exc}") from exc
        if await child.wait() != 0:
            raise child.error("planning failed")
    return data
