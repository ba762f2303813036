"""A resting swap order is part of the public book the websocket pushes: its size is added at its price in
``@depth`` and ``@incrDepth`` frames, and taken away again when it is cancelled."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import aiohttp

from tests.ws_sim.conftest import RawWs
from tradewire import AsyncBingX
from tradewire.sim import Simulator

S = "BTC-USDT"
DEPTH, INCR = f"{S}@depth20@500ms", f"{S}@incrDepth"


def levels(rows: list[list[str]]) -> list[tuple[D, D]]:
    return [(D(p), D(q)) for p, q in rows]


def bids_of(topic: str) -> Any:
    return lambda f: isinstance(f, dict) and f.get("dataType") == topic


async def next_change(ws: RawWs, old: list[tuple[D, D]]) -> tuple[Any, Any]:
    """The first ``@depth`` frame whose bids differ from ``old`` and the first ``@incrDepth`` update, in
    whichever order they come."""
    depth = incr = None
    for _ in range(1000):
        if depth is not None and incr is not None:
            return depth, incr
        frame = await ws.until(lambda f: bids_of(DEPTH)(f) or bids_of(INCR)(f))
        if frame["dataType"] == DEPTH and depth is None and levels(frame["data"]["bids"]) != old:
            depth = frame
        elif frame["dataType"] == INCR and incr is None and frame["data"]["action"] == "update":
            incr = frame
    raise AssertionError("no change pushed")


async def test_resting_order_in_depth_frames_until_cancelled(sim: Simulator) -> None:
    sim.clock.speed = 0
    user = sim.users[0]
    bx = AsyncBingX(api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url, rate_limits=False)
    try:
        async with aiohttp.ClientSession() as session:
            ws = RawWs(await session.ws_connect(sim.bingx_ws_url, autoping=False))
            assert (await ws.request("sub", DEPTH))["code"] == 0
            assert (await ws.request("sub", INCR))["code"] == 0
            snapshot = await ws.until(lambda f: bids_of(INCR)(f) and f["data"]["action"] == "all")
            await sim.bingx_ws.step_async(1, ms=0)
            bids = levels((await ws.data(DEPTH))["data"]["bids"])
            assert levels(snapshot["data"]["bids"])[:20] == bids
            best, size = bids[0]

            o = await bx.swap_order(S, "BUY", "LIMIT", quantity=D("0.0300"), price=best, time_in_force="GTC",
                                    position_side="LONG")
            await sim.bingx_ws.step_async(1, ms=0)
            frame, update = await next_change(ws, bids)
            shown = levels(frame["data"]["bids"])
            assert shown == [(best, size + D("0.0300")), *bids[1:]]
            assert levels(update["data"]["bids"]) == [(best, size + D("0.0300"))]

            await bx.cancel_swap_order(S, order_id=o.order_id)
            await sim.bingx_ws.step_async(1, ms=0)
            frame, update = await next_change(ws, shown)
            assert levels(frame["data"]["bids"]) == bids
            assert levels(update["data"]["bids"]) == [(best, size)]
            await ws.ws.close()
    finally:
        await bx.close()
