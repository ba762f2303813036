"""The simulator's market made of a recording (`tradewire sim --replay`): recorded books, trades and marks.

`ReplayMarket` is a `Market` whose recorded symbols read the recording instead of the synthetic tape: the trades
are the tape (`ReplayTape`: klines, 24 h statistics, last price, trade streams are built from them), the book at
an instant is the recorded book (the last snapshot and the updates after it), mark, index and funding rate are
the recorded ones. Listed symbols that were not recorded stay synthetic.

`ReplayHouse` puts that book on the engine: with no user order resting it jumps to the recorded book at the time
read; otherwise it plays every recorded instant in order (a trade first at equal times): a snapshot replaces the
house's ladder, an update sets the changed levels, and a recorded trade is the house's IOC at the recorded
price and size, so a user resting at a better price, or ahead in the queue, fills first as maker. After a gap
in the recording the book stays where it was (nothing is invented) until the next snapshot.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tradewire.sim.bingx.contracts import CONTRACTS, Contract
from tradewire.sim.engine import Engine
from tradewire.sim.events import EventHub
from tradewire.sim.house import House
from tradewire.sim.market import Market
from tradewire.sim.replay_data import NS_PER_MS, DepthStep, Recording, SymbolRecording, load, parse_time
from tradewire.sim.tape import Tape

Ladder = list[tuple[int, int]]


@dataclass(frozen=True)
class Replay:
    """What to replay: the dataset root, the clock's speed, and the range (ISO 8601 or ms; default: all)."""

    path: str | Path
    speed: float = 1.0  # float ok: not money
    start: str | int | None = None
    end: str | int | None = None

    def load(self) -> Recording:
        """The recording in range (raises `tradewire.sim.replay_data.ReplayError`)."""
        if self.speed < 0:
            raise ValueError("speed must be >= 0")
        start = parse_time(self.start) if isinstance(self.start, str) else self.start
        end = parse_time(self.end) if isinstance(self.end, str) else self.end
        return load(self.path, start, end)


class BookCursor:
    """The recorded book of one symbol, moved forward step by step (back in time: rebuilt from the start)."""

    def __init__(self, steps: list[DepthStep]) -> None:
        self.steps = steps
        self.reset()

    def reset(self) -> None:
        self.next = 0  # index of the next step to apply
        self.bids: dict[int, int] = {}
        self.asks: dict[int, int] = {}
        self.update_id: int | None = None
        self.broken = False  # a gap since the last snapshot: updates are not applied until the next one

    def apply(self, step: DepthStep) -> bool:
        """Apply one step; True when the book changed."""
        self.next += 1
        if step.kind == "gap":
            self.broken = True
            return False
        if step.kind == "snapshot":
            self.bids, self.asks = dict(step.bids), dict(step.asks)
            self.broken = False
        elif self.broken:
            return False
        else:
            for side, levels in ((self.bids, step.bids), (self.asks, step.asks)):
                for price, qty in levels:
                    if qty:
                        side[price] = qty
                    else:
                        side.pop(price, None)
        self.update_id = step.update_id
        return True

    def seek(self, ns: int) -> None:
        """Apply every step received at or before ``ns``."""
        steps = self.steps
        if self.next and steps[self.next - 1].ns > ns:
            self.reset()
        while self.next < len(steps) and steps[self.next].ns <= ns:
            self.apply(steps[self.next])

    def ladder(self, levels: int) -> tuple[Ladder, Ladder]:
        """(bids, asks) best first, at most ``levels`` per side."""
        return (sorted(self.bids.items(), reverse=True)[:levels], sorted(self.asks.items())[:levels])


def _opening(rec: SymbolRecording) -> int:
    """The price (ticks) the recording opens at: its first trade's, else its first book's best bid or ask,
    else the contract's base price."""
    if rec.trade_price:
        return rec.trade_price[0]
    for step in rec.depth:
        if step.kind == "snapshot" and (step.bids or step.asks):
            return max(p for p, _ in step.bids) if step.bids else min(p for p, _ in step.asks)
    return rec.contract.ticks(rec.contract.base_price)


