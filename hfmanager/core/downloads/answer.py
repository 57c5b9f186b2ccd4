"""What the answer to a file GET must look like before a byte of its body is written.

The status says where the body starts (or that the partial must be dropped); the
headers must describe the bytes the plan expects: no content encoding (the engine asks
for ``identity``: a compressed body would be written as the file and fail its hash, or
end "early" and be resumed into garbage), and a Content-Length / Content-Range that
agree with the file's size, so a server that lies about sizes is refused at once instead
of being read until the disk is full.
"""

from __future__ import annotations

from hfmanager.core import errors as err
from hfmanager.core.downloads.plan import RemoteEntry
from hfmanager.core.downloads.transport import Body, content_range


class RestartError(Exception):
    """The server's answer means the partial must be dropped and fetched from byte 0."""


def check_status(resp: Body, offset: int, entry: RemoteEntry) -> int:
    """Map the status to the byte offset the body starts at, or raise."""
    code, name = resp.status_code, entry.path
    if code == 206:
        got = content_range(resp)
        if got is None or got[0] != offset:  # another range than asked: ask afresh
            raise RestartError()
        if got[2] != "*" and int(got[2]) != entry.size:
            raise size_mismatch(entry, int(got[2]))
        return offset
    if code == 200:
        return 0
    if code == 416:
        raise RestartError()
    if code in (401, 403):
        raise err.AuthRequiredError(err.Reason.ACCESS_DENIED, filename=name, status=code)
    if code == 404:
        raise err.NotFoundError(err.Reason.ENTRY_NOT_FOUND, filename=name, status=code)
    if code == 429 or code >= 500:
        raise err.ServerError(err.Reason.SERVER_STATUS, filename=name, status=code)
    raise err.HTTPStatusError(err.Reason.HTTP_STATUS, filename=name, status=code,
                              endpoint="the server")


def check_body(resp: Body, entry: RemoteEntry) -> None:
    """The body about to be written is plain bytes of the file as the plan knows it:
    refuse an encoding, or a length or range that says otherwise."""
    name = entry.path
    encoding = resp.header("content-encoding").strip().lower()
    if encoding not in ("", "identity"):
        raise err.EncodingError(err.Reason.ENCODED, filename=name, encoding=encoding[:40])
    rng = content_range(resp) if resp.status_code == 206 else None
    if rng is not None and not rng[0] <= rng[1] < entry.size:
        raise size_mismatch(entry, rng[1] + 1)
    length = resp.header("content-length").strip()
    if not length:
        return  # chunked or ended by a close: the writers stop at the expected size
    if not length.isdigit():
        raise size_mismatch(entry, repr(length[:40]))
    if rng is None and int(length) != entry.size:  # a 200 carries the whole file
        raise size_mismatch(entry, int(length))
    if rng is not None and int(length) != rng[1] - rng[0] + 1:
        raise err.SizeMismatchError(err.Reason.LENGTH_RANGE, filename=name, length=length,
                                    first=rng[0], last=rng[1])


def size_mismatch(entry: RemoteEntry, announced: int | str) -> err.SizeMismatchError:
    return err.SizeMismatchError(err.Reason.SIZE_ANNOUNCED, filename=entry.path,
                                 announced=announced, size=entry.size)
