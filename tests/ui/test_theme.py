"""Light and dark: every colour the app sets reads at WCAG's 4.5:1 on what it is drawn on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette

import hfmanager.ui
from hfmanager.ui import icons, theme

R = QPalette.ColorRole
AA = 4.5  # WCAG 2 AA for body text
SCHEMES = {"light": theme.light_palette, "dark": theme.dark_palette}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_semantic_colour_reads_on_its_backgrounds(qapp, scheme: str) -> None:  # type: ignore[no-untyped-def]
    palette = SCHEMES[scheme]()
    assert theme.is_dark(palette) == (scheme == "dark")
    low = []
    for role in theme.Role:
        fg = theme.color(role, palette)
        for background in theme.BACKGROUNDS:
            ratio = theme.contrast(fg, palette.color(background))
            if ratio < AA:
                low.append(f"{role.value} {fg.name()} on {background.name} "
                           f"{palette.color(background).name()}: {ratio:.2f}")
    assert not low, low


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_palette_text_itself_reads(qapp, scheme: str) -> None:  # type: ignore[no-untyped-def]
    palette = SCHEMES[scheme]()
    pairs = ((R.Text, R.Base), (R.Text, R.AlternateBase), (R.WindowText, R.Window),
             (R.ButtonText, R.Button), (R.HighlightedText, R.Highlight), (R.Link, R.Base),
             (R.Link, R.Window), (R.ToolTipText, R.ToolTipBase))
    for fg, bg in pairs:
        ratio = theme.contrast(palette.color(fg), palette.color(bg))
        assert ratio >= AA, (scheme, fg.name, bg.name, ratio)


def test_contrast_matches_wcag_reference_values() -> None:
    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    # The problem text of before (#b91c1c) on a dark window: the ~2.5:1 that was unreadable.
    assert theme.contrast(QColor("#b91c1c"), QColor("#2d2d2d")) < 2.6


def test_no_colour_is_hard_coded_outside_the_theme() -> None:
    """A colour written in a view bypasses the checks above (and the dark scheme)."""
    ui = Path(hfmanager.ui.__file__).parent
    pattern = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|QColor\(\s*[\"']|"
                         r"Qt\.GlobalColor\.(?!transparent)\w+|Qt\.(red|green|blue|yellow)\b")
    found = [f"{p.relative_to(ui)}:{n}: {line.strip()}"
             for p in ui.rglob("*.py") if p.name != "theme.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert not found, found


def test_choosing_a_scheme_switches_the_palette_and_the_colours(qapp) -> None:  # type: ignore[no-untyped-def]
    t = theme.Theme(qapp)
    try:
        t.apply("dark")
        assert theme.is_dark()
        assert theme.color(theme.Role.ERROR) == QColor(theme.SEMANTIC[theme.Role.ERROR][1])
        t.apply("light")
        assert not theme.is_dark()
        assert theme.css(theme.Role.ERROR) == theme.SEMANTIC[theme.Role.ERROR][0]
    finally:
        t.apply("system")  # the platform's palette again, for the tests after this one
        t.deleteLater()
    assert not theme.is_dark()


def _brightest(icon_pixmap) -> int:  # type: ignore[no-untyped-def]
    image = icon_pixmap.toImage()
    return max(image.pixelColor(x, y).lightness()
               for x in range(image.width()) for y in range(image.height())
               if image.pixelColor(x, y).alpha() > 128)


def test_one_colour_icons_follow_the_palette(qapp) -> None:  # type: ignore[no-untyped-def]
    """The Cleanup icon was #555 strokes: invisible on a dark navigation list."""
    t = theme.Theme(qapp)
    cleanup = icons.icon("nav-cleanup")
    try:
        t.apply("dark")
        on_dark = _brightest(cleanup.pixmap(QSize(24, 24)))
        t.apply("light")
        on_light = _brightest(cleanup.pixmap(QSize(24, 24)))
    finally:
        t.apply("system")
        t.deleteLater()
    assert on_dark > 200
    assert on_light < 80


