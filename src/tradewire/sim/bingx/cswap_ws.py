"""The BingX coin-M websocket (bingx-skills/cswap-ws-market and cswap-ws-account api-reference).

The live socket is ``wss://open-api-cswap-ws.bingx.com/market`` (references/websocket.md); the simulator serves
both BingX products on one host, where ``/market`` is the spot socket, so coin-M answers on ``PATH``.
Every server frame is gzip-compressed (the heartbeat too): the text ``Ping`` every ``ping_interval_s``, answered
``Pong`` (or a JSON ``{"pong":..}``); a socket ``pong_timeout_s`` late is closed. ``{"id","reqType":"sub"|"unsub",
"dataType"}`` is acked ``{"id","code":0,"msg":"","dataType":"","data":null}``, an unknown topic gets 80015; a
request without a string ``dataType`` or a ``reqType`` of sub/unsub gets no answer (both are required).

Market topics (``BASE-USD@...``), fed by the coin-M book (`CSwapEngine.matching`: the house on the coin-M tapes
plus resting user orders) and the coin-M tapes: ``@trade`` (``data`` a list of ``{T,s,p,q,m}``), ``@lastPrice``
(``{s,c,T}``) and ``@kline_<interval>`` (``{s,K:{t,T,o,h,l,c,v}}``) when trades printed; ``@depth<5|10|20|50|100>``
(``{bids best first, asks best first, T}``: a snapshot on subscribing, then each time those levels change),
``@bookTicker`` (``{s,b,B,a,A,T}``) and ``@markPrice`` (``{s,p,T}``) when they change; ``@ticker`` every second
(``{s,c,h,l,v,p,P}``). Quantities are whole contracts.

Account stream: ``PATH?listenKey=<key>`` (unknown key: closed with 1008); no subscription: for the key's owner,
each round drains `CSwapEngine.changes` into ``ORDER_TRADE_UPDATE`` per order change and one ``ACCOUNT_UPDATE``
per burst of balance/position changes (``wb`` the wallet balance now, ``bc`` the burst's net change), an
``ACCOUNT_CONFIG_UPDATE`` when a contract's leverage or margin type changed, and ``listenKeyExpired`` once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from tradewire.sim.bingx import cswap_math as cm
from tradewire.sim.bingx import ws_frames as frames
from tradewire.sim.bingx.calls import fmt
from tradewire.sim.bingx.cswap_contracts import CSWAP_CONTRACTS, cswap_market
from tradewire.sim.bingx.cswap_engine import ACCOUNT, AccountChange, CSwapEngine, OrderChange, cswap_engine, face
from tradewire.sim.bingx.ws_socket import Feed, QueuedConn, QueuedWs
from tradewire.sim.jsonenc import Json
from tradewire.sim.market import candle_close

PATH = "/cswap-market"
#: cswap-ws-market SKILL.md: the kline enum
KLINE_INTERVALS = ("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")
TICKER_MS = 1000  # "Push every 1000ms" (cswap-ws-market api-reference)
_TOPIC = re.compile(r"^(?P<symbol>[A-Z0-9]+-USD)@(?P<channel>.+)$")
_DEPTH = re.compile(r"^depth(5|10|20|50|100)$")
_ON_TRADE = ("trade", "lastPrice")
_ON_CHANGE = ("bookTicker", "markPrice")
Settings = dict[str, tuple[int, int, str]]  # symbol -> (long leverage, short leverage, margin type)


@dataclass
class _Conn(QueuedConn):
    expired: bool = False
    settings: Settings = field(default_factory=dict)


@dataclass
class _Feed(Feed):
    last: str | None = None  # what the last push showed (change-driven channels)


def _data(topic: str, data: Json) -> bytes:
    return frames.pack({"code": 0, "dataType": topic, "data": data})


def _levels(rows: list[tuple[Decimal, Decimal]]) -> list[Json]:
    return [[fmt(p), fmt(q)] for p, q in rows]


class CSwapWs(QueuedWs[_Conn, _Feed]):
    """The coin-M websocket front end of one simulator; ``install`` puts it on the app."""

    path = PATH
    name = "coin-M websocket"
    listens = False
    conn_type = _Conn

    def _open(self, conn: _Conn) -> None:
        assert conn.uid is not None
        with self.state.lock:
            engine = cswap_engine(self.state)
            self._push_accounts(engine, self.state.clock.now_ms())  # earlier changes are not this socket's
            conn.settings = self._settings(engine, conn.uid)

    def _supported(self, conn: _Conn, topic: str) -> bool:
        match = _TOPIC.match(topic)
        if match is None or match["symbol"] not in CSWAP_CONTRACTS:
            return False
        channel = match["channel"]
        return bool(_DEPTH.match(channel)) or channel in (*_ON_TRADE, *_ON_CHANGE, "ticker") or (
            channel.startswith("kline_") and channel.removeprefix("kline_") in KLINE_INTERVALS)

    def _join(self, conn: _Conn, topic: str) -> None:
        conn.topics.add(topic)
        symbol, _, channel = topic.partition("@")
        with self.state.lock:
            now = self.state.clock.now_ms()
            feed = self._feeds.get(topic)
            if feed is None:
                feed = self._feeds[topic] = _Feed(topic, symbol, channel)
                feed.seen = cswap_market(self.state).tape(symbol).count(now)
            feed.conns.append(conn)
            if channel.startswith("depth"):  # the book as it is now, then each change
                engine = cswap_engine(self.state)
                engine.catch_up(symbol, now)
                shown, frame = self._depth(engine, feed, now)
                feed.last = shown
                conn.queue.put_nowait(frame)

    # ------------------------------------------------------------------ market

    def _round(self) -> None:
        assert self._loop is not None
        t = self._loop.time()
        self._heartbeats(t)
        with self.state.lock:
            now = self.state.clock.now_ms()
            engine = cswap_engine(self.state)
            engine.sweep(now)  # resting orders fill, stops fire, the house re-quotes
            for feed in list(self._feeds.values()):
                self._push(feed, self._frame(engine, feed, now, t))
            self._push_accounts(engine, now)

    @staticmethod
    def _depth(engine: CSwapEngine, feed: _Feed, now: int) -> tuple[str, bytes]:
        """What the depth shows (to compare) and its frame."""
        _, bids, asks = engine.matching.depth(feed.symbol, int(feed.channel.removeprefix("depth")))
        levels = {"bids": _levels(bids), "asks": _levels(asks)}
        return json.dumps(levels), _data(feed.topic, {**levels, "T": now})

    def _frame(self, engine: CSwapEngine, feed: _Feed, now: int, t: float) -> bytes | None:  # float ok: loop time
        symbol, channel, topic = feed.symbol, feed.channel, feed.topic
        market = cswap_market(self.state)
        c = CSWAP_CONTRACTS[symbol]
        tape = market.tape(symbol)
        if channel in _ON_TRADE or channel.startswith("kline_"):
            count = tape.count(now)
            if count <= feed.seen:
                return None
            first, feed.seen = max(feed.seen, count - frames.MAX_TRADES), count
            if channel == "trade":
                return _data(topic, [{"T": tape.time(i), "s": symbol, "p": fmt(c.price(tape.price(i))),
                                      "q": fmt(c.qty(tape.qty(i))), "m": tape.buyer_maker(i)}
                                     for i in range(first, count)])
            if channel == "lastPrice":
                return _data(topic, {"s": symbol, "c": fmt(market.last_price(symbol, now)), "T": now})
            interval = channel.removeprefix("kline_")
            (k,) = market.candles(symbol, interval, None, now, 1, now)
            return _data(topic, {"s": symbol, "K": {
                "t": k.time, "T": candle_close(interval, k.time) - 1, "o": fmt(c.price(k.open)),
                "h": fmt(c.price(k.high)), "l": fmt(c.price(k.low)), "c": fmt(c.price(k.close)),
                "v": fmt(c.qty(k.volume))}})
        if channel.startswith("depth"):
            shown, frame = self._depth(engine, feed, now)
        elif channel == "bookTicker":
            _, bids, asks = engine.matching.depth(symbol, 1)
            if not bids or not asks:
                return None
            (b, bq), (a, aq) = bids[0], asks[0]
            best = {"s": symbol, "b": fmt(b), "B": fmt(bq), "a": fmt(a), "A": fmt(aq)}
            shown, frame = json.dumps(best), _data(topic, {**best, "T": now})
        elif channel == "markPrice":
            mark = fmt(market.mark_price(symbol, now))
            shown, frame = mark, _data(topic, {"s": symbol, "p": mark, "T": now})
        else:  # ticker
            if t < feed.due:
                return None
            feed.due = t + TICKER_MS / 1000
            s = market.day_stats(symbol, now)
            change = c.price(s.last - s.open)
            return _data(topic, {
                "s": symbol, "c": fmt(c.price(s.last)), "h": fmt(c.price(s.high)), "l": fmt(c.price(s.low)),
                "v": fmt(c.qty(s.volume)), "p": fmt(change),
                "P": fmt((change * 100 / c.price(s.open)).quantize(Decimal("0.01")))})
        if shown == feed.last:
            return None
        feed.last = shown
        return frame

    def _ping(self, conn: _Conn, t: float) -> bytes:  # float ok: loop time
        return frames.PING

    # ------------------------------------------------------------------ account stream

    @staticmethod
    def _settings(engine: CSwapEngine, uid: str) -> Settings:
        return {s: (engine.get_leverage(uid, s, "LONG"), engine.get_leverage(uid, s, "SHORT"),
                    engine.get_margin_type(uid, s)) for s in CSWAP_CONTRACTS}

    def _push_accounts(self, engine: CSwapEngine, now: int) -> None:
        """Drain the engine's changes into the account frames of their owners' sockets."""
        batch, engine.changes = engine.changes, []
        accounts = [c for c in self._conns if c.uid is not None and not c.expired]
        base = self.state.clock.base_ms()
        for conn in accounts:
            assert conn.key is not None and conn.uid is not None
            if self.state.listen_keys.lookup(conn.key, base) is None:
                conn.expired = True
                conn.queue.put_nowait(frames.listen_key_expired(conn.key, now))
                continue
            for frame in _order_updates(engine, [c for c in batch if isinstance(c, OrderChange)
                                                 and c.order.uid == conn.uid], now):
                conn.queue.put_nowait(frame)
            moved = [c for c in batch if isinstance(c, AccountChange) and c.uid == conn.uid]
            if moved:
                conn.queue.put_nowait(_account_update(engine, conn.uid, moved, now))
            settings = self._settings(engine, conn.uid)
            for symbol, (long, short, margin) in settings.items():
                if conn.settings.get(symbol) != (long, short, margin):
                    conn.queue.put_nowait(frames.account_config(symbol, long, short, margin, now))
            conn.settings = settings


def _order_updates(engine: CSwapEngine, changes: list[OrderChange], now: int) -> list[bytes]:
    """``ORDER_TRADE_UPDATE`` per change, each showing the order as it was then: the fills later in the batch
    are taken back off the order's running totals (``z``, ``ap``)."""
    later_qty: dict[str, Decimal] = {}
    later_value: dict[str, Decimal] = {}
    out: list[bytes] = []
    for change in reversed(changes):
        o, fill = change.order, change.fill
        executed = o.executed - later_qty.get(o.id, Decimal(0))
        value = o.coin_value - later_value.get(o.id, Decimal(0))
        avg = (executed * face(o.symbol) / value).quantize(cm.Q8) if executed else Decimal(0)
        if fill is not None:
            later_qty[o.id] = later_qty.get(o.id, Decimal(0)) + fill.qty
            later_value[o.id] = later_value.get(o.id, Decimal(0)) + cm.value(fill.qty, face(o.symbol), fill.price)
        zero = Decimal(0)
        out.append(frames.pack({"e": "ORDER_TRADE_UPDATE", "E": now, "T": change.time, "o": {
            "s": o.symbol, "c": o.client_id, "S": o.side, "o": o.type, "q": fmt(o.qty), "p": fmt(o.price or zero),
            "ap": fmt(avg), "x": change.execution, "X": change.status, "i": int(o.id),
            "l": fmt(fill.qty if fill else zero), "z": fmt(executed), "L": fmt(fill.price if fill else zero),
            "n": fmt(fill.fee if fill else zero), "N": CSWAP_CONTRACTS[o.symbol].asset, "T": change.time,
            "ps": o.position_side, "rp": fmt(fill.pnl if fill else zero)}}))
    out.reverse()
    return out


