"""Turn a :class:`Selection` into a :class:`CleanPlan` (pure reading, nothing is touched).

This module decides what goes; counting the bytes that frees is :mod:`.freed`, split out
to keep each file readable.
"""

from __future__ import annotations

import itertools
import os
import stat
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from hfmanager.core import cachespec as cs
from hfmanager.core.cleanup import inuse, shared
from hfmanager.core.cleanup.freed import Pending, finish
from hfmanager.core.cleanup.plan import (
    TREE_KINDS,
    CleanPlan,
    ItemKind,
    Selection,
    _lstat,
    _read_repo,
    _RepoFS,
    _walk,
    read_refs,
)
from hfmanager.core.cleanup.safefs import STAGING_PLACES, is_inside, rel_parts

repo_label = cs.repo_label  # the name the plan groups paths under


class _Builder:
    def __init__(self, roots: Sequence[str | Path], now: float) -> None:
        self.roots = [(os.path.abspath(str(r)), os.path.realpath(str(r))) for r in roots]
        self.now = now
        self.items: dict[str, Pending] = {}
        self.refused: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.store = shared.StoreLinks()

    def locate(self, path: str) -> tuple[str, tuple[str, ...]] | None:
        """(real root, components below it) when ``path`` really lies inside a root."""
        apath = os.path.abspath(path)
        for lex, real in self.roots:
            for base in (real, lex):
                if apath.startswith(base.rstrip(os.sep) + os.sep) and is_inside(apath, real):
                    return real, rel_parts(apath, base)
        return None

    def root_of(self, path: str) -> str | None:
        found = self.locate(path)
        return found[0] if found else None

    def add(self, path: str, kind: ItemKind, group: str, st: os.stat_result | None = None,
            lock_path: str | None = None) -> None:
        found = self.locate(path)
        if found is None:
            self.refused.append((path, "outside every cache root"))
            return
        st = st if st is not None else _lstat(path)
        if st is None:
            self.refused.append((path, "no longer exists"))
            return
        if kind in TREE_KINDS and not stat.S_ISDIR(st.st_mode):
            kind = ItemKind.FILE if kind is not ItemKind.REPO else kind
        self.items.setdefault(path, Pending(path, found[0], found[1], kind, st, group,
                                             lock_path))

    def refuse(self, path: str, reason: str) -> None:
        self.refused.append((path, reason))

    def _not_counted(self, path: str, why: str) -> None:
        # A folder of a tree that goes, not read while counting: it goes all the same.
        self.warnings.append(f"{path}: {why}; the bytes below it are not counted")

    # ------------------------------------------------------------------ selections

    def direct_child(self, repo: str) -> bool:
        return self.root_of(repo) is not None and os.path.dirname(os.path.abspath(repo)) in (
            r for pair in self.roots for r in pair)

    def repo(self, repo: str) -> None:
        group = repo_label(repo)
        if not self.direct_child(repo):
            self.refuse(repo, "not a repo folder directly inside a cache root")
            return
        why = self.download_in_use(repo)
        if why:
            self.refuse(repo, f"a download in it is in use ({why})")
            return
        self.add(repo, ItemKind.REPO, group)

    def download_in_use(self, repo: str) -> str | None:
        for p, st in _walk(os.path.join(repo, "blobs")):
            if inuse.is_partial_name(p) and stat.S_ISREG(st.st_mode):
                why = inuse.in_use_reason(p, self._lock_for(repo, p), self.now)
                if why:
                    return why
        return None

    def every_revision(self, repo: str, commits: set[str]) -> bool:
        """Whether ``commits`` are all of the repo's snapshots, and none is in use: then
        the whole repo folder goes, as huggingface_hub's ``delete_revisions`` does."""
        try:
            names = {n for n in os.listdir(os.path.join(repo, "snapshots"))
                     if os.path.isdir(os.path.join(repo, "snapshots", n))}
        except OSError:
            return False
        if not names or not names <= commits:
            return False
        why = self.download_in_use(repo)
        if why:
            self.warnings.append(f"{repo} is kept (without its revisions): a download in it "
                                 f"is in use ({why})")
        return why is None

    def still_detached(self, repo: str, commits: set[str]) -> set[str]:
        """The commits no ref names on disk now; the others are refused."""
        unread: list[str] = []
        named = {target: p for p, (target, _st) in read_refs(
            repo, lambda path, why: unread.append(f"{path}: {why}")).items()}
        if unread:  # a ref not read may name any of them
            for commit in sorted(commits):
                self.refuse(os.path.join(repo, "snapshots", commit),
                            f"refs cannot all be read ({unread[0]})")
            return set()
        for commit in sorted(commits & named.keys()):
            self.refuse(os.path.join(repo, "snapshots", commit),
                        f"not detached: {os.path.relpath(named[commit], repo)} points to it")
        return commits - named.keys()

    def _lock_for(self, repo: str, incomplete: str) -> str:
        return inuse.lock_path_for(os.path.dirname(os.path.abspath(repo)),
                                   os.path.basename(repo.rstrip(os.sep)),
                                   os.path.basename(incomplete))

    def partial(self, repo: str, commits: set[str], files: set[str], blobs: set[str]) -> None:
        """Revisions, single entries and blobs of one repo that is otherwise kept."""
        fs = _read_repo(repo)
        label = repo_label(repo)
        commits &= set(fs.snapshots)
        doomed_entries: list[str] = []
        for commit in sorted(commits):
            group = f"{label}@{commit[:7]}"
            for ref_path, (target, st) in fs.refs.items():
                if target == commit:
                    self.add(ref_path, ItemKind.REF, group, st)
            self.add(os.path.join(repo, "snapshots", commit), ItemKind.SNAPSHOT, group,
                     fs.snapshots[commit][0])
            for sub, kind in ((cs.TREES_DIR, ItemKind.TREE_LISTING),
                              (".no_exist", ItemKind.NO_EXIST)):
                name = f"{commit}.json" if sub == cs.TREES_DIR else commit
                p = os.path.join(repo, sub, name)
                if _lstat(p) is not None:
                    self.add(p, kind, group)
        for commit, (_sst, entries) in fs.snapshots.items():
            if commit in commits:
                continue
            for e in entries:
                if e.path in files or (e.blob is not None and e.blob in blobs):
                    self.add(e.path, ItemKind.FILE, f"{label}: {os.path.basename(e.path)}", e.st)
                    doomed_entries.append(e.path)
        # blobs are listed under the one selection that frees them when there is one
        group = (f"{label}@{next(iter(commits))[:7]}" if len(commits) == 1 and not doomed_entries
                 else f"{label}: {os.path.basename(doomed_entries[0])}"
                 if not commits and len(doomed_entries) == 1 else label)
        self._blobs(fs, commits, set(doomed_entries), blobs, group)

    def _blobs(self, fs: _RepoFS, commits: set[str], doomed: set[str], chosen: set[str],
               label: str) -> None:
        used_by_doomed: set[str] = set(chosen)
        kept: set[str] = set()
        for commit, (_sst, entries) in fs.snapshots.items():
            for e in entries:
                if e.blob is None:
                    continue
                if commit in commits or e.path in doomed:
                    used_by_doomed.add(e.blob)
                else:
                    kept.add(e.blob)
        going = sorted(used_by_doomed - kept)
        if going and fs.blobs_linked:
            self.warnings.append(
                f"{fs.path}/blobs is a symbolic link: its blobs are left in place")
            return
        if going and fs.unread:  # a kept file there may use any blob
            self.warnings.append(
                f"{fs.path}: its blobs are left in place: {len(fs.unread)} folder(s) could "
                f"not be read, e.g. {fs.unread[0]}")
            return
        for name in going:
            if name in fs.blobs:
                self.add(os.path.join(fs.path, "blobs", name), ItemKind.BLOB, label,
                         fs.blobs[name])

    def incomplete(self, path: str) -> None:
        name = os.path.basename(path)
        blobs = os.path.dirname(path)
        if (not name.endswith((cs.HF_INCOMPLETE_SUFFIX, cs.OUR_PARTIAL_SUFFIX))
                or os.path.basename(blobs) != "blobs"):
            self.refuse(path, "not a partial download in a repo's blobs folder")
            return
        repo = os.path.dirname(blobs)
        lock = self._lock_for(repo, path)
        # our engine's partial goes with its sidecar (what the partial is a prefix of)
        paths = [path]
        if name.endswith(cs.OUR_PARTIAL_SUFFIX) and _lstat(path + ".json") is not None:
            paths.append(path + ".json")
        for p in paths:
            why = inuse.in_use_reason(p, lock, self.now)
            if why:
                self.refuse(path, why)
                return
        for p in paths:
            self.add(p, ItemKind.INCOMPLETE, f"{repo_label(repo)}: partial download",
                     lock_path=lock)

    def orphan(self, path: str) -> None:
        """A store payload no repo link uses (re-checked now, and again when swept)."""
        found = self.locate(path)
        if found is None:
            self.refuse(path, "outside every cache root")
            return
        root, rel = found
        real = os.path.join(root, *rel)
        st = _lstat(real)
        if st is None or not stat.S_ISREG(st.st_mode):
            self.refuse(path, "no longer exists" if st is None else "not a regular file")
            return
        why = shared.orphan_refusal(real, root, self.store)
        if why:
            self.refuse(path, why)
            return
        self.items.setdefault(real, Pending(
            real, root, rel, ItemKind.ORPHAN, st, "orphaned shared payloads",
            fixed=(st.st_size + shared.manifest_size(real), st.st_size)))

    def payloads(self) -> None:
        """The store payloads behind the repo blob links this plan removes."""
        links: list[tuple[str, str]] = []
        group_of: dict[str, str] = {}
        for p in list(self.items.values()):
            if p.kind is ItemKind.BLOB and stat.S_ISLNK(p.st.st_mode):
                found = [os.path.join(p.root, *p.rel)]
            elif p.kind is ItemKind.REPO and stat.S_ISDIR(p.st.st_mode):
                found = shared.repo_links(os.path.join(p.root, *p.rel))
            else:
                continue
            links += [(p.root, link) for link in found]
            group_of.update(dict.fromkeys(found, p.group))
        for t in shared.touched_payloads(links, self.store):
            rel = rel_parts(t.path, t.root)
            self.items.setdefault(t.path, Pending(
                t.path, t.root, rel, ItemKind.STORE_PAYLOAD, t.st, group_of[t.links[0]],
                fixed=(t.freed + t.manifest, t.freed), links=t.links, users=t.users))

    def torch(self, path: str) -> None:
        st = _lstat(path)
        kind = ItemKind.TORCH_CODE if st is not None and stat.S_ISDIR(st.st_mode) \
            else ItemKind.TORCH_CHECKPOINT
        self.add(path, kind, f"torch: {os.path.basename(path)}", st)

    def leftovers(self) -> None:
        """Trees an interrupted cleanup renamed away but did not finish removing."""
        for (_lex, real), where in itertools.product(self.roots, STAGING_PLACES):
            staging = os.path.join(real, *where)
            st = _lstat(staging)
            if st is None or not stat.S_ISDIR(st.st_mode):
                continue
            for name in sorted(os.listdir(staging)):
                p = os.path.join(staging, name)
                self.add(p, ItemKind.STAGED, "leftovers of an interrupted cleanup", _lstat(p))

    # ------------------------------------------------------------------ result

    def build(self) -> CleanPlan:
        self.payloads()
        return finish(self.items.values(), self.refused, self.warnings,
                      [real for _lex, real in self.roots], self._not_counted)