def test_tinted_and_following_widgets_switch_with_the_scheme(qapp) -> None:  # type: ignore[no-untyped-def]
    """Secondary text is muted (not disabled: 1.6:1) and re-coloured on a live switch."""
    from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

    top = QWidget()  # a child gets PaletteChange, not ApplicationPaletteChange
    label = QLabel("Model · 47.7 MiB")
    QVBoxLayout(top).addWidget(label)
    theme.tint(label, theme.Role.MUTED)
    t = theme.Theme(qapp)
    try:
        t.apply("dark")
        qapp.processEvents()
        assert label.palette().color(R.WindowText) == theme.color(theme.Role.MUTED)
        assert theme.is_dark(label.palette())
        assert theme.contrast(label.palette().color(R.WindowText),
                              label.palette().color(R.Window)) >= AA
        t.apply("light")
        qapp.processEvents()
        assert label.palette().color(R.WindowText) == QColor(theme.SEMANTIC[theme.Role.MUTED][0])
    finally:
        t.apply("system")
        t.deleteLater()
        top.deleteLater()



def test_the_details_tab_buttons_follow_a_live_switch(qapp) -> None:  # type: ignore[no-untyped-def]
    """The details pane's tab strip (FILTER_STYLE): a style sheet takes its palette()
    colours once, and after View > Theme the unchecked buttons kept the old scheme's text:
    black on dark, light grey on light (seen in the README screenshots)."""
    from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

    from hfmanager.ui.views.tab_strip import TabStrip

    top = QWidget()
    tabs = QTabWidget()
    for title in ("Files", "Details"):
        tabs.addTab(QWidget(), title)
    strip = TabStrip(tabs)
    QVBoxLayout(top).addWidget(strip)
    unchecked = strip.buttons[1]
    t = theme.for_app(qapp)  # the one the buttons follow
    before = t.choice
    try:
        for scheme in ("dark", "light", "dark"):
            t.apply(scheme)
            qapp.processEvents()
            text = unchecked.palette().color(R.ButtonText)
            assert text == qapp.palette().color(R.ButtonText), scheme
            assert theme.contrast(text, qapp.palette().color(R.Button)) >= AA
    finally:
        t.apply(before)
        top.deleteLater()

NON_TEXT = 3.0  # WCAG 2.1 non-text contrast (1.4.11): a control's boundary


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_check_box_outline_reads_on_its_backgrounds(qapp, scheme: str) -> None:  # type: ignore[no-untyped-def]
    palette = SCHEMES[scheme]()
    for background in (R.Window, R.Base, R.AlternateBase):
        ratio = theme.contrast(theme.outline(palette), palette.color(background))
        assert ratio >= NON_TEXT, (scheme, background.name, ratio)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_unchecked_box_is_drawn_visible(qtbot, qapp, scheme: str) -> None:  # type: ignore[no-untyped-def]
    """Dark: Fusion drew an unchecked box's border #232323 on the #2d2d2d window
    (1.1:1), the box all but invisible. Measured on the pixels the app's style draws."""
    from PySide6.QtWidgets import QCheckBox, QStyle, QStyleOptionButton

    theme.for_app(qapp)  # the app's style, as at start-up
    box = QCheckBox("Trust remote code")
    qtbot.addWidget(box)
    box.setPalette(SCHEMES[scheme]())
    box.show()
    qtbot.waitExposed(box)
    image = box.grab().toImage()
    option = QStyleOptionButton()
    option.initFrom(box)
    rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)
    window = box.palette().color(R.Window)
    best = max(theme.contrast(image.pixelColor(x, y), window)
               for x in range(rect.left(), rect.right() + 1)
               for y in range(rect.top(), rect.bottom() + 1))
    assert best >= NON_TEXT, (scheme, best)
