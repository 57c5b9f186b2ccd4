"""Typed settings persisted atomically as JSON in the user config dir.

Unknown keys in the file are ignored and missing keys take their defaults, so older
and newer versions of the app can share one file. A corrupt file is kept aside as
``settings.json.bad`` and defaults are used: losing preferences beats not starting.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from hfmanager.core import paths
from hfmanager.core.fsutil import atomic_write_text


@dataclass
class Settings:
    """All user preferences. Add fields with defaults; never rename silently."""

    language: str = "system"  # "system", "en", "zh_CN"
    extra_hf_dirs: list[str] = field(default_factory=list)
    extra_torch_dirs: list[str] = field(default_factory=list)
    # downloads / network
    endpoint: str = ""  # "" = environment or official Hub
    custom_endpoints: list[str] = field(default_factory=list)
    send_token_to_mirror: bool = False
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
        path = path or cls.path()
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("settings file is not a JSON object")
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.replace(path, path.with_name(path.name + ".bad"))
            return cls()
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        default = cls()
        for key, value in raw.items():
            if key in known and isinstance(value, type(getattr(default, key))):
                values[key] = value
        return cls(**values)

    def save(self, path: Path | None = None) -> None:
        atomic_write_text(path or self.path(), json.dumps(asdict(self), indent=2))
