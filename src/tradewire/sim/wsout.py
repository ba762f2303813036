"""Websocket output for both venues' stream servers: a push is framed once and the same bytes go to every subscriber.

A server never masks its frames (RFC 6455 §5.1), so a push's frame is identical on every socket: `frame` builds it
once and a subscriber's `Outbox` only queues a reference. Everything queued on a socket in one turn of the event
loop leaves in order, with one ``transport.write``; aiohttp's own frames on that socket (pongs, heartbeat pings,
the close frame) follow what was queued before them. The sockets offer no permessage-deflate (`response`): it
compresses per socket, so no two subscribers could share a frame, and the venues document none (BingX frames are
gzip-compressed by the server itself, bingx.md §12; binance-spot-api-docs/web-socket-streams.md names no extension).
"""

from __future__ import annotations

import asyncio
import struct
import threading
from typing import Any

from aiohttp import web

BINARY, TEXT = 0x2, 0x1
MAX_BACKLOG = 16 * 1024 * 1024  # bytes a client may leave unread before it is dropped


def frame(payload: bytes, opcode: int = BINARY) -> bytes:
    """One unmasked, final websocket frame carrying ``payload``."""
    n = len(payload)
    if n < 126:
        return bytes((0x80 | opcode, n)) + payload
    if n < 65536:
        return struct.pack("!BBH", 0x80 | opcode, 126, n) + payload
    return struct.pack("!BBQ", 0x80 | opcode, 127, n) + payload


def response(**kwargs: Any) -> web.WebSocketResponse:
    """A websocket response that negotiates no compression extension."""
    return web.WebSocketResponse(compress=False, **kwargs)


class Outbox:
    """The frames waiting to be written to one socket (created on the server's loop, after the handshake)."""

    def __init__(self, request: web.Request) -> None:
        self._transport = request.transport
        self._loop = asyncio.get_running_loop()
        self._thread = threading.get_ident()
        self._out: list[bytes] = []
        self._queued = 0  # bytes in _out

    def put(self, wire: bytes) -> bool:
        """Queue one frame (from any thread); False, queueing nothing, when the client is more than
        ``MAX_BACKLOG`` bytes behind."""
        if threading.get_ident() != self._thread:
            self._loop.call_soon_threadsafe(self.put, wire)
            return True
        transport = self._transport
        if transport is None or transport.is_closing():
            return True  # the socket is going: nothing to write to
        if self._queued + transport.get_write_buffer_size() > MAX_BACKLOG:
            return False
        if not self._out:
            self._loop.call_soon(self.flush)
        self._out.append(wire)
        self._queued += len(wire)
        return True

    def flush(self) -> None:
        """Write what is queued, in one piece (the loop calls this once per turn with frames queued)."""
        out, self._out, self._queued = self._out, [], 0
        transport = self._transport
        if out and transport is not None and not transport.is_closing():
            transport.write(out[0] if len(out) == 1 else b"".join(out))

    def backlog(self) -> int:
        """Bytes queued or written but not yet taken by the client's socket."""
        transport = self._transport
        return self._queued + (transport.get_write_buffer_size() if transport is not None else 0)
