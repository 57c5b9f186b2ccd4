"""A hostile or broken server against metadata calls, downloads' redirects, doctor and
"Test endpoint": a clear typed error every time, within the call's budget, and the token
seen only where the policy allows (the fake Hub's token log, per scheme and host).

Cases (each a fake-Hub switch, see ``fakehub.faults.Fault``):

Token policy (TLS fake Hub with a trustme CA; the user trusts it as a mirror):
- the policy table (``network.may_send_token``): official Hub and trusted origins only,
  the endpoint's own origin only, https only (loopback excepted);
- a tree listing whose ``Link: rel="next"`` points to another host: read, token stripped;
- an https API answer redirected to http on the same host and port: refused, nothing
  sent in the clear;
- a file's redirect (``/resolve``) to http on the same host and port: refused;
- a file's redirects to another host (``localhost``) and to the CDN: no token there;
- a plain-http mirror the user allowed the token for: it never gets it;
- "Test endpoint" and the doctor: no token at all, a redirect to http refused.

Deadlines and sizes of metadata calls (small configurable limits; no timing assertions):
- revision info dripped one byte at a time (body; status line and headers too): a
  timeout error naming the budget;
- endless pagination (a next page forever): stops at the page limit;
- a next-page link that was already read: stops at once;
- an endless API answer: refused past the size cap.

Malformed answers, one ``MalformedResponseError`` naming endpoint and field each:
revision info that is a list, ``siblings`` garbage, a sibling without a name, an answer
that is not JSON, a commit that is not a hash, a listing that is an object, tree entries
with a missing or null ``path``/``size``/``type``, size "abc", negative or above 1 PB,
an unknown entry type, an LFS oid that is not a sha256.

Doctor / "Test endpoint": an endless body (reads a few KB: reachable), a drip against
``--timeout`` (a timeout, through ``hfmanager doctor --network --timeout 1`` too).

Terminal escapes: ``download --dry-run`` prints a server-chosen file name escaped; an
error quoting server text (an entry type with an OSC sequence) is printed escaped.
"""

from __future__ import annotations

import argparse
import json
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from download_helpers import payload, snapshot_bytes
from fakehub import FakeHub, Fault

from hfmanager.cli import doctor as doctor_cli
from hfmanager.cli import download as download_cli
from hfmanager.core import doctor, hub, network
from hfmanager.core import errors as err
from hfmanager.core.downloads import service
from hfmanager.core.downloads.engine import Downloader
from hfmanager.core.downloads.plan import DownloadSpec
from hfmanager.core.network import Limits, NetConfig, may_send_token
from hfmanager.core.settings import Settings

TOKEN = "hf_the_users_secret"
BEARER = f"Bearer {TOKEN}"
FILES = {"config.json": b'{"a": 1}', "weights.safetensors": payload(300_000, seed=3)}


@pytest.fixture
def tls_hubs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> Iterator[Callable[..., FakeHub]]:
    """Fake Hubs on TLS (certificate for 127.0.0.1 and localhost, CA trusted here)."""
    ca = trustme.CA()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(server_ctx)
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    network.ssl_context.cache_clear()
    hubs: list[FakeHub] = []

    def make(**kw: Any) -> FakeHub:
        hubs.append(FakeHub(tls=server_ctx, **kw))
        return hubs[-1]

    yield make
    for h in hubs:
        h.close()
    network.ssl_context.cache_clear()


def trusting(fh: FakeHub, **limits: Any) -> NetConfig:
    """The job's network as the app resolves it for a mirror the user lets have the token."""
    return network.resolve(Settings(endpoint=fh.url, send_token_to_mirror=True),
                           {"HF_TOKEN": TOKEN}, limits=Limits(retries=0, **limits))


def plain(fh: FakeHub, **limits: Any) -> NetConfig:
    return NetConfig(fh.url, limits=Limits(retries=0, **limits))


def http_twin(fh: FakeHub) -> str:
    """The same host and port as the TLS hub, over plain http."""
    return fh.url.replace("https://", "http://")


def in_the_clear(fh: FakeHub) -> list[str]:
    return [r.path for r in fh.requests if r.scheme == "http"]


