"""Mirrors that fall back by themselves: the fake Hub as two hosts, a mirror with faults and
the official Hub, serving the same repos. Each kind of miss moves that file, and only
that file, to the official Hub; the snapshot is byte-identical to the official one (and
to what huggingface_hub downloads from it); the token never reaches the mirror."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from download_helpers import payload, snapshot_bytes
from fakehub import FakeHub, Fault

from hfmanager.core import errors as err
from hfmanager.core.downloads import fallback, service
from hfmanager.core.downloads.engine import Downloader, EngineConfig
from hfmanager.core.downloads.fallback import SourceLog
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.network import NetConfig, origin_of
from hfmanager.core.settings import Settings

TOKEN = "hf_secret_token"
# One LFS file per kind of miss, and files the mirror serves well.
MISSES = {
    "missing.bin": (Fault(status=404), err.Reason.ENTRY_NOT_FOUND),
    "forbidden.bin": (Fault(status=403), err.Reason.ACCESS_DENIED),
    "busy.bin": (Fault(status=503), err.Reason.GAVE_UP),
    "wrong-size.bin": (Fault(headers={"Content-Length": "99"}, route="file"),
                       err.Reason.SIZE_ANNOUNCED),
    "corrupt.bin": (Fault(corrupt=True), err.Reason.INTEGRITY),
    "stalls.bin": (Fault(stall_after=1000, stall_seconds=60), err.Reason.STALLED),
    "xet.bin": (None, err.Reason.HTTP_STATUS),  # redirected into "Xet storage" (see below)
}
FILES = {"config.json": b'{"model_type": "bert"}', "good.bin": payload(40_000, seed=1),
         **{name: payload(30_000 + i, seed=10 + i) for i, name in enumerate(MISSES)}}


def _hubs(factory: Callable[..., FakeHub]) -> tuple[FakeHub, FakeHub, str]:
    official, mirror = factory(), factory()
    mirror.store = official.store  # one set of repos, served by both hosts
    commit = official.add_repo("org/m", FILES)
    return official, mirror, commit


def _net(mirror: FakeHub, official: FakeHub) -> NetConfig:
    # The official fake Hub is trusted (as huggingface.co is); the mirror is not.
    return NetConfig(mirror.url, token=TOKEN, fallbacks=(official.url,),
                     trusted=frozenset({origin_of(official.url) or ""}))


def _engine(net: NetConfig, sources: SourceLog) -> EngineConfig:
    return EngineConfig(net=net, max_retries=1, backoff_base=0.01, backoff_max=0.02,
                        stall_timeout=0.5, stall_retries=1, sources=sources,
                        shared_store=False)


def test_every_kind_of_miss_falls_back_for_that_file_only(
        fake_hub_factory: Callable[..., FakeHub], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    official, mirror, commit = _hubs(fake_hub_factory)
    for name, (fault, _reason) in MISSES.items():
        if fault is not None:
            mirror.faults.set(fault, path=name)
    # The mirror sends xet.bin on to storage on another host ("localhost" stands for
    # cas-bridge.xethub.hf.co): not followed, the official Hub is asked instead.
    monkeypatch.setattr(fallback, "STORAGE_HOSTS", ("localhost",))
    port = official.cdn_url.rsplit(":", 1)[1]
    mirror.faults.set(Fault(redirect=f"http://localhost:{port}/lfs/xet", route="file"),
                      path="xet.bin")
    net, sources = _net(mirror, official), SourceLog()
    plan = service.fetch_plan(DownloadSpec("org/m"), Settings(), net=net, sources=sources)
    assert plan.endpoint == mirror.url  # the listing came from the mirror

    Downloader(tmp_path / "cache", _engine(net, sources)).download(plan)

    assert snapshot_bytes(tmp_path / "cache", "org/m", commit) == FILES
    served = {s.path: s for s in sources.snapshot()}
    for name, (_fault, reason) in MISSES.items():
        assert served[name].endpoint == official.url, name
        assert [(m.endpoint, m.reason) for m in served[name].misses] == [(mirror.url, reason)]
    for name in ("config.json", "good.bin"):
        assert served[name].endpoint == mirror.url
        assert not served[name].misses
    # The official Hub was asked for the missed files only; nothing reached "storage".
    asked = {r.file for r in official.requests if r.file}
    assert asked == set(MISSES)
    assert not [r for r in official.requests if r.host.startswith("localhost")]
    # The token went to the official Hub, never to the mirror or a CDN.
    assert mirror.tokens_seen() == {}
    assert set(official.tokens_seen()) == {f"http://{official.url.split('//')[1]}"}
    assert not [r for r in official.requests if r.server == "cdn" and "authorization" in r.headers]


def test_the_same_download_without_a_fallback_fails(
        fake_hub_factory: Callable[..., FakeHub], tmp_path: Path) -> None:
    """The control: with the mirror alone, its 404 is the job's failure."""
    official, mirror, _commit = _hubs(fake_hub_factory)
    mirror.faults.set(Fault(status=404), path="missing.bin")
    net = NetConfig(mirror.url)
    plan = service.fetch_plan(DownloadSpec("org/m"), Settings(), net=net)
    with pytest.raises(err.NotFoundError):
        Downloader(tmp_path / "cache", _engine(net, SourceLog())).download(plan)
    assert not [r for r in official.requests if r.file]


def test_the_listing_falls_back_too(fake_hub_factory: Callable[..., FakeHub],
                                    tmp_path: Path) -> None:
    official, _mirror, commit = _hubs(fake_hub_factory)
    empty = fake_hub_factory()  # a mirror that does not have the repo
    net, sources = _net(empty, official), SourceLog()
    plan = service.fetch_plan(DownloadSpec("org/m"), Settings(), net=net, sources=sources)
    assert plan.endpoint == official.url
    assert plan.commit == commit
    listing = sources.get(fallback.LISTING)
    assert listing is not None
    assert [m.reason for m in listing.misses] == [err.Reason.REPO_NOT_FOUND]
    Downloader(tmp_path / "cache", _engine(net, sources)).download(plan)
    assert snapshot_bytes(tmp_path / "cache", "org/m", commit) == FILES
    assert empty.tokens_seen() == {}


def test_cli_endpoint_repeats_in_order(fake_hub_factory: Callable[..., FakeHub],
                                       tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from hfmanager.cli import download as cli

    official, mirror, commit = _hubs(fake_hub_factory)
    mirror.faults.set(Fault(status=404), path="missing.bin")
    assert cli.main(["org/m", "--endpoint", mirror.url, "--endpoint", official.url,
                     "--cache-dir", str(tmp_path), "--json"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert events[0]["endpoints"] == [mirror.url, official.url]
    done = events[-1]
    assert done["event"] == "done"
    assert [(f["file"], f["endpoint"], [m["reason"] for m in f["misses"]])
            for f in done["fallbacks"]] == [("missing.bin", official.url, ["entry_not_found"])]
    assert snapshot_bytes(tmp_path, "org/m", commit) == FILES
    assert {r.file for r in official.requests if r.file} == {"missing.bin"}
