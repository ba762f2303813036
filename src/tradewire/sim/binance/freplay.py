"""Binance USD-M futures market data replayed from a recording (``market`` futures rows; `Simulator(replay=...)`).

`FuturesReplay` serves, for the recorded perpetuals: the book (``/fapi/v1/depth``, partial depth and bookTicker
streams) as recorded at the clock's time; the diff-depth stream event for event with the recorded ``U``, ``u`` and
``pu`` (the recorded ``pu``; the previous pushed ``u`` when none was recorded), nothing from a gap to the next
recorded snapshot (the client's ``pu`` check sends it to REST depth, which serves that snapshot); the recorded
mark price, index price, funding rate and next funding time (premiumIndex, markPrice stream). Trades, klines and
tickers stay the futures' own (they follow the spot tape), and orders on a replayed perpetual are not played
against the recording.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from typing import Any

from tradewire.sim.replay import BookCursor, Ladder, RecordedBooks
from tradewire.sim.replay_data import NS_PER_MS, SymbolRecording

Mark = tuple[Decimal | None, Decimal | None, Decimal | None, int | None]


def _until(now: int) -> int:
    return (now + 1) * NS_PER_MS - 1


class FuturesReplay:
    """The recorded USD-M perpetuals of a replay (see the module)."""

    def __init__(self, symbols: dict[str, SymbolRecording], start: int) -> None:
        """``start``: the replay's first instant (ms): the streams push what was recorded after it."""
        self.symbols = symbols
        self.books = RecordedBooks(symbols, start)
        self._streamed: dict[str, BookCursor] = {}
        self._last_u: dict[str, int] = {}
        for symbol, rec in symbols.items():
            cursor = self._streamed[symbol] = BookCursor(rec.depth)
            cursor.seek(_until(start))

    def __contains__(self, symbol: object) -> bool:
        return symbol in self.symbols

    def depth(self, symbol: str, now: int, limit: int) -> tuple[int, list[tuple[Decimal, Decimal]],
                                                                 list[tuple[Decimal, Decimal]]]:
        """(last update id, bids, asks) as recorded at ``now``, ``limit`` deep."""
        return self.books.depth(symbol, now, limit)

    def ladder(self, symbol: str, now: int, levels: int) -> tuple[Ladder, Ladder]:
        """The recorded book at ``now`` in ticks and steps, best first."""
        return self.books.at(symbol, now).ladder(levels)

    def diffs(self, symbol: str, now: int) -> list[dict[str, Any]]:
        """The recorded diff-depth events up to ``now`` not returned before, as the venue sent them."""
        rec, cursor = self.symbols[symbol], self._streamed[symbol]
        c, out = rec.contract, []
        while cursor.next < len(cursor.steps) and cursor.steps[cursor.next].ns <= _until(now):
            step = cursor.steps[cursor.next]
            if not cursor.apply(step) or step.kind != "update":
                continue
            u = step.update_id if step.update_id is not None else cursor.next
            prev = step.prev_id if step.prev_id is not None else self._last_u.get(symbol, u - 1)
            self._last_u[symbol] = u
            out.append({"e": "depthUpdate", "E": step.time, "T": step.time, "s": symbol,
                        "U": step.first_id if step.first_id is not None else u, "u": u, "pu": prev,
                        "b": [[_text(p, c.price_precision), _text(q, c.quantity_precision)] for p, q in step.bids],
                        "a": [[_text(p, c.price_precision), _text(q, c.quantity_precision)] for p, q in step.asks]})
        return out

    def mark(self, symbol: str, now: int) -> Mark | None:
        """(mark, index, funding rate, next funding time) of the last recorded mark row at ``now``, each the last
        one sent (None: nothing recorded by then)."""
        rows = self.symbols[symbol].marks[:bisect_right(self.symbols[symbol].marks, now, key=lambda m: m[0])]
        if not rows:
            return None
        found: list[Any] = [None, None, None, None]
        for row in reversed(rows):
            for i, value in enumerate(row[1:]):
                if found[i] is None and value is not None:
                    found[i] = value
            if all(f is not None for f in found):
                break
        return found[0], found[1], found[2], found[3]


def _text(units: int, places: int) -> str:
    whole, frac = divmod(units, 10**places)
    return f"{whole}.{frac:0{places}d}" if places else str(units)
