"""Light and dark: the one home of the colours the app sets itself.

The scheme follows the OS (Qt's ``QStyleHints.colorScheme``) unless View > Theme picks
Light or Dark. Where the platform cannot switch (X11 without a desktop theme), the app
sets a Fusion palette of the wanted scheme itself. Every semantic colour (error, warning,
info, ok, muted text) has a light and a dark value, each checked by
tests/ui/test_theme.py to reach WCAG's 4.5:1 on the backgrounds it is drawn on.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QActionGroup, QColor, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMenu,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

CHOICES = ("system", "light", "dark")


class Role(str, Enum):
    """What a coloured text means; the colour follows from the role and the scheme."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"
    MUTED = "muted"


# (light, dark). Light values are read on white/#efefef, dark ones on #1e1e1e..#353535.
SEMANTIC: dict[Role, tuple[str, str]] = {
    Role.ERROR: ("#b91c1c", "#fca5a5"),
    Role.WARNING: ("#92400e", "#fcd34d"),
    Role.INFO: ("#1d4ed8", "#93c5fd"),
    Role.OK: ("#166534", "#86efac"),
    Role.MUTED: ("#555555", "#b0b0b0"),
}

# (light, dark): the border of check boxes and radio buttons. Fusion derives it from the
# window colour (darker by 40%): #232323 on a #2d2d2d window, 1.1:1, an unchecked box
# all but invisible in dark. WCAG's non-text contrast asks 3:1 on what it is drawn on.
OUTLINE = ("#767676", "#8c8c8c")

# Palette roles that semantic text is drawn on (tables' rows, labels on the window).
BACKGROUNDS = (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
               QPalette.ColorRole.Window, QPalette.ColorRole.Button)


