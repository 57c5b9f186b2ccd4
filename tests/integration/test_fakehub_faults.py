"""Each fake-Hub fault switch does what it says, seen on the raw wire (http.client)."""

from __future__ import annotations

import hashlib
import http.client
import os
import time
from urllib.parse import urlsplit

import pytest
from fakehub import HOSTILE, FakeHub, Fault

DATA = os.urandom(200_000)  # LFS: served by the CDN after a 302
SMALL = b"0123456789" * 100  # regular: served by the hub itself


def _get(url: str, path: str, headers: dict[str, str] | None = None,
         method: str = "GET") -> tuple[http.client.HTTPResponse, bytes]:
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request(method, path, headers=headers or {})
    resp = conn.getresponse()
    try:
        body = resp.read()
    except http.client.IncompleteRead as e:
        body = e.partial
    conn.close()
    return resp, body


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    fake_hub.add_repo("org/r", {"big.bin": DATA, "small.txt": SMALL})
    return fake_hub


def _cdn_path(hub: FakeHub) -> str:
    resp, _ = _get(hub.url, "/org/r/resolve/main/big.bin", method="HEAD")
    assert resp.status == 302
    assert resp.getheader("X-Linked-Etag") == f'"{hashlib.sha256(DATA).hexdigest()}"'
    assert resp.getheader("X-Linked-Size") == str(len(DATA))
    loc = urlsplit(resp.getheader("Location") or "")
    assert f"{loc.scheme}://{loc.netloc}" == hub.cdn_url
    return f"{loc.path}?{loc.query}"


def test_range_if_range_and_416(hub: FakeHub) -> None:
    path = _cdn_path(hub)
    etag = f'"{hashlib.sha256(DATA).hexdigest()}"'
    resp, body = _get(hub.cdn_url, path, {"Range": "bytes=100-"})
    assert resp.status == 206
    assert body == DATA[100:]
    assert resp.getheader("Content-Range") == f"bytes 100-{len(DATA) - 1}/{len(DATA)}"
    resp, body = _get(hub.cdn_url, path, {"Range": "bytes=10-19", "If-Range": etag})
    assert (resp.status, body) == (206, DATA[10:20])
    resp, body = _get(hub.cdn_url, path, {"Range": "bytes=10-19", "If-Range": '"stale"'})
    assert (resp.status, body) == (200, DATA)
    resp, body = _get(hub.cdn_url, path, {"Range": "bytes=-5"})
    assert (resp.status, body) == (206, DATA[-5:])
    resp, _ = _get(hub.cdn_url, path, {"Range": f"bytes={len(DATA)}-"})
    assert resp.status == 416
    assert resp.getheader("Content-Range") == f"bytes */{len(DATA)}"


def test_small_file_served_by_hub_with_git_sha1(hub: FakeHub) -> None:
    resp, body = _get(hub.url, "/org/r/resolve/main/small.txt")
    assert body == SMALL
    git = hashlib.sha1(b"blob %d\0" % len(SMALL) + SMALL).hexdigest()
    assert resp.getheader("ETag") == f'"{git}"'
    assert len(resp.getheader("X-Repo-Commit") or "") == 40
    assert hub.bytes_by_path["small.txt"] == len(SMALL)
    assert hub.bytes_sent == len(SMALL)
    hub.reset_counters()
    assert (hub.bytes_sent, hub.requests, dict(hub.bytes_by_path)) == (0, [], {})


def test_drop_after_n_bytes(hub: FakeHub) -> None:
    path = _cdn_path(hub)
    hub.faults.set(Fault(drop_after=1234, times=1), path="big.bin")
    resp, body = _get(hub.cdn_url, path)
    assert resp.getheader("Content-Length") == str(len(DATA))
    assert body == DATA[:1234]
    resp, body = _get(hub.cdn_url, path)  # times=1: the next one is fine
    assert body == DATA


def test_stall(hub: FakeHub) -> None:
    hub.faults.set(Fault(stall_seconds=0.5, stall_after=100), path="small.txt")
    began = time.monotonic()
    _, body = _get(hub.url, "/org/r/resolve/main/small.txt")
    assert body == SMALL
    assert time.monotonic() - began >= 0.45


def test_ignore_range(hub: FakeHub) -> None:
    hub.faults.set(Fault(ignore_range=True))
    resp, body = _get(hub.cdn_url, _cdn_path(hub), {"Range": "bytes=100-"})
    assert (resp.status, body) == (200, DATA)


