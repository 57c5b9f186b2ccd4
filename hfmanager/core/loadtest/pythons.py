"""Find Python interpreters (venvs, conda envs) the worker can run in.

A test load in the user's own project environment tells them what *their* torch and
transformers versions do. Venvs are kept by their own path, not resolved: a venv's
``bin/python`` is a symlink to the base interpreter, but it sees different packages.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from hfmanager.core import procs

_PROBE = (
    "import importlib.util as u, json, sys, platform\n"
    "def v(m):\n"
    "    if u.find_spec(m) is None: return None\n"
    "    try:\n"
    "        from importlib.metadata import version; return version(m)\n"
    "    except Exception: return '?'\n"
    "print(json.dumps({'version': platform.python_version(), 'torch': v('torch'),"
    " 'transformers': v('transformers'), 'safetensors': v('safetensors')}))\n"
)


@dataclass(frozen=True)
class PythonEnv:
    """An interpreter and where it was found (app, setting, venv, conda, ...)."""

    path: str
    source: str

    @property
    def label(self) -> str:
        p = Path(self.path)
        env = p.parent.parent.name if p.parent.name in ("bin", "Scripts") else p.parent.name
        return f"{env} ({self.source})"


@dataclass(frozen=True)
class PythonInfo:
    """What a probe found: version and load libraries (None = not installed)."""

    path: str
    version: str | None
    torch: str | None
    transformers: str | None
    safetensors: str | None
    error: str | None = None


def _bin(env_dir: Path) -> Path:
    if os.name == "nt":
        return env_dir / "python.exe" if (env_dir / "python.exe").exists() \
            else env_dir / "Scripts" / "python.exe"
    return env_dir / "bin" / "python"


def _candidates(home: Path, env: Mapping[str, str], cwd: Path) -> Iterable[tuple[Path, str]]:
    for sub in (".virtualenvs", ".pyenv/versions", ".local/share/virtualenvs"):
        base = home / sub
        if base.is_dir():
            for d in sorted(base.iterdir()):
                yield _bin(d), "venv"
    for conda in ("miniconda3", "anaconda3", "miniforge3", "mambaforge", ".conda"):
        base = home / conda
        yield _bin(base), "conda"
        if (base / "envs").is_dir():
            for d in sorted((base / "envs").iterdir()):
                yield _bin(d), "conda"
    if env.get("CONDA_PREFIX"):
        yield _bin(Path(env["CONDA_PREFIX"])), "CONDA_PREFIX"
    if env.get("VIRTUAL_ENV"):
        yield _bin(Path(env["VIRTUAL_ENV"])), "VIRTUAL_ENV"
    for folder in (cwd, home):
        for name in (".venv", "venv", "env"):
            yield _bin(folder / name), "venv"


def discover(extra: Iterable[str] = (), env: Mapping[str, str] | None = None,
             home: Path | None = None, cwd: Path | None = None) -> list[PythonEnv]:
    """The app's Python first, then the user's settings, then what is found on disk."""
    env = os.environ if env is None else env
    home = home or Path.home()
    cwd = cwd or Path.cwd()
    # A frozen build has no Python of its own: its first choice is the one on PATH.
    first = "PATH" if getattr(sys, "frozen", False) else "app"
    found: list[PythonEnv] = [PythonEnv(procs.default_python(), first)]
    found += [PythonEnv(os.path.expanduser(p), "settings") for p in extra]
    found += [PythonEnv(str(p), src) for p, src in _candidates(home, env, cwd)]
    seen: set[str] = set()
    out: list[PythonEnv] = []
    for pe in found:
        key = os.path.abspath(pe.path)
        if key in seen or not (os.path.isfile(key) and os.access(key, os.X_OK)):
            continue
        seen.add(key)
        out.append(PythonEnv(key, pe.source) if pe.source != "app" else pe)
    return out


def probe(python: str, timeout: float = 20.0) -> PythonInfo:
    """Ask an interpreter its version and whether torch/transformers are installed.

    Uses ``find_spec`` and package metadata only: nothing heavy is imported.
    """
    return procs.run_sync(probe_async(python, timeout))


async def probe_async(python: str, timeout: float = 20.0) -> PythonInfo:
    """:func:`probe` without blocking the event loop (the GUI's Python picker);
    :func:`probe` runs it on a loop of its own."""
    try:
        _code, out = await procs.capture([python, "-I", "-c", _PROBE], timeout=timeout)
        data = json.loads(out.decode("utf-8", "replace").strip().splitlines()[-1])
    except (OSError, procs.ChildError, ValueError, IndexError) as exc:
        return PythonInfo(python, None, None, None, None, f"cannot run {python}: {exc}")
    return PythonInfo(python, data.get("version"), data.get("torch"),
                      data.get("transformers"), data.get("safetensors"))
