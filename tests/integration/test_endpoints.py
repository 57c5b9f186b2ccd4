"""Endpoint choice, offline state, proxies, and "Test endpoint" failure kinds on loopback."""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakehub import FakeHub, Fault

from hfmanager.core import network as ep
from hfmanager.core.settings import Settings


# ----- pure functions --------------------------------------------------------------------
def test_endpoint_precedence() -> None:
    s = Settings()
    assert ep.current_endpoint(s, {}) == ep.EndpointChoice("https://huggingface.co", "default")
    env = {"HF_ENDPOINT": "https://mirror.example/"}
    assert ep.current_endpoint(s, env) == ep.EndpointChoice("https://mirror.example",
                                                            "environment")
    s.endpoint = "https://hf-mirror.com"
    assert ep.current_endpoint(s, env).source == "settings"
    job = ep.current_endpoint(s, env, override="http://127.0.0.1:9")
    assert (job.url, job.source) == ("http://127.0.0.1:9", "job")
    assert not job.is_official
    assert ep.current_endpoint(Settings(), {}).is_official


def test_bad_endpoint_rejected_in_words() -> None:
    with pytest.raises(ValueError, match="should look like"):
        ep.normalize_endpoint("huggingface.co")
    with pytest.raises(ValueError, match="cannot contain"):
        ep.normalize_endpoint("https://x.org/?a=1")
    with pytest.raises(ValueError, match="should look like"):
        ep.current_endpoint(Settings(), {"HF_ENDPOINT": "ftp://x"})


def test_presets_and_mirror_names() -> None:
    s = Settings(custom_endpoints=["https://hub.team.local:8443/", "garbage"])
    names = [p.name for p in ep.presets(s)]
    assert names == ["official", "hf-mirror", "hub.team.local:8443"]
    assert ep.mirror_url("hf-mirror", s) == "https://hf-mirror.com"
    assert ep.mirror_url("hub.team.local:8443", s) == "https://hub.team.local:8443"
    with pytest.raises(ValueError, match="known: official, hf-mirror"):
        ep.mirror_url("nope", s)


@pytest.mark.parametrize(("env", "setting", "expected"), [
    ({}, False, ep.OfflineState(False, None)),
    ({"HF_HUB_OFFLINE": "1"}, False, ep.OfflineState(True, "HF_HUB_OFFLINE")),
    ({"HF_HUB_OFFLINE": "0"}, False, ep.OfflineState(False, None)),
    ({"TRANSFORMERS_OFFLINE": "yes"}, False, ep.OfflineState(True, "TRANSFORMERS_OFFLINE")),
    ({}, True, ep.OfflineState(True, "settings")),
    ({"HF_HUB_OFFLINE": "true"}, True, ep.OfflineState(True, "HF_HUB_OFFLINE")),
])
def test_offline_state(env: dict[str, str], setting: bool, expected: ep.OfflineState) -> None:
    assert ep.offline_state(Settings(offline=setting), env) == expected


def test_effective_proxies() -> None:
    env = {"HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2",
           "ALL_PROXY": "http://all:3", "no_proxy": "localhost, .corp.example"}
    p = ep.effective_proxies(Settings(), env)
    assert (p.https, p.https_source) == ("http://lower:2", "https_proxy")
    assert (p.http, p.http_source) == ("http://all:3", "ALL_PROXY")
    assert p.no_proxy == ("localhost", ".corp.example")
    assert p.for_url("https://huggingface.co/x") == "http://lower:2"
    assert p.for_url("https://hub.corp.example/x") is None
    p2 = ep.effective_proxies(Settings(https_proxy="http://mine:4"), env)
    assert (p2.https, p2.https_source) == ("http://mine:4", "settings")
    assert ep.effective_proxies(Settings(), {}) == ep.Proxies()


