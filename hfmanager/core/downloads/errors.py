"""Typed download failures: each says in plain words what happened and what to do."""

from __future__ import annotations

import errno


class DownloadError(Exception):
    """Base of every download failure; ``filename`` names the file when there is one."""

    retryable = False

    def __init__(self, message: str, filename: str = "") -> None:
        super().__init__(message)
        self.filename = filename


class AuthRequiredError(DownloadError):
    """401/403: the repo is gated or private, or the token is missing or wrong."""


class NotFoundError(DownloadError):
    """404: repo, revision or file does not exist on this endpoint."""


class IntegrityError(DownloadError):
    """The bytes received do not hash to the expected blob id (after one retry)."""


class NoSpaceError(DownloadError):
    """The cache volume is full (checked before the start, or ENOSPC mid-way)."""


def no_space(exc: OSError, filename: str) -> NoSpaceError | None:
    """The error for a write that failed because the volume is full (else None)."""
    if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
        return None
    return NoSpaceError(f"{filename}: the cache volume is full. Free some space, then "
                        "resume: the partial download is kept.", filename)


class ServerError(DownloadError):
    """The server kept failing (5xx, resets, stalls) after every retry."""


class StalledError(ServerError):
    """The server stopped sending (a hang, or a byte now and then) every time it was
    asked again; the partial file is kept, so a later resume continues from it."""


def stalled(name: str, min_rate: int, window: float, times: int) -> StalledError:
    return StalledError(
        f"{name}: the server stopped sending data (under {min_rate} bytes/s for {window:g} s, "
        f"{times} times in a row); the part already downloaded is kept, and a resume (from "
        "this or another endpoint) continues from it.", name)


class SizeMismatchError(DownloadError):
    """The server announced another size than the file list says (or an impossible one):
    refused before a byte of it is written, so a lying server cannot fill the disk."""


class EncodingError(DownloadError):
    """The server sent the bytes content-encoded (gzip...) although hfmanager asked for
    ``identity``: refused, nothing of that answer is written."""


class UnsafeCacheError(DownloadError):
    """A link, a folder or another user's file sits where the download must write, and
    cannot be replaced safely (the cache is shared or damaged)."""


def unsafe_cache(exc: OSError) -> UnsafeCacheError:
    """A planted link or another user's file that the engine would not write through."""
    where = exc.filename or "the cache"
    return UnsafeCacheError(
        f"refusing to write at {where}: {exc.strerror or exc} (a shared or damaged cache; "
        "remove it, or choose another cache folder).", str(exc.filename or ""))


class ProtocolViolationError(DownloadError):
    """The server answered something inconsistent (bad Content-Range, too many bytes)."""

    retryable = True


class StoppedError(DownloadError):
    """The user paused or cancelled; ``reason`` is 'pause' or 'cancel'."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"download {reason}d" if reason != "pause" else "download paused")
        self.reason = reason


class OfflineError(DownloadError):
    """Offline mode is on: no network request is made."""
