"""Choosing a stretch of the simulator's tape where the price moves, instead of assuming it moves.

The tape is a seeded walk whose origin and anchor follow the wall-clock start, so what happens in the next
funding period depends on when the test runs: a test that needs a move finds one on the tape first."""

from __future__ import annotations

from decimal import Decimal as D

from tradewire.sim import Simulator
from tradewire.sim.tape import SPACING_MS

EIGHT_HOURS = 8 * 3_600_000
PERIODS = 30  # funding periods searched at most (ten days of tape)


def mark(sim: Simulator, symbol: str, at: int) -> D:
    return sim.state.market.mark_price(symbol, at)


def moving_period(sim: Simulator, symbol: str, move: D, lead_ms: int, tail_ms: int) -> tuple[int, int, str]:
    """The first funding period from the next one on whose mark, after ``lead_ms`` and before the last
    ``tail_ms``, moves ``move`` (a fraction) away from its price 1 s into the period: (that time, the first
    tape time it is reached, "up" or "down"). Bounded: at most `PERIODS` periods, one read per tape trade."""
    first = sim.state.market.next_funding_time(sim.clock.now_ms())
    for k in range(PERIODS):
        start = first + k * EIGHT_HOURS + 1000
        p0 = mark(sim, symbol, start)
        up, down = p0 * (1 + move), p0 * (1 - move)
        for t in range(start + lead_ms, start + EIGHT_HOURS - 1000 - tail_ms, SPACING_MS):
            price = mark(sim, symbol, t)
            if price >= up or price <= down:
                return start, t, "up" if price >= up else "down"
    raise AssertionError(f"the {symbol} tape did not move {move} within a funding period in {PERIODS} periods")
