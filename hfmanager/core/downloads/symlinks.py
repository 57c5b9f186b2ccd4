"""Whether a hub cache root gets symlinks or copies: huggingface_hub's choice, made the
same way (``HF_HUB_DISABLE_SYMLINKS``, then a probe of the file system, once per root).

Split from :mod:`layout` (issue 11: files under 400 lines).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
from pathlib import Path

from hfmanager.core import cachespec as cs


def symlinks_disabled(env: dict[str, str] | None = None) -> bool:
    value = (env if env is not None else os.environ).get("HF_HUB_DISABLE_SYMLINKS", "")
    return value.upper() in {"1", "ON", "YES", "TRUE"}


_symlink_support: dict[str, bool] = {}
_symlink_lock = threading.Lock()


def symlinks_supported(root: Path) -> bool:
    """Whether relative symlinks can be made under ``root`` (probed once per root, as
    huggingface_hub's ``are_symlinks_supported``: some mounts and Windows refuse them)."""
    key = os.path.abspath(root)
    with _symlink_lock:
        if key in _symlink_support:
            return _symlink_support[key]
    # Probed under .locks/, which every reader of the cache skips, should a crash leave it.
    probe_dir = os.path.join(key, cs.LOCKS_DIR)
    os.makedirs(probe_dir, exist_ok=True)
    probe = os.path.join(probe_dir, f".hfm-symlink-probe.{secrets.token_hex(4)}")
    try:
        os.symlink("target", probe)
        supported = True
    except (OSError, NotImplementedError):
        supported = False
    finally:
        with contextlib.suppress(OSError):
            os.unlink(probe)
    with _symlink_lock:
        _symlink_support[key] = supported
    return supported


def copy_layout(root: Path) -> bool:
    """One file per snapshot entry and no blob: symlinks disabled (HF_HUB_DISABLE_SYMLINKS)
    or not supported on the cache's file system."""
    return symlinks_disabled() or not symlinks_supported(root)
