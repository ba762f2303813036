"""Websocket output: frames as RFC 6455 lays them out; an outbox writes a loop turn's frames in one piece, in order."""

from __future__ import annotations

import asyncio
import struct
import threading
from typing import Any

from tradewire.sim import wsout


class _Transport:
    def __init__(self, backlog: int = 0) -> None:
        self.writes: list[bytes] = []
        self.backlog = backlog

    def write(self, data: bytes) -> None:
        self.writes.append(data)

    def is_closing(self) -> bool:
        return False

    def get_write_buffer_size(self) -> int:
        return self.backlog


class _Request:
    def __init__(self, transport: _Transport) -> None:
        self.transport = transport


def _outbox(transport: _Transport) -> wsout.Outbox:
    request: Any = _Request(transport)
    return wsout.Outbox(request)


def test_frame_headers() -> None:
    assert wsout.frame(b"") == b"\x82\x00"
    assert wsout.frame(b"x" * 125, wsout.TEXT) == b"\x81\x7d" + b"x" * 125
    assert wsout.frame(b"x" * 126) == b"\x82\x7e" + struct.pack("!H", 126) + b"x" * 126
    assert wsout.frame(b"x" * 65535)[:4] == b"\x82\x7e\xff\xff"
    assert wsout.frame(b"x" * 65536)[:10] == b"\x82\x7f" + struct.pack("!Q", 65536)


async def test_one_write_per_loop_turn_in_order() -> None:
    transport = _Transport()
    box = _outbox(transport)
    for payload in (b"a", b"b", b"c"):
        assert box.put(wsout.frame(payload))
    assert transport.writes == [] and box.backlog() == 9
    await asyncio.sleep(0)
    assert transport.writes == [b"\x82\x01a\x82\x01b\x82\x01c"] and box.backlog() == 0


async def test_a_frame_put_from_another_thread_keeps_its_place() -> None:
    transport = _Transport()
    box = _outbox(transport)
    box.put(wsout.frame(b"1"))
    thread = threading.Thread(target=box.put, args=(wsout.frame(b"2"),))
    thread.start()
    thread.join()
    for _ in range(100):  # bounded: the other thread's frame arrives through the loop
        await asyncio.sleep(0)
        if b"".join(transport.writes) == b"\x82\x011\x82\x012":
            return
    raise AssertionError(transport.writes)


async def test_a_client_too_far_behind_is_refused() -> None:
    transport = _Transport(backlog=wsout.MAX_BACKLOG + 1)
    box = _outbox(transport)
    assert not box.put(wsout.frame(b"late"))
    await asyncio.sleep(0)
    assert transport.writes == []
