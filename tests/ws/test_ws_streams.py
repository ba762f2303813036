"""BingXStreams: validation, typed channels, the kept order book, the listen-key account stream."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from tradewire.bingx.streams import (
    BingXStreams,
    KeepAliveFailed,
    ListenKeyRenewed,
    Stream,
    SyncBingXStreams,
)
from tradewire.bingx.ws_models import AccountUpdate, ListenKeyExpired, Trade, UnknownEvent
from tradewire.core.book import OrderBook
from tradewire.core.errors import ValidationError
from tradewire.core.ws import BadFrame, Disconnected, LoopThread, Reconnected, Resync

from .fakews import BOUND_S, FAST, Conn, FakeBingX, FakeListenKeys, take, until

SNAPSHOT = {
    "action": "all",
    "lastUpdateId": 857550007,
    "time": 1790127586998,
    "bids": [["86378.9", "0.0001"], ["86377.5", "0.0003"], ["86377.2", "13.9985"]],
    "asks": [["86379.1", "87.1230"], ["86379.3", "9.6687"], ["86379.4", "17.5938"]],
}
UPDATE = {
    "action": "update",
    "lastUpdateId": 857550008,
    "time": 1790127587285,
    "bids": [["86377.2", "18.0499"], ["86377.0", "0.0191"], ["86376.9", "0.0061"]],
    "asks": [["87169.5", "0.0000"], ["87169.0", "0.0000"], ["87168.9", "0.0000"]],
}


def streams_for(server: FakeBingX, **kw: Any) -> BingXStreams:
    return BingXStreams(server.url, limits=FAST, **kw)


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda s: s.trades("btc-usdt"), "symbol"),
        (lambda s: s.trades("BTCUSDT"), "symbol"),
        (lambda s: s.trades("BTC-USDT&x=1"), "symbol"),
        (lambda s: s.trades("ABCDEFGHIJKLMNOP-USDT"), "symbol"),
        (lambda s: s.depth("BTC-USDT", level=7), "level"),
        (lambda s: s.depth("BTC-USDT", level=True), "level"),
        (lambda s: s.depth("BTC-USDT", interval="100ms"), "interval"),
        (lambda s: s.klines("BTC-USDT", "2m"), "interval"),
        (lambda s: s.account(), "listen_keys"),
    ],
)
async def test_arguments_validated_before_sending(server: FakeBingX, call: Any, param: str) -> None:
    async with streams_for(server) as streams:
        with pytest.raises(ValidationError) as info:
            call(streams)
        assert info.value.param == param
    assert server.conns == [] and server.requests == []


async def test_topics_of_every_channel(server: FakeBingX) -> None:
    async with streams_for(server) as streams:
        made: list[Stream[Any]] = [
            streams.trades("BTC-USDT"),
            streams.depth("BTC-USDT", level=100, interval="200ms"),
            *[streams.klines("BTC-USDT", i) for i in ("1m", "3m", "1M", "1w")],
            streams.ticker("ETH-USDT"),
            streams.last_price("ETH-USDT"),
            streams.mark_price("ETH-USDT"),
            streams.book_ticker("ETH-USDT"),
            streams.incremental_depth("ETH-USDT"),
        ]
        await asyncio.gather(*(m.wait_active() for m in made))
        assert (
            [m.topic for m in made]
            == server.subs()
            == [
                "BTC-USDT@trade",
                "BTC-USDT@depth100@200ms",
                "BTC-USDT@kline_1m",
                "BTC-USDT@kline_3m",
                "BTC-USDT@kline_1M",
                "BTC-USDT@kline_1w",
                "ETH-USDT@ticker",
                "ETH-USDT@lastPrice",
                "ETH-USDT@markPrice",
                "ETH-USDT@bookTicker",
                "ETH-USDT@incrDepth",
            ]
        )
        assert len(server.conns) == 1


async def test_trades_typed_and_bad_frame_visible(server: FakeBingX) -> None:
    async with streams_for(server) as streams:
        trades = streams.trades("BTC-USDT")
        await trades.wait_active()
        await server.push(
            "BTC-USDT@trade",
            [
                {"q": "0.0421", "p": "29023.5", "T": 1690221401344, "m": False, "s": "BTC-USDT"},
                {"q": 0.5, "p": 29023.6, "T": 1690221401345, "m": True, "s": "BTC-USDT"},
            ],
        )
        await server.push("BTC-USDT@trade", [{"p": "oops"}])
        one, two, bad = await take(trades, 3)
        assert one == Trade(
            time=1690221401344,
            symbol="BTC-USDT",
            price=Decimal("29023.5"),
            quantity=Decimal("0.0421"),
            buyer_is_maker=False,
        )
        assert isinstance(two, Trade) and two.price == Decimal("29023.6") and two.quantity == Decimal("0.5")
        assert isinstance(bad, BadFrame) and b"oops" in bad.raw


# --------------------------------------------------------------------------- order book


async def test_order_book_from_incr_depth(server: FakeBingX) -> None:
    async def on_sub(conn: Conn, topic: str) -> None:
        if topic == "BTC-USDT@incrDepth":
            await server.send(conn, {"code": 0, "dataType": topic, "data": SNAPSHOT})
            await server.send(conn, {"code": 0, "dataType": topic, "data": UPDATE})

    server.on_sub = on_sub
    async with streams_for(server) as streams:
        books = streams.order_book("BTC-USDT")
        (first,) = await take(books, 1)  # pushes are applied in the reader; yields are coalesced
        assert first is books.book and isinstance(first, OrderBook)
        await until(lambda: books.book.last_update_id == 857550008)
        assert books.book.best_bid() == (Decimal("86378.9"), Decimal("0.0001"))
        assert books.book.top(3)[0][2] == (Decimal("86377.2"), Decimal("18.0499"))

        # a stale id: resync = unsubscribe + subscribe, visible as Resync; a new snapshot follows
        await server.push("BTC-USDT@incrDepth", UPDATE)
        resync, rebuilt = await take(books, 2)
        assert resync == Resync("update id not after the last applied id")
        assert rebuilt is books.book
        assert server.subs("unsub") == ["BTC-USDT@incrDepth"] and server.subs().count("BTC-USDT@incrDepth") == 2
        await until(lambda: books.book.last_update_id == 857550008)

        # a dropped socket clears the book until the snapshot after the resubscription
        await server.conns[0].ws.close()
        dropped, back, again = await take(books, 3)
        assert isinstance(dropped, Disconnected) and isinstance(back, Reconnected) and again is books.book
        await until(lambda: books.book.last_update_id == 857550008)


async def test_order_book_crossed_update_resyncs(server: FakeBingX) -> None:
    sent: list[int] = []

    async def on_sub(conn: Conn, topic: str) -> None:
        sent.append(1)
        await server.send(conn, {"code": 0, "dataType": topic, "data": SNAPSHOT})
        if len(sent) == 1:
            crossed = {**UPDATE, "bids": [["86380.0", "1.0000"]], "asks": []}
            await server.send(conn, {"code": 0, "dataType": topic, "data": crossed})

    server.on_sub = on_sub
    async with streams_for(server) as streams:
        books = streams.order_book("BTC-USDT")
        (resync,) = await take(books, 1)  # snapshot and crossed update arrive together: coalesced
        assert resync == Resync("book crossed after applying")
        (rebuilt,) = await take(books, 1)
        assert rebuilt is books.book and not books.book.crossed and books.book.last_update_id == 857550007


# --------------------------------------------------------------------------- account


async def test_account_renews_on_not_found_and_deletes_on_close(server: FakeBingX) -> None:
    api = FakeListenKeys()
    streams = streams_for(server, listen_keys=api, keepalive=0.1)
    account = streams.account()
    first = asyncio.ensure_future(account.__anext__())
    await until(lambda: len(server.conns) == 1)
    assert server.conns[0].query == {"listenKey": "key1"}
    push = {"e": "ACCOUNT_UPDATE", "E": 1, "a": {"m": "ORDER", "B": [{"a": "USDT", "wb": "1.5"}]}}
    await server.send(server.conns[0], push)
    event = await asyncio.wait_for(first, BOUND_S)
    assert isinstance(event, AccountUpdate) and event.account.balances[0].wallet_balance == Decimal("1.5")
    await until(lambda: "key1" in api.extended)

    api.dead.add("key1")  # the next extend says 404
    renewed, dropped, back = await take(account, 3)
    assert renewed == ListenKeyRenewed("listen key not found when extending")
    assert isinstance(dropped, Disconnected) and isinstance(back, Reconnected)
    assert api.created == ["key1", "key2"] and server.conns[1].query == {"listenKey": "key2"}
    await server.send(server.conns[1], {"e": "SNAPSHOT", "E": 2, "ac": {"s": "MTL-USDT"}})
    (snap,) = await take(account, 1)
    assert isinstance(snap, UnknownEvent) and snap.event == "SNAPSHOT"
    await streams.close()
    assert api.deleted == ["key2"]


async def test_account_renews_on_listen_key_expired(server: FakeBingX) -> None:
    api = FakeListenKeys()
    async with streams_for(server, listen_keys=api, keepalive=60) as streams:
        account = streams.account()
        first = asyncio.ensure_future(account.__anext__())
        await until(lambda: len(server.conns) == 1)
        await server.send(server.conns[0], {"e": "listenKeyExpired", "E": 3, "listenKey": "key1"})
        expired = await asyncio.wait_for(first, BOUND_S)
        assert expired == ListenKeyExpired(event="listenKeyExpired", event_time=3, listen_key="key1")
        renewed, dropped, back = await take(account, 3)
        assert renewed == ListenKeyRenewed("listenKeyExpired pushed")
        assert isinstance(dropped, Disconnected) and isinstance(back, Reconnected)
        assert account.listen_key == "key2" and server.conns[1].query == {"listenKey": "key2"}
        await server.send(server.conns[1], {"e": "ACCOUNT_UPDATE", "E": 4, "a": {"m": "DEPOSIT"}})
        (update,) = await take(account, 1)
        assert isinstance(update, AccountUpdate) and update.account.reason == "DEPOSIT"
    assert api.deleted == ["key2"]


async def test_account_keepalive_failure_is_visible(server: FakeBingX) -> None:
    class Flaky(FakeListenKeys):
        async def extend_listen_key(self, listen_key: str) -> None:
            raise OSError("network down")

    api = Flaky()
    async with streams_for(server, listen_keys=api, keepalive=0.05) as streams:
        account = streams.account()
        (failed,) = await take(account, 1)
        assert isinstance(failed, KeepAliveFailed) and "network down" in failed.reason


# --------------------------------------------------------------------------- sync


def test_sync_streams_blocking_iterator() -> None:
    server_thread = LoopThread()  # the fake server runs on its own loop; the client on SyncBingXStreams'
    server = FakeBingX()
    server_thread.run(server.start())
    try:
        with SyncBingXStreams(server.url, limits=FAST) as sync:
            with pytest.raises(ValidationError):
                sync.trades("bad")
            trades = sync.trades("BTC-USDT")
            sync.run(sync.streams.engine._wait_active("BTC-USDT@trade"))
            server_thread.run(server.push("BTC-USDT@trade", [{"q": "1", "p": "2", "T": 3}]))
            assert next(trades) == Trade(time=3, price=Decimal(2), quantity=Decimal(1))
            trades.close()
            server_thread.run(until(lambda: server.subs("unsub") == ["BTC-USDT@trade"]))
    finally:
        server_thread.run(server.stop())
        server_thread.stop()
