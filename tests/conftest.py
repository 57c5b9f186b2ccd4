"""Test-wide setup: offscreen Qt, isolated HF/torch/app folders, no network."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

# The same examples every run (a seed per test, no example database): new random examples
# are explored on purpose (`pytest --hypothesis-profile=default`), never as a surprise in
# CI.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.load_profile("repeatable")

# The local fake Hub (tests/fakehub): `fake_hub` and `fake_hub_factory` fixtures.
pytest_plugins = ["fakehub.plugin"]

# Before Qt is imported anywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

_HF_VARS = (
    "HF_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "TRANSFORMERS_CACHE", "HF_ENDPOINT",
    "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_TOKEN", "HF_TOKEN_PATH", "TORCH_HOME",
    "XDG_CACHE_HOME", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY",
    "all_proxy", "NO_PROXY", "no_proxy", "HFMANAGER_DATA_DIR", "HFMANAGER_CONFIG_DIR",
    "HF_HUB_DISABLE_SYMLINKS", "HF_HUB_DISABLE_SHARED_BLOBS", "HF_HUB_DISABLE_XET",
)


# Where the run's temporary folders go. Most tests build caches: thousands of small files,
# symlinks and fsyncs, and the 100,000-file cache of the heartbeat test. On a RAM-backed
# tmpfs the same work costs a fraction of a virtual disk's (there, building and removing
# that one cache took minutes on a busy 2-core machine). Behaviour is the same on both:
# symlinks, hard links, renames and sqlite work alike, and no test relies on reflinks or
# real disk-full conditions (those are injected). HFM_TEST_TMP=disk keeps pytest's
# default (e.g. to debug with the folders of failed tests kept); a tmpfs too small or
# absent does too.
_TMPFS, _TMPFS_NEEDS = Path("/dev/shm"), 4 * 1024**3


def _tmpfs_basetemp() -> Path | None:
    if os.environ.get("HFM_TEST_TMP", "tmpfs") != "tmpfs" or not _TMPFS.is_dir():
        return None
    try:
        if shutil.disk_usage(_TMPFS).free < _TMPFS_NEEDS or not os.access(_TMPFS, os.W_OK):
            return None
    except OSError:
        return None
    return _TMPFS / f"hfm-pytest-{uuid.uuid4().hex[:12]}"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return  # the controller did it; xdist hands each worker its part of the folder
    from tests.snippet import compile_sources

    compile_sources()  # the suite starts hundreds of Python children
    if config.option.basetemp:
        return
    base = _tmpfs_basetemp()
    if base is not None:
        config.option.basetemp = str(base)
        config.stash[_TMP_KEY] = base


_TMP_KEY = pytest.StashKey[Path]()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: 1.5 workers per core (see pyproject.toml's addopts): the tests spend
    much of their time waiting on children, sockets and Qt."""
    return max(1, round((len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                         else os.cpu_count() or 1) * 1.5))


def pytest_unconfigure(config: pytest.Config) -> None:
    base = config.stash.get(_TMP_KEY, None)
    if base is not None:  # RAM is not left holding a finished run's folders
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test gets its own empty HF home, torch home and app dirs."""
    base = tmp_path_factory.mktemp("env")
    for var in _HF_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HF_HOME", str(base / "hf"))
    monkeypatch.setenv("TORCH_HOME", str(base / "torch"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("HFMANAGER_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("HFMANAGER_CONFIG_DIR", str(base / "config"))
    # Anything that reaches past loopback is a bug.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    from hfmanager.core import notices

    notices.reset()  # notices about one test's broken state never reach another's window
    return base


_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address, *args, **kwargs):  # type: ignore[no-untyped-def]
    if isinstance(address, tuple) and self.family in (socket.AF_INET, socket.AF_INET6):
        host = str(address[0])
        if not (host.startswith("127.") or host in ("::1", "localhost")):
            raise OSError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address, *args, **kwargs)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _cycles_collected_on_the_gui_thread(request: pytest.FixtureRequest):
    """Tests with Qt collect cycles on the GUI thread only, as the app does (ui/gcguard):
    a collection started by a worker thread (an Op, the download queue) would delete Qt
    wrappers off the GUI thread and crash the whole run."""
    import gc

    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    gc.disable()
    try:
        yield
    finally:  # after qtbot closed the test's widgets (this fixture is set up first)
        gc.collect()
        gc.enable()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files holding a slow test run first. Each file runs on one worker (--dist
    loadfile, handed out in collection order): a long file started last would be the whole
    run's tail while the other workers sit idle. The order inside a file is kept."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)  # stable: files stay contiguous
