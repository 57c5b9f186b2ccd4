"""Which Hub endpoint, which proxies, and whether we are offline, decided at call time.

Every function here is a pure function of the settings and the environment it is given,
so switching the endpoint, the proxies or offline mode never needs a restart (unlike
huggingface_hub, which reads ``HF_ENDPOINT`` and ``HF_HUB_OFFLINE`` once at import).

Precedence for the endpoint: a per-job override > the endpoint chosen in the app (settings)
> the user's own ``HF_ENDPOINT`` > the official Hub. Settings hold ``""`` to mean "follow
the environment", which is the default, so a user's ``HF_ENDPOINT`` is respected until they
pick something else in the app, and it is always shown as coming from the environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import httpx2

from hfmanager.core.settings import Settings

OFFICIAL_URL = "https://huggingface.co"
HF_MIRROR_URL = "https://hf-mirror.com"

EndpointSource = Literal["job", "settings", "environment", "default"]
OfflineSource = Literal["HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "settings"]


@dataclass(frozen=True)
class EndpointPreset:
    """A named endpoint the user can pick (``--mirror NAME`` in the CLI)."""

    name: str
    url: str
    builtin: bool


@dataclass(frozen=True)
class EndpointChoice:
    """The endpoint in force and who chose it."""

    url: str
    source: EndpointSource

    @property
    def is_official(self) -> bool:
        return normalize_endpoint(self.url) == OFFICIAL_URL


@dataclass(frozen=True)
class OfflineState:
    """Whether network access is off, and which switch turned it off (None when online)."""

    offline: bool
    source: OfflineSource | None


@dataclass(frozen=True)
class Proxies:
    """Effective proxies. ``*_source`` says where each came from ("settings" or a variable)."""

    http: str | None = None
    https: str | None = None
    no_proxy: tuple[str, ...] = ()
    http_source: str | None = None
    https_source: str | None = None

    def for_url(self, url: str) -> str | None:
        """The proxy that a request to ``url`` goes through, honouring NO_PROXY."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        for entry in self.no_proxy:
            entry = entry.strip().lower().lstrip(".")
            if entry == "*" or (entry and (host == entry or host.endswith("." + entry))):
                return None
        return self.https if parts.scheme == "https" else self.http

    def httpx_mounts(self) -> dict[str, httpx2.HTTPTransport | None]:
        """Transports for ``httpx2.Client(mounts=..., trust_env=False)`` doing exactly this."""
        mounts: dict[str, httpx2.HTTPTransport | None] = {}
        for entry in self.no_proxy:
            entry = entry.strip().lstrip(".")
            if entry and entry != "*":
                mounts[f"all://{entry}"] = None
                mounts[f"all://*.{entry}"] = None
        if "*" in self.no_proxy:
            return {}
        if self.http:
            mounts["http://"] = httpx2.HTTPTransport(proxy=self.http, trust_env=False)
        if self.https:
            mounts["https://"] = httpx2.HTTPTransport(proxy=self.https, trust_env=False)
        return mounts


def normalize_endpoint(url: str) -> str:
    """``https://host[:port][/path]`` without a trailing slash; ValueError in plain words."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"'{url}' is not an endpoint address; it should look like https://huggingface.co"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"an endpoint address cannot contain '?' or '#': {url}")
    return url


def presets(settings: Settings) -> list[EndpointPreset]:
    """The official Hub, hf-mirror.com, then the user's custom endpoints (named by host)."""
    out = [EndpointPreset("official", OFFICIAL_URL, True),
           EndpointPreset("hf-mirror", HF_MIRROR_URL, True)]
    for url in settings.custom_endpoints:
        try:
            url = normalize_endpoint(url)
        except ValueError:
            continue  # a bad saved entry must not hide the others
        out.append(EndpointPreset(urlsplit(url).netloc, url, False))
    return out


def mirror_url(name: str, settings: Settings) -> str:
    """Resolve a preset name (``official``, ``hf-mirror``, a custom host) to its URL."""
    for preset in presets(settings):
        if preset.name == name:
            return preset.url
    known = ", ".join(p.name for p in presets(settings))
    raise ValueError(f"unknown mirror '{name}'; known: {known}")


def current_endpoint(settings: Settings, env: Mapping[str, str] | None = None,
                     override: str | None = None) -> EndpointChoice:
    """The endpoint to use now (see the module docstring for the order)."""
    env = os.environ if env is None else env
    if override:
        return EndpointChoice(normalize_endpoint(override), "job")
    if settings.endpoint:
        return EndpointChoice(normalize_endpoint(settings.endpoint), "settings")
    if env.get("HF_ENDPOINT", "").strip():
        return EndpointChoice(normalize_endpoint(env["HF_ENDPOINT"]), "environment")
    return EndpointChoice(OFFICIAL_URL, "default")


