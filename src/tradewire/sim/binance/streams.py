"""Binance websocket streams on the simulator: market streams, combined streams, user data.

Limits as binance.md §15: 5 incoming messages per second (more closes the connection), 1024
streams per connection, a ping every 3 minutes, connections closed after `max_age_s` (24 h).
Diff-depth events carry U/u from the engine's book update ids; `ex.depth_gaps` drops events.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, Protocol

from aiohttp import WSMsgType, web

from tradewire.sim import wsout
from tradewire.sim.binance.exchange import BinanceExchange, f8
from tradewire.sim.binance.views import INTERVALS
from tradewire.sim.engine import Event, ListEvent, OrderEvent, Trade
from tradewire.sim.market import candle_open
from tradewire.sim.replay import BookCursor
from tradewire.sim.replay_data import NS_PER_MS
from tradewire.sim.wsout import Outbox

Diff = tuple[int, int, list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]]
MAX_STREAMS = 1024


class KeyHolder(Protocol):
    """A listen key (spot or futures): its owner and the connections reading it."""

    uid: str
    queues: list[Callable[[dict[str, Any]], None]]


MAX_INCOMING_PER_S = 5


class Conn:
    """One websocket connection: its streams, its outbox, and whether it is combined."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request, streams: set[str], combined: bool,
                 uid: str | None) -> None:
        self.ws, self.streams, self.combined, self.uid = ws, streams, combined, uid
        self.request = request
        self.outbox = Outbox(request)

    def push(self, stream: str, data: dict[str, Any]) -> None:
        """Send one event of ``stream`` to this connection alone."""
        raw = _json(data)
        self.write(wsout.frame(_combined(stream, raw) if self.combined else raw, wsout.TEXT))

    def send_text(self, text: str) -> None:
        self.write(wsout.frame(text.encode(), wsout.TEXT))

    def write(self, wire: bytes) -> None:
        """Queue a framed message (`wsout.frame`); a client more than ``wsout.MAX_BACKLOG`` bytes behind is
        disconnected."""
        if not self.outbox.put(wire) and self.request.transport is not None:
            self.request.transport.close()


