"""The house: a market's other participants on an engine's book, driven by the deterministic tape.

When the clock passes tape trade i, the tape's aggressor trades against the book at the tape price (an IOC
of the tape size: a user resting at a better price fills first, as maker at the user's price; at the tape
price the queue ahead is consumed first); then the house re-quotes its ladder, `market.book` at that trade:
a level it no longer quotes is cancelled, a level whose size shrinks keeps its queue place (cut from the
back), extra size joins the back, and a quote placed through a resting user order fills it (the user is maker
at the user's price). Catch-up is lazy (`catch_up` before the book is read or written) and bounded: after a
long gap only the last `CATCH_UP` trades play, and a book without user orders jumps to the latest ladder.

A book whose grid is coarser than the tape's (a futures contract's 0.10 tick on a spot tape of 0.01) gets
`grid`: symbol -> (tick, step); quotes then round away from the touch (bids down, asks up), sizes down to the
step, and levels that land on one price merge.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING

from tradewire.sim.engine import ZERO, Engine, Order
from tradewire.sim.market import Market
from tradewire.sim.tape import Tape

if TYPE_CHECKING:
    from tradewire.sim.bingx.contracts import Contract

HOUSE_LEVELS = 100  # quoted levels per side
CATCH_UP = 100  # tape trades played at most per catch-up


def _on(value: Decimal, unit: Decimal, rounding: str) -> Decimal:
    """`value` rounded to a multiple of `unit`."""
    return (value / unit).to_integral_value(rounding) * unit


class House:
    """The house of one engine (its `house` uid) over the tapes of `market`, one book per symbol."""

    def __init__(self, engine: Engine, market: Market | None, levels: int = HOUSE_LEVELS, catch_up: int = CATCH_UP,
                 grid: Callable[[str], tuple[Decimal, Decimal]] | None = None) -> None:
        assert engine.house, "the engine needs a house uid"
        self.engine = engine
        self.market = market
        self.levels = levels
        self.limit = catch_up
        self.grid = grid
        self.done: dict[str, int] = {}  # symbol -> index of the last tape trade played (or playing)
        self.quotes: dict[tuple[str, str], dict[Decimal, list[Order]]] = {}  # (symbol, side) -> price -> queue

    def catch_up(self, symbol: str, now: int) -> None:
        """Play the tape trades of `symbol` printed up to `now` that the book has not seen yet."""
        assert self.market is not None, "a house without a market plays recordings only"
        with self.engine.lock:
            tape = self.market.tape(symbol)
            last = tape.count(now) - 1
            done = self.done.get(symbol)
            if done is not None and last <= done:
                return
            if done is None or not self._users_resting(symbol):
                self._quote(symbol, tape, last)
            else:
                for i in range(max(done + 1, last - self.limit + 1), last + 1):
                    self.done[symbol] = i  # the fills it makes belong to trade i
                    self._aggress(symbol, tape, i)
                    self._quote(symbol, tape, i)
            self.done[symbol] = last
            self.engine.last_trade(symbol, self._price(symbol, tape.contract.price(tape.price(last))))

    def _users_resting(self, symbol: str) -> bool:
        book = self.engine.books[symbol]
        house = self.engine.house
        return any(o.uid != house for side in (book.bids, book.asks) for q in side.levels.values() for o in q)

    def _aggress(self, symbol: str, tape: Tape, i: int) -> None:
        c = tape.contract
        side = "SELL" if tape.buyer_maker(i) else "BUY"
        qty = self._qty(symbol, c.qty(tape.qty(i)))
        if qty:
            self.engine.house_order(symbol, side, self._price(symbol, c.price(tape.price(i))), qty, tif="IOC")

    def _price(self, symbol: str, price: Decimal, rounding: str = ROUND_HALF_EVEN) -> Decimal:
        return _on(price, self.grid(symbol)[0], rounding) if self.grid is not None else price

    def _qty(self, symbol: str, qty: Decimal) -> Decimal:
        return _on(qty, self.grid(symbol)[1], ROUND_DOWN) if self.grid is not None else qty

    def _levels(self, symbol: str, levels: list[tuple[int, int]], c: Contract, rounding: str) -> list[
            tuple[Decimal, Decimal]]:
        """The ladder of one side on this book's grid, best first."""
        merged: dict[Decimal, Decimal] = {}
        for p, q in levels:
            price = self._price(symbol, c.price(p), rounding)
            merged[price] = merged.get(price, ZERO) + c.qty(q)
        out = [(p, self._qty(symbol, q)) for p, q in merged.items()]
        return [(p, q) for p, q in out if q]

    def _quote(self, symbol: str, tape: Tape, i: int) -> None:
        assert self.market is not None
        self.requote(symbol, tape.contract, *self.market.book(symbol, tape.time(i), self.levels))

    def requote(self, symbol: str, c: Contract, bids: list[tuple[int, int]], asks: list[tuple[int, int]]) -> None:
        """Make the house's quotes the ladder ``bids``/``asks`` ((price ticks, size steps), best first)."""
        ladder = {"BUY": self._levels(symbol, bids, c, ROUND_FLOOR),
                  "SELL": self._levels(symbol, asks, c, ROUND_CEILING)}
        for side, levels in ladder.items():  # first drop what is no longer quoted, so no quote meets the house
            quotes = self.quotes.setdefault((symbol, side), {})
            keep = {p for p, _ in levels}
            for price in [p for p in quotes if p not in keep]:
                for o in quotes.pop(price):
                    if o.open:
                        self.engine.resize(o, ZERO)
        for side, levels in ladder.items():
            quotes = self.quotes[(symbol, side)]
            for price, want in levels:
                queue = [o for o in quotes.get(price, ()) if o.open]
                have = sum((o.remaining for o in queue), ZERO)
                while have > want:  # cut from the back: the front keeps its place
                    o = queue[-1]
                    cut = min(o.remaining, have - want)
                    self.engine.resize(o, o.remaining - cut)
                    have -= cut
                    if not o.open:
                        queue.pop()
                if have < want:
                    o = self.engine.house_order(symbol, side, price, want - have)
                    if o.open:
                        queue.append(o)
                if queue:
                    quotes[price] = queue
                else:
                    quotes.pop(price, None)
