"""Market streams, the user data stream and the local order book against the simulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from decimal import Decimal

import pytest

from tradewire.binance import streams as s
from tradewire.binance.aclient import AsyncBinance
from tradewire.core.errors import ValidationError
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal
BOUND_S = 30.0  # float ok: seconds; bounds a hang, never paces a test


async def until(cond: Callable[[], bool]) -> None:
    """Wait until `cond()` holds (e.g. the simulator holds our socket), bounded by `BOUND_S`."""
    deadline = time.monotonic() + BOUND_S
    while not cond():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def listening(sim: BinanceSim, stream: str | None = None) -> Callable[[], bool]:
    """Whether the simulator holds a socket on `stream` (None: a user data socket)."""
    return lambda: any((c.uid is not None) if stream is None else (stream in c.streams)
                       for c in list(sim.streams.conns))


def client(sim: BinanceSim) -> AsyncBinance:
    return AsyncBinance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=sim.url, ws_url=sim.ws_url)


async def collect(stream: s.Stream, n: int, timeout: float = BOUND_S, kinds: int = 0) -> list[object]:  # float ok
    """Events until `n` arrived (or, with `kinds`, until that many event types were seen; at most 500)."""
    out: list[object] = []

    async def run() -> None:
        async for ev in stream:
            out.append(ev)
            if len(out) >= (500 if kinds else n) or (kinds and len({type(e) for e in out}) >= kinds):
                return

    await asyncio.wait_for(run(), timeout)
    return out


def read_until(user: s.UserStream, last: type, out: list[object]) -> asyncio.Future[None]:
    """Read `user` into `out` in the background until an event of type `last` arrives."""

    async def run() -> None:
        async for ev in user:
            out.append(ev)
            if isinstance(ev, last):
                return

    return asyncio.ensure_future(run())


async def test_market_streams_combined(sim: BinanceSim) -> None:
    names = ["btcusdt@trade", "btcusdt@aggTrade", "btcusdt@bookTicker", "btcusdt@depth5@100ms",
             "btcusdt@depth@100ms", "btcusdt@miniTicker", "btcusdt@ticker", "btcusdt@kline_1m"]
    stream = s.Stream(sim.ws_url, names)
    task = asyncio.ensure_future(collect(stream, 0, kinds=8))
    await until(listening(sim, "btcusdt@trade"))  # subscribed: the trade cannot be missed
    _, _, asks = sim.exchange.engine.depth("BTCUSDT", 1)
    sim.run(lambda: sim.exchange.engine.place(sim.exchange.users[0].uid, "BTCUSDT", "BUY", "MARKET", D("0.001")))
    events = await task
    kinds = {type(e).__name__ for e in events}
    assert {"TradeEvent", "AggTradeEvent", "BookTicker", "PartialDepth", "DepthUpdate", "MiniTickerEvent",
            "TickerEvent", "KlineEvent"} <= kinds
    trade = next(e for e in events if isinstance(e, s.TradeEvent))
    assert (trade.s, trade.p, trade.q) == ("BTCUSDT", asks[0][0], D("0.001"))
    depth = next(e for e in events if isinstance(e, s.DepthUpdate))
    assert depth.s == "BTCUSDT" and 1 <= depth.U <= depth.u


async def test_control_messages_and_limits(sim: BinanceSim) -> None:
    with pytest.raises(ValidationError, match="between 1 and 1024 streams"):
        s.Stream(sim.ws_url, [f"s{i}@trade" for i in range(1025)])
    stream = s.Stream(sim.ws_url, ["btcusdt@trade"])
    it = stream.__aiter__()
    task = asyncio.ensure_future(it.__anext__())
    await until(lambda: stream._ws is not None)  # connected on our side (the server may see it first)
    await stream.send("SUBSCRIBE", ["ethusdt@trade"], id=7)
    assert await asyncio.wait_for(task, BOUND_S) == {"result": None, "id": 7}
    t0 = asyncio.get_running_loop().time()
    for i in range(6):
        await stream.send("LIST_SUBSCRIPTIONS", id=10 + i)
    assert asyncio.get_running_loop().time() - t0 >= 0.9  # paced to 5 messages per second
    first = await asyncio.wait_for(it.__anext__(), BOUND_S)
    assert first == {"result": ["btcusdt@trade", "ethusdt@trade"], "id": 10}
    await it.aclose()


async def test_server_close_is_a_visible_reconnect(sim: BinanceSim) -> None:
    sim.streams.max_age_s = 0.3
    events = await collect(s.Stream(sim.ws_url, ["btcusdt@trade"]), 2)
    assert events == [s.Reconnected("websocket close"), s.Reconnected("websocket close")]


async def test_user_data_stream(sim: BinanceSim) -> None:
    async with client(sim) as c:
        user = s.UserStream(c)
        out: list[object] = []
        task = read_until(user, s.ListStatus, out)
        await until(listening(sim))  # the user socket is open: no event can be missed
        await c.keepalive_listen_key(user.listen_key)
        sim.run(lambda: sim.streams.balance_update(sim.exchange.users[0].uid, "BTC", "0.5"))
        best = (await c.depth("BTCUSDT", limit=5)).asks[0][0]
        await c.new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.001"))
        await c.new_oco("BTCUSDT", "SELL", D("0.001"), D("66000"), D("64000"))
        await asyncio.wait_for(task, BOUND_S)
    kinds = [type(e).__name__ for e in out]
    assert kinds[:4] == ["BalanceUpdate", "ExecutionReport", "AccountPosition", "ExecutionReport"]
    new, fill = out[1], out[3]
    assert isinstance(new, s.ExecutionReport) and (new.x, new.X) == ("NEW", "NEW")
    assert isinstance(fill, s.ExecutionReport) and (fill.x, fill.X, fill.l, fill.L, fill.n, fill.N) == (
        "TRADE", "FILLED", D("0.001"), best, D("0.000001"), "BTC")
    assert isinstance(out[0], s.BalanceUpdate) and out[0].d == D("0.5")


async def test_listen_key_close_sends_expired_and_a_new_key_is_made(sim: BinanceSim) -> None:
    async with client(sim) as c:
        user = s.UserStream(c)
        out: list[object] = []
        task = read_until(user, s.Reconnected, out)
        await until(listening(sim))
        first = user.listen_key
        await c.close_listen_key(first)
        await asyncio.wait_for(task, BOUND_S)
        assert isinstance(out[0], s.ListenKeyExpired) and user.listen_key != first


def test_diff_depth_sync_rules() -> None:
    sync = s.DiffDepthSync()

    def ev(first: int, last: int, price: str = "1.0", qty: str = "1") -> s.DepthUpdate:
        return s.DepthUpdate(E=0, s="X", U=first, u=last, b=[(price, qty)], a=[])

    assert sync.apply(ev(5, 8)) and sync.apply(ev(9, 12, "2.0")) and sync.apply(ev(13, 14, "1.0", "0"))
    assert sync.snapshot(10, [("1.0", "3")], [("5.0", "1")])  # 5-8 dropped, 9-12 straddles 11
    assert sync.book.top(5) == ([(D("2.0"), D("1"))], [(D("5.0"), D("1"))]) and sync.last_u == 14
    assert not sync.apply(ev(16, 17))  # a gap: 15 is missing
    assert not sync.synced and len(sync.book) == 0
    assert sync.apply(ev(18, 20))
    assert not sync.snapshot(10, [], [])  # first buffered event 18-20 does not straddle 11


def test_diff_depth_sync_refuses_a_malformed_quantity_on_arrival() -> None:
    sync = s.DiffDepthSync()
    assert sync.snapshot(10, [("1.0", "3")], [("5.0", "1")])
    with pytest.raises(ValueError, match="book cleared"):
        sync.apply(s.DepthUpdate(E=0, s="X", U=11, u=11, b=[("1.0", "1_000")], a=[]))
    assert not sync.synced and len(sync.book) == 0 and sync.last_u == 10


async def test_local_book_equals_the_simulator_after_gaps(sim: BinanceSim) -> None:
    sim.exchange.clock.speed = 1000  # the tape prints about every 10 ms: the house re-quotes the book
    async with client(sim) as c:
        local = s.LocalBook(c, "BTCUSDT")
        it = local.__aiter__()
        resyncs: list[s.Resynced] = []
        updates = 0
        for _ in range(2000):  # bounded; about 6 s of market activity
            ev = await asyncio.wait_for(it.__anext__(), BOUND_S)
            if isinstance(ev, s.Resynced):
                resyncs.append(ev)
            elif isinstance(ev, s.DepthUpdate):
                updates += 1
                if updates % 15 == 0 and updates < 60:
                    sim.exchange.depth_gaps["BTCUSDT"] = 1  # drop the next diff event: a gap in U/u
            if updates >= 60:
                break
        sim.exchange.clock.speed = 0
        sim.exchange.depth_gaps.clear()
        sim.run(lambda: sim.exchange.catch_up(sim.exchange.clock.now_ms()))  # the last prints: the book stays
        sim.run(lambda: sim.exchange.engine.place("mm", "BTCUSDT", "BUY", "LIMIT", D("0.001"), price=D("1")))
        final: list[tuple[int, object, object]] = []
        sim.run(lambda: final.append(sim.exchange.engine.depth("BTCUSDT", 5000)))
        uid, bids, asks = final[0]
        for _ in range(100):
            if local.sync.synced and local.sync.last_u == uid:
                break
            await asyncio.wait_for(it.__anext__(), BOUND_S)
        await it.aclose()
    gaps = [r for r in resyncs if r.reason.startswith("gap")]
    assert resyncs[0].reason == "start" and len(gaps) >= 3
    assert all("gap: event U=" in r.reason for r in gaps)
    assert local.sync.last_u == uid
    assert local.book.top(5000) == (bids, asks)
