"""Safe path arithmetic for symlinks: resolve inside a root, never follow one out of it.

The scanner never calls realpath/stat on a link: it reads the link text (``os.readlink``)
and works out the target lexically, then ``lstat``s only targets proven to lie inside the
cache root, through parent folders that are real folders (not links) inside the root.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from hfmanager.core.inventory.model import ProblemKind

MAX_HOPS = 16


@dataclass(frozen=True)
class Resolved:
    """Where a link chain ends: a path and its lstat, or the problem that stopped it."""

    path: str | None
    st: os.stat_result | None
    problem: ProblemKind | None
    detail: str = ""


def inside(path: str, roots: tuple[str, ...]) -> bool:
    """Whether the normalized absolute ``path`` is one of ``roots`` or below one."""
    return any(path == r or path.startswith(r + os.sep) for r in roots)


def _parents_are_real_dirs(path: str, roots: tuple[str, ...]) -> bool:
    """Every folder between the root and ``path``'s parent is a real folder, not a link."""
    parent = os.path.dirname(path)
    root = next((r for r in roots if parent == r or parent.startswith(r + os.sep)), None)
    if root is None:
        return False
    current = root
    for part in parent[len(root):].split(os.sep):
        if not part:
            continue
        current = os.path.join(current, part)
        try:
            if not stat.S_ISDIR(os.lstat(current).st_mode):
                return False
        except OSError:
            return False
    return True


def resolve_link(link_path: str, roots: tuple[str, ...]) -> Resolved:
    """Follow the chain starting at the symlink ``link_path`` while it stays inside ``roots``."""
    path = link_path
    seen: set[str] = {os.path.normpath(link_path)}
    for _ in range(MAX_HOPS):
        try:
            target = os.readlink(path)
        except OSError as exc:
            return Resolved(path, None, ProblemKind.UNREADABLE, str(exc))
        path = os.path.normpath(os.path.join(os.path.dirname(path), target))
        if not inside(path, roots):
            return Resolved(path, None, ProblemKind.LINK_OUTSIDE, target)
        if path in seen:
            return Resolved(path, None, ProblemKind.LINK_LOOP, target)
        seen.add(path)
        if not _parents_are_real_dirs(path, roots):
            return Resolved(path, None, ProblemKind.LINK_OUTSIDE, target)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return Resolved(path, None, ProblemKind.BROKEN_LINK, target)
        except OSError as exc:
            return Resolved(path, None, ProblemKind.UNREADABLE, str(exc))
        if not stat.S_ISLNK(st.st_mode):
            return Resolved(path, st, None)
    return Resolved(path, None, ProblemKind.LINK_LOOP, "too many links")


def root_prefixes(root: str) -> tuple[str, ...]:
    """The root as given and as the OS resolves it (a root may itself sit behind a link)."""
    given = os.path.normpath(os.path.abspath(root))
    real = os.path.realpath(given)
    return (given,) if real == given else (given, real)


def display(path: str) -> str:
    """A printable form of a path that may hold undecodable (non-UTF-8) bytes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_utf8(name: str) -> bool:
    """False for names decoded with surrogate escapes (invalid UTF-8 on disk)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
