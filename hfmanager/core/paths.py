"""Where every cache and app file lives: the only place paths are decided.

The rules mirror huggingface_hub.constants and torch.hub so that we find exactly the
folders those libraries use, and we report which variable chose each root.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import platformdirs

from hfmanager.core.messages import Msg, msg

APP_NAME = "hfmanager"


class RootKind(str, Enum):
    """Which cache layout a root holds."""

    HF = "hf"
    TORCH = "torch"


@dataclass(frozen=True)
class CacheRoot:
    """A cache folder and the reason it was chosen (an env var, 'default' or 'user')."""

    path: Path
    kind: RootKind
    source: str

    def to_json(self) -> dict[str, str]:
        return {"path": str(self.path), "kind": self.kind.value, "source": self.source}


def _expand(value: str) -> Path:
    return Path(os.path.expandvars(os.path.expanduser(value)))


def _xdg_cache(env: Mapping[str, str]) -> tuple[Path, str]:
    if env.get("XDG_CACHE_HOME"):
        return _expand(env["XDG_CACHE_HOME"]), "XDG_CACHE_HOME"
    return Path(os.path.expanduser("~")) / ".cache", "default"


def hf_home(env: Mapping[str, str] | None = None) -> tuple[Path, str]:
    """HF_HOME as huggingface_hub resolves it, with the variable that chose it."""
    env = os.environ if env is None else env
    if env.get("HF_HOME"):
        return _expand(env["HF_HOME"]), "HF_HOME"
    base, source = _xdg_cache(env)
    return base / "huggingface", source


def hf_hub_cache_root(env: Mapping[str, str] | None = None) -> CacheRoot:
    """The hub cache, in huggingface_hub's order of precedence.

    HF_HUB_CACHE > HUGGINGFACE_HUB_CACHE (legacy) > TRANSFORMERS_CACHE (legacy, still
    honoured by transformers) > $HF_HOME/hub > $XDG_CACHE_HOME/huggingface/hub.
    """
    env = os.environ if env is None else env
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "TRANSFORMERS_CACHE"):
        if env.get(var):
            return CacheRoot(_expand(env[var]), RootKind.HF, var)
    home, source = hf_home(env)
    return CacheRoot(home / "hub", RootKind.HF, source)


def hf_token_path(env: Mapping[str, str] | None = None) -> Path:
    """Where `hf auth login` stores the token."""
    env = os.environ if env is None else env
    if env.get("HF_TOKEN_PATH"):
        return _expand(env["HF_TOKEN_PATH"])
    return hf_home(env)[0] / "token"


def torch_home(env: Mapping[str, str] | None = None) -> tuple[Path, str]:
    """TORCH_HOME as torch.hub resolves it: $TORCH_HOME or $XDG_CACHE_HOME/torch."""
    env = os.environ if env is None else env
    if env.get("TORCH_HOME"):
        return _expand(env["TORCH_HOME"]), "TORCH_HOME"
    base, source = _xdg_cache(env)
    return base / "torch", source


def torch_hub_root(env: Mapping[str, str] | None = None) -> CacheRoot:
    """torch.hub's directory: $TORCH_HOME/hub (checkpoints/ and code checkouts)."""
    home, source = torch_home(env)
    return CacheRoot(home / "hub", RootKind.TORCH, source)


def discover_roots(
    extra_hf: Sequence[str | Path] = (),
    extra_torch: Sequence[str | Path] = (),
    env: Mapping[str, str] | None = None,
    *,
    include_defaults: bool = True,
) -> list[CacheRoot]:
    """The default roots plus user-added folders, de-duplicated by resolved path."""
    roots: list[CacheRoot] = []
    if include_defaults:
        roots += [hf_hub_cache_root(env), torch_hub_root(env)]
    roots += [CacheRoot(_expand(str(p)), RootKind.HF, "user") for p in extra_hf]
    roots += [CacheRoot(_expand(str(p)), RootKind.TORCH, "user") for p in extra_torch]
    seen: set[tuple[str, RootKind]] = set()
    unique: list[CacheRoot] = []
    for root in roots:
        key = (os.path.realpath(root.path), root.kind)
        if key not in seen:
            seen.add(key)
            unique.append(root)
    return unique


def app_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user data dir (SQLite store, scan index). HFMANAGER_DATA_DIR overrides."""
    env = os.environ if env is None else env
    if env.get("HFMANAGER_DATA_DIR"):
        return _expand(env["HFMANAGER_DATA_DIR"])
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def app_config_dir(env: Mapping[str, str] | None = None) -> Path:
    """The user config dir (settings.json). HFMANAGER_CONFIG_DIR overrides."""
    env = os.environ if env is None else env
    if env.get("HFMANAGER_CONFIG_DIR"):
        return _expand(env["HFMANAGER_CONFIG_DIR"])
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def app_dir_problem(path: Path, what: str, variable: str) -> str | None:
    """Why ``path`` cannot be the app's ``what`` folder (it, or the nearest existing
    folder above it, is not a folder), in words naming the path and the fix; else None."""
    problem = app_dir_problem_msg(path, what, variable)
    return problem.text() if problem else None


def app_dir_problem_msg(path: Path, what: str, variable: str) -> Msg | None:
    """:func:`app_dir_problem` as a message code (``what``: "data" or "settings")."""
    probe = path
    while True:
        try:
            st = os.stat(probe)
        except (FileNotFoundError, NotADirectoryError):  # walk up to what exists
            if probe.parent == probe:
                return None
            probe = probe.parent
            continue
        except OSError as exc:
            return msg("notice.app_dir_unusable", what=what, path=str(path), probe=str(probe),
                       error=str(exc.strerror or exc), variable=variable)
        break
    if stat.S_ISDIR(st.st_mode):
        return None
    if probe == path:
        return msg("notice.app_dir_is_file", what=what, path=str(path), variable=variable)
    return msg("notice.app_dir_blocked", what=what, path=str(path), probe=str(probe),
               variable=variable)


def app_dir_problems(env: Mapping[str, str] | None = None) -> list[str]:
    """What is wrong with the data and config folders (empty when both are usable)."""
    return [p.text() for p in app_dir_problem_msgs(env)]


def app_dir_problem_msgs(env: Mapping[str, str] | None = None) -> list[Msg]:
    """:func:`app_dir_problems` as message codes."""
    found = [app_dir_problem_msg(app_data_dir(env), "data", "HFMANAGER_DATA_DIR"),
             app_dir_problem_msg(app_config_dir(env), "settings", "HFMANAGER_CONFIG_DIR")]
    return [p for p in found if p]


def store_path(env: Mapping[str, str] | None = None) -> Path:
    """The SQLite database shared by the queue, the verify cache and load history."""
    return app_data_dir(env) / "hfmanager.sqlite3"


def bundle_dir() -> Path:
    """The folder holding ``hfmanager/`` and ``resources/``: the source tree, or a frozen
    build's data folder (PyInstaller's ``sys._MEIPASS``; packaging/hfmanager.spec puts
    both there)."""
    frozen = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent.parent


def resources_dir() -> Path:
    """The resources/ folder (icons, translations, desktop file, AppStream metainfo)."""
    return bundle_dir() / "resources"


def load_worker() -> Path:
    """The load worker script, run by the user's Python: a real file beside its
    ``hfm_load_*`` siblings, also in a frozen build (shipped there as data)."""
    return bundle_dir() / "hfmanager" / "workers" / "load.py"
