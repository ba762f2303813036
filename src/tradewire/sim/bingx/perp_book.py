"""The perpetual book: one engine book per contract for everyone, the house quoting the tape on it.

`PerpSettlement` is the engine's settlement for it: margin is reserved by `PerpEngine` when it accepts
an order, so reserving and releasing do nothing here; each fill of a user's order is settled by
`PerpEngine._fill` (fee by liquidity, position, realized PnL against the house). An order whose fill
cannot settle (it closes a position that is gone) leaves the book instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from tradewire.sim.engine import ZERO, Book, Fill, Order, Pair, Unsettled

if TYPE_CHECKING:
    from tradewire.sim.bingx.perp_engine import PerpEngine, SwapOrder


def settles(perp: PerpEngine, order: SwapOrder) -> bool:
    """Whether a fill of `order` can settle: a hedge-mode closing order needs its position."""
    closing = "SHORT" if order.side == "BUY" else "LONG"
    return order.position_side != closing or perp.position(order.uid, order.symbol, closing) is not None


class PerpSettlement:
    """Settles fills of the perpetual book through `PerpEngine` (the house's side is notional)."""

    def __init__(self, perp: PerpEngine) -> None:
        self.perp = perp

    def reserve(self, book: Book, order: Order) -> None:
        """Nothing: `PerpEngine` reserved the initial margin when it accepted the order."""

    def release(self, book: Book, order: Order, now: int) -> None:
        """Nothing: the reserve ends with the order's status."""

    def trade(self, pair: Pair, taker: Order, maker: Order, price: Decimal, qty: Decimal, trade_id: int,
              now: int) -> tuple[Fill, Fill]:
        perp = self.perp
        house = perp.matching.house
        sides = ((maker, True), (taker, False))
        for o, _ in sides:
            if o.uid != house and not settles(perp, perp.orders[o.client_id]):
                raise Unsettled(o)
        fills = []
        for o, is_maker in sides:
            done = perp._fill(perp.orders[o.client_id], price, qty, is_maker, now) if o.uid != house else None
            fills.append(Fill(price, qty, done.fee if done else ZERO, pair.quote, trade_id, is_maker))
        return fills[0], fills[1]


def contract_pairs(perp: PerpEngine) -> list[Pair]:
    """One book per listed contract."""
    return [Pair(c.symbol, c.asset, c.currency, c.step) for c in perp.state.market.contracts.values()]
