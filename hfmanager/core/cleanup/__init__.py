"""Safe cache cleanup: plan what goes (exact bytes freed), then execute with re-checks.

Typical use::

    sel = Selection(repos=frozenset({"/cache/hub/models--org--name"}))
    plan = make_plan(sel, roots=[hub_root, torch_root])
    print(plan.freed_bytes, plan.paths)
    result = execute(plan, use_trash=False, progress=cb)
"""

from __future__ import annotations

from hfmanager.core.cleanup.execute import CleanResult, Progress, execute
from hfmanager.core.cleanup.inuse import mark_active, register_in_use_check, unmark_active
from hfmanager.core.cleanup.plan import CleanPlan, ItemKind, PlanItem, Selection
from hfmanager.core.cleanup.planner import make_plan, repo_label
from hfmanager.core.cleanup.safefs import STAGING_DIR, UnsafePathError

__all__ = [
    "STAGING_DIR", "CleanPlan", "CleanResult", "ItemKind", "PlanItem", "Progress",
    "Selection", "UnsafePathError", "execute", "make_plan", "mark_active",
    "register_in_use_check", "repo_label", "unmark_active",
]
