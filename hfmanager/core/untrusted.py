"""Reading what a hostile or damaged cache may hold, with limits that keep the reader alive.

- JSON: ``json`` recurses once per nesting level, so a config.json of 100,000 ``[`` raises
  RecursionError (not ValueError) and takes a whole scan down with it. :func:`loads`
  refuses nesting deeper than :data:`JSON_MAX_DEPTH` before parsing, and :func:`read_json`
  reads regular files only (a FIFO or a device raises OSError instead of blocking or
  filling memory), at most a given size.
- Folders: ``os.walk`` (before Python 3.12) and recursive helpers die on a tree deeper
  than the recursion limit. :func:`walk` is iterative and does not enter folders deeper
  than its limit; it names them instead, so that callers report them, never silently.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from typing import Any

from hfmanager.core.fsutil import read_untouched

# Real config, index, listing and safetensors files nest 3 to 6 levels.
JSON_MAX_DEPTH = 64
# Real snapshots nest a few folders; a tree deeper than this is damage or an attack.
WALK_MAX_DEPTH = 128


class BadJSONError(ValueError):
    """A file that is not JSON, or is too large or nested too deeply to be read safely."""


class JSONLimitError(BadJSONError):
    """Too large or nested too deeply: refused before parsing (damage or an attack)."""


# A JSON string, or an unterminated one running to the end: from any quote the match
# succeeds at once, so stripping strings is linear even for a hostile run of backslashes.
_STRING = re.compile(rb'"[^"\\]*(?:\\.?[^"\\]*)*(?:"|\Z)', re.S)
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_INNERMOST = re.compile(rb"\[\]|\{\}")


def too_deep(raw: bytes, limit: int = JSON_MAX_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (mismatched brackets,
    which are no JSON either, count as too deep). Free for ordinary files: with fewer
    opening brackets than ``limit`` in the whole text, nothing is scanned."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    # Each round removes the innermost level (pairs adjacent before the round): all in
    # C, a few rounds for a real file, at most ``limit`` for any. A run of more than
    # ``limit`` opening brackets ends it at once (a hostile file is mostly that).
    run = re.compile(rb"[\[{]{%d}" % (limit + 1))
    for _ in range(limit):
        if not brackets:
            return False
        if run.search(brackets):
            return True
        brackets = _INNERMOST.sub(b"", brackets)
    return bool(brackets)


def loads(data: bytes | str, *, max_depth: int = JSON_MAX_DEPTH, what: str = "JSON") -> Any:
    """``json.loads`` for text from a file or a process that may be hostile: any failure,
    nesting deeper than ``max_depth`` included, is a :class:`BadJSONError` naming ``what``.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if too_deep(raw, max_depth):
        raise JSONLimitError(f"{what} is nested too deeply (more than {max_depth} levels, "
                             "or brackets that do not match): not read")
    try:
        return json.loads(raw)
    except RecursionError as exc:  # a caller already deep in its own stack
        raise JSONLimitError(f"{what} is nested too deeply to be read") from exc
    except ValueError as exc:  # UnicodeDecodeError included
        raise BadJSONError(f"{what} is not valid JSON ({exc})") from exc


def read_json(path: str | os.PathLike[str], limit: int, *, follow: bool = True,
              max_depth: int = JSON_MAX_DEPTH) -> Any:
    """The JSON value in the regular file ``path`` of at most ``limit`` bytes.

    OSError when it cannot be read (missing, unreadable, a FIFO, a device, a final link
    with ``follow=False``); :class:`JSONLimitError` when it is larger than ``limit`` or
    nested too deeply, :class:`BadJSONError` when it is not JSON (both ValueErrors). The
    access time is left as it was.
    """
    name = os.path.basename(os.fspath(path))
    raw = read_untouched(path, limit + 1, follow=follow)
    if len(raw) > limit:
        raise JSONLimitError(f"{name} is larger than {limit} bytes: not read")
    return loads(raw, max_depth=max_depth, what=name)


OnError = Callable[[str, str], None]


def walk(top: str, *, max_depth: int = WALK_MAX_DEPTH,
         on_error: OnError | None = None) -> Iterator[tuple[str, os.stat_result]]:
    """Every entry below ``top`` (not ``top`` itself) with its lstat, depth first in name
    order; links are reported, never followed.

    Iterative, so any depth is safe. A folder that cannot be listed, or lies more than
    ``max_depth`` folders below ``top``, is not entered: ``on_error(path, why)`` is told.
    """
    def listing(folder: str) -> list[str]:
        try:
            return sorted(os.listdir(folder))
        except FileNotFoundError:
            return []
        except OSError as exc:
            if on_error is not None:
                on_error(folder, exc.strerror or str(exc))
            return []

    stack: list[tuple[str, Iterator[str], int]] = [(top, iter(listing(top)), 0)]
    while stack:
        folder, names, depth = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        path = os.path.join(folder, name)
        try:
            st = os.lstat(path)
        except OSError as exc:
            if on_error is not None and not isinstance(exc, FileNotFoundError):
                on_error(path, exc.strerror or str(exc))
            continue
        yield path, st
        if stat.S_ISDIR(st.st_mode):
            if depth >= max_depth:
                if on_error is not None:
                    on_error(path, f"nested more than {max_depth} folders deep: not read")
                continue
            stack.append((path, iter(listing(path)), depth + 1))
