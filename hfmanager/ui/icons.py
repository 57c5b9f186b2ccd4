"""Icons from resources/icons (SVG), cached; a missing file yields an empty icon, never a crash."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from hfmanager.core.inventory.model import FileKind, RepoType, Severity
from hfmanager.core.paths import resources_dir


def icon_path(name: str) -> str:
    return str(resources_dir() / "icons" / f"{name}.svg")


@cache
def icon(name: str) -> QIcon:
    """An icon by file stem, e.g. ``kind-weights`` or ``health-error``."""
    return QIcon(icon_path(name))


def app_icon() -> QIcon:
    return icon("hfmanager")


def kind_icon(kind: FileKind) -> QIcon:
    return icon(f"kind-{kind.value}")


def type_icon(repo_type: RepoType | str) -> QIcon:
    value = repo_type.value if isinstance(repo_type, RepoType) else repo_type
    return icon(f"type-{value}")


def severity_icon(severity: Severity | None) -> QIcon:
    return icon(f"health-{severity.value}" if severity is not None else "health-ok")
