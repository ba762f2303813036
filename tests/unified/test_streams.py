"""The unified streams: the same types from both venues, against the simulator, exact against REST."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

import pytest

from tradewire.sim import Simulator
from tradewire.unified import Exchange, OrderBook, Ticker, Trade, open_exchange
from tradewire.unified.types import StreamNotice

T = TypeVar("T")


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


def exchange(sim: Simulator, venue: str) -> Exchange:
    user = sim.users[0]
    if venue == "bingx":
        return open_exchange("bingx", api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url,
                             ws_url=sim.bingx_ws_url, rate_limits=False)
    return open_exchange("binance", api_key=user.api_key, secret_key=user.secret_key, base_url=sim.binance_url,
                         ws_url=sim.binance_ws_url)


async def first(stream: AsyncIterator[Any], kind: type[T], count: int = 1) -> tuple[list[T], list[StreamNotice]]:
    items: list[T] = []
    notices: list[StreamNotice] = []
    async with asyncio.timeout(60):  # a hang bound: every stream here ends on its count
        async for item in stream:
            if isinstance(item, StreamNotice):
                notices.append(item)
            else:
                assert isinstance(item, kind)
                items.append(item)
                if len(items) == count:
                    break
    await stream.aclose()  # type: ignore[attr-defined]
    return items, notices


@pytest.mark.parametrize("venue", ["bingx", "binance"])
async def test_trades_are_the_trades_rest_reports(sim: Simulator, venue: str) -> None:
    sim.clock.speed = 50  # BingX prints a trade every 10 simulated seconds
    with exchange(sim, venue) as ex:
        trades, _ = await first(ex.watch_trades("BTC/USDT"), Trade, 2)
        assert all(t.venue == venue and t.symbol == "BTC/USDT" and t.side in ("buy", "sell") for t in trades)
        if venue == "binance":  # BingX's trade frames carry no id to look up
            known = {t.id: t for t in await asyncio.to_thread(ex.trades, "BTC/USDT", 1000)}
            assert [(known[t.id].price, known[t.id].amount, known[t.id].time) for t in trades] == [
                (t.price, t.amount, t.time) for t in trades]


@pytest.mark.parametrize("venue", ["bingx", "binance"])
async def test_order_book_is_sorted_best_first(sim: Simulator, venue: str) -> None:
    sim.clock.speed = 50
    with exchange(sim, venue) as ex:
        books, notices = await first(ex.watch_order_book("BTC/USDT", 5), OrderBook, 2)
        for book in books:
            assert (book.venue, book.symbol, len(book.bids), len(book.asks)) == (venue, "BTC/USDT", 5, 5)
            assert book.bids == sorted(book.bids, reverse=True) and book.asks == sorted(book.asks)
            assert book.bids[0][0] < book.asks[0][0]
        if venue == "binance":
            assert notices[0].event == "resynced"  # the snapshot that starts the local book is visible


@pytest.mark.parametrize("venue", ["bingx", "binance"])
async def test_ticker(sim: Simulator, venue: str) -> None:
    sim.clock.speed = 50
    with exchange(sim, venue) as ex:
        [tick], _ = await first(ex.watch_ticker("BTC/USDT"), Ticker)
        assert tick.venue == venue and tick.symbol == "BTC/USDT"
        assert tick.low is not None and tick.high is not None and tick.low <= tick.last <= tick.high