def _json(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def _combined(stream: str, raw: bytes) -> bytes:
    """``{"stream":...,"data":...}`` around an encoded event (as json.dumps of the whole would write it)."""
    return b'{"stream":' + json.dumps(stream).encode() + b',"data":' + raw + b"}"


class StreamFront:
    """Serves `/ws/<name>`, `/ws` and `/stream?streams=a/b`; pushes engine events to subscribers."""

    def __init__(self, ex: BinanceExchange) -> None:
        self.ex = ex
        self.conns: set[Conn] = set()
        self.flush_ms = 100
        self.max_age_s = 86_400.0  # float ok: seconds
        self._tasks: list[asyncio.Task[None]] = []
        #: told of every book's drained diff (or None) at each flush: (symbol, diff, time)
        self.flush_listeners: list[Callable[[str, Diff | None, int], None]] = []
        #: the futures front fed by this one's flushes (set by `server.build_app`)
        self.futures: StreamFront | None = None
        #: other receivers of every user data event, (uid, event): the WebSocket API's subscriptions
        self.user_sinks: list[Callable[[str, dict[str, Any]], None]] = []
        #: whether one of those receivers takes a user's events now (events nobody takes are not built)
        self.user_wanted: list[Callable[[str], bool]] = []
        ex.market_listeners.append(self._on_event)
        self._replay: dict[str, BookCursor] = {}  # replayed symbol -> the recorded book pushed so far

    def start(self) -> None:
        """Start the periodic flusher: it plays the tapes up to the clock, then pushes what changed."""
        self._tasks.append(asyncio.ensure_future(self._flusher()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for conn in list(self.conns):
            conn.outbox.flush()
            await conn.ws.close()

    def backlog(self) -> int:
        """The most bytes any connection has left unread (0 without connections)."""
        return max((c.outbox.backlog() for c in list(self.conns)), default=0)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("name", "")
        combined = request.path.endswith("/stream")
        names = set(filter(None, request.query.get("streams", "").split("/"))) if combined else (
            {name} if name else set())
        uid = None
        for n in list(names):
            lk = self.listener(n)
            if lk is not None:
                uid = lk.uid
        if len(names) > MAX_STREAMS:
            raise web.HTTPBadRequest(text="too many streams")
        ws = wsout.response(heartbeat=180.0)
        await ws.prepare(request)
        conn = Conn(ws, request, names, combined, uid)
        if uid is not None:
            for n in names:
                lk = self.listener(n)
                if lk is not None:
                    lk.queues.append(partial(conn.push, n))
        self.conns.add(conn)
        born = time.monotonic()
        stamps: list[float] = []  # float ok: seconds
        try:
            while True:
                left = self.max_age_s - (time.monotonic() - born)
                if left <= 0:
                    break
                try:
                    msg = await asyncio.wait_for(ws.receive(), timeout=left)
                except TimeoutError:
                    break
                if msg.type != WSMsgType.TEXT:
                    break
                now = time.monotonic()
                stamps = [t for t in stamps if now - t < 1.0] + [now]
                if len(stamps) > MAX_INCOMING_PER_S:
                    break
                self._control(conn, msg.data)
        finally:
            self.conns.discard(conn)
            conn.outbox.flush()
            await ws.close()
        return ws

    def listener(self, name: str) -> KeyHolder | None:
        """The listen key a stream name stands for, if it is one."""
        return self.ex.listen_keys.get(name)

    def _control(self, conn: Conn, text: str) -> None:
        try:
            msg = json.loads(text)
        except ValueError:
            conn.send_text(json.dumps({"error": {"code": 3, "msg": "Invalid JSON"}}))
            return
        method, params, mid = msg.get("method"), msg.get("params") or [], msg.get("id")
        result: Any = None
        if method == "SUBSCRIBE":
            if len(conn.streams | set(params)) > MAX_STREAMS:
                conn.send_text(json.dumps({"error": {"code": 2, "msg": "too many streams"}, "id": mid}))
                return
            conn.streams |= set(params)
        elif method == "UNSUBSCRIBE":
            conn.streams -= set(params)
        elif method == "LIST_SUBSCRIPTIONS":
            result = sorted(conn.streams)
        else:
            conn.send_text(json.dumps({"error": {"code": 2, "msg": f"Invalid request: unknown {method}"},
                                       "id": mid}))
            return
        conn.send_text(json.dumps({"result": result, "id": mid}))

    def _send(self, stream: str, data: dict[str, Any]) -> None:
        """One event to every subscriber of ``stream``: encoded and framed once per form (raw, combined)."""
        raw: bytes | None = None
        wires: dict[bool, bytes] = {}
        for conn in list(self.conns):
            if stream in conn.streams:
                wire = wires.get(conn.combined)
                if wire is None:
                    raw = _json(data) if raw is None else raw
                    wire = wires[conn.combined] = wsout.frame(_combined(stream, raw) if conn.combined else raw,
                                                              wsout.TEXT)
                conn.write(wire)

    # --- producing -------------------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        now = self.ex.clock.now_ms()
        if isinstance(event, Trade):
            s = event.symbol.lower()
            if not self._listened(f"{s}@trade", f"{s}@aggTrade"):
                return
            self._send(f"{s}@trade", {"e": "trade", "E": now, "s": event.symbol, "t": event.id, "p": f8(event.price),
                                      "q": f8(event.qty), "b": event.buyer_order, "a": event.seller_order,
                                      "T": event.time, "m": event.buyer_maker, "M": True})
            self._send(f"{s}@aggTrade", {"e": "aggTrade", "E": now, "s": event.symbol, "a": event.id,
                                         "p": f8(event.price), "q": f8(event.qty), "f": event.id, "l": event.id,
                                         "T": event.time, "m": event.buyer_maker, "M": True})
        elif isinstance(event, OrderEvent):
            if not self._listening(event.order.uid):  # e.g. the market maker's orders
                return
            self._user(event.order.uid, self._execution_report(event, now))
            pair = self.ex.engine.books[event.order.symbol].pair
            ledger = self.ex.ledger
            self._user(event.order.uid, {"e": "outboundAccountPosition", "E": now, "u": now, "B": [
                {"a": a, "f": f8(ledger.balance(event.order.uid, "spot", a)),
                 "l": f8(ledger.balance(event.order.uid, "spot.locked", a))} for a in (pair.base, pair.quote)]})
        elif isinstance(event, ListEvent):
            ol = event.order_list
            self._user(ol.orders[0].uid, {
                "e": "listStatus", "E": now, "s": ol.symbol, "g": ol.id, "c": ol.contingency,
                "l": "ALL_DONE" if ol.status == "ALL_DONE" else "EXEC_STARTED", "L": ol.status, "r": "NONE",
                "C": ol.client_id, "T": event.time,
                "O": [{"s": o.symbol, "i": o.id, "c": o.client_id} for o in ol.orders]})

    @staticmethod
    def _execution_report(event: OrderEvent, now: int) -> dict[str, Any]:
        o, fill = event.order, event.fill
        zero = f8(0 * o.qty)
        out = {"e": "executionReport", "E": now, "s": o.symbol, "c": o.client_id, "S": o.side, "o": o.type,
                "f": o.tif, "q": f8(o.qty), "p": f8(o.price) if o.price is not None else zero,
                "P": f8(o.stop_price) if o.stop_price is not None else zero, "F": zero, "g": o.list_id, "C": "",
                "x": event.kind, "X": o.status, "r": "NONE", "i": o.id,
                "l": f8(fill.qty) if fill else zero, "z": f8(o.executed), "L": f8(fill.price) if fill else zero,
                "n": f8(fill.commission) if fill else "0", "N": fill.commission_asset if fill else None,
                "T": event.time, "t": fill.trade_id if fill else -1, "I": 0, "w": o.working_time > 0 and o.open,
                "m": fill.maker if fill else False, "M": False, "O": o.time, "Z": f8(o.cum_quote),
                "Y": f8(fill.price * fill.qty) if fill else zero, "Q": f8(o.quote_qty) if o.quote_qty else zero,
                "W": o.working_time, "V": o.stp}
        if o.trailing_delta is not None:  # a trailing stop's delta and tracking time (user-data-stream.md)
            out.update(d=o.trailing_delta, D=o.trailing_time)
        return out

    def _listening(self, uid: str) -> bool:
        """Whether a connection subscribes to a listen key of ``uid``, or another receiver wants its events."""
        return any(wanted(uid) for wanted in self.user_wanted) or any(
            lk.uid == uid and self._listened(key) for key, lk in list(self.ex.listen_keys.items()))

    def _user(self, uid: str, data: dict[str, Any]) -> None:
        for sink in self.user_sinks:
            sink(uid, data)
        for key, lk in self.ex.listen_keys.items():
            if lk.uid == uid:
                self._send(key, data)

    def balance_update(self, uid: str, asset: str, delta: str) -> None:
        """Push a `balanceUpdate` (deposits, withdrawals, transfers) to the user's streams."""
        now = self.ex.clock.now_ms()
        self._user(uid, {"e": "balanceUpdate", "E": now, "a": asset, "d": delta, "T": now})

    async def _flusher(self) -> None:
        while True:
            await asyncio.sleep(self.flush_ms / 1000)
            with self.ex.lock:
                self.ex.catch_up(self.ex.clock.now_ms())
                self.flush()

    def flush(self) -> None:
        """Send the diff-depth, partial-depth, bookTicker, kline and ticker events of every symbol."""
        now = self.ex.clock.now_ms()
        for symbol, book in self.ex.engine.books.items():
            s = symbol.lower()
            diff = book.drain()
            for listener in self.flush_listeners:
                listener(symbol, diff, now)
            if self.ex.replay is not None and symbol in self.ex.replay:
                self._replay_diffs(symbol, s, now)
            elif diff is not None:
                if self.ex.depth_gaps.get(symbol, 0) > 0:
                    self.ex.depth_gaps[symbol] -= 1
                elif self._listened(f"{s}@depth@100ms", f"{s}@depth"):
                    first, last, bids, asks = diff
                    event = {"e": "depthUpdate", "E": now, "s": symbol, "U": first, "u": last,
                             "b": [[f8(p), f8(q)] for p, q in bids], "a": [[f8(p), f8(q)] for p, q in asks]}
                    self._send(f"{s}@depth@100ms", event)
                    self._send(f"{s}@depth", event)
            for n in (5, 10, 20):
                for name in (f"{s}@depth{n}", f"{s}@depth{n}@100ms"):
                    if self._listened(name):
                        uid, b, a = self.ex.engine.depth(symbol, n)
                        self._send(name, {"lastUpdateId": uid, "bids": [[f8(p), f8(q)] for p, q in b],
                                          "asks": [[f8(p), f8(q)] for p, q in a]})
            if self._listened(f"{s}@bookTicker"):
                bid, ask = book.bids.depth(1), book.asks.depth(1)
                if bid and ask:
                    self._send(f"{s}@bookTicker", {"u": book.update_id, "s": symbol, "b": f8(bid[0][0]),
                                                   "B": f8(bid[0][1]), "a": f8(ask[0][0]), "A": f8(ask[0][1])})
            if self._listened(f"{s}@miniTicker", f"{s}@ticker", *(f"{s}@kline_{i}" for i in INTERVALS)):
                self._tickers(symbol, now)

    def _replay_diffs(self, symbol: str, s: str, now: int) -> None:
        """The recorded diff-depth events of a replayed symbol up to ``now``, as recorded (``U``, ``u``, levels,
        ``E``); nothing from a gap to the next recorded snapshot (Binance's stream has no snapshot: the client's
        gap check sends it to REST depth, which serves the recorded one)."""
        assert self.ex.replay is not None
        cursor = self._replay.get(symbol)
        if cursor is None:  # the stream starts where the replay does
            cursor = self._replay[symbol] = BookCursor(self.ex.replay.symbols[symbol].depth)
            cursor.seek((self.ex.replay.start + 1) * NS_PER_MS - 1)
        c = self.ex.replay.symbols[symbol].contract
        steps, until = cursor.steps, (now + 1) * NS_PER_MS - 1
        listened = self._listened(f"{s}@depth@100ms", f"{s}@depth")
        while cursor.next < len(steps) and steps[cursor.next].ns <= until:
            step = steps[cursor.next]
            if cursor.apply(step) and step.kind == "update" and listened:
                last = step.update_id if step.update_id is not None else cursor.next
                event = {"e": "depthUpdate", "E": step.time, "s": symbol,
                         "U": step.first_id if step.first_id is not None else last, "u": last,
                         "b": [[f8(c.price(p)), f8(c.qty(q))] for p, q in step.bids],
                         "a": [[f8(c.price(p)), f8(c.qty(q))] for p, q in step.asks]}
                self._send(f"{s}@depth@100ms", event)
                self._send(f"{s}@depth", event)

    def _listened(self, *streams: str) -> bool:
        """Whether a connection subscribes to one of ``streams`` (events nobody takes are not built)."""
        return any(name in c.streams for c in list(self.conns) for name in streams)

    def _tickers(self, symbol: str, now: int) -> None:
        """24 h tickers and the current candle of every subscribed kline interval, from the tape."""
        s = symbol.lower()
        w = self.ex.tapes.window(symbol, now - 86_400_000 + 1, now)
        if w.count:
            self._send(f"{s}@miniTicker", {"e": "24hrMiniTicker", "E": now, "s": symbol, "c": f8(w.close),
                                           "o": f8(w.open), "h": f8(w.high), "l": f8(w.low), "v": f8(w.volume),
                                           "q": f8(w.quote)})
            book = self.ex.engine.books[symbol]
            bid, ask = book.bids.depth(1), book.asks.depth(1)
            zero = f8(0 * w.open)
            self._send(f"{s}@ticker", {
                "e": "24hrTicker", "E": now, "s": symbol, "p": f8(w.close - w.open),
                "P": f"{(w.close - w.open) / w.open * 100:.3f}", "w": f8(w.quote / w.volume), "x": f8(w.open),
                "c": f8(w.close), "Q": f8(w.last_qty), "b": f8(bid[0][0]) if bid else zero,
                "B": f8(bid[0][1]) if bid else zero, "a": f8(ask[0][0]) if ask else zero,
                "A": f8(ask[0][1]) if ask else zero, "o": f8(w.open), "h": f8(w.high), "l": f8(w.low),
                "v": f8(w.volume), "q": f8(w.quote), "O": now - 86_400_000, "C": now, "F": w.first_id,
                "L": w.last_id, "n": w.count})
        prefix = f"{s}@kline_"
        for interval in sorted({n.removeprefix(prefix) for c in self.conns for n in c.streams
                                if n.startswith(prefix)} & set(INTERVALS)):
            start = candle_open(interval, now)
            k = self.ex.tapes.kline(symbol, interval, start, now)
            self._send(f"{prefix}{interval}", {"e": "kline", "E": now, "s": symbol, "k": {
                "t": start, "T": k.close_time, "s": symbol, "i": interval, "f": k.stats.first_id,
                "L": k.stats.last_id, "o": f8(k.stats.open), "c": f8(k.stats.close), "h": f8(k.stats.high),
                "l": f8(k.stats.low), "v": f8(k.stats.volume), "n": k.stats.count, "x": False,
                "q": f8(k.stats.quote), "V": f8(k.taker_volume), "Q": f8(k.taker_quote), "B": "0"}})


def install(app: web.Application, ex: BinanceExchange) -> StreamFront:
    """Serve the Binance websocket paths on `app`."""
    front = StreamFront(ex)
    app.router.add_get("/ws/{name}", front.handle)
    app.router.add_get("/ws", front.handle)
    app.router.add_get("/stream", front.handle)
    return front