# ----- token policy -----------------------------------------------------------------------
def test_policy_table() -> None:
    hf, mirror = "https://huggingface.co", "https://mirror.example"
    official = frozenset({network.OFFICIAL_ORIGIN})
    both = official | {"https://mirror.example:443"}
    assert may_send_token(f"{hf}/api/models/x", hf, official)
    assert may_send_token("https://HuggingFace.co:443/x", hf + "/", official)
    assert not may_send_token("http://huggingface.co/x", hf, official)  # downgrade
    assert not may_send_token("https://huggingface.co:8443/x", hf, official)  # other port
    assert not may_send_token("https://cdn-lfs.huggingface.co/x", hf, official)  # other host
    assert not may_send_token(f"{mirror}/x", mirror, official)  # not trusted
    assert may_send_token(f"{mirror}/x", mirror, both)
    assert not may_send_token(f"{hf}/x", mirror, both)  # a redirect from the mirror to hf
    assert not may_send_token("http://mirror.example/x", "http://mirror.example",
                              frozenset({"http://mirror.example:80"}))  # never over http
    assert may_send_token("http://127.0.0.1:9/x", "http://127.0.0.1:9",
                          frozenset({"http://127.0.0.1:9"}))  # loopback: never leaves
    assert not may_send_token("javascript:alert(1)", hf, official)


def test_next_page_on_another_host_gets_no_token(tls_hubs: Callable[..., FakeHub]) -> None:
    fh = tls_hubs(tree_page_size=1)
    fh.add_repo("org/m", FILES)
    other = fh.url.replace("127.0.0.1", "localhost")
    fh.faults.set(Fault(route="tree", link_origin=other))
    info = hub.repo_info(trusting(fh), "org/m")
    assert {f.path for f in info.files} == set(FILES)
    assert any(r.origin == other for r in fh.requests)  # the next page was read there...
    assert fh.tokens_seen() == {fh.url: {BEARER}}  # ...without the token


def test_api_redirect_from_https_to_http_is_refused(tls_hubs: Callable[..., FakeHub]) -> None:
    fh = tls_hubs()
    fh.add_repo("org/m", FILES)
    fh.faults.set(Fault(route="info", redirect=http_twin(fh) + "{path}"))
    with pytest.raises(err.InsecureServerError, match="not https: refused"):
        hub.repo_info(trusting(fh), "org/m")
    assert in_the_clear(fh) == []
    assert fh.tokens_seen() == {fh.url: {BEARER}}


def _download(fh: FakeHub, cache: Path) -> None:
    net = trusting(fh)
    plan = service.fetch_plan(DownloadSpec("org/m"), Settings(), net=net)
    cfg = service.engine_config(plan, Settings())
    cfg.max_retries, cfg.backoff_base, cfg.backoff_max = 1, 0.01, 0.02
    Downloader(cache, cfg).download(plan)


def test_file_redirect_from_https_to_http_is_refused(tls_hubs: Callable[..., FakeHub],
                                                     tmp_path: Path) -> None:
    fh = tls_hubs()
    fh.add_repo("org/m", FILES)
    fh.faults.set(Fault(route="file", redirect=http_twin(fh) + "{path}"),
                  path="weights.safetensors")
    with pytest.raises(err.DownloadError, match="not https: refused"):
        _download(fh, tmp_path)
    assert in_the_clear(fh) == []
    assert fh.tokens_seen() == {fh.url: {BEARER}}


def test_file_redirects_elsewhere_get_no_token(tls_hubs: Callable[..., FakeHub],
                                               tmp_path: Path) -> None:
    fh = tls_hubs()
    commit = fh.add_repo("org/m", FILES)
    other = fh.url.replace("127.0.0.1", "localhost")
    fh.faults.set(Fault(route="file", redirect=other + "{path}", times=1), path="config.json")
    _download(fh, tmp_path)
    assert snapshot_bytes(tmp_path, "org/m", commit) == FILES
    assert {r.server for r in fh.requests} == {"hub", "cdn"}  # the LFS file came from the CDN
    assert any(r.origin == other for r in fh.requests)
    assert fh.tokens_seen() == {fh.url: {BEARER}}


def test_plain_http_mirror_never_gets_the_token(fake_hub: FakeHub) -> None:
    fake_hub.add_repo("org/m", FILES)
    net = network.resolve(Settings(endpoint=fake_hub.url, send_token_to_mirror=True),
                          {"HF_TOKEN": TOKEN})
    assert net.token is None
    assert hub.repo_info(net, "org/m").files
    assert fake_hub.tokens_seen() == {}


