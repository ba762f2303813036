"""The BingX spot websocket on ``/market`` (bingx-skills/spot-ws-market and spot-ws-account api-reference).

Every server frame is gzip-compressed JSON (references/websocket.md), the heartbeat included: the spot server
pings with ``{"ping":<id>,"time":<iso>}`` (the reference: spot heartbeats "may include the lower-case form")
and takes ``{"pong":<id>,...}`` or ``Pong`` back; a socket ``pong_timeout_s`` late is closed.
``{"id","reqType":"sub"|"unsub","dataType"}`` is acked ``{"id","code":0,"msg":"","dataType":"","data":null}``;
a missing ``reqType`` subscribes (ccxt's spot requests carry none); an unknown topic gets 80015.

Market topics: ``<pair>@trade``, ``@kline_<1min..1M>``, ``@depth<5|10|20|50|100>`` (every 300 ms),
``@ticker`` (every 1 s), ``@lastPrice``, ``@bookTicker``, ``@incrDepth`` (``action:"all"`` with
``lastUpdateId`` on subscribing, then ``action:"update"`` diffs every 500 ms when the book changed, each id
one more than the last; a level's quantity "0" removes it). Depth comes from `spot_view.spot_book`, trades,
candles and statistics from `spot_view.spot_market`.

Account stream: ``/market?listenKey=<key>`` (unknown key: closed with 1008), topics ``spot.executionReport``
(one frame per spot `OrderEvent`) and ``ACCOUNT_UPDATE`` (one frame per burst of spot balance events).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from tradewire.sim.bingx import ws_frames as frames
from tradewire.sim.bingx.calls import fmt
from tradewire.sim.bingx.spot_view import spot_book, spot_market
from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.trading import SPOT_CONTRACTS
from tradewire.sim.bingx.ws_socket import Feed, QueuedConn, QueuedWs
from tradewire.sim.events import BalanceEvent, Event, OrderEvent
from tradewire.sim.jsonenc import Json
from tradewire.sim.market import INTERVALS, candle_close

PATH = "/market"
INCR_LEVELS = 100
FIRST_UPDATE_ID = 500_000_000
ACCOUNT_TOPICS = ("spot.executionReport", "ACCOUNT_UPDATE")
#: the spot websocket spells minutes "min" (spot-ws-market api-reference), REST "m"
WS_INTERVALS = {k.replace("m", "min") if k.endswith("m") and k != "1M" else k: k for k in INTERVALS}
_TOPIC = re.compile(r"^(?P<symbol>[A-Z0-9]+-[A-Z]+)@(?P<channel>.+)$")
_DEPTH = re.compile(r"^depth(5|10|20|50|100)$")
_PERIODS_MS = {"ticker": 1000, "incrDepth": 500}
_DEPTH_MS = 300
Book = tuple[dict[Decimal, Decimal], dict[Decimal, Decimal]]


@dataclass
class _Conn(QueuedConn):
    orders: list[OrderEvent] = field(default_factory=list)
    balances: list[BalanceEvent] = field(default_factory=list)


@dataclass
class _Feed(Feed):
    last: bytes | None = None  # the last frame body (bookTicker: pushed when it changes)
    book: Book = ({}, {})


def _levels(side: dict[Decimal, Decimal], reverse: bool) -> list[Json]:
    return [[fmt(p), fmt(q)] for p, q in sorted(side.items(), reverse=reverse)]


class SpotWs(QueuedWs[_Conn, _Feed]):
    """The spot websocket front end of one simulator; ``install`` puts it on the app."""

    path = PATH
    name = "spot websocket"
    conn_type = _Conn
    default_req_type = "sub"

    def __init__(self, state: SimState) -> None:
        super().__init__(state)
        self._update_ids: dict[str, int] = {}

    def last_update_id(self, symbol: str) -> int | None:
        """The ``lastUpdateId`` of the latest ``@incrDepth`` frame of ``symbol`` (None before any)."""
        return self._update_ids.get(symbol)

    def _supported(self, conn: _Conn, topic: str) -> bool:
        if topic in ACCOUNT_TOPICS:
            return conn.uid is not None
        match = _TOPIC.match(topic)
        if match is None or match["symbol"] not in SPOT_CONTRACTS:
            return False
        channel = match["channel"]
        return bool(_DEPTH.match(channel)) or channel in ("trade", "ticker", "lastPrice", "bookTicker",
                                                          "incrDepth") or \
            (channel.removeprefix("kline_") in WS_INTERVALS and channel.startswith("kline_"))

    def _join(self, conn: _Conn, topic: str) -> None:
        conn.topics.add(topic)
        if topic in ACCOUNT_TOPICS:
            return
        symbol, _, channel = topic.partition("@")
        with self.state.lock:
            now = self.state.clock.now_ms()
            feed = self._feeds.get(topic)
            if feed is None:
                feed = self._feeds[topic] = _Feed(topic, symbol, channel)
                feed.seen = spot_market(self.state).tape(symbol).count(now)
                if channel == "incrDepth":
                    feed.book = self._book(symbol, now)
                    self._update_ids.setdefault(symbol, FIRST_UPDATE_ID)
            feed.conns.append(conn)
            if channel == "incrDepth":
                bids, asks = feed.book
                conn.queue.put_nowait(self._data(topic, {
                    "action": "all", "lastUpdateId": self._update_ids[symbol], "T": now,
                    "bids": _levels(bids, True), "asks": _levels(asks, False)}))

    # ------------------------------------------------------------------ pushing

    def _book(self, symbol: str, now: int, levels: int = INCR_LEVELS) -> Book:
        _, bids, asks = spot_book(self.state, symbol, now, levels)
        return dict(bids), dict(asks)

    @staticmethod
    def _data(topic: str, data: Json) -> bytes:
        return frames.pack({"code": 0, "dataType": topic, "data": data})

    def _round(self) -> None:
        assert self._loop is not None
        t = self._loop.time()
        self._heartbeats(t)
        with self.state.lock:
            now = self.state.clock.now_ms()
            for feed in list(self._feeds.values()):
                self._push(feed, self._frame(feed, now, t))
            self._push_accounts(now)

    def _frame(self, feed: _Feed, now: int, t: float) -> bytes | None:  # float ok: loop time
        symbol, channel, topic = feed.symbol, feed.channel, feed.topic
        market = spot_market(self.state)
        c = SPOT_CONTRACTS[symbol]
        tape = market.tape(symbol)
        if channel in ("trade", "lastPrice") or channel.startswith("kline_"):
            count = tape.count(now)
            if count <= feed.seen:
                return None
            first, feed.seen = max(feed.seen, count - frames.MAX_TRADES), count
            if channel == "trade":
                return self._data(topic, [{"T": tape.time(i), "s": symbol, "p": fmt(c.price(tape.price(i))),
                                           "q": fmt(c.qty(tape.qty(i))), "m": tape.buyer_maker(i),
                                           "t": str(tape.trade_id(i))} for i in range(first, count)])
            if channel == "lastPrice":
                return self._data(topic, {"s": symbol, "c": fmt(market.last_price(symbol, now)), "T": now})
            interval = WS_INTERVALS[channel.removeprefix("kline_")]
            (k,) = market.candles(symbol, interval, None, now, 1, now)
            return self._data(topic, {"s": symbol, "K": {
                "t": k.time, "T": candle_close(interval, k.time) - 1, "o": fmt(c.price(k.open)),
                "h": fmt(c.price(k.high)), "l": fmt(c.price(k.low)), "c": fmt(c.price(k.close)),
                "v": fmt(c.qty(k.volume)), "i": channel.removeprefix("kline_"), "s": symbol}})
        if channel == "bookTicker":
            bids, asks = self._book(symbol, now, 1)
            (b, bq), (a, aq) = next(iter(bids.items())), next(iter(asks.items()))
            body = json.dumps([fmt(b), fmt(bq), fmt(a), fmt(aq)]).encode()
            if body == feed.last:
                return None
            feed.last = body
            return self._data(topic, {"s": symbol, "b": fmt(b), "B": fmt(bq), "a": fmt(a), "A": fmt(aq), "T": now})
        if t < feed.due:
            return None
        feed.due = t + _PERIODS_MS.get(channel, _DEPTH_MS) / 1000
        if channel == "ticker":
            s = market.day_stats(symbol, now)
            change = c.price(s.last - s.open)
            return self._data(topic, {
                "e": "24hTicker", "E": now, "s": symbol, "c": fmt(c.price(s.last)), "o": fmt(c.price(s.open)),
                "h": fmt(c.price(s.high)), "l": fmt(c.price(s.low)), "v": fmt(c.qty(s.volume)), "p": fmt(change),
                "P": fmt((change * 100 / c.price(s.open)).quantize(Decimal("0.01"))),
                "q": fmt(Decimal(s.quote_volume) * c.tick * c.step), "O": s.open_time, "C": s.close_time})
        if channel == "incrDepth":
            return self._incr(feed, now)
        bids, asks = self._book(symbol, now, int(channel.removeprefix("depth")))
        return self._data(topic, {"bids": _levels(bids, True), "asks": _levels(asks, False), "T": now})

    def _incr(self, feed: _Feed, now: int) -> bytes | None:
        book = self._book(feed.symbol, now)
        if book == feed.book:
            return None
        diffs = []
        for old, new in zip(feed.book, book, strict=True):
            changed = {p: q for p, q in new.items() if old.get(p) != q}
            changed.update({p: Decimal(0) for p in old if p not in new})
            diffs.append(changed)
        feed.book = book
        update_id = self._update_ids[feed.symbol] = self._update_ids[feed.symbol] + 1
        return self._data(feed.topic, {"action": "update", "lastUpdateId": update_id, "T": now,
                                       "bids": _levels(diffs[0], True), "asks": _levels(diffs[1], False)})

    def _ping(self, conn: _Conn, t: float) -> bytes:  # float ok: loop time
        stamp = datetime.fromtimestamp(self.state.clock.now_ms() / 1000, UTC).isoformat()
        return frames.pack({"ping": f"{id(conn):x}{int(t * 1000)}", "time": stamp})

    # ------------------------------------------------------------------ account stream

    def _on_event(self, event: Event) -> None:
        """Hub callback (any thread): hand spot order and spot balance events to the loop."""
        loop = self._loop
        if loop is not None and ((isinstance(event, OrderEvent) and event.market == "spot") or (
                isinstance(event, BalanceEvent) and event.account == "spot")):
            loop.call_soon_threadsafe(self._collect, event)

    def _collect(self, event: OrderEvent | BalanceEvent) -> None:
        for conn in self._conns:
            if conn.uid != event.uid:
                continue
            if isinstance(event, OrderEvent) and "spot.executionReport" in conn.topics:
                conn.orders.append(event)
            elif isinstance(event, BalanceEvent) and "ACCOUNT_UPDATE" in conn.topics:
                conn.balances.append(event)

    def _push_accounts(self, now: int) -> None:
        for conn in self._conns:
            for o in conn.orders:
                conn.queue.put_nowait(self._data("spot.executionReport", {
                    "e": "executionReport", "E": now, "s": o.symbol, "S": o.side, "o": o.order_type,
                    "q": fmt(o.qty), "p": fmt(o.price), "x": o.execution_type, "X": o.status, "i": int(o.order_id),
                    "c": o.client_order_id, "l": fmt(o.last_qty), "z": fmt(o.filled_qty), "L": fmt(o.last_price),
                    "n": fmt(o.fee), "N": o.fee_asset, "T": o.time}))
            conn.orders = []
            if conn.balances:
                latest = {b.asset: b for b in conn.balances}
                change = {a: sum((b.change for b in conn.balances if b.asset == a), Decimal(0)) for a in latest}
                conn.queue.put_nowait(frames.pack({
                    "dataType": "ACCOUNT_UPDATE", "e": "ACCOUNT_UPDATE", "E": now, "T": now, "a": {
                        "m": "ORDER", "B": [{"a": a, "wb": fmt(b.balance), "cw": fmt(b.balance), "bc": fmt(change[a])}
                                            for a, b in latest.items()]}}))
                conn.balances = []
