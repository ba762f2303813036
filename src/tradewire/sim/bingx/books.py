"""The swap book as the market-data endpoints and streams show it: the house's ladder plus resting user orders.

Levels are ``(price ticks, size steps)``, best first, like `Market.book`; reading catches the house up first.
Both forms (ticks, and the rows of text the depth endpoint sends) are built once per book change: they are
remembered with the book's update id, which every change of a level bumps (`engine.Book.touch`).
"""

from __future__ import annotations

from tradewire.sim.bingx.calls import fmt
from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.trading import trading
from tradewire.sim.jsonenc import Json

Levels = list[tuple[int, int]]


def swap_book(state: SimState, symbol: str, now: int, levels: int) -> tuple[Levels, Levels]:
    """(bids, asks) of the swap book of ``symbol`` at ``now``, ``levels`` deep (lists the caller may keep)."""
    bids, asks = _ticks(state, symbol, now, levels)
    return list(bids), list(asks)


def swap_rows(state: SimState, symbol: str, now: int, levels: int) -> tuple[list[Json], list[Json]]:
    """(bids, asks) as ``[price, quantity]`` text rows, the depth endpoint's; shared: read them, never change
    them."""
    with state.lock:
        bids, asks = _ticks(state, symbol, now, levels)
        memo = trading(state).perp.book_rows
        key = (bids, asks)  # the very lists `_ticks` remembers: equal while the book is unchanged
        rows = memo.get((symbol, levels), key)
        if rows is None:
            c = state.market.contracts[symbol]
            rows = memo.put((symbol, levels), key, ([[fmt(c.price(p)), fmt(c.qty(q))] for p, q in bids],
                                                    [[fmt(c.price(p)), fmt(c.qty(q))] for p, q in asks]))
        return rows


def _ticks(state: SimState, symbol: str, now: int, levels: int) -> tuple[Levels, Levels]:
    with state.lock:
        perp = trading(state).perp
        perp.catch_up(symbol, now)
        book = perp.matching.books[symbol]
        key = (book, book.update_id)
        found = perp.book_ticks.get((symbol, levels), key)
        if found is not None:
            return found
        _, bids, asks = perp.matching.depth(symbol, levels)
        c = state.market.contracts[symbol]
        pd, qd = c.price_precision, c.quantity_precision
        return perp.book_ticks.put((symbol, levels), key, (
            [(int(p.scaleb(pd)), int(q.scaleb(qd))) for p, q in bids],
            [(int(p.scaleb(pd)), int(q.scaleb(qd))) for p, q in asks]))
