"""Hostile caches: deep JSON, deep folders, unreadable folders and escape sequences in names.

Each case ends in a clear answer (a problem on the one repo, an ERROR, an escaped name)
and never in a RecursionError, a hang or a clean bill. huggingface_hub's own scan of the
same cache is the reference for what is there.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from huggingface_hub import scan_cache_dir

from hfmanager.cli import main
from hfmanager.core import untrusted
from hfmanager.core.inventory import scan
from hfmanager.core.inventory.model import ProblemKind
from hfmanager.core.text import printable
from hfmanager.core.verify import targets as verify_targets
from tests.cachebuilder import HubCache
from tests.hostilecaches import DEEP_LIST, deep_json_cache, hf_roots

ESC_NAME = "evil\x1b[31mred\x1b]0;owned\x07\u202eexe.txt"


def _nest(top: Path, levels: int) -> Path:
    """``top/d/d/.../d`` made one mkdir at a time (os.makedirs recurses)."""
    top.mkdir(parents=True, exist_ok=True)
    path = top
    for _ in range(levels):
        path = path / "d"
        path.mkdir()
    return path


@pytest.fixture
def flatten(tmp_path: Path) -> Iterator[None]:
    """Empty deep trees left under tmp_path bottom-up: pytest's own cleanup (shutil.rmtree
    before Python 3.13) recurses and would fail on them."""
    yield
    entries = list(untrusted.walk(str(tmp_path), max_depth=10**6))
    for path, st in reversed(entries):
        if stat.S_ISDIR(st.st_mode):
            os.chmod(path, stat.S_IRWXU)
            os.rmdir(path)
        else:
            os.unlink(path)


# ---------------------------------------------------------------------------- untrusted


def test_untrusted_json_refuses_depth_size_and_special_files(tmp_path: Path) -> None:
    with pytest.raises(untrusted.JSONLimitError):
        untrusted.loads(DEEP_LIST)
    with pytest.raises(untrusted.JSONLimitError):
        untrusted.loads(b'{"a": ' * 65 + b"1" + b"}" * 65)
    nested = b'{"a": ' * 64 + b"1" + b"}" * 64  # exactly the limit: fine
    assert untrusted.loads(nested)["a"]["a"]
    # brackets inside strings are text, not nesting
    assert untrusted.loads(json.dumps({"k": "[{" * 5000}).encode()) == {"k": "[{" * 5000}
    with pytest.raises(untrusted.BadJSONError):
        untrusted.loads(b'"' + b'\\"' * 100_000)  # an unterminated string of escapes
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b"0," * 1000 + b"0]")
    with pytest.raises(untrusted.JSONLimitError, match="larger than"):
        untrusted.read_json(big, 100)
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        untrusted.read_json(fifo, 1000)  # refused at once, never blocking
    with pytest.raises(OSError, match="not a regular file"):
        untrusted.read_json("/dev/zero", 1000)


@pytest.mark.usefixtures("flatten")
def test_untrusted_walk_is_iterative_and_names_what_it_skips(tmp_path: Path) -> None:
    bottom = _nest(tmp_path / "top", 1100)
    (bottom / "f").write_bytes(b"x")
    skipped: list[tuple[str, str]] = []
    entries = list(untrusted.walk(str(tmp_path / "top"),
                                  on_error=lambda p, why: skipped.append((p, why))))
    assert len(entries) == untrusted.WALK_MAX_DEPTH + 1
    assert len(skipped) == 1
    assert "nested more than" in skipped[0][1]


# ------------------------------------------------------------------- deep JSON in repos


def test_deep_json_is_a_problem_on_its_repo_and_hides_no_other(tmp_path: Path) -> None:
    hub = deep_json_cache(tmp_path)
    inv = scan(hf_roots(hub))
    repos = {r.repo_id: r for r in inv.repos}
    hf = {r.repo_id: r for r in scan_cache_dir(hub.root).repos}
    assert set(repos) == set(hf) == {"org/good", "org/deepcfg", "org/deepindex"}
    assert {k: r.size_on_disk for k, r in repos.items()} == {
        k: r.size_on_disk for k, r in hf.items()}
    cfg = [p for p in repos["org/deepcfg"].all_problems() if p.kind is ProblemKind.UNREADABLE]
    assert len(cfg) == 1
    assert "config.json" in cfg[0].message
    assert "nested too deeply" in cfg[0].message
    idx = [p for p in repos["org/deepindex"].all_problems()
           if p.kind is ProblemKind.UNREADABLE]
    assert len(idx) == 1
    assert "model.safetensors.index.json" in idx[0].message
    assert "nested too deeply" in idx[0].message
    assert not [p for p in repos["org/good"].all_problems()
                if p.kind is ProblemKind.UNREADABLE]
    assert repos["org/good"].summary.model_type == "bert"


def test_clean_removes_the_repo_with_deep_json(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    hub = deep_json_cache(tmp_path)
    assert main(["scan", "--cache-dir", str(hub.root), "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "org/deepcfg" in out
    assert "org/good" in out
    assert main(["clean", "--repo", "org/deepcfg", "--cache-dir", str(hub.root),
                 "--yes"]) == 0
    assert not (hub.root / "models--org--deepcfg").exists()
    assert {r.repo_id for r in scan_cache_dir(hub.root).repos} == {"org/good",
                                                                   "org/deepindex"}


def test_deep_tree_listing_breaks_neither_verify_nor_clean(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/listed")
    commit = repo.add_revision({"config.json": b"{}", "w.safetensors": 40}, layout="copy")
    (repo.path / "trees").mkdir()
    (repo.path / "trees" / f"{commit}.json").write_bytes(DEEP_LIST)
    assert main(["verify", "org/listed", "--cache-dir", str(hub.root)]) == 0
    assert "a copy" in capsys.readouterr().out  # unverifiable copies, said so
    assert main(["clean", "--repo", "org/listed", "--cache-dir", str(hub.root),
                 "--dry-run"]) == 0
    assert "will free" in capsys.readouterr().out


# ------------------------------------------------------------------- deep snapshots


def _deep_snapshot_cache(tmp_path: Path) -> tuple[HubCache, str]:
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/deep")
    commit = repo.add_revision({"config.json": b"{}", "model.safetensors": 64})
    bottom = _nest(repo.snapshots / commit, 1100)
    (bottom / "buried.txt").write_bytes(b"buried")
    hub.repo("org/other").add_revision({"config.json": b"{}", "model.safetensors": 32})
    return hub, commit


@pytest.mark.usefixtures("flatten")
def test_verify_reports_a_snapshot_too_deep_to_walk(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    hub, _commit = _deep_snapshot_cache(tmp_path)
    assert main(["verify", "org/deep", "--cache-dir", str(hub.root), "--json"]) == 3
    doc = json.loads(capsys.readouterr().out)
    errors = [r for r in doc["results"] if r["status"] == "error"]
    assert len(errors) == 1
    assert "nested more than" in errors[0]["message"]
    assert doc["counts"]["ok"] == 2  # what could be walked was checked


@pytest.mark.usefixtures("flatten")
def test_clean_plans_and_removes_a_snapshot_too_deep_to_walk(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hub, commit = _deep_snapshot_cache(tmp_path)
    kept = hub.repo("org/deep").add_revision({"config.json": b'{"v": 2}'}, refs=("v2",))
    assert main(["clean", "--repo", "org/deep", "--cache-dir", str(hub.root),
                 "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "nested more than" in out  # the bytes below are not counted, and it says so
    # a revision of it alone: the blobs stay (a file deeper down may use them)
    assert main(["clean", "--revision", commit, "--cache-dir", str(hub.root),
                 "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "blobs are left in place" in out
    assert kept[:7] not in out
    assert main(["clean", "--repo", "org/deep", "--cache-dir", str(hub.root), "--yes"]) == 0
    assert not (hub.root / "models--org--deep").exists()
    assert [r.repo_id for r in scan_cache_dir(hub.root).repos] == ["org/other"]


# ------------------------------------------------------------------ unreadable folders

def test_verify_of_folders_failing_to_list_is_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    hub = HubCache(tmp_path / "hub")
    repo = hub.repo("org/locked")
    commit = repo.add_revision({"config.json": b"{}", "model.safetensors": 64})
    locked = {str(repo.blobs), str(repo.snapshots / commit)}
    real_listdir = os.listdir

    def listdir(path: str = ".") -> list[str]:
        if str(path) in locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(verify_targets.os, "listdir", listdir)
    assert main(["verify", "org/locked", "--cache-dir", str(hub.root)]) == 3
    out = capsys.readouterr().out
    assert out.count("ERROR") == 2
    assert "cannot list blobs/" in out
    assert "cannot list: Permission denied" in out
    locked.add(str(hub.root))  # the cache itself: its repos are unknown, no clean bill
    assert main(["verify", "--all", "--cache-dir", str(hub.root)]) == 3
    assert "cannot list the cache: Permission denied" in capsys.readouterr().out


# ------------------------------------------------------------------- escape sequences


def test_printable_escapes_controls_and_bidi() -> None:
    assert printable("org/model") == "org/model"
    assert printable("日本語/ok") == "日本語/ok"
    shown = printable(ESC_NAME)
    assert shown == "evil\\x1b[31mred\\x1b]0;owned\\x07\\u202eexe.txt"
    assert printable("a\x9bb\u2028c\udce9") == "a\\x9bb\\u2028c\\xe9"


def test_cli_output_never_carries_escape_sequences(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    hub = HubCache(tmp_path / "hub")
    evil_id = "org/x\x1b[2J\u202e"
    repo = hub.repo(evil_id)
    repo.add_revision({"config.json": b"{}", ESC_NAME: b"payload"}, layout="copy")
    runs = [["scan", "--cache-dir", str(hub.root), "--no-index"],
            ["clean", "--repo", evil_id, "--cache-dir", str(hub.root), "--dry-run"],
            ["verify", evil_id, "--cache-dir", str(hub.root)]]
    for argv in runs:
        main(argv)
        out = capsys.readouterr().out
        assert not any(c in out for c in "\x1b\x07\u202e"), (argv, out)
        assert "x\\x1b[2J\\u202e" in out, (argv, out)
    # the names themselves reach the file list and the plan unchanged
    inv = scan(hf_roots(hub))
    assert ESC_NAME in {f.path for r in inv.repos for f in r.revisions[0].files}
