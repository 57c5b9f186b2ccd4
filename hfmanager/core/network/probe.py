""""Test endpoint" and the doctor's reachability check: one bounded GET of an API path
every Hub mirror answers (``{url}/api/models/<a public repo>``), never ``{url}/``: a mirror
such as olah answers ``/`` with 500 and serves models all the same."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from hfmanager.core.lazyimport import lazy_module
from hfmanager.core.network.config import (
    InsecureRedirectError,
    Limits,
    NetConfig,
    NetError,
    Proxies,
    normalize_endpoint,
)
from hfmanager.core.network.session import BudgetExceededError, budget, client, fetch

if TYPE_CHECKING:
    import httpx2
else:
    httpx2 = lazy_module("httpx2")  # the HTTP stack loads at the first request

FailureKind = Literal["dns", "refused", "timeout", "tls", "proxy", "http_status", "insecure",
                      "other"]
PROBE_BYTES = 4096  # what the probe reads of any answer: enough to know it answers
# The Hub's info API for a public, ungated model that every mirror has (huggingface_hub's
# own examples use it): what a download asks first, so it answers where downloads work.
PROBE_PATH = "/api/models/openai-community/gpt2"


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
    if isinstance(exc, BudgetExceededError):
        return "timeout", (f"The server did not finish answering in time{via}: it is too "
                           "slow, stalled or sends a trickle.")
    if isinstance(exc, httpx2.TimeoutException):
        return "timeout", f"The server did not answer in time{via}. It may be down or blocked."
    if isinstance(exc, InsecureRedirectError):
        return "insecure", str(exc)
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
    """Probe ``GET {url}{PROBE_PATH}`` and report reachability, latency and the failure kind.

    A 2xx answer (after redirects, each checked: https never goes on to http) counts as
    reachable; 4xx/5xx is ``http_status``. It never carries a token, reads at most
    :data:`PROBE_BYTES` of any body and ends within ``timeout`` seconds in all.
    """
    try:
        url = normalize_endpoint(url)
    except ValueError as e:
        return EndpointReport(url, False, None, "other", str(e))
    net = NetConfig(url, proxies or Proxies(), limits=Limits(
        connect_timeout=timeout, stall_timeout=timeout, budget=timeout, retries=0))
    proxy = net.proxies.for_url(url)
    began = time.perf_counter()
    try:
        with budget(timeout), client(net) as http:
            began = time.perf_counter()  # the request only, not building the TLS context
            reply = fetch(http, url + PROBE_PATH, headers={"user-agent": "hfmanager/endpoint-test"},
                          limit=PROBE_BYTES, truncate=True)
    except (httpx2.HTTPError, NetError) as e:
        kind, message = classify_error(e, proxy)
        return EndpointReport(url, False, None, kind, message, proxy=proxy)
    latency = (time.perf_counter() - began) * 1000.0
    code = reply.headers.get("x-error-code")
    if reply.status in (401, 403, 404) and code:
        # The Hub API itself answered (its own error code): a private hub without that
        # public repo, or one that wants a token, is reachable all the same.
        return EndpointReport(url, True, latency, None,
                              f"Reachable in {latency:.0f} ms (the Hub API answered "
                              f"{reply.status} {code[:60]}).", reply.status, proxy)
    if reply.status >= 300:
        phrase = httpx2.codes.get_reason_phrase(reply.status)
        return EndpointReport(url, False, latency, "http_status",
                              f"The server answered with HTTP {reply.status} {phrase}.",
                              reply.status, proxy)
    return EndpointReport(url, True, latency, None, f"Reachable in {latency:.0f} ms.",
                          reply.status, proxy)


# The "Test endpoint" button's name; flagged so pytest never collects it when imported.
test_endpoint = probe_endpoint
probe_endpoint.__test__ = False  # type: ignore[attr-defined]
