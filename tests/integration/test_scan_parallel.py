"""Full scans split across forked helper processes give exactly the serial result."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from hfmanager.core.inventory import CacheRoot, RootKind, Scanner
from hfmanager.core.inventory import parallel as par
from hfmanager.core.inventory import scanner as scanner_mod
from tests.cachebuilder import HubCache, build_synthetic_cache

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not os.sys.platform.startswith(
    "linux"), reason="forked scan helpers are used on Linux only")


def _age(path: Path) -> None:
    for p in [path, *path.rglob("*")]:
        if not p.is_symlink():
            os.utime(p, (time.time() - 100, time.time() - 100))


@pytest.fixture
def roots(tmp_path: Path) -> list[CacheRoot]:
    hub = build_synthetic_cache(tmp_path / "hub", repos=30, files=600)
    odd = hub.repo("org/odd")
    odd.add_revision({"config.json": b"{}", "model.bin": 64, "modeling_x.py": b"x = 1\n"})
    odd.add_revision({"config.json": b'{"a": 1}', "w.safetensors": 10}, refs=("refs/pr/2",),
                     layout="copy")
    odd.add_incomplete(size=300)
    broken = hub.repo("datasets-like/broken", "dataset")
    commit = broken.add_revision({"data/train.csv": b"a,b\n", "README.md": b"# x\n"})
    for blob in broken.blobs.iterdir():
        blob.unlink()  # every link in that snapshot is now broken
    (broken.snapshots / commit / os.fsdecode(b"caf\xe9.txt")).symlink_to("../../blobs/nope")
    _age(hub.root)
    return [CacheRoot(hub.root, RootKind.HF, "user")]


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Allow forking even if a test plugin runs a thread; count the forks made."""
    monkeypatch.setattr(scanner_mod, "fork_usable", lambda: True)
    made: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(par.os, "fork", fork)
    return made


def _scan(roots: list[CacheRoot], processes: int, index: Path | None = None) -> object:
    scanner = Scanner(index)
    scanner.processes = processes
    return scanner.scan(roots)


def _files(inv: object) -> list[object]:
    return [r.files for repo in inv.repos for r in repo.revisions]  # type: ignore[attr-defined]


@pytest.mark.parametrize("processes", [2, 3])
def test_parallel_scan_equals_serial_scan(roots: list[CacheRoot], forks: list[int],
                                          processes: int) -> None:
    serial = _scan(roots, 1)
    assert forks == []
    parallel = _scan(roots, processes)
    assert len(forks) == processes - 1
    assert len(parallel.repos) == 32  # type: ignore[attr-defined]
    assert parallel.repos == serial.repos  # type: ignore[attr-defined]
    assert _files(parallel) == _files(serial)
    assert [r.all_problems() for r in parallel.repos] == [  # type: ignore[attr-defined]
        r.all_problems() for r in serial.repos]  # type: ignore[attr-defined]
    assert any(r.all_problems() for r in parallel.repos)  # type: ignore[attr-defined]


def test_parallel_scan_writes_a_reusable_index(roots: list[CacheRoot], forks: list[int],
                                               tmp_path: Path) -> None:
    index = tmp_path / "index.sqlite3"
    first = _scan(roots, 2, index)
    assert forks
    scanner = Scanner(index)
    again = scanner.scan(roots)
    # Every repo but the ones never trusted (an unfinished download, an undecodable
    # name) comes from the index unchanged.
    assert scanner.reused == sum(map(par.indexable, first.repos)) == 30  # type: ignore[attr-defined]
    assert again.repos == first.repos  # type: ignore[attr-defined]
    assert _files(again) == _files(first)


def test_a_failed_helper_costs_only_time(roots: list[CacheRoot], forks: list[int],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _scan(roots, 1)

    def crash(*_args: object) -> None:
        os._exit(3)

    monkeypatch.setattr(par, "_helper_main", crash)
    assert _scan(roots, 3).repos == serial.repos  # type: ignore[attr-defined]
    assert len(forks) == 2


def test_garbled_helper_output_is_ignored(roots: list[CacheRoot], forks: list[int],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _scan(roots, 1)

    def garble(*args: object) -> None:
        os.write(args[5], b"\x00garbage")  # type: ignore[arg-type]
        os._exit(0)

    monkeypatch.setattr(par, "_helper_main", garble)
    assert _scan(roots, 2).repos == serial.repos  # type: ignore[attr-defined]


def test_helpers_stop_when_their_parent_is_gone(roots: list[CacheRoot], forks: list[int],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper whose parent changed (the scan process was killed) quits before its next
    repo; here every helper sees another parent, quits at once, and the parent scans
    their shares itself."""
    serial = _scan(roots, 1)
    here: list[str] = []
    real_scan_one = scanner_mod.scan_one

    def scan_one(path: str, *args: object, **kw: object) -> object:
        here.append(path)  # counted in this process only (a helper has its own copy)
        return real_scan_one(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(scanner_mod, "scan_one", scan_one)
    monkeypatch.setattr(par.os, "getppid", lambda: -1)
    assert _scan(roots, 3).repos == serial.repos  # type: ignore[attr-defined]
    assert len(forks) == 2
    assert len(here) == len(serial.repos)  # type: ignore[attr-defined]


def test_helpers_are_reaped_when_the_parent_fails(roots: list[CacheRoot], forks: list[int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*_args: object) -> None:
        time.sleep(30)
        os._exit(0)

    def boom(*_args: object, **_kw: object) -> object:
        raise RuntimeError("parent failed mid-scan")

    monkeypatch.setattr(par, "_helper_main", slow)
    monkeypatch.setattr(scanner_mod, "scan_one", boom)
    with pytest.raises(RuntimeError):
        _scan(roots, 2)
    assert forks
    for pid in forks:  # killed and reaped: no zombie, no orphan left sleeping
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_when_helpers_are_used() -> None:
    assert par.process_count(10) == 1  # a fork is not worth it for a few repos
    assert par.process_count(10_000) == min(par.MAX_PROCESSES, len(os.sched_getaffinity(0)))
    ready = threading.Event()
    stop = threading.Event()
    t = threading.Thread(target=lambda: (ready.set(), stop.wait()))
    t.start()
    try:
        ready.wait()
        assert not par.fork_usable()  # never fork a process that runs other threads
    finally:
        stop.set()
        t.join()


def test_small_caches_scan_in_one_process(tmp_path: Path, forks: list[int]) -> None:
    hub = HubCache(tmp_path / "hub")
    hub.repo("org/a").add_revision({"config.json": b"{}"})
    Scanner(None).scan([CacheRoot(hub.root, RootKind.HF, "user")])
    assert forks == []
