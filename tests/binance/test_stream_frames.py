"""A market event is encoded once per form: raw subscribers get the same text, combined ones it wrapped."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import aiohttp
import pytest

from tradewire.sim.binance.server import BinanceSim

BOUND_S = 30.0  # float ok: seconds; bounds a hang, never paces a test
STREAM = "btcusdt@bookTicker"


@pytest.fixture
def sim() -> Iterator[BinanceSim]:
    with BinanceSim() as simulator:
        simulator.exchange.clock.speed = 500  # a tape print about every 20 ms: the house moves the book
        yield simulator


async def _text(ws: aiohttp.ClientWebSocketResponse) -> str:
    msg = await ws.receive(BOUND_S)
    assert msg.type is aiohttp.WSMsgType.TEXT, msg
    return str(msg.data)


async def test_raw_and_combined_subscribers_share_the_event(sim: BinanceSim) -> None:
    async with aiohttp.ClientSession() as session:
        first = await session.ws_connect(f"{sim.ws_url}/ws/{STREAM}")
        second = await session.ws_connect(f"{sim.ws_url}/ws/{STREAM}")
        combined = await session.ws_connect(f"{sim.ws_url}/stream?streams={STREAM}")
        assert (first.compress, second.compress, combined.compress) == (0, 0, 0)  # no per-socket deflate
        deadline = time.monotonic() + BOUND_S
        while len(sim.streams.conns) < 3:  # the sockets' frames wait, unread, in their buffers
            assert time.monotonic() < deadline, "sockets not registered"
            await asyncio.sleep(0.01)
        later = [await _text(combined) for _ in range(5)]  # all three sockets were open for these
        events = [json.loads(t) for t in later]
        assert all(set(e) == {"stream", "data"} and e["stream"] == STREAM for e in events)
        assert all(set(e["data"]) == {"u", "s", "b", "B", "a", "A"} and e["data"]["s"] == "BTCUSDT" for e in events)
        raw = [json.dumps(e["data"], separators=(",", ":")) for e in events]
        for ws in (first, second):
            seen: list[str] = []
            while not set(raw) <= set(seen) and len(seen) < 1000:
                seen.append(await _text(ws))
            assert set(raw) <= set(seen)
        for ws in (first, second, combined):
            await ws.close()
