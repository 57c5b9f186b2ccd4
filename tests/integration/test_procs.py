"""core.procs.Child: the one way the app runs a child process, with real children."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from hfmanager.core import procs
from hfmanager.core.inventory import events as events_mod
from hfmanager.core.inventory.events import ScanFailed, ScanStarted, scan_events

HANG_GUARD_S = 120.0  # only against a hang; nothing here depends on how long things take


def _py(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def _gone(pid: int) -> bool:
    """True when ``pid`` no longer exists, zombie included (a zombie still answers kill 0,
    and an unreaped child of ours is one waitpid would still find)."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            return False  # our child, still running
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM can be ignored on POSIX only")
def test_cancel_terminates_then_kills_a_child_that_ignores_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    code = ("import signal, time, pathlib; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
            f"pathlib.Path({str(ready)!r}).write_text('x'); print('first', flush=True);"
            "time.sleep(600)")
    child = procs.Child(_py(code), grace_s=0.2)

    async def run() -> None:
        async def consume() -> None:
            async with child:
                async for _line in child.lines():
                    pass

        task = asyncio.ensure_future(consume())
        while not ready.exists():
            await asyncio.sleep(0.01)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, HANG_GUARD_S)

    asyncio.run(run())
    assert child.returncode == -signal.SIGKILL  # SIGTERM was ignored: the kill ended it
    assert _gone(child.pid)  # and it was reaped: no zombie left behind


def test_the_stderr_tail_is_in_the_error() -> None:
    code = ("import sys\nfor i in range(20000): print('noise', i, file=sys.stderr)\n"
            "print('the real reason', file=sys.stderr); sys.exit(3)")

    async def run() -> procs.ChildError:
        async with procs.Child(_py(code)) as child:
            assert await child.read_all() == b""
            assert await child.wait() == 3
            return child.error("it failed")

    err = asyncio.run(run())
    assert "exit status 3" in str(err)
    assert "the real reason" in str(err)
    assert "noise 0\n" not in err.stderr_tail  # a tail, not everything it ever wrote


def test_an_oversized_line_is_an_error_and_the_child_is_stopped() -> None:
    code = "import sys, time; sys.stdout.write('x' * 100000); sys.stdout.flush(); time.sleep(600)"
    child = procs.Child(_py(code), line_cap=1000, grace_s=0.2)

    async def run() -> None:
        async with child:
            with pytest.raises(procs.LineTooLongError):
                await child.read_line()

    asyncio.run(run())
    assert child.returncode is not None
    assert _gone(child.pid)


def test_an_oversized_scan_line_is_a_scan_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    code = ("print('{\"event\": \"started\", \"roots\": []}', flush=True);"
            "print('x' * 100000, flush=True)")
    monkeypatch.setattr(events_mod, "child_command", lambda roots, index: _py(code))
    monkeypatch.setattr(events_mod, "_LINE_LIMIT", 1000)

    async def collect() -> list[object]:
        return [e async for e in scan_events([])]

    got = asyncio.run(collect())
    assert isinstance(got[0], ScanStarted)
    assert isinstance(got[-1], ScanFailed)
    assert "longer than 1000 bytes" in got[-1].message


def test_leaving_early_closes_every_pipe() -> None:
    code = "import sys\nfor i in range(200000): print(i)\nsys.stderr.write('e' * 100000)"

    async def run() -> None:
        async with procs.Child(_py(code)) as child:
            assert await child.read_line() == b"0\n"

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(run())
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_capture_kills_a_child_that_does_not_answer_in_time() -> None:
    async def run() -> None:
        with pytest.raises(procs.ChildError, match="no answer within"):
            await procs.capture(_py("import time; time.sleep(600)"), timeout=0.2)
        assert await procs.capture(_py("print('hi')"), timeout=HANG_GUARD_S) == (0, b"hi\n")

    asyncio.run(run())


def test_the_child_command_from_source_and_from_a_frozen_build(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert procs.child_command("scan", "--x") == [sys.executable, "-m", "hfmanager.child",
                                                  "scan", "--x"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert procs.child_command("verify") == [sys.executable, "--child", "verify"]
    assert "PYTHONPATH" not in procs.child_env() or procs.child_env()["PYTHONPATH"] == \
        os.environ.get("PYTHONPATH")


@pytest.mark.parametrize("entry", [["-m", "hfmanager.child"], ["-m", "hfmanager", "--child"]])
def test_both_entry_points_run_a_child(entry: list[str]) -> None:
    """``hfmanager --child NAME`` is what a frozen build runs; both reach the same child."""
    env = procs.child_env()
    ok = subprocess.run([sys.executable, *entry, "scan", "--roots", "[]"], env=env,
                        capture_output=True, text=True, timeout=HANG_GUARD_S, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[0] == '{"event":"started","roots":[]}'
    bad = subprocess.run([sys.executable, *entry, "nonsense"], env=env,
                         capture_output=True, text=True, timeout=HANG_GUARD_S, check=False)
    assert bad.returncode == 2
    assert "usage" in bad.stderr


def test_no_preexec_fn_in_the_app() -> None:
    """preexec_fn runs Python between fork and exec: unsafe in a parent with threads."""
    root = Path(procs.__file__).resolve().parents[1]
    users = [p for p in root.rglob("*.py") if "preexec_fn" in p.read_text(encoding="utf-8")]
    assert users == []