def test_probe_and_doctor_send_no_token_and_refuse_http(tls_hubs: Callable[..., FakeHub]
                                                        ) -> None:
    fh = tls_hubs()
    assert network.probe_endpoint(fh.url, timeout=10).ok
    fh.faults.set(Fault(route="info", redirect=http_twin(fh) + "{path}"))
    report = network.probe_endpoint(fh.url, timeout=10)
    assert (report.ok, report.failure_kind) == (False, "insecure")
    check = doctor.check_reachability(Settings(endpoint=fh.url, send_token_to_mirror=True),
                                      {"HF_TOKEN": TOKEN}, True, 10.0)
    assert check.status == "error"
    assert "not https" in check.hint
    assert in_the_clear(fh) == []
    assert fh.tokens_seen() == {}


# ----- deadlines and sizes ----------------------------------------------------------------
@pytest.mark.parametrize("headers", [False, True], ids=["body", "status-and-headers"])
def test_api_drip_ends_within_the_budget(fake_hub: FakeHub, headers: bool) -> None:
    fake_hub.add_repo("org/m", FILES)
    # ~700 bytes at 5 a second: without the budget the answer would complete, minutes on.
    fake_hub.faults.set(Fault(route="info", answer_drip=0.2, answer_drip_headers=headers))
    with pytest.raises(err.EndpointUnreachableError, match="no complete answer within 1 s"
                       ) as info:
        hub.repo_info(plain(fake_hub, budget=1.0), "org/m")
    assert info.value.kind == "timeout"


def test_endless_pagination_stops_at_the_page_limit(fake_hub_factory: Callable[..., FakeHub]
                                                    ) -> None:
    fh = fake_hub_factory(tree_page_size=1)
    fh.add_repo("org/m", FILES)
    fh.faults.set(Fault(route="tree", endless_pages=True))
    with pytest.raises(err.MalformedResponseError, match="more than 5 pages") as info:
        hub.repo_info(plain(fh, max_pages=5), "org/m")
    assert info.value.field == "Link"
    assert sum("/tree/" in r.path for r in fh.requests) == 5


def test_a_page_link_read_before_stops_at_once(fake_hub: FakeHub) -> None:
    fake_hub.add_repo("org/m", FILES)
    fake_hub.faults.set(Fault(route="tree", repeat_cursor=True))
    with pytest.raises(err.MalformedResponseError, match="already read") as info:
        hub.repo_info(plain(fake_hub), "org/m")
    assert info.value.field == "Link"


def test_endless_api_answer_is_cut_at_the_cap(fake_hub: FakeHub) -> None:
    fake_hub.add_repo("org/m", FILES)
    fake_hub.faults.set(Fault(route="info", endless=True))
    with pytest.raises(err.MalformedResponseError, match="larger than 262,144 bytes"):
        hub.repo_info(plain(fake_hub, max_bytes=256 * 1024), "org/m")


# ----- malformed answers ------------------------------------------------------------------
def _first(change: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[Any], Any]:
    return lambda entries: [change(dict(entries[0])), *entries[1:]]


def _without(key: str) -> Callable[[Any], Any]:
    return _first(lambda e: {k: v for k, v in e.items() if k != key})


MALFORMED: list[tuple[str, str, dict[str, Any], str]] = [
    ("info-is-a-list", "info", {"json": lambda b: [b]}, "$"),
    ("siblings-garbage", "info", {"json": lambda b: {**b, "siblings": "garbage"}},
     "$.siblings"),
    ("sibling-without-name", "info", {"json": lambda b: {**b, "siblings": [{"size": 1}]}},
     "$.siblings[0].rfilename"),
    ("not-json", "info", {"raw": b"<html>502 Bad Gateway</html>"}, "$"),
    ("commit-not-a-hash", "info", {"json": lambda b: {**b, "sha": "../../x"}}, "$.sha"),
    ("listing-is-an-object", "tree", {"json": lambda t: {"entries": t}}, "$"),
    ("path-missing", "tree", {"json": _without("path")}, "$[0].path"),
    ("path-null", "tree", {"json": _first(lambda e: {**e, "path": None})}, "$[0].path"),
    ("size-missing", "tree", {"json": _without("size")}, "$[0].size"),
    ("size-null", "tree", {"json": _first(lambda e: {**e, "size": None})}, "$[0].size"),
    ("size-abc", "tree", {"json": _first(lambda e: {**e, "size": "abc"})}, "$[0].size"),
    ("size-negative", "tree", {"json": _first(lambda e: {**e, "size": -5})}, "$[0].size"),
    ("size-over-1PB", "tree", {"json": _first(lambda e: {**e, "size": 2**62})}, "$[0].size"),
    ("type-missing", "tree", {"json": _without("type")}, "$[0].type"),
    ("type-null", "tree", {"json": _first(lambda e: {**e, "type": None})}, "$[0].type"),
    ("type-unknown", "tree", {"json": _first(lambda e: {**e, "type": "symlink"})}, "$[0].type"),
    ("lfs-oid-not-sha256", "tree",
     {"json": lambda t: [*t[:-1], {**t[-1], "lfs": {**t[-1]["lfs"], "oid": "x"}}]},
     "$[1].lfs.oid"),
]


