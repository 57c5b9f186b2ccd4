"""core/hub.py against the fake Hub: repo info, tokens, typed errors, offline, proxies."""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path

import pytest
from fakehub import FakeHub, Fault, git_blob_sha1

from hfmanager.core import errors, hub, network
from hfmanager.core.network import NetConfig, origin_of
from hfmanager.core.settings import Settings

BIG = os.urandom(50_000)
FILES = {"config.json": b"{}", "w/model.safetensors": BIG, "README.md": b"# hi\n"}


def net(url: str, token: str | None = None, **kw: object) -> NetConfig:
    """The job's network for a plain-HTTP fake Hub; a token is sent only because the
    test trusts that loopback origin explicitly."""
    trusted = frozenset({origin_of(url) or ""}) if token else frozenset({network.OFFICIAL_ORIGIN})
    return NetConfig(url, token=token, trusted=trusted, **kw)  # type: ignore[arg-type]


def test_repo_info_lists_every_file_with_hashes(fake_hub_factory) -> None:
    fh = fake_hub_factory(tree_page_size=1)  # forces paging through every entry
    commit = fh.add_repo("org/m", FILES)
    info = hub.repo_info(net(fh.url), "org/m", "model", "main")
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
    info = hub.repo_info(net(fake_hub.url), "org/d", "dataset", first)
    assert info.commit == first
    assert [f.path for f in info.files] == ["a.csv"]


def test_branch_with_a_slash_and_a_bad_repo_type(fake_hub: FakeHub) -> None:
    commit = fake_hub.add_repo("org/d", {"dir/a b.txt": b"x"}, repo_type="dataset",
                               branch="refs/pr/1")
    info = hub.repo_info(net(fake_hub.url + "/"), "org/d", "dataset", "refs/pr/1")
    assert (info.commit, [f.path for f in info.files]) == (commit, ["dir/a b.txt"])
    assert info.endpoint == fake_hub.url  # normalised once, in the NetConfig
    with pytest.raises(ValueError, match="repo type"):
        hub.repo_info(net(fake_hub.url), "org/d", "weird")


def test_typed_errors_with_clear_messages(fake_hub: FakeHub) -> None:
    fake_hub.add_repo("org/m", FILES)
    fake_hub.add_repo("org/gated", FILES, token="hf_ok")
    with pytest.raises(errors.NotFoundError, match="not found") as missing:
        hub.repo_info(net(fake_hub.url), "org/nope")
    assert missing.value.reason is errors.Reason.REPO_NOT_FOUND
    with pytest.raises(errors.NotFoundError, match="revision does not exist") as missing:
        hub.repo_info(net(fake_hub.url), "org/m", revision="nope")
    assert missing.value.reason is errors.Reason.REVISION_NOT_FOUND
    with pytest.raises(errors.AuthRequiredError, match="hf auth login"):
        hub.repo_info(net(fake_hub.url), "org/gated")
    with pytest.raises(errors.AuthRequiredError, match="request access"):
        hub.repo_info(net(fake_hub.url, "hf_wrong"), "org/gated")
    assert hub.repo_info(net(fake_hub.url, "hf_ok"), "org/gated").files
    fake_hub.faults.set(Fault(status=500, methods=frozenset({"GET"})))
    with pytest.raises(errors.ServerError) as err:
        hub.repo_info(net(fake_hub.url, limits=network.Limits(retries=0)), "org/m")
    assert (err.value.status, err.value.reason) == (500, errors.Reason.SERVER_STATUS)
    fake_hub.faults.set(Fault(status=418, methods=frozenset({"GET"})))
    with pytest.raises(errors.HTTPStatusError, match="answered HTTP 418") as other:
        hub.repo_info(net(fake_hub.url, limits=network.Limits(retries=0)), "org/m")
    assert other.value.status == 418


def test_unreachable_endpoint_is_typed() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(errors.EndpointUnreachableError) as err:
        hub.repo_info(net(f"http://127.0.0.1:{port}", limits=network.Limits(retries=0)),
                      "org/m")
    assert err.value.kind == "refused"


@pytest.mark.parametrize("how", ["HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "settings", "arg"])
def test_offline_makes_no_request(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch,
                                  how: str) -> None:
    fake_hub.add_repo("org/m", FILES)
    if how == "settings":
        Settings(offline=True).save()
    elif how != "arg":
        monkeypatch.setenv(how, "1")
    job = (net(fake_hub.url, offline=True) if how == "arg"
           else network.resolve(Settings.load(), override=fake_hub.url))
    assert job.offline
    with pytest.raises(errors.OfflineError, match="Offline mode is on"):
        hub.repo_info(job, "org/m")
    assert fake_hub.requests == []
    # and online again without restarting anything: the next job resolves afresh
    monkeypatch.delenv(how, raising=False)
    Settings(offline=False).save()
    assert hub.repo_info(network.resolve(Settings.load(), override=fake_hub.url),
                         "org/m").commit


def test_token_sources_and_policy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert network.get_token() is None
    token_file = Path(os.environ["HF_HOME"]) / "token"
    token_file.parent.mkdir(parents=True, exist_ok=True)
    token_file.write_text("hf_from_file\n")
    assert network.get_token() == "hf_from_file"
    monkeypatch.setenv("HF_TOKEN", "hf_from_env")
    assert network.get_token() == "hf_from_env"

    def job(endpoint: str, allow: bool = False) -> NetConfig:
        return network.resolve(Settings(endpoint=endpoint, send_token_to_mirror=allow))

    official = job("https://huggingface.co/")
    assert official.token == "hf_from_env"
    assert official.authorization("https://huggingface.co/api/models/x") == {
        "Authorization": "Bearer hf_from_env"}
    assert job("https://hf-mirror.com").token is None
    assert job("https://hf-mirror.com", allow=True).token == "hf_from_env"
    assert job("http://hf-mirror.com", allow=True).token is None  # never over plain http
    assert hub.user_agent().startswith("hfmanager/")


def test_no_token_is_sent_unless_given(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_hub.add_repo("org/m", FILES)
    monkeypatch.setenv("HF_TOKEN", "hf_secret")
    hub.repo_info(network.resolve(Settings(), override=fake_hub.url), "org/m")
    assert fake_hub.requests
    assert not any("authorization" in r.headers for r in fake_hub.requests)


def test_stalled_endpoint_times_out() -> None:
    with socket.socket() as silent:  # accepts (kernel backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(errors.EndpointUnreachableError) as err:
            hub.repo_info(net(url, limits=network.Limits(stall_timeout=0.3, retries=0)),
                          "org/m")
    assert err.value.kind == "timeout"


def test_proxy_from_settings_is_used(fake_hub: FakeHub) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    # The hub itself is fine, but every request must go through the (dead) proxy.
    fake_hub.add_repo("org/m", FILES)
    Settings(http_proxy=dead).save()
    hidden = fake_hub.url.replace("127.0.0.1", "localhost.invalid")
    with pytest.raises(errors.EndpointUnreachableError) as err:
        hub.repo_info(network.resolve(Settings.load(), override=hidden,
                                      limits=network.Limits(retries=0)), "org/m")
    assert err.value.kind == "proxy"
    assert fake_hub.requests == []
    Settings().save()
    direct = network.resolve(Settings.load(), override=fake_hub.url)
    assert hub.repo_info(direct, "org/m").files  # direct again
