"""The Binance spot market: a tape per symbol (`sim/tape.py`) that the house quotes on the spot book
(`sim/house.py`), and what the market-data endpoints and streams read of it.

Public trades are the tape's prints plus the trades users make on the book. Tape trade i has id
`(i + 1) * ID_SLOTS`; a user's trade made while the house plays tape trade i (or after it, before the next)
takes the next free id above it, so ids rise with time across both. Candles, the 24 h ticker and the
average price come from the tape alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.engine import Engine
from tradewire.sim.events import EventHub
from tradewire.sim.house import House
from tradewire.sim.market import Market, candle_close, candle_opens
from tradewire.sim.replay import ReplayHouse, ReplayMarket, ReplayTape
from tradewire.sim.replay_data import Recording
from tradewire.sim.tape import Tape

D = Decimal
ID_SLOTS = 1_000_000  # ids between two tape prints, for users' trades
#: what a tape needs of a symbol: price/quantity precision, start price, trade sizes (25..6375 steps)
TAPE_CONTRACTS = {
    "BTCUSDT": Contract("BTCUSDT", "", "BTC", 2, 5, D("0.00001"), D(5), 1, D("65000.00"), 25, D(0)),
    "ETHUSDT": Contract("ETHUSDT", "", "ETH", 2, 4, D("0.0001"), D(5), 1, D("3200.00"), 25, D(0)),
}


@dataclass(frozen=True)
class PublicTrade:
    """One public trade as the trade endpoints list it."""

    id: int
    price: Decimal
    qty: Decimal
    time: int
    buyer_maker: bool


@dataclass(frozen=True)
class Window:
    """Tape statistics of the trades ``first`` .. ``last`` (indices; none when ``count`` is 0)."""

    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    last_qty: Decimal
    volume: Decimal
    quote: Decimal
    first_id: int
    last_id: int
    count: int


@dataclass(frozen=True)
class Kline:
    """One candle as Binance lists it; `taker_volume`/`taker_quote` are the aggressive buyers' share."""

    open_time: int
    close_time: int
    stats: Window
    taker_volume: Decimal
    taker_quote: Decimal

    def row(self) -> list[object]:
        """The 12 fields of a kline row, prices and quantities with 8 decimals."""
        w = self.stats
        return [self.open_time, f"{w.open:.8f}", f"{w.high:.8f}", f"{w.low:.8f}", f"{w.close:.8f}",
                f"{w.volume:.8f}", self.close_time, f"{w.quote:.8f}", w.count, f"{self.taker_volume:.8f}",
                f"{self.taker_quote:.8f}", "0"]


def tape_id(i: int) -> int:
    """The public id of tape trade ``i``."""
    return (i + 1) * ID_SLOTS


