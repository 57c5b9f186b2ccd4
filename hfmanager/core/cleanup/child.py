"""Compute a cleanup plan in a child process, so that a GUI never shares its GIL.

Planning walks every entry of the selected trees; in a thread of the GUI process a
preempted planning thread holding the GIL delays the event loop on a busy machine. The
request and the plan travel as pickles between this module in the parent and the child
(same code on both sides, never data from elsewhere).

    python -m hfmanager.core.cleanup.child < request.pickle > plan.pickle
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from hfmanager.core.cleanup.plan import CleanPlan, Selection
from hfmanager.core.cleanup.planner import make_plan


def main() -> int:
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
    """:func:`make_plan` run by a child Python process; the same plan comes back."""
    request = pickle.dumps((selection, [str(r) for r in roots], nice))
    proc = subprocess.run([sys.executable, "-m", "hfmanager.core.cleanup.child"],
                          input=request, capture_output=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError(f"planning failed (exit status {proc.returncode}): "
                           + " / ".join(tail))
    plan = pickle.loads(proc.stdout)
    if not isinstance(plan, CleanPlan):
        raise RuntimeError("planning returned something that is not a plan")
    return plan


if __name__ == "__main__":
    sys.exit(main())
