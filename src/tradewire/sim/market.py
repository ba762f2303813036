"""A synthetic, self-consistent swap market: tape, order book, candles, 24 h stats, funding, open interest.

Everything derives from the trade tapes, so lastPrice == last trade, book top brackets the last trade,
candles aggregate the same trades, and the 24 h ticker sums them. All reads take ``now`` so one response
sees one instant.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from tradewire.sim.bingx.contracts import CONTRACTS, Contract
from tradewire.sim.events import BookEvent, EventHub, TradeEvent
from tradewire.sim.tape import Tape

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR
FUNDING_PERIOD = 8 * HOUR
HISTORY = 32 * DAY
MAX_LEVELS = 1000
_MAX_EVENTS = 1000  # trade events published per advance, at most (a jump of the clock skips the rest)

INTERVALS: dict[str, int] = {
    "1m": MINUTE, "3m": 3 * MINUTE, "5m": 5 * MINUTE, "15m": 15 * MINUTE, "30m": 30 * MINUTE,
    "1h": HOUR, "2h": 2 * HOUR, "4h": 4 * HOUR, "6h": 6 * HOUR, "8h": 8 * HOUR, "12h": 12 * HOUR,
    "1d": DAY, "3d": 3 * DAY, "1w": 7 * DAY, "1M": 0,  # 1M: calendar months (UTC)
}
_SECONDS = {"1s": 1000}  # Binance's 1 s candles (BingX has none)
_WEEK_OFFSET = 4 * DAY  # the epoch was a Thursday; weeks open on Monday 00:00 UTC


@dataclass(frozen=True)
class Candle:
    """One candle; prices in ticks, volume in steps."""

    time: int
    open: int
    high: int
    low: int
    close: int
    volume: int


@dataclass(frozen=True)
class DayStats:
    """Rolling 24 h statistics ending at ``close_time``."""

    open_time: int
    close_time: int
    open: int
    high: int
    low: int
    last: int
    last_qty: int
    volume: int
    quote_volume: int  # sum of price ticks * size steps


def _hash(*parts: object) -> int:
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def candle_open(interval: str, t: int) -> int:
    """Open time of the candle of ``interval`` that contains ``t``."""
    if interval == "1M":
        d = datetime.fromtimestamp(t // 1000, UTC)
        return int(datetime(d.year, d.month, 1, tzinfo=UTC).timestamp()) * 1000
    ms = _SECONDS.get(interval) or INTERVALS[interval]
    offset = _WEEK_OFFSET if interval == "1w" else 0
    return (t - offset) // ms * ms + offset


def candle_close(interval: str, open_time: int) -> int:
    """Open time of the candle after the one opening at ``open_time``."""
    if interval == "1M":
        d = datetime.fromtimestamp(open_time // 1000, UTC)
        year, month = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
        return int(datetime(year, month, 1, tzinfo=UTC).timestamp()) * 1000
    return open_time + (_SECONDS.get(interval) or INTERVALS[interval])


def candle_opens(interval: str, origin: int, start: int | None, end: int | None, limit: int, now: int) -> list[int]:
    """Open times of the candles opening within [start, end] from ``origin`` on (default: the latest ``limit`` up
    to ``now``), ascending."""
    first = candle_open(interval, origin)
    last = candle_open(interval, now if end is None else min(end, now))
    opens: list[int] = []
    if start is not None:
        t = max(candle_open(interval, start), first)
        if t < start:
            t = candle_close(interval, t)
        while t <= last and len(opens) < limit:
            opens.append(t)
            t = candle_close(interval, t)
        return opens
    t = last
    while t >= first and len(opens) < limit:
        opens.append(t)
        t = candle_open(interval, t - 1)
    return opens[::-1]


class Market:
    """All contracts' market data. Tapes are built on first use (about 60 ms each)."""

    def __init__(self, seed: int, start_ms: int, events: EventHub,
                 contracts: dict[str, Contract] | None = None) -> None:
        self.seed = seed
        self.start_ms = start_ms
        self.origin_ms = (start_ms - HISTORY) // HOUR * HOUR
        self.contracts: dict[str, Contract] = CONTRACTS if contracts is None else contracts
        self._events = events
        self._tapes: dict[str, Tape] = {}
        self._published: dict[str, int] = {}  # trades already published, per symbol
        self._now = start_ms  # time of the latest advance
        self._last: dict[str, tuple[int, Decimal]] = {}  # symbol -> (trade index, its price)

    def tape(self, symbol: str) -> Tape:
        """The trade tape of ``symbol`` (built on first use; from then on it publishes events)."""
        tape = self._tapes.get(symbol)
        if tape is None:
            tape = Tape(self.contracts[symbol], self.seed, self.origin_ms, self.start_ms)
            self._tapes[symbol] = tape
            self._published[symbol] = tape.count(self._now)
        return tape

    def advance(self, now: int) -> None:
        """Publish the trades printed since the last call, and a book change per symbol that traded."""
        self._now = max(self._now, now)
        for symbol, tape in self._tapes.items():
            count = tape.count(now)
            done = self._published[symbol]
            if count <= done:
                continue
            contract = tape.contract
            for i in range(max(done, count - _MAX_EVENTS), count):
                self._events.publish(TradeEvent(
                    symbol, tape.trade_id(i), contract.price(tape.price(i)), contract.qty(tape.qty(i)),
                    tape.buyer_maker(i), tape.time(i),
                ))
            self._published[symbol] = count
            self._events.publish(BookEvent(symbol, tape.time(count - 1)))

    def last_index(self, symbol: str, now: int) -> int:
        """Index of the latest trade at ``now``."""
        return self.tape(symbol).count(now) - 1

    def last_price(self, symbol: str, now: int) -> Decimal:
        """Price of the latest trade (made once per trade: it is read on every account request)."""
        tape = self.tape(symbol)
        i = tape.count(now) - 1
        last = self._last.get(symbol)
        if last is None or last[0] != i:
            last = self._last[symbol] = (i, tape.contract.price(tape.price(i)))
        return last[1]

    def mark_price(self, symbol: str, now: int) -> Decimal:
        """Mark price; the simulator marks at the last trade price."""
        return self.last_price(symbol, now)

    def index_price(self, symbol: str, now: int) -> Decimal:
        """Index price: the last price minus a small deterministic premium (-3..3 ticks)."""
        tape = self.tape(symbol)
        i = tape.count(now) - 1
        premium = _hash(self.seed, symbol, "premium", i) % 7 - 3
        return tape.contract.price(tape.price(i) - premium)

    def book(self, symbol: str, now: int, levels: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(bids best first, asks best first) as (price ticks, size steps); one level per tick.

        The last trade sits on the touch: at the bid if the seller was the aggressor, else at the ask.
        """
        tape = self.tape(symbol)
        i = tape.count(now) - 1
        rng = random.Random(f"{self.seed}:{symbol}:book:{i}")
        spread = 1 + rng.getrandbits(1)
        raw = rng.randbytes(2 * MAX_LEVELS)  # level k's size byte: raw[k] (bids), raw[MAX_LEVELS + k] (asks)
        m = tape.contract.qty_multiplier * 4
        last = tape.price(i)
        bid, ask = (last, last + spread) if tape.buyer_maker(i) else (last - spread, last)
        bids = [(bid - k, (1 + raw[k] * raw[k] // 260) * m) for k in range(levels)]
        asks = [(ask + k, (1 + raw[MAX_LEVELS + k] * raw[MAX_LEVELS + k] // 260) * m) for k in range(levels)]
        return bids, asks

    def candles(
        self, symbol: str, interval: str, start: int | None, end: int | None, limit: int, now: int
    ) -> list[Candle]:
        """Candles opening within [start, end] (default: the latest ``limit`` up to ``now``), ascending."""
        tape = self.tape(symbol)
        opens = candle_opens(interval, tape.origin_ms, start, end, limit, now)
        count = tape.count(now)
        result = []
        for t in opens:
            a = tape.first_at_or_after(t)
            b = min(tape.first_at_or_after(candle_close(interval, t)), count)
            if a < b:
                o, h, lo, c, volume, _ = tape.stats(a, b)
                result.append(Candle(t, o, h, lo, c, volume))
            elif b > 0:  # no trade yet in this candle: flat at the previous price
                p = tape.price(b - 1)
                result.append(Candle(t, p, p, p, p, 0))
        return result

    def day_stats(self, symbol: str, now: int) -> DayStats:
        """Statistics of the trades in (now - 24 h, now]."""
        tape = self.tape(symbol)
        b = tape.count(now)
        a = min(tape.first_at_or_after(now - DAY + 1), b - 1)
        o, h, lo, c, volume, quote = tape.stats(a, b)
        return DayStats(now - DAY, now, o, h, lo, c, tape.qty(b - 1), volume, quote)

    def funding_rate(self, symbol: str, settle_time: int) -> Decimal:
        """Funding rate settled at ``settle_time`` (between -0.0002 and 0.0004)."""
        return Decimal(_hash(self.seed, symbol, "funding", settle_time) % 6001 - 2000).scaleb(-7)

    def funding_times(self, start: int, end: int) -> list[int]:
        """Settlement times within [start, end] since the market opened, ascending."""
        t = max(start, self.origin_ms)
        first = -(-t // FUNDING_PERIOD) * FUNDING_PERIOD
        return list(range(first, end + 1, FUNDING_PERIOD))

    @staticmethod
    def next_funding_time(now: int) -> int:
        """The next settlement after ``now`` (every 8 h from 00:00 UTC)."""
        return (now // FUNDING_PERIOD + 1) * FUNDING_PERIOD

    def open_interest(self, symbol: str, now: int) -> Decimal:
        """Open interest in coin, varying hour by hour by up to +-10 %."""
        contract = self.contracts[symbol]
        factor = Decimal(9000 + _hash(self.seed, symbol, "oi", now // HOUR) % 2001).scaleb(-4)
        return (contract.open_interest * factor).quantize(contract.step)
