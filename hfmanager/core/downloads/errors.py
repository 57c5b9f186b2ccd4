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
