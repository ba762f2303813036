"""``@incrDepth`` through the real client's order book: exact after 500 updates (75,000 level changes), id faults."""

from __future__ import annotations

import asyncio
import time

from tradewire.bingx.streams import BingXStreams, OrderBookStream
from tradewire.core.ws import Resync, StreamEvent
from tradewire.sim import Simulator

from .conftest import TIMEOUT

S = "BTC-USDT"


async def _in_sync(sim: Simulator, book_stream: OrderBookStream, timeout: float = TIMEOUT) -> None:  # float ok
    """Wait until the client's book has the simulator's latest update id."""
    deadline = time.monotonic() + timeout
    target = sim.bingx_ws.last_update_id(S)
    while time.monotonic() < deadline:
        if book_stream.book.last_update_id == target:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"client at {book_stream.book.last_update_id}, server at {target}")


#: each update re-quotes the house ladder: about 75 levels inserted and 75 deleted per side (measured), so 500
#: updates put ~75,000 level changes through the client's book; 2,000 (80 s of simulator time on a loaded
#: machine) exercised no other path: the end state is compared whole, level by level, either way
UPDATES = 500


async def test_client_book_equals_simulator_book_after_500_updates(sim: Simulator) -> None:
    sim.clock.speed = 0
    async with BingXStreams(sim.bingx_ws_url) as streams:
        book_stream = streams.order_book(S)
        await book_stream.wait_active()
        await _in_sync(sim, book_stream)
        first = book_stream.book.last_update_id
        assert first is not None
        events: list[StreamEvent] = []

        async def read() -> None:
            async for item in book_stream:
                if isinstance(item, StreamEvent):
                    events.append(item)

        reader = asyncio.create_task(read())
        await sim.bingx_ws.step_async(UPDATES)
        await _in_sync(sim, book_stream)
        reader.cancel()
        assert book_stream.book.last_update_id == first + UPDATES
        assert book_stream.book.top(1000) == sim.bingx_ws.book(S)
        assert events == []


async def test_skipped_ids_are_not_loss(sim: Simulator) -> None:
    sim.clock.speed = 0
    async with BingXStreams(sim.bingx_ws_url) as streams:
        book_stream = streams.order_book(S)
        await book_stream.wait_active()
        await _in_sync(sim, book_stream)
        first = book_stream.book.last_update_id
        assert first is not None
        sim.ws_faults.add("skip_ids", 3, symbol=S, gap=7)
        await sim.bingx_ws.step_async(5)
        await _in_sync(sim, book_stream)
        assert book_stream.book.last_update_id == first + 5 + 3 * 7
        assert book_stream.book.top(1000) == sim.bingx_ws.book(S)


async def test_stale_update_makes_the_client_resync(sim: Simulator) -> None:
    sim.clock.speed = 0
    async with BingXStreams(sim.bingx_ws_url) as streams:
        book_stream = streams.order_book(S)
        await book_stream.wait_active()
        await sim.bingx_ws.step_async(2)
        await _in_sync(sim, book_stream)
        sim.ws_faults.add("stale", symbol=S)
        await sim.bingx_ws.step_async(1)
        item = await asyncio.wait_for(anext(book_stream), TIMEOUT)
        while not isinstance(item, Resync):
            item = await asyncio.wait_for(anext(book_stream), TIMEOUT)
        await sim.bingx_ws.step_async(1)
        await _in_sync(sim, book_stream)
        assert book_stream.book.top(1000) == sim.bingx_ws.book(S)
