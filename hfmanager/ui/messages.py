"""The window's wording of core messages (:mod:`hfmanager.core.messages`).

A core message is a code plus parameters; its English template (core/messages_en.py) is
the source text of a translation in context ``Messages``, so Qt's translator gives the
Chinese template, filled here with the UI's own formatters (sizes, relative times).
pyside6-lupdate cannot see templates that live in the core: resources/translations/
fill_zh.py adds every one of them to the .ts file.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from hfmanager.core.inventory.model import Problem
from hfmanager.core.messages import TEMPLATES, WORDS, Msg, Spec, render
from hfmanager.ui.fmt import human_size, relative_time

CONTEXT = "Messages"
_AND_MORE = QT_TRANSLATE_NOOP("Messages", " and {n} more")


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _ago(seconds: Any) -> str:
    now = time.time()
    return relative_time(now - float(seconds), now)


def _more(count: Any) -> str:
    return _tr(_AND_MORE).format(n=count) if count else ""


SPECS: dict[str, Spec] = {"size": human_size, "ago": _ago, "more": _more,
                          "word": lambda key: _tr(WORDS[key])}


def text(m: Msg) -> str:
    """``m`` in the window's language (English when no translator is installed)."""
    return render(_tr(TEMPLATES[m.code]), dict(m.params), SPECS)


def problem_text(problem: Problem) -> str:
    """A problem's message in the window's language; an old index's English otherwise."""
    return text(problem.msg) if problem.msg is not None else problem.message