@pytest.mark.parametrize("chunked", [True, False])
def test_no_content_length(hub: FakeHub, chunked: bool) -> None:
    hub.faults.set(Fault(no_content_length=True, chunked=chunked))
    resp, body = _get(hub.cdn_url, _cdn_path(hub))
    assert resp.getheader("Content-Length") is None
    assert (resp.getheader("Transfer-Encoding") == "chunked") is chunked
    assert body == DATA


def test_corrupt_keeps_headers(hub: FakeHub) -> None:
    hub.faults.set(Fault(corrupt=True), path="big.bin")
    path = _cdn_path(hub)
    resp, body = _get(hub.cdn_url, path)
    assert resp.getheader("ETag") == f'"{hashlib.sha256(DATA).hexdigest()}"'
    assert len(body) == len(DATA)
    assert body != DATA
    assert sum(a != b for a, b in zip(body, DATA, strict=False)) == 1


def test_5xx_then_ok(hub: FakeHub) -> None:
    hub.faults.set(Fault(status=503, times=2, methods=frozenset({"GET", "HEAD"})))
    statuses = [_get(hub.url, "/org/r/resolve/main/small.txt")[0].status for _ in range(3)]
    assert statuses == [503, 503, 200]
    hub.faults.clear()
    hub.faults.set(Fault(status=500))
    assert _get(hub.url, "/api/models/org/r")[0].status == 500
    assert _get(hub.url, "/")[0].status == 500


def test_slow_rate(hub: FakeHub) -> None:
    hub.faults.set(Fault(rate=20_000), path="small.txt")  # 1000 bytes at 20 kB/s >= 50 ms
    began = time.monotonic()
    _, body = _get(hub.url, "/org/r/resolve/main/small.txt")
    assert body == SMALL
    assert time.monotonic() - began >= 0.045


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_headers(hub: FakeHub, name: str) -> None:
    hub.faults.set(Fault(headers=HOSTILE[name], methods=frozenset({"GET", "HEAD"})))
    resp, _ = _get(hub.url, "/org/r/resolve/main/big.bin", method="HEAD")
    for key, value in HOSTILE[name].items():
        assert resp.getheader(key) == value


def test_errors_and_gated(fake_hub: FakeHub) -> None:
    commit = fake_hub.add_repo("org/r", {"a": b"a"})
    fake_hub.add_repo("org/g", {"a": b"a"}, token="t")
    assert _get(fake_hub.url, "/org/nope/resolve/main/a")[0].getheader(
        "X-Error-Code") == "RepoNotFound"
    assert _get(fake_hub.url, "/org/r/resolve/dev/a")[0].getheader(
        "X-Error-Code") == "RevisionNotFound"
    resp, _ = _get(fake_hub.url, "/org/r/resolve/main/b")
    assert (resp.status, resp.getheader("X-Error-Code")) == (404, "EntryNotFound")
    assert resp.getheader("X-Repo-Commit") == commit
    resp, _ = _get(fake_hub.url, "/org/g/resolve/main/a")
    assert (resp.status, resp.getheader("X-Error-Code")) == (401, "GatedRepo")
    resp, _ = _get(fake_hub.url, "/org/g/resolve/main/a", {"Authorization": "Bearer x"})
    assert resp.status == 403
    resp, body = _get(fake_hub.url, "/org/g/resolve/main/a", {"Authorization": "Bearer t"})
    assert (resp.status, body) == (200, b"a")


def test_close_ends_a_stall_quickly(hub: FakeHub) -> None:
    hub.faults.set(Fault(stall_seconds=30, stall_after=10), path="small.txt")
    u = urlsplit(hub.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", "/org/r/resolve/main/small.txt")
    resp = conn.getresponse()
    assert resp.read(10) == SMALL[:10]
    hub.close()
    # Cut at once: a stall still running would end in the client's 10 s read timeout
    # (TimeoutError), long before its own 30 s.
    with pytest.raises(http.client.IncompleteRead):
        resp.read()
    conn.close()


def test_cdn_refuses_authorization_like_s3(hub: FakeHub) -> None:
    path = _cdn_path(hub)
    resp, _ = _get(hub.cdn_url, path, {"Authorization": "Bearer hf_x"})
    assert resp.status == 400
    assert any("authorization" in r.headers for r in hub.requests if r.server == "cdn")
    hub.cdn_rejects_auth = False
    resp, body = _get(hub.cdn_url, path, {"Authorization": "Bearer hf_x"})
    assert (resp.status, body) == (200, DATA)
