"""Re-exports :mod:`hfmanager.core.text` (sizes, ages, terminal-safe text), which moved to
the core's ground floor so that core messages (:mod:`hfmanager.core.messages`) can use it
without importing the scan package."""

from __future__ import annotations

from hfmanager.core.text import human_age, human_size, printable

__all__ = ["human_age", "human_size", "printable"]
