"""Syntax colour for the read-only viewer: Python keywords, strings, comments, numbers.

Colours are ``theme.py``'s semantic ones for the palette in force (else palette roles),
so a dark scheme gets light colours; nothing is hard-coded to a light background.
"""

from __future__ import annotations

import builtins
import importlib
import keyword
import re

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

_KEYWORDS = re.compile(r"\b(?:" + "|".join([*keyword.kwlist, *keyword.softkwlist]) + r")\b")
_BUILTINS = re.compile(r"\b(?:" + "|".join(n for n in dir(builtins) if not n.startswith("_"))
                       + r")\b")
_NUMBER = re.compile(r"\b(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?j?)\b")
_DECORATOR = re.compile(r"^\s*@[\w.]+")
# One-line strings (with an optional prefix) and comments, found left to right so that a
# '#' inside a string is no comment and a quote inside a comment opens no string.
_STRING_OR_COMMENT = re.compile(
    r"""(?P<triple>[rRbBuUfF]{0,2}(?:\"\"\"|'''))"""
    r"""|(?P<string>[rRbBuUfF]{0,2}(?:"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?))"""
    r"""|(?P<comment>\#.*)""")
_NONE, _IN_DOUBLE, _IN_SINGLE = -1, 1, 2
_DELIMS = {_IN_DOUBLE: '"""', _IN_SINGLE: "'''"}


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way towards ``b``: keeps contrast with the background."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def _palette_colors(palette: QPalette) -> dict[str, QColor]:
    try:  # theme.py's semantic colours (each contrast-checked in light and dark)
        theme = importlib.import_module("hfmanager.ui.theme")
        role, color = theme.Role, theme.color
    except (ImportError, AttributeError):
        theme = None
    if theme is not None:
        return {"keyword": color(role.INFO, palette), "builtin": color(role.INFO, palette),
                "string": color(role.OK, palette), "comment": color(role.MUTED, palette),
                "number": color(role.WARNING, palette)}
    text = palette.color(QPalette.ColorRole.Text)
    return {"keyword": palette.color(QPalette.ColorRole.Link),
            "string": _mix(palette.color(QPalette.ColorRole.LinkVisited), text, 0.3),
            "comment": palette.color(QPalette.ColorRole.PlaceholderText),
            "number": _mix(palette.color(QPalette.ColorRole.Link), text, 0.5),
            "builtin": _mix(palette.color(QPalette.ColorRole.Link), text, 0.35)}


class PythonHighlighter(QSyntaxHighlighter):
    """Colours Python source; multi-line (triple-quoted) strings carry over between lines."""

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        self.set_palette(palette)

    def set_palette(self, palette: QPalette) -> None:
        """Take colours from ``palette`` (call again when the colour scheme changes)."""
        for name, color in _palette_colors(palette).items():
            fmt = QTextCharFormat()
            fmt.setForeground(color)
            if name == "keyword":
                fmt.setFontWeight(QFont.Weight.Bold)
            if name == "comment":
                fmt.setFontItalic(True)
            self.formats[name] = fmt
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        self.setCurrentBlockState(_NONE)
        start = 0
        state = self.previousBlockState()
        if state in _DELIMS:
            start = self._continue_string(text, 0, state)
            if start < 0:
                return
        for rx, name in ((_KEYWORDS, "keyword"), (_BUILTINS, "builtin"), (_NUMBER, "number"),
                         (_DECORATOR, "builtin")):
            for m in rx.finditer(text, start):
                self.setFormat(m.start(), m.end() - m.start(), self.formats[name])
        self._strings_and_comments(text, start)

    def _strings_and_comments(self, text: str, pos: int) -> None:
        while True:
            m = _STRING_OR_COMMENT.search(text, pos)
            if m is None:
                return
            if m.lastgroup == "comment":
                self.setFormat(m.start(), len(text) - m.start(), self.formats["comment"])
                return
            if m.lastgroup == "string":
                self.setFormat(m.start(), m.end() - m.start(), self.formats["string"])
                pos = m.end()
                continue
            state = _IN_DOUBLE if m.group("triple").endswith('"') else _IN_SINGLE
            self.setFormat(m.start(), m.end() - m.start(), self.formats["string"])
            pos = self._continue_string(text, m.end(), state)
            if pos < 0:
                return

    def _continue_string(self, text: str, pos: int, state: int) -> int:
        """Colour a triple-quoted string from ``pos``; where it ends, or -1 when it goes on
        past this line (the block state carries it to the next)."""
        end = text.find(_DELIMS[state], pos)
        if end < 0:
            self.setFormat(pos, len(text) - pos, self.formats["string"])
            self.setCurrentBlockState(state)
            return -1
        end += 3
        self.setFormat(pos, end - pos, self.formats["string"])
        return end
