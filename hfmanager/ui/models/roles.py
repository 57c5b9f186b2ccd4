"""Custom item roles shared by the models and their proxies."""

from __future__ import annotations

from PySide6.QtCore import Qt

# Python floats/strings for sorting: Qt truncates Python ints past 32 bits in some
# QVariant paths, while doubles hold every size up to 8 PiB exactly and sort in C++.
SortRole = Qt.ItemDataRole.UserRole + 1
# The dataclass behind a row (Repo, TorchEntry, CachedFile...).
ObjectRole = Qt.ItemDataRole.UserRole + 2
# "type<US>repo id" string matched by the proxy's regular expression (type filter + search).
FilterRole = Qt.ItemDataRole.UserRole + 3
