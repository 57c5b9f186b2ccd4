"""The window opens before the HTTP stack loads (bench_startup's target of under a second).

httpx2 and httpcore2 (with trio under them where it is installed) cost about a quarter of a
second to import; every module that needs them loads them lazily
(``hfmanager.core.lazyimport``). One eager ``import httpx2`` anywhere on the way from
``start_gui`` (or a huggingface_hub module that imports it) brings the cost back, and this
test names the module that did.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.snippet import ROOT, run_snippet

_GUI = """
import json, sys
from hfmanager.app import start_gui
import time
app, loop, ctx, window = start_gui([])
at_start = sorted(window._pages)  # the other pages come after the first paint
app.processEvents()
# A lazy module sits in sys.modules as a stub; its submodules appear only once it ran.
loaded = sorted(m for m in sys.modules
                if m.split(".")[0] in {"httpx2", "httpcore2", "trio"} and "." in m)
deadline = time.monotonic() + 60  # a hang guard only
while "downloads" not in window._pages and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(json.dumps({"visible": window.isVisible(), "loaded": loaded, "at_start": at_start,
                  "pages": sorted(window._pages)}))
window.close()
ctx.store.close()
"""

_TRACE = """
import sys, builtins, traceback
real = builtins.__import__
def spy(name, *a, **k):
    if name.split(".")[0] in {"httpx2", "httpcore2"} and "." not in name and name not in seen:
        seen.add(name)
        print("".join(traceback.format_stack(limit=12)), file=sys.stderr)
    return real(name, *a, **k)
seen = set()
builtins.__import__ = spy
from hfmanager.app import start_gui
"""


def test_the_window_opens_without_the_http_stack(isolated_env: Path) -> None:
    shown = run_snippet(_GUI)
    assert shown["visible"]
    assert shown["at_start"] == ["library"]
    assert {"library", "downloads", "cleanup", "environment"} <= set(shown["pages"])
    if shown["loaded"]:  # say who imported it, not only that it was
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        trace = subprocess.run([sys.executable, "-c", _TRACE], env=env, capture_output=True,
                               text=True, timeout=120, cwd=ROOT)
        raise AssertionError(f"loaded at start: {shown['loaded'][:5]}\n{trace.stderr[-4000:]}")


_CLI = """
import json, sys
from hfmanager.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "cli": sorted(m for m in sys.modules
                                              if m.startswith("hfmanager.cli."))}))
"""


def test_a_cli_command_imports_only_its_own_module(tmp_path: Path) -> None:
    """``hfmanager clean`` builds its own parser, not the load command's (its estimate
    tables) or the others': scripts and the kill -9 tests start it hundreds of times."""
    shown = run_snippet(_CLI, "clean", "--cache-dir", str(tmp_path), "--detached", "--json",
                        offscreen=False)
    assert shown["code"] == 0
    assert shown["cli"] == ["hfmanager.cli.clean"]


def test_help_and_a_mistyped_command_still_list_every_command() -> None:
    from hfmanager.cli import COMMANDS, build_parser

    shown = build_parser(["--help"]).format_help()
    assert all(name in shown for name in COMMANDS)
    assert all(name in build_parser(["clena"]).format_help() for name in COMMANDS)
    assert "install-desktop" not in build_parser(["clean", "--yes"]).format_help()
