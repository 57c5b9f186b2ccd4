"""core/hub.py against the fake Hub: repo info, URLs, tokens, typed errors, offline."""

from __future__ import annotations

import hashlib
import os
import socket
import urllib.request
from pathlib import Path

import pytest
from fakehub import FakeHub, Fault, git_blob_sha1

from hfmanager.core import hub
from hfmanager.core.settings import Settings

BIG = os.urandom(50_000)
FILES = {"config.json": b"{}", "w/model.safetensors": BIG, "README.md": b"# hi\n"}


def test_repo_info_lists_every_file_with_hashes(fake_hub_factory) -> None:
    fh = fake_hub_factory(tree_page_size=1)  # forces paging through every entry
    commit = fh.add_repo("org/m", FILES)
    info = hub.repo_info(fh.url, "org/m", "model", "main", None, offline=False)
    assert info.commit == commit
    by_path = {f.path: f for f in info.files}
    assert set(by_path) == set(FILES)
    assert by_path["config.json"].blob_id == git_blob_sha1(b"{}")
    assert by_path["config.json"].lfs_sha256 is None
    assert by_path["config.json"].etag == git_blob_sha1(b"{}")
    big = by_path["w/model.safetensors"]
    assert big.lfs_sha256 == hashlib.sha256(BIG).hexdigest()
    assert big.etag == big.lfs_sha256
    assert big.size == len(BIG)
    assert info.total_size == sum(len(v) for v in FILES.values())


def test_repo_info_dataset_and_old_commit(fake_hub: FakeHub) -> None:
    first = fake_hub.add_repo("org/d", {"a.csv": b"1"}, repo_type="dataset")
    fake_hub.add_repo("org/d", {"a.csv": b"1", "b.csv": b"2"}, repo_type="dataset")
    info = hub.repo_info(fake_hub.url, "org/d", "dataset", first, offline=False)
    assert info.commit == first
    assert [f.path for f in info.files] == ["a.csv"]


def test_resolve_url_matches_what_the_server_serves(fake_hub: FakeHub) -> None:
    fake_hub.add_repo("org/d", {"dir/a b.txt": b"x"}, repo_type="dataset", branch="refs/pr/1")
    url = hub.resolve_url(fake_hub.url + "/", "org/d", "dir/a b.txt", "refs/pr/1", "dataset")
    assert url == f"{fake_hub.url}/datasets/org/d/resolve/refs%2Fpr%2F1/dir/a%20b.txt"
    with urllib.request.urlopen(url) as resp:
        assert resp.read() == b"x"
    with pytest.raises(ValueError, match="repo type"):
        hub.resolve_url(fake_hub.url, "org/d", "a", "main", "weird")


def test_typed_errors_with_clear_messages(fake_hub: FakeHub) -> None:
    fake_hub.add_repo("org/m", FILES)
    fake_hub.add_repo("org/gated", FILES, token="hf_ok")
    with pytest.raises(hub.RepoNotFoundError, match="not found"):
        hub.repo_info(fake_hub.url, "org/nope", offline=False)
    with pytest.raises(hub.RevisionNotFoundError, match="revision does not exist"):
        hub.repo_info(fake_hub.url, "org/m", revision="nope", offline=False)
    with pytest.raises(hub.GatedRepoError, match="hf auth login"):
        hub.repo_info(fake_hub.url, "org/gated", offline=False)
    with pytest.raises(hub.GatedRepoError, match="request access"):
        hub.repo_info(fake_hub.url, "org/gated", token="hf_wrong", offline=False)
    assert hub.repo_info(fake_hub.url, "org/gated", token="hf_ok", offline=False).files
    fake_hub.faults.set(Fault(status=500, methods=frozenset({"GET"})))
    with pytest.raises(hub.HubHTTPError) as err:
        hub.repo_info(fake_hub.url, "org/m", offline=False)
    assert err.value.status == 500


def test_unreachable_endpoint_is_typed() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(hub.EndpointUnreachableError) as err:
        hub.repo_info(f"http://127.0.0.1:{port}", "org/m", offline=False)
    assert err.value.kind == "refused"


@pytest.mark.parametrize("how", ["HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "settings", "arg"])
def test_offline_makes_no_request(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch,
                                  how: str) -> None:
    fake_hub.add_repo("org/m", FILES)
    offline: bool | None = None
    if how == "arg":
        offline = True
    elif how == "settings":
        Settings(offline=True).save()
    else:
        monkeypatch.setenv(how, "1")
    with pytest.raises(hub.OfflineModeError, match="Offline mode is on"):
        hub.repo_info(fake_hub.url, "org/m", offline=offline)
    assert fake_hub.requests == []
    # and online again without restarting anything
    monkeypatch.delenv(how, raising=False)
    Settings(offline=False).save()
    assert hub.repo_info(fake_hub.url, "org/m").commit


def test_token_sources_and_headers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert hub.get_token() is None
    token_file = Path(os.environ["HF_HOME"]) / "token"
    token_file.parent.mkdir(parents=True, exist_ok=True)
    token_file.write_text("hf_from_file\n")
    assert hub.get_token() == "hf_from_file"
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    assert hub.get_token() == "hf_from_env"
    assert hub.token_for("https://huggingface.co/") == "hf_from_env"
    assert hub.token_for("https://hf-mirror.com") is None
    assert hub.token_for("https://hf-mirror.com", allow_mirror=True) == "hf_from_env"
    assert hub.auth_headers(None) == {}
    assert hub.auth_headers("t") == {"authorization": "Bearer t"}
    headers = hub.hf_headers("t")
    assert headers["user-agent"].startswith("hfmanager/")
    assert headers["authorization"] == "Bearer t"


def test_no_token_is_sent_unless_given(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_hub.add_repo("org/m", FILES)
    monkeypatch.setenv("HF_TOKEN", "hf_secret")
    hub.repo_info(fake_hub.url, "org/m", offline=False)
    assert fake_hub.requests
    assert not any("authorization" in r.headers for r in fake_hub.requests)


def test_stalled_endpoint_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx2

    monkeypatch.setattr(hub, "API_TIMEOUT", httpx2.Timeout(0.3))
    monkeypatch.setattr(hub, "_client_proxies", None)  # rebuild the client with it
    with socket.socket() as silent:  # accepts (kernel backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(hub.EndpointUnreachableError) as err:
            hub.repo_info(url, "org/m", offline=False, proxies=hub.endpoints.Proxies())
    assert err.value.kind == "timeout"
    monkeypatch.setattr(hub, "_client_proxies", None)


def test_proxy_from_settings_is_used(fake_hub: FakeHub) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    # The hub itself is fine, but every request must go through the (dead) proxy.
    fake_hub.add_repo("org/m", FILES)
    Settings(http_proxy=dead).save()
    with pytest.raises(hub.EndpointUnreachableError) as err:
        hub.repo_info(fake_hub.url.replace("127.0.0.1", "localhost.invalid"), "org/m",
                      offline=False)
    assert err.value.kind == "proxy"
    assert fake_hub.requests == []
    Settings().save()
    assert hub.repo_info(fake_hub.url, "org/m", offline=False).files  # direct again
