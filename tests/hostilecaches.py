"""Hostile caches shared by the in-process tests (tests/unit/test_hostile_cache.py) and
those that start processes (tests/integration/test_hostile_cache_child.py).
"""

from __future__ import annotations

from pathlib import Path

from hfmanager.core.paths import CacheRoot, RootKind
from tests.cachebuilder import HubCache

DEEP_LIST = b"[" * 1_000_000 + b"]" * 1_000_000  # 2 MB, a million levels
DEEP_INDEX = b'{"weight_map": ' + b'{"a": ' * 300_000 + b"1" + b"}" * 300_001


def hf_roots(hub: HubCache) -> list[CacheRoot]:
    return [CacheRoot(hub.root, RootKind.HF, "user")]


def deep_json_cache(tmp_path: Path) -> HubCache:
    """Three repos: a good one, one whose config.json and one whose weights index nest a
    million / 300k levels deep."""
    hub = HubCache(tmp_path / "hub")
    hub.repo("org/good").add_revision({"config.json": b'{"model_type": "bert"}',
                                       "model.safetensors": 100})
    hub.repo("org/deepcfg").add_revision({"config.json": DEEP_LIST, "model.safetensors": 50})
    hub.repo("org/deepindex").add_revision({
        "config.json": b"{}", "model.safetensors.index.json": DEEP_INDEX,
        "model-00001-of-00001.safetensors": 70})
    return hub
