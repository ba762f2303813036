"""The swap book as the market-data endpoints and streams show it: the house's ladder plus resting user orders.

Levels are ``(price ticks, size steps)``, best first, like `Market.book`; reading catches the house up first.
"""

from __future__ import annotations

from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.trading import trading

Levels = list[tuple[int, int]]


def swap_book(state: SimState, symbol: str, now: int, levels: int) -> tuple[Levels, Levels]:
    """(bids, asks) of the swap book of ``symbol`` at ``now``, ``levels`` deep."""
    with state.lock:
        perp = trading(state).perp
        perp.catch_up(symbol, now)
        _, bids, asks = perp.matching.depth(symbol, levels)
    c = state.market.contracts[symbol]
    pd, qd = c.price_precision, c.quantity_precision
    return ([(int(p.scaleb(pd)), int(q.scaleb(qd))) for p, q in bids],
            [(int(p.scaleb(pd)), int(q.scaleb(qd))) for p, q in asks])
