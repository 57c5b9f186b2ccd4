"""Containment: hostile layouts never make cleanup touch anything outside the cache root.

Two independent witnesses: a sentinel tree outside the root whose every byte, name and
mode is hashed before and after, and a ``sys.addaudithook`` that records every removal,
rename, truncation and write-open the process makes while cleanup runs; each such path
(resolved through its ``dir_fd``) must lie inside the root.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from hfmanager.core.cleanup import Selection, execute, make_plan
from tests.cachebuilder import HubCache, RepoLayout

_EVENTS = {"os.remove", "os.rmdir", "os.rename", "shutil.rmtree", "os.truncate", "open",
           "os.chmod", "os.utime", "os.link", "os.symlink", "shutil.move"}
_recording: list[list[tuple[str, str]]] = []
_guard = threading.local()


def _resolve(path: object, dir_fd: object) -> str | None:
    if isinstance(path, int) or path is None:
        return None
    p = os.fsdecode(path)  # type: ignore[arg-type]
    if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(p):
        p = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), p)
    return os.path.abspath(p)


def _hook(event: str, args: tuple) -> None:
    if not _recording or event not in _EVENTS or getattr(_guard, "busy", False):
        return
    _guard.busy = True
    try:
        if event == "open":
            path, mode, flags = args
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_TRUNC))
            if writing:
                _recording[-1].append((event, _resolve(path, None) or ""))
        elif event == "os.rename":
            src, dst, sfd, dfd = args
            _recording[-1].append((event, _resolve(src, sfd) or ""))
            _recording[-1].append((event, _resolve(dst, dfd) or ""))
        elif event in ("os.remove", "os.rmdir", "shutil.rmtree"):
            _recording[-1].append((event, _resolve(args[0], args[1]) or ""))
        else:
            _recording[-1].append((event, _resolve(args[0], None) or ""))
    finally:
        _guard.busy = False


sys.addaudithook(_hook)


def tree_digest(top: Path) -> str:
    """Names, types, modes, link targets and contents of everything under ``top``."""
    h = hashlib.sha256()
    for dirpath, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(dirs + files):
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            h.update(f"{os.path.relpath(p, top)}|{st.st_mode}|".encode())
            if os.path.islink(p):
                h.update(os.readlink(p).encode())
            elif os.path.isfile(p):
                h.update(Path(p).read_bytes())
    return h.hexdigest()


@pytest.fixture
def world(tmp_path: Path) -> tuple[HubCache, Path]:
    outside = tmp_path / "outside"
    (outside / "dir" / "sub").mkdir(parents=True)
    for i in range(5):
        (outside / f"file{i}").write_bytes(b"precious %d" % i)
        (outside / "dir" / f"f{i}").write_bytes(b"x" * (i + 1))
    (outside / "dir" / "sub" / "deep").write_bytes(b"deep")
    hub = HubCache(tmp_path / "cache" / "hub")
    return hub, outside


def _hostile_repo(hub: HubCache, outside: Path, name: str) -> tuple[RepoLayout, str, str]:
    r = hub.repo(f"org/{name}")
    keep = r.add_revision({"config.json": b"{}", "model.safetensors": 2000})
    old = r.add_revision({"config.json": b'{"v": 2}', "w.bin": 3000}, refs=("refs/pr/1",))
    snap = r.snapshots / old
    os.symlink(outside / "file0", snap / "abs_link_to_file")
    os.symlink(outside / "dir", snap / "abs_link_to_dir")
    rel = os.path.relpath(outside / "file1", snap)
    os.symlink(rel, snap / "dotdot_link")
    os.symlink("../../../../../../outside/dir", snap / "dotdot_dir")
    os.link(outside / "file2", r.blobs / ("a" * 64))  # a hard link to an outside file
    os.symlink(os.path.relpath(r.blobs / ("a" * 64), snap), snap / "hard.bin")
    os.symlink(outside, r.path / "stray_link_to_outside")
    (r.refs / "sneaky").symlink_to(outside / "file3")
    return r, keep, old


def _run(hub: HubCache, outside: Path, sel: Selection, mutate=None) -> list[tuple[str, str]]:
    before = tree_digest(outside)
    plan = make_plan(sel, [hub.root])
    if mutate is not None:
        mutate()
    _recording.append([])
    try:
        execute(plan)
    finally:
        events = _recording.pop()
    assert tree_digest(outside) == before
    root = os.path.realpath(hub.root)
    escaped = [(e, p) for e, p in events
               if not os.path.realpath(os.path.dirname(p)).startswith(root + os.sep)
               and os.path.realpath(os.path.dirname(p)) != root]
    assert escaped == []
    return events


def test_whole_hostile_repo(world: tuple[HubCache, Path]) -> None:
    hub, outside = world
    r, _keep, _old = _hostile_repo(hub, outside, "a")
    events = _run(hub, outside, Selection(repos=frozenset({str(r.path)})))
    assert len(events) > 10
    assert not r.path.exists()


def test_hostile_revision_and_files(world: tuple[HubCache, Path]) -> None:
    hub, outside = world
    r, keep, old = _hostile_repo(hub, outside, "a")
    sel = Selection(revisions=frozenset({(str(r.path), old)}),
                    files=frozenset({str(r.snapshots / keep / "config.json")}),
                    blobs=frozenset({(str(r.path), "a" * 64)}))
    events = _run(hub, outside, sel)
    assert events
    assert not (r.snapshots / old).exists()
    assert (r.snapshots / keep / "model.safetensors").exists()


def test_symlinked_blobs_folder(world: tuple[HubCache, Path]) -> None:
    hub, outside = world
    r = hub.repo("org/b")
    c = r.add_revision({"config.json": b"{}"}, refs=())
    r.add_revision({"a.txt": b"kept"})
    shutil.copytree(r.blobs, outside / "fake_blobs")
    shutil.rmtree(r.blobs)
    os.symlink(outside / "fake_blobs", r.blobs)
    plan = make_plan(Selection(revisions=frozenset({(str(r.path), c)})), [hub.root])
    assert any("symbolic link" in w for w in plan.warnings)
    _run(hub, outside, Selection(revisions=frozenset({(str(r.path), c)})))
    _run(hub, outside, Selection(repos=frozenset({str(r.path)})))
    assert not r.path.exists()


def test_linked_repo_folder_is_unlinked_not_followed(world: tuple[HubCache, Path]) -> None:
    hub, outside = world
    other = HubCache(outside / "elsewhere")
    real = other.repo("org/c")
    real.add_revision({"config.json": b"{}"})
    os.symlink(real.path, hub.root / "models--org--c")
    _run(hub, outside, Selection(repos=frozenset({str(hub.root / "models--org--c")})))
    assert not os.path.lexists(hub.root / "models--org--c")
    assert real.path.exists()


@pytest.mark.parametrize("swap", ["snapshot", "blobs", "repo", "snapshots_parent"])
def test_folder_swapped_for_link_between_plan_and_execute(
        world: tuple[HubCache, Path], swap: str) -> None:
    hub, outside = world
    r = hub.repo("org/d")
    keep = r.add_revision({"config.json": b"{}", "a.safetensors": 500})
    old = r.add_revision({"config.json": b'{"x": 1}', "b.safetensors": 700}, refs=())
    # the outside holds look-alikes with the very names cleanup is about to remove
    decoy = outside / "decoy"
    shutil.copytree(r.path, decoy, symlinks=True)

    def mutate() -> None:
        target = {"snapshot": r.snapshots / old, "blobs": r.blobs, "repo": r.path,
                  "snapshots_parent": r.snapshots}[swap]
        shutil.rmtree(target)
        os.symlink(decoy / os.path.relpath(target, r.path) if swap != "repo" else decoy,
                   target)

    sel = Selection(revisions=frozenset({(str(r.path), old)}),
                    files=frozenset({str(r.snapshots / keep / "config.json")}))
    _run(hub, outside, sel, mutate)
    _run(hub, outside, Selection(repos=frozenset({str(r.path)})), None)
