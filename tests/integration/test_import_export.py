"""`hfmanager import` / `export` end to end: a save_pretrained folder becomes a cached
revision that transformers loads offline by repo id (online: the fake Hub's commit;
offline: a local revision, reconciled later), a tampered file is reported, a failure
half-way loses nothing, and export -> import round-trips byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakehub import FakeHub
from huggingface_hub import scan_cache_dir
from models import build_bert

from hfmanager import cli
from hfmanager.core.inventory.scanner import scan_repo
from hfmanager.core.transfer import importer, sources
from hfmanager.core.transfer.exporter import export_snapshot

REPO = "org/tiny-bert"
FOLDER = "models--org--tiny-bert"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("saved") / "tiny-bert"
    return folder, build_bert(folder)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _copy_of(saved: tuple[Path, int], dest: Path) -> Path:
    for rel, data in _files(saved[0]).items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(data)
    return dest


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = cli.main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def _loads_offline(cache: Path, repo: str = REPO) -> int:
    """transformers in a child with HF_HUB_OFFLINE=1: the parameter count it loaded."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_CACHE": str(cache)}
    code = (f"from transformers import AutoModel; m = AutoModel.from_pretrained({repo!r}); "
            "print(sum(p.numel() for p in m.parameters()))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    return int(out.stdout.split()[-1])


def _hf_revisions(cache: Path) -> dict[str, frozenset[str]]:
    info = scan_cache_dir(cache)
    assert not info.warnings, info.warnings
    (repo,) = info.repos
    return {r.commit_hash: r.refs for r in repo.revisions}


def test_online_import_takes_the_hubs_commit_and_loads_offline(
        fake_hub: FakeHub, saved: tuple[Path, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    commit = fake_hub.add_repo(REPO, _files(saved[0]))
    monkeypatch.setenv("HF_ENDPOINT", fake_hub.url)
    src, cache = _copy_of(saved, tmp_path / "src"), tmp_path / "cache"
    code, out = _run(capsys, "import", str(src), "--repo", REPO, "--cache-dir", str(cache))
    assert code == 0, out
    assert out["commit"] == commit
    assert out["local"] is False
    assert out["rejected"] == []
    assert out["missing"] == []
    assert _hf_revisions(cache) == {commit: frozenset({"main"})}
    # Blobs are named as the Hub names them (sha256 for LFS, git sha1 for the others).
    repo = fake_hub.store.repos[("model", REPO)]
    names = {p.name for p in (cache / FOLDER / "blobs").iterdir()}
    assert names == {f.etag for f in repo.commits[commit].values()}
    assert (cache / FOLDER / "trees" / f"{commit}.json").is_file()
    assert _files(src) == _files(saved[0])  # copy: the sources stay
    ours = scan_repo(cache / FOLDER, cache)
    assert [(r.commit_hash, r.refs, r.listed, r.missing) for r in ours.revisions] == [
        (commit, ("main",), 2, 0)]
    assert ours.all_problems() == ()
    assert _loads_offline(cache) == saved[1]


def test_offline_import_is_a_local_revision_reconciled_later(
        fake_hub: FakeHub, saved: tuple[Path, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    src, cache = _copy_of(saved, tmp_path / "src"), tmp_path / "cache"
    code, out = _run(capsys, "import", str(src), "--repo", REPO, "--cache-dir", str(cache),
                     "--offline", "--move")
    assert code == 0, out
    local = str(out["commit"])
    assert out["local"] is True
    assert _hf_revisions(cache) == {local: frozenset({"main", sources.LOCAL_REF})}
    assert not any(p.is_file() for p in src.rglob("*"))  # moved
    assert _loads_offline(cache) == saved[1]
    # Online later: the Hub's commit replaces the local revision, nothing is copied again.
    commit = fake_hub.add_repo(REPO, _files(saved[0]))
    monkeypatch.setenv("HF_ENDPOINT", fake_hub.url)
    code, out = _run(capsys, "import", "--repo", REPO, "--cache-dir", str(cache),
                     "--reconcile")
    assert code == 0, out
    assert (out["commit"], out["reconciled"]) == (commit, local)
    assert _hf_revisions(cache) == {commit: frozenset({"main"})}
    repo = fake_hub.store.repos[("model", REPO)]
    names = {p.name for p in (cache / FOLDER / "blobs").iterdir()}
    assert names == {f.etag for f in repo.commits[commit].values()}
    snap = cache / FOLDER / "snapshots" / commit
    assert _files(snap) == _files(saved[0])


def test_a_tampered_file_is_reported_and_left_out(
        fake_hub: FakeHub, saved: tuple[Path, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    commit = fake_hub.add_repo(REPO, _files(saved[0]))
    monkeypatch.setenv("HF_ENDPOINT", fake_hub.url)
    src, cache = _copy_of(saved, tmp_path / "src"), tmp_path / "cache"
    weights = src / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1  # same size, one bit off
    weights.write_bytes(bytes(data))
    (src / "notes.txt").write_text("mine")
    code, out = _run(capsys, "import", str(src), "--repo", REPO, "--cache-dir", str(cache),
                     "--move")
    assert code == 1
    assert out["rejected"] == [{"path": "model.safetensors", "reason": "differs"},
                               {"path": "notes.txt", "reason": "not_in_revision"}]
    assert out["missing"] == ["model.safetensors"]
    assert weights.read_bytes() == bytes(data)  # not imported, so not moved either
    snap = cache / FOLDER / "snapshots" / commit
    assert sorted(_files(snap)) == ["config.json"]
    # The tree listing makes the revision a partial one, in hfmanager's scan too.
    (rev,) = scan_repo(cache / FOLDER, cache).revisions
    assert (rev.listed, rev.missing, rev.partial) == (2, 1, True)


def test_a_failure_half_way_loses_nothing(
        saved: tuple[Path, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = _copy_of(saved, tmp_path / "src")
    (src / "sub").mkdir()
    (src / "sub" / "extra.txt").write_text("x")
    before = _files(src)
    cache = tmp_path / "cache"
    calls = []
    real_entry = importer._Placer.entry

    def entry(self: importer._Placer, *args: object) -> None:
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_entry(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importer._Placer, "entry", entry)
    with pytest.raises(OSError, match="No space"):
        importer.import_folder(src, cache, REPO, mode="move")
    assert _files(src) == before
    repo = cache / FOLDER
    assert [p for p in repo.rglob("*") if p.is_file() or p.is_symlink()] == []


def test_export_then_import_round_trips(
        fake_hub: FakeHub, saved: tuple[Path, int], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    commit = fake_hub.add_repo(REPO, _files(saved[0]))
    monkeypatch.setenv("HF_ENDPOINT", fake_hub.url)
    cache = tmp_path / "cache"
    assert _run(capsys, "import", str(saved[0]), "--repo", REPO, "--cache-dir", str(cache),
                "--link")[0] == 0
    out_dir = tmp_path / "exported"
    code, out = _run(capsys, "export", REPO, str(out_dir), "--cache-dir", str(cache))
    assert code == 0, out
    assert out["commit"] == commit
    assert _files(out_dir) == _files(saved[0])
    assert not any(p.is_symlink() for p in out_dir.rglob("*"))
    cache2 = tmp_path / "cache2"
    code, out = _run(capsys, "import", str(out_dir), "--repo", REPO, "--cache-dir",
                     str(cache2))
    assert (code, out["commit"]) == (0, commit)
    blobs = {p.name: p.read_bytes() for p in (cache / FOLDER / "blobs").iterdir()}
    assert {p.name: p.read_bytes() for p in (cache2 / FOLDER / "blobs").iterdir()} == blobs
    for name, data in blobs.items():
        want = hashlib.sha256(data).hexdigest() if len(name) == 64 else None
        assert want in (None, name)


def test_link_export_shares_inodes(saved: tuple[Path, int], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = importer.import_folder(saved[0], cache, REPO, mode="copy")
    assert result.local
    assert result.methods
    dest = tmp_path / "linked"
    done: list[int] = []
    out = export_snapshot(cache, REPO, dest, mode="link",
                          progress=lambda d, t, _f: done.append(d))
    assert out.methods == {"link": len(out.files)}
    assert done[-1] == out.size
    snap = Path(result.snapshot)
    for rel in out.files:
        assert (dest / rel).stat().st_ino == (snap / rel).stat().st_ino
        assert not (dest / rel).is_symlink()
    with pytest.raises(Exception, match="not empty"):
        export_snapshot(cache, REPO, dest)


def test_offline_names_follow_gitattributes(tmp_path: Path) -> None:
    pats = sources.HUB_LFS_PATTERNS
    assert sources.guess_lfs("model.safetensors", 10, pats)
    assert not sources.guess_lfs("config.json", 10, pats)
    assert sources.guess_lfs("config.json", sources.LFS_MIN_SIZE, pats)
    (tmp_path / ".gitattributes").write_text("*.json filter=lfs diff=lfs merge=lfs -text\n")
    assert sources.lfs_patterns(str(tmp_path)) == ("*.json",)
    assert sources.local_commit({"a": "1"}) == sources.local_commit({"a": "1"})
    assert sources.local_commit({"a": "1"}) != sources.local_commit({"a": "2"})


def test_copy_layout_import_keeps_no_blob(saved: tuple[Path, int], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import hf_hub_download

    monkeypatch.setenv("HF_HUB_DISABLE_SYMLINKS", "1")
    cache = tmp_path / "cache"
    result = importer.import_folder(saved[0], cache, REPO)
    snap = Path(result.snapshot)
    assert _files(snap) == _files(saved[0])
    assert not any(p.is_symlink() for p in snap.rglob("*"))
    assert list((cache / FOLDER / "blobs").iterdir()) == []
    got = hf_hub_download(REPO, "config.json", cache_dir=cache, local_files_only=True)
    assert Path(got).read_bytes() == (saved[0] / "config.json").read_bytes()


def test_an_unreachable_hub_gives_a_local_revision(
        saved: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    code, out = _run(capsys, "import", str(saved[0]), "--repo", REPO, "--cache-dir",
                     str(tmp_path / "cache"))
    assert code == 0, out
    assert out["local"] is True
    assert "127.0.0.1" in str(out["why_local"])
    local = str(out["commit"])
    code, out = _run(capsys, "import", "--repo", REPO, "--cache-dir", str(tmp_path / "cache"),
                     "--reconcile")
    assert code == 2  # still unreachable: the local revision stays
    assert "local revision stays" in str(out["error"])
    assert _hf_revisions(tmp_path / "cache") == {local: frozenset({"main", sources.LOCAL_REF})}
