"""Attaching verify findings to scan results: placement, no duplicates, staleness."""

from __future__ import annotations

from pathlib import Path

from hfmanager.core.inventory import scan_repo
from hfmanager.core.inventory.model import Problem, ProblemKind
from hfmanager.core.verify.findings import Finding, _signature, attach, merge, still_current
from tests.cachebuilder import HubCache


def _repo(tmp_path: Path):  # type: ignore[no-untyped-def]
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/m", "model")
    r.add_revision({"config.json": b"{}", "model.safetensors": b"x" * 100}, refs=["main"])
    return scan_repo(Path(r.path), tmp_path / "hub")


def test_attach_places_problem_on_the_revision_holding_the_file(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    f = next(f for f in repo.revisions[0].files if f.path == "model.safetensors")
    p = Problem(ProblemKind.CORRUPT_BLOB, "bad", f.blob_path)
    out = attach(repo, [p])
    assert out.revisions[0].problems[-1] == p
    assert p not in out.problems  # placed on the revision, not also on the repo
    assert attach(out, [p]) == out  # never twice
    loose = Problem(ProblemKind.CORRUPT_BLOB, "bad", str(tmp_path / "elsewhere"))
    assert attach(repo, [loose]).problems[-1] == loose


def test_findings_go_stale_when_the_file_changes(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(b"abc")
    f = Finding(Problem(ProblemKind.CORRUPT_BLOB, "bad", str(path)), _signature(str(path)))
    assert still_current([f]) == [f]
    path.unlink()
    assert still_current([f]) == []
    path.write_bytes(b"abcd")
    assert still_current([f]) == []


def test_merge_replaces_findings_for_the_same_file() -> None:
    a = Finding(Problem(ProblemKind.CORRUPT_BLOB, "old", "/c/x"), None)
    b = Finding(Problem(ProblemKind.CORRUPT_BLOB, "new", "/c/x"), None)
    c = Finding(Problem(ProblemKind.CORRUPT_BLOB, "other", "/c/y"), None)
    assert merge({"r": [a, c]}, {"r": [b]}) == {"r": [c, b]}
