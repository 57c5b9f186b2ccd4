"""Carry out a :class:`CleanPlan`, re-checking every path just before it goes.

Safety by construction: each parent folder is reached from the root's real path with
``O_NOFOLLOW`` opens (see :mod:`safefs`), each entry must still have the type and inode
the plan saw, folders are first renamed atomically into ``<root>/.hfmanager-trash`` and
only then emptied, and the plan's order puts refs before snapshots before blobs. A kill -9
at any moment leaves a cache whose refs all point to complete snapshots. Shared store
payloads come last and go through :mod:`hfmanager.core.sharedstore` under their lock,
which re-checks every link to them on disk (huggingface_hub's own rule). Each repo's
items run together, holding the repo's lock exclusively (:mod:`hfmanager.core.repolock`),
so a download or verify of that repo is never half-way through them; an entry changed
since the plan leaves the rest of its repo alone (a new ref may point into it).
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hfmanager.core import repolock, sharedstore
from hfmanager.core.cleanup import inuse
from hfmanager.core.cleanup.plan import (
    PAYLOAD_KINDS,
    TREE_KINDS,
    CleanPlan,
    ItemKind,
    PlanItem,
)
from hfmanager.core.cleanup.safefs import (
    STAGING_PLACES,
    Remover,
    UnsafePathError,
    is_inside,
    open_dir,
    staging_parts,
)
from hfmanager.core.cleanup.shared import manifest_size

Progress = Callable[[int, int, str], None]  # (items done, items total, current path)


@dataclass(frozen=True)
class CleanResult:
    """What really happened: bytes freed (measured at unlink time) and per-path errors."""

    freed_bytes: int
    removed: tuple[str, ...]
    errors: tuple[tuple[str, str], ...] = ()
    trashed: tuple[str, ...] = ()
    trashed_bytes: int = 0
    trash_failed: tuple[str, ...] = ()  # whole repos the trash refused: ask, then delete
    steps: int = 0  # single unlink/rmdir/rename operations performed
    # shared payloads left in the store because a repo using them went to the trash (it
    # can come back); once nothing links to one, the scan lists it as an orphan
    payloads_kept: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and not self.trash_failed

    def to_json(self) -> dict[str, Any]:
        return {"freed_bytes": self.freed_bytes, "removed": list(self.removed),
                "trashed": list(self.trashed), "trashed_bytes": self.trashed_bytes,
                "trash_failed": list(self.trash_failed), "steps": self.steps,
                "payloads_kept": list(self.payloads_kept),
                "errors": [{"path": p, "error": e} for p, e in self.errors]}


class ChangedError(UnsafePathError):
    """An entry is not the one the plan saw (another process replaced or re-created it)."""


def _check_identity(item: PlanItem, st: os.stat_result) -> None:
    if not item.matches(st):
        raise ChangedError(f"{item.path} changed since the plan was made; left alone")


@contextlib.contextmanager
def _repo_download_locks(item: PlanItem) -> Iterator[None]:
    """Hold the locks of every partial download inside a repo while it is moved away."""
    root = os.path.dirname(item.path)
    blobs = os.path.join(item.path, "blobs")
    with contextlib.ExitStack() as stack:
        try:
            names = [n for n in os.listdir(blobs) if inuse.is_partial_name(n)]
        except OSError:
            names = []
        held: set[str] = set()  # a partial and its sidecar share one lock: flock it once
        for n in names:
            path = os.path.join(blobs, n)
            lock = inuse.lock_path_for(root, os.path.basename(item.path), n)
            why = inuse.in_use_reason(path, None)
            if why:
                raise UnsafePathError(f"a download in {item.path} is in use ({why})")
            if lock not in held:
                stack.enter_context(inuse.hold_lock(lock))
                held.add(lock)
        yield


class _Executor:
    def __init__(self, remover: Remover) -> None:
        self.remover = remover

    def run(self, item: PlanItem) -> None:
        if not is_inside(item.path, item.root):
            raise UnsafePathError(f"{item.path} is no longer inside {item.root}")
        name = item.rel[-1]
        with open_dir(item.root, item.rel[:-1]) as pfd:
            st = os.stat(name, dir_fd=pfd, follow_symlinks=False)
            _check_identity(item, st)
            if item.kind in PAYLOAD_KINDS:
                self._sweep(item)
            elif item.kind is ItemKind.STAGED:
                self.remover.rmtree_at(pfd, name, item.path)
            elif item.kind in TREE_KINDS and stat.S_ISDIR(st.st_mode):
                locks = (_repo_download_locks(item) if item.kind is ItemKind.REPO
                         else contextlib.nullcontext())
                with locks:
                    self._stage_and_remove(item, pfd, name)
            elif item.kind is ItemKind.INCOMPLETE:
                why = inuse.in_use_reason(item.path, None)
                if why:
                    raise UnsafePathError(f"refused: {why}")
                try:
                    with inuse.hold_lock(item.lock_path):
                        self.remover.unlink_at(pfd, name, item.path, st)
                except BlockingIOError as exc:
                    raise UnsafePathError("refused: its download lock is held") from exc
            else:
                self.remover.unlink_at(pfd, name, item.path, st)

    def _sweep(self, item: PlanItem) -> None:
        # By path under the payload's lock, as huggingface_hub sweeps (its lock and its
        # manifest are shared with it); the checks above made sure that path is the
        # payload the plan saw, reached without a link.
        path = os.path.join(item.root, *item.rel)
        before = manifest_size(path)
        if item.kind is ItemKind.ORPHAN:
            freed = sharedstore.sweep_orphan(path, item.root, item.users)
        else:
            freed = sharedstore.sweep(path, item.root, also_check=item.users)
        self.remover.count(item.path, freed + before - manifest_size(path))

    def _stage_and_remove(self, item: PlanItem, pfd: int, name: str) -> None:
        # One atomic rename makes the whole tree vanish from the cache's view; emptying
        # it afterwards can be interrupted without leaving a half snapshot behind.
        where = staging_parts(item.kind is ItemKind.TORCH_CODE)
        for depth in range(1, len(where) + 1):
            with open_dir(item.root, where[:depth - 1]) as fd, \
                    contextlib.suppress(FileExistsError):
                os.mkdir(where[depth - 1], 0o775 if depth < len(where) else 0o700, dir_fd=fd)
        with open_dir(item.root, where) as sfd:
            staged = f"{uuid.uuid4().hex}-{name}"[:200]
            os.rename(name, staged, src_dir_fd=pfd, dst_dir_fd=sfd)
            self.remover.step(f"{item.path} -> {'/'.join(where)}/{staged}")
            self.remover.rmtree_at(sfd, staged, item.path)

    def trash(self, item: PlanItem) -> None:
        from send2trash import send2trash

        if not is_inside(item.path, item.root):
            raise UnsafePathError(f"{item.path} is no longer inside {item.root}")
        with open_dir(item.root, item.rel[:-1]) as pfd:
            _check_identity(item, os.stat(item.rel[-1], dir_fd=pfd, follow_symlinks=False))
        with _repo_download_locks(item):
            send2trash(item.path)


class _Run:
    """What an execution did so far (one object instead of eight lists in a loop)."""

    def __init__(self, use_trash: bool, progress: Progress | None, total: int) -> None:
        self.remover = Remover()
        self.ex = _Executor(self.remover)
        self.use_trash, self.progress, self.total = use_trash, progress, total
        self.done = 0
        self.removed: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.trashed: list[str] = []
        self.trash_failed: list[str] = []
        self.kept: list[str] = []
        self.in_trash: set[str] = set()  # real paths of repos trashed (or left) instead
        self.trashed_bytes = 0

    def step(self, item: PlanItem) -> bool:
        """Carry out one item; False when it changed since the plan (the rest of its repo
        must then stay: a new ref may point into what the plan meant to remove)."""
        if self.progress is not None:
            self.progress(self.done, self.total, item.path)
        self.done += 1
        try:
            if self.use_trash and item.kind is ItemKind.REPO:
                self.in_trash.add(os.path.join(item.root, *item.rel))
                try:
                    self.ex.trash(item)
                except UnsafePathError:
                    raise
                except OSError:
                    self.trash_failed.append(item.path)
                    return True
                self.trashed.append(item.path)
                self.trashed_bytes += item.freed
                return True
            if item.kind is ItemKind.STORE_PAYLOAD and any(
                    _repo_of_link(link) in self.in_trash for link in item.links):
                self.kept.append(item.path)  # restoring the repo must find its payload
                return True
            self.ex.run(item)
            if item.kind not in PAYLOAD_KINDS or not os.path.lexists(item.path):
                self.removed.append(item.path)
        except ChangedError as exc:
            self.errors.append((item.path, str(exc)))
            return False
        except FileNotFoundError:
            if item.kind not in PAYLOAD_KINDS:  # a payload another sweep took is fine
                self.errors.append((item.path, "already gone"))
        except OSError as exc:
            self.errors.append((item.path, str(exc)))
        return True

    def skip(self, items: list[PlanItem], why: str) -> None:
        for item in items:
            self.done += 1
            self.errors.append((item.path, why))

    def result(self) -> CleanResult:
        return CleanResult(self.remover.freed, tuple(self.removed), tuple(self.errors),
                           tuple(self.trashed), self.trashed_bytes, tuple(self.trash_failed),
                           self.remover.removed, tuple(self.kept))


def _batches(steps: tuple[PlanItem, ...]) -> list[tuple[str | None, list[PlanItem]]]:
    """The plan's steps as batches run under one repo lock each, plan order kept inside
    a repo: staging leftovers first, then each repo, then the rest (torch entries, shared
    store payloads, which are swept once the repos' links are gone)."""
    head: list[PlanItem] = []
    tail: list[PlanItem] = []
    repos: dict[str, list[PlanItem]] = {}
    for item in steps:
        repo = repolock.repo_dir_of(item.root, item.rel)
        if repo is not None:
            repos.setdefault(repo, []).append(item)
        else:
            (head if item.kind is ItemKind.STAGED else tail).append(item)
    return [(None, head), *repos.items(), (None, tail)]


def execute(plan: CleanPlan, *, use_trash: bool = False,
            progress: Progress | None = None,
            wait_s: float = repolock.CLEAN_WAIT_S) -> CleanResult:
    """Remove what ``plan`` lists, in its order within each repo; never raises for a
    single bad path.

    Each repo's items run holding its lock exclusively (:mod:`hfmanager.core.repolock`):
    a download or verify of it finishes first, waited for ``wait_s`` seconds in all;
    a repo still busy then is left alone, its items listed as errors with the reason.
    ``use_trash`` moves whole repos to the system trash instead; a repo the trash refuses
    is listed in ``trash_failed`` and left in place, for a confirmed permanent delete.
    """
    steps = (*plan.items, *plan.sweeps)
    run = _Run(use_trash, progress, len(steps))
    deadline = time.monotonic() + wait_s
    for repo, items in _batches(steps):
        if repo is None:
            for item in items:
                run.step(item)
            continue
        started = run.done
        try:
            with repolock.hold(repo, exclusive=True,
                               wait_s=max(0.0, deadline - time.monotonic())):
                for i, item in enumerate(items):
                    if not run.step(item):
                        run.skip(items[i + 1:], "left alone: its repo changed since the "
                                 "plan was made (a download?); run the cleanup again")
                        break
        except OSError as exc:  # the lock was not had: busy, or a link planted in .locks/
            run.skip(items[run.done - started:], str(exc))
    _drop_empty_staging(plan)
    if progress is not None:
        progress(run.total, run.total, "")
    return run.result()


def _repo_of_link(link: str) -> str:
    """``<root>/<repo folder>/blobs/<etag>`` -> ``<root>/<repo folder>``."""
    return os.path.dirname(os.path.dirname(link))


def _drop_empty_staging(plan: CleanPlan) -> None:
    for root in {i.root for i in plan.items} | set(plan.roots):
        for where in STAGING_PLACES:
            with contextlib.suppress(OSError), open_dir(root, where[:-1]) as fd:
                os.rmdir(where[-1], dir_fd=fd)
