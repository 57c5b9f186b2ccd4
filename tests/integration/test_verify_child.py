"""Verify in a child process (``python -m hfmanager.child``): the same verdicts as here,
cancel, the child's result cache, counting OK files without listing them. Split out of
``tests/unit/test_verify.py``: these start processes, so they live with the integration
tests.
"""

from __future__ import annotations

import threading
from pathlib import Path

from hfmanager.core.verify import VerifyProgress, VerifyStatus, verify
from tests.cachebuilder import HubCache, TorchHub
from tests.verifycases import all_targets
from tests.verifycases import corrupt as _corrupt


def test_child_process_gives_the_same_verdicts_and_cancels(tmp_path: Path) -> None:
    from hfmanager.core.verify.child import verify_in_child

    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({"config.json": b"{}", "w.safetensors": 3000})
    r.add_revision({f"big{i}.safetensors": 16 * 1024 * 1024 for i in range(16)}, refs=())
    th = TorchHub(tmp_path / "torch" / "hub")
    th.add_checkpoint("resnet", 100)
    victim = next(p for p in r.blobs.iterdir() if len(p.name) == 40)
    _corrupt(victim, "bitflip")
    store = tmp_path / "db.sqlite3"
    seen: list[VerifyProgress] = []
    child = verify_in_child([], [str(th.root)], hub_roots=[str(hub.root)], store_path=store,
                            progress=seen.append)
    here = verify(all_targets(hub.root, th.root))
    assert sorted((x.target.path, x.status) for x in child.results) == sorted(
        (x.target.path, x.status) for x in here.results)
    assert [x.target.path for x in child.corrupt] == [str(victim)]
    assert seen[-1].files_total == len(here.results)
    again = verify_in_child([str(r.path)], [], store_path=store)  # the child's cache is kept
    assert again.bytes_hashed == 0
    cancel = threading.Event()
    cancelled = verify_in_child([str(r.path)], [], store_path=None, cancel=cancel,
                                progress=lambda _p: cancel.set(), workers=1)
    assert cancelled.cancelled
    assert len(cancelled.results) < len(here.results)


def test_child_can_count_ok_without_listing(tmp_path: Path) -> None:
    from hfmanager.core.verify.child import verify_in_child

    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/a")
    r.add_revision({f"f{i}.json": 100 + i for i in range(20)})
    victim = sorted(r.blobs.iterdir())[3]
    _corrupt(victim, "extra")
    report = verify_in_child([str(r.path)], [], store_path=None, list_ok=False)
    assert report.count(VerifyStatus.OK) == 19
    assert [x.target.path for x in report.results] == [str(victim)]
    assert report.to_json()["counts"]["ok"] == 19
