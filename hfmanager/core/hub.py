"""The one adapter over huggingface_hub: repo info, file trees, URLs, tokens, headers.

Nothing else in hfmanager imports huggingface_hub, so its API changes touch this file only.

Rules every function follows:

- The endpoint is an explicit argument of every call (``HfApi(endpoint=...)``); nothing
  relies on ``HF_ENDPOINT`` as huggingface_hub read it at import time.
- ``token=None`` means *no token is sent*. The caller decides whether the saved token may
  go to this endpoint (``token_for(endpoint, allow_mirror)``): by default only the
  official Hub gets it.
- Offline mode (``offline=None`` = decide now from HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE
  and the app's toggle) raises :class:`OfflineModeError` before any network request.
- Failures come out as :class:`HubError` subclasses with a sentence a user can act on:
  :class:`RepoNotFoundError`, :class:`GatedRepoError`, :class:`RevisionNotFoundError`,
  :class:`EntryNotFoundError`, :class:`OfflineModeError`, :class:`EndpointUnreachableError`,
  :class:`HubHTTPError` (any other HTTP status; ``.status``).

Typical use by the download engine::

    info = hub.repo_info(endpoint, "org/name", "model", "main", token)
    for f in info.files:            # RemoteFile(path, size, blob_id, lfs_sha256, xet_hash)
        url = hub.resolve_url(endpoint, "org/name", f.path, info.commit, "model")
        headers = {**hub.hf_headers(token)}   # user-agent (+ authorization if token)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

import httpx2
import huggingface_hub
from huggingface_hub import errors as hf_errors
from huggingface_hub.utils import _http as hf_http
from huggingface_hub.utils._headers import build_hf_headers

from hfmanager import __version__
from hfmanager.core import paths
from hfmanager.core.downloads import endpoints
from hfmanager.core.settings import Settings

REPO_TYPES = ("model", "dataset", "space")
_LOGIN_HINT = "request access on the Hub page and log in with `hf auth login`"


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
    """No HTTP answer at all (DNS, refused, timeout, TLS, proxy): ``kind`` says which."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class HubHTTPError(HubError):
    """Any other HTTP error status from the endpoint."""

    def __init__(self, message: str, status: int | None) -> None:
        super().__init__(message)
        self.status = status


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


# ----- helpers ---------------------------------------------------------------------------
def _check_offline(offline: bool | None) -> None:
    if offline is None:
        offline = endpoints.offline_state(Settings.load()).offline
    if offline:
        raise OfflineModeError(
            "Offline mode is on (HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE or the app's switch), "
            "so nothing was asked from the Hub. Turn it off to go online."
        )


def _check_repo_type(repo_type: str) -> None:
    if repo_type not in REPO_TYPES:
        raise ValueError(f"repo type must be one of {', '.join(REPO_TYPES)}, not '{repo_type}'")


def _status(exc: hf_errors.HfHubHTTPError) -> int | None:
    response = getattr(exc, "response", None)
    return getattr(response, "status_code", None)


def _translate(exc: Exception, endpoint: str, what: str, proxy: str | None = None) -> HubError:
    """huggingface_hub / httpx2 exception -> our typed error with a plain message."""
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
    if isinstance(exc, hf_errors.OfflineModeIsEnabled):
        return OfflineModeError(f"huggingface_hub is in offline mode; {what} was not fetched.")
    if isinstance(exc, hf_errors.HfHubHTTPError):
        status = _status(exc)
        if status in (401, 403):
            return GatedRepoError(f"{what}: access denied on {endpoint} (HTTP {status}); "
                                  f"{_LOGIN_HINT}.")
        return HubHTTPError(f"{what}: {endpoint} answered HTTP {status}.", status)
    if isinstance(exc, httpx2.HTTPError):
        kind, message = endpoints.classify_error(exc, proxy)
        return EndpointUnreachableError(f"Cannot reach {endpoint}: {message}", kind)
    return HubError(f"{what}: {exc}")


@contextmanager
def _mapped(endpoint: str, what: str,
            proxies: endpoints.Proxies | None = None) -> Iterator[None]:
    try:
        yield
    except (hf_errors.HfHubHTTPError, hf_errors.OfflineModeIsEnabled, httpx2.HTTPError) as e:
        proxy = proxies.for_url(endpoint) if proxies is not None else None
        raise _translate(e, endpoint, what, proxy) from e


_client_proxies: endpoints.Proxies | None = None
_client_lock = threading.Lock()
API_TIMEOUT = httpx2.Timeout(30.0, connect=10.0)


