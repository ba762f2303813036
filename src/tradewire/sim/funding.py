"""Funding of a perpetual, the same on every venue: at each funding time a position pays or receives its
notional at the mark times the rate (longs pay shorts when the rate is positive).

The fee is rounded half-even to 1E-8 explicitly, never by the calling thread's decimal context: a client
library in the same process may change that context (ccxt sets ROUND_HALF_UP on the thread that uses it)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

FEE_QUANTUM = Decimal("1E-8")


def funding_fee(amount: Decimal, mark: Decimal, rate: Decimal, long: bool) -> Decimal:
    """What the holder of `amount` (unsigned) receives; negative: what it pays."""
    fee = (amount * mark * rate).quantize(FEE_QUANTUM, rounding=ROUND_HALF_EVEN)
    return -fee if long else fee
