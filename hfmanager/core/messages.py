"""User messages of the core as kinds plus parameters.

The core says *what* happened (a code such as ``problem.missing_shard``) and *with what*
(parameters: names, counts, sizes); :data:`TEMPLATES` holds the English wording, which the
CLI and ``--json`` print (:meth:`Msg.text`). The window renders the same code through
Qt's translator (``hfmanager.ui.messages``), so a message made in a child process reaches
a Chinese window in Chinese. Only plain values (str, int, float) round-trip through JSON
and the scan index; a parameter may also be a Msg (a sub-phrase, for in-process messages
such as the settings notices).

Format specs name how a value is shown: ``{size:size}`` is a byte count, ``{written:ago}`` a
time (seconds since the epoch) shown as how long ago it was *when rendered*: a message
kept in the scan index stays true. English uses the core's own ``human_size``/``human_age``;
the UI passes its own (translated) formatters to :func:`render`.
"""

from __future__ import annotations

import string
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from hfmanager.core.messages_en import TEMPLATES, WORDS
from hfmanager.core.text import human_age, human_size

Plain = str | int | float  # what round-trips through JSON and the scan index
Param: TypeAlias = "str | int | float | Msg"  # a Msg parameter: a sub-phrase, rendered first
Spec = Callable[[Any], str]

__all__ = ["TEMPLATES", "WORDS", "MessageError", "Msg", "Param", "Plain", "Spec", "msg",
           "render"]


def _ago(value: Any) -> str:
    return f"{human_age(max(0.0, time.time() - float(value)))} ago"


def _more(value: Any) -> str:
    return f" and {value} more" if value else ""


# size: bytes; ago: a time in the past (epoch seconds); more: how many names were left
# out of a list; word: a key of WORDS.
EN_SPECS: dict[str, Spec] = {"size": human_size, "ago": _ago, "more": _more,
                             "word": lambda value: WORDS[value]}


class _Formatter(string.Formatter):
    def __init__(self, specs: Mapping[str, Spec]) -> None:
        super().__init__()
        self.specs = specs

    def format_field(self, value: Any, format_spec: str) -> str:
        spec = self.specs.get(format_spec)
        return spec(value) if spec is not None else super().format_field(value, format_spec)


def render(template: str, params: Mapping[str, Any], specs: Mapping[str, Spec] = EN_SPECS) -> str:
    """``template`` with ``params`` filled in, named specs shown by ``specs``."""
    return _Formatter(specs).vformat(template, (), params)


@dataclass(frozen=True)
class Msg:
    """A message code with its parameters (sorted by name, so equal messages are equal)."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    def text(self) -> str:
        """The English wording (CLI, JSON, logs)."""
        return render(TEMPLATES[self.code], {k: v.text() if isinstance(v, Msg) else v
                                             for k, v in self.params})

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": {k: v.to_json() if isinstance(v, Msg) else v
                                              for k, v in self.params}}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Msg | None:
        code = d.get("code")
        if not isinstance(code, str) or code not in TEMPLATES:
            return None  # an index or child from another version: keep its English text
        params = d.get("params")
        items = params.items() if isinstance(params, dict) else ()
        return cls(code, tuple(sorted((str(k), v) for k, v in items
                                      if isinstance(v, str | int | float))))


class MessageError(ValueError):
    """A ValueError told by a message code: ``str()`` is the English, ``msg`` the code the
    window translates (input the user typed that the core refuses)."""

    def __init__(self, code: str, **params: Param) -> None:
        self.msg = msg(code, **params)
        super().__init__(self.msg.text())


def msg(code: str, **params: Param) -> Msg:
    """A message; a code without an English template is a bug, caught here."""
    if code not in TEMPLATES:
        raise KeyError(f"no message template for {code!r}")
    return Msg(code, tuple(sorted(params.items())))
