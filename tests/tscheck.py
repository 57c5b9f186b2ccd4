"""Checks of a Qt .ts translation file: what a reviewer of the Chinese UI would flag.

``mistakes(messages)`` lists, for (context, source, translation, type) rows:
- a message with no translation, or one marked unfinished (or vanished/obsolete);
- a translation equal to its English source when the source has two or more words that
  are not names (``hfmanager``, ``safetensors``, ``torch``...): left untranslated;
- a doubled ellipsis "……" or an ASCII "..." used as an ellipsis in a translation (the UI
  writes "…"; "datasets--..." is a pattern and `sudo -E ...` a command, not ellipses);
- placeholders ({n}, {size:size}, %1, %n) that differ between source and translation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

Row = tuple[str, str, str | None, str | None]  # context, source, translation, type

# Words that are names or units, the same in every language.
NAMES = frozenset((
    "hfmanager", "safetensors", "torch", "transformers", "python", "hugging", "face", "hub",
    "huggingface_hub", "hf_xet", "hf_home", "sudo", "gib", "mib", "kib", "cpu", "gpu", "cuda",
    "json", "nvml", "rss", "pid", "blob", "xet", "https", "http", "url"))
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d+|%n")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
_CODE_SPAN = re.compile(r"`[^`]*`")  # a command to type: its "..." is the user's to fill
_URL = re.compile(r"\w+://\S+")  # an example address is the same in every language
_ASCII_ELLIPSIS = re.compile(r"(?<!-)\.\.\.")


def read_ts(path: Path) -> list[Row]:
    rows: list[Row] = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for message in ctx.iter("message"):
            translation = message.find("translation")
            rows.append((name, message.findtext("source") or "",
                         None if translation is None else translation.text,
                         None if translation is None else translation.get("type")))
    return rows


def placeholders(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text))


def wordy(source: str) -> bool:
    """Two or more words that are not names, once placeholders are taken out."""
    words = _WORD.findall(_URL.sub(" ", _PLACEHOLDER.sub(" ", source)))
    return sum(w.lower() not in NAMES for w in words) >= 2


def mistakes(rows: list[Row]) -> list[str]:
    found: list[str] = []
    for context, source, translation, kind in rows:
        where = f"{context}: {source!r}"
        if translation is None or kind in ("unfinished", "vanished", "obsolete") \
                or (not translation and source):
            found.append(f"untranslated: {where}")
            continue
        if translation == source and wordy(source):
            found.append(f"translation equals the English: {where}")
        if "……" in translation:
            found.append(f"doubled ellipsis: {where} -> {translation!r}")
        if _ASCII_ELLIPSIS.search(_CODE_SPAN.sub("", translation)):
            found.append(f"'...' instead of '…': {where} -> {translation!r}")
        if placeholders(source) != placeholders(translation):
            found.append(f"placeholders differ: {where} -> {translation!r}")
    return found
