"""Request handling for the fake Hub and CDN (routing, Range, faults on the wire)."""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import socket
import ssl
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, unquote

from fakehub.faults import Fault
from fakehub.hostile import DroppedError, send_hostile
from fakehub.repos import Repo, RepoFile

if TYPE_CHECKING:
    from fakehub.server import FakeHub

_TYPES = {"models": "model", "datasets": "dataset", "spaces": "space"}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 1024 * 1024


class _DroppedError(Exception):
    """The fault asked us to cut the connection."""


def _truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


def _encoded(body: bytes | memoryview, fault: Fault | None,
             headers: dict[str, str]) -> bytes | memoryview:
    """The body as a server that ignores ``Accept-Encoding: identity`` would send it."""
    if fault is None or not fault.encoding:
        return body
    headers["Content-Encoding"] = fault.encoding
    return gzip.compress(bytes(body)) if fault.encoding == "gzip" else body


class Handler(BaseHTTPRequestHandler):
    """Serves one connection (keep-alive, HTTP/1.1) for the hub or the CDN role."""

    protocol_version = "HTTP/1.1"
    timeout = 60  # idle keep-alive connections end eventually

    # ----- plumbing ------------------------------------------------------------------
    @property
    def hub(self) -> FakeHub:
        return self.server.hub  # type: ignore[attr-defined,no-any-return]

    @property
    def role(self) -> str:
        return self.server.role  # type: ignore[attr-defined,no-any-return]

    def setup(self) -> None:
        super().setup()
        if self.hub.sndbuf:  # a small kernel buffer: "counted as sent" ~ "received"
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.hub.sndbuf)
        self.hub.track(self.connection, True)

    def finish(self) -> None:
        self.hub.track(self.connection, False)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        from fakehub.server import RecordedRequest

        raw_path, _, query = self.path.partition("?")
        self.query = parse_qs(query)
        segments = [unquote(s) for s in raw_path.split("/")[1:] if s != ""]
        target = self._route(segments)
        file = target[2].path if target and target[0] == "file" else None
        headers = {k.lower(): v for k, v in self.headers.items()}
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        self.hub.record(RecordedRequest(self.role, self.command, self.path, headers, file,
                                        scheme, self.headers.get("Host", "")))
        fault = self.hub.faults.take(self.command, (file,) if file else (),
                                     target[0] if target else None)
        if fault and fault.delay:
            time.sleep(fault.delay)
        try:
            if fault and fault.redirect:
                self._start(302, {"Location": fault.redirect.format(path=self.path),
                                  "Content-Length": "0"})
            elif fault and fault.status:
                self._send_simple(fault.status, {"error": "injected fault"}, fault=fault)
            elif target is None:
                self._send_simple(404, {"error": "Not found"})
            elif self.role == "cdn" and self.hub.cdn_rejects_auth \
                    and "Authorization" in self.headers:
                # Like S3 signed URLs: a second auth mechanism is refused, loudly.
                self._send_simple(400, {"error": "Only one auth mechanism allowed"},
                                  code="InvalidArgument")
            else:
                self._handle(target, fault)
        except (_DroppedError, DroppedError):
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # ----- routing -------------------------------------------------------------------
    def _route(self, segs: list[str]) -> tuple[Any, ...] | None:
        """Decide what the request is for; errors are returned as ('error', ...)."""
        if len(segs) == 2 and segs[0] == "files" and segs[1] in self.hub.plain_files:
            return ("file", None, self.hub.plain_files[segs[1]], None)  # FakeHub.add_file
        if self.role == "cdn":
            if len(segs) == 2 and segs[0] == "lfs" and segs[1] in self.hub.store.by_sha256:
                return ("file", None, self.hub.store.by_sha256[segs[1]], None)
            return None
        if not segs:
            return ("root",)
        if segs[0] == "api" and len(segs) > 2 and segs[1] in _TYPES:
            return self._route_api(_TYPES[segs[1]], segs[2:])
        repo_type = "model"
        if segs[0] in ("datasets", "spaces"):
            repo_type, segs = _TYPES[segs[0]], segs[1:]
        repo, rest = self.hub.store.match(repo_type, segs)
        if len(rest) < 3 or rest[0] != "resolve":
            return ("error", 404, "RepoNotFound", "Repository not found") if repo is None else None
        if repo is None:
            return ("error", 404, "RepoNotFound", "Repository not found")
        commit = repo.resolve(rest[1])
        if commit is None:
            return ("error", 404, "RevisionNotFound", f"Invalid rev id: {rest[1]}")
        f = repo.commits[commit].get("/".join(rest[2:]))
        if f is None:
            return ("error", 404, "EntryNotFound", "Entry not found", commit)
        return ("file", repo, f, commit)

    def _route_api(self, repo_type: str, segs: list[str]) -> tuple[Any, ...]:
        repo, rest = self.hub.store.match(repo_type, segs)
        if repo is None:
            return ("error", 404, "RepoNotFound", "Repository not found")
        if rest and rest[0] not in ("revision", "tree", "commits"):
            return ("error", 404, "RepoNotFound", "Repository not found")
        rev = rest[1] if len(rest) > 1 else "main"
        commit = repo.resolve(rev)
        if commit is None:
            return ("error", 404, "RevisionNotFound", f"Invalid rev id: {rev}")
        if rest and rest[0] in ("tree", "commits"):
            return (rest[0], repo, commit, "/".join(rest[2:]))
        return ("info", repo, commit)

    def _gate(self, repo: Repo | None) -> bool:
        """Refuse a gated repo without the right token; True when refused."""
        if repo is None or repo.token is None:
            return False
        auth = self.headers.get("Authorization")
        if auth == f"Bearer {repo.token}":
            return False
        self._send_simple(
            401 if auth is None else 403, {"error": "gated"}, code="GatedRepo",
            message=f"Access to model {repo.repo_id} is restricted. You must have access to it "
            "and be authenticated to access it. Please log in.",
        )
        return True

    def _handle(self, target: tuple[Any, ...], fault: Fault | None) -> None:
        kind = target[0]
        if kind == "root":
            self._send_simple(200, {"fakehub": True}, fault=fault)
        elif kind == "error":
            commit = target[4] if len(target) > 4 else None
            self._send_simple(target[1], {"error": target[3]}, code=target[2],
                              message=target[3], commit=commit, fault=fault)
        elif self._gate(target[1]):
            return
        elif kind == "info":
            repo, commit = target[1], target[2]
            body = repo.info(commit, blobs=_truthy(self.query.get("blobs", [""])[0]))
            self._send_simple(200, body, fault=fault)
        elif kind == "tree":
            self._send_tree(target[1], target[2], target[3], fault)
        elif kind == "commits":
            self._send_simple(200, target[1].history(target[2]), fault=fault)
        else:
            self._send_file(target[1], target[2], target[3], fault)

    # ----- responses -----------------------------------------------------------------
    def _send_simple(self, status: int, body: Any, *, code: str | None = None,
                     message: str | None = None, commit: str | None = None,
                     fault: Fault | None = None, extra: dict[str, str] | None = None) -> None:
        if fault and fault.json and status == 200:
            body = fault.json(body)
        data = fault.raw if fault and fault.raw is not None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Content-Length": str(len(data))}
        if code:
            headers["X-Error-Code"] = code
        if message:
            headers["X-Error-Message"] = message
        if commit:
            headers["X-Repo-Commit"] = commit
        headers.update(extra or {})
        if fault:
            headers.update(fault.headers)
        if fault and (fault.answer_drip or fault.endless):
            send_hostile(self, status, headers, data, fault)
            return
        self._start(status, headers)
        if self.command != "HEAD":
            self.wfile.write(data)

    def _start(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _send_tree(self, repo: Repo, commit: str, folder: str, fault: Fault | None) -> None:
        entries = repo.tree(commit, folder, _truthy(self.query.get("recursive", [""])[0]),
                            self.hub.xet)
        if entries is None:
            self._send_simple(404, {"error": "Entry not found"}, code="EntryNotFound",
                              message="Entry not found", commit=commit)
            return
        start = int(self.query.get("cursor", ["0"])[0] or 0)
        end = start + self.hub.tree_page_size
        extra: dict[str, str] = {"X-Repo-Commit": commit}
        if end < len(entries) or (fault and (fault.endless_pages or fault.repeat_cursor)):
            qs = "&".join(f"{k}={quote(v[0])}" for k, v in self.query.items() if k != "cursor")
            raw_path = self.path.partition("?")[0]
            origin = fault.link_origin if fault and fault.link_origin else self.hub.url
            cursor = 0 if fault and fault.repeat_cursor else end
            extra["Link"] = f'<{origin}{raw_path}?{qs}&cursor={cursor}>; rel="next"'
        self._send_simple(200, entries[start:end], fault=fault, extra=extra)

    def _send_file(self, repo: Repo | None, f: RepoFile, commit: str | None,
                   fault: Fault | None) -> None:
        headers: dict[str, str] = {}
        if commit:
            headers["X-Repo-Commit"] = commit
        if self.role == "hub" and self.hub.xet and f.xet_hash and repo is not None:
            headers["X-Xet-Hash"] = f.xet_hash
            headers["X-Xet-Refresh-Route"] = (
                f"/api/{repo.repo_type}s/{repo.repo_id}/xet-read-token/{commit}")
        if self.role == "hub" and f.lfs_sha256 and self.hub.lfs_redirect:
            headers.update({
                "Location": f"{self.hub.cdn_url}/lfs/{f.lfs_sha256}?X-Amz-Signature=fake",
                "ETag": f'"{f.oid}"', "X-Linked-Etag": f'"{f.lfs_sha256}"',
                "X-Linked-Size": str(len(f.data)), "Content-Length": "0",
            })
            if fault:
                headers.update(fault.headers)
            self._start(302, headers)
            return
        headers["ETag"] = f'"{f.etag}"'
        if f.lfs_sha256 and self.role == "hub":
            headers["X-Linked-Etag"] = f'"{f.etag}"'
            headers["X-Linked-Size"] = str(len(f.data))
        self._send_body(f, headers, fault)

    def _byte_range(self, f: RepoFile, fault: Fault | None) -> tuple[int, int, int] | None:
        """(status, start, end_exclusive) for this request; None means 416 was sent."""
        size = len(f.data)
        spec = self.headers.get("Range")
        if spec is None or (fault and fault.ignore_range):
            return 200, 0, size
        if_range = self.headers.get("If-Range")
        if if_range is not None and if_range.removeprefix("W/").strip('"') != f.etag:
            return 200, 0, size
        m = _RANGE.match(spec.strip())
        if not m or (m.group(1) == "" and m.group(2) == ""):
            return 200, 0, size  # unparseable or multi-range: a full answer is allowed
        if m.group(1) == "":
            start, end = max(0, size - int(m.group(2))), size
        else:
            start = int(m.group(1))
            end = min(size, int(m.group(2)) + 1) if m.group(2) else size
        if start >= size or start >= end:
            self._start(416, {"Content-Range": f"bytes */{size}", "Content-Length": "0"})
            return None
        return 206, start, end

    def _send_body(self, f: RepoFile, headers: dict[str, str], fault: Fault | None) -> None:
        rng = self._byte_range(f, fault)
        if rng is None:
            return
        status, start, end = rng
        headers.update({"Content-Type": "application/octet-stream", "Accept-Ranges": "bytes"})
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{len(f.data)}"
        body: bytes | memoryview = memoryview(f.data)[start:end]
        if fault and fault.corrupt and start <= len(f.data) // 2 < end:
            flipped = bytearray(body)
            flipped[len(f.data) // 2 - start] ^= 0xFF
            body = bytes(flipped)
        body = _encoded(body, fault, headers)
        chunked = False
        if fault and fault.no_content_length and self.command == "GET":
            chunked = fault.chunked
            if chunked:
                headers["Transfer-Encoding"] = "chunked"
            else:
                headers["Connection"] = "close"
                self.close_connection = True
        else:
            headers["Content-Length"] = str(len(body))
        if fault:
            headers.update(fault.headers)
        self._start(status, headers)
        if self.command == "HEAD":
            return
        self.hub.body_started()
        try:
            self._write_body(memoryview(body), f.path, fault, chunked)
        finally:
            self.hub.body_ended()
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _write_body(self, body: memoryview, path: str, fault: Fault | None,
                    chunked: bool) -> None:
        n, sent = len(body), 0
        drop_after = fault.drop_after if fault else None
        stall_pending = bool(fault and fault.stall_seconds)
        rate = fault.rate if fault else None
        chunk = min(self.hub.send_piece, max(1, rate // 20) if rate else _CHUNK)
        began = time.monotonic()
        while sent < n:
            if fault and fault.drip_seconds and sent >= fault.drip_after:
                self._drip(body[sent:], path, fault, chunked)
                return
            if stall_pending and fault and sent >= fault.stall_after:
                stall_pending = False
                if self.hub.closing.wait(fault.stall_seconds):
                    raise _DroppedError
            if drop_after is not None and sent >= drop_after:
                raise _DroppedError
            stop = n if drop_after is None else min(n, drop_after)
            if stall_pending and fault:
                stop = min(stop, fault.stall_after)
            if fault and fault.drip_seconds:
                stop = min(stop, fault.drip_after)
            piece = body[sent:min(sent + chunk, stop)]
            if rate:  # a piece may leave only once the rate allows all of it
                ahead = (sent + len(piece)) / rate - (time.monotonic() - began)
                if ahead > 0 and self.hub.closing.wait(ahead):
                    raise _DroppedError
            if chunked:
                self.connection.sendall(b"%x\r\n" % len(piece))
            self._send_counted(piece, path)
            if chunked:
                self.connection.sendall(b"\r\n")
            sent += len(piece)

    def _drip(self, rest: memoryview, path: str, fault: Fault, chunked: bool) -> None:
        """One byte every ``fault.drip_seconds`` (until the hub closes)."""
        for i in range(len(rest)):
            if self.hub.closing.wait(fault.drip_seconds):
                raise _DroppedError
            if chunked:
                self.connection.sendall(b"1\r\n")
            self._send_counted(rest[i:i + 1], path)
            if chunked:
                self.connection.sendall(b"\r\n")

    def _send_counted(self, piece: memoryview, path: str) -> None:
        """Send and count exactly what the kernel took. Counted *before* sending because a
        client may finish reading (and a test check the counter) before send() returns;
        on failure the unsent rest is taken back, so a killed client is not overcounted
        by more than what sits in the socket buffers."""
        self.hub.count(path, len(piece))
        done = 0
        try:
            while done < len(piece):
                done += self.connection.send(piece[done:])
        except OSError:
            self.hub.count(path, done - len(piece))
            raise
