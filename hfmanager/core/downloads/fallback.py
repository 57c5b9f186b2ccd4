"""Mirrors that fall back by themselves: which failure of an endpoint is a *miss* (the
file, or the listing, is asked of the next endpoint of the job), and the record of which
endpoint served each file and why another one did not.

A job has an ordered list of endpoints (``NetConfig.endpoints``: e.g. a company olah,
then hf-mirror.com, then the official Hub). The listing comes from the first one that
answers it; each file then starts at that endpoint and moves on, on its own, when the
endpoint misses it: a 404/403 for a file the listing has, a 5xx (or a dead connection)
after the engine's retries, a stall, a size or hash that is not the listing's, or a
redirect off the mirror's own host into the Hub's Xet/CAS storage (what hf-mirror.com
does for Xet files, unreachable where a mirror is needed). The other files stay where
they are. Whatever endpoint serves a file, the engine verifies it against the listing's
hash, so a lying mirror cannot plant content; and the token follows the job's policy
per endpoint (``NetConfig.authorization``): never to a mirror the user did not trust,
never to a redirect target on another host.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from hfmanager.core import errors as err
from hfmanager.core.network import OFFICIAL_URL, NetConfig, origin_of

if TYPE_CHECKING:
    from hfmanager.core.downloads.plan import RepoPlan

# The Hub's Xet storage (cas-bridge.xethub.hf.co, cas-server...): a mirror that sends a
# file there does not serve it.
STORAGE_HOSTS = ("xethub.hf.co",)
LISTING = ""  # the path under which a miss of the listing itself is recorded

# Failures of one endpoint that another endpoint may not have. Not a miss: a pause or
# cancel, a full disk, an unsafe cache, offline mode (they are the same everywhere).
MISSES = frozenset({
    err.Reason.REPO_NOT_FOUND, err.Reason.REVISION_NOT_FOUND, err.Reason.ENTRY_NOT_FOUND,
    err.Reason.GATED, err.Reason.ACCESS_DENIED, err.Reason.UNREACHABLE,
    err.Reason.SERVER_STATUS, err.Reason.GAVE_UP, err.Reason.KEEPS_RESTARTING,
    err.Reason.STALLED, err.Reason.HTTP_STATUS, err.Reason.MALFORMED,
    err.Reason.INSECURE_REDIRECT, err.Reason.REFUSED_URL, err.Reason.TOO_MANY_REDIRECTS,
    err.Reason.UNTRUSTED_CERTIFICATE, err.Reason.INTEGRITY, err.Reason.SIZE_ANNOUNCED,
    err.Reason.LENGTH_RANGE, err.Reason.ENCODED, err.Reason.ENDED_EARLY,
    err.Reason.RANGE_OVERRUN, err.Reason.RANGE_ANSWER,
})


class StorageRedirectError(err.HTTPStatusError):
    """A mirror sent the file on to the Hub's Xet/CAS storage (``status`` is its
    redirect, ``url`` the target): the mirror does not serve it, the next endpoint may."""


def is_miss(exc: BaseException) -> bool:
    """Whether ``exc`` from one endpoint should send the file to the next one."""
    return isinstance(exc, err.DownloadError) and exc.reason in MISSES


def is_storage(url: str) -> bool:
    """Whether ``url`` is on the Hub's Xet/CAS storage (:data:`STORAGE_HOSTS`, read now)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in STORAGE_HOSTS)


def check_redirect(net: NetConfig, endpoint: str, status: int, target: str, name: str) -> None:
    """Refuse a mirror's redirect off its own host into Xet/CAS storage when the job has
    another endpoint to ask (the official Hub's own redirects there are its normal way)."""
    if endpoint in (OFFICIAL_URL, net.endpoints[-1]) \
            or origin_of(endpoint) == origin_of(target):
        return
    if is_storage(endpoint) or not is_storage(target):
        return
    raise StorageRedirectError(err.Reason.HTTP_STATUS, filename=name, status=status,
                               endpoint=endpoint, url=target[:200])


def endpoints_for(plan: RepoPlan) -> tuple[str, ...]:
    """The endpoints a file of ``plan`` may come from, in order: the one that gave the
    listing, then those after it in the job's list."""
    order = plan.net.endpoints if plan.net is not None else ()
    if plan.endpoint not in order:
        return (plan.endpoint,)
    return order[order.index(plan.endpoint):]


@dataclass(frozen=True)
class Miss:
    """One endpoint did not serve a file (or the listing): why, as core/errors says it."""

    endpoint: str
    reason: err.Reason
    params: Mapping[str, object]

    @property
    def text(self) -> str:
        return err.message(self.reason, self.params)


@dataclass(frozen=True)
class FileSource:
    """Where one file comes from (``endpoint``: the one asked now, once the file is in the
    one that served it; "" when none was asked) and the misses before."""

    path: str
    endpoint: str = ""
    misses: tuple[Miss, ...] = ()

    @property
    def fell_back(self) -> bool:
        return bool(self.misses)


class SourceLog:
    """Which endpoint served each file of a job, and each miss (thread-safe: the engine's
    file threads write, the queue's snapshot reads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, FileSource] = {}

    def asking(self, path: str, endpoint: str) -> None:
        """``endpoint`` is asked for the file now (it served the file if no miss follows)."""
        with self._lock:
            old = self._files.get(path, FileSource(path))
            self._files[path] = FileSource(path, endpoint, old.misses)

    def missed(self, path: str, endpoint: str, exc: BaseException) -> None:
        reason = exc.reason if isinstance(exc, err.DownloadError) else err.Reason.OTHER
        params = dict(exc.params) if isinstance(exc, err.DownloadError) else {
            "filename": path, "detail": str(exc)}
        params.setdefault("endpoint", endpoint)
        with self._lock:
            old = self._files.get(path, FileSource(path))
            self._files[path] = FileSource(path, old.endpoint,
                                           (*old.misses, Miss(endpoint, reason, params)))

    def get(self, path: str) -> FileSource | None:
        with self._lock:
            return self._files.get(path)

    def snapshot(self) -> tuple[FileSource, ...]:
        with self._lock:
            return tuple(self._files.values())

    def fallbacks(self) -> tuple[FileSource, ...]:
        """The files (and the listing, path ``""``) that did not come from the first try."""
        return tuple(f for f in self.snapshot() if f.fell_back)
