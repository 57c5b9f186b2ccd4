"""One file by URL (issue 13, part 3): a torch checkpoint served by the fake Hub as a plain
URL lands where torch.hub looks and loads from there without a download; a wrong hash
prefix is refused with nothing left behind; a kill -9 mid-file resumes; the queue pauses
and resumes it; a name without a hash prefix is fetched unchecked; the token never goes
to the file's host."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from download_helpers import payload
from fakehub import FakeHub, Fault

from hfmanager.core.downloads.engine import EngineConfig
from hfmanager.core.downloads.persist import JobState, JobStore
from hfmanager.core.downloads.plan import DownloadSpec, parse_source
from hfmanager.core.downloads.queue import DownloadQueue
from hfmanager.core.inventory.torchscan import scan_torch_root
from hfmanager.core.store import Store

HANG_GUARD = 120.0  # seconds; only a hang ever reaches it


def _env(root: Path, hub: FakeHub) -> dict[str, str]:
    return {**os.environ, "TORCH_HOME": str(root / "torch"), "HF_HOME": str(root / "hf"),
            "HFMANAGER_DATA_DIR": str(root / "data"), "HFMANAGER_CONFIG_DIR": str(root / "cfg"),
            "HF_ENDPOINT": hub.url, "HF_TOKEN": "hf_secret_token", "HF_HUB_OFFLINE": "0"}


def _cli(env: dict[str, str], url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hfmanager.cli.download", url, "--json",
                           *extra], env=env, capture_output=True, text=True,
                          timeout=HANG_GUARD, check=False)


def _events(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _named(data: bytes, stem: str = "resnet50") -> str:
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}.pth"


def _torch_state_dict(path: Path) -> bytes:
    """A real torch checkpoint (made by torch in a child: the test process stays torch-free)."""
    subprocess.run([sys.executable, "-c",
                    "import sys, torch; torch.save({'w': torch.arange(6.0)}, sys.argv[1])",
                    str(path)], check=True, timeout=HANG_GUARD)
    return path.read_bytes()


_TORCH_CHECK = textwrap.dedent("""
    import json, os, sys, torch.hub
    from hfmanager.core.downloads import urlspec
    url = sys.argv[1]
    def no_network(*a, **k):
        raise SystemExit("torch.hub tried to download")
    torch.hub.download_url_to_file = no_network
    sd = torch.hub.load_state_dict_from_url(url, check_hash=True, weights_only=True)
    name = os.path.basename(url)
    print(json.dumps({"path": os.path.join(torch.hub.get_dir(), "checkpoints", name),
                      "w": sd["w"].tolist(),
                      "same_regex": urlspec.HASH_REGEX.pattern == torch.hub.HASH_REGEX.pattern}))
