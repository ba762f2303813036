"""What the simulated Binance tape has printed by now (expected values for tests)."""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.binance.server import BinanceSim


def last_price(sim: BinanceSim, symbol: str) -> Decimal:
    """The price of the tape's latest print of `symbol` at the simulated now (the book's last price)."""
    tape = sim.exchange.tapes.tape(symbol)
    return tape.contract.price(tape.price(tape.count(sim.exchange.clock.now_ms()) - 1))


def window(sim: BinanceSim, symbol: str, start: int) -> tuple[int, int]:
    """(first, end) indexes of the tape's prints of `symbol` from `start` up to now."""
    tape = sim.exchange.tapes.tape(symbol)
    return tape.first_at_or_after(start), tape.count(sim.exchange.clock.now_ms())
