"""Binance spot symbols replayed from a recording (`Simulator(replay=...)`): the recorded trades are the public
tape and the recorded book is the house's ladder on the spot engine.

`SpotReplay.catch_up` (before a request reads or writes a replayed symbol, and at each stream flush) moves the
symbol to the clock: the `ReplayHouse` quotes the recorded book, or plays every recorded step and trade in order
while a user order rests (a recorded trade is the house's IOC at the recorded price and size: a user resting at a
better price, or ahead in the queue, fills first as maker, the house's rules); then the recorded trades printed
by then join the engine's public trades (`engine.trades`, recorded id, price, size, maker side and time) and go to
the market listeners: REST trades, aggTrades, klines, 24 h tickers and the trade, aggTrade, kline and ticker
streams serve them like any trade. The public tape of a replayed symbol is the recording's only: a user's fill
against the house is the user's (order, myTrades, executionReport), not printed a second time beside the recorded
trade that caused it (`public`). Trades recorded before the replay's start are history (klines, 24 h), never
pushed. The house trades under its own uid (`REPLAY_HOUSE`), with its own balances, no fee and no events.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from decimal import Decimal

from tradewire.sim.engine import FREE, Engine, Event, Trade
from tradewire.sim.replay import RecordedBooks, ReplayHouse
from tradewire.sim.replay_data import NS_PER_MS, SymbolRecording
from tradewire.sim.spot_settlement import SpotSettlement

REPLAY_HOUSE = "replay"
HOUSE_FUNDS = Decimal(10) ** 12  # per asset: the recorded market never runs out


def trade_id(rec: SymbolRecording, i: int) -> int:
    """The recorded id of trade ``i`` (its position, from 1, when the venue's id is not a number)."""
    text = rec.trade_id[i]
    return int(text) if text.isdigit() else i + 1


class SpotReplay:
    """The replayed symbols of one Binance spot engine (see the module)."""

    def __init__(self, engine: Engine, books: RecordedBooks, emit: Callable[[Event], None]) -> None:
        """``emit``: the market listeners (the streams) of the exchange."""
        self.engine = engine
        self.books = books
        self.emit = emit
        engine.house = REPLAY_HOUSE
        assert isinstance(engine.settlement, SpotSettlement)
        engine.settlement.house = REPLAY_HOUSE
        self.house = ReplayHouse(engine, None, books.symbols)
        self._printed: dict[str, int] = {}
        start = (books.start + 1) * NS_PER_MS - 1
        for symbol, rec in books.symbols.items():
            pair = engine.books[symbol].pair
            for asset in (pair.base, pair.quote):
                engine.ledger.seed(REPLAY_HOUSE, FREE, asset, HOUSE_FUNDS)
            engine.trades[symbol] = []
            self._printed[symbol] = 0
            self._print(symbol, rec, bisect_right(rec.trade_ns, start), emit=False)

    def __contains__(self, symbol: object) -> bool:
        return symbol in self.books

    def public(self, trade: Trade) -> bool:
        """Whether ``trade`` belongs on the public tape (recorded trades have no engine orders)."""
        return trade.buyer_order == 0 or trade.symbol not in self.books

    def catch_up(self, symbol: str, now: int) -> None:
        """Move ``symbol`` to ``now`` (ms): the house's book, user fills, then the public tape."""
        rec = self.books.symbols.get(symbol)
        if rec is None:
            return
        with self.engine.lock:
            self.house.catch_up(symbol, now)
            self._print(symbol, rec, bisect_right(rec.trade_ns, (now + 1) * NS_PER_MS - 1), emit=True)

    def _print(self, symbol: str, rec: SymbolRecording, end: int, emit: bool) -> None:
        tape = self.engine.trades[symbol]
        if len(tape) != self._printed[symbol]:  # users' fills since: theirs only
            tape[:] = [t for t in tape if t.buyer_order == 0]
        c = rec.contract
        for i in range(self._printed[symbol], end):
            trade = Trade(symbol, trade_id(rec, i), c.price(rec.trade_price[i]), c.qty(rec.trade_qty[i]),
                          rec.trade_sell[i], rec.trade_ns[i] // NS_PER_MS, 0, 0)
            tape.append(trade)
            if emit:
                self.emit(trade)
        self._printed[symbol] = max(self._printed[symbol], end)
