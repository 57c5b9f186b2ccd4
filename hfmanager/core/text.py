"""Human-readable sizes and ages for messages and the CLI table."""

from __future__ import annotations


def human_size(num: int | float) -> str:
    """1536 -> '1.5 KiB': 1024-based with one decimal, bytes whole, labelled as such
    (KiB/MiB/GiB: IEC units, so nobody reads "GB" as 10^9 and finds the figures off).

    The one size format of the app: the CLI, core messages and the GUI (``ui.fmt``) all
    use it, so a repo shows the same figure everywhere (``du -h`` counts the same way).
    """
    value = float(num)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(value) < 1024 or unit == "PiB":
            return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def human_age(seconds: float) -> str:
    """95 -> '1 minute', 200000 -> '2 days' (rounded down, never negative)."""
    seconds = max(0.0, seconds)
    for size, unit in ((86400 * 365, "year"), (86400 * 30, "month"), (86400 * 7, "week"),
                       (86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}" + ("s" if n > 1 else "")
    return f"{int(seconds)} seconds"


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters (C0 such as ESC, DEL, C1
    such as CSI), bidi overrides and isolates, line separators and undecodable bytes
    (surrogate escapes) become visible ``\\x1b`` / ``\\u202e`` escapes.

    The one escaping helper for terminal output: every name a cache, a server or a file
    can choose (repo ids, file names, messages quoting them) goes through it before a CLI
    prints it, so a planted name cannot recolour, rewrite or reorder the screen.
    """
    if text.isprintable():  # C speed; false for every character escaped below
        return text
    return "".join(c if c.isprintable() else _escape(c) for c in text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"
