"""What the worker will do with a snapshot, decided without importing anything heavy.

Mirrors ``workers/load.py``'s choice (the worker cannot import this module: it must run
in any Python) so the app can show the strategy and ask about remote code before a run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hfmanager.core import cachespec as cs
from hfmanager.core.fsutil import read_untouched


def _config(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_untouched(folder / "config.json", 64 * 1024 * 1024))
    except (OSError, ValueError, RecursionError):
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
    out = []
    for dirpath, _dirs, files in os.walk(folder):
        out += [os.path.relpath(os.path.join(dirpath, n), folder).replace(os.sep, "/")
                for n in files if n.endswith(".py")]
    return sorted(out)


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

    A repo id is looked up in the hub cache: ``refs/<revision or main>`` gives the commit,
    or a 40-hex revision names the snapshot directly. Paths are loaded as they are.
    """
    path = Path(os.path.expanduser(name))
    if path.exists() and (revision is None or path.is_file()):
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
    commit = rev
    if not cs.is_commit(rev):
        ref = repo / "refs" / rev
        try:
            commit = ref.read_text(encoding="utf-8").strip()
        except OSError as exc:
            refs = sorted(p.name for p in (repo / "refs").glob("*")) if (
                repo / "refs").is_dir() else []
            raise TargetError(f"{name} has no ref {rev!r} in the cache (refs: "
                              f"{', '.join(refs) or 'none'}); pass --revision <commit>") from exc
    snap = repo / "snapshots" / commit
    if not snap.is_dir():
        raise TargetError(f"{name}@{rev}: snapshot {commit} is not in the cache")
    return snap, name, commit
