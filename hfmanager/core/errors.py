"""The one error family for Hub requests and transfers, and the one table of their words.

Every failure of the Hub adapter (``core/hub.py``) and of the download engine
(``core/downloads/``) is a :class:`DownloadError`: a class per failure (the same class
whoever meets it: a 404 is a :class:`NotFoundError` from the file-list request and from a
file GET alike), a :class:`Reason` saying which case it is, and the parameters of the
case (file, endpoint, HTTP status...). The sentence a user reads is made from reason and
parameters by :func:`message`, here and nowhere else, so front ends (CLI, UI) show every
error through :func:`describe` and a translation has one table to follow.

Enum values are the old strings (``Stop.PAUSE == "pause"``), so anything stored or
compared as text before reads the same. Parameters that come from a server (names,
header values) are not escaped here: front ends print them through
``core.text.printable``.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from enum import Enum
from typing import ClassVar


class Reason(str, Enum):
    """Which failure, in words a program can test (the value is stable text)."""

    REPO_NOT_FOUND = "repo_not_found"
    REVISION_NOT_FOUND = "revision_not_found"
    ENTRY_NOT_FOUND = "entry_not_found"
    GATED = "gated"
    ACCESS_DENIED = "access_denied"
    OFFLINE = "offline"
    UNREACHABLE = "unreachable"
    SERVER_STATUS = "server_status"
    GAVE_UP = "gave_up"
    KEEPS_RESTARTING = "keeps_restarting"
    STALLED = "stalled"
    HTTP_STATUS = "http_status"
    MALFORMED = "malformed"
    INSECURE_REDIRECT = "insecure_redirect"
    REFUSED_URL = "refused_url"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    UNTRUSTED_CERTIFICATE = "untrusted_certificate"
    INTEGRITY = "integrity"
    VOLUME_FULL = "volume_full"
    NOT_ENOUGH_SPACE = "not_enough_space"
    SIZE_ANNOUNCED = "size_announced"
    LENGTH_RANGE = "length_range"
    ENCODED = "encoded"
    UNSAFE_CACHE = "unsafe_cache"
    ENDED_EARLY = "ended_early"
    RANGE_OVERRUN = "range_overrun"
    RANGE_ANSWER = "range_answer"
    STOPPED = "stopped"
    CACHE_CHANGED = "cache_changed"
    OTHER = "other"


class Stop(str, Enum):
    """Why a download stopped on purpose; the queue decides the job's next state by it."""

    PAUSE = "pause"
    CANCEL = "cancel"
    SHUTDOWN = "shutdown"


_LOGIN = ("request access on the Hub page, then log in with `hf auth login` (or set "
          "HF_TOKEN)")
_OFFLINE_WHY = "(HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE or the app's switch)"