def dark_palette() -> QPalette:
    """Fusion's palette in dark: text ~#e6e6e6 on ~#2d2d2d (13:1)."""
    g = QPalette.ColorGroup
    r = QPalette.ColorRole
    p = QPalette()
    colors = {
        r.Window: "#2d2d2d", r.WindowText: "#e6e6e6", r.Base: "#1e1e1e",
        r.AlternateBase: "#262626", r.ToolTipBase: "#3a3a3a", r.ToolTipText: "#e6e6e6",
        r.PlaceholderText: "#9a9a9a", r.Text: "#e6e6e6", r.Button: "#353535",
        r.ButtonText: "#e6e6e6", r.BrightText: "#ff8080", r.Light: "#505050",
        r.Midlight: "#404040", r.Mid: "#5c5c5c", r.Dark: "#1a1a1a", r.Shadow: "#000000",
        r.Highlight: "#2f65ca", r.HighlightedText: "#ffffff", r.Link: "#8ab4f8",
        r.LinkVisited: "#c58af9", r.Accent: "#2f65ca",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    for role in (r.WindowText, r.Text, r.ButtonText):
        p.setColor(g.Disabled, role, QColor("#808080"))
    p.setColor(g.Disabled, r.Highlight, QColor("#404040"))
    return p


def light_palette() -> QPalette:
    """Fusion's light palette, with a selection dark enough for white text (5.6:1)."""
    style = QStyleFactory.create("Fusion")
    p = style.standardPalette() if style is not None else QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        p.setColor(group, QPalette.ColorRole.Highlight, QColor("#2f65ca"))
    return p


def palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the app is drawn dark now (or ``palette`` is a dark one)."""
    if palette is None:
        palette = QGuiApplication.palette()
    return palette_is_dark(palette)


def color(role: Role, palette: QPalette | None = None) -> QColor:
    """The colour of ``role`` for the scheme in force (or for ``palette``)."""
    return QColor(SEMANTIC[role][1 if is_dark(palette) else 0])


def outline(palette: QPalette | None = None) -> QColor:
    """The border colour of check boxes and radio buttons for the scheme in force."""
    return QColor(OUTLINE[1 if is_dark(palette) else 0])


class OutlinedStyle(QProxyStyle):
    """The style in force, with check box and radio button borders in :data:`OUTLINE`
    (Fusion only: a native style draws its own, visible, indicators)."""

    _INDICATORS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
                   QStyle.PrimitiveElement.PE_IndicatorRadioButton)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        base = self.baseStyle()
        if element not in self._INDICATORS or base is None or base.name().lower() != "fusion":
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing,
                              element == QStyle.PrimitiveElement.PE_IndicatorRadioButton)
        painter.setPen(QPen(outline(option.palette), 1))  # type: ignore[attr-defined]
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = option.rect.adjusted(0, 0, -1, -1)  # type: ignore[attr-defined]
        if element == QStyle.PrimitiveElement.PE_IndicatorCheckBox:
            painter.drawRect(rect)  # over Fusion's own outline, same place
        else:
            painter.drawEllipse(rect.toRectF().adjusted(1, 1, 0, 0))
        painter.restore()


def css(role: Role) -> str:
    """For rich text and style sheets: ``#rrggbb`` of ``role`` now."""
    return color(role).name()


def relative_luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1..21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Theme(QObject):
    """Applies the chosen scheme and follows the OS while the choice is "system"."""

    changed = Signal(bool)  # dark

    def __init__(self, app: QApplication, choice: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self._own = False  # whether the palette in force is one we set
        self.choice = choice if choice in CHOICES else "system"
        app.styleHints().colorSchemeChanged.connect(self._on_os_changed)
        if not isinstance(app.style(), OutlinedStyle):  # the style in force (also one
            app.setStyle(OutlinedStyle(app.style().name()))  # given by -style), outlined

    def wanted_dark(self) -> bool:
        if self.choice != "system":
            return self.choice == "dark"
        scheme = self._app.styleHints().colorScheme()
        if scheme != Qt.ColorScheme.Unknown:
            return scheme == Qt.ColorScheme.Dark
        return palette_is_dark(self._app.palette())  # the platform's, restored first

    def apply(self, choice: str | None = None) -> None:
        if choice is not None:
            self.choice = choice if choice in CHOICES else "system"
        hint = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
            self.choice, Qt.ColorScheme.Unknown)
        self._app.styleHints().setColorScheme(hint)  # platforms that can, switch here
        if self._own:
            self._app.setPalette(QPalette())  # back to the platform's own palette
            self._own = False
        dark = self.wanted_dark()
        if palette_is_dark(self._app.palette()) != dark:
            # The platform did not follow (X11 without a desktop theme): draw it ourselves.
            self._app.setPalette(dark_palette() if dark else light_palette())
            self._own = True
        _relink()
        self.changed.emit(dark)

    def _on_os_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.choice == "system":
            self.apply()


def _relink() -> None:
    """A label's rich text keeps the link colour of when it was set: set it again."""
    for label in QApplication.allWidgets():
        if isinstance(label, QLabel) and "<a " in label.text():
            text = label.text()
            label.clear()
            label.setText(text)


def for_app(app: QApplication | None = None) -> Theme:
    """The application's one Theme (made on first use)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication)
    found = app.findChild(Theme)
    return found if isinstance(found, Theme) else Theme(app)


def add_menu(parent: QMenu, current: str, chosen: Callable[[str], None]) -> QActionGroup:
    """View > Theme: System / Light / Dark; ``chosen(code)`` saves and applies it."""
    menu = parent.addMenu(QCoreApplication.translate("Theme", "&Theme"))
    group = QActionGroup(menu)
    names = {"system": QCoreApplication.translate("Theme", "System"),
             "light": QCoreApplication.translate("Theme", "Light"),
             "dark": QCoreApplication.translate("Theme", "Dark")}
    for code in CHOICES:
        action = menu.addAction(names[code])
        action.setCheckable(True)
        action.setChecked(code == current)
        action.setData(code)
        group.addAction(action)
    group.triggered.connect(lambda action: chosen(str(action.data())))
    return group


class _Follow(QObject):
    """Calls ``apply(widget)`` now and each time the application's palette changes."""

    # A top-level widget gets ApplicationPaletteChange, its children PaletteChange.
    _EVENTS = (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange)

    def __init__(self, widget: QWidget, apply: Callable[[QWidget], None]) -> None:
        super().__init__(widget)
        self._apply = apply
        self._busy = False  # apply() may set the widget's palette: no recursion
        widget.installEventFilter(self)
        apply(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() in self._EVENTS and not self._busy
                and isinstance(watched, QWidget)):
            self._busy = True
            try:
                self._apply(watched)
            finally:
                self._busy = False
        return False


def follow(widget: QWidget, apply: Callable[[QWidget], None]) -> None:
    """Re-colour ``widget`` (its rich text, its items) when light/dark switches."""
    _Follow(widget, apply)


def tint(widget: QWidget, role: Role) -> None:
    """Draw ``widget``'s text in ``role``'s colour, in light and dark. Secondary text
    drawn disabled (setEnabled(False)) read at 1.6:1 in light: muted text is 7:1."""
    def apply(w: QWidget) -> None:
        wanted = color(role)
        if w.palette().color(QPalette.ColorRole.WindowText) != wanted:
            palette = QPalette()  # only the text colour set: the rest follows the app
            palette.setColor(QPalette.ColorRole.WindowText, wanted)
            w.setPalette(palette)
    follow(widget, apply)
