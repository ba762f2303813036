"""What the spot market-data endpoints and the spot websocket read: the spot book and the spot tapes.

The two seams are `spot_book` (the spot engine's book: today `Trading.spot` with its market-maker ladder, the
house's quotes once BingX spot is on `sim/house.py`) and `spot_market` (a `Market` of spot tapes at the spot
pairs' precision: trades, candles, 24 h statistics). Point them at the shared book after that merge;
nothing else reads spot market data.
"""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.trading import SPOT_PAIRS, SPOT_START, trading
from tradewire.sim.events import EventHub
from tradewire.sim.market import Market

Levels = list[tuple[Decimal, Decimal]]
D = Decimal


def _contract(symbol: str, asset: str, step: Decimal) -> Contract:
    """What a spot tape needs of a pair: precision (0.01 ticks), start price, trade sizes (25 steps each)."""
    places = len(format(step, "f").partition(".")[2])
    return Contract(symbol, "", asset, 2, places, step, D(1), 1, SPOT_START[symbol], 25, D(0))


SPOT_CONTRACTS: dict[str, Contract] = {p.symbol: _contract(p.symbol, p.base, p.step) for p in SPOT_PAIRS}


def spot_market(state: SimState) -> Market:
    """The spot tapes of `state` (their trades are not published on the swap event hub)."""
    found = getattr(state, "_bingx_spot_market", None)
    if found is None:
        found = Market(state.seed, state.market.start_ms, EventHub())
        found.contracts = SPOT_CONTRACTS
        state._bingx_spot_market = found  # type: ignore[attr-defined]
    assert isinstance(found, Market)
    return found


def spot_book(state: SimState, symbol: str, now: int, levels: int) -> tuple[int, Levels, Levels]:
    """(update id, bids, asks) of the spot book of `symbol`, `levels` deep, best first, at `now`."""
    with state.lock:
        return trading(state).spot.depth(symbol, levels)


def contract(symbol: str) -> Contract:
    """The precision rules of a spot pair."""
    return SPOT_CONTRACTS[symbol]
