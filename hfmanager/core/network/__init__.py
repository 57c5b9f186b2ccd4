"""The network of one job, decided once: endpoint, proxies, offline state, token policy.

:func:`resolve` reads the settings and the environment *once per job* into a frozen
:class:`NetConfig` that is passed down; the Hub adapter (``core/hub.py``), the download
transport, the doctor and "Test endpoint" read neither on their own. So switching the
endpoint, the proxies or offline mode never needs a restart (huggingface_hub reads
``HF_ENDPOINT`` and ``HF_HUB_OFFLINE`` once at import), and a job never mixes two. The
endpoint is normalised once, when the :class:`NetConfig` is made.

Endpoint precedence: a per-job override > the endpoint chosen in the app (settings) > the
user's own ``HF_ENDPOINT`` > the official Hub. Settings hold ``""`` for "follow the
environment" (the default), so a user's ``HF_ENDPOINT`` is respected until they pick
something else in the app. After it come the job's fallbacks (``NetConfig.fallbacks``,
``NetConfig.endpoints`` for all): the job's own list when it has one (``--endpoint A
--endpoint B``), else ``settings.fallback_endpoints``; a file, or the listing, that one
endpoint misses is asked of the next (``core/downloads/fallback.py``).

The token policy is :func:`may_send_token`, the only place that decides, asked for every
request (API calls, pages, the download's redirects): the token goes only to the
endpoint's own origin (scheme, host, port: never to a redirect or next-page target
elsewhere), only when that origin is the official Hub or one the user trusted
(``settings.send_token_to_mirror`` trusts the chosen https endpoint,
``settings.trusted_endpoints`` the https ones listed; tests may trust a loopback fake Hub
explicitly; the token is not even held when no endpoint of the job is trusted), and only
over https (or loopback, which never leaves the machine). A hop from https to http is
refused outright (:func:`check_hop`). "Test endpoint" and the doctor send no token at all.

Metadata calls (:func:`client`, :func:`fetch`) have a stall timeout (no byte for
``Limits.stall_timeout`` s), an overall budget (:func:`budget`: every connect, send and
read waits at most what is left, so a server that drips a byte every few seconds, even
in its headers, ends on time) and a size cap on every answer.

Modules: :mod:`.config` (the values and the policy), :mod:`.session` (HTTP for metadata),
:mod:`.probe` ("Test endpoint"), :mod:`.rank` (the speed probe that ranks endpoints).
Import the package, not the modules (:mod:`.rank` is imported where it is used).
"""

import importlib
from typing import TYPE_CHECKING, Any

from hfmanager.core.network.config import (
    HF_MIRROR_URL,
    OFFICIAL_ORIGIN,
    OFFICIAL_URL,
    EndpointChoice,
    EndpointPreset,
    EndpointSource,
    InsecureRedirectError,
    Limits,
    NetConfig,
    NetError,
    OfflineSource,
    OfflineState,
    Proxies,
    check_hop,
    current_endpoint,
    default_ssl_context,
    effective_proxies,
    env_flag,
    get_token,
    may_send_token,
    mirror_url,
    normalize_endpoint,
    offline_state,
    origin_of,
    presets,
    resolve,
    shared_store_enabled,
    split_endpoints,
    ssl_context,
)

# The probe and the HTTP session load httpx2/httpcore2 (a quarter of a second): they are
# imported on first use (PEP 562), so the window paints before the HTTP stack loads.
_LAZY = {
    "EndpointReport": "probe", "FailureKind": "probe", "classify_error": "probe",
    "probe_endpoint": "probe", "test_endpoint": "probe",
    "BudgetExceededError": "session", "Reply": "session", "TooLargeError": "session",
    "budget": "session", "budget_left": "session", "client": "session", "fetch": "session",
}

if TYPE_CHECKING:
    from hfmanager.core.network.probe import (
        EndpointReport,
        FailureKind,
        classify_error,
        probe_endpoint,
        test_endpoint,
    )
    from hfmanager.core.network.session import (
        BudgetExceededError,
        Reply,
        TooLargeError,
        budget,
        budget_left,
        client,
        fetch,
    )


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


__all__ = [
    "HF_MIRROR_URL", "OFFICIAL_ORIGIN", "OFFICIAL_URL", "BudgetExceededError",
    "EndpointChoice", "EndpointPreset", "EndpointReport", "EndpointSource", "FailureKind",
    "InsecureRedirectError", "Limits", "NetConfig", "NetError", "OfflineSource",
    "OfflineState", "Proxies", "Reply", "TooLargeError", "budget", "budget_left",
    "check_hop", "classify_error", "client", "current_endpoint", "default_ssl_context",
    "effective_proxies", "env_flag", "fetch", "get_token", "may_send_token", "mirror_url",
    "normalize_endpoint", "offline_state", "origin_of", "presets", "probe_endpoint",
    "resolve", "shared_store_enabled", "split_endpoints", "ssl_context", "test_endpoint",
]
