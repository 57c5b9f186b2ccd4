"""Reading a cached text file (config, README, code) for a read-only viewer.

Everything in a cache came from someone else, so the reader is careful: it reads at most
a cap (1 MiB by default; a 30 MB tokenizer.json is cut, with a note), regular files only
(a FIFO cannot block it), bytes that are not UTF-8 shown replaced, never run or imported.
JSON is pretty-printed only after :mod:`hfmanager.core.untrusted` has checked its nesting.
A snapshot entry is a link into ``blobs/``; it is followed only while it stays inside the
cache root (the scan's own rule), and a broken one says so instead of failing.

The outcome is a kind plus parameters (:class:`PreviewIssue`, ``detail``), so the UI
words it through its translations.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
from dataclasses import dataclass
from enum import Enum

from hfmanager.core import untrusted
from hfmanager.core.fsutil import read_untouched
from hfmanager.core.inventory.links import resolve_link, root_prefixes
from hfmanager.core.inventory.model import ProblemKind

PREVIEW_CAP = 1 << 20
_SNIFF = 8192  # a NUL byte in the first 8 KiB: a binary file (git's rule)


class PreviewFormat(str, Enum):
    """How the viewer shows the text."""

    JSON = "json"
    MARKDOWN = "markdown"
    PYTHON = "python"
    TEXT = "text"


class PreviewIssue(str, Enum):
    """Why nothing (or less than everything) is shown; the UI words each one."""

    BROKEN_LINK = "broken_link"  # detail: the missing target
    LINK_OUTSIDE = "link_outside"  # detail: the link text; not followed
    UNREADABLE = "unreadable"  # detail: the OS error
    BINARY = "binary"  # NUL bytes: not text
    BAD_JSON = "bad_json"  # detail: why; the raw text is shown instead


_BY_SUFFIX = {".json": PreviewFormat.JSON, ".md": PreviewFormat.MARKDOWN,
              ".markdown": PreviewFormat.MARKDOWN, ".py": PreviewFormat.PYTHON}
_TEXT_SUFFIXES = (".txt", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".jinja", ".j2",
                  ".jsonl", ".csv", ".tsv", ".rst", ".gitattributes", ".gitignore", ".sh",
                  ".cff", ".bib", ".tex", ".html", ".xml", ".proto", ".license")
_TEXT_NAMES = frozenset({"license", "licence", "notice", "readme", "copying", "authors",
                         "citation", "merges", "vocab"})


def viewable(name: str) -> PreviewFormat | None:
    """The format to show a file of this base name in, or None (weights, binaries: not
    offered). Decided by name only, so building a menu costs no I/O."""
    low = name.lower()
    stem, dot, suffix = low.rpartition(".")
    if dot and f".{suffix}" in _BY_SUFFIX:
        return _BY_SUFFIX[f".{suffix}"]
    if (dot and low.endswith(_TEXT_SUFFIXES)) or (low if not dot else stem) in _TEXT_NAMES:
        return PreviewFormat.TEXT
    return None


@dataclass(frozen=True)
class Preview:
    """What the viewer shows: the text (possibly cut), and what it should say about it."""

    format: PreviewFormat
    text: str
    size: int = 0  # bytes on disk
    truncated: bool = False  # only the first ``cap`` bytes are shown
    replaced: bool = False  # bytes that are not UTF-8 were replaced
    issue: PreviewIssue | None = None
    detail: str = ""
    shown: int = 0  # bytes of the file the text comes from (the cap when truncated)

    @property
    def failed(self) -> bool:
        """Nothing to show (the issue says why)."""
        return self.issue in (PreviewIssue.BROKEN_LINK, PreviewIssue.LINK_OUTSIDE,
                              PreviewIssue.UNREADABLE, PreviewIssue.BINARY)


def _followed(path: str, root: str | None) -> tuple[str, Preview | None]:
    """The file a snapshot entry names, or the preview that explains why it cannot be read."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return path, Preview(PreviewFormat.TEXT, "", issue=PreviewIssue.UNREADABLE,
                             detail=exc.strerror or str(exc))
    if not stat.S_ISLNK(st.st_mode) or root is None:
        return path, None
    res = resolve_link(path, root_prefixes(root))
    if res.problem is None and res.path is not None:
        return res.path, None
    issue = {ProblemKind.BROKEN_LINK: PreviewIssue.BROKEN_LINK,
             ProblemKind.LINK_OUTSIDE: PreviewIssue.LINK_OUTSIDE}.get(
        res.problem or ProblemKind.UNREADABLE, PreviewIssue.UNREADABLE)
    return path, Preview(PreviewFormat.TEXT, "", issue=issue, detail=res.detail)


def _decode(raw: bytes, *, final: bool) -> tuple[str, bool]:
    """The text, and whether bytes that are not UTF-8 were replaced. A cut file may end
    inside a character: that tail is dropped, not counted as damage (``final=False``)."""
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(raw, final=final), False
    except UnicodeDecodeError:
        return codecs.getincrementaldecoder("utf-8")("replace").decode(raw, final=final), True


def read_preview(path: str, name: str | None = None, *, root: str | None = None,
                 cap: int = PREVIEW_CAP) -> Preview:
    """The text of ``path`` for a viewer, in the format its name suggests (``name``,
    default the base name). With ``root`` (the cache root), a link is followed only
    inside it. Never raises for what is on disk."""
    fmt = viewable(name or os.path.basename(path)) or PreviewFormat.TEXT
    target, refused = _followed(path, root)
    if refused is not None:
        return Preview(fmt, "", issue=refused.issue, detail=refused.detail)
    try:
        raw = read_untouched(target, cap + 1)
        size = os.stat(target).st_size
    except FileNotFoundError as exc:
        issue = PreviewIssue.BROKEN_LINK if os.path.islink(path) else PreviewIssue.UNREADABLE
        return Preview(fmt, "", issue=issue, detail=exc.strerror or str(exc))
    except OSError as exc:
        return Preview(fmt, "", issue=PreviewIssue.UNREADABLE, detail=exc.strerror or str(exc))
    truncated = len(raw) > cap
    raw = raw[:cap]
    if b"\0" in raw[:_SNIFF]:
        return Preview(fmt, "", size, issue=PreviewIssue.BINARY)
    text, replaced = _decode(raw, final=not truncated)
    if fmt is PreviewFormat.JSON and not truncated:
        try:
            value = untrusted.loads(raw, what=os.path.basename(name or path))
        except untrusted.BadJSONError as exc:
            return Preview(fmt, text, size, truncated, replaced, PreviewIssue.BAD_JSON, str(exc),
                           len(raw))
        text = json.dumps(value, indent=2, ensure_ascii=False)
    return Preview(fmt, text, size, truncated, replaced, shown=len(raw))
