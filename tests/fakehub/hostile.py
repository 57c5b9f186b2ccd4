"""Non-file answers of a hostile fake Hub: dripped a byte at a time, or never ending."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fakehub.faults import Fault
    from fakehub.handler import Handler


class DroppedError(Exception):
    """The hub is closing: cut the connection."""


def send_hostile(handler: Handler, status: int, headers: dict[str, str], data: bytes,
                 fault: Fault) -> None:
    """Send an answer that drips (``fault.answer_drip``, with ``answer_drip_headers`` the
    status line and headers too) or whose body never ends (``fault.endless``)."""
    if fault.endless:
        headers.pop("Content-Length", None)
        headers["Connection"] = "close"
        handler.close_connection = True
    head = f"HTTP/1.1 {status} {handler.responses.get(status, ('',))[0]}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    try:
        _drip_out(handler, head.encode(), fault.answer_drip if fault.answer_drip_headers else 0)
        if handler.command == "HEAD":
            return
        _drip_out(handler, data, fault.answer_drip)
        filler = b" " * 65536
        while fault.endless and not handler.hub.closing.is_set():
            handler.connection.sendall(filler)  # until the client hangs up
    except OSError:  # the client gave up (what a deadline is for)
        handler.close_connection = True


def _drip_out(handler: Handler, data: bytes, seconds: float) -> None:
    if not seconds:
        handler.connection.sendall(data)
        return
    for i in range(len(data)):
        if handler.hub.closing.wait(seconds):
            raise DroppedError
        handler.connection.sendall(data[i:i + 1])
