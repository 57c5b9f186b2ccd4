"""A cleanup plan computed in a child process (``python -m hfmanager.child``) equals the
one computed here. Split out of ``tests/unit/test_cleanup.py``: it starts a process, so it
lives with the integration tests.
"""

from __future__ import annotations

from pathlib import Path

from hfmanager.core.cleanup import Selection, execute, make_plan
from tests.cachebuilder import HubCache


def test_plan_in_child_equals_plan_here(tmp_path: Path) -> None:
    from hfmanager.core.cleanup.child import plan_in_child

    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    keep = r.add_revision({"config.json": b"{}", "a.safetensors": 500})
    old = r.add_revision({"config.json": b"{}", "b.safetensors": 700}, refs=())
    sel = Selection(revisions=frozenset({(str(r.path), old)}),
                    files=frozenset({str(r.snapshots / keep / "a.safetensors")}))
    here = make_plan(sel, [hub.root])
    there = plan_in_child(sel, [hub.root])
    assert there.items == here.items
    assert there.freed_bytes == here.freed_bytes == 1200
    assert execute(there).freed_bytes == 1200