def make_plan(selection: Selection, roots: Iterable[str | Path], *,
              include_leftovers: bool = True, now: float | None = None) -> CleanPlan:
    """Compute what ``selection`` removes under ``roots`` and the exact bytes freed."""
    b = _Builder(list(roots), time.time() if now is None else now)
    if include_leftovers:
        b.leftovers()
    per_repo = _per_repo(selection, b)
    whole = {os.path.abspath(r) for r in selection.repos}
    for repo, (commits, _files, _blobs) in per_repo.items():
        if repo not in whole and commits and b.direct_child(repo) and b.every_revision(
                repo, commits):
            whole.add(repo)  # no revision left: the repo folder goes (huggingface_hub too)
    for repo in sorted(whole):
        b.repo(repo)

    def inside_whole(p: str) -> bool:
        return any(os.path.abspath(p).startswith(r + os.sep) for r in whole)

    for repo, (commits, files, blobs) in sorted(per_repo.items()):
        if repo not in whole:
            b.partial(repo, commits, files, blobs)
    for p in sorted(selection.incompletes):
        if not inside_whole(p):
            b.incomplete(os.path.abspath(p))
    for p in sorted(selection.torch):
        b.torch(os.path.abspath(p))
    for p in sorted(selection.orphans):
        b.orphan(os.path.abspath(p))
    return b.build()


