"""`hfmanager import` finds the Hub commit a folder is (issue 13.2): files that do not all
match the revision's head are searched for in its history, an older commit is imported
under its id with no ref (as ``snapshot_download(revision=<commit>)`` lays it out,
compared with huggingface_hub's own download and lookups), a file no commit has is
named, the walk is bounded, and reconcile moves the local revision's refs to the commit."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fakehub import FakeHub
from fakehub.faults import Fault
from huggingface_hub import hf_hub_download, scan_cache_dir, snapshot_download
from huggingface_hub.errors import LocalEntryNotFoundError

from hfmanager import cli
from hfmanager.core import hub, network
from hfmanager.core.settings import Settings
from hfmanager.core.transfer import commitsearch, importer, reconcile, sources

REPO = "org/three-commits"
FOLDER = "models--org--three-commits"


def _version(n: int) -> dict[str, bytes]:
    """Commit n of the repo: config and weights change every commit, the card at 3."""
    return {"config.json": json.dumps({"version": n}).encode(),
            "model.safetensors": bytes([n]) * 20_000,  # LFS on the fake Hub (>= 10 KiB)
            "README.md": b"card v2\n" if n >= 3 else b"card v1\n"}


@pytest.fixture
def three(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("HF_ENDPOINT", fake_hub.url)
    return [fake_hub.add_repo(REPO, _version(n)) for n in (1, 2, 3)]


def _folder(path: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_bytes(data)
    return path


def _import(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = cli.main(["import", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def _layout(cache: Path) -> set[str]:
    """Every path below the repo folder a loader reads (huggingface_hub's .locks aside)."""
    repo = cache / FOLDER
    return {p.relative_to(repo).as_posix() for p in repo.rglob("*")
            if not p.is_dir() and ".locks" not in p.parts}


def test_the_middle_commit_is_found_and_laid_out_as_a_download_of_it(
        fake_hub: FakeHub, three: list[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    first, middle, head = three
    src, cache = _folder(tmp_path / "src", _version(2)), tmp_path / "cache"
    code, out = _import(capsys, str(src), "--repo", REPO, "--cache-dir", str(cache))
    assert code == 0, out
    assert (out["commit"], out["head"], out["revision"]) == (middle, head, "")
    assert (out["searched"], out["unmatched"], out["rejected"]) == (2, [], [])
    # huggingface_hub's own download of that commit, into another cache: same layout.
    theirs = tmp_path / "theirs"
    snapshot_download(REPO, revision=middle, cache_dir=theirs, endpoint=fake_hub.url)
    assert _layout(cache) == _layout(theirs)
    assert not (cache / FOLDER / "refs").exists() or not any((cache / FOLDER / "refs").iterdir())
    for root in (cache, theirs):
        got = hf_hub_download(REPO, "config.json", revision=middle, cache_dir=root,
                              local_files_only=True)
        assert Path(got).read_bytes() == _version(2)["config.json"]
        with pytest.raises(LocalEntryNotFoundError):  # main was never pointed at it
            hf_hub_download(REPO, "config.json", cache_dir=root, local_files_only=True)
        info = scan_cache_dir(root)
        assert not info.warnings
        assert {r.commit_hash: r.refs for r in next(iter(info.repos)).revisions} == {
            middle: frozenset()}
    assert first not in out["snapshot"]


def test_a_file_no_commit_has_is_named(
        three: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _version(2)
    files["model.safetensors"] = b"\x07" * 20_000  # the size the Hub has, other content
    src = _folder(tmp_path / "src", files)
    argv = [str(src), "--repo", REPO, "--cache-dir", str(tmp_path / "cache")]
    code, out = _import(capsys, *argv)
    assert code == 1
    assert (out["commit"], out["searched"]) == (three[1], 3)  # all three compared
    assert out["unmatched"] == ["model.safetensors"]
    assert out["rejected"] == [{"path": "model.safetensors", "reason": "differs"}]
    assert sorted(out["imported"]) == ["README.md", "config.json"]
    # The same import in words (the files are in place now: imported again, kept).
    assert cli.main(["import", *argv]) == 1
    text = capsys.readouterr().out
    assert f"an older commit than the revision's head {three[2]}" in text
    assert "NOT IMPORTED model.safetensors" in text
    assert "no examined commit has it" in text
    assert f'revision="{three[1]}"' in text


def test_the_head_keeps_the_ref_and_searches_nothing(
        three: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _folder(tmp_path / "src", _version(3))
    code, out = _import(capsys, str(src), "--repo", REPO, "--cache-dir", str(tmp_path / "c"))
    assert code == 0, out
    assert (out["commit"], out["revision"], out["searched"]) == (three[2], "main", 1)
    assert (tmp_path / "c" / FOLDER / "refs" / "main").read_text() == three[2]


def test_the_walk_is_bounded_and_says_so(three: list[str], tmp_path: Path) -> None:
    src = _folder(tmp_path / "src", _version(1))
    files, _bad = importer.scan_folder(str(src))
    net = network.resolve(Settings())
    head = hub.repo_info(net, REPO)
    found = commitsearch.find(net, files, head, max_commits=2)
    # config v1 and weights v1 are in none of the two newest commits; the card v1 is in
    # the middle one, which is the best so far.
    assert (found.searched, found.limited, found.info.commit) == (2, True, three[1])
    assert found.unmatched == ["config.json", "model.safetensors"]
    found = commitsearch.find(net, files, head)
    assert (found.searched, found.limited, found.info.commit) == (3, False, three[0])
    assert found.unmatched == []


def test_a_commit_given_by_id_is_not_searched_past(
        three: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {**_version(2), "README.md": _version(3)["README.md"]}
    src = _folder(tmp_path / "src", files)
    code, out = _import(capsys, str(src), "--repo", REPO, "--revision", three[2],
                        "--cache-dir", str(tmp_path / "c"))
    assert code == 1
    assert (out["commit"], out["searched"], out["revision"]) == (three[2], 1, "")
    assert out["imported"] == ["README.md"]


def test_reconcile_moves_the_local_refs_to_the_older_commit(
        three: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, cache = _folder(tmp_path / "src", _version(2)), tmp_path / "cache"
    code, out = _import(capsys, str(src), "--repo", REPO, "--cache-dir", str(cache),
                        "--offline")
    assert code == 0
    assert out["local"] is True
    local = str(out["commit"])
    result = reconcile.reconcile(cache, REPO, network.resolve(Settings()))
    assert (result.commit, result.reconciled, result.revision) == (three[1], local, "main")
    info = scan_cache_dir(cache)
    assert not info.warnings
    assert {r.commit_hash: r.refs for r in next(iter(info.repos)).revisions} == {
        three[1]: frozenset({"main"})}
    assert not os.path.lexists(cache / FOLDER / "refs" / sources.LOCAL_REF)
    got = hf_hub_download(REPO, "config.json", cache_dir=cache, local_files_only=True)
    assert Path(got).read_bytes() == _version(2)["config.json"]


@pytest.mark.parametrize("fault", [Fault(status=404, route="commits"),
                                   Fault(json=lambda _body: {"not": "a list"},
                                         route="commits")],
                         ids=["refused", "malformed"])
def test_a_failing_history_keeps_the_head_and_says_why(
        fake_hub: FakeHub, three: list[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], fault: Fault) -> None:
    fake_hub.faults.set(fault)
    files = {**_version(2), "README.md": _version(3)["README.md"]}  # the card is the head's
    src = _folder(tmp_path / "src", files)
    code, out = _import(capsys, str(src), "--repo", REPO, "--cache-dir", str(tmp_path / "c"))
    assert code == 1
    assert (out["commit"], out["revision"], out["searched"]) == (three[2], "main", 1)
    assert out["search_error"]
    assert out["imported"] == ["README.md"]
