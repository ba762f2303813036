"""Lazy settlement of the perpetual accounts: funding at each funding time passed, then liquidations.

Called under the state lock before a swap request is answered and on each websocket push round, so a
test that moves the clock sees every settlement the jump passed, in time order."""

from __future__ import annotations

from tradewire.sim.bingx import funding, liquidation
from tradewire.sim.bingx.perp_engine import PerpEngine


def catch_up(engine: PerpEngine, now: int) -> None:
    """Settle what is due up to ``now``: at each funding time, liquidations at that mark, then funding."""
    if now < engine.state.market.next_funding_time(engine.funded_until):  # no funding time since: O(1)
        liquidation.sweep(engine, now)
        return
    for at in engine.state.market.funding_times(engine.funded_until + 1, now):
        liquidation.sweep(engine, at)
        funding.settle(engine, at)
        engine.funded_until = at
    liquidation.sweep(engine, now)
