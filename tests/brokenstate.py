"""Broken local states of hfmanager itself (issue 10), built in a test's isolated env.

``base`` is what the ``isolated_env`` fixture returns: the app's data folder is
``base/data`` (``HFMANAGER_DATA_DIR``) and its config folder ``base/config``
(``HFMANAGER_CONFIG_DIR``). Each builder leaves one thing broken the way a crash, a
bad sync tool, a hand edit or a hostile user leaves it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

STORE_NAME = "hfmanager.sqlite3"


def data_dir(base: Path) -> Path:
    return base / "data"


def config_dir(base: Path) -> Path:
    return base / "config"


def _store_garbage(base: Path) -> None:
    data_dir(base).mkdir(parents=True, exist_ok=True)
    (data_dir(base) / STORE_NAME).write_bytes(b"this is not a database\n" * 300)


def _store_folder(base: Path) -> None:
    (data_dir(base) / STORE_NAME).mkdir(parents=True)
    (data_dir(base) / STORE_NAME / "x").write_text("x")


def _store_fifo(base: Path) -> None:
    data_dir(base).mkdir(parents=True, exist_ok=True)
    os.mkfifo(data_dir(base) / STORE_NAME)


def _store_wrong_schema(base: Path) -> None:
    """A real SQLite file whose tables have our names but other columns (another program's
    file, a downgrade): the DDL's ``IF NOT EXISTS`` keeps them."""
    data_dir(base).mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(data_dir(base) / STORE_NAME) as conn:
        conn.execute("CREATE TABLE download_jobs (id INTEGER PRIMARY KEY, what TEXT)")
        conn.execute("CREATE TABLE verify_cache (path TEXT PRIMARY KEY)")
        conn.execute("CREATE TABLE load_history (id INTEGER PRIMARY KEY, note TEXT)")
        conn.execute("INSERT INTO download_jobs (what) VALUES ('not ours')")
    conn.close()


def _settings(base: Path) -> Path:
    config_dir(base).mkdir(parents=True, exist_ok=True)
    return config_dir(base) / "settings.json"


def _settings_nested(base: Path) -> None:
    _settings(base).write_text("[" * 100_000 + "]" * 100_000)


# Each wrong field and what a naive loader did with it (NUL: "embedded null byte" when
# the path is used; a number for text: "'int' object has no attribute 'strip'").
WRONG_FIELDS = {"language": 5, "endpoint": "https://hub\u0000.example", "http_proxy": 7,
                "max_parallel_files": "x", "offline": "yes", "use_trash": 1,
                "extra_hf_dirs": ["/tmp/ok-folder", 3, "/tmp/nul\u0000"],
                "connections_per_file": -4}
KEPT = {"max_concurrent_jobs": 3}  # a good field beside them stays




def _settings_wrong_types(base: Path) -> None:
    _settings(base).write_text(json.dumps(WRONG_FIELDS | KEPT))


def _settings_fifo(base: Path) -> None:
    os.mkfifo(_settings(base))


def _data_dir_file(base: Path) -> None:
    data_dir(base).parent.mkdir(parents=True, exist_ok=True)
    data_dir(base).write_text("not a folder")


def _config_dir_file(base: Path) -> None:
    config_dir(base).parent.mkdir(parents=True, exist_ok=True)
    config_dir(base).write_text("not a folder")


# name -> (builder, what is broken: "store", "settings" or "folder")
STATES: dict[str, tuple[Callable[[Path], None], str]] = {
    "store_not_a_database": (_store_garbage, "store"),
    "store_is_a_folder": (_store_folder, "store"),
    "store_is_a_fifo": (_store_fifo, "store"),
    "store_wrong_schema": (_store_wrong_schema, "store"),
    "settings_nested_json": (_settings_nested, "settings"),
    "settings_wrong_types": (_settings_wrong_types, "settings"),
    "settings_is_a_fifo": (_settings_fifo, "settings"),
    "data_dir_is_a_file": (_data_dir_file, "folder"),
    "config_dir_is_a_file": (_config_dir_file, "folder"),
}


def broken_path(base: Path, name: str) -> Path:
    """The path a state breaks (what messages must name)."""
    kind = STATES[name][1]
    if kind == "store":
        return data_dir(base) / STORE_NAME
    if kind == "settings":
        return config_dir(base) / "settings.json"
    return data_dir(base) if name == "data_dir_is_a_file" else config_dir(base)


def store_asides(base: Path) -> list[Path]:
    """Broken stores moved aside (``hfmanager.sqlite3.corrupt-<date>``)."""
    folder = data_dir(base)
    return sorted(folder.glob(f"{STORE_NAME}.corrupt-*")) if folder.is_dir() else []
