"""Modules loaded on first use: the window must be on screen before the HTTP stack loads.

httpx2 and httpcore2 (with trio and anyio under them) take about a quarter of a second to
import, and the GUI needs none of it until the first network call. ``lazy_module`` puts a
module in ``sys.modules`` whose first attribute access runs the real import
(``importlib.util.LazyLoader``), so ``except httpx.TimeoutException`` and friends keep
working unchanged. Importers write::

    if TYPE_CHECKING:
        import httpx2
    else:
        httpx2 = lazy_module("httpx2")

so type checkers see the real module.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """``name`` as a module that imports itself when first touched (or the loaded one)."""
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
