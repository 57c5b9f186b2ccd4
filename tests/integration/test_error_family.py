"""The Hub adapter and the download engine raise the same class for the same failure.

Both meet 404s, 401s and offline mode: the file list (``hub.repo_info``) and a file GET
(``Downloader.download``) against the same fake Hub must fail with one class from
``core.errors``, so front ends need one ``except`` and one table of sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from download_helpers import make_plan
from fakehub import FakeHub

from hfmanager.core import errors, hub
from hfmanager.core.downloads.engine import Downloader, EngineConfig
from hfmanager.core.network import NetConfig

FILES = {"config.json": b'{"a": 1}', "notes.txt": b"hi" * 50}


def _raised(call: Callable[[], object]) -> errors.DownloadError:
    with pytest.raises(errors.DownloadError) as info:
        call()
    return info.value


@pytest.mark.parametrize(("case", "family"), [
    ("not_found", errors.NotFoundError),
    ("gated", errors.AuthRequiredError),
    ("offline", errors.OfflineError),
])
def test_hub_and_engine_raise_the_same_class(fake_hub: FakeHub, tmp_path: Path, case: str,
                                             family: type[errors.DownloadError]) -> None:
    commit = fake_hub.add_repo("org/m", FILES)
    gated = fake_hub.add_repo("org/gated", FILES, token="sekrit")
    net = NetConfig(fake_hub.url, offline=case == "offline")
    if case == "not_found":  # the repo, and a file the repo does not have
        repo_id, plan = "org/nope", make_plan(fake_hub.url, "org/m", commit,
                                              {**FILES, "gone.bin": b"x" * 10})
    elif case == "gated":
        repo_id, plan = "org/gated", make_plan(fake_hub.url, "org/gated", gated, FILES)
    else:
        repo_id, plan = "org/m", make_plan(fake_hub.url, "org/m", commit, FILES)
    engine = Downloader(tmp_path, EngineConfig(net=net, max_retries=0, backoff_base=0.01))
    from_hub = _raised(lambda: hub.repo_info(net, repo_id))
    from_engine = _raised(lambda: engine.download(plan))
    assert type(from_hub) is type(from_engine) is family, (from_hub, from_engine)
    for exc in (from_hub, from_engine):
        assert errors.describe(exc) == str(exc) == errors.message(exc.reason, exc.params)
    if case == "offline":
        assert fake_hub.requests == []  # neither asked anything
        assert from_hub.reason is from_engine.reason is errors.Reason.OFFLINE
    else:
        assert 400 <= (from_engine.status or 0) < 500
