"""The coin-M websocket: raw frames in the shapes of bingx-skills/cswap-ws-market and cswap-ws-account, the local
coin-M book equal to the simulator's after an order is placed and cancelled, and the account stream reporting the
order and the exact balance change of a fill (tradewire's `CSwapStreams` against the simulator)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from typing import Any

import aiohttp
import pytest

from tests.ws_sim.conftest import RawWs
from tradewire import AsyncBingX
from tradewire.bingx.cswap_streams import CSwapAccountStream, CSwapStreams, SyncCSwapStreams
from tradewire.bingx.ws_models import AccountConfigUpdate, AccountUpdate, Depth, OrderTradeUpdate
from tradewire.core.book import OrderBook
from tradewire.core.errors import ValidationError
from tradewire.sim import Simulator
from tradewire.sim.bingx import cswap_ws
from tradewire.sim.bingx.cswap_contracts import cswap_market
from tradewire.sim.bingx.cswap_engine import cswap_engine

D = Decimal
S = "BTC-USD"
TICK = D("0.1")  # BTC-USD's price step
BOUND_S = 60.0  # float ok: seconds; generous on a loaded machine


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


def url(sim: Simulator) -> str:
    return sim.bingx_url.replace("http://", "ws://") + cswap_ws.PATH


def engine_book(sim: Simulator, levels: int) -> tuple[list[tuple[D, D]], list[tuple[D, D]]]:
    engine = cswap_engine(sim.state)
    with sim.state.lock:
        engine.catch_up(S, sim.clock.now_ms())
        _, bids, asks = engine.matching.depth(S, levels)
    return bids, asks


async def first(stream: AsyncIterator[Any], kind: type | tuple[type, ...], n: int = 1) -> list[Any]:
    """The first `n` items of `kind` (markers and other events skipped), within BOUND_S."""
    got: list[Any] = []

    async def read() -> None:
        async for item in stream:
            if isinstance(item, kind):
                got.append(item)
                if len(got) == n:
                    return

    await asyncio.wait_for(read(), BOUND_S)
    return got


async def connected(account: CSwapAccountStream) -> None:
    """Wait until the account stream's socket is open (its first read starts it)."""
    deadline = asyncio.get_running_loop().time() + BOUND_S
    while account.listen_key is None or account._feed is None or not account._feed.connection.is_open:
        assert asyncio.get_running_loop().time() < deadline, "the account socket never opened"
        await asyncio.sleep(0.05)


def test_market_frames_in_the_documented_shapes(sim: Simulator) -> None:
    sim.clock.speed = 50  # a coin-M tape trade every 0.2 s of wall time

    async def run() -> None:
        async with aiohttp.ClientSession() as session, session.ws_connect(url(sim), autoping=False) as ws:
            raw = RawWs(ws)
            for bad in ("BTC-USDT@trade", "BTC-USD@depth7", "XRP-USD@trade", "BTC-USD@kline_1min"):
                assert await raw.request("sub", bad) == {"id": raw_id(raw), "code": 80015,
                                                         "msg": "dataType not support", "dataType": "",
                                                         "data": None}
            depth = await sub_and_read(raw, f"{S}@depth5")
            assert set(depth) == {"bids", "asks", "T"} and len(depth["bids"]) == len(depth["asks"]) == 5
            bids = [D(p) for p, _ in depth["bids"]]
            asks = [D(p) for p, _ in depth["asks"]]
            assert bids == sorted(bids, reverse=True) and asks == sorted(asks) and bids[0] < asks[0]
            trades = await sub_and_read(raw, f"{S}@trade")
            assert trades and all(set(t) == {"T", "s", "p", "q", "m"} and t["s"] == S for t in trades)
            assert all(D(t["q"]) == D(t["q"]).to_integral_value() for t in trades)  # whole contracts
            last = await sub_and_read(raw, f"{S}@lastPrice")
            assert set(last) == {"s", "c", "T"} and last["s"] == S
            mark = await sub_and_read(raw, f"{S}@markPrice")
            assert set(mark) == {"s", "p", "T"}
            assert D(mark["p"]) == cswap_market(sim.state).mark_price(S, mark["T"])
            best = await sub_and_read(raw, f"{S}@bookTicker")
            assert set(best) == {"s", "b", "B", "a", "A", "T"} and D(best["b"]) < D(best["a"])
            kline = await sub_and_read(raw, f"{S}@kline_1m")
            assert set(kline) == {"s", "K"} and set(kline["K"]) == {"t", "T", "o", "h", "l", "c", "v"}
            assert kline["K"]["T"] == kline["K"]["t"] + 59_999
            ticker = await sub_and_read(raw, f"{S}@ticker")
            assert set(ticker) == {"s", "c", "h", "l", "v", "p", "P"}
            assert D(ticker["l"]) <= D(ticker["c"]) <= D(ticker["h"])
            assert await raw.until(lambda f: f == "Ping") == "Ping"
            await ws.send_str("Pong")
            assert (await raw.request("unsub", f"{S}@trade"))["code"] == 0

    asyncio.run(run())


def raw_id(raw: RawWs) -> str:
    return f"req-{raw._ids}"


async def sub_and_read(raw: RawWs, topic: str) -> Any:
    assert (await raw.request("sub", topic))["code"] == 0
    return (await raw.data(topic, BOUND_S))["data"]