""")


def test_torch_checkpoint_lands_where_torch_hub_loads_it(fake_hub: FakeHub,
                                                         tmp_path: Path) -> None:
    data = _torch_state_dict(tmp_path / "made.pth")
    url = fake_hub.add_file(_named(data), data)  # on the CDN host: not the Hub's origin
    env = _env(tmp_path, fake_hub)
    got = _cli(env, url)
    assert got.returncode == 0, got.stderr
    done = _events(got.stdout)[-1]
    ckpts = tmp_path / "torch" / "hub" / "checkpoints"
    assert done["event"] == "done"
    assert done["path"] == str(ckpts / _named(data))
    assert sorted(os.listdir(ckpts)) == [_named(data)]  # no partial, sidecar or lock left
    assert (ckpts / _named(data)).read_bytes() == data
    check = subprocess.run([sys.executable, "-c", _TORCH_CHECK, url], env=env,
                           capture_output=True, text=True, timeout=HANG_GUARD, check=False)
    assert check.returncode == 0, check.stderr
    said = json.loads(check.stdout.splitlines()[-1])
    assert said == {"path": done["path"], "w": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
                    "same_regex": True}
    assert fake_hub.tokens_seen() == {}  # the token never went to the file's host
    # The Library's torch scan shows it as a checkpoint with its hash prefix.
    entries, problems = scan_torch_root(str(tmp_path / "torch" / "hub"))
    assert [(e.name, e.size_on_disk, e.sha256_prefix) for e in entries] == [
        (_named(data), len(data), hashlib.sha256(data).hexdigest()[:8])]
    assert problems == []


def test_wrong_hash_prefix_is_refused_and_nothing_is_kept(fake_hub: FakeHub,
                                                          tmp_path: Path) -> None:
    data = payload(1_500_000, seed=5)
    wrong = "0" * 8 if not hashlib.sha256(data).hexdigest().startswith("0") else "f" * 8
    url = fake_hub.add_file(f"resnet50-{wrong}.pth", data)
    got = _cli(_env(tmp_path, fake_hub), url)
    assert got.returncode == 1
    assert _events(got.stdout)[-1]["reason"] == "integrity"
    assert os.listdir(tmp_path / "torch" / "hub" / "checkpoints") == []


def test_a_name_without_a_hash_prefix_is_fetched_unchecked(fake_hub: FakeHub,
                                                           tmp_path: Path) -> None:
    data = payload(300_000, seed=6)
    url = fake_hub.add_file("model-final.pth", data)
    got = _cli(_env(tmp_path, fake_hub), url, "--cache-dir", str(tmp_path / "elsewhere"))
    assert got.returncode == 0, got.stderr
    assert (tmp_path / "elsewhere" / "model-final.pth").read_bytes() == data
    assert next(e["hash_prefix"] for e in _events(got.stdout) if e["event"] == "plan") is None


def _reap(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for pipe in (proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


def _wait_for(cond: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HANG_GUARD
    while not cond():
        assert time.monotonic() < deadline, "hang guard"
        time.sleep(0.005)


def test_kill9_mid_file_resumes(fake_hub: FakeHub, tmp_path: Path) -> None:
    data = payload(4_000_000, seed=7)
    name = _named(data)
    url = fake_hub.add_file(name, data)
    fake_hub.faults.set(Fault(rate=4_000_000), path=name)
    env = _env(tmp_path, fake_hub)
    ckpts = tmp_path / "torch" / "hub" / "checkpoints"
    partial = ckpts / f"{name}.hfm-partial"
    held = []
    for target in (600_000, 2_000_000):  # two kills, at different depths
        first = len(fake_hub.requests)
        proc = subprocess.Popen(
            [sys.executable, "-m", "hfmanager.cli.download", url, "--json"], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for(lambda t=target, p=proc: p.poll() is not None
                      or (partial.exists() and partial.stat().st_size >= t))
            assert proc.poll() is None, "finished before the kill"
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        finally:
            _reap(proc)
        assert fake_hub.settle()
        assert not (ckpts / name).exists()  # never a file that is not the whole file
        asked = [r.headers.get("range") for r in fake_hub.requests[first:]]
        assert asked == [f"bytes={held[-1]}-" if held else None]  # exactly what was missing
        held.append(partial.stat().st_size)
        assert (ckpts / f"{name}.hfm-partial.json").exists()
    assert held[1] > held[0] > 0
    # Meanwhile the Library shows an incomplete download (not the sidecar or a lock).
    entries, _problems = scan_torch_root(str(tmp_path / "torch" / "hub"))
    assert [(e.name, [p.kind.name for p in e.problems]) for e in entries] == [
        (f"{name}.hfm-partial", ["INCOMPLETE_DOWNLOAD"])]
    fake_hub.faults.clear()
    first = len(fake_hub.requests)
    got = _cli(env, url)
    assert got.returncode == 0, got.stderr
    assert [r.headers.get("range") for r in fake_hub.requests[first:]] == [f"bytes={held[-1]}-"]
    assert (ckpts / name).read_bytes() == data
    assert sorted(os.listdir(ckpts)) == [name]


def test_queue_pauses_and_resumes_a_url_job(fake_hub: FakeHub, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TORCH_HOME", str(tmp_path / "torch"))
    data = payload(3_000_000, seed=8)
    name = _named(data)
    url = fake_hub.add_file(name, data)
    fake_hub.faults.set(Fault(rate=2_000_000), path=name)
    store = Store(tmp_path / "q.sqlite3")

    def no_planner(_spec: DownloadSpec) -> None:
        raise AssertionError("a URL job asks no Hub for a plan")

    q = DownloadQueue(JobStore(store), no_planner, tmp_path / "hf",  # type: ignore[arg-type]
                      config_factory=lambda _s: EngineConfig(backoff_base=0.01))
    ckpts = tmp_path / "torch" / "hub" / "checkpoints"
    try:
        q.start()
        job = q.add(parse_source(url))
        assert job.cache_dir == str(ckpts)  # the Downloads page says where it goes
        _wait_for(lambda: any(v.bytes_done > 300_000 for v in q.snapshot()))
        q.pause(job.id)
        _wait_for(lambda: q.jobs.get(job.id).state == JobState.PAUSED)
        have = (ckpts / f"{name}.hfm-partial").stat().st_size
        assert have > 0
        assert not (ckpts / name).exists()
        assert q.jobs.get(job.id).bytes_total == len(data)
        fake_hub.faults.clear()
        first = len(fake_hub.requests)
        q.resume(job.id)
        assert q.wait_idle(HANG_GUARD)
        rec = q.jobs.get(job.id)
        assert rec.state == JobState.DONE, rec.error
        assert (ckpts / name).read_bytes() == data
        assert [r.headers.get("range") for r in fake_hub.requests[first:]] == [f"bytes={have}-"]
    finally:
        q.stop()
        store.close()
    # The job reads back from the database as the URL job it was.
    store = Store(tmp_path / "q.sqlite3")
    try:
        back = JobStore(store).get(job.id).spec
        assert (back.url, back.repo_id, back.dest) == (url, name, str(ckpts))
    finally:
        store.close()


def test_queue_cancel_leaves_nothing(fake_hub: FakeHub, tmp_path: Path) -> None:
    data = payload(3_000_000, seed=9)
    name = _named(data)
    url = fake_hub.add_file(name, data)
    fake_hub.faults.set(Fault(rate=1_000_000), path=name)
    store = Store(tmp_path / "q.sqlite3")
    q = DownloadQueue(JobStore(store), lambda _s: None, tmp_path / "hf",  # type: ignore[arg-type,return-value]
                      config_factory=lambda _s: EngineConfig())
    dest = tmp_path / "dest"
    try:
        q.start()
        job = q.add(replace(parse_source(url), dest=str(dest)))
        _wait_for(lambda: any(v.bytes_done > 100_000 for v in q.snapshot()))
        q.cancel(job.id)
        _wait_for(lambda: q.jobs.get(job.id).state == JobState.CANCELLED)
    finally:
        q.stop()
        store.close()
    assert os.listdir(dest) == []


def test_a_database_from_before_url_jobs_stays_readable(tmp_path: Path) -> None:
    store = Store(tmp_path / "old.sqlite3")
    old = JobStore(store).add(DownloadSpec("org/a"), "/cache")
    with store.transaction() as conn:  # as a database made before url jobs looks
        conn.execute("DROP TABLE download_urls")
    store.close()
    store = Store(tmp_path / "old.sqlite3")
    try:
        jobs = JobStore(store)
        assert jobs.get(old.id).spec == DownloadSpec("org/a")
        url = jobs.add(parse_source("https://example.org/m/x-abc.pth"), "/ck")
        assert (url.spec.url, url.spec.dest, url.cache_dir) == (
            "https://example.org/m/x-abc.pth", "/ck", "/ck")
        assert [j.id for j in jobs.all()] == [old.id, url.id]
    finally:
        store.close()


def test_the_token_goes_to_the_hub_only(fake_hub: FakeHub, tmp_path: Path) -> None:
    """Through a redirect too: the Hub's own URL answers 302 to the file's host."""
    from hfmanager.core.downloads.engine import CancelToken
    from hfmanager.core.downloads.urlfile import fetch_url
    from hfmanager.core.network import NetConfig, origin_of

    data = payload(200_000, seed=10)
    net = NetConfig(endpoint=fake_hub.url, token="hf_t",
                    trusted=frozenset({origin_of(fake_hub.url) or ""}))
    cfg = EngineConfig(net=net)
    on_cdn = fake_hub.add_file("a.bin", data)
    on_hub = fake_hub.add_file("b.bin", data, server="hub")
    moved = fake_hub.add_file("c.bin", data, server="hub")
    fake_hub.faults.set(Fault(redirect=fake_hub.cdn_url + "/files/a.bin"), path="c.bin")
    for url in (on_cdn, on_hub, moved):
        spec = replace(parse_source(url), dest=str(tmp_path / "d"))
        fetch_url(spec, cfg, lambda *_a: None, CancelToken())
    assert sorted(os.listdir(tmp_path / "d")) == ["a.bin", "b.bin", "c.bin"]
    assert fake_hub.tokens_seen() == {origin_of(fake_hub.url): {"Bearer hf_t"}}
    by_file = {(r.server, r.file): "authorization" in r.headers for r in fake_hub.requests}
    assert by_file == {("cdn", "a.bin"): False, ("hub", "b.bin"): True, ("hub", "c.bin"): True}


def test_a_file_bigger_than_the_free_space_is_refused(fake_hub: FakeHub, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    from collections import namedtuple

    from hfmanager.core import errors as err
    from hfmanager.core.downloads import urlfile
    from hfmanager.core.downloads.engine import CancelToken

    usage = namedtuple("usage", "total used free")
    real = shutil.disk_usage
    monkeypatch.setattr(urlfile.shutil, "disk_usage",
                        lambda _p: usage(10 << 30, 0, 1 << 20))  # 1 MiB free
    url = fake_hub.add_file("big.bin", payload(2_000_000, seed=11))
    spec = replace(parse_source(url), dest=str(tmp_path / "d"))
    with pytest.raises(err.NoSpaceError) as caught:
        urlfile.fetch_url(spec, EngineConfig(), lambda *_a: None, CancelToken())
    assert caught.value.reason is err.Reason.NOT_ENOUGH_SPACE
    assert not (tmp_path / "d" / "big.bin").exists()
    monkeypatch.setattr(urlfile.shutil, "disk_usage", real)
    urlfile.fetch_url(spec, EngineConfig(), lambda *_a: None, CancelToken())
    assert (tmp_path / "d" / "big.bin").stat().st_size == 2_000_000


def test_through_a_proxy_and_past_a_stall(fake_hub: FakeHub, tmp_path: Path) -> None:
    """The job's proxy carries the file's request; a body that stalls is cut and resumed."""
    from fakehub.proxy import ForwardProxy

    from hfmanager.core.downloads.engine import CancelToken
    from hfmanager.core.downloads.urlfile import fetch_url
    from hfmanager.core.network import NetConfig, Proxies

    data = payload(1_500_000, seed=12)
    name = _named(data)
    url = fake_hub.add_file(name, data)
    spec = replace(parse_source(url), dest=str(tmp_path / "d"))
    with ForwardProxy() as proxy:
        cfg = EngineConfig(net=NetConfig(proxies=Proxies(http=proxy.url)))
        fetch_url(spec, cfg, lambda *_a: None, CancelToken())
    assert proxy.requests == [url]
    (tmp_path / "d" / name).unlink()
    fake_hub.faults.set(Fault(stall_seconds=30, stall_after=700_000), path=name)
    first = len(fake_hub.requests)
    fetch_url(spec, EngineConfig(stall_timeout=0.5, backoff_base=0.01), lambda *_a: None,
              CancelToken())
    assert (tmp_path / "d" / name).read_bytes() == data
    ranges = [r.headers.get("range") for r in fake_hub.requests[first:]]
    assert ranges[0] is None
    assert ranges[1].startswith("bytes=")  # resumed from what the stalled body had brought
    assert int(ranges[1][6:-1]) > 0
