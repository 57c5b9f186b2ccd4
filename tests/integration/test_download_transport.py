"""The engine's HTTP: direct keep-alive connections read with readinto, proxies through httpx."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from download_helpers import make_plan, payload, snapshot_bytes
from fakehub import FakeHub
from fakehub.proxy import ForwardProxy

from hfmanager.core import errors as err
from hfmanager.core import network
from hfmanager.core.downloads.direct import DirectPool
from hfmanager.core.downloads.engine import Downloader, EngineConfig
from hfmanager.core.downloads.transport import NetworkError
from hfmanager.core.network import NetConfig, Proxies
from hfmanager.core.settings import Settings

FILES = {"config.json": b'{"a": 1}', "model.safetensors": payload(3 * 1024 * 1024, seed=4),
         **{f"small/{i:02d}.txt": b"x" * (100 + i) for i in range(30)}}


def fast(**kw: object) -> EngineConfig:
    cfg = EngineConfig(backoff_base=0.01, backoff_max=0.05, stall_timeout=2.0)
    for k, v in kw.items():
        setattr(cfg, k, v)
    return cfg


def _download(hub: FakeHub, cache: Path, cfg: EngineConfig) -> None:
    commit = hub.add_repo("org/t", FILES)
    Downloader(cache, cfg).download(make_plan(hub.url, "org/t", commit, FILES))
    assert snapshot_bytes(cache, "org/t", commit) == FILES


def test_direct_connections_are_kept_alive(fake_hub: FakeHub, tmp_path: Path) -> None:
    _download(fake_hub, tmp_path, fast(parallel_files=2))
    # 32 files, one redirected to the CDN: at most one connection per thread and host.
    assert len(fake_hub.requests) >= 33
    assert fake_hub.connections_opened <= 4


def test_proxy_from_settings_carries_every_request(fake_hub: FakeHub, tmp_path: Path) -> None:
    with ForwardProxy() as proxy:
        _download(fake_hub, tmp_path, fast(net=NetConfig(proxies=Proxies(http=proxy.url))))
    assert len(proxy.requests) == len(fake_hub.requests) >= 33
    assert any(r.startswith(fake_hub.cdn_url) for r in proxy.requests)  # the redirect too


def test_proxy_from_the_environment(fake_hub: FakeHub, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_PROXY")
    with ForwardProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)  # read once per job, by resolve()
        _download(fake_hub, tmp_path / "a", fast(net=network.resolve(Settings())))
        assert len(proxy.requests) == len(fake_hub.requests)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # now bypassed: direct connections
        before = len(proxy.requests)
        _download(fake_hub, tmp_path / "b", fast(net=network.resolve(Settings())))
        assert len(proxy.requests) == before


def test_no_proxy_in_settings_bypasses_it(fake_hub: FakeHub, tmp_path: Path) -> None:
    with ForwardProxy() as proxy:
        _download(fake_hub, tmp_path, fast(net=NetConfig(proxies=Proxies(
            http=proxy.url, no_proxy=("127.0.0.1",)))))
    assert proxy.requests == []


def test_dead_proxy_is_a_typed_error(fake_hub: FakeHub, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(err.ServerError, match="giving up"):
        _download(fake_hub, tmp_path, fast(
            net=NetConfig(proxies=Proxies(http=f"http://127.0.0.1:{port}")), max_retries=1))


@pytest.fixture
def closing_server() -> Iterator[tuple[str, list[int]]]:
    """Answers one request per connection with keep-alive headers, then hangs up: the
    client's pooled connection is stale by its next request."""
    srv = socket.create_server(("127.0.0.1", 0))
    accepted: list[int] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            accepted.append(1)
            with conn:
                data = b""
                while b"\r\n\r\n" not in data:
                    piece = conn.recv(4096)
                    if not piece:
                        break
                    data += piece
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")

    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}/f", accepted
    srv.close()


def _fetch(pool: DirectPool, url: str) -> bytes:
    resp = pool.get(url, {"User-Agent": "t"})
    try:
        return b"".join(bytes(c) for c in resp.chunks(1024))
    finally:
        resp.close()


def test_stale_keep_alive_connection_is_replaced_at_once(
        closing_server: tuple[str, list[int]]) -> None:
    url, accepted = closing_server
    pool = DirectPool(ssl.create_default_context(), 2.0, 2.0)
    try:
        assert _fetch(pool, url) == b"hello"
        # The pooled connection was closed by the server: resent once on a new one.
        assert _fetch(pool, url) == b"hello"
        assert _fetch(pool, url) == b"hello"
    finally:
        pool.close()
    assert len(accepted) == 3


def test_refused_connection_is_a_network_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pool = DirectPool(ssl.create_default_context(), 2.0, 2.0)
    with pytest.raises(NetworkError):
        pool.get(f"http://127.0.0.1:{port}/x", {})
    with pytest.raises(err.DownloadError, match="refusing"):
        pool.get("http://127.0.0.1:1/x\r\nX-Injected: 1", {})
    pool.close()


def test_large_files_are_written_back_while_they_download(
        fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import hfmanager.core.downloads.flusher as flusher

    synced: list[int] = []
    real = flusher.os.fdatasync

    def fdatasync(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(flusher.os, "fdatasync", fdatasync)
    import hfmanager.core.downloads.bodywrite as bodywrite

    monkeypatch.setattr(bodywrite, "FLUSH_EVERY", 256 * 1024)
    _download(fake_hub, tmp_path, fast(parallel_files=1))
    assert synced  # write-back started before the commit's fsync (3 MiB / 256 KiB)
