"""Downloads over HTTPS (the real Hub's only scheme): a local CA, the fake Hub and CDN on TLS."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from download_helpers import make_plan, payload, snapshot_bytes
from fakehub import FakeHub

from hfmanager.core import errors as err
from hfmanager.core.downloads.engine import Downloader, EngineConfig
from hfmanager.core.network import ssl_context

FILES = {"config.json": b'{"a": 1}', "model.safetensors": payload(2 * 1024 * 1024, seed=9)}


@pytest.fixture
def tls_hub(tmp_path: Path) -> Iterator[tuple[FakeHub, Path]]:
    ca = trustme.CA()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(server_ctx)
    hub = FakeHub(tls=server_ctx)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    ssl_context.cache_clear()  # the context is cached per SSL_CERT_FILE/DIR value
    try:
        yield hub, ca_file
    finally:
        hub.close()
        ssl_context.cache_clear()


def _config(**kw: object) -> EngineConfig:
    cfg = EngineConfig(backoff_base=0.01, backoff_max=0.05, stall_timeout=5.0, max_retries=2)
    for k, v in kw.items():
        setattr(cfg, k, v)
    return cfg


@pytest.mark.parametrize("ranges", [1, 3])
def test_https_download_with_the_ca_trusted(tls_hub: tuple[FakeHub, Path], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch, ranges: int) -> None:
    hub, ca_file = tls_hub
    assert hub.url.startswith("https://")
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    commit = hub.add_repo("org/tls", FILES)
    plan = make_plan(hub.url, "org/tls", commit, FILES)
    Downloader(tmp_path, _config(ranges_per_file=ranges, range_min_size=1024 * 1024)).download(
        plan)
    assert snapshot_bytes(tmp_path, "org/tls", commit) == FILES
    assert any(r.server == "cdn" for r in hub.requests)  # the LFS redirect, over TLS too


def test_untrusted_certificate_fails_at_once_with_what_to_do(
        tls_hub: tuple[FakeHub, Path], tmp_path: Path) -> None:
    hub, _ = tls_hub
    commit = hub.add_repo("org/tls", FILES)
    plan = make_plan(hub.url, "org/tls", commit, FILES)
    with pytest.raises(err.DownloadError, match=r"not trusted.*SSL_CERT_FILE") as info:
        Downloader(tmp_path, _config(parallel_files=1)).download(plan)
    assert not isinstance(info.value, err.ServerError)  # not retried as a network failure
    assert len(hub.requests) == 0  # no request was sent over the unverified connection
