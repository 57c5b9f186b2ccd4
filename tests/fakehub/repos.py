"""The fake Hub's repositories: commits, refs and files with the Hub's hashes and JSON shapes."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

LFS_THRESHOLD = 10 * 1024  # files at least this big are stored as LFS (sha256 ETag, CDN)


def git_blob_sha1(data: bytes) -> str:
    """The git object id of a blob: what the Hub uses as ETag for regular files."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def xet_hash_of(data: bytes) -> str:
    """The fake Hub's Xet hash of a content (see :attr:`RepoFile.xet_hash`)."""
    return hashlib.sha256(b"fake-xet\0" + data).hexdigest()


@dataclass(frozen=True)
class RepoFile:
    """One file at one commit. For LFS files ``oid`` is the pointer's git sha1, as on the Hub."""

    path: str
    data: bytes
    lfs_sha256: str | None
    oid: str
    pointer_size: int

    @classmethod
    def make(cls, path: str, data: bytes, lfs: bool) -> RepoFile:
        if not lfs:
            return cls(path, data, None, git_blob_sha1(data), 0)
        sha = hashlib.sha256(data).hexdigest()
        pointer = (
            f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize {len(data)}\n"
        ).encode()
        return cls(path, data, sha, git_blob_sha1(pointer), len(pointer))

    @property
    def etag(self) -> str:
        """What the server sends as (linked) ETag: sha256 for LFS, git sha1 otherwise."""
        return self.lfs_sha256 or self.oid

    @property
    def xet_hash(self) -> str | None:
        """A stand-in for the Xet file hash of an LFS file (64 hex, one per content, not
        the sha256): the real one is a Merkle hash only a Xet CAS needs."""
        return xet_hash_of(self.data) if self.lfs_sha256 else None

    def tree_entry(self, xet: bool = False) -> dict[str, Any]:
        entry: dict[str, Any] = {"type": "file", "oid": self.oid, "size": len(self.data),
                                 "path": self.path}
        if self.lfs_sha256:
            entry["lfs"] = {"oid": self.lfs_sha256, "size": len(self.data),
                            "pointerSize": self.pointer_size}
            if xet:
                entry["xetHash"] = self.xet_hash
        return entry

    def sibling(self, blobs: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {"rfilename": self.path}
        if blobs:
            entry["size"] = len(self.data)
            entry["blobId"] = self.oid
            if self.lfs_sha256:
                entry["lfs"] = {"sha256": self.lfs_sha256, "size": len(self.data),
                                "pointerSize": self.pointer_size}
        return entry


@dataclass
class Repo:
    """A repository: commits by sha, refs (branches/tags) -> sha, and access rules."""

    repo_id: str
    repo_type: str
    commits: dict[str, dict[str, RepoFile]] = field(default_factory=dict)
    refs: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)  # commit -> its parent ("" root)
    token: str | None = None  # when set the repo is gated: requests need this bearer token

    def resolve(self, revision: str) -> str | None:
        if revision in self.refs:
            return self.refs[revision]
        return revision if revision in self.commits else None

    def info(self, commit: str, blobs: bool) -> dict[str, Any]:
        files = sorted(self.commits[commit].values(), key=lambda f: f.path)
        return {
            "_id": hashlib.sha1(self.repo_id.encode()).hexdigest()[:24],
            "id": self.repo_id, "modelId": self.repo_id, "sha": commit,
            "author": self.repo_id.split("/")[0] if "/" in self.repo_id else None,
            "private": False, "gated": "manual" if self.token else False, "disabled": False,
            "lastModified": "2026-01-01T00:00:00.000Z", "createdAt": "2026-01-01T00:00:00.000Z",
            "downloads": 0, "likes": 0, "tags": [],
            "siblings": [f.sibling(blobs) for f in files],
            "usedStorage": sum(len(f.data) for f in files),
        }

    def history(self, commit: str) -> list[dict[str, Any]]:
        """``GET /api/{type}s/{repo}/commits/{rev}``: the commit and its ancestors, newest
        first, in the Hub's JSON shape (what ``HfApi.list_repo_commits`` parses)."""
        out: list[dict[str, Any]] = []
        while commit:
            n = len(self.parents) - len(out)
            out.append({"id": commit, "title": f"Upload folder ({n})", "message": "",
                        "authors": [{"user": "fakehub", "avatar": None}],
                        "date": f"2026-01-01T00:{n % 60:02d}:00.000Z"})
            commit = self.parents.get(commit, "")
        return out

    def tree(self, commit: str, folder: str, recursive: bool,
             xet: bool = False) -> list[dict[str, Any]] | None:
        """Tree entries under ``folder`` ("" = root), Hub-style; None if no such folder."""
        prefix = folder.strip("/") + "/" if folder.strip("/") else ""
        files = [f for p, f in sorted(self.commits[commit].items()) if p.startswith(prefix)]
        if prefix and not files:
            return None
        out: list[dict[str, Any]] = []
        seen_dirs: set[str] = set()
        for f in files:
            rest = f.path[len(prefix):]
            parts = rest.split("/")
            for depth in range(1, len(parts)):
                d = prefix + "/".join(parts[:depth])
                if d not in seen_dirs and (recursive or depth == 1):
                    seen_dirs.add(d)
                    out.append({"type": "directory", "oid": git_blob_sha1(d.encode()),
                                "size": 0, "path": d})
            if recursive or len(parts) == 1:
                out.append(f.tree_entry(xet))
        return out


class RepoStore:
    """All repos of one fake Hub, keyed by (repo_type, repo_id)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.repos: dict[tuple[str, str], Repo] = {}
        self.by_sha256: dict[str, RepoFile] = {}
        self._counter = 0

    def add(self, repo_id: str, files: dict[str, bytes], repo_type: str, branch: str,
            lfs_threshold: int, token: str | None) -> str:
        with self._lock:
            repo = self.repos.setdefault((repo_type, repo_id), Repo(repo_id, repo_type))
            if token is not None:
                repo.token = token
            parent = repo.refs.get(branch, "")
            self._counter += 1
            entries = {p: RepoFile.make(p, d, len(d) >= lfs_threshold) for p, d in files.items()}
            seed = f"{repo_type}/{repo_id}@{branch}:{parent}:{self._counter}:" + ",".join(
                f"{p}={f.oid}" for p, f in sorted(entries.items()))
            commit = hashlib.sha1(seed.encode()).hexdigest()
            repo.commits[commit] = entries
            repo.parents[commit] = parent
            repo.refs[branch] = commit
            for f in entries.values():
                if f.lfs_sha256:
                    self.by_sha256[f.lfs_sha256] = f
            return commit

    def set_ref(self, repo_id: str, ref: str, commit: str, repo_type: str) -> None:
        with self._lock:
            repo = self.repos[(repo_type, repo_id)]
            if commit not in repo.commits:
                raise KeyError(f"unknown commit {commit} in {repo_id}")
            repo.refs[ref] = commit

    def match(self, repo_type: str, segments: list[str]) -> tuple[Repo | None, list[str]]:
        """Split URL segments into (repo, rest): repo ids are 'name' or 'org/name'."""
        for n in (2, 1):
            if len(segments) >= n:
                repo = self.repos.get((repo_type, "/".join(segments[:n])))
                if repo is not None:
                    return repo, segments[n:]
        return None, segments
