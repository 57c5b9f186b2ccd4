"""Typed settings persisted atomically as JSON in the user config dir.

Unknown keys in the file are ignored and missing keys take their defaults, so older
and newer versions of the app can share one file. Every known field is checked on its
own (type, range, no NUL or control characters, sane length): a bad field falls back to
its default with a warning naming it (:mod:`hfmanager.core.notices`), the others are
kept. A file that cannot be read as a JSON object at all (not JSON, nested too deeply,
too large) is kept aside as ``settings.json.bad`` and defaults are used; one that is not
a regular file (a FIFO, a device, a folder) is never opened for reading, so it cannot
hang the app. Losing a preference beats not starting.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from hfmanager.core import notices, paths
from hfmanager.core.fsutil import atomic_write_text
from hfmanager.core.messages import Msg, Param, msg
from hfmanager.core.untrusted import read_json

MAX_FILE_BYTES = 1024 * 1024  # ours are a few KB (window geometry included)
MAX_TEXT = 16 * 1024  # one string field (base64 window state is ~1-2 KB)
MAX_ITEMS = 1000  # one list field


@dataclass
class Settings:
    """All user preferences. Add fields with defaults; never rename silently."""

    language: str = "system"  # "system", "en", "zh_CN"
    theme: str = "system"  # "system" (follow the OS), "light", "dark"
    extra_hf_dirs: list[str] = field(default_factory=list)
    extra_torch_dirs: list[str] = field(default_factory=list)
    # downloads / network
    endpoint: str = ""  # "" = environment or official Hub
    custom_endpoints: list[str] = field(default_factory=list)
    send_token_to_mirror: bool = False
    # Tried in this order after the endpoint in force, file by file, when it misses one
    # (core/downloads/fallback.py); and the endpoints (besides the official Hub) that may
    # receive the token.
    fallback_endpoints: list[str] = field(default_factory=list)
    trusted_endpoints: list[str] = field(default_factory=list)
    offline: bool = False
    http_proxy: str = ""
    https_proxy: str = ""
    max_parallel_files: int = 4
    connections_per_file: int = 1  # > 1: large files in that many ranges at once
    max_concurrent_jobs: int = 2
    bandwidth_limit_kbps: int = 0  # 0 = unlimited
    # cleanup
    use_trash: bool = True
    # load test
    python_executables: list[str] = field(default_factory=list)
    trusted_code: list[str] = field(default_factory=list)  # "repo_type/repo_id@commit"
    # window (base64 of Qt saveGeometry/saveState)
    window_geometry: str = ""
    library_splitter: str = ""

    @classmethod
    def path(cls) -> Path:
        return paths.app_config_dir() / "settings.json"

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """The saved settings; every problem found is reported as a notice."""
        settings, warnings = cls.load_said(path)
        for warning in warnings:
            notices.said("settings", warning, path=str(path or cls.path()))
        return settings

    @classmethod
    def load_checked(cls, path: Path | None = None) -> tuple[Settings, list[str]]:
        """The saved settings and a warning per field (or file) that was not usable."""
        settings, warnings = cls.load_said(path)
        return settings, [w.text() for w in warnings]

    @classmethod
    def load_said(cls, path: Path | None = None) -> tuple[Settings, list[Msg]]:
        """:meth:`load_checked` with the warnings as message codes (the window's notices)."""
        path = path or cls.path()
        try:
            raw = read_json(path, MAX_FILE_BYTES)
        except FileNotFoundError:
            return cls(), []
        except ValueError as exc:  # not JSON, too large, nested too deeply
            return cls(), [_set_aside(path, str(exc))]
        except OSError as exc:  # a FIFO, a device, a folder, unreadable
            why = exc.strerror or str(exc)
            return cls(), [msg("settings.unreadable", path=str(path), why=why)]
        if not isinstance(raw, dict):
            return cls(), [_set_aside(path, msg("settings.not_object"))]
        values: dict[str, Any] = {}
        warnings: list[Msg] = []
        for f in fields(cls):
            if f.name not in raw:
                continue
            value, problem = _FIELD_CHECKS[f.name](raw[f.name])
            if problem:
                warnings.append(msg("settings.field_default" if value is None
                                    else "settings.field_kept",
                                    name=f.name, path=str(path), problem=problem))
            if value is not None:
                values[f.name] = value
        return cls(**values), warnings

    def save(self, path: Path | None = None) -> None:
        atomic_write_text(path or self.path(), json.dumps(asdict(self), indent=2))


def _set_aside(path: Path, why: Param) -> Msg:
    """Keep an unreadable settings file as ``.bad`` (the next save starts a new one)."""
    bad = path.with_name(path.name + ".bad")
    try:
        os.replace(path, bad)
    except OSError:
        return msg("settings.left_in_place", path=str(path), why=why)
    return msg("settings.kept_aside", path=str(path), why=why, bad=str(bad))


# --- per-field checks: (value to use or None for the default, problem or "") ----------
Check = Callable[[Any], tuple[Any, "Msg | None"]]


def _text_problem(value: object) -> Msg | None:
    if not isinstance(value, str):
        return msg("settings.not_text", kind=_kind(value))
    if len(value) > MAX_TEXT:
        return msg("settings.too_long", n=MAX_TEXT)
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return msg("settings.control_chars")
    return None


def _text(choices: tuple[str, ...] = ()) -> Check:
    def check(value: Any) -> tuple[Any, Msg | None]:
        problem = _text_problem(value)
        if not problem and choices and value not in choices:
            problem = msg("settings.not_choice", value=repr(value), choices=", ".join(choices))
        return (None, problem) if problem else (value, None)
    return check


def _text_list(value: Any) -> tuple[Any, Msg | None]:
    if not isinstance(value, list):
        return None, msg("settings.not_list", kind=_kind(value))
    if len(value) > MAX_ITEMS:
        return None, msg("settings.too_many", n=MAX_ITEMS)
    good = [v for v in value if not _text_problem(v)]
    if len(good) == len(value):
        return good, None
    bad = next(p for v in value if (p := _text_problem(v)))
    return good, msg("settings.bad_entries", n=len(value) - len(good), bad=bad)


def _flag(value: Any) -> tuple[Any, Msg | None]:
    if type(value) is bool:
        return value, None
    return None, msg("settings.not_flag", value=_short(value))


def _number(low: int, high: int) -> Check:
    def check(value: Any) -> tuple[Any, Msg | None]:
        if type(value) is float and math.isfinite(value) and value.is_integer():
            value = int(value)
        if type(value) is not int:
            return None, msg("settings.not_whole", value=_short(value))
        if not low <= value <= high:
            return None, msg("settings.out_of_range", value=value, low=low, high=high)
        return value, None
    return check


def _kind(value: object) -> Param:
    """A JSON value's kind in words (literals and unknown types as they are)."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    word = {int: "number", float: "number", str: "text", list: "list",
            dict: "object"}.get(type(value))
    return msg(f"settings.kind_{word}") if word else type(value).__name__


def _short(value: object) -> Param:
    text = repr(value)
    return _kind(value) if len(text) > 40 else text


_FIELD_CHECKS: dict[str, Check] = {
    "language": _text(("system", "en", "zh_CN")),
    "theme": _text(("system", "light", "dark")),
    "extra_hf_dirs": _text_list, "extra_torch_dirs": _text_list,
    "endpoint": _text(), "custom_endpoints": _text_list,
    "send_token_to_mirror": _flag, "offline": _flag,
    "fallback_endpoints": _text_list, "trusted_endpoints": _text_list,
    "http_proxy": _text(), "https_proxy": _text(),
    "max_parallel_files": _number(1, 64), "connections_per_file": _number(1, 16),
    "max_concurrent_jobs": _number(1, 16), "bandwidth_limit_kbps": _number(0, 10**9),
    "use_trash": _flag,
    "python_executables": _text_list, "trusted_code": _text_list,
    "window_geometry": _text(), "library_splitter": _text(),
}
assert set(_FIELD_CHECKS) == {f.name for f in fields(Settings)}, "a setting without a check"
