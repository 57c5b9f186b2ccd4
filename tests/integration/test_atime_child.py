"""Reading is not using, in a child process: a full verify run the way the window runs it
(``python -m hfmanager.child``) leaves every blob's access time as it was. Split out of
``tests/unit/test_atime.py`` (whose module docstring explains the method): it starts a
process, so it lives with the integration tests.
"""

from __future__ import annotations

from pathlib import Path

from hfmanager.core.verify.child import verify_in_child
from tests.atimecaches import age, every_blob, model_cache, moved, require_atime_updates


def test_full_verify_in_a_child_leaves_access_times(tmp_path: Path) -> None:
    require_atime_updates(tmp_path)
    hub, _c1, _c2, torch_hub = model_cache(tmp_path)
    before = age(every_blob(hub.root, torch_hub))
    child = verify_in_child([], [str(torch_hub)], hub_roots=[str(hub.root)], store_path=None)
    assert child.corrupt == []
    assert child.files_hashed == len(before)
    assert moved(before) == []
