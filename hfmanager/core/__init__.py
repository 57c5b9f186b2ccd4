"""Pure-Python core: caches, Hub, machine. Never imports Qt or torch."""
