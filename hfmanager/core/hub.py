"""The one adapter over huggingface_hub: repo info and file trees, validated at the boundary.

Nothing else in hfmanager imports huggingface_hub, so its API changes touch this file only.

Rules every call follows:

- It is given the job's :class:`~hfmanager.core.network.NetConfig` (endpoint, proxies,
  offline state, token and policy, limits) and reads no settings or environment itself.
- Offline mode raises :class:`OfflineModeError` before any network request.
- Requests go through :func:`hfmanager.core.network.client`: the token only where the
  policy allows, https never sent on to http, a stall timeout on every request and one
  time budget for the whole call (info and every tree page); pagination stops at
  ``Limits.max_pages`` pages or at a page link seen before.
- Every answer is decoded against a typed schema (msgspec): a server answer that is not
  what the Hub sends (not JSON, a list for an object, a file entry without a path, a size
  "abc", negative or above 1 PB...) is one :class:`MalformedResponseError` naming the
  endpoint and the field, never a parser's traceback.
- Failures come out as :class:`HubError` subclasses with a sentence a user can act on:
  :class:`RepoNotFoundError`, :class:`GatedRepoError`, :class:`RevisionNotFoundError`,
  :class:`EntryNotFoundError`, :class:`OfflineModeError`, :class:`EndpointUnreachableError`
  (``.kind``), :class:`HubHTTPError` (``.status``), :class:`MalformedResponseError`
  (``.field``), :class:`InsecureServerError`. Server text in them is not escaped: front
  ends print it through ``inventory.text.printable``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, TypeVar
from urllib.parse import quote

import httpx2
import msgspec
from huggingface_hub import errors as hf_errors
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._http import hf_raise_for_status

from hfmanager import __version__
from hfmanager.core import network

REPO_TYPES = ("model", "dataset", "space")
_LOGIN_HINT = "request access on the Hub page and log in with `hf auth login`"
_RETRY_STATUS = (429, 500, 502, 503, 504)


# ----- errors ----------------------------------------------------------------------------
class HubError(Exception):
    """Base of every adapter failure; ``str(err)`` is a complete sentence for the user."""


class RepoNotFoundError(HubError):
    """The repository does not exist on this endpoint (or is private and we lack access)."""


class GatedRepoError(HubError):
    """401/403: the repository is gated or private and this token has no access."""


class RevisionNotFoundError(HubError):
    """The branch, tag or commit does not exist in the repository."""


class EntryNotFoundError(HubError):
    """The file or folder does not exist at that revision."""


class OfflineModeError(HubError):
    """Offline mode is on; no request was made."""


class EndpointUnreachableError(HubError):
    """No (complete) HTTP answer: DNS, refused, timeout, TLS, proxy: ``kind`` says which."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class HubHTTPError(HubError):
    """Any other HTTP error status from the endpoint."""

    def __init__(self, message: str, status: int | None) -> None:
        super().__init__(message)
        self.status = status


class MalformedResponseError(HubError):
    """The endpoint answered something that is not what the Hub sends; ``field`` is where
    (``$`` for the whole answer, ``$[3].size`` for one entry, ``Link`` for paging)."""

    def __init__(self, endpoint: str, url: str, field: str, problem: str, what: str) -> None:
        super().__init__(f"The server at {endpoint} sent {what} hfmanager cannot read: "
                         f"field {field}: {problem}.")
        self.endpoint, self.url, self.field = endpoint, url, field


class InsecureServerError(HubError):
    """The endpoint sent an https request on to plain http: refused, nothing was sent."""


# ----- data ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RemoteFile:
    """One file of a repo at a commit. ``blob_id`` is the git sha1 (of the LFS pointer for
    LFS files); ``etag`` is what names its blob in the cache (sha256 for LFS)."""

    path: str
    size: int
    blob_id: str
    lfs_sha256: str | None = None
    xet_hash: str | None = None

    @property
    def etag(self) -> str:
        return self.lfs_sha256 or self.blob_id


@dataclass(frozen=True)
class RepoSnapshotInfo:
    """A revision resolved to its commit, with every file (recursive)."""

    endpoint: str
    repo_id: str
    repo_type: str
    revision: str
    commit: str
    files: tuple[RemoteFile, ...]

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)


