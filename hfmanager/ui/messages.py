"""The window's wording of core messages (:mod:`hfmanager.core.messages`).

A core message is a code plus parameters; its English template (core/messages_en.py) is
the source text of a translation in context ``Messages``, so Qt's translator gives the
Chinese template, filled here with the UI's own formatters (sizes, relative times).
pyside6-lupdate cannot see templates that live in the core: resources/translations/
fill_zh.py adds every one of them to the .ts file.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from hfmanager.core import errors
from hfmanager.core.downloads.persist import JobRecord
from hfmanager.core.inventory.model import Problem
from hfmanager.core.messages import TEMPLATES, WORDS, Msg, Spec, render
from hfmanager.ui.fmt import human_size, relative_time

CONTEXT = "Messages"
_AND_MORE = QT_TRANSLATE_NOOP("Messages", " and {n} more")
_SUBJECT = QT_TRANSLATE_NOOP("Messages", "The {repo_type} '{repo_id}' at '{revision}'")
_DOWNLOAD = QT_TRANSLATE_NOOP("Messages", "the download")
_THIS_ENDPOINT = QT_TRANSLATE_NOOP("Messages", "this endpoint")
_REPO_TYPES = {"model": QT_TRANSLATE_NOOP("Messages", "model"),
               "dataset": QT_TRANSLATE_NOOP("Messages", "dataset"),
               "space": QT_TRANSLATE_NOOP("Messages", "space")}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _ago(when: Any) -> str:
    return relative_time(float(when))  # a time; how long ago is worked out now


def _more(count: Any) -> str:
    return _tr(_AND_MORE).format(n=count) if count else ""


SPECS: dict[str, Spec] = {"size": human_size, "ago": _ago, "more": _more,
                          "word": lambda key: _tr(WORDS[key])}


def text(m: Msg) -> str:
    """``m`` in the window's language (English when no translator is installed)."""
    return render(_tr(TEMPLATES[m.code]),
                  {k: text(v) if isinstance(v, Msg) else v for k, v in m.params}, SPECS)


def problem_text(problem: Problem) -> str:
    """A problem's message in the window's language; an old index's English otherwise."""
    return text(problem.msg) if problem.msg is not None else problem.message


def _subject(params: dict[str, Any]) -> str:
    """What failed, as errors._subject says it, in the window's language."""
    if params.get("repo_id"):
        kind = str(params.get("repo_type", "model"))
        return _tr(_SUBJECT).format(repo_type=_tr(_REPO_TYPES.get(kind, kind)),
                                    repo_id=params["repo_id"],
                                    revision=params.get("revision", "main"))
    return str(params.get("filename") or _tr(_DOWNLOAD))


def error_text(exc: BaseException) -> str:
    """A Hub or download failure (core/errors: a reason plus parameters) in the window's
    language; anything else as ``errors.describe`` says it."""
    if not isinstance(exc, errors.DownloadError):
        return errors.describe(exc)
    values = dict(exc.params)
    values.setdefault("what", _subject(values))
    values.setdefault("endpoint", _tr(_THIS_ENDPOINT))
    try:
        if exc.reason is errors.Reason.STOPPED:
            values["stopped"] = _tr(errors.STOPS[errors.Stop(values.get("stop", "cancel"))])
        return _tr(errors.MESSAGES[exc.reason]).format_map(values)
    except (KeyError, ValueError, IndexError):  # a translation that does not fit the params
        return errors.describe(exc)


def job_error_text(rec: JobRecord) -> str:
    """A download job's error in the window's language (its stored reason and parameters),
    else its English text."""
    if not rec.error or not rec.error_reason:
        return rec.error
    try:
        params = json.loads(rec.error_params)
        err = errors.DownloadError(errors.Reason(rec.error_reason), **params)
    except (ValueError, TypeError, KeyError):  # a reason or parameters of another version
        return rec.error
    return error_text(err)


def refusal_text(exc: BaseException) -> str:
    """A refusal of what the user typed (a ValueError from the core): its message code in
    the window's language when it has one, else its text."""
    m = getattr(exc, "msg", None)
    return text(m) if isinstance(m, Msg) else str(exc)
