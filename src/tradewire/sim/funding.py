"""Funding of a perpetual, the same on every venue: at each funding time a position pays or receives its
notional at the mark times the rate (longs pay shorts when the rate is positive)."""

from __future__ import annotations

from decimal import Decimal

FEE_QUANTUM = Decimal("1E-8")


def funding_fee(amount: Decimal, mark: Decimal, rate: Decimal, long: bool) -> Decimal:
    """What the holder of `amount` (unsigned) receives; negative: what it pays."""
    fee = (amount * mark * rate).quantize(FEE_QUANTUM)
    return -fee if long else fee