def env_flag(value: str | None) -> bool:
    """huggingface_hub's truthiness for environment flags."""
    return (value or "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def offline_state(settings: Settings, env: Mapping[str, str] | None = None) -> OfflineState:
    """Offline if HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE is set, or the app toggle is on."""
    env = os.environ if env is None else env
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        if env_flag(env.get(var)):
            return OfflineState(True, var)  # type: ignore[arg-type]
    if settings.offline:
        return OfflineState(True, "settings")
    return OfflineState(False, None)


def shared_store_enabled(env: Mapping[str, str] | None = None) -> bool:
    """Whether downloads may use huggingface_hub 2.x's shared Xet blob store: its own
    rule (``shared_blobs_enabled``), not HF_HUB_DISABLE_SHARED_BLOBS and not
    HF_HUB_DISABLE_XET, read now rather than at import."""
    env = os.environ if env is None else env
    return not (env_flag(env.get("HF_HUB_DISABLE_SHARED_BLOBS"))
                or env_flag(env.get("HF_HUB_DISABLE_XET")))


def _env_proxy(env: Mapping[str, str], scheme: str) -> tuple[str | None, str | None]:
    # curl's order: the lower-case name wins; ALL_PROXY is the fallback for both schemes.
    for var in (f"{scheme}_proxy", f"{scheme.upper()}_PROXY", "all_proxy", "ALL_PROXY"):
        if env.get(var, "").strip():
            return env[var].strip(), var
    return None, None


def effective_proxies(settings: Settings, env: Mapping[str, str] | None = None) -> Proxies:
    """Proxies from the environment (both cases), each overridden by a non-empty setting."""
    env = os.environ if env is None else env
    http, http_src = _env_proxy(env, "http")
    https, https_src = _env_proxy(env, "https")
    if settings.http_proxy.strip():
        http, http_src = settings.http_proxy.strip(), "settings"
    if settings.https_proxy.strip():
        https, https_src = settings.https_proxy.strip(), "settings"
    raw_no = env.get("no_proxy") or env.get("NO_PROXY") or ""
    no_proxy = tuple(p.strip() for p in raw_no.split(",") if p.strip())
    return Proxies(http, https, no_proxy, http_src, https_src)


FailureKind = Literal["dns", "refused", "timeout", "tls", "proxy", "http_status", "other"]


@dataclass(frozen=True)
class EndpointReport:
    """Result of "Test endpoint": reachable or not, how fast, and what went wrong in words."""

    url: str
    ok: bool
    latency_ms: float | None
    failure_kind: FailureKind | None
    message: str
    status: int | None = None
    proxy: str | None = None


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return seen


def classify_error(exc: BaseException, proxy: str | None) -> tuple[FailureKind, str]:
    """Map a transport exception to a failure kind and a sentence a user can act on."""
    text = " ".join(str(e) for e in _chain(exc)).lower()
    via = f" (through the proxy {proxy})" if proxy else ""
    if isinstance(exc, httpx2.ProxyError):
        return "proxy", f"The proxy {proxy or ''} refused or failed the connection: {exc}"
    if proxy and isinstance(exc, httpx2.ConnectError | httpx2.ConnectTimeout):
        return "proxy", (f"Could not connect to the proxy {proxy}. Check the proxy address "
                         "and that the proxy is running.")
    if isinstance(exc, httpx2.TimeoutException):
        return "timeout", f"The server did not answer in time{via}. It may be down or blocked."
    if "certificate" in text or "ssl" in text or "tls" in text:
        return "tls", ("The server's TLS certificate could not be verified. A proxy or "
                       "firewall may be intercepting HTTPS, or the certificate is self-signed "
                       "or expired. If your company or mirror has its own certificate "
                       "authority, point SSL_CERT_FILE at its CA bundle.")
    if any(s in text for s in ("name or service not known", "nodename nor servname",
                               "getaddrinfo", "name resolution", "no address associated",
                               "errno -2", "errno -3", "errno -5", "errno 8", "errno 11001")):
        return "dns", "The server name could not be found (DNS). Check the address and your DNS."
    if "refused" in text or "errno 111" in text or "errno 61" in text:
        return "refused", f"The server refused the connection{via}: nothing listens there."
    return "other", f"The connection failed{via}: {exc or type(exc).__name__}"


def probe_endpoint(url: str, proxies: Proxies | None = None,
                   timeout: float = 10.0) -> EndpointReport:
    """Probe ``GET {url}/`` and report reachability, latency and the failure kind.

    A 2xx/3xx answer counts as reachable; 4xx/5xx is reported as ``http_status``. The
    request never carries a token.
    """
    import time

    try:
        url = normalize_endpoint(url)
    except ValueError as e:
        return EndpointReport(url, False, None, "other", str(e))
    proxies = proxies or Proxies()
    proxy = proxies.for_url(url)
    try:
        with httpx2.Client(mounts=proxies.httpx_mounts(), trust_env=False,
                           timeout=httpx2.Timeout(timeout), follow_redirects=True) as client:
            began = time.perf_counter()  # the request only, not building the TLS context
            resp = client.get(url + "/", headers={"user-agent": "hfmanager/endpoint-test"})
    except httpx2.HTTPError as e:
        kind, message = classify_error(e, proxy)
        return EndpointReport(url, False, None, kind, message, proxy=proxy)
    latency = (time.perf_counter() - began) * 1000.0
    if resp.status_code >= 400:
        return EndpointReport(
            url, False, latency, "http_status",
            f"The server answered with HTTP {resp.status_code} {resp.reason_phrase}.",
            resp.status_code, proxy)
    return EndpointReport(url, True, latency, None, f"Reachable in {latency:.0f} ms.",
                          resp.status_code, proxy)


# The "Test endpoint" button's name; flagged so pytest never collects it when imported.
test_endpoint = probe_endpoint
probe_endpoint.__test__ = False  # type: ignore[attr-defined]