@pytest.mark.parametrize(("route", "change", "field"), [m[1:] for m in MALFORMED],
                         ids=[m[0] for m in MALFORMED])
def test_malformed_answer_is_one_typed_error(fake_hub: FakeHub, route: str,
                                             change: dict[str, Any], field: str) -> None:
    fake_hub.add_repo("org/m", FILES)
    fake_hub.faults.set(Fault(route=route, **change))
    with pytest.raises(err.MalformedResponseError) as info:
        hub.repo_info(plain(fake_hub), "org/m")
    assert info.value.field == field
    assert info.value.endpoint == fake_hub.url
    assert str(info.value).startswith(f"The server at {fake_hub.url} sent ")
    assert f"hfmanager cannot read: field {field}: " in str(info.value)


def test_cli_reports_a_malformed_listing_in_words(fake_hub: FakeHub,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/m", FILES)
    fake_hub.faults.set(Fault(route="tree", json=_first(lambda e: {**e, "size": "abc"})))
    code = download_cli.main(["org/m", "--endpoint", fake_hub.url, "--dry-run"])
    err_text = capsys.readouterr().err
    assert code == download_cli.EXIT_FAILED
    assert "cannot read: field $[0].size" in err_text
    assert "Traceback" not in err_text


# ----- doctor and "Test endpoint" ---------------------------------------------------------
def test_probe_reads_a_few_kb_of_an_endless_body(fake_hub: FakeHub) -> None:
    fake_hub.faults.set(Fault(route="info", endless=True))
    report = network.probe_endpoint(fake_hub.url, timeout=10)
    assert report.ok, report.message


def test_probe_and_doctor_honour_the_timeout_against_a_drip(
        fake_hub: FakeHub, capsys: pytest.CaptureFixture[str]) -> None:
    # ~130 bytes at 5 a second: without the budget the probe would end well, much later.
    fake_hub.faults.set(Fault(route="info", answer_drip=0.2, answer_drip_headers=True))
    report = network.probe_endpoint(fake_hub.url, timeout=1)
    assert (report.ok, report.failure_kind) == (False, "timeout")
    Settings(endpoint=fake_hub.url).save()
    code = doctor_cli.run(argparse.Namespace(network=True, timeout=1.0, json=True))
    checks = {c["key"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert code == 1
    assert checks["reachability"]["status"] == "error"
    assert checks["reachability"]["details"]["failure_kind"] == "timeout"


# ----- terminal escapes -------------------------------------------------------------------
def test_dry_run_escapes_server_file_names(fake_hub: FakeHub,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/m", {"\x1b[31mred\x1b[0m.txt": b"x", "ok.txt": b"y"})
    code = download_cli.main(["org/m", "--endpoint", fake_hub.url, "--dry-run"])
    out = capsys.readouterr().out
    assert code == download_cli.EXIT_OK
    assert "\x1b" not in out
    assert "\\x1b[31mred\\x1b[0m.txt" in out
    assert "ok.txt" in out


def test_error_quoting_server_text_is_escaped(fake_hub: FakeHub,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/m", FILES)
    fake_hub.faults.set(Fault(route="tree",
                              json=_first(lambda e: {**e, "type": "x\x1b]0;pwned\x07"})))
    code = download_cli.main(["org/m", "--endpoint", fake_hub.url, "--dry-run"])
    err_text = capsys.readouterr().err
    assert code == download_cli.EXIT_FAILED
    assert "\x1b" not in err_text
    assert "\x07" not in err_text
    assert "\\x1b]0;pwned\\x07" in err_text
