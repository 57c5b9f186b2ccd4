"""A job's ordered endpoints and who may get the token (core/network.resolve), and which
failures count as a mirror's miss (core/downloads/fallback)."""

from __future__ import annotations

import pytest

from hfmanager.core import errors as err
from hfmanager.core.downloads import fallback
from hfmanager.core.network import OFFICIAL_ORIGIN, OFFICIAL_URL, NetConfig, resolve
from hfmanager.core.settings import Settings

MIRROR = "https://mirror.example"
OLAH = "https://olah.corp.example"
ENV = {"HF_TOKEN": "hf_t"}


def test_settings_order_and_trust() -> None:
    settings = Settings(endpoint=OLAH, fallback_endpoints=[MIRROR, OFFICIAL_URL, OLAH],
                        trusted_endpoints=[OLAH + "/", "http://plain.example"])
    net = resolve(settings, ENV)
    assert net.endpoints == (OLAH, MIRROR, OFFICIAL_URL)  # the first one is not repeated
    assert net.trusted == {OFFICIAL_ORIGIN, "https://olah.corp.example:443"}  # no plain http
    assert net.token == "hf_t"
    assert net.authorization(OLAH + "/x", OLAH) != {}
    assert net.authorization(MIRROR + "/x", MIRROR) == {}  # not trusted
    assert net.authorization("https://cas-bridge.xethub.hf.co/x", OFFICIAL_URL) == {}


def test_a_jobs_own_order_replaces_the_settings() -> None:
    settings = Settings(fallback_endpoints=[OFFICIAL_URL])
    net = resolve(settings, ENV, f"{MIRROR} {OLAH}")
    assert net.endpoints == (MIRROR, OLAH)
    assert net.source == "job"
    assert net.token is None  # no endpoint of this job may get it: not even held
    assert resolve(settings, ENV, MIRROR).endpoints == (MIRROR,)
    with pytest.raises(ValueError, match="not an endpoint address"):
        resolve(settings, ENV, f"{MIRROR} ftp://x")


def test_what_counts_as_a_miss() -> None:
    misses = [err.NotFoundError(err.Reason.ENTRY_NOT_FOUND, filename="x"),
              err.AuthRequiredError(err.Reason.ACCESS_DENIED, status=403),
              err.ServerError(err.Reason.GAVE_UP, attempts=3, detail="503"),
              err.stalled("x", 1024, 30, 3), err.IntegrityError(err.Reason.INTEGRITY, etag="e"),
              err.SizeMismatchError(err.Reason.SIZE_ANNOUNCED, announced=1, size=2)]
    assert all(fallback.is_miss(e) for e in misses)
    kept = [err.StoppedError(), err.NoSpaceError(err.Reason.VOLUME_FULL), err.OfflineError(),
            err.UnsafeCacheError(err.Reason.UNSAFE_CACHE, where="w", detail="d"),
            ValueError("x")]
    assert not any(fallback.is_miss(e) for e in kept)


def test_a_mirrors_redirect_into_xet_storage_is_a_miss() -> None:
    net = NetConfig(MIRROR, fallbacks=(OFFICIAL_URL,))
    cas = "https://cas-bridge.xethub.hf.co/xet-bridge-us/abc"
    with pytest.raises(fallback.StorageRedirectError) as info:
        fallback.check_redirect(net, MIRROR, 302, cas, "model.safetensors")
    assert info.value.reason is err.Reason.HTTP_STATUS
    assert info.value.status == 302
    fallback.check_redirect(net, OFFICIAL_URL, 302, cas, "m")  # the Hub's own way: followed
    fallback.check_redirect(net, MIRROR, 302, MIRROR + "/cdn/x", "m")  # its own host
    fallback.check_redirect(net, MIRROR, 302, "https://cdn.mirror-cdn.example/x", "m")
    fallback.check_redirect(NetConfig(MIRROR), MIRROR, 302, cas, "m")  # nothing else to ask


def test_a_jobs_endpoint_list_survives_the_store(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The list lives in the job's endpoint text: a store written before it (one address)
    reads as a one-endpoint job; where each file came from is kept in a table of its own."""
    from hfmanager.core.downloads import sourcestore
    from hfmanager.core.downloads.fallback import SourceLog
    from hfmanager.core.downloads.persist import JobStore
    from hfmanager.core.downloads.plan import DownloadSpec
    from hfmanager.core.store import Store

    store = Store(tmp_path / "db.sqlite3")
    jobs = JobStore(store)
    new = jobs.add(DownloadSpec("org/m", endpoint=f"{MIRROR} {OFFICIAL_URL}"))
    old = jobs.add(DownloadSpec("org/m", endpoint=MIRROR))
    log = SourceLog()
    log.asking("a.bin", MIRROR)
    log.missed("a.bin", MIRROR, err.NotFoundError(err.Reason.ENTRY_NOT_FOUND, filename="a.bin",
                                                  status=404))
    log.asking("a.bin", OFFICIAL_URL)
    log.asking("b.bin", MIRROR)
    sourcestore.save(store, new.id, log.snapshot())
    store.close()
    store = Store(tmp_path / "db.sqlite3")
    again = {j.id: j for j in JobStore(store).all()}
    assert resolve(Settings(), {}, again[new.id].spec.endpoint).endpoints == (MIRROR, OFFICIAL_URL)
    assert resolve(Settings(), {}, again[old.id].spec.endpoint).endpoints == (MIRROR,)
    kept = sourcestore.load(store, new.id)
    assert [(s.path, s.endpoint, [(m.endpoint, m.reason, m.params["status"]) for m in s.misses])
            for s in kept] == [("a.bin", OFFICIAL_URL, [(MIRROR, err.Reason.ENTRY_NOT_FOUND, 404)])]
    assert sourcestore.load(store, old.id) == ()
