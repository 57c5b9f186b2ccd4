"""Full and incremental scans of every cache root into one :class:`Inventory`."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from hfmanager.core import cachespec as cs
from hfmanager.core import paths, sharedstore
from hfmanager.core.inventory.gcpause import no_gc
from hfmanager.core.inventory.hfscan import parse_repo_folder, scan_repo_in
from hfmanager.core.inventory.index import ScanIndex, Signature, signature_unchanged
from hfmanager.core.inventory.links import display, root_prefixes
from hfmanager.core.inventory.model import (
    Inventory,
    Problem,
    ProblemKind,
    Repo,
    SharedPayload,
    TorchEntry,
)
from hfmanager.core.inventory.parallel import (
    ParallelScan,
    Scanned,
    fork_usable,
    process_count,
    scan_one,
)
from hfmanager.core.inventory.torchscan import scan_torch_root
from hfmanager.core.messages import msg
from hfmanager.core.paths import CacheRoot, RootKind

_MTIME_MARGIN_NS = 2_000_000_000

OnItem = Callable[[Repo | TorchEntry, bool], None]


def default_index_path() -> Path:
    """Where the persistent scan index lives (the app data dir)."""
    return paths.app_data_dir() / "scan-index.sqlite3"


def scan_repo(repo_path: Path, root: Path) -> Repo:
    """Scan one ``models--org--name`` folder; a corrupt layout gives problems, not errors."""
    repo, _dirs = scan_repo_in(os.path.normpath(os.path.abspath(repo_path)),
                               root_prefixes(str(root)), str(root))
    return repo


def list_root(root: str) -> tuple[list[str], list[Problem]]:
    """The repo folders directly under an HF root, and problems with everything else."""
    problems: list[Problem] = []
    try:
        with os.scandir(root) as it:
            entries = list(it)
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [Problem.said(ProblemKind.UNREADABLE, msg(
            "problem.cache_unreadable", folder=display(root), error=str(exc.strerror)), root)]
    repos = []
    for entry in entries:
        name = entry.name
        if name in cs.ROOT_IGNORED:
            continue
        is_dir = entry.is_dir(follow_symlinks=False)
        if is_dir and name == cs.STORE_DIR and cs.is_shared_store(root):
            continue  # huggingface_hub's shared Xet blob store: see shared_payloads()
        if is_dir and parse_repo_folder(name) is not None:
            repos.append(entry.path)
        elif entry.is_symlink():
            problems.append(Problem.said(ProblemKind.LINK_OUTSIDE, msg(
                "problem.link_in_cache", name=display(name)), entry.path))
        else:
            problems.append(Problem.said(ProblemKind.UNEXPECTED_ENTRY, msg(
                "problem.stray_folder_in_cache" if is_dir else "problem.stray_file_in_cache",
                name=display(name)), entry.path))
    repos.sort()
    return repos, problems


def shared_payloads(root: str, repos: Sequence[Repo]) -> tuple[list[SharedPayload],
                                                                  list[Problem]]:
    """The root's shared-store payloads, each with the repo blob links that use it, and
    problems for entries of the store that huggingface_hub did not put there."""
    found, odd = sharedstore.list_payloads(root)
    users: dict[str, list[str]] = {}
    for repo in repos:
        for etag, xet, _size in repo.shared:
            users.setdefault(xet, []).append(os.path.join(repo.repo_path, "blobs", etag))
    payloads = [SharedPayload(root, p.xet_hash, p.path, p.size, p.last_accessed,
                              p.last_modified, tuple(sorted(users.get(x, ()))))
                for x, p in sorted(found.items())]
    problems = [Problem.said(ProblemKind.UNEXPECTED_ENTRY, msg(
        "problem.stray_in_store", name=display(os.path.relpath(p, root))), p) for p in odd]
    return payloads, problems


class Scanner:
    """Scans roots, reusing unchanged repos from memory (same process) or the index."""

    def __init__(self, index_path: Path | None = None, *, lazy_files: bool = True) -> None:
        """``lazy_files``: repos from the index read their file lists on first use (fast
        start); pass False when every file list will be read anyway (the child process)."""
        self._index = ScanIndex(index_path) if index_path is not None else None
        self._lazy = lazy_files
        self._remember = True  # keep results for a cheap in-process rescan
        # Processes for a full scan (this one included); 0: by CPU count and repo count.
        self.processes = 0
        self._memory: dict[str, tuple[Signature, Repo]] = {}
        self._listed: dict[str, list[str]] = {}
        self.reused = 0  # repos taken from memory or the index in the last scan

    def scan(self, roots: Sequence[CacheRoot], on_item: OnItem | None = None) -> Inventory:
        """Scan every root; ``on_item(item, reused)`` is called as each repo/entry is ready."""
        with no_gc(), (self._index.session() if self._index else contextlib.nullcontext()):
            return self._scan(roots, on_item)

    def _scan(self, roots: Sequence[CacheRoot], on_item: OnItem | None) -> Inventory:
        self.reused = 0
        repos: list[Repo] = []
        torch: list[TorchEntry] = []
        problems: list[Problem] = []
        payloads: list[SharedPayload] = []
        for root in roots:
            if root.kind is RootKind.HF:
                found, root_problems = self._scan_hf(str(root.path), on_item)
                repos += found
                store, store_problems = shared_payloads(str(root.path), found)
                payloads += store
                root_problems += store_problems
            else:
                entries, root_problems = scan_torch_root(str(root.path))
                torch += entries
                for entry in entries:
                    if on_item is not None:
                        on_item(entry, False)
            problems += root_problems
        if self._index is not None:
            self._index.save_extras([r.to_json() for r in roots], torch, problems, payloads)
        return Inventory(tuple(r.to_json() for r in roots), tuple(repos), tuple(torch),
                         tuple(problems), time.time(), tuple(payloads))

    def _scan_hf(self, root: str, on_item: OnItem | None) -> tuple[list[Repo], list[Problem]]:
        repo_paths, problems = list_root(root)
        # Folders changed shortly before the scan are not trusted: file systems stamp
        # mtimes with a coarse clock (a few ms on Linux, 2 s on FAT), so a change made
        # during the scan could carry a time from before it.
        before_ns = time.time_ns() - _MTIME_MARGIN_NS
        done, pending, known = self._reuse(root, repo_paths, on_item)
        prefixes = root_prefixes(root)
        fresh: dict[str, tuple[Signature | None, Repo, bytes | None, bytes | None]] = {}
        sign = self._index is not None or self._remember

        def record(scanned: Scanned) -> None:
            path, sig, repo, files, meta = scanned
            done[path] = repo
            if sig is not None:
                self._memory[path] = (sig, repo)
            else:
                self._memory.pop(path, None)
            # Stored even without a signature (then never reused): an instant start
            # still shows it.
            fresh[path] = (sig, repo, files, meta)
            if on_item is not None:
                on_item(repo, False)

        def scan_here(share: Sequence[str]) -> None:
            for path in share:
                record(scan_one(path, prefixes, root, before_ns,
                                pack=self._index is not None, sign=sign))

        todo = [p for p in repo_paths if p not in done]
        processes = self.processes or process_count(len(todo))
        if processes > 1 and fork_usable():
            with ParallelScan(todo, prefixes, root, before_ns, sign=sign,
                              processes=processes) as par:
                scan_here(par.own)
                for share, rows in par.results():
                    if rows is None:
                        scan_here(share)  # the helper failed: do its share here
                    else:
                        for row in rows:
                            record(row)
        else:
            scan_here(todo)
        if self._index is not None and (pending or self._listed.get(root) != repo_paths):
            # Rows for repos that are gone are dropped.
            keep = {p for p in repo_paths if p not in fresh and p in self._memory}
            self._index.update(root, fresh, keep, known)
        self._listed[root] = repo_paths
        return [done[p] for p in repo_paths], problems

    def _reuse(self, root: str, repo_paths: list[str], on_item: OnItem | None
               ) -> tuple[dict[str, Repo], list[str], set[str] | None]:
        """(repos reused unchanged from memory or the index, the paths not in memory, the
        repo paths the index holds under ``root``: None when it was not asked)."""
        done: dict[str, Repo] = {}
        pending = [p for p in repo_paths if not self._from_memory(p, done)]
        known: set[str] | None = None
        if pending and self._index is not None:
            hits, known = self._index.load_unchanged(root, pending, lazy=self._lazy)
            for hit_sig, repo in hits:
                done[repo.repo_path] = repo
                self._memory[repo.repo_path] = (hit_sig, repo)
        self.reused += len(done)
        if on_item is not None:
            for repo in done.values():
                on_item(repo, True)
        return done, pending, known

    def _from_memory(self, path: str, done: dict[str, Repo]) -> bool:
        hit = self._memory.get(path)
        if hit is not None and signature_unchanged(hit[0]):
            done[path] = hit[1]
            return True
        return False


def scan(roots: Sequence[CacheRoot], *, index_path: Path | None = None,
         processes: int = 0) -> Inventory:
    """A full scan of HF and torch roots (reusing unchanged repos when given an index);
    ``processes``: as for :attr:`Scanner.processes`."""
    scanner = Scanner(index_path)
    scanner._remember = False  # a one-shot scan: no folder signatures to take
    scanner.processes = processes
    return scanner.scan(roots)


def load_last_inventory(index_path: Path | None = None) -> Inventory | None:
    """What the index holds from the last scan (for an instant GUI start), or None."""
    with no_gc():
        extras, repos = ScanIndex(index_path or default_index_path()).load_all()
    if extras is None:
        return None
    try:
        inv = Inventory.from_json({"roots": extras["roots"], "repos": [],
                                   "torch": extras["torch"], "problems": extras["problems"],
                                   "shared_payloads": extras.get("shared_payloads", [])})
    except (KeyError, ValueError, TypeError):
        return None
    scanned = {r["path"] for r in inv.roots if r.get("kind") == RootKind.HF.value}
    kept = sorted((r for r in repos if r.root in scanned), key=lambda r: r.repo_path)
    return Inventory(inv.roots, tuple(kept), inv.torch_entries, inv.problems, inv.scanned_at,
                     tuple(p for p in inv.payloads if p.root in scanned))
