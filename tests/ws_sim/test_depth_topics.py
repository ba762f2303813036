"""``<symbol>@depth<level>`` without an interval (what ccxt.pro subscribes), with the documented frame: raw,
through the real client's depth stream (async and sync), and through ccxt.pro's watch_order_book."""

from __future__ import annotations

import asyncio
from decimal import Decimal as D
from typing import Any

import ccxt.pro
import pytest

from tradewire.bingx.streams import BingXStreams, SyncBingXStreams
from tradewire.bingx.ws_models import Depth
from tradewire.sim import Simulator

from .conftest import TIMEOUT, RawWs

S = "ETH-USDT"
TOPIC = f"{S}@depth100"


def levels(rows: list[list[str]]) -> list[tuple[D, D]]:
    return [(D(p), D(q)) for p, q in rows]


async def test_depth100_frame(sim: Simulator, raw: Any) -> None:
    sim.clock.speed = 0
    now = sim.clock.now_ms()
    ws: RawWs = await raw()
    assert await ws.request("sub", TOPIC) == {"id": "req-1", "code": 0, "msg": "", "dataType": "", "data": None}
    frame = await ws.data(TOPIC)
    bids, asks = sim.bingx_ws.book(S, 100)
    assert set(frame) == {"code", "dataType", "ts", "data"} and set(frame["data"]) == {"bids", "asks", "T"}
    assert (frame["code"], frame["dataType"], frame["ts"], frame["data"]["T"]) == (0, TOPIC, now, now)
    assert levels(frame["data"]["bids"]) == bids and len(bids) == 100
    assert levels(frame["data"]["asks"]) == asks[::-1] and len(asks) == 100  # worst first, as the live frames


@pytest.mark.parametrize("topic", [f"{S}@depth7", f"{S}@depth200", f"{S}@depth100@100ms", f"{S}@depth100@",
                                   f"{S}@depth"])
async def test_levels_outside_the_reference_are_refused(raw: Any, topic: str) -> None:
    ws: RawWs = await raw()
    assert (await ws.request("sub", topic))["code"] == 80015


def _assert_book(depth: Depth, sim: Simulator, now: int, level: int) -> None:
    bids, asks = sim.bingx_ws.book(S, level)
    assert ([(p, q) for p, q in depth.bids], [(p, q) for p, q in depth.asks], depth.time) == (bids, asks, now)


async def test_client_depth_stream_without_interval(sim: Simulator) -> None:
    sim.clock.speed = 0
    now = sim.clock.now_ms()
    async with BingXStreams(sim.bingx_ws_url) as streams:
        stream = streams.depth(S, 50, None)
        assert stream.topic == f"{S}@depth50"
        depth = await asyncio.wait_for(first_depth(stream), TIMEOUT)
    _assert_book(depth, sim, now, 50)


async def first_depth(stream: Any) -> Depth:
    async for item in stream:
        if isinstance(item, Depth):
            return item
    raise AssertionError("the stream ended")


def test_sync_client_depth_stream_without_interval(sim: Simulator) -> None:
    sim.clock.speed = 0
    now = sim.clock.now_ms()
    with SyncBingXStreams(sim.bingx_ws_url) as streams, streams.depth(S, 100, None) as stream:
        depth = next(x for x in stream if isinstance(x, Depth))
    _assert_book(depth, sim, now, 100)


async def test_ccxt_pro_watch_order_book(sim: Simulator) -> None:
    sim.clock.speed = 0
    ex = ccxt.pro.bingx({"apiKey": sim.users[0].api_key, "secret": sim.users[0].secret_key})
    ex.set_sandbox_mode(True)
    ex.urls["api"] = {**{k: f"{sim.bingx_url}/openApi" for k in ex.urls["api"] if k != "ws"},
                      "ws": {"linear": sim.bingx_ws_url}}
    try:
        await ex.load_markets()
        book = await asyncio.wait_for(ex.watch_order_book("ETH/USDT:USDT"), TIMEOUT)
        assert [list(c.subscriptions) for c in ex.clients.values()] == [[TOPIC]]  # the topic ccxt.pro sent
    finally:
        await ex.close()
    bids, asks = sim.bingx_ws.book(S, 100)
    assert [(D(str(p)), D(str(q))) for p, q in book["bids"]] == bids  # float ok: ccxt's numbers, exact as text
    assert [(D(str(p)), D(str(q))) for p, q in book["asks"]] == asks