# ----- the schema of what we read (anything else in an answer is ignored) ---------------
MAX_FILE_SIZE = 10**15  # 1 PB: a larger "size" is a broken or hostile listing
_Size = Annotated[int, msgspec.Meta(ge=0, le=MAX_FILE_SIZE)]
_Sha1 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{40}$")]
_Sha256 = Annotated[str, msgspec.Meta(pattern="^[0-9a-f]{64}$")]
_Path = Annotated[str, msgspec.Meta(min_length=1, max_length=4096)]


class _Sibling(msgspec.Struct):
    rfilename: _Path


class _RevisionInfo(msgspec.Struct):
    sha: _Sha1
    siblings: list[_Sibling] = []


class _Lfs(msgspec.Struct):
    oid: _Sha256
    size: _Size


class _File(msgspec.Struct, tag="file", tag_field="type"):
    path: _Path
    size: _Size
    oid: _Sha1
    lfs: _Lfs | None = None
    xet_hash: _Sha256 | None = msgspec.field(default=None, name="xetHash")


class _Folder(msgspec.Struct, tag="directory", tag_field="type"):
    path: _Path


_TreePage = list[_File | _Folder]
_T = TypeVar("_T")
_AT = re.compile(r"^(?P<problem>.*?)(?: - at `(?P<at>[^`]*)`)?$", re.S)
_MISSING = re.compile(r"^Object missing required field `(?P<name>[^`]*)`$")


def _where(error: str) -> tuple[str, str]:
    """msgspec's "Expected `int`, got `str` - at `$[0].size`" -> ("$[0].size", problem)."""
    m = _AT.match(error)
    problem, at = (m.group("problem"), m.group("at") or "$") if m else (error, "$")
    missing = _MISSING.match(problem)
    if missing:
        return f"{at}.{missing.group('name')}", "missing"
    return at, problem


# ----- helpers ---------------------------------------------------------------------------
def _check_repo_type(repo_type: str) -> None:
    if repo_type not in REPO_TYPES:
        raise ValueError(f"repo type must be one of {', '.join(REPO_TYPES)}, not '{repo_type}'")


def _translate(exc: Exception, net: network.NetConfig, what: str) -> HubError:
    """huggingface_hub / httpx2 / network exception -> our typed error, in plain words."""
    endpoint = net.endpoint
    if isinstance(exc, hf_errors.GatedRepoError):
        return GatedRepoError(f"{what} is gated or private on {endpoint}: {_LOGIN_HINT}.")
    if isinstance(exc, hf_errors.RepositoryNotFoundError):
        return RepoNotFoundError(
            f"{what} was not found on {endpoint}. Check the name and the repo type; if it is "
            f"private or gated, {_LOGIN_HINT}.")
    if isinstance(exc, hf_errors.RevisionNotFoundError):
        return RevisionNotFoundError(f"{what}: this revision does not exist on {endpoint}.")
    if isinstance(exc, hf_errors.EntryNotFoundError | hf_errors.RemoteEntryNotFoundError):
        return EntryNotFoundError(f"{what}: no such file or folder on {endpoint}.")
    if isinstance(exc, hf_errors.HfHubHTTPError):
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if status in (401, 403):
            return GatedRepoError(f"{what}: access denied on {endpoint} (HTTP {status}); "
                                  f"{_LOGIN_HINT}.")
        return HubHTTPError(f"{what}: {endpoint} answered HTTP {status}.", status)
    if isinstance(exc, network.InsecureRedirectError):
        return InsecureServerError(f"{what}: {exc}")
    if isinstance(exc, network.TooLargeError):
        return MalformedResponseError(endpoint, endpoint, "$", str(exc), "an answer")
    if isinstance(exc, httpx2.HTTPError | network.BudgetExceededError):
        kind, message = network.classify_error(exc, net.proxies.for_url(endpoint))
        if isinstance(exc, network.BudgetExceededError):
            message = (f"no complete answer within {net.limits.budget:g} s: the server is "
                       "too slow, stalled, or sends a trickle.")
        return EndpointUnreachableError(f"Cannot reach {endpoint}: {message}", kind)
    return HubError(f"{what}: {exc}")


def user_agent() -> str:
    """huggingface_hub's user-agent string, naming hfmanager as the library."""
    return str(build_hf_headers(token=False, library_name="hfmanager",
                                library_version=__version__)["user-agent"])


