"""Refusals of the perpetual account that depend on positions: closing sizes, reduce-only, margin mode."""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx.accounts import Position
from tradewire.sim.bingx.errors import ApiError

REDUCE_ONLY = 101290
HEDGE_REDUCE_ONLY = 109400
NO_POSITION = 101205
CLOSE_TOO_LARGE = 110203
MARGIN_TYPE_LOCKED = 80001
SEPARATE_ONE_WAY = 104108


def check_close(pos: Position | None, position_side: str, hedge_close: bool, reduce_only: bool,
                qty: Decimal) -> None:
    """Refuse an order that would reduce more than there is, as the venue does.

    reduceOnly "is not accepted for both long and short position mode" (bingx-skills/swap-trade/
    api-reference.md): in hedge mode it is a parameter error (109400); ccxt drops it there. In one-way
    mode a reduce-only order larger than the position is 101290. A hedge-mode close (SELL LONG, BUY SHORT)
    needs a position (101205) and may not exceed it (110203, "Available amount for closing is insufficient",
    references/error-codes.md): the excess would otherwise open the other side."""
    if reduce_only and position_side != "BOTH":
        raise ApiError(HEDGE_REDUCE_ONLY, "reduceOnly is not accepted in hedge (dual-side) position mode")
    if reduce_only and (pos is None or qty > pos.amount):
        raise ApiError(REDUCE_ONLY, "Reduce Only order can only decrease your position")
    if hedge_close and pos is None:
        raise ApiError(NO_POSITION, "No position to close")
    if hedge_close and pos is not None and qty > pos.amount:
        raise ApiError(CLOSE_TOO_LARGE, f"Available amount for closing is insufficient: {pos.amount}")


def check_margin_type(kind: str, current: str, has_position: bool, has_orders: bool, hedge: bool) -> None:
    """Refuse a margin-mode switch with a position or open orders on the contract: 80001 "account has
    positions or pending orders" (bingx.md, the swap 80001 messages); SEPARATE_ISOLATED needs hedge mode
    (104108, references/error-codes.md). Setting the current mode again is accepted."""
    if kind == "SEPARATE_ISOLATED" and not hedge:
        raise ApiError(SEPARATE_ONE_WAY, "One-way position mode does not support separate isolated margin mode")
    if kind != current and (has_position or has_orders):
        raise ApiError(MARGIN_TYPE_LOCKED, "account has positions or pending orders")
