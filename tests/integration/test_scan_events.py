"""scan_events: the scan runs in a real child process and streams typed events."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import time
from pathlib import Path

import pytest

from hfmanager.core.inventory import (
    CacheRoot,
    RepoScanned,
    RootKind,
    ScanFailed,
    ScanFinished,
    ScanStarted,
    TorchScanned,
    scan,
    scan_events,
)
from hfmanager.core.inventory import events as events_mod
from hfmanager.core.inventory.events import decode_event, encode_event
from tests.cachebuilder import HubCache, TorchHub


def _roots(tmp_path: Path, repos: int = 3) -> list[CacheRoot]:
    hub = HubCache(tmp_path / "hub")
    for i in range(repos):
        hub.repo(f"org/m{i}").add_revision({"config.json": b"{}", "model.safetensors": 10 + i})
    th = TorchHub(tmp_path / "torch" / "hub")
    th.add_checkpoint("resnet", 20)
    old = time.time() - 100  # the index never trusts folders changed in the last 2 s
    for p in [hub.root, *hub.root.rglob("*")]:
        os.utime(p, (old, old), follow_symlinks=False)
    return [CacheRoot(hub.root, RootKind.HF, "user"), CacheRoot(th.root, RootKind.TORCH, "user")]


async def _collect(roots: list[CacheRoot], index: Path | None) -> list[object]:
    return [e async for e in scan_events(roots, index_path=index)]


def test_events_match_an_in_process_scan(tmp_path: Path) -> None:
    roots = _roots(tmp_path)
    index = tmp_path / "index.sqlite3"
    events = asyncio.run(_collect(roots, index))
    assert isinstance(events[0], ScanStarted)
    assert events[0].roots == tuple(roots)
    finished = events[-1]
    assert isinstance(finished, ScanFinished)
    assert finished.reused_from_index == 0
    assert finished.elapsed_s > 0
    repos = [e.repo for e in events if isinstance(e, RepoScanned)]
    torch = [e.entry for e in events if isinstance(e, TorchScanned)]
    expected = scan(roots)
    assert tuple(repos) == expected.repos
    assert tuple(torch) == expected.torch_entries
    again = asyncio.run(_collect(roots, index))
    assert again[-1].reused_from_index == 3  # type: ignore[attr-defined]
    assert all(e.reused for e in again if isinstance(e, RepoScanned))


def test_event_lines_round_trip_and_reject_garbage() -> None:
    event = ScanFailed("boom \udce9")  # a surrogate from an undecodable path survives
    line = encode_event(event)
    assert line.isascii()
    assert decode_event(line) == event
    for bad in ('{"event": "nope"}', '{"no": 1}', "[1]", '{"event": "repo"}', "not json"):
        with pytest.raises(ValueError):
            decode_event(bad)


def test_repo_events_carry_index_rows(tmp_path: Path) -> None:
    """Repos travel as the index's rows (compact, decoded lazily), odd layouts included."""
    hub = HubCache(tmp_path / "hub")
    r = hub.repo("org/odd")
    r.add_revision({"config.json": b"{}", "w.safetensors": 50, "sub/caf\udce9.txt": b"x"})
    r.add_revision({"config.json": b'{"a": 1}', "w.bin": 30}, refs=("refs/pr/1",),
                   layout="copy")
    r.add_incomplete(size=40)
    repo = scan([CacheRoot(hub.root, RootKind.HF, "user")]).repos[0]
    assert repo.all_problems()
    for reused in (False, True):
        line = encode_event(RepoScanned(repo, reused))
        assert line.isascii()
        assert '"files":' in line
        assert '"path":' not in line  # not Repo.to_json()
        back = decode_event(line)
        assert back == RepoScanned(repo, reused)
        assert [rev.files for rev in back.repo.revisions] == [  # type: ignore[attr-defined]
            rev.files for rev in repo.revisions]
    # The JSON form is still understood.
    legacy = json.dumps({"event": "repo", "reused": False, "repo": repo.to_json()})
    assert decode_event(legacy).repo == repo  # type: ignore[attr-defined]
    for bad in ('{"event":"repo","meta":"!!","files":""}',
                '{"event":"repo","meta":"AAAA","files":"AAAA"}',
                '{"event":"repo","meta":"YWJj"}'):
        with pytest.raises(ValueError):
            decode_event(bad)


def test_child_crash_gives_scan_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crashing(roots: object, index: object) -> list[str]:
        return [sys.executable, "-c",
                "import sys; print('started-but', file=sys.stderr); sys.exit(3)"]

    monkeypatch.setattr(events_mod, "child_command", crashing)
    events = asyncio.run(_collect(_roots(tmp_path, 1), None))
    assert len(events) == 1
    assert isinstance(events[0], ScanFailed)
    assert "exit code 3" in events[0].message
    assert "started-but" in events[0].message


def test_bad_roots_report_failure_not_hang(tmp_path: Path) -> None:
    root = CacheRoot(tmp_path / "file-not-dir", RootKind.HF, "user")
    (tmp_path / "file-not-dir").write_text("x")
    events = asyncio.run(_collect([root], None))
    assert isinstance(events[-1], ScanFinished)
    assert events[-1].inventory_problems


def test_cancel_terminates_and_reaps_the_child(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "pid"
    script = (f"import os, sys, time, signal; open({str(pid_file)!r}, 'w').write(str(os.getpid()));"
              "signal.signal(signal.SIGTERM, signal.SIG_IGN);"  # worst case: ignores terminate
              "print('{\"event\": \"started\", \"roots\": []}', flush=True); time.sleep(60)")
    monkeypatch.setattr(events_mod, "child_command",
                        lambda roots, index: [sys.executable, "-c", script])

    async def consume_then_cancel() -> None:
        gen = scan_events([], grace_s=0.3)
        first = await gen.__anext__()
        assert isinstance(first, ScanStarted)
        task = asyncio.ensure_future(gen.__anext__())
        await asyncio.sleep(0.1)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await gen.aclose()

    asyncio.run(consume_then_cancel())
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed after the grace period and reaped (no zombie left)