class _Session:
    """The requests of one adapter call: one client, one budget, typed answers."""

    def __init__(self, net: network.NetConfig, http: httpx2.Client) -> None:
        self.net, self.http = net, http
        self.headers = {"user-agent": user_agent(), "accept-encoding": "identity"}

    def fetch(self, url: str, params: Mapping[str, str] | None = None) -> network.Reply:
        """GET with a few retries (429, 5xx, no connection) while the budget allows."""
        lim = self.net.limits
        for attempt in range(lim.retries + 1):
            wait = lim.backoff * 2**attempt
            left = network.budget_left()
            last = attempt == lim.retries or (left is not None and left < wait + 1)
            try:
                reply = network.fetch(self.http, url, params=params, headers=self.headers,
                                      limit=lim.max_bytes)
            except (httpx2.ConnectError, httpx2.RemoteProtocolError, httpx2.ReadError):
                if last:
                    raise
                time.sleep(wait)
                continue
            if reply.status in _RETRY_STATUS and not last:
                time.sleep(wait)
                continue
            # huggingface_hub's status -> error mapping, from the headers alone (its
            # message parser would read a hostile body).
            hf_raise_for_status(httpx2.Response(
                reply.status, content=b"{}", request=reply.request, headers={
                    k: v for k, v in reply.headers.items() if k.lower().startswith("x-")}))
            return reply
        raise AssertionError("unreachable")  # pragma: no cover

    def decode(self, reply: network.Reply, schema: type[_T], what: str) -> _T:
        try:
            return msgspec.json.decode(reply.body, type=schema)
        except msgspec.ValidationError as exc:
            field, problem = _where(str(exc))
        except msgspec.DecodeError as exc:
            field, problem = "$", f"the answer is not JSON ({exc})"
        raise MalformedResponseError(self.net.endpoint, reply.url, field, problem, what)

    def pages(self, url: str, params: Mapping[str, str], what: str) -> Iterator[_TreePage]:
        """Every page of a listing, following ``Link: rel="next"`` (checked like a
        redirect: https never goes on to http; the token stays on the endpoint)."""
        seen: set[str] = set()
        query: Mapping[str, str] | None = params
        for _page in range(self.net.limits.max_pages):
            reply = self.fetch(url, query)
            seen.add(reply.url)
            yield self.decode(reply, _TreePage, what)
            if reply.next_url is None:
                return
            network.check_hop(reply.url, reply.next_url)
            if reply.next_url in seen:
                raise MalformedResponseError(self.net.endpoint, reply.url, "Link",
                                             "a next page that was already read (endless "
                                             "pagination)", what)
            url, query = reply.next_url, None
        raise MalformedResponseError(self.net.endpoint, url, "Link", f"more than "
                                     f"{self.net.limits.max_pages} pages", what)


# ----- public API ------------------------------------------------------------------------
def repo_info(net: network.NetConfig, repo_id: str, repo_type: str = "model",
              revision: str = "main") -> RepoSnapshotInfo:
    """Resolve ``revision`` to a commit and list every file (recursive tree, all pages),
    within ``net.limits`` (stall timeout per request, one budget for the whole call)."""
    _check_repo_type(repo_type)
    if net.offline:
        raise OfflineModeError(
            "Offline mode is on (HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE or the app's switch), "
            "so nothing was asked from the Hub. Turn it off to go online.")
    what = f"The {repo_type} '{repo_id}' at '{revision}'"
    base = f"{net.endpoint}/api/{repo_type}s/{repo_id}"
    try:
        with network.budget(net.limits.budget), network.client(net) as http:
            session = _Session(net, http)
            info = session.decode(session.fetch(f"{base}/revision/{quote(revision, safe='')}"),
                                  _RevisionInfo, "repository information")
            files = [
                RemoteFile(e.path, e.size, e.oid, e.lfs.oid if e.lfs else None, e.xet_hash)
                for page in session.pages(f"{base}/tree/{info.sha}",
                                          {"recursive": "true", "expand": "false"},
                                          "a file listing")
                for e in page if isinstance(e, _File)]
    except (hf_errors.HfHubHTTPError, httpx2.HTTPError, network.NetError) as exc:
        raise _translate(exc, net, what) from exc
    return RepoSnapshotInfo(net.endpoint, repo_id, repo_type, revision, info.sha,
                            tuple(files))