class _TimeoutTransport(httpx2.BaseTransport):
    """Fills in our timeouts where huggingface_hub explicitly passes ``timeout=None``
    (it does for repo_info and tree pages), so a silent server cannot hang us forever."""

    def __init__(self, inner: httpx2.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        given = request.extensions.get("timeout") or {}
        defaults = {"connect": API_TIMEOUT.connect, "read": API_TIMEOUT.read,
                    "write": API_TIMEOUT.write, "pool": API_TIMEOUT.pool}
        request.extensions["timeout"] = {
            key: given.get(key) if given.get(key) is not None else value
            for key, value in defaults.items()
        }
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def _use_proxies(proxies: endpoints.Proxies) -> None:
    """Point huggingface_hub's shared client at these proxies, with finite timeouts.

    Its default client has no timeout at all (a stalled server hangs the caller) and reads
    proxy variables once; ours is rebuilt whenever the effective proxies change.
    """
    global _client_proxies
    with _client_lock:
        if proxies == _client_proxies:
            return
        mounts: dict[str, httpx2.BaseTransport | None] = {
            pattern: _TimeoutTransport(t) if t is not None else None
            for pattern, t in proxies.httpx_mounts().items()
        }

        def factory() -> httpx2.Client:
            return httpx2.Client(mounts=mounts, trust_env=False, follow_redirects=True,
                                 transport=_TimeoutTransport(httpx2.HTTPTransport()),
                                 timeout=API_TIMEOUT,
                                 event_hooks={"request": [hf_http.hf_request_event_hook]})

        huggingface_hub.set_client_factory(factory)
        _client_proxies = proxies


def _api(endpoint: str, token: str | None,
         proxies: endpoints.Proxies | None) -> huggingface_hub.HfApi:
    if proxies is None:
        proxies = endpoints.effective_proxies(Settings.load())
    _use_proxies(proxies)
    # token=False stops huggingface_hub from falling back to the saved token on its own.
    return huggingface_hub.HfApi(endpoint=endpoints.normalize_endpoint(endpoint),
                                 token=token or False, library_name="hfmanager",
                                 library_version=__version__)


# ----- public API ------------------------------------------------------------------------
def repo_info(endpoint: str, repo_id: str, repo_type: str = "model", revision: str = "main",
              token: str | None = None, *, offline: bool | None = None,
              proxies: endpoints.Proxies | None = None) -> RepoSnapshotInfo:
    """Resolve ``revision`` to a commit and list every file (recursive tree, all pages).

    ``proxies=None`` uses the effective proxies (settings over environment) right now.
    Each request times out after 10 s to connect / 30 s without data.
    """
    _check_repo_type(repo_type)
    _check_offline(offline)
    api = _api(endpoint, token, proxies)
    what = f"The {repo_type} '{repo_id}' at '{revision}'"
    with _mapped(endpoint, what, _client_proxies):
        info = api.repo_info(repo_id, repo_type=repo_type, revision=revision)
        commit = str(info.sha or "")
        if len(commit) != 40:
            raise HubError(f"{endpoint} did not return a commit hash for {repo_id}@{revision}.")
        files: list[RemoteFile] = []
        for entry in api.list_repo_tree(repo_id, recursive=True, revision=commit,
                                        repo_type=repo_type):
            if isinstance(entry, huggingface_hub.hf_api.RepoFile):
                lfs = entry.lfs.sha256 if entry.lfs is not None else None
                files.append(RemoteFile(entry.path, int(entry.size), entry.blob_id, lfs,
                                        entry.xet_hash))
    return RepoSnapshotInfo(endpoints.normalize_endpoint(endpoint), repo_id, repo_type,
                            revision, commit, tuple(files))


def resolve_url(endpoint: str, repo_id: str, filename: str, revision: str = "main",
                repo_type: str = "model") -> str:
    """``{endpoint}/[datasets/|spaces/]{repo}/resolve/{revision}/{filename}`` (quoted)."""
    _check_repo_type(repo_type)
    prefix = {"model": "", "dataset": "datasets/", "space": "spaces/"}[repo_type]
    return (f"{endpoints.normalize_endpoint(endpoint)}/{prefix}{repo_id}/resolve/"
            f"{quote(revision, safe='')}/{quote(filename)}")


def get_token(env: Mapping[str, str] | None = None) -> str | None:
    """The user's token: ``HF_TOKEN``, else the file ``hf auth login`` saved.

    Same order as huggingface_hub's ``get_token`` but read now (its constants froze the
    token path at import), so changing HF_HOME/HF_TOKEN_PATH takes effect at once.
    """
    env = os.environ if env is None else env
    token = env.get("HF_TOKEN", "").strip() or env.get("HUGGING_FACE_HUB_TOKEN", "").strip()
    if token:
        return token
    try:
        token = paths.hf_token_path(env).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return token or None


def token_for(endpoint: str, allow_mirror: bool = False,
              env: Mapping[str, str] | None = None) -> str | None:
    """The token that may be sent to ``endpoint``: only the official Hub gets it unless
    the user allowed it for mirrors (settings.send_token_to_mirror)."""
    official = endpoints.normalize_endpoint(endpoint) == endpoints.OFFICIAL_URL
    return get_token(env) if (official or allow_mirror) else None


def auth_headers(token: str | None) -> dict[str, str]:
    """``{"authorization": "Bearer ..."}`` or ``{}``."""
    return {"authorization": f"Bearer {token}"} if token else {}


def user_agent() -> str:
    """huggingface_hub's user-agent string, naming hfmanager as the library."""
    return str(build_hf_headers(token=False, library_name="hfmanager",
                                library_version=__version__)["user-agent"])


def hf_headers(token: str | None) -> dict[str, str]:
    """Headers for a Hub request: user-agent, plus authorization when a token is given."""
    return {"user-agent": user_agent(), **auth_headers(token)}


def library_version() -> str:
    """The installed huggingface_hub version."""
    return str(huggingface_hub.__version__)
