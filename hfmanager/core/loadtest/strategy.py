"""What the worker will do with a snapshot, decided without importing anything heavy.

Mirrors the load worker's choice (``workers/hfm_load_snapshot.py``; the worker cannot
import this module: it must run in any Python) so the app can show the strategy and ask
about remote code before a run.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from hfmanager.core import cachespec as cs
from hfmanager.core.fsutil import read_untouched
from hfmanager.core.untrusted import read_json, walk

# Metadata a loader parses whole: bigger than this, it is no model's config.
JSON_LIMIT = 64 * 1024 * 1024
_METADATA = frozenset({"config.json", "model_index.json", "modules.json",
                       "generation_config.json", "adapter_config.json"})


def _config(folder: Path) -> dict[str, Any]:
    try:  # regular files only, size and nesting limited: never blocks, never fills memory
        data = read_json(folder / "config.json", JSON_LIMIT)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def strategy(target: str | Path) -> str:
    """transformers | sentence_transformers | diffusers | timm | state_dict (the fallback)."""
    folder = Path(target)
    if folder.is_file():
        return "state_dict"
    if (folder / "model_index.json").is_file():
        return "diffusers"
    if (folder / "modules.json").is_file():
        return "sentence_transformers"
    cfg = _config(folder)
    if "pretrained_cfg" in cfg and "architecture" in cfg:
        return "timm"
    if cfg.get("model_type") or cfg.get("auto_map"):
        return "transformers"
    return "state_dict"


def custom_code_files(target: str | Path) -> list[str]:
    """The .py files of a snapshot, relative, sorted: what remote code would run."""
    folder = Path(target)
    if not folder.is_dir():
        return []
    return sorted(os.path.relpath(p, folder).replace(os.sep, "/")
                  for p, st in walk(str(folder))
                  if p.endswith(".py") and not stat.S_ISDIR(st.st_mode))


def needs_remote_code(target: str | Path) -> bool:
    """True when config.json maps Auto classes to the repo's own code (``auto_map``)."""
    folder = Path(target)
    return folder.is_dir() and bool(_config(folder).get("auto_map"))


def trust_key(repo_id: str, commit: str, repo_type: str = "model") -> str:
    """The key stored in settings.trusted_code: allowing one commit, not the repo forever."""
    return f"{repo_type}/{repo_id}@{commit}"


class TargetError(ValueError):
    """REPO_ID or PATH that does not name something loadable; the message says why."""


def resolve_target(name: str, revision: str | None = None, cache_dir: str | Path | None = None
                   ) -> tuple[Path, str, str]:
    """(snapshot folder or file, repo label, commit) for a path or a cached repo id.

    A repo id is looked up in the hub cache: ``refs/<revision or main>`` gives the commit
    (a ref that does not hold one is refused, never followed as a path), or a 40-hex
    revision names the snapshot directly. Paths are loaded as they are. Either way the
    files are checked first (:func:`check_files`).
    """
    path = Path(os.path.expanduser(name))
    if path.exists() and (revision is None or path.is_file()):
        check_files(path)
        return path.resolve(), str(path.resolve()), ""
    if cache_dir is None:
        from hfmanager.core import paths

        cache_dir = paths.hf_hub_cache_root().path
    if name.count("/") > 1 or ".." in name.split("/") or name.startswith("/"):
        raise TargetError(f"{name!r} is neither an existing path nor a repo id")
    repo = Path(cache_dir) / cs.repo_folder(name, "model")
    if not repo.is_dir():
        raise TargetError(f"{name} is not in the cache at {cache_dir}")
    rev = revision or "main"
    commit = rev if cs.is_commit(rev) else _ref_commit(repo, name, rev)
    snap = repo / "snapshots" / commit
    if not snap.is_dir() or snap.is_symlink():
        raise TargetError(f"{name}@{rev}: snapshot {commit} is not in the cache")
    check_files(snap)
    return snap, name, commit


def _ref_commit(repo: Path, name: str, rev: str) -> str:
    """The commit ``refs/<rev>`` holds; refs are 40-hex commits or they are refused."""
    parts = rev.split("/")
    if rev.startswith("/") or "\\" in rev or any(p in ("", ".", "..") for p in parts):
        raise TargetError(f"{rev!r} is not a branch, tag or commit name")
    ref = repo / "refs" / rev
    try:
        raw = read_untouched(ref, 256, follow=False)
    except OSError as exc:
        if os.path.lexists(ref):
            raise TargetError(f"{name}: refs/{rev} cannot be read ({exc.strerror or exc}): "
                              "not a regular file; pass --revision <commit>") from exc
        refs = sorted(p.name for p in (repo / "refs").glob("*")) if (
            repo / "refs").is_dir() else []
        raise TargetError(f"{name} has no ref {rev!r} in the cache (refs: "
                          f"{', '.join(refs) or 'none'}); pass --revision <commit>") from exc
    commit, _exact = cs.parse_ref(raw)
    if commit is None:
        raise TargetError(f"{name}: refs/{rev} does not hold a commit hash "
                          f"({raw[:60]!r}): refused; pass --revision <commit>")
    return commit


def _what(mode: int) -> str:
    return ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
            or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file")


def check_files(target: str | Path) -> None:
    """Raise :class:`TargetError` when a loader could hang or exhaust memory on ``target``:
    a file (or a link's target) that is a FIFO, a device or a socket (the loader blocks
    on a FIFO forever and reads /dev/zero until memory runs out), metadata JSON over
    :data:`JSON_LIMIT`, or a folder nested deeper than the walk's limit."""
    target = Path(target)
    if not target.is_dir():
        st = os.stat(target)
        if not stat.S_ISREG(st.st_mode):
            raise TargetError(f"{target} is {_what(st.st_mode)}, not a regular file: refused")
        return
    unread: list[str] = []
    for p, st in walk(str(target), on_error=lambda path, why: unread.append(f"{path}: {why}")):
        rel = os.path.relpath(p, target)
        if stat.S_ISLNK(st.st_mode):
            try:
                st = os.stat(p)
            except OSError:
                continue  # a broken link: the loader names the missing file itself
        if stat.S_ISDIR(st.st_mode):
            continue
        if not stat.S_ISREG(st.st_mode):
            raise TargetError(f"{rel} is {_what(st.st_mode)}, not a regular file: refused "
                              "(a loader would block on it or read it without end)")
        name = os.path.basename(p)
        if (name in _METADATA or name.endswith(".index.json")) and st.st_size > JSON_LIMIT:
            raise TargetError(f"{rel} is {st.st_size} bytes, more than any model's metadata: "
                              "refused")
    if unread:
        raise TargetError(f"cannot read the whole snapshot: {unread[0]}")
