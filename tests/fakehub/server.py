"""The fake Hub: two threaded HTTP/1.1 servers on 127.0.0.1 (the Hub and its CDN).

Routes on ``FakeHub.url`` (repo ids are ``name`` or ``org/name``; revisions and tree paths
may be percent-encoded, ``%2F`` included, as huggingface_hub sends them):

- ``GET /`` -> 200 (a reachability probe target).
- ``GET /api/{models,datasets,spaces}/{repo}`` and ``.../revision/{rev}``: repo info JSON
  (``id``, ``sha``, ``siblings``; with ``?blobs=true`` siblings carry ``size``, ``blobId``
  and ``lfs``), enough for ``HfApi.repo_info/model_info(files_metadata=True)``.
- ``GET /api/{type}s/{repo}/tree/{rev}[/{path}]?recursive=&expand=&cursor=``: tree entries
  (``type``, ``oid``, ``size``, ``path``, ``lfs{oid,size,pointerSize}``), paged by
  ``FakeHub.tree_page_size`` with ``Link: <...>; rel="next"``.
- ``HEAD|GET /[datasets/|spaces/]{repo}/resolve/{rev}/{file}``: regular files are served
  here with ``ETag: "<git sha1>"``; LFS files (size >= ``lfs_threshold``) answer
  ``302 Location: {cdn_url}/lfs/<sha256>?...`` with ``X-Linked-Etag: "<sha256>"``,
  ``X-Linked-Size`` and ``ETag: "<pointer oid>"`` (set ``lfs_redirect = False`` to serve
  them directly with ``ETag: "<sha256>"``). Every answer carries ``X-Repo-Commit``.
- Errors: 404 with ``X-Error-Code: RepoNotFound | RevisionNotFound | EntryNotFound``;
  gated repos (``add_repo(..., token="t")``) answer 401 without a bearer token and 403 with
  a wrong one, ``X-Error-Code: GatedRepo``.

Xet (``FakeHub(xet=True)``): LFS files get a stand-in Xet hash (``xet_hash_of``, one per
content): tree entries carry ``xetHash`` and ``/resolve`` answers ``X-Xet-Hash`` and
``X-Xet-Refresh-Route``, as the Hub does for Xet-stored files. There is no Xet CAS
behind it, so huggingface_hub's own downloads of those files fail (it would fetch them
through Xet); build its side of the shared store with
``huggingface_hub.utils._shared_blobs.publish_blob_to_shared_store`` instead.

Both servers honour ``Range`` (``bytes=a-b``, ``a-``, ``-n``) with 206 and
``Content-Range``, ``If-Range`` (a stale ETag gets the full 200) and 416 with
``Content-Range: bytes */size``. Faults: see :mod:`fakehub.faults`.

Like S3 behind signed URLs, the CDN answers 400 to any request carrying an
``Authorization`` header (``cdn_rejects_auth=False`` turns that off); the header is
recorded either way, so tests can also assert it never arrived.

Honest counting (the kill -9 test): ``send_piece`` caps each ``send()`` (default 1 MiB)
and ``sndbuf`` caps the server sockets' ``SO_SNDBUF``, so that a byte counted as sent is
close to a byte the client received; ``settle()`` waits until no response body is being
written, i.e. every handler whose client died has taken back what the kernel refused.

Counters: ``bytes_sent`` (body bytes only, both servers), ``bytes_by_path`` (per repo file
path) and ``requests`` (:class:`RecordedRequest`, header names lower-cased, ``server`` is
``"hub"`` or ``"cdn"``, ``scheme``/``host`` say how it arrived); ``reset_counters()`` clears
them. ``tokens_seen()`` is the token log: which Authorization reached which origin.

With ``tls``, each server also answers plain HTTP on its TLS port (a connection that does
not start with a TLS handshake), so a downgrade to ``http://`` on the same host and port
would show in the log; ``localhost`` and ``127.0.0.1`` reach the same server as two hosts.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from urllib.parse import quote

from fakehub.faults import Faults
from fakehub.handler import Handler
from fakehub.repos import LFS_THRESHOLD, RepoFile, RepoStore, git_blob_sha1, xet_hash_of

__all__ = ["FakeHub", "RecordedRequest", "git_blob_sha1", "xet_hash_of"]

# A public model every Hub mirror serves; hfmanager's endpoint probe asks for its info.
PROBE_REPO = "openai-community/gpt2"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it."""

    server: str  # "hub" or "cdn"
    method: str
    path: str  # raw request target, query included
    headers: dict[str, str]  # lower-cased names
    file: str | None  # repo file path when the request was for a file
    scheme: str = "http"  # what the request arrived over: "https" (TLS) or "http"
    host: str = ""  # its Host header: the host the client meant (localhost or 127.0.0.1)

    @property
    def origin(self) -> str:
        """``scheme://host:port`` the client addressed."""
        return f"{self.scheme}://{self.host}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, hub: FakeHub, role: str, tls: ssl.SSLContext | None = None) -> None:
        self.hub = hub
        self.role = role
        self.tls = tls
        super().__init__(("127.0.0.1", 0), Handler)

    def get_request(self) -> tuple[socket.socket, object]:
        """With TLS, a connection that starts with a TLS handshake gets one; any other is
        served as plain HTTP on the same port, so that a client sent from https to http
        on the same host and port is seen (and recorded) if it goes."""
        conn, addr = self.socket.accept()
        if self.tls is None:
            return conn, addr
        try:
            conn.settimeout(10)
            if conn.recv(1, socket.MSG_PEEK) == b"\x16":  # a TLS record: the ClientHello
                conn = self.tls.wrap_socket(conn, server_side=True)
            conn.settimeout(None)
        except OSError:
            conn.close()
            raise
        return conn, addr

    def handle_error(self, request: object, client_address: object) -> None:
        """A client killed mid-keep-alive resets the socket while we wait for its next
        request: expected in the kill -9 tests, so not a traceback on stderr."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FakeHub:
    """A fake Hub and CDN on ephemeral loopback ports; start is ~1 ms, ``close()`` stops both."""

    def __init__(self, *, tree_page_size: int = 1000, lfs_redirect: bool = True,
                 cdn_rejects_auth: bool = True, send_piece: int = 1024 * 1024,
                 sndbuf: int | None = None, tls: ssl.SSLContext | None = None,
                 xet: bool = False) -> None:
        self.store = RepoStore()
        self.plain_files: dict[str, RepoFile] = {}  # add_file: plain URLs on both servers
        # Like the Hub (and its mirrors): the public repo "Test endpoint" asks about.
        self.store.add(PROBE_REPO, {"config.json": b'{"model_type": "gpt2"}'}, "model",
                       "main", LFS_THRESHOLD, None)
        self.send_piece = max(1, send_piece)
        self.sndbuf = sndbuf
        self._sending = 0  # response bodies being written right now
        self._idle = threading.Condition()
        self.cdn_rejects_auth = cdn_rejects_auth
        self.faults = Faults()
        self.tree_page_size = tree_page_size
        self.lfs_redirect = lfs_redirect
        self.xet = xet
        self.closing = threading.Event()
        self._lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self.connections_opened = 0  # client connections accepted by both servers
        self.requests: list[RecordedRequest] = []
        self.bytes_by_path: dict[str, int] = defaultdict(int)
        self._bytes_sent = 0
        self._hub = _Server(self, "hub", tls)
        self._cdn = _Server(self, "cdn", tls)
        scheme = "http" if tls is None else "https"
        self.url = f"{scheme}://127.0.0.1:{self._hub.server_address[1]}"
        self.cdn_url = f"{scheme}://127.0.0.1:{self._cdn.server_address[1]}"
        self._threads = [
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05},
                             name=f"fakehub-{s.role}", daemon=True)
            for s in (self._hub, self._cdn)
        ]
        for t in self._threads:
            t.start()

    # ----- content -----------------------------------------------------------------
    def add_repo(self, repo_id: str, files: dict[str, bytes], *, repo_type: str = "model",
                 branch: str = "main", lfs_threshold: int = LFS_THRESHOLD,
                 token: str | None = None) -> str:
        """Add a commit holding exactly ``files`` on ``branch``; returns its 40-hex sha.

        Calling it again for the same repo adds a new commit (the branch moves; old commits
        stay reachable by sha). Files of ``lfs_threshold`` bytes or more are LFS (sha256
        ETag, served by the CDN). ``token`` makes the repo gated. File names are not
        validated, so tests can plant hostile ones such as ``"../../x"``.
        """
        return self.store.add(repo_id, files, repo_type, branch, lfs_threshold, token)

    def add_file(self, name: str, data: bytes, *, server: str = "cdn") -> str:
        """Serve ``data`` as a plain file (no repo, like download.pytorch.org) at
        ``/files/<name>`` on both servers (Range, If-Range on its ETag and faults by
        ``name`` as for repo files); returns its URL on ``server`` ("cdn" or "hub")."""
        self.plain_files[name] = RepoFile.make(name, data, False)
        return f"{self.cdn_url if server == 'cdn' else self.url}/files/{quote(name)}"

    def set_ref(self, repo_id: str, ref: str, commit: str, *, repo_type: str = "model") -> None:
        """Point a branch or tag at an existing commit."""
        self.store.set_ref(repo_id, ref, commit, repo_type)

    # ----- counters ------------------------------------------------------------------
    @property
    def bytes_sent(self) -> int:
        """Body bytes sent by both servers since start or ``reset_counters()``."""
        return self._bytes_sent

    def count(self, path: str | None, n: int) -> None:
        with self._lock:
            self._bytes_sent += n
            if path is not None:
                self.bytes_by_path[path] += n

    def record(self, req: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(req)

    def body_started(self) -> None:
        with self._idle:
            self._sending += 1

    def body_ended(self) -> None:
        with self._idle:
            self._sending -= 1
            self._idle.notify_all()

    def settle(self, timeout: float = 5.0) -> bool:
        """Wait until no body is being written (a dead client's handler has failed and
        taken back its unsent bytes); False if that did not happen within ``timeout``."""
        with self._idle:
            return self._idle.wait_for(lambda: self._sending == 0, timeout)

    def tokens_seen(self) -> dict[str, set[str]]:
        """The token log: which ``Authorization`` values reached which
        ``scheme://host:port`` (the host the client addressed), over both servers."""
        seen: dict[str, set[str]] = defaultdict(set)
        with self._lock:
            for r in self.requests:
                if "authorization" in r.headers:
                    seen[r.origin].add(r.headers["authorization"])
        return dict(seen)

    def reset_counters(self) -> None:
        """Forget recorded requests and byte counts (faults stay). Waits (a hang guard, not
        a timing) for bodies still being written: a paused client's connection that fails
        after the reset would take its unsent bytes back from the new count."""
        self.settle(10.0)
        with self._lock:
            self.requests.clear()
            self.bytes_by_path.clear()
            self._bytes_sent = 0

    def track(self, conn: socket.socket, alive: bool) -> None:
        with self._lock:
            if alive:
                self._conns.add(conn)
                self.connections_opened += 1
            else:
                self._conns.discard(conn)

    # ----- lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        """Stop both servers and cut every open connection (stalls end at once)."""
        self.closing.set()
        for server in (self._hub, self._cdn):
            server.shutdown()
            server.server_close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> FakeHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
