"""Market channels over a raw socket: frame shapes, acks and refusals, topic limit, heartbeats."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tradewire.sim import Simulator

from .conftest import TIMEOUT, RawWs

S = "BTC-USDT"
KLINES = ("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")
ACK = {"code": 0, "msg": "", "dataType": "", "data": None}


def _levels(rows: list[list[str]]) -> list[tuple[Decimal, Decimal]]:
    assert all(isinstance(p, str) and isinstance(q, str) for p, q in rows)
    return [(Decimal(p), Decimal(q)) for p, q in rows]


async def test_every_channel_pushes_its_shape(sim: Simulator, raw: Any) -> None:
    sim.clock.speed = 0
    ws: RawWs = await raw()
    topics = [f"{S}@depth5@200ms", f"{S}@trade", f"{S}@kline_1m", f"{S}@ticker", f"{S}@lastPrice",
              f"{S}@markPrice", f"{S}@bookTicker", f"{S}@incrDepth"]
    for topic in topics:
        reply = await ws.request("sub", topic)
        assert reply == {"id": reply["id"], **ACK}
    await sim.bingx_ws.step_async(1)
    seen: dict[str, list[dict[str, Any]]] = {t: [] for t in topics}
    while any(not v for v in seen.values()) or len(seen[f"{S}@incrDepth"]) < 2:
        frame = await ws.recv()
        if isinstance(frame, dict) and frame.get("dataType"):
            seen[frame["dataType"]].append(frame)
    frames = {t: v[0] for t, v in seen.items()}
    bids, asks = sim.bingx_ws.book(S, 5)
    now = sim.clock.now_ms()

    depth = frames[f"{S}@depth5@200ms"]
    assert depth["code"] == 0 and depth["ts"] == now
    assert _levels(depth["data"]["bids"]) == bids
    assert _levels(depth["data"]["asks"]) == asks[::-1]  # worst first, as the docs-v3 sample

    (trade,) = frames[f"{S}@trade"]["data"]
    assert set(trade) == {"q", "p", "T", "m", "s"} and trade["s"] == S and isinstance(trade["m"], bool)
    last = Decimal(trade["p"])

    kline = frames[f"{S}@kline_1m"]
    assert kline["s"] == S and set(kline["data"][0]) == {"c", "o", "h", "l", "v", "T"}
    assert Decimal(kline["data"][0]["c"]) == last and kline["data"][0]["T"] % 60_000 == 0

    ticker = frames[f"{S}@ticker"]["data"]
    assert ticker["e"] == "24hTicker" and ticker["s"] == S and Decimal(ticker["c"]) == last
    assert (Decimal(ticker["B"]), Decimal(ticker["b"])) == bids[0]
    assert (Decimal(ticker["A"]), Decimal(ticker["a"])) == asks[0]

    assert frames[f"{S}@lastPrice"]["data"] == {"s": S, "c": trade["p"], "T": trade["T"]}
    assert frames[f"{S}@markPrice"]["data"] == {"e": "markPriceUpdate", "E": now, "s": S, "p": trade["p"]}

    book = frames[f"{S}@bookTicker"]["data"]
    assert book["e"] == "bookTicker" and isinstance(book["u"], int) and book["E"] == now
    assert (Decimal(book["b"]), Decimal(book["B"]), Decimal(book["a"]), Decimal(book["A"])) == (*bids[0], *asks[0])

    snapshot = frames[f"{S}@incrDepth"]["data"]
    assert snapshot["action"] == "all" and isinstance(snapshot["lastUpdateId"], int)
    update = seen[f"{S}@incrDepth"][1]["data"]
    assert update["action"] == "update" and update["lastUpdateId"] == snapshot["lastUpdateId"] + 1


async def test_every_level_interval_and_kline_is_accepted(sim: Simulator, raw: Any) -> None:
    ws: RawWs = await raw()
    topics = [f"ETH-USDT@depth{n}@{i}" for n in (5, 10, 20, 50, 100) for i in ("200ms", "500ms")]
    topics += [f"SOL-USDT@kline_{k}" for k in KLINES]
    for topic in topics:
        assert (await ws.request("sub", topic))["code"] == 0
    depth = await ws.data("ETH-USDT@depth100@500ms")
    assert len(depth["data"]["bids"]) == len(depth["data"]["asks"]) == 100
    await sim.bingx_ws.step_async(1)
    month = await ws.data("SOL-USDT@kline_1M")
    assert Decimal(month["data"][0]["h"]) >= Decimal(month["data"][0]["l"])


@pytest.mark.parametrize("topic", ["btc-usdt@trade", "XRP-USDT@trade", "BTC-USDT@Trade", "BTC-USDT@depth7@200ms",
                                   "BTC-USDT@depth5@100ms", "BTC-USDT@kline_2m", "BTC-USDT", "BTCUSDT@trade", ""])
async def test_unsupported_topics_are_refused(raw: Any, topic: str) -> None:
    ws: RawWs = await raw()
    reply = await ws.request("sub", topic)
    assert reply == {"id": reply["id"], "code": 80015, "msg": "dataType not support", "dataType": "", "data": None}


async def test_unsubscribe_and_requests_without_answer(sim: Simulator, raw: Any) -> None:
    ws: RawWs = await raw()
    await ws.send("sub", [f"{S}@trade"])  # an array dataType gets no reply
    await ws.ws.send_str("not json")
    assert (await ws.request("sub", f"{S}@depth5@200ms"))["code"] == 0
    assert (await ws.request("sub", f"{S}@depth5@200ms"))["code"] == 0  # again: acked, still one topic
    await ws.data(f"{S}@depth5@200ms")
    assert (await ws.request("unsub", f"{S}@depth5@200ms"))["code"] == 0
    assert (await ws.request("unsub", f"{S}@depth5@200ms"))["code"] == 0
    assert (await ws.request("unsub", "nope"))["code"] == 80015
    assert (await ws.request("sub", f"{S}@ticker"))["code"] == 0
    frame = await ws.until(lambda f: isinstance(f, dict) and "dataType" in f and f["dataType"])
    assert frame["dataType"] == f"{S}@ticker"  # nothing from the unsubscribed depth after its unsub ack


async def test_topic_limit(sim: Simulator, raw: Any) -> None:
    ws: RawWs = await raw()
    sim.bingx_ws.max_topics = 3
    for topic in (f"{S}@trade", f"{S}@ticker", f"{S}@lastPrice"):
        assert (await ws.request("sub", topic))["code"] == 0
    reply = await ws.request("sub", f"{S}@markPrice")
    assert reply == {"id": reply["id"], "code": 80403, "msg": "your topic num over max 200", "dataType": "",
                     "data": None}
    assert (await ws.request("unsub", f"{S}@trade"))["code"] == 0
    assert (await ws.request("sub", f"{S}@markPrice"))["code"] == 0


async def test_default_limit_admits_every_topic(raw: Any) -> None:
    ws: RawWs = await raw()
    symbols = ("BTC-USDT", "ETH-USDT", "SOL-USDT", "DOGE-USDT")
    channels = [f"depth{n}@{i}" for n in (5, 10, 20, 50, 100) for i in ("200ms", "500ms")]
    channels += [f"kline_{k}" for k in KLINES] + ["trade", "ticker", "lastPrice", "markPrice", "bookTicker",
                                                   "incrDepth"]
    ids = [await ws.send("sub", f"{s}@{c}") for s in symbols for c in channels]
    replies: dict[str, int] = {}
    while len(replies) < len(ids):
        frame = await ws.recv()
        if isinstance(frame, dict) and frame.get("id"):
            replies[frame["id"]] = frame["code"]
    assert len(ids) == 124 and set(replies.values()) == {0}


async def test_ping_pong(sim: Simulator, raw: Any) -> None:
    sim.bingx_ws.ping_interval_s = 0.1  # pong_timeout_s stays long while we answer: a slow answer is no failure
    ws: RawWs = await raw()
    for _ in range(3):
        assert await ws.until(lambda f: f == "Ping") == "Ping"
        await ws.ws.send_str("Pong")
    await ws.until(lambda f: f == "Ping")
    assert sim.bingx_ws.pongs >= 3
    sim.bingx_ws.pong_timeout_s = 0.3
    silent: RawWs = await raw()  # never answers: closed once a Ping goes unanswered for pong_timeout_s
    for _ in range(50):
        msg = await silent.ws.receive(TIMEOUT)
        if msg.type.name in ("CLOSE", "CLOSED", "CLOSING"):
            break
    else:
        raise AssertionError("socket not closed")
