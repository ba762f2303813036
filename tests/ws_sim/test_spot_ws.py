"""The spot websocket: tradewire's spot streams and ccxt.pro against the simulator's ``/market`` socket; the
local spot book follows the simulator's book through the documented incremental rule, the account stream
decodes spot order and balance pushes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any

import pytest

from tradewire import AsyncBingX
from tradewire.bingx.spot_streams import SpotStreams
from tradewire.bingx.spot_ws_models import ExecutionReport
from tradewire.bingx.ws_models import AccountUpdate, Depth, Kline, Ticker, Trade
from tradewire.core.book import OrderBook
from tradewire.core.errors import ValidationError
from tradewire.sim import Simulator
from tradewire.sim.bingx.spot_view import spot_book

D = Decimal
S = "BTC-USDT"
BOUND_S = 60.0  # float ok: seconds; generous on a loaded machine


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        s.clock.speed = 50  # a tape trade every 0.2 s of wall time
        yield s


def spot_url(sim: Simulator) -> str:
    return sim.bingx_url.replace("http://", "ws://") + "/market"


async def first(stream: AsyncIterator[Any], kind: type, n: int = 1) -> list[Any]:
    """The first `n` items of `kind` (markers skipped), within BOUND_S."""
    got: list[Any] = []

    async def read() -> None:
        async for item in stream:
            if isinstance(item, kind):
                got.append(item)
                if len(got) == n:
                    return

    await asyncio.wait_for(read(), BOUND_S)
    return got


def test_market_channels(sim: Simulator) -> None:
    async def run() -> None:
        async with SpotStreams(spot_url(sim)) as streams:
            sim.clock.speed = 0  # the tape stands still: the pushed depth is the book read after it
            (depth,) = await first(streams.depth(S, 5), Depth)
            _, bids, asks = spot_book(sim.state, S, sim.clock.now_ms(), 5)
            assert (depth.bids, depth.asks) == (bids, asks)
            sim.clock.speed = 50  # a tape print every 0.2 s for the trade, kline and ticker channels
            trades = await first(streams.trades(S), Trade, 2)
            assert all(t.symbol == S and t.price > 0 and t.buyer_is_maker is not None for t in trades)
            (kline,) = await first(streams.klines(S, "1min"), Kline)
            assert kline.start_time is not None and kline.time == kline.start_time + 59_999
            (ticker,) = await first(streams.ticker(S), Ticker)
            assert ticker.symbol == S and ticker.price_change == ticker.last_price - (ticker.open or 0)
            with pytest.raises(ValidationError):
                streams.klines(S, "1m")  # the swap spelling
            with pytest.raises(ValidationError):
                streams.depth(S, 7)

    try:
        asyncio.run(run())
    finally:
        sim.clock.speed = 1


TICK = D("0.01")  # the spot pairs' price step


def test_local_book_follows_orders_and_the_account_stream_reports_them(sim: Simulator) -> None:
    user = sim.users[0]
    sim.clock.speed = 0  # the tape stands still: only this test's order changes the book

    async def run() -> None:
        async with AsyncBingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as bx, \
                SpotStreams(spot_url(sim), bx) as streams:
            books = streams.order_book(S)
            (book,) = await first(books, OrderBook)
            account = streams.account()
            reading = asyncio.ensure_future(first(account, ExecutionReport, 1))
            await asyncio.sleep(0)
            while account.listen_key is None or not account._feed or not account._feed.connection.is_open:
                await asyncio.sleep(0.05)
            _, bids, asks = spot_book(sim.state, S, sim.clock.now_ms(), 1)
            inside = asks[0][0] - bids[0][0] > TICK  # a new best bid inside the spread, or joining the best
            price, size = (bids[0][0] + TICK, D("0.002")) if inside else (bids[0][0], bids[0][1] + D("0.002"))
            placed = await bx.spot_order(S, "BUY", "LIMIT", quantity=D("0.002"), price=price, time_in_force="GTC")
            deadline = asyncio.get_running_loop().time() + BOUND_S
            while book.best_bid() != (price, size):
                assert asyncio.get_running_loop().time() < deadline, "the local book never showed the order"
                (book,) = await first(books, OrderBook)
            _, bids, asks = spot_book(sim.state, S, sim.clock.now_ms(), 100)
            assert book.top(100) == (bids, asks)
            (report,) = await asyncio.wait_for(reading, BOUND_S)
            assert (report.order_id, report.symbol, report.side, report.type, report.status) == (
                placed.order_id, S, "BUY", "LIMIT", "NEW")
            assert (report.price, report.quantity) == (price, D("0.002"))
            await bx.cancel_spot_order(S, order_id=placed.order_id)
            while book.best_bid() == (price, size):
                assert asyncio.get_running_loop().time() < deadline, "the cancel never reached the local book"
                (book,) = await first(books, OrderBook)
            assert book.top(100) == spot_book(sim.state, S, sim.clock.now_ms(), 100)[1:]
            (cancelled,) = await first(account, ExecutionReport)
            assert (cancelled.order_id, cancelled.status, cancelled.execution_type) == (
                placed.order_id, "CANCELED", "CANCELED")

    asyncio.run(run())


def test_account_update_on_a_fill(sim: Simulator) -> None:
    user = sim.users[0]

    async def run() -> None:
        async with AsyncBingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as bx, \
                SpotStreams(spot_url(sim), bx) as streams:
            account = streams.account()
            reading = asyncio.ensure_future(first(account, AccountUpdate))
            while account.listen_key is None or not account._feed or not account._feed.connection.is_open:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)  # the two subscriptions are acked
            before = {b.asset: b.free for b in await bx.spot_balance()}
            await bx.spot_order(S, "BUY", "MARKET", quote_order_qty=D("100"))
            (update,) = await asyncio.wait_for(reading, BOUND_S)
            after = {b.asset: b.free for b in await bx.spot_balance()}
            pushed = {b.asset: b for b in update.account.balances}
            assert pushed["USDT"].wallet_balance == after["USDT"]
            assert pushed["USDT"].balance_change == after["USDT"] - before["USDT"]

    asyncio.run(run())


def test_ccxt_pro_watches_the_spot_book(sim: Simulator) -> None:
    ccxtpro = pytest.importorskip("ccxt.pro")
    sim.clock.speed = 0  # the tape stands still: the book ccxt shows is the book read after it

    async def run() -> None:
        ex = ccxtpro.bingx({"apiKey": sim.users[0].api_key, "secret": sim.users[0].secret_key})
        for k in list(ex.urls["api"]):
            if isinstance(ex.urls["api"][k], str):
                ex.urls["api"][k] = sim.bingx_url + "/openApi"
        ex.urls["api"]["ws"] = {"spot": spot_url(sim), "linear": sim.bingx_url.replace("http", "ws") + "/swap-market"}

        async def no_markets(params: Any = None) -> list[Any]:
            return []

        async def no_currencies(params: Any = None) -> dict[str, Any]:
            return {}

        ex.fetch_inverse_swap_markets = no_markets
        ex.fetch_currencies = no_currencies
        try:
            book = await asyncio.wait_for(ex.watch_order_book("BTC/USDT", 20), BOUND_S)
            assert len(book["bids"]) >= 20 and len(book["asks"]) >= 20
            _, bids, asks = spot_book(sim.state, S, sim.clock.now_ms(), len(book["bids"]))  # what ccxt subscribed
            assert [(D(str(p)), D(str(q))) for p, q in book["bids"]] == bids  # float ok: ccxt's numbers
            assert [(D(str(p)), D(str(q))) for p, q in book["asks"]] == asks  # float ok: ccxt's numbers
        finally:
            await ex.close()

    asyncio.run(run())
