"""Position history from the perpetual fills: each position from its opening fill to the fill that closed it.

The fills are replayed in order with the rule `PerpEngine._fill` applies (a fill first closes the closing side,
in one-way mode the rest opens the other side; in hedge mode a closing order never opens), starting from the
positions that existed before any fill (`SwapExtras.seeded`). A position's id is its opening order's id, as
the engine gives it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tradewire.sim.bingx.perp_engine import SwapFill
from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.swap_extras import extras
from tradewire.sim.bingx.trading import trading

ZERO = Decimal(0)


@dataclass
class PositionRecord:
    """One position's life: opened, added to, reduced, closed (`close_time` is None while open)."""

    position_id: str
    symbol: str
    side: str
    isolated: bool
    leverage: int
    open_time: int
    amount: Decimal  # what is open now
    opened: Decimal  # everything opened (the peak size when nothing was added after a reduction)
    open_cost: Decimal  # price x qty of the opening fills
    closed: Decimal = ZERO
    close_cost: Decimal = ZERO
    pnl: Decimal = ZERO
    fee: Decimal = ZERO
    update_time: int = 0
    close_time: int | None = None

    @property
    def avg_price(self) -> Decimal:
        return self.open_cost / self.opened

    @property
    def avg_close_price(self) -> Decimal:
        return self.close_cost / self.closed if self.closed else ZERO


def records(state: SimState, uid: str) -> list[PositionRecord]:
    """Every position of `uid` (open and closed) since the simulator started, in opening order."""
    perp = trading(state).perp
    out: list[PositionRecord] = []
    live: dict[tuple[str, str], PositionRecord] = {}
    for pos in extras(state).seeded.get(uid, []):
        rec = PositionRecord(pos.position_id, pos.symbol, pos.side, pos.isolated, pos.leverage, pos.open_time,
                             pos.amount, pos.amount, pos.amount * pos.avg_price, update_time=pos.open_time)
        live[(pos.symbol, pos.side)] = rec
        out.append(rec)
    for fill in perp.fills:
        if fill.order.uid == uid:
            _apply(fill, live, out, perp.get_margin_type(uid, fill.order.symbol))
    return out


def _apply(fill: SwapFill, live: dict[tuple[str, str], PositionRecord], out: list[PositionRecord],
           margin_type: str) -> None:
    order = fill.order
    closing = "SHORT" if order.side == "BUY" else "LONG"
    rec = live.get((order.symbol, closing))
    close_qty = ZERO
    if order.position_side == closing or (order.position_side == "BOTH" and rec is not None):
        if rec is None:
            return
        close_qty = min(fill.qty, rec.amount)
        share = close_qty / fill.qty
        rec.amount -= close_qty
        rec.closed += close_qty
        rec.close_cost += close_qty * fill.price
        rec.pnl += fill.pnl
        rec.fee -= fill.fee * share
        rec.update_time = fill.time
        if rec.amount == 0:
            rec.close_time = fill.time
            del live[(order.symbol, closing)]
    open_qty = ZERO if order.position_side == closing else fill.qty - close_qty
    if not open_qty:
        return
    side = "LONG" if order.side == "BUY" else "SHORT"
    cur = live.get((order.symbol, side))
    if cur is None:
        cur = PositionRecord(order.id, order.symbol, side, margin_type != "CROSSED", order.leverage, fill.time,
                             ZERO, ZERO, ZERO)
        live[(order.symbol, side)] = cur
        out.append(cur)
    cur.amount += open_qty
    cur.opened += open_qty
    cur.open_cost += open_qty * fill.price
    cur.fee -= fill.fee * open_qty / fill.qty
    cur.update_time = fill.time
