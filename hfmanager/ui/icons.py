"""Icons from resources/icons (SVG), cached; a missing file yields an empty icon, never a crash."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from hfmanager.core.inventory.model import FileKind, RepoType, Severity
from hfmanager.core.paths import resources_dir


def icon_path(name: str) -> str:
    return str(resources_dir() / "icons" / f"{name}.svg")


class TintedSvg(QIconEngine):
    """A one-colour SVG (``currentColor``) drawn in the palette's text colour at paint
    time, so it stays visible in light and dark and follows a theme switch."""

    def __init__(self, svg: str) -> None:
        super().__init__()
        self._svg = svg

    def clone(self) -> QIconEngine:
        return TintedSvg(self._svg)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        group = (QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled
                 else QPalette.ColorGroup.Normal)
        tint = QGuiApplication.palette().color(group, QPalette.ColorRole.WindowText)
        data = QByteArray(self._svg.replace("currentColor", tint.name()).encode())
        QSvgRenderer(data).render(painter, rect)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,
                     scale: float) -> QPixmap:
        pix = QPixmap(size * scale)
        pix.setDevicePixelRatio(scale)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pix


@cache
def icon(name: str) -> QIcon:
    """An icon by file stem, e.g. ``kind-weights`` or ``health-error``."""
    path = icon_path(name)
    try:
        with open(path, encoding="utf-8") as f:
            svg = f.read()
    except OSError:
        return QIcon(path)  # empty, as before
    return QIcon(TintedSvg(svg)) if "currentColor" in svg else QIcon(path)


def app_icon() -> QIcon:
    return icon("hfmanager")


def kind_icon(kind: FileKind) -> QIcon:
    return icon(f"kind-{kind.value}")


def type_icon(repo_type: RepoType | str) -> QIcon:
    value = repo_type.value if isinstance(repo_type, RepoType) else repo_type
    return icon(f"type-{value}")


def severity_icon(severity: Severity | None) -> QIcon:
    return icon(f"health-{severity.value}" if severity is not None else "health-ok")
