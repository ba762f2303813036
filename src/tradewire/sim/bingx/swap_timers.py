"""What the perpetual account does on the simulator clock by itself, checked lazily like funding and
liquidation (before each swap request is answered and on each websocket push round, `trading.settled`), so it
happens, and is pushed, at its own time whoever looks first:

- Cancel All After (swap-trade api-reference §7): when a user's countdown expires, every open perpetual order
  of the user is cancelled at the trigger time.
- TWAP orders (§26): a MARKET child of `amountPerOrder` every `interval` seconds while the last price is on the
  right side of `triggerPrice` (BUY at or below it, SELL at or above), until `totalAmount` is done."""

from __future__ import annotations

from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp_engine import PerpEngine
from tradewire.sim.bingx.swap_extras import Twap, extras


def fire_due(perp: PerpEngine, now: int) -> None:
    """Run the kill switches and TWAP children due by `now`, in time order."""
    ext = extras(perp.state)
    due: list[tuple[int, str, str]] = [(at, "kill", uid) for uid, at in ext.kill_at.items() if at <= now]
    for twap in ext.twaps.values():
        at = twap.next_due
        while twap.status == "Running" and at <= now and len(due) < 10_000:
            due.append((at, "twap", twap.id))
            at += twap.interval * 1000
    for at, kind, key in sorted(due):
        if kind == "kill":
            del ext.kill_at[key]
            perp.sweep(at)
            for order in perp.open_orders(key, None):
                perp.cancel(key, order.symbol, order.id, None, at)
        else:
            _child(perp, ext.twaps[key], at)


def _child(perp: PerpEngine, twap: Twap, at: int) -> None:
    """Place the TWAP child due at `at` (when the trigger price allows)."""
    if twap.status != "Running":
        return
    twap.next_due, twap.update_time = at + twap.interval * 1000, at
    perp.catch_up(twap.symbol, at)
    last = perp.state.market.last_price(twap.symbol, at)
    if (last > twap.trigger_price) if twap.side == "BUY" else (last < twap.trigger_price):
        return
    qty = min(twap.per_order, twap.total - twap.executed)
    mode = twap.position_side if perp.hedge.get(twap.uid, True) else "BOTH"
    try:
        order = perp.place(twap.uid, twap.symbol, twap.side, mode, "MARKET", qty, None, None, "GTC", "", False,
                           "MARK_PRICE", None, at)
    except ApiError:  # e.g. insufficient margin: this child is skipped, the next one tries again
        return
    twap.children.append(order.id)
    twap.executed += order.executed
    if twap.executed >= twap.total:
        twap.status = "Completed"
