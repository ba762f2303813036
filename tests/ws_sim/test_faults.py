"""Websocket faults: dropped connection, no pings, silence; each observable, through raw sockets and the client."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from tradewire.bingx.streams import BingXStreams
from tradewire.core.ws import Disconnected, Limits, Reconnected
from tradewire.sim import Simulator
from tradewire.sim.bingx.ws_faults import WsFault

from .conftest import TIMEOUT, RawWs

S = "ETH-USDT"


async def _frames(ws: RawWs, seconds: float) -> list[Any]:
    got = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (left := deadline - loop.time()) > 0:
        try:
            got.append(await ws.recv(left))
        except TimeoutError:
            break
    return got


async def test_drop_closes_without_close_frame(sim: Simulator, raw: Any) -> None:
    ws: RawWs = await raw()
    assert (await ws.request("sub", f"{S}@bookTicker"))["code"] == 0
    sim.ws_faults.add("drop")
    for _ in range(100):
        msg = await ws.ws.receive(TIMEOUT)
        if msg.type is not aiohttp.WSMsgType.BINARY:
            break
    assert msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)  # no CLOSE frame from the server
    other: RawWs = await raw()  # the fault was used up: new sockets work
    assert (await other.request("sub", f"{S}@bookTicker"))["code"] == 0


async def test_client_reconnects_after_drop(sim: Simulator) -> None:
    limits = Limits(backoff_base=0.01, backoff_max=0.05)
    async with BingXStreams(sim.bingx_ws_url, limits=limits) as streams:
        tickers = streams.book_ticker(S)
        await tickers.wait_active()
        sim.ws_faults.add("drop")
        kinds: list[type] = []
        for _ in range(200):
            item = await asyncio.wait_for(anext(tickers), TIMEOUT)
            kinds.append(type(item))
            if isinstance(item, Reconnected):
                break
        assert Disconnected in kinds and kinds[-1] is Reconnected
        assert (await asyncio.wait_for(anext(tickers), TIMEOUT)).symbol == S  # type: ignore[union-attr]


async def applied(fault: WsFault) -> None:
    """Wait (bounded) until the simulator has applied ``fault`` to a connection."""
    deadline = asyncio.get_running_loop().time() + TIMEOUT
    while fault.remaining:
        assert asyncio.get_running_loop().time() < deadline, "fault never applied"
        await asyncio.sleep(0.01)


async def test_no_ping(sim: Simulator, raw: Any) -> None:
    sim.bingx_ws.ping_interval_s = 0.05
    ws: RawWs = await raw()
    assert await ws.until(lambda f: f == "Ping") == "Ping"
    await applied(sim.ws_faults.add("no_ping"))
    # one writer keeps the order: pings queued before the fault applied all come before this ack
    assert (await ws.request("sub", f"{S}@bookTicker"))["code"] == 0
    frames = [await ws.recv() for _ in range(3)]  # ≥ 0.4 s of pushes, in which a heartbeat would ping 8 times
    assert "Ping" not in frames and all(f["dataType"] == f"{S}@bookTicker" for f in frames)


async def test_silence_keeps_the_socket_open(sim: Simulator, raw: Any) -> None:
    sim.bingx_ws.ping_interval_s = 0.05
    ws: RawWs = await raw()
    assert (await ws.request("sub", f"{S}@bookTicker"))["code"] == 0
    await applied(sim.ws_faults.add("silence"))
    sim.bingx_ws.pong_timeout_s = 0.1  # only now: our unanswered Pings must not close the socket before the fault
    await _frames(ws, 0.2)  # whatever was on the wire before the fault applied
    await ws.send("sub", f"{S}@ticker")
    assert await _frames(ws, 0.6) == []  # no ack, no data, no ping, and not closed for the missing Pongs
    assert not ws.ws.closed


async def test_client_watchdog_reconnects_a_silent_socket(sim: Simulator) -> None:
    limits = Limits(silence=0.5, backoff_base=0.01, backoff_max=0.05)
    async with BingXStreams(sim.bingx_ws_url, limits=limits) as streams:
        tickers = streams.book_ticker(S)
        await tickers.wait_active()
        sim.ws_faults.add("silence")
        kinds = set()
        for _ in range(200):
            item = await asyncio.wait_for(anext(tickers), TIMEOUT)
            kinds.add(type(item))
            if isinstance(item, Reconnected):
                break
        assert {Disconnected, Reconnected} <= kinds


def test_fault_arguments_are_checked(sim: Simulator) -> None:
    with pytest.raises(ValueError):
        sim.ws_faults.add("explode")
    with pytest.raises(ValueError):
        sim.ws_faults.add("drop", symbol=S)
    with pytest.raises(ValueError):
        sim.ws_faults.add("stale", gap=3)
    with pytest.raises(ValueError):
        sim.ws_faults.add("drop", count=0)
    for _ in range(100):
        sim.ws_faults.add("stale")
    with pytest.raises(ValueError):
        sim.ws_faults.add("stale")
    sim.ws_faults.clear()
    sim.ws_faults.add("stale")
