"""What the spot market-data endpoints and the spot websocket read: the spot book and the spot tapes.

`spot_book` is the spot engine's book (`Trading.spot`: the house's quotes from the spot tapes and the users'
resting orders), played up to the moment read; `spot_market` is the `Market` of spot tapes the house plays
(trades, candles, 24 h statistics). Nothing else reads spot market data.
"""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.trading import SPOT_CONTRACTS, trading
from tradewire.sim.market import Market

Levels = list[tuple[Decimal, Decimal]]


def spot_market(state: SimState) -> Market:
    """The spot tapes of `state` (their trades are not published on the swap event hub)."""
    return trading(state).spot_market


def spot_book(state: SimState, symbol: str, now: int, levels: int) -> tuple[int, Levels, Levels]:
    """(update id, bids, asks) of the spot book of `symbol`, `levels` deep, best first, at `now`."""
    with state.lock:
        t = trading(state)
        t.spot_catch_up(now)
        t.flush()
        return t.spot.depth(symbol, levels)


def contract(symbol: str) -> Contract:
    """The precision rules of a spot pair."""
    return SPOT_CONTRACTS[symbol]
