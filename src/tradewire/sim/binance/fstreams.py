"""USD-M futures websocket streams on the simulator, served under `/fstream` (`/fstream/ws/<name>`,
`/fstream/stream?streams=...`), as fstream.binance.com serves `/ws` and `/stream`.

Market streams: `<symbol>@depth[@100ms|@500ms]` diff depth carrying `pu` (the previous event's `u`),
`<symbol>@depth<5|10|20>[@100ms|@500ms]` partial depth, `@aggTrade`, `@markPrice[@1s]`, `@kline_1m`,
`@bookTicker`. User data (a futures listen key as the stream name): ORDER_TRADE_UPDATE, ACCOUNT_UPDATE,
ACCOUNT_CONFIG_UPDATE from `FuturesState`, and MARGIN_CALL when a position's maintenance margin reaches
`MARGIN_CALL_RATIO` of the margin balance. The spot flusher drives the flushes (`flush_listeners`);
`gaps[symbol]` drops that many diff-depth events (a fault: the next `pu` misses).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aiohttp import web

from tradewire.sim.binance.exchange import BinanceExchange, f8
from tradewire.sim.binance.fapi_market import next_funding, px, qty
from tradewire.sim.binance.fapi_state import maint_margin
from tradewire.sim.binance.freplay import FuturesReplay
from tradewire.sim.binance.futures import CONTRACTS
from tradewire.sim.binance.streams import Diff, KeyHolder, StreamFront
from tradewire.sim.engine import Event, Trade

D = Decimal
MARGIN_CALL_RATIO = D("0.8")


class FuturesStreamFront(StreamFront):
    """The futures streams; shares connection handling with the spot front."""

    def __init__(self, ex: BinanceExchange, spot: StreamFront) -> None:
        super().__init__(ex)
        self.last_u: dict[str, int] = {}
        self.gaps: dict[str, int] = {}
        self.called: set[tuple[str, str, str]] = set()  # (uid, symbol, positionSide) under a margin call
        spot.flush_listeners.append(self.on_flush)
        ex.fstate.event_listeners.append(self.user_event)

    def start(self) -> None:
        """Nothing of its own to run: the spot flusher calls `on_flush`."""

    def listener(self, name: str) -> KeyHolder | None:
        return self.ex.fstate.listen_keys.get(name)

    def user_event(self, uid: str, event: dict[str, Any]) -> None:
        for key, lk in self.ex.fstate.listen_keys.items():
            if lk.uid == uid:
                self._send(key, event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, Trade) and event.symbol in CONTRACTS:
            k = CONTRACTS[event.symbol]
            self._send(f"{event.symbol.lower()}@aggTrade", {
                "e": "aggTrade", "E": self.ex.clock.now_ms(), "s": event.symbol, "a": event.id,
                "p": px(k, event.price), "q": qty(k, event.qty), "f": event.id, "l": event.id, "T": event.time,
                "m": event.buyer_maker})

    def _levels(self, symbol: str, levels: list[tuple[Decimal, Decimal]]) -> list[list[str]]:
        k = CONTRACTS[symbol]
        return [[px(k, p), qty(k, q)] for p, q in levels]

    def on_flush(self, symbol: str, spot_diff: Diff | None, now: int) -> None:
        """One flush of `symbol` (at the spot front's pace): the diff of the contract's own book (when it
        changed) and the periodic streams."""
        if symbol not in CONTRACTS:
            return
        s = symbol.lower()
        book = self.ex.futures.engine.books[symbol]
        diff = book.drain()
        replay = self.ex.futures_replay
        if replay is not None and symbol in replay:
            self._replayed(replay, symbol, now)
            return
        if diff is not None:
            first, last, bids, asks = diff
            prev = self.last_u.get(symbol, first - 1)
            self.last_u[symbol] = last
            if self.gaps.get(symbol, 0) > 0:
                self.gaps[symbol] -= 1
            else:
                event = {"e": "depthUpdate", "E": now, "T": now, "s": symbol, "U": first, "u": last, "pu": prev,
                         "b": self._levels(symbol, bids), "a": self._levels(symbol, asks)}
                for name in (f"{s}@depth", f"{s}@depth@100ms", f"{s}@depth@500ms"):
                    self._send(name, event)
        for n in (5, 10, 20):
            for name in (f"{s}@depth{n}", f"{s}@depth{n}@100ms", f"{s}@depth{n}@500ms"):
                if any(name in c.streams for c in self.conns):
                    u = book.update_id
                    self._send(name, {"e": "depthUpdate", "E": now, "T": now, "s": symbol, "U": u, "u": u,
                                      "pu": self.last_u.get(symbol, u), "b": self._levels(symbol, book.bids.depth(n)),
                                      "a": self._levels(symbol, book.asks.depth(n))})
        bid, ask = book.bids.depth(1), book.asks.depth(1)
        k = CONTRACTS[symbol]
        if bid and ask:
            self._send(f"{s}@bookTicker", {"e": "bookTicker", "u": book.update_id, "E": now, "T": now, "s": symbol,
                                           "b": px(k, bid[0][0]), "B": qty(k, bid[0][1]), "a": px(k, ask[0][0]),
                                           "A": qty(k, ask[0][1])})
        mark, rate = self.ex.futures.mark(symbol), self.ex.tapes.market.funding_rate(symbol, next_funding(now))
        for name in (f"{s}@markPrice", f"{s}@markPrice@1s"):
            self._send(name, {"e": "markPriceUpdate", "E": now, "s": symbol, "p": f8(mark), "i": f8(mark),
                              "P": f8(mark), "r": f"{rate:.8f}", "T": next_funding(now)})
        self._kline(symbol, now)
        self._margin_calls(symbol, now)

    def _replayed(self, replay: FuturesReplay, symbol: str, now: int) -> None:
        """The streams of a replayed perpetual: the recorded diffs, book and marks (`freplay`)."""
        s, k = symbol.lower(), CONTRACTS[symbol]
        for event in replay.diffs(symbol, now):
            for name in (f"{s}@depth", f"{s}@depth@100ms", f"{s}@depth@500ms"):
                self._send(name, event)
        uid = replay.books.at(symbol, now).update_id or 0
        for n in (5, 10, 20):
            for name in (f"{s}@depth{n}", f"{s}@depth{n}@100ms", f"{s}@depth{n}@500ms"):
                if any(name in c.streams for c in self.conns):
                    _, bids, asks = replay.depth(symbol, now, n)
                    self._send(name, {"e": "depthUpdate", "E": now, "T": now, "s": symbol, "U": uid, "u": uid,
                                      "pu": uid, "b": self._levels(symbol, bids), "a": self._levels(symbol, asks)})
        _, bid, ask = replay.depth(symbol, now, 1)
        if bid and ask:
            self._send(f"{s}@bookTicker", {"e": "bookTicker", "u": uid, "E": now, "T": now, "s": symbol,
                                           "b": px(k, bid[0][0]), "B": qty(k, bid[0][1]), "a": px(k, ask[0][0]),
                                           "A": qty(k, ask[0][1])})
        mark = replay.mark(symbol, now)
        if mark is not None and mark[0] is not None:
            for name in (f"{s}@markPrice", f"{s}@markPrice@1s"):
                self._send(name, {"e": "markPriceUpdate", "E": now, "s": symbol, "p": f8(mark[0]),
                                  "i": f8(mark[1] if mark[1] is not None else mark[0]), "P": f8(mark[0]),
                                  "r": f8(mark[2] if mark[2] is not None else D(0)),
                                  "T": mark[3] if mark[3] is not None else next_funding(now)})
        self._kline(symbol, now)

    def _kline(self, symbol: str, now: int) -> None:
        """The current 1m candle of the tape (none while it has no trade)."""
        k, ms = CONTRACTS[symbol], 60_000
        start = now - now % ms
        kl = self.ex.tapes.kline(symbol, "1m", start, now)
        w = kl.stats
        if not w.count:
            return
        self._send(f"{symbol.lower()}@kline_1m", {"e": "kline", "E": now, "s": symbol, "k": {
            "t": start, "T": kl.close_time, "s": symbol, "i": "1m", "f": w.first_id, "L": w.last_id,
            "o": px(k, w.open), "c": px(k, w.close), "h": px(k, w.high), "l": px(k, w.low), "v": qty(k, w.volume),
            "n": w.count, "x": False, "q": f"{w.quote:f}", "V": "0", "Q": "0", "B": "0"}})

    def _margin_calls(self, symbol: str, now: int) -> None:
        """MARGIN_CALL once each time a user's maintenance margin crosses the ratio of the margin balance."""
        f, state = self.ex.futures, self.ex.fstate
        for (uid, s, ps), p in list(f.positions.items()):
            if s != symbol:
                continue
            mark = f.mark(s)
            mm = maint_margin(s, abs(p.amt * mark))
            balance = f.wallet(uid) + f.unrealized(uid)
            hot = bool(p.amt) and mm >= balance * MARGIN_CALL_RATIO
            if not hot:
                self.called.discard((uid, s, ps))
                continue
            if (uid, s, ps) in self.called:
                continue
            self.called.add((uid, s, ps))
            self.user_event(uid, {"e": "MARGIN_CALL", "E": now, "cw": f8(f.wallet(uid) - state.isolated_total(uid)),
                                  "p": [{"s": s, "ps": ps, "pa": qty(CONTRACTS[s], p.amt),
                                         "mt": "ISOLATED" if state.isolated(uid, s) else "CROSSED",
                                         "iw": f8(state.isolated_wallet(uid, s, ps)), "mp": f8(mark),
                                         "up": f8((mark - p.entry) * p.amt), "mm": f8(mm)}]})


def install(app: web.Application, ex: BinanceExchange, spot: StreamFront) -> FuturesStreamFront:
    """Serve the futures websocket paths on `app`."""
    front = FuturesStreamFront(ex, spot)
    app.router.add_get("/fstream/ws/{name}", front.handle)
    app.router.add_get("/fstream/ws", front.handle)
    app.router.add_get("/fstream/stream", front.handle)
    return front
