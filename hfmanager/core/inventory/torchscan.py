"""Scan a torch hub folder ($TORCH_HOME/hub): downloaded checkpoints and code checkouts."""

from __future__ import annotations

import os
import re
import stat

from hfmanager.core import cachespec as cs
from hfmanager.core.inventory.links import display
from hfmanager.core.inventory.model import Problem, ProblemKind, TorchEntry, TorchEntryKind
from hfmanager.core.messages import msg

# torch.hub names downloads "<name>-<first hex digits of sha256>.<ext>" (HASH_REGEX).
CHECKPOINT_HASH = re.compile(r"-([a-f0-9]{8,64})\.")
# torch.hub downloads to a NamedTemporaryFile in the same folder, then renames it.
_TEMP_NAME = re.compile(r"tmp[a-z0-9_]{6,}(\.partial)?")
_IGNORED = frozenset({"trusted_list", ".locks", ".DS_Store", "Thumbs.db"})


def _tree_size(path: str, problems: list[Problem]) -> tuple[int, float, float]:
    """Total size, latest atime and mtime under a real folder, never following links."""
    size, atime, mtime = 0, 0.0, 0.0
    stack = [path]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            problems.append(Problem.said(ProblemKind.UNREADABLE, msg(
                "problem.folder_unreadable", folder=display(folder), error=str(exc.strerror)),
                folder))
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            size += st.st_size
            atime, mtime = max(atime, st.st_atime), max(mtime, st.st_mtime)
    return size, atime, mtime


def _checkpoint(entry: os.DirEntry[str], root: str) -> TorchEntry | None:
    problems: list[Problem] = []
    try:
        st = entry.stat(follow_symlinks=False)
    except OSError as exc:
        problems.append(Problem.said(ProblemKind.UNREADABLE,
                                     msg("problem.unreadable", error=str(exc)), entry.path))
        return TorchEntry(TorchEntryKind.CHECKPOINT, entry.name, entry.path, 0, 0, 0,
                          problems=tuple(problems), root=root)
    if stat.S_ISLNK(st.st_mode):
        problems.append(Problem.said(ProblemKind.UNEXPECTED_ENTRY, msg(
            "problem.checkpoint_link", name=display(entry.name)), entry.path))
    elif not stat.S_ISREG(st.st_mode):
        return None
    if entry.name.endswith((cs.OUR_SIDECAR_SUFFIX, cs.OUR_LOCK_SUFFIX)):
        return None  # the bookkeeping of our download by URL beside its partial
    if _TEMP_NAME.fullmatch(entry.name) or entry.name.endswith(cs.OUR_PARTIAL_SUFFIX):
        problems.append(Problem.said(ProblemKind.INCOMPLETE_DOWNLOAD, msg(
            "problem.torch_incomplete", size=st.st_size, written=st.st_mtime),
            entry.path))
    match = CHECKPOINT_HASH.search(entry.name)
    return TorchEntry(TorchEntryKind.CHECKPOINT, entry.name, entry.path, st.st_size,
                      st.st_atime, st.st_mtime, match.group(1) if match else None,
                      problems=tuple(problems), root=root)


def _checkout(entry: os.DirEntry[str], root: str) -> TorchEntry:
    problems: list[Problem] = []
    size, atime, mtime = _tree_size(entry.path, problems)
    parts = entry.name.split("_")
    owner, repo, ref = (parts[0], "_".join(parts[1:-1]), parts[-1]) if len(parts) >= 3 else (
        None, None, None)
    if owner is None:
        problems.append(Problem.said(ProblemKind.UNEXPECTED_ENTRY, msg(
            "problem.torch_bad_checkout", name=display(entry.name)), entry.path))
    return TorchEntry(TorchEntryKind.CODE, entry.name, entry.path, size, atime, mtime,
                      owner=owner, repo=repo, ref=ref, problems=tuple(problems), root=root)


def scan_torch_root(root: str) -> tuple[list[TorchEntry], list[Problem]]:
    """All checkpoints and checkouts under a torch hub folder, plus root-level problems."""
    entries: list[TorchEntry] = []
    problems: list[Problem] = []
    try:
        with os.scandir(root) as it:
            top = sorted(it, key=lambda e: e.name)
    except FileNotFoundError:
        return entries, problems
    except OSError as exc:
        return entries, [Problem.said(ProblemKind.UNREADABLE, msg(
            "problem.torch_root_unreadable", error=str(exc.strerror)), root)]
    for entry in top:
        if entry.name in _IGNORED:
            continue
        if entry.name == "checkpoints" and entry.is_dir(follow_symlinks=False):
            try:
                with os.scandir(entry.path) as it:
                    ckpts = sorted(it, key=lambda e: e.name)
            except OSError as exc:
                problems.append(Problem.said(ProblemKind.UNREADABLE, msg(
                    "problem.checkpoints_unreadable", error=str(exc.strerror)), entry.path))
                continue
            entries.extend(e for c in ckpts if (e := _checkpoint(c, root)) is not None)
        elif entry.is_dir(follow_symlinks=False):
            entries.append(_checkout(entry, root))
        elif entry.is_symlink():
            problems.append(Problem.said(ProblemKind.UNEXPECTED_ENTRY, msg(
                "problem.link_not_followed", name=display(entry.name)), entry.path))
    return entries, problems