def _account_update(engine: CSwapEngine, uid: str, changes: list[AccountChange], now: int) -> bytes:
    """``ACCOUNT_UPDATE`` of one burst: per coin ``wb`` the wallet balance now, ``cw`` that less the isolated
    margins in the coin, ``bc`` the burst's net change; per touched position its state now (closed: ``pa`` 0)."""
    ledger = engine.state.ledger
    coins: dict[str, Decimal] = {}
    for change in changes:
        coins[change.coin] = coins.get(change.coin, Decimal(0)) + change.change
    rows: list[Json] = []
    for coin, delta in coins.items():
        wb = ledger.balance(uid, ACCOUNT, coin)
        isolated = sum((engine.margin_of(p) for p in engine.positions.get(uid, [])
                        if p.isolated and CSWAP_CONTRACTS[p.symbol].asset == coin), Decimal(0))
        rows.append({"a": coin, "wb": fmt(wb), "cw": fmt(wb - isolated), "bc": fmt(delta)})
    touched = dict.fromkeys((p, s) for c in changes for p, s in
                            (x if isinstance(x, tuple) else (x.symbol, x.side) for x in c.positions))
    positions: list[Json] = []
    for symbol, side in touched:
        pos = engine.position(uid, symbol, side)
        iso = pos.isolated if pos is not None else engine.get_margin_type(uid, symbol) == "ISOLATED"
        positions.append({"s": symbol, "pa": fmt(pos.amount if pos else Decimal(0)),
                          "ep": fmt(pos.entry if pos else Decimal(0)),
                          "up": fmt(engine.unrealized(pos, now) if pos else Decimal(0)),
                          "mt": "isolated" if iso else "cross", "ps": side})
    reason = "ORDER" if any(c.reason == "ORDER" for c in changes) else changes[-1].reason
    return frames.pack({"e": "ACCOUNT_UPDATE", "E": now, "T": now, "a": {"m": reason, "B": rows, "P": positions}})
