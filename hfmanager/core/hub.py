"""The one adapter over huggingface_hub: repo info and file trees, validated at the boundary.

Nothing else in hfmanager imports huggingface_hub, so its API changes touch this file only.

Rules every call follows:

- It is given the job's :class:`~hfmanager.core.network.NetConfig` (endpoint, proxies,
  offline state, token and policy, limits) and reads no settings or environment itself.
- Offline mode raises :class:`~hfmanager.core.errors.OfflineError` before any request.
- Requests go through :func:`hfmanager.core.network.client`: the token only where the
  policy allows, https never sent on to http, a stall timeout on every request and one
  time budget for the whole call (info and every tree page); pagination stops at
  ``Limits.max_pages`` pages or at a page link seen before.
- Every answer is decoded against a typed schema (msgspec): a server answer that is not
  what the Hub sends (not JSON, a list for an object, a file entry without a path, a size
  "abc", negative or above 1 PB...) is one :class:`MalformedResponseError` naming the
  endpoint and the field, never a parser's traceback.
- Failures come out as the family of :mod:`hfmanager.core.errors`, the same classes the
  download engine raises for the same failure (:class:`NotFoundError`,
  :class:`AuthRequiredError`, :class:`OfflineError`, :class:`EndpointUnreachableError`
  (``.kind``), :class:`ServerError` / :class:`HTTPStatusError` (``.status``),
  :class:`MalformedResponseError` (``.field``), :class:`InsecureServerError`), each with
  a :class:`Reason` and parameters; the sentence is made in ``core.errors``. Server text
  in them is not escaped: front ends print it through ``core.text.printable``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, TypeVar
from urllib.parse import quote

import msgspec

from hfmanager import __version__
from hfmanager.core import network
from hfmanager.core.errors import (
    AuthRequiredError,
    DownloadError,
    EndpointUnreachableError,
    HTTPStatusError,
    InsecureServerError,
    MalformedResponseError,
    NotFoundError,
    OfflineError,
    Reason,
    ServerError,
)
from hfmanager.core.lazyimport import lazy_module

if TYPE_CHECKING:
    import httpx2
    from huggingface_hub import errors as hf_errors
else:
    # The HTTP stack (and huggingface_hub's errors, which import it) load at the first
    # request: the window opens without them.
    httpx2 = lazy_module("httpx2")
    hf_errors = lazy_module("huggingface_hub.errors")

REPO_TYPES = ("model", "dataset", "space")
_RETRY_STATUS = (429, 500, 502, 503, 504)


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


class _Commit(msgspec.Struct):
    id: _Sha1  # the rest of a commit (title, authors, date) is not needed here


_CommitPage = list[_Commit]
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


def _translate(exc: Exception, net: network.NetConfig, repo: dict[str, object]
               ) -> DownloadError:
    """huggingface_hub / httpx2 / network exception -> the error family (core.errors)."""
    where = {**repo, "endpoint": net.endpoint}
    if isinstance(exc, hf_errors.GatedRepoError):
        return AuthRequiredError(Reason.GATED, **where)
    if isinstance(exc, hf_errors.RepositoryNotFoundError):
        return NotFoundError(Reason.REPO_NOT_FOUND, status=404, **where)
    if isinstance(exc, hf_errors.RevisionNotFoundError):
        return NotFoundError(Reason.REVISION_NOT_FOUND, status=404, **where)
    if isinstance(exc, hf_errors.EntryNotFoundError | hf_errors.RemoteEntryNotFoundError):
        return NotFoundError(Reason.ENTRY_NOT_FOUND, status=404, **where)
    if isinstance(exc, hf_errors.HfHubHTTPError):
        status = getattr(getattr(exc, "response", None), "status_code", None)
        if status in (401, 403):
            return AuthRequiredError(Reason.ACCESS_DENIED, status=status, **where)
        if status == 429 or (isinstance(status, int) and status >= 500):
            return ServerError(Reason.SERVER_STATUS, status=status, **where)
        return HTTPStatusError(Reason.HTTP_STATUS, status=status, **where)
    if isinstance(exc, network.InsecureRedirectError):
        return InsecureServerError(Reason.INSECURE_REDIRECT, detail=str(exc), **where)
    if isinstance(exc, network.TooLargeError):
        return MalformedResponseError(url=net.endpoint, field="$", problem=str(exc),
                                      sent="an answer", **where)
    if isinstance(exc, httpx2.HTTPError | network.BudgetExceededError):
        kind, detail = network.classify_error(exc, net.proxies.for_url(net.endpoint))
        if isinstance(exc, network.BudgetExceededError):
            detail = (f"no complete answer within {net.limits.budget:g} s: the server is "
                      "too slow, stalled, or sends a trickle.")
        return EndpointUnreachableError(Reason.UNREACHABLE, kind=kind, detail=detail, **where)
    return DownloadError(Reason.OTHER, detail=str(exc), **where)


def user_agent() -> str:
    """huggingface_hub's user-agent string, naming hfmanager as the library."""
    from huggingface_hub.utils._headers import build_hf_headers  # see httpx2 above

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
            from huggingface_hub.utils._http import hf_raise_for_status

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
        raise MalformedResponseError(endpoint=self.net.endpoint, url=reply.url, field=field,
                                     problem=problem, sent=what)

    def pages(self, url: str, params: Mapping[str, str], what: str,
              schema: type[_T]) -> Iterator[_T]:
        """Every page of a listing, following ``Link: rel="next"`` (checked like a
        redirect: https never goes on to http; the token stays on the endpoint)."""
        seen: set[str] = set()
        query: Mapping[str, str] | None = params
        for _page in range(self.net.limits.max_pages):
            reply = self.fetch(url, query)
            seen.add(reply.url)
            yield self.decode(reply, schema, what)
            if reply.next_url is None:
                return
            network.check_hop(reply.url, reply.next_url)
            if reply.next_url in seen:
                raise MalformedResponseError(
                    endpoint=self.net.endpoint, url=reply.url, field="Link", sent=what,
                    problem="a next page that was already read (endless pagination)")
            url, query = reply.next_url, None
        raise MalformedResponseError(endpoint=self.net.endpoint, url=url, field="Link",
                                     problem=f"more than {self.net.limits.max_pages} pages",
                                     sent=what)


