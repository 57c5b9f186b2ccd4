"""One response body into a partial file: the engine's inner write loop.

Each piece is written as it arrives (one socket read, at most ``READ_SIZE``), then hashed
inline or, with a spare core, on a :class:`HashThread`; large files are flushed behind the
transfer (:class:`Flusher`) so that the commit's fsync stays short. Split from
:mod:`engine` (issue 11: files under 400 lines).
"""

from __future__ import annotations

import os

from hfmanager.core import errors as err
from hfmanager.core.downloads.answer import RestartError
from hfmanager.core.downloads.config import CancelToken, EngineConfig
from hfmanager.core.downloads.flusher import FLUSH_EVERY, Flusher
from hfmanager.core.downloads.hashthread import HashThread
from hfmanager.core.downloads.plan import RemoteEntry
from hfmanager.core.downloads.ranges import ProgressFn
from hfmanager.core.downloads.sidecar import PartialFile
from hfmanager.core.downloads.transport import READ_SIZE, Body, read_size
from hfmanager.core.procs import usable_cpus

SIDECAR_MIN = 1024 * 1024  # smaller files keep no sidecar and restart from 0


def write_body(
    config: EngineConfig, resp: Body, part: PartialFile, entry: RemoteEntry,
    progress: ProgressFn, cancel: CancelToken,
) -> None:
    """Append ``resp``'s body to ``part`` (written, then hashed, piece by piece) until
    ``entry.size``; the file keeps exactly the bytes that were hashed."""
    limiter, received = config.limiter, part.offset
    threaded = config.hash_thread
    if threaded is None:
        threaded = usable_cpus() >= 2
    big = entry.size > SIDECAR_MIN
    feeder = HashThread(part.hasher, READ_SIZE) if threaded and big else None
    with os.fdopen(part.open_fd(), "r+b", buffering=0) as f:
        f.seek(part.offset)
        # Write-back behind the transfer (large files): the commit's fsync stays short.
        flush = entry.size - part.offset >= 2 * FLUSH_EVERY and hasattr(os, "fdatasync")
        flusher = Flusher(f.fileno(), FLUSH_EVERY) if flush else None
        write = config.writer
        hash_update = feeder.update if feeder is not None else part.hasher.update
        try:
            # Pieces are written as they arrive (one socket read each, at most
            # READ_SIZE): a kill -9 then loses only what sits in socket buffers.
            for chunk in resp.chunks(read_size(limiter)):
                received += len(chunk)
                if received > entry.size:
                    raise RestartError()  # more bytes than the blob has: drop them
                if limiter is not None:
                    limiter.consume(len(chunk), cancel)
                write(f, chunk)
                hash_update(chunk)  # only after the bytes are on disk
                if flusher is not None:
                    flusher.wrote(len(chunk))
                part.offset += len(chunk)
                progress(entry.path, part.offset, entry.size)
                cancel.check()
        except OSError as exc:
            full = err.no_space(exc, entry.path)
            if full is None:
                raise
            raise full from exc
        finally:
            if flusher is not None:
                flusher.close()
            if feeder is not None:
                feeder.close()  # the hash now covers every written piece
            f.truncate(part.offset)  # keep exactly the bytes that were hashed
    if part.offset < entry.size:
        raise err.ProtocolViolationError(err.Reason.ENDED_EARLY, filename=entry.path,
                                         offset=part.offset)
