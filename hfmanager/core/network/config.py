"""Network configuration of one job: endpoint, proxies, offline state, token, policy.

See :mod:`hfmanager.core.network` for the rules; this module holds the values and the
pure functions that decide them (nothing here sends a request).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from hfmanager.core import paths
from hfmanager.core.lazyimport import lazy_module
from hfmanager.core.settings import Settings

if TYPE_CHECKING:
    import httpx2
else:
    httpx2 = lazy_module("httpx2")  # the HTTP stack loads at the first request

OFFICIAL_URL = "https://huggingface.co"
OFFICIAL_ORIGIN = "https://huggingface.co:443"
HF_MIRROR_URL = "https://hf-mirror.com"

EndpointSource = Literal["job", "settings", "environment", "default"]
OfflineSource = Literal["HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "settings"]


class NetError(Exception):
    """A request refused or cut short here; ``str(err)`` is a sentence for the user."""


class InsecureRedirectError(NetError):
    """An https request was sent on to plain http: refused before anything was sent."""


# ----- endpoints, offline, proxies ----------------------------------------------------------
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
        verify = default_ssl_context()
        if self.http:
            mounts["http://"] = httpx2.HTTPTransport(proxy=self.http, trust_env=False,
                                                     verify=verify)
        if self.https:
            mounts["https://"] = httpx2.HTTPTransport(proxy=self.https, trust_env=False,
                                                      verify=verify)
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


def get_token(env: Mapping[str, str] | None = None) -> str | None:
    """The user's token: ``HF_TOKEN``, else the file ``hf auth login`` saved (read now:
    huggingface_hub froze the token path at import)."""
    env = os.environ if env is None else env
    token = env.get("HF_TOKEN", "").strip() or env.get("HUGGING_FACE_HUB_TOKEN", "").strip()
    if token:
        return token
    try:
        token = paths.hf_token_path(env).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return token or None


# ----- the token policy ---------------------------------------------------------------------
def origin_of(url: str) -> str | None:
    """``scheme://host:port`` of ``url`` (lower case, default port filled in); None when
    it is not an http(s) URL with a host."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        return None
    host = parts.hostname.lower()
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


def _loopback(origin: str) -> bool:
    host = urlsplit(origin).hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def may_send_token(url: str, endpoint: str, trusted: Iterable[str]) -> bool:
    """THE token policy: may a request to ``url``, made for ``endpoint``, carry the token?

    Yes only when ``url`` has the endpoint's own origin (scheme, host and port: redirect
    and pagination targets elsewhere never get it), that origin is in ``trusted`` (the
    official Hub, and what the user marked trusted) and it is https (or loopback).
    """
    target = origin_of(url)
    return (target is not None and target == origin_of(endpoint) and target in trusted
            and (target.startswith("https://") or _loopback(target)))


REDIRECTS = (301, 302, 303, 307, 308)  # the statuses whose Location is followed


def check_hop(current: str, target: str) -> None:
    """Refuse a hop (redirect or next page) from https to anything else: the request (and
    the token, for the endpoint) would travel in the clear. Raises InsecureRedirectError."""
    if urlsplit(current).scheme.lower() == "https" and \
            urlsplit(target).scheme.lower() != "https":
        raise InsecureRedirectError(
            f"{urlsplit(current).netloc} sent the request on to {target[:100]!r}, which is "
            "not https: refused (nothing is sent unencrypted after https).")


@dataclass(frozen=True)
class Limits:
    """Deadlines and caps of metadata calls (API, pages, probes)."""

    connect_timeout: float = 10.0
    stall_timeout: float = 30.0  # no byte for this long
    budget: float = 120.0  # one call (all its pages and retries) ends within this
    max_pages: int = 2000  # the Hub pages trees by 1000 entries: 2 million files
    max_bytes: int = 32 * 1024 * 1024  # one answer; a 100k-file page is a few MB
    retries: int = 2  # 429 / 5xx / connection failures, within the budget
    backoff: float = 0.5


@dataclass(frozen=True)
class NetConfig:
    """Everything about the network one job uses, resolved once (:func:`resolve`)."""

    endpoint: str = OFFICIAL_URL
    proxies: Proxies = field(default_factory=Proxies)
    offline: bool = False
    offline_source: OfflineSource | None = None
    token: str | None = field(default=None, repr=False)
    trusted: frozenset[str] = frozenset({OFFICIAL_ORIGIN})
    limits: Limits = field(default_factory=Limits)
    shared_store: bool = True
    source: EndpointSource = "default"
    # Tried after ``endpoint``, in order, for a file (or the listing) it misses.
    fallbacks: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "endpoint", normalize_endpoint(self.endpoint))
        rest = tuple(dict.fromkeys(normalize_endpoint(u) for u in self.fallbacks))
        object.__setattr__(self, "fallbacks", tuple(u for u in rest if u != self.endpoint))

    @property
    def endpoints(self) -> tuple[str, ...]:
        """Every endpoint of the job, first choice first."""
        return (self.endpoint, *self.fallbacks)

    def authorization(self, url: str, endpoint: str | None = None) -> dict[str, str]:
        """The Authorization header for a request to ``url`` (for ``endpoint``, default
        this job's), or ``{}`` when the policy (:func:`may_send_token`) says no."""
        if self.token and may_send_token(url, endpoint or self.endpoint, self.trusted):
            return {"Authorization": f"Bearer {self.token}"}
        return {}


def split_endpoints(text: str) -> list[str]:
    """A job's endpoints as stored in one text (``DownloadSpec.endpoint``): addresses
    separated by spaces or commas, first choice first (one address reads as itself)."""
    return [u for u in text.replace(",", " ").split() if u]


def resolve(settings: Settings, env: Mapping[str, str] | None = None,
            override: str | None = None, *, limits: Limits | None = None) -> NetConfig:
    """The job's :class:`NetConfig` from the settings and the environment, read now.
    ``override``: the job's own endpoints (:func:`split_endpoints`), which replace the
    settings' fallback order. ValueError (plain words) when an endpoint is not an address."""
    env = os.environ if env is None else env
    own = split_endpoints(override or "")
    choice = current_endpoint(settings, env, own[0] if own else None)
    fallbacks = own[1:] if own else [u for u in settings.fallback_endpoints if u.strip()]
    trusted = {OFFICIAL_ORIGIN}
    home = origin_of(choice.url)
    if settings.send_token_to_mirror and home is not None and home.startswith("https://"):
        trusted.add(home)
    for url in settings.trusted_endpoints:  # marked trusted by the user: https only
        origin = origin_of(url)
        if origin is not None and origin.startswith("https://"):
            trusted.add(origin)
    state = offline_state(settings, env)
    net = NetConfig(
        choice.url, effective_proxies(settings, env), state.offline, state.source, None,
        frozenset(trusted), limits or Limits(), shared_store_enabled(env), choice.source,
        tuple(fallbacks))
    if any(origin_of(u) in trusted for u in net.endpoints):  # not even held for others
        net = replace(net, token=get_token(env))
    return net


@functools.lru_cache(maxsize=2)
def ssl_context(_cert_file: str | None, _cert_dir: str | None) -> ssl.SSLContext:
    """One TLS context per process and CA setting (the arguments are the cache key: the
    context reads SSL_CERT_FILE/SSL_CERT_DIR): building it (CA store load) cost ~3% of a
    512 MiB download's engine time (py-spy), and every Downloader made one."""
    return httpx2.create_ssl_context()


def default_ssl_context() -> ssl.SSLContext:
    """:func:`ssl_context` for the CA settings in force (OpenSSL's own variables)."""
    return ssl_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
