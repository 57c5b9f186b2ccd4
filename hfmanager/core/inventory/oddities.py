"""The careful paths of a repo scan: entries that are not the usual blob or link.

:class:`hfscan.RepoScan` keeps the hot loop (plain blobs, ``../../blobs/<etag>`` links);
everything unusual lands here: partial downloads and stray names in ``blobs/``, blobs
that are links (into huggingface_hub's shared Xet store or elsewhere), copies and hard
links in snapshots, refs that are not exactly a commit hash, and partial snapshots told
by ``trees/<commit>.json``. Nothing here follows a link out of the cache root.
"""

from __future__ import annotations

import os
import stat

from hfmanager.core import cachespec as cs
from hfmanager.core.inventory.kinds import kind_of_name
from hfmanager.core.inventory.links import display, resolve_link
from hfmanager.core.inventory.model import (
    CachedFile,
    IncompleteDownload,
    Problem,
    ProblemKind,
)
from hfmanager.core.inventory.summary import read_head
from hfmanager.core.messages import Msg, msg

HEX_ETAG = cs.ETAG_RE
# (size, atime, mtime, (st_dev, st_ino), blob path, name in blobs/ or None)
Blob = tuple[int, float, float, tuple[int, int], str, str | None]


class OddEntries:
    """Mixin of :class:`RepoScan`: the state it reads is set up by RepoScan.__init__."""

    repo: str
    root: str
    roots: tuple[str, ...]
    blobs_dir: str
    problems: list[Problem]
    blobs: dict[str, Blob]
    by_inode: dict[tuple[int, int], str] | None
    incompletes: list[IncompleteDownload]
    shared: dict[str, tuple[str, str, int]]
    store_marked: bool | None
    has_trees: bool
    dirs: list[str]

    def problem(self, kind: ProblemKind, message: Msg, path: str | None = None,
                into: list[Problem] | None = None) -> None:
        (self.problems if into is None else into).append(Problem.said(kind, message, path))

    def _not_a_blob(self, path: str, name: str, st: os.stat_result) -> bool:
        """Handle a blobs/ entry whose name is no etag; True when it is not a blob at all."""
        if name.endswith((cs.HF_INCOMPLETE_SUFFIX, cs.OUR_PARTIAL_SUFFIX)):
            self.incompletes.append(IncompleteDownload(
                path, cs.partial_etag(name), st.st_size, st.st_mtime))
            return True
        if name.endswith(cs.OUR_SIDECAR_SUFFIX):  # goes with its .hfm-partial
            return True
        if name.endswith(".lock"):  # old huggingface_hub kept locks next to blobs
            return True
        self.problem(ProblemKind.BAD_BLOB_NAME, msg("problem.bad_blob_name", name=display(name)),
                     path)
        return False

    def _odd_blob(self, path: str, name: str, st: os.stat_result) -> os.stat_result | None:
        """A blob that is a link (e.g. into the shared Xet blob store) or not a file."""
        if stat.S_ISLNK(st.st_mode):
            xet = self._store_payload(path)
            res = resolve_link(path, self.roots)
            if xet is not None and res.problem is ProblemKind.BROKEN_LINK:
                self.problem(ProblemKind.BROKEN_LINK, msg(
                    "problem.store_payload_missing", name=display(name), xet=xet[:12]), path)
                return None
            if res.problem is not None or res.st is None:
                self._link_problem(res.problem, path, name, res.detail)
                return None
            if stat.S_ISREG(res.st.st_mode):
                if xet is not None and res.path == cs.store_payload_path(self.root, xet):
                    self.shared[name] = (name, xet, res.st.st_size)
                return res.st
        self.problem(ProblemKind.UNEXPECTED_ENTRY,
                     msg("problem.blob_not_file", name=display(name)), path)
        return None

    def _store_payload(self, link: str) -> str | None:
        """The xet hash when ``link`` names a payload of this root's marked shared store."""
        try:
            xet = cs.link_target_payload(link, os.readlink(link), self.root)
        except OSError:
            return None
        if xet is not None and self.store_marked is None:
            self.store_marked = cs.is_shared_store(self.root)  # once per repo, when needed
        return xet if self.store_marked else None

    def _blob_by_inode(self, key: tuple[int, int]) -> str | None:
        """The blob hard-linked to a snapshot file (table built on first need)."""
        if self.by_inode is None:
            self.by_inode = {}
            for name, blob in self.blobs.items():
                self.by_inode.setdefault(blob[3], name)
        return self.by_inode.get(key)

    def _link_problem(self, kind: ProblemKind | None, path: str, rel: str, detail: str,
                      into: list[Problem] | None = None) -> None:
        codes = {ProblemKind.LINK_OUTSIDE: "problem.link_outside",
                 ProblemKind.LINK_LOOP: "problem.link_loop",
                 ProblemKind.BROKEN_LINK: "problem.broken_link"}
        kind = kind or ProblemKind.UNREADABLE
        code = codes.get(kind, "problem.cannot_read")
        self.problem(kind, msg(code, rel=display(rel), detail=display(detail)), path, into)

    def _read_ref(self, path: str, name: str, refs: dict[str, list[str]]) -> None:
        raw = read_head(path, 256)
        commit, exact = cs.parse_ref(raw)
        # A ref is rewritten in place: its folder's mtime does not change.
        self.dirs.append(path)
        if commit is not None:
            refs.setdefault(commit, []).append(name)
            if not exact:
                self.problem(ProblemKind.BAD_REF, msg("problem.bad_ref", ref=display(name)),
                             path)
            return
        text = raw.decode("utf-8", "replace") if raw else ""
        if text and "/" not in text and text not in (".", "..") and text.isprintable():
            # huggingface_hub takes a ref's text as a snapshot folder name, whatever it is:
            # that folder is kept with the ref (never "detached", never cleaned as such).
            refs.setdefault(text, []).append(name)
            self.problem(ProblemKind.ODD_REF, msg(
                "problem.odd_ref", ref=display(name), target=display(text[:60])), path)
        else:
            self.problem(ProblemKind.UNREADABLE, msg("problem.ref_no_commit", ref=display(name)),
                         path)

    def _listing_check(self, commit: str, files: list[CachedFile],
                       problems: list[Problem]) -> tuple[int, int]:
        """(files trees/<commit>.json names, how many of them are not in the snapshot)."""
        if not self.has_trees:
            return 0, 0
        listing = cs.read_tree_listing(self.repo, commit)
        if not listing:
            return 0, 0
        have = {f.path for f in files}
        missing = sum(1 for p in listing if p not in have)
        if missing:
            self.problem(ProblemKind.PARTIAL_SNAPSHOT, msg(
                "problem.partial_snapshot", cached=len(listing) - missing, total=len(listing)),
                os.path.join(self.repo, "snapshots", commit), problems)
        return len(listing), missing

    def _not_a_link(self, path: str, rel: str, depth: int,
                    stack: list[tuple[str, str, int]], mine: dict[tuple[int, int], Blob],
                    problems: list[Problem]) -> CachedFile | None:
        """A folder (walked later), a real file (copy/hard-link layout) or a problem."""
        try:
            st = os.lstat(path)
        except OSError as exc:
            self.problem(ProblemKind.UNREADABLE, msg(
                "problem.cannot_read", rel=display(rel), detail=str(exc.strerror or exc)),
                path, problems)
            return None
        if stat.S_ISDIR(st.st_mode):
            stack.append((path, rel + "/", depth + 1))
            return None
        if not stat.S_ISREG(st.st_mode):
            self.problem(ProblemKind.UNEXPECTED_ENTRY,
                         msg("problem.not_regular", rel=display(rel)), path, problems)
            return None
        key = (st.st_dev, st.st_ino)
        mine[key] = (st.st_size, st.st_atime, st.st_mtime, key, path, None)
        etag = self._blob_by_inode(key)  # a snapshot file hard-linked to its blob
        blob_path = os.path.join(self.blobs_dir, etag) if etag else None
        return CachedFile(rel, st.st_size, kind_of_name(os.path.basename(rel)), etag, path,
                          blob_path, st.st_atime, st.st_mtime)

    def _odd_link(self, path: str, rel: str, target: str, link_prefix: str,
                  mine: dict[tuple[int, int], Blob],
                  problems: list[Problem]) -> CachedFile | None:
        """A link that is not the usual ``../../blobs/<etag>`` to an existing blob."""
        kind = kind_of_name(os.path.basename(rel))
        if target.startswith(link_prefix) and "/" not in target[len(link_prefix):]:
            etag = target[len(link_prefix):]
            self.problem(ProblemKind.BROKEN_LINK, msg(
                "problem.blob_missing", rel=display(rel), etag=display(etag)), path, problems)
            # Only a well-formed name becomes a path: consumers may delete blob_path.
            if not HEX_ETAG.fullmatch(etag):
                return CachedFile(rel, 0, kind, None, path, None)
            return CachedFile(rel, 0, kind, etag, path, os.path.join(self.blobs_dir, etag))
        res = resolve_link(path, self.roots)
        if res.problem is not None or res.st is None or res.path is None:
            self._link_problem(res.problem, path, rel, res.detail, problems)
            return CachedFile(rel, 0, kind, None, path, None)
        st = res.st
        if not stat.S_ISREG(st.st_mode):
            self.problem(ProblemKind.UNEXPECTED_ENTRY,
                         msg("problem.link_to_folder", rel=display(rel)), path, problems)
            return None
        name = os.path.basename(res.path)
        known = self.blobs.get(name) if os.path.dirname(res.path) == self.blobs_dir else None
        key = (st.st_dev, st.st_ino)
        blob = known or (st.st_size, st.st_atime, st.st_mtime, key, res.path, None)
        mine[blob[3]] = blob
        blob_name = name if HEX_ETAG.fullmatch(name) else None
        return CachedFile(rel, blob[0], kind, blob_name, path, blob[4], blob[1], blob[2])

    def _incomplete_problems(self) -> None:
        # The time it was written, not "N seconds ago": a result reused from the index
        # days later still says how old the file is when it is shown.
        for inc in self.incompletes:
            self.problem(ProblemKind.INCOMPLETE_DOWNLOAD, msg(
                "problem.incomplete", size=inc.size, written=inc.last_modified), inc.path)