class ReplayTape(Tape):
    """The recorded trades of one symbol behind the `Tape` interface (ticks, steps, ms). Before the first
    recorded trade the last price reads the opening price (`_opening`)."""

    def __init__(self, rec: SymbolRecording, origin_ms: int) -> None:  # the recording is the tape: no walk
        self.contract = rec.contract
        self.origin_ms = origin_ms
        self._rec = rec
        self._ms = [t // NS_PER_MS for t in rec.trade_ns]
        self._index = {trade_id: i for i, trade_id in enumerate(rec.trade_id)}
        self._open = _opening(rec)

    def __getstate__(self) -> dict[str, object]:
        return dict(self.__dict__)

    def count(self, t_ms: int) -> int:
        return bisect_right(self._ms, t_ms)

    def first_at_or_after(self, t_ms: int) -> int:
        return bisect_left(self._ms, t_ms)

    def time(self, i: int) -> int:
        return self._ms[i] if i >= 0 else self.origin_ms

    def trade_id(self, i: int) -> int:  # type: ignore[override]  # the recorded id, not a function of i
        text = self._rec.trade_id[i]
        return int(text) if text.isdigit() else i + 1

    def index_of(self, trade_id: int) -> int:  # type: ignore[override]
        return self._index.get(str(trade_id), trade_id - 1)

    def first_id_at_or_after(self, trade_id: int) -> int:
        """The index of the first trade whose (numeric) recorded id is ``trade_id`` or above (ids rise)."""
        ids = [self.trade_id(i) for i in range(len(self._ms))]
        return bisect_left(ids, trade_id)

    def price(self, i: int) -> int:
        return self._rec.trade_price[i] if i >= 0 else self._open

    def qty(self, i: int) -> int:
        return self._rec.trade_qty[i] if i >= 0 else 0

    def buyer_maker(self, i: int) -> bool:
        return self._rec.trade_sell[i] if i >= 0 else False

    def stats(self, a: int, b: int) -> tuple[int, int, int, int, int, int]:
        if a < 0 or a >= b:
            p = self.price(b - 1)
            return p, p, p, p, 0, 0
        prices, sizes = self._rec.trade_price[a:b], self._rec.trade_qty[a:b]
        return (prices[0], max(prices), min(prices), prices[-1], sum(sizes),
                sum(p * q for p, q in zip(prices, sizes, strict=True)))


    def taker_buys(self, a: int, b: int) -> tuple[int, int]:
        """(volume steps, sum of price*size) of the recorded trades ``a`` .. ``b - 1`` a buyer took."""
        rec = self._rec
        rows = [(p, q) for p, q, sell in zip(rec.trade_price[a:b], rec.trade_qty[a:b], rec.trade_sell[a:b],
                                             strict=True) if not sell]
        return sum(q for _, q in rows), sum(p * q for p, q in rows)


class ReplayMarket(Market):
    """A `Market` whose recorded symbols serve the recording (see the module)."""

    def __init__(self, recording: Recording, seed: int, events: EventHub,
                 contracts: dict[str, Contract] | None = None) -> None:
        super().__init__(seed, recording.start, events, contracts)
        self.recording = recording
        self._cursors = {s: BookCursor(rec.depth) for s, rec in recording.symbols.items()}
        #: topic -> the websocket frames of its recorded messages, built on first use (`bingx.replay_ws`)
        self.wire: dict[str, list[bytes | None]] = {}
        for symbol, rec in recording.symbols.items():
            self._tapes[symbol] = tape = ReplayTape(rec, self.origin_ms)
            self._published[symbol] = tape.count(recording.start)

    def recorded(self, symbol: str) -> SymbolRecording | None:
        """The recording of ``symbol`` (None: it is synthetic)."""
        return self.recording.symbols.get(symbol)

    def cursor_at(self, symbol: str, now: int) -> BookCursor:
        """The recorded book of ``symbol`` as it stood at ``now`` (ms)."""
        cursor = self._cursors[symbol]
        cursor.seek((now + 1) * NS_PER_MS - 1)
        return cursor

    def book(self, symbol: str, now: int, levels: int) -> tuple[Ladder, Ladder]:
        if symbol not in self._cursors:
            return super().book(symbol, now, levels)
        return self.cursor_at(symbol, now).ladder(levels)

    def _mark(self, symbol: str, now: int, column: int) -> Decimal | None:
        rec = self.recording.symbols.get(symbol)
        if rec is None:
            return None
        for row in reversed(rec.marks[:bisect_right(rec.marks, now, key=lambda m: m[0])]):
            value = row[column]
            if isinstance(value, Decimal):
                return value
        return None

    def mark_price(self, symbol: str, now: int) -> Decimal:
        found = self._mark(symbol, now, 1)
        return self._exact(symbol, found) if found is not None else super().mark_price(symbol, now)

    def index_price(self, symbol: str, now: int) -> Decimal:
        found = self._mark(symbol, now, 2)
        return self._exact(symbol, found) if found is not None else super().index_price(symbol, now)

    def funding_rate(self, symbol: str, settle_time: int) -> Decimal:
        found = self._mark(symbol, settle_time, 3)
        return found.normalize() if found is not None else super().funding_rate(symbol, settle_time)

    def _exact(self, symbol: str, price: Decimal) -> Decimal:
        """``price`` with the contract's decimals (the recording keeps 18), or all of its own if it has more."""
        short = price.quantize(self.contracts[symbol].tick)
        return short if short == price else price.normalize()


class ReplayHouse(House):
    """The house quoting the recorded book and printing the recorded trades (see the module)."""

    def __init__(self, engine: Engine, market: Market | None, symbols: dict[str, SymbolRecording]) -> None:
        """``market``: the synthetic market of the symbols not in ``symbols`` (None: every symbol played is)."""
        super().__init__(engine, market)
        self.symbols = symbols
        self._played: dict[str, int] = {}  # symbol -> ns played up to
        self._cursors: dict[str, BookCursor] = {}

    def catch_up(self, symbol: str, now: int) -> None:
        rec = self.symbols.get(symbol)
        if rec is None:
            super().catch_up(symbol, now)
            return
        with self.engine.lock:
            until = (now + 1) * NS_PER_MS - 1
            played = self._played.get(symbol)
            if played is not None and until <= played:
                return
            cursor = self._cursors.setdefault(symbol, BookCursor(rec.depth))
            if played is None or not self._users_resting(symbol):
                cursor.seek(until)
                self.requote(symbol, rec.contract, *cursor.ladder(self.levels))
            else:
                self._play(symbol, rec, cursor, played, until)
            self._played[symbol] = until
            last = self.done[symbol] = bisect_right(rec.trade_ns, until) - 1
            if last >= 0:
                self.engine.last_trade(symbol, rec.contract.price(rec.trade_price[last]))

    def _play(self, symbol: str, rec: SymbolRecording, cursor: BookCursor, played: int, until: int) -> None:
        """Every recorded trade and book step in (played, until], in time order (a trade first at equal times)."""
        c = rec.contract
        i, end = bisect_right(rec.trade_ns, played), bisect_right(rec.trade_ns, until)
        steps = cursor.steps
        while True:
            step = steps[cursor.next] if cursor.next < len(steps) and steps[cursor.next].ns <= until else None
            if i < end and (step is None or rec.trade_ns[i] <= step.ns):
                side = "SELL" if rec.trade_sell[i] else "BUY"
                self.engine.house_order(symbol, side, c.price(rec.trade_price[i]), c.qty(rec.trade_qty[i]),
                                        tif="IOC")
                i += 1
            elif step is not None:
                if cursor.apply(step):
                    self.requote(symbol, c, *cursor.ladder(self.levels))
            else:
                return


class RecordedBooks:
    """The recorded books of one venue's replayed symbols, as REST snapshots read them at a time."""

    def __init__(self, symbols: dict[str, SymbolRecording], start: int) -> None:
        """``start``: the replay's first instant (ms)."""
        self.symbols = symbols
        self.start = start
        self._cursors = {s: BookCursor(rec.depth) for s, rec in symbols.items()}

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._cursors

    def at(self, symbol: str, now: int) -> BookCursor:
        """The cursor of ``symbol`` moved to ``now`` (ms): read it at once, under the caller's lock."""
        cursor = self._cursors[symbol]
        cursor.seek((now + 1) * NS_PER_MS - 1)
        return cursor

    def depth(self, symbol: str, now: int, limit: int) -> tuple[int, list[tuple[Decimal, Decimal]],
                                                                 list[tuple[Decimal, Decimal]]]:
        """(last update id, bids, asks) at ``now``, best first, ``limit`` deep: the last recorded book (the one
        before a gap, until the next snapshot)."""
        cursor = self.at(symbol, now)
        c = self.symbols[symbol].contract
        bids, asks = cursor.ladder(limit)
        return (cursor.update_id or 0, [(c.price(p), c.qty(q)) for p, q in bids],
                [(c.price(p), c.qty(q)) for p, q in asks])


def house_for(engine: Engine, market: Market) -> House:
    """The house of ``engine``: the recording's when ``market`` replays one."""
    if isinstance(market, ReplayMarket):
        return ReplayHouse(engine, market, market.recording.symbols)
    return House(engine, market)


def replay_market(replay: Replay | Recording, seed: int, events: EventHub) -> ReplayMarket:
    """The market of a replay (loading the dataset when given a `Replay`)."""
    recording = replay.load() if isinstance(replay, Replay) else replay
    return ReplayMarket(recording, seed, events, CONTRACTS)
