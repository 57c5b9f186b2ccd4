"""Broken local state (issue 10): a corrupted store, bad settings, app folders that are
files. Every CLI command ends with its usual outcome plus a notice naming what was
repaired, or (folders) with a clear error naming the path and the fix; never a
traceback, never a hang. The window side is in tests/ui/test_broken_state_window.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from download_helpers import make_plan, payload, snapshot_bytes
from fakehub import FakeHub, Fault
from huggingface_hub import scan_cache_dir

from hfmanager.cli import main
from hfmanager.core import localstate, notices
from hfmanager.core.downloads.engine import Downloader, EngineConfig
from hfmanager.core.downloads.persist import JobState, JobStore
from hfmanager.core.downloads.queue import DownloadQueue
from hfmanager.core.errors import DownloadError
from hfmanager.core.loadtest.history import LoadHistory
from hfmanager.core.settings import Settings
from hfmanager.core.store import Store
from tests.brokenstate import (
    KEPT,
    STATES,
    STORE_NAME,
    WRONG_FIELDS,
    broken_path,
    config_dir,
    data_dir,
    store_asides,
)
from tests.cachebuilder import HubCache
from tests.snippet import run_snippet

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ("scan", "verify", "load", "download", "doctor")
# The commands that open the store (scan's index and doctor do not use it).
USES_STORE = {"verify", "load", "download"}
USES_SETTINGS = {"scan", "verify", "download", "doctor"}  # load reads none here
DOWNLOAD = {"config.json": b'{"model_type": "bert"}', "model.safetensors": b"w" * 5000}


def _argv(command: str, hub: FakeHub) -> list[str]:
    return {"scan": ["scan", "--json"], "verify": ["verify", "--all", "--json"],
            "load": ["load", "org/cached", "--python", "/nonexistent/python", "--json"],
            "download": ["download", "org/d", "--endpoint", hub.url, "--json"],
            "doctor": ["doctor", "--no-network", "--json"]}[command]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.fixture
def world(isolated_env: Path, fake_hub: FakeHub) -> tuple[Path, FakeHub]:
    """A cached repo (for scan, verify and load) and a repo on the fake Hub (download)."""
    HubCache(isolated_env / "hf" / "hub").repo("org/cached").add_revision(
        {"config.json": b'{"model_type": "bert"}', "model.safetensors": 3000})
    fake_hub.add_repo("org/d", DOWNLOAD)
    return isolated_env, fake_hub


@pytest.mark.timeout(120)  # a FIFO read by a blocking open() hung every command
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("state", sorted(STATES))
def test_each_command_in_each_broken_state(world: tuple[Path, FakeHub], state: str,
                                           command: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    base, hub = world
    argv = _argv(command, hub)
    healthy_rc = {"scan": 0, "verify": 0, "load": 1, "download": 0}.get(command)
    if healthy_rc is None:  # doctor's verdict depends on the machine: measure it here
        healthy_rc, _out, _err = _run(argv, capsys)
    STATES[state][0](base)
    kind = STATES[state][1]
    rc, out, err = _run(argv, capsys)
    assert "Traceback" not in err + out
    path = str(broken_path(base, state))
    if kind == "folder":
        assert rc != 0
        where = out if command == "doctor" else err  # doctor reports it in its JSON
        assert path in where
        assert "is a file, not a folder" in where
        assert f"HFMANAGER_{'DATA' if 'data' in state else 'CONFIG'}_DIR" in where
        return
    assert rc == healthy_rc, err
    assert json.loads(out.splitlines()[-1] if command == "download" else out)
    if kind == "store":
        if command in USES_STORE:
            assert f"{path} could not be used" in err
            assert "moved aside" in err
            assert len(store_asides(base)) == 1
            assert Store().rebuilt is None  # the new one is healthy
        else:
            assert "note:" not in err
    elif command in USES_SETTINGS:
        assert "settings" in err.lower()
        assert path in err
    if command == "download" and kind == "store":
        assert [j.spec.repo_id for j in JobStore(Store()).all(history=True)] == ["org/d"]
    if command == "load" and kind == "store":
        assert len(LoadHistory(Store()).entries("org/cached")) == 1


def test_settings_fall_back_field_by_field(isolated_env: Path) -> None:
    """Each bad field takes its default with a warning naming it; good fields stay."""
    STATES["settings_wrong_types"][0](isolated_env)
    settings, warnings = Settings.load_checked()
    defaults = Settings()
    named = {w.split("'")[1] for w in warnings}
    assert named == set(WRONG_FIELDS)
    for name in WRONG_FIELDS:
        if name != "extra_hf_dirs":
            assert getattr(settings, name) == getattr(defaults, name), name
    assert settings.extra_hf_dirs == ["/tmp/ok-folder"]  # only the bad entries dropped
    assert settings.max_concurrent_jobs == KEPT["max_concurrent_jobs"]
    for w in warnings:
        assert str(config_dir(isolated_env) / "settings.json") in w


def test_unreadable_settings_files(isolated_env: Path) -> None:
    STATES["settings_nested_json"][0](isolated_env)
    settings, warnings = Settings.load_checked()
    assert settings == Settings()
    assert "nested" in warnings[0]
    bad = config_dir(isolated_env) / "settings.json.bad"
    assert bad.is_file()  # kept aside; the next save writes a fresh file
    Settings(language="en").save()
    assert Settings.load_checked() == (Settings(language="en"), [])
    (config_dir(isolated_env) / "settings.json").unlink()
    STATES["settings_is_a_fifo"][0](isolated_env)
    assert Settings.load_checked()[0] == Settings()
    fifo = config_dir(isolated_env) / "settings.json"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # never opened for reading, left alone


def test_wrong_schema_found_when_a_feature_opens_its_table(isolated_env: Path) -> None:
    """A table broken while the store is open (or registered late) is found by
    ensure_schema: the store is moved aside and rebuilt, the feature works."""
    store = localstate.open_store()
    assert JobStore(store).all() == []
    with sqlite3.connect(store.path) as other:
        other.execute("DROP TABLE download_jobs")
        other.execute("CREATE TABLE download_jobs (id INTEGER PRIMARY KEY, what TEXT)")
    other.close()
    jobs = JobStore(store)  # ensure_schema: broken -> rebuilt
    assert jobs.all() == []
    assert store.rebuilt is not None
    assert store.rebuilt.name.startswith(f"{STORE_NAME}.corrupt-")
    assert any("moved aside" in n.message for n in notices.pending())


def test_store_that_cannot_be_opened_is_a_clear_error(isolated_env: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str],
                                                      ) -> None:
    """An error that says nothing about the file (busy, read-only, permissions) never
    moves it aside; verify runs without its cache and says why."""
    Store().close()
    healthy = (data_dir(isolated_env) / STORE_NAME).read_bytes()

    def busy(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        exc = sqlite3.OperationalError("database is locked")
        exc.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr("hfmanager.core.store.sqlite3.connect", busy)
    rc, out, err = _run(["verify", "--all", "--json"], capsys)
    assert rc == 0
    assert json.loads(out)
    assert "Traceback" not in err
    assert "database is locked" in err
    assert "without the cache" in err
    assert store_asides(isolated_env) == []
    assert (data_dir(isolated_env) / STORE_NAME).read_bytes() == healthy


def _interrupt(hub: FakeHub, cache: Path, files: dict[str, bytes]) -> str:
    """Start a download and let the server drop it mid-way: partials and sidecars stay."""
    commit = hub.add_repo("org/big", files)
    hub.faults.set(Fault(drop_after=1_500_000), path="model.safetensors")
    plan = make_plan(hub.url, "org/big", commit, files)
    with pytest.raises(DownloadError):
        Downloader(cache, EngineConfig(max_retries=0, backoff_base=0.01)).download(plan)
    hub.faults.clear()
    assert list(cache.glob("models--org--big/blobs/*.hfm-partial.json"))
    return commit


def test_rebuilt_store_recovers_the_queue_from_sidecars(isolated_env: Path,
                                                        fake_hub: FakeHub) -> None:
    """The database is lost mid-download: the interrupted file comes back as a paused
    job pinned to its commit; resumed, it completes the same snapshot huggingface_hub
    sees, fetching only the bytes that were missing."""
    cache = isolated_env / "hf" / "hub"
    files = {"config.json": b"{}", "model.safetensors": payload(3_000_000, seed=9)}
    commit = _interrupt(fake_hub, cache, files)
    STATES["store_not_a_database"][0](isolated_env)
    store = localstate.open_store()
    jobs = JobStore(store).all(history=False)
    assert [(j.spec.repo_id, j.spec.revision, j.spec.include, j.state) for j in jobs] == [
        ("org/big", commit, ("model.safetensors",), JobState.PAUSED)]
    said = " ".join(n.message for n in notices.pending())
    assert "org/big@" in said
    assert "paused" in said
    fake_hub.reset_counters()
    queue = DownloadQueue(JobStore(store), lambda spec: make_plan(
        fake_hub.url, spec.repo_id, spec.revision, {"model.safetensors": files[
            "model.safetensors"]}, ref=None), cache)
    queue.start()
    queue.resume(jobs[0].id)
    assert queue.wait_idle(60)
    queue.stop()
    assert JobStore(store).get(jobs[0].id).state is JobState.DONE
    assert fake_hub.bytes_by_path["model.safetensors"] < len(files["model.safetensors"])
    assert snapshot_bytes(cache, "org/big", commit)["model.safetensors"] == files[
        "model.safetensors"]
    info = scan_cache_dir(cache)
    assert info.warnings == []
    (repo,) = info.repos
    assert {f.file_name for r in repo.revisions for f in r.files} >= {"model.safetensors"}


def test_rebuilt_store_says_when_nothing_could_be_recovered(isolated_env: Path) -> None:
    STATES["store_wrong_schema"][0](isolated_env)
    localstate.open_store()
    said = [n.message for n in notices.pending()]
    assert any("No interrupted download was found" in m for m in said)


_GUI = """
import json, sys
from PySide6.QtWidgets import QApplication, QMessageBox
from hfmanager.app import start_gui
app, loop, ctx, window = start_gui([])
for _ in range(20):
    app.processEvents()
box = window.findChild(QMessageBox, "stateNoticeDialog")
print(json.dumps({"visible": window.isVisible(), "pages": sorted(window._pages),
                  "tabs": [window.library.details.tabs.tabText(i)
                           for i in range(window.library.details.tabs.count())],
                  "notice": window.state_notices.label.text(),
                  "dialog": bool(box and box.isVisible()),
                  "details": box.informativeText() if box else ""}))
window.close()
"""


@pytest.mark.slow
@pytest.mark.parametrize("state", ["store_wrong_schema", "data_dir_is_a_file",
                                   "settings_is_a_fifo"])
def test_the_real_app_starts(isolated_env: Path, state: str) -> None:
    """``start_gui`` as ``hfmanager`` runs it, in its own process (offscreen)."""
    STATES[state][0](isolated_env)
    shown = run_snippet(_GUI)
    assert shown["visible"]
    assert {"library", "downloads"} <= set(shown["pages"])
    assert "Test load" in shown["tabs"]
    assert shown["dialog"]
    assert str(broken_path(isolated_env, state)) in shown["details"]