# reason -> sentence, filled from the error's parameters (``what`` is derived when absent:
# see _subject). One table, so every wording can be read, reviewed and translated here.
MESSAGES: dict[Reason, str] = {
    Reason.REPO_NOT_FOUND: ("{what} was not found on {endpoint}. Check the name and the repo "
                            "type; if it is private or gated, " + _LOGIN + "."),
    Reason.REVISION_NOT_FOUND: "{what}: this revision does not exist on {endpoint}.",
    Reason.ENTRY_NOT_FOUND: "{what}: not found on {endpoint} (no such file or folder).",
    Reason.GATED: "{what} is gated or private on {endpoint}: " + _LOGIN + ".",
    Reason.ACCESS_DENIED: ("{what}: access denied on {endpoint} (HTTP {status}). The repo may "
                           "be gated or private: " + _LOGIN + ". A mirror only gets your "
                           "token when you allow it in Settings."),
    Reason.OFFLINE: ("Offline mode is on " + _OFFLINE_WHY + ", so nothing was asked from "
                     "the Hub. Turn it off to go online or download."),
    Reason.UNREACHABLE: "Cannot reach {endpoint}: {detail}",
    Reason.SERVER_STATUS: "{what}: server error HTTP {status} from {endpoint}.",
    Reason.GAVE_UP: "{what}: giving up after {attempts} attempts: {detail}",
    Reason.KEEPS_RESTARTING: "{what}: the server keeps restarting the transfer.",
    Reason.STALLED: ("{what}: the server stopped sending data (under {min_rate} bytes/s for "
                     "{window} s, {times} times in a row); the part already downloaded is "
                     "kept, and a resume (from this or another endpoint) continues from it."),
    Reason.HTTP_STATUS: "{what}: {endpoint} answered HTTP {status}.",
    Reason.MALFORMED: ("The server at {endpoint} sent {sent} hfmanager cannot read: field "
                       "{field}: {problem}."),
    Reason.INSECURE_REDIRECT: "{what}: {detail}",
    Reason.REFUSED_URL: "{what}: refusing to request {url!r}{why}",
    Reason.TOO_MANY_REDIRECTS: "{what}: too many redirects.",
    Reason.UNTRUSTED_CERTIFICATE: (
        "The TLS certificate of {host} is not trusted ({detail}). If a company proxy or a "
        "self-hosted mirror uses its own certificate authority, point SSL_CERT_FILE at "
        "that CA's bundle and try again."),
    Reason.INTEGRITY: ("{what}: the server sent bytes that do not match blob {etag} twice; "
                       "the mirror may be corrupt or serving another revision."),
    Reason.VOLUME_FULL: ("{what}: the cache volume is full. Free some space, then resume: "
                         "the partial download is kept."),
    Reason.NOT_ENOUGH_SPACE: ("not enough free space in {cache}: {need} needed, {free} free. "
                              "Free some space or choose fewer files."),
    Reason.SIZE_ANNOUNCED: ("{what}: the server announced {announced} bytes where the file "
                            "list says {size}, so hfmanager refused it (the endpoint may "
                            "serve another version of this file)."),
    Reason.LENGTH_RANGE: ("{what}: the server's Content-Length ({length}) does not match its "
                          "Content-Range ({first}-{last}), so hfmanager refused the answer."),
    Reason.ENCODED: ("{what}: the server sent the file compressed ({encoding!r}) although "
                     "hfmanager asked for the plain bytes, so nothing of it was written (a "
                     "proxy or mirror is rewriting downloads)."),
    Reason.UNSAFE_CACHE: ("refusing to write at {where}: {detail} (a shared or damaged "
                          "cache; remove it, or choose another cache folder)."),
    Reason.ENDED_EARLY: "{what}: connection ended early at byte {offset}.",
    Reason.RANGE_OVERRUN: "{what}: the server sent more than the range asked for.",
    Reason.RANGE_ANSWER: "{what}: unexpected answer (HTTP {status}) to a range request.",
    Reason.STOPPED: "{stopped}",
    Reason.CACHE_CHANGED: ("{what}: another process changed the cache during the download "
                           "({detail}). Nothing is reported as verified: run the download "
                           "again."),
    Reason.OTHER: "{what}: {detail}",
}

STOPS: dict[Stop, str] = {
    Stop.PAUSE: "download paused",
    Stop.CANCEL: "download cancelled",
    Stop.SHUTDOWN: "download stopped because the app is shutting down (it resumes at the "
                   "next start)",
}


def _subject(params: Mapping[str, object]) -> str:
    """What failed, as the start of a sentence: a repo at a revision, or a file."""
    if params.get("repo_id"):
        return (f"The {params.get('repo_type', 'model')} '{params['repo_id']}' at "
                f"'{params.get('revision', 'main')}'")
    return str(params.get("filename") or "the download")


def message(reason: Reason, params: Mapping[str, object]) -> str:
    """The sentence for the user: ``MESSAGES[reason]`` filled from ``params``."""
    values = dict(params)
    values.setdefault("what", _subject(params))
    values.setdefault("endpoint", "this endpoint")
    if reason is Reason.STOPPED:
        values["stopped"] = STOPS[Stop(values.get("stop", Stop.CANCEL))]
    return MESSAGES[reason].format_map(values)


def describe(exc: BaseException) -> str:
    """What a front end shows for any failure: the family's sentence, else the text."""
    if isinstance(exc, DownloadError):
        return message(exc.reason, exc.params)
    return str(exc) or type(exc).__name__


# ----- the family ------------------------------------------------------------------------
class DownloadError(Exception):
    """Base of every Hub and transfer failure: ``reason``, ``params`` (``filename`` names
    the file when there is one) and ``retryable``; ``str(err)`` is :func:`message`."""

    retryable: ClassVar[bool] = False
    default: ClassVar[Reason] = Reason.OTHER

    def __init__(self, reason: Reason | None = None, /, **params: object) -> None:
        self.reason = reason or self.default
        self.params: dict[str, object] = params
        self.filename = str(params.get("filename") or "")
        super().__init__(message(self.reason, params))

    @property
    def status(self) -> int | None:
        """The HTTP status behind the failure, when one is known."""
        status = self.params.get("status")
        return status if isinstance(status, int) else None

    def __reduce__(self) -> tuple[object, ...]:  # picklable with its keyword parameters
        return (_rebuild, (type(self), self.reason, self.params))