def _per_repo(selection: Selection, b: _Builder
              ) -> dict[str, tuple[set[str], set[str], set[str]]]:
    """(commits, snapshot entries, blob names) chosen in each repo inside a root."""
    per_repo: dict[str, tuple[set[str], set[str], set[str]]] = {}
    for repo, commit in selection.revisions:
        per_repo.setdefault(os.path.abspath(repo), (set(), set(), set()))[0].add(commit)
    detached: dict[str, set[str]] = {}
    for repo, commit in selection.detached:
        detached.setdefault(os.path.abspath(repo), set()).add(commit)
    for repo, commits in detached.items():
        kept = b.still_detached(repo, commits)
        if kept:
            per_repo.setdefault(repo, (set(), set(), set()))[0].update(kept)
    for f in selection.files:
        owner = _repo_of_entry(f)
        if owner is None:
            b.refuse(f, "not a file inside a snapshot")
            continue
        per_repo.setdefault(owner, (set(), set(), set()))[1].add(os.path.abspath(f))
    for repo, blob in selection.blobs:
        per_repo.setdefault(os.path.abspath(repo), (set(), set(), set()))[2].add(blob)
    for repo in [r for r in per_repo if b.root_of(r) is None]:
        b.refuse(repo, "outside every cache root")
        del per_repo[repo]
    return per_repo


def _repo_of_entry(path: str) -> str | None:
    parts = os.path.abspath(path).split(os.sep)
    if "snapshots" not in parts:
        return None
    i = len(parts) - 1 - parts[::-1].index("snapshots")
    if i + 2 >= len(parts):
        return None
    return os.sep.join(parts[:i])
