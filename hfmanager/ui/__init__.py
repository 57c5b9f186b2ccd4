"""PySide6 layer: the only package allowed to import Qt."""

from __future__ import annotations

import ctypes
import sys


def _immortalize_none() -> None:
    """Work around a PySide6 6.12.0 refcount bug on Python < 3.12.

    Every void-returning Qt call (``setText``, ``processEvents``...) drops one reference
    to ``None`` without taking it (measured: 1000 calls lower ``sys.getrefcount(None)``
    by 1000), so a running app aborts with "none_dealloc: deallocating None" after a few
    thousand calls. Python 3.12 made None immortal (PEP 683) and hides the bug; on older
    Pythons we give None an enormous reference count, which is what immortality is.
    """
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    refcnt = ctypes.c_ssize_t.from_address(id(None))
    if refcnt.value < (1 << 40):
        refcnt.value += 1 << 50


_immortalize_none()