# ----- probing against local servers -----------------------------------------------------
def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_probe_ok_and_http_status(fake_hub: FakeHub) -> None:
    report = ep.test_endpoint(fake_hub.url, timeout=5)
    assert report.ok
    assert report.status == 200
    assert report.latency_ms is not None
    assert report.latency_ms >= 0
    fake_hub.faults.set(Fault(status=500))
    bad = ep.test_endpoint(fake_hub.url, timeout=5)
    assert (bad.ok, bad.failure_kind, bad.status) == (False, "http_status", 500)
    assert "HTTP 500" in bad.message
    assert not any("authorization" in r.headers for r in fake_hub.requests)


def test_probe_asks_an_api_path_a_mirror_answers(fake_hub: FakeHub) -> None:
    """olah answers ``/`` with 500 and serves models: the probe must say reachable."""
    from fakehub.server import PROBE_REPO

    from hfmanager.core.network.probe import PROBE_PATH

    assert f"/api/models/{PROBE_REPO}" == PROBE_PATH
    fake_hub.faults.set(Fault(status=500, route="root"))
    report = ep.test_endpoint(fake_hub.url, timeout=5)
    assert (report.ok, report.status) == (True, 200), report.message
    assert [r.path for r in fake_hub.requests] == [PROBE_PATH]
    fake_hub.faults.clear()
    fake_hub.faults.set(Fault(status=503, route="info"))  # the API is down, / is fine
    bad = ep.test_endpoint(fake_hub.url, timeout=5)
    assert (bad.ok, bad.failure_kind, bad.status) == (False, "http_status", 503)
    # a private hub without that public repo still answers as the Hub API does
    del fake_hub.store.repos[("model", PROBE_REPO)]
    fake_hub.faults.clear()
    private = ep.test_endpoint(fake_hub.url, timeout=5)
    assert (private.ok, private.status) == (True, 404), private.message
    assert "RepoNotFound" in private.message
    fake_hub.faults.set(Fault(status=404, route="error"))  # a plain 404: no Hub API there
    plain = ep.test_endpoint(fake_hub.url, timeout=5)
    assert (plain.ok, plain.failure_kind, plain.status) == (False, "http_status", 404)


def test_probe_refused() -> None:
    report = ep.test_endpoint(f"http://127.0.0.1:{_closed_port()}", timeout=5)
    assert (report.ok, report.failure_kind) == (False, "refused")
    assert "refused" in report.message


def test_probe_timeout() -> None:
    with socket.socket() as silent:  # the kernel accepts; nobody ever answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        report = ep.test_endpoint(url, timeout=0.3)
    assert (report.ok, report.failure_kind) == (False, "timeout")
    assert "in time" in report.message


def test_probe_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    # RFC 6761: .invalid never resolves. The resolver is still fenced so that no query can
    # leave this machine even on a misconfigured DNS; the classification path is the real one.
    real = socket.getaddrinfo

    def fenced(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(host, str) and host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fenced)
    report = ep.test_endpoint("https://nonexistent.invalid", timeout=5)
    assert (report.ok, report.failure_kind) == (False, "dns")
    assert "DNS" in report.message


def test_probe_proxy_down() -> None:
    proxies = ep.Proxies(https=f"http://127.0.0.1:{_closed_port()}", https_source="settings")
    report = ep.test_endpoint("https://huggingface.co", proxies=proxies, timeout=5)
    assert (report.ok, report.failure_kind) == (False, "proxy")
    assert report.proxy == proxies.https
    assert "proxy" in report.message


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[str]:
    """A local HTTPS server with a self-signed certificate (made with cryptography)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "k.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(tmp_path / "c.pem", tmp_path / "k.pem")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    listener.settimeout(5)

    def serve() -> None:
        try:
            conn, _ = listener.accept()
            with ctx.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1024)
        except (OSError, ssl.SSLError):
            pass  # the client aborts the handshake: exactly what we test

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    thread.join(5)


def test_probe_tls(tls_server: str) -> None:
    report = ep.test_endpoint(tls_server, timeout=5)
    assert (report.ok, report.failure_kind) == (False, "tls")
    assert "certificate" in report.message


def test_probe_rejects_bad_url() -> None:
    report = ep.test_endpoint("not a url")
    assert (report.ok, report.failure_kind) == (False, "other")