def test_unknown_listen_key_is_refused(sim: Simulator) -> None:
    async def run() -> None:
        async with aiohttp.ClientSession() as session, \
                session.ws_connect(url(sim) + "?listenKey=" + "0" * 64) as ws:
            msg = await ws.receive(BOUND_S)
            assert msg.type is aiohttp.WSMsgType.CLOSE and msg.data == 1008

    asyncio.run(run())


def test_local_book_follows_an_order_and_the_account_stream_reports_it(sim: Simulator) -> None:
    user = sim.users[0]
    sim.clock.speed = 0  # the tape stands still: only this test's order changes the book

    async def run() -> None:
        async with AsyncBingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as bx, \
                CSwapStreams(url(sim), bx) as streams:
            books = streams.order_book(S)
            (book,) = await first(books, OrderBook)
            assert book.top(100) == engine_book(sim, 100)
            account = streams.account()
            reading = asyncio.ensure_future(first(account, OrderTradeUpdate, 1))
            await connected(account)
            bids, asks = engine_book(sim, 1)
            inside = asks[0][0] - bids[0][0] > TICK  # a new best bid inside the spread, or joining the best
            price, size = (bids[0][0] + TICK, D(3)) if inside else (bids[0][0], bids[0][1] + 3)
            placed = await bx.cswap_place_order(S, "BUY", "LIMIT", 3, price=price, position_side="LONG",
                                                time_in_force="GTC")
            deadline = asyncio.get_running_loop().time() + BOUND_S
            while book.best_bid() != (price, size):
                assert asyncio.get_running_loop().time() < deadline, "the local book never showed the order"
                (book,) = await first(books, OrderBook)
            assert book.top(100) == engine_book(sim, 100)
            (new,) = await asyncio.wait_for(reading, BOUND_S)
            o = new.order
            assert (o.order_id, o.symbol, o.side, o.type, o.execution_type, o.status, o.position_side) == (
                placed.order_id, S, "BUY", "LIMIT", "NEW", "NEW", "LONG")
            assert (o.price, o.quantity, o.filled_quantity, o.fee_asset) == (price, D(3), D(0), "BTC")
            await bx.cswap_cancel_order(S, order_id=placed.order_id)
            while book.best_bid() == (price, size):
                assert asyncio.get_running_loop().time() < deadline, "the cancel never reached the local book"
                (book,) = await first(books, OrderBook)
            assert book.top(100) == engine_book(sim, 100)
            (cancelled,) = await first(account, OrderTradeUpdate)
            assert (cancelled.order.order_id, cancelled.order.execution_type, cancelled.order.status) == (
                placed.order_id, "CANCELED", "CANCELED")
            await bx.cswap_set_leverage(S, "LONG", 7)
            (config,) = await first(account, AccountConfigUpdate)
            assert (config.config.symbol, config.config.long_leverage, config.config.margin_type) == (S, 7, "cross")

    asyncio.run(run())


def test_account_update_reports_the_balance_change_of_a_fill(sim: Simulator) -> None:
    user = sim.users[1]
    sim.clock.speed = 0

    async def run() -> None:
        async with AsyncBingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as bx, \
                CSwapStreams(url(sim), bx) as streams:
            account = streams.account()
            reading = asyncio.ensure_future(first(account, (AccountUpdate, OrderTradeUpdate), 3))
            await connected(account)
            (before,) = [b.balance for b in await bx.cswap_balance() if b.asset == "BTC"]
            placed = await bx.cswap_place_order(S, "BUY", "MARKET", 2, position_side="LONG")
            order = await bx.cswap_order(S, order_id=placed.order_id)
            (after,) = [b.balance for b in await bx.cswap_balance() if b.asset == "BTC"]
            new, fill, update = await asyncio.wait_for(reading, BOUND_S)
            assert isinstance(new, OrderTradeUpdate) and new.order.execution_type == "NEW"
            assert isinstance(fill, OrderTradeUpdate) and isinstance(update, AccountUpdate)
            assert order.commission is not None and order.commission < 0
            assert after == before + order.commission  # opening: the fee is the whole change
            f = fill.order
            assert (f.order_id, f.execution_type, f.status, f.filled_quantity, f.last_filled_quantity) == (
                placed.order_id, "TRADE", "FILLED", D(2), D(2))
            assert (f.average_price, f.fee, f.realized_pnl) == (order.avg_price, -order.commission, D(0))
            assert update.account.reason == "ORDER"
            (btc,) = update.account.balances
            assert (btc.asset, btc.wallet_balance, btc.cross_wallet_balance, btc.balance_change) == (
                "BTC", after, after, after - before)
            (pos,) = update.account.positions
            (rest,) = [p for p in await bx.cswap_positions(S) if p.position_side == "LONG"]
            assert (pos.symbol, pos.position_side, pos.position_amount, pos.entry_price, pos.margin_type) == (
                S, "LONG", D(2), rest.avg_price, "cross")

    asyncio.run(run())


def test_sync_facade_and_argument_checks(sim: Simulator) -> None:
    sim.clock.speed = 0
    with SyncCSwapStreams(url(sim)) as sync:
        with pytest.raises(ValidationError):
            sync.depth("BTC-USDT")  # a USDT-M symbol
        with pytest.raises(ValidationError):
            sync.depth(S, 7)
        with sync.depth(S, 10) as stream:
            depth = next(d for d in stream if isinstance(d, Depth))
        assert (depth.bids, depth.asks) == engine_book(sim, 10)