# ----- public API ------------------------------------------------------------------------
def _tree_files(session: _Session, base: str, commit: str) -> list[RemoteFile]:
    return [RemoteFile(e.path, e.size, e.oid, e.lfs.oid if e.lfs else None, e.xet_hash)
            for page in session.pages(f"{base}/tree/{commit}",
                                      {"recursive": "true", "expand": "false"},
                                      "a file listing", _TreePage)
            for e in page if isinstance(e, _File)]


def _start(net: network.NetConfig, repo_id: str, repo_type: str,
           revision: str) -> tuple[dict[str, object], str]:
    _check_repo_type(repo_type)
    if net.offline:
        raise OfflineError(Reason.OFFLINE)
    repo: dict[str, object] = {"repo_type": repo_type, "repo_id": repo_id,
                               "revision": revision}
    return repo, f"{net.endpoint}/api/{repo_type}s/{repo_id}"


def repo_info(net: network.NetConfig, repo_id: str, repo_type: str = "model",
              revision: str = "main") -> RepoSnapshotInfo:
    """Resolve ``revision`` to a commit and list every file (recursive tree, all pages),
    within ``net.limits`` (stall timeout per request, one budget for the whole call)."""
    repo, base = _start(net, repo_id, repo_type, revision)
    try:
        with network.budget(net.limits.budget), network.client(net) as http:
            session = _Session(net, http)
            info = session.decode(session.fetch(f"{base}/revision/{quote(revision, safe='')}"),
                                  _RevisionInfo, "repository information")
            files = _tree_files(session, base, info.sha)
    except (hf_errors.HfHubHTTPError, httpx2.HTTPError, network.NetError) as exc:
        raise _translate(exc, net, repo) from exc
    return RepoSnapshotInfo(net.endpoint, repo_id, repo_type, revision, info.sha,
                            tuple(files))


def commit_files(net: network.NetConfig, repo_id: str, repo_type: str,
                 commit: str) -> RepoSnapshotInfo:
    """Every file of one commit (``commit`` is a full commit id: no revision lookup)."""
    repo, base = _start(net, repo_id, repo_type, commit)
    try:
        with network.budget(net.limits.budget), network.client(net) as http:
            files = _tree_files(_Session(net, http), base, commit)
    except (hf_errors.HfHubHTTPError, httpx2.HTTPError, network.NetError) as exc:
        raise _translate(exc, net, repo) from exc
    return RepoSnapshotInfo(net.endpoint, repo_id, repo_type, commit, commit, tuple(files))


def list_commits(net: network.NetConfig, repo_id: str, repo_type: str = "model",
                 revision: str = "main", limit: int = 50) -> list[str]:
    """The ids of the commits of ``revision``'s history, newest first, at most ``limit``
    (``GET /api/{type}s/{repo}/commits/{rev}``, what ``HfApi.list_repo_commits`` reads;
    its pages are read only until ``limit`` commits are known)."""
    repo, base = _start(net, repo_id, repo_type, revision)
    ids: list[str] = []
    try:
        with network.budget(net.limits.budget), network.client(net) as http:
            for page in _Session(net, http).pages(
                    f"{base}/commits/{quote(revision, safe='')}", {}, "a commit list",
                    _CommitPage):
                ids.extend(c.id for c in page if c.id not in ids)
                if len(ids) >= limit:
                    break
    except (hf_errors.HfHubHTTPError, httpx2.HTTPError, network.NetError) as exc:
        raise _translate(exc, net, repo) from exc
    return ids[:limit]
