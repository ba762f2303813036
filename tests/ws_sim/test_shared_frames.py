"""A push is encoded, gzipped and framed once: every subscriber gets the same bytes, in the documented shape."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal

import aiohttp

from tradewire.sim import Simulator

from .conftest import TIMEOUT

S = "BTC-USDT"
TOPICS = (f"{S}@depth5@200ms", f"{S}@trade")


async def _subscribe(session: aiohttp.ClientSession, sim: Simulator) -> aiohttp.ClientWebSocketResponse:
    """A socket subscribed to ``TOPICS`` (both acks received)."""
    ws = await session.ws_connect(sim.bingx_ws_url, autoping=False)  # offers permessage-deflate, as by default
    for n, topic in enumerate(TOPICS):
        await ws.send_str(json.dumps({"id": str(n), "reqType": "sub", "dataType": topic}))
    acks = 0
    while acks < len(TOPICS):
        frame = gzip.decompress((await ws.receive(TIMEOUT)).data)
        if frame != b"Ping":
            assert json.loads(frame)["code"] == 0
            acks += 1
    return ws


async def _data_frame(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    """The next raw data frame (acks and pings skipped), as received."""
    for _ in range(1000):
        msg = await ws.receive(TIMEOUT)
        assert msg.type is aiohttp.WSMsgType.BINARY, msg
        if b'"dataType":"BTC-USDT@' in gzip.decompress(msg.data):
            return bytes(msg.data)
    raise AssertionError("no data frame")


async def test_two_subscribers_get_byte_identical_frames(sim: Simulator) -> None:
    sim.clock.speed = 0
    async with aiohttp.ClientSession() as session:
        first, second = await _subscribe(session, sim), await _subscribe(session, sim)
        assert first.compress == 0 and second.compress == 0  # no per-socket deflate was negotiated
        await sim.bingx_ws.step_async(3)  # every channel pushes 3 times: 3 depth and 3 trade frames at least
        later = [await _data_frame(second) for _ in range(6)]
        # every push the second socket got went to the first one too (subscribed earlier), as the same bytes
        earlier: list[bytes] = []
        while not set(later) <= set(earlier) and len(earlier) < 1000:
            earlier.append(await _data_frame(first))
        assert set(later) <= set(earlier)
        frames = [json.loads(gzip.decompress(f)) for f in later]
        assert {f["dataType"] for f in frames} == set(TOPICS)
        for frame in frames:
            assert frame["code"] == 0
            if frame["dataType"] == TOPICS[0]:
                data = frame["data"]
                assert set(frame) == {"code", "dataType", "ts", "data"} and set(data) == {"bids", "asks", "T"}
                assert len(data["bids"]) == len(data["asks"]) == 5
                assert all(isinstance(p, str) and Decimal(q) > 0 for p, q in data["bids"] + data["asks"])
            else:
                assert all(set(t) == {"q", "p", "T", "m", "s"} and t["s"] == S for t in frame["data"])
        await first.close()
        await second.close()