class TapeMarket:
    """The tapes of the Binance spot symbols, quoted by the house of `engine` (whose trade ids it assigns)."""

    def __init__(self, seed: int, start_ms: int, engine: Engine) -> None:
        self.market: Market = Market(seed, start_ms, EventHub(), TAPE_CONTRACTS)
        self.seed = seed
        self.engine = engine
        self.house: House = House(engine, self.market)
        self._ids: dict[str, tuple[int, int]] = {}  # symbol -> (tape index, users' trades since it)
        engine.trade_ids = self.next_id

    def replay(self, recording: Recording) -> None:
        """Make the recording's Binance spot symbols' tapes its trades and their book its book
        (`ReplayMarket`, `ReplayHouse`); the other symbols keep their tapes and quotes."""
        symbols = recording.binance
        old = self.house
        for (symbol, _), quotes in list(old.quotes.items()):
            if symbol in symbols:  # the synthetic quotes leave the book
                for queue in quotes.values():
                    for o in queue:
                        if o.open:
                            self.engine.resize(o, D(0))
                quotes.clear()
        self.market = ReplayMarket(replace(recording, symbols=symbols), self.seed, EventHub(), TAPE_CONTRACTS)
        self.house = ReplayHouse(self.engine, self.market, symbols)
        self.house.quotes = old.quotes
        self.house.done = {s: i for s, i in old.done.items() if s not in symbols}

    def catch_up(self, now: int) -> None:
        """Play every tape up to ``now`` on the book (resting user orders may fill)."""
        for symbol in TAPE_CONTRACTS:
            self.house.catch_up(symbol, now)

    def next_id(self, symbol: str) -> int:
        """The id of a user's trade on `symbol` now: after the tape trade being played."""
        i = self.house.done.get(symbol, -1)
        at, k = self._ids.get(symbol, (i, 0))
        k = k + 1 if at == i else 1
        self._ids[symbol] = (i, k)
        return tape_id(i) + k

    def tape(self, symbol: str) -> Tape:
        return self.market.tape(symbol)

    def public_id(self, symbol: str, i: int) -> int:
        """The public id of trade ``i`` of ``symbol``'s tape: the recorded id of a replayed symbol."""
        tape = self.tape(symbol)
        return tape.trade_id(i) if isinstance(tape, ReplayTape) else tape_id(i)

    def _index(self, symbol: str, trade_id: int) -> int:
        """The tape index of public id ``trade_id`` (the first at or after it)."""
        tape = self.tape(symbol)
        if isinstance(tape, ReplayTape):
            return tape.first_id_at_or_after(trade_id)
        return max(0, trade_id // ID_SLOTS - 1)

    def _tape_trade(self, symbol: str, tape: Tape, i: int) -> PublicTrade:
        c = tape.contract
        return PublicTrade(self.public_id(symbol, i), c.price(tape.price(i)), c.qty(tape.qty(i)), tape.time(i),
                           tape.buyer_maker(i))

    def trades(self, symbol: str, now: int, limit: int, from_id: int | None = None, start: int | None = None,
               end: int | None = None) -> list[PublicTrade]:
        """Public trades, ascending: from `from_id` or `start` on (the first `limit`), else the latest `limit`
        up to `end` (default now)."""
        tape = self.tape(symbol)
        count = tape.count(now if end is None else min(end, now))
        if from_id is not None:
            a = self._index(symbol, from_id)
        elif start is not None:
            a = tape.first_at_or_after(start)
        else:
            a = max(0, count - limit)
        b = min(count, a + limit) if from_id is not None or start is not None else count
        low = tape_id(a - 1) if from_id is None and start is None else 0
        high = tape_id(b) if b < tape.count(now) else None
        rows = [self._tape_trade(symbol, tape, i) for i in range(a, b)]
        if not isinstance(tape, ReplayTape):  # a replayed tape is the recording's: users' fills are their own
            rows += [PublicTrade(t.id, t.price, t.qty, t.time, t.buyer_maker) for t in self.engine.trades[symbol]
                     if t.id > low and (high is None or t.id < high)]
        rows = [t for t in rows if (from_id is None or t.id >= from_id) and (start is None or t.time >= start)
                and (end is None or t.time <= end)]
        rows.sort(key=lambda t: t.id)
        return rows[:limit] if from_id is not None or start is not None else rows[-limit:]

    def window(self, symbol: str, start: int, now: int) -> Window:
        """Statistics of the tape trades in [start, now]; the last trade before it when there is none."""
        tape = self.tape(symbol)
        c = tape.contract
        b = tape.count(now)
        a = tape.first_at_or_after(start)
        if a >= b:
            p = c.price(tape.price(b - 1))
            return Window(p, p, p, p, D(0), D(0), D(0), -1, -1, 0)
        o, h, lo, last, volume, quote = tape.stats(a, b)
        return Window(c.price(o), c.price(h), c.price(lo), c.price(last), c.qty(tape.qty(b - 1)), c.qty(volume),
                      D(quote).scaleb(-(c.price_precision + c.quantity_precision)), self.public_id(symbol, a),
                      self.public_id(symbol, b - 1), b - a)

    def kline(self, symbol: str, interval: str, open_time: int, now: int) -> Kline:
        """The candle of `interval` opening at `open_time`, up to `now`."""
        tape = self.tape(symbol)
        c = tape.contract
        close = candle_close(interval, open_time)
        w = self.window(symbol, open_time, min(close - 1, now))
        a, b = tape.first_at_or_after(open_time), tape.count(min(close - 1, now))
        buy_volume, buy_quote = tape.taker_buys(a, b) if a < b else (0, 0)
        scale = -(c.price_precision + c.quantity_precision)
        return Kline(open_time, close - 1, w, c.qty(buy_volume), D(buy_quote).scaleb(scale))

    def klines(self, symbol: str, interval: str, start: int | None, end: int | None, limit: int,
               now: int) -> list[Kline]:
        """Candles opening within [start, end] (default: the latest `limit` up to now), ascending."""
        tape = self.tape(symbol)
        opens = candle_opens(interval, tape.origin_ms, start, end, limit, now)
        return [self.kline(symbol, interval, t, now) for t in opens]