def _rebuild(cls: type[DownloadError], reason: Reason, params: dict[str, object]
             ) -> DownloadError:
    return cls(reason, **params)


class NotFoundError(DownloadError):
    """404: the repo, the revision or the file does not exist on this endpoint."""

    default = Reason.ENTRY_NOT_FOUND


class AuthRequiredError(DownloadError):
    """401/403: the repo is gated or private, or the token is missing or wrong."""

    default = Reason.ACCESS_DENIED


class OfflineError(DownloadError):
    """Offline mode is on: no network request was made."""

    default = Reason.OFFLINE


class EndpointUnreachableError(DownloadError):
    """No (complete) HTTP answer: DNS, refused, timeout, TLS, proxy: ``kind`` says which."""

    default = Reason.UNREACHABLE

    @property
    def kind(self) -> str:
        return str(self.params.get("kind", ""))


class HTTPStatusError(DownloadError):
    """An HTTP status the request cannot go on from (not 401/403/404/429/5xx)."""

    default = Reason.HTTP_STATUS


class ServerError(DownloadError):
    """The server kept failing (429, 5xx, resets, stalls) after every retry."""

    default = Reason.SERVER_STATUS


class StalledError(ServerError):
    """The server stopped sending (a hang, or a byte now and then) every time it was
    asked again; the partial file is kept, so a later resume continues from it."""

    default = Reason.STALLED


class MalformedResponseError(DownloadError):
    """The endpoint answered something that is not what the Hub sends; ``field`` is where
    (``$`` for the whole answer, ``$[3].size`` for one entry, ``Link`` for paging)."""

    default = Reason.MALFORMED

    @property
    def field(self) -> str:
        return str(self.params.get("field", "$"))

    @property
    def endpoint(self) -> str:
        return str(self.params.get("endpoint", ""))


class InsecureServerError(DownloadError):
    """The endpoint sent an https request on to plain http (or elsewhere than http(s)):
    refused, nothing was sent."""

    default = Reason.INSECURE_REDIRECT


class IntegrityError(DownloadError):
    """The bytes received do not hash to the expected blob id (after one retry)."""

    default = Reason.INTEGRITY


class NoSpaceError(DownloadError):
    """The cache volume is full (checked before the start, or ENOSPC mid-way)."""

    default = Reason.VOLUME_FULL


class SizeMismatchError(DownloadError):
    """The server announced another size than the file list says (or an impossible one):
    refused before a byte of it is written, so a lying server cannot fill the disk."""

    default = Reason.SIZE_ANNOUNCED


class EncodingError(DownloadError):
    """The server sent the bytes content-encoded (gzip...) although hfmanager asked for
    ``identity``: refused, nothing of that answer is written."""

    default = Reason.ENCODED


class UnsafeCacheError(DownloadError):
    """A link, a folder or another user's file sits where the download must write, and
    cannot be replaced safely (the cache is shared or damaged)."""

    default = Reason.UNSAFE_CACHE


class ProtocolViolationError(DownloadError):
    """The server answered something inconsistent (bad Content-Range, too many bytes)."""

    retryable = True
    default = Reason.ENDED_EARLY


class StoppedError(DownloadError):
    """The user paused or cancelled, or the app is shutting down: ``stop`` says which."""

    default = Reason.STOPPED

    def __init__(self, stop: Stop | str = Stop.CANCEL) -> None:
        super().__init__(Reason.STOPPED, stop=Stop(stop))

    def __reduce__(self) -> tuple[object, ...]:
        return (StoppedError, (self.stop,))

    @property
    def stop(self) -> Stop:
        return Stop(self.params["stop"])


class CacheChangedError(DownloadError):
    """The finished download is not what the cache holds any more (another process)."""

    default = Reason.CACHE_CHANGED


# ----- constructors for the cases with some logic ----------------------------------------
def no_space(exc: OSError, filename: str) -> NoSpaceError | None:
    """The error for a write that failed because the volume is full (else None)."""
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return None
    return NoSpaceError(Reason.VOLUME_FULL, filename=filename)


def stalled(name: str, min_rate: int, window: float, times: int) -> StalledError:
    return StalledError(Reason.STALLED, filename=name, min_rate=min_rate,
                        window=f"{window:g}", times=times)


def unsafe_cache(exc: OSError) -> UnsafeCacheError:
    """A planted link or another user's file that the engine would not write through."""
    return UnsafeCacheError(Reason.UNSAFE_CACHE, where=exc.filename or "the cache",
                            detail=exc.strerror or str(exc),
                            filename=str(exc.filename or ""))
