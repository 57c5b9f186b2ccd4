"""Verify on huggingface_hub 2.x's shared Xet blob store, and nothing skipped silently.

The shared layout is built with huggingface_hub's own
``utils._shared_blobs.publish_blob_to_shared_store`` (two repos, one payload), and our
answers are compared with its ``shared_blob_target`` and ``sha_fileobj``. The layout
builder lives in tests/verifycases.py; the CLI run is tests/integration/test_verify_shared_cli.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from huggingface_hub.utils import sha as hf_sha

from hfmanager.core.store import Store
from hfmanager.core.verify import (
    Algo,
    VerifyStatus,
    repo_folders,
    targets_for_repo,
    targets_for_repos,
    verify,
)
from hfmanager.core.verify import runner as verify_runner
from tests.verifycases import WEIGHTS, flip_byte, shared_cache


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file the runner opens to hash, in order."""
    opened: list[str] = []
    real = verify_runner.open_untouched

    def spy(path, **kw):  # type: ignore[no-untyped-def]
        opened.append(str(path))
        return real(path, **kw)

    monkeypatch.setattr(verify_runner, "open_untouched", spy)
    return opened


def test_shared_payload_is_checked_by_etag_and_hashed_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hub, payload, links = shared_cache(tmp_path)
    opened = count_reads(monkeypatch)
    clean = verify(targets_for_repos(repo_folders(str(hub.root))))
    by_path = {r.target.path: r for r in clean.results}
    assert {r.status for r in clean.results} == {VerifyStatus.OK}
    for link in links:  # checked by its etag, reading the payload huggingface_hub names
        r = by_path[str(link)]
        assert (r.target.algo, r.target.expected) == (Algo.SHA256, link.name)
        assert r.target.payload == str(payload)
        assert r.target.files == (f"{r.target.files[0][:7]}/model.safetensors",)
    assert opened.count(str(payload)) == 1
    assert clean.files_hashed == len(opened) == 3  # payload + two config.json blobs
    assert clean.bytes_hashed == len(WEIGHTS) + sum(
        (h.blobs / n).stat().st_size for h in (hub.repo("org/a"), hub.repo("org/b"))
        for n in os.listdir(h.blobs) if len(n) == 40)

    flip_byte(payload)
    opened.clear()
    report = verify(targets_for_repos(repo_folders(str(hub.root))))
    assert opened.count(str(payload)) == 1
    assert report.files_hashed == 3
    corrupt = {r.target.label: r for r in report.corrupt}
    assert set(corrupt) == {"org/a", "org/b"}
    with payload.open("rb") as f:  # the actual hash agrees with huggingface_hub's
        actual = hf_sha.sha_fileobj(f).hex()
    assert {r.actual for r in corrupt.values()} == {actual}
    assert report.corrupt_payloads() == {str(payload): report.corrupt}
    problem = corrupt["org/a"].to_problem()
    assert problem.path == str(links[0])  # on the repo's own blob: shown on its files
    assert "shared store" in problem.message


def test_one_repo_verified_reports_every_repo_sharing_the_payload(tmp_path: Path) -> None:
    hub, payload, links = shared_cache(tmp_path)
    flip_byte(payload)
    only_a = targets_for_repos([str(hub.repo("org/a").path)])
    report = verify(only_a)
    assert sorted(r.target.path for r in report.corrupt) == sorted(map(str, links))
    b = next(r for r in report.corrupt if r.target.label == "org/b")
    assert b.target.owner == str(hub.repo("org/b").path)
    assert b.target.files  # its snapshot entries, for the Library
    assert report.files_hashed == 2  # the payload once, org/a's config.json


def test_cached_verdict_is_by_payload_and_dropped_when_it_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hub, payload, _links = shared_cache(tmp_path)
    store = Store(tmp_path / "db.sqlite3")
    first = verify(targets_for_repos(repo_folders(str(hub.root))), store=store)
    assert first.files_hashed == 3
    opened = count_reads(monkeypatch)
    again = verify(targets_for_repos(repo_folders(str(hub.root))), store=store)
    assert (again.files_hashed, opened) == (0, [])
    assert all(r.cached for r in again.results)
    flip_byte(payload)  # new mtime: the payload is read again, once
    third = verify(targets_for_repos(repo_folders(str(hub.root))), store=store)
    assert opened == [str(payload)]
    assert len(third.corrupt) == 2


def _entries(repo: Path) -> set[str]:
    """Every non-folder entry of blobs/ and snapshots/ (links to folders included)."""
    out = set()
    for top in (repo / "blobs", repo / "snapshots"):
        for dirpath, dirs, files in os.walk(top):
            out |= {os.path.join(dirpath, n) for n in files}
            out |= {os.path.join(dirpath, d) for d in dirs
                    if os.path.islink(os.path.join(dirpath, d))}
    return out


def test_nothing_is_skipped_silently(tmp_path: Path) -> None:
    hub, payload, _links = shared_cache(tmp_path)
    r = hub.repo("org/odd")
    c = r.add_revision({"config.json": b"{}", "w.safetensors": 100, "gone.bin": 50})
    snap = r.snapshots / c
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"x" * 10)
    os.symlink(outside, r.blobs / ("1" * 64))  # a blob link leading out of the cache
    missing = payload.parent.parent / "ee" / ("e" * 64)  # a store payload that is not there
    os.symlink(os.path.relpath(missing, r.blobs), r.blobs / ("2" * 64))
    os.unlink(os.path.realpath(snap / "gone.bin"))  # snapshot link to a missing blob
    os.mkfifo(snap / "pipe")
    r.add_incomplete(size=10)
    copy = r.add_revision({"copied.bin": 30}, refs=(), layout="copy")
    report = verify(targets_for_repos(repo_folders(str(hub.root))))
    covered = {x.target.path for x in report.results}
    used = {(x.target.owner, f) for x in report.results for f in x.target.files}
    for repo in (r, hub.repo("org/a")):
        for entry in _entries(repo.path):
            commit, _, rel = os.path.relpath(entry, repo.snapshots).partition("/")
            shown = (str(repo.path), f"{commit[:7]}/{rel}")
            assert entry in covered or shown in used, entry  # checked, or its blob is
    notes = {Path(x.target.path).name: x.target.note for x in report.results
             if x.status is VerifyStatus.UNVERIFIABLE}
    assert "does not lead into the shared blob store" in notes["1" * 64]
    assert "which is missing" in notes["2" * 64]
    assert "which is missing" in notes["gone.bin"]
    assert notes["pipe"] == "not a regular file"
    assert "not a blob yet" in next(v for k, v in notes.items() if k.endswith(".incomplete"))
    assert notes["copied.bin"] == "a copy and no trees/<commit>.json"
    assert copy  # the copy layout revision exists
    assert report.corrupt == []


def test_shared_link_with_missing_payload_is_unverifiable(tmp_path: Path) -> None:
    hub, payload, links = shared_cache(tmp_path)
    payload.unlink()
    report = verify(targets_for_repo(str(hub.repo("org/a").path)))
    r = next(x for x in report.results if x.target.path == str(links[0]))
    assert r.status is VerifyStatus.UNVERIFIABLE
    assert "missing" in r.message
