"""`POST /api/v3/orderList/oto` and `/otoco` (rest-api.md, "New Order list - OTO/OTOCO"): a working
LIMIT/LIMIT_MAKER order and a pending order, or a pending OCO pair, placed when the working order fills.

The pending OCO pair of an OTOCO is the engine's OCO: a LIMIT_MAKER leg and a STOP_LOSS(_LIMIT) leg;
TAKE_PROFIT(_LIMIT) legs are answered as unsupported, as `orderList/oco` answers them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.sim.binance import views as v
from tradewire.sim.binance.trailing import check_trailing
from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.engine import STOPS, Leg, Reject

PRICED = ("LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
TIMED = ("LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")


def _side(c: Call, name: str) -> str:
    side = c.need(name)
    if side not in ("BUY", "SELL"):
        raise ApiError(-1117, "Invalid side.")
    return side


def _qty(c: Call, name: str) -> Decimal:
    c.need(name)
    qty = c.dec(name)
    assert qty is not None
    return qty


def _leg(c: Call, symbol: str, pre: str, kind: str, side: str, qty: Decimal) -> Leg:
    """One order of the list from its `pre`-prefixed parameters, checked as a single order would be."""
    for name, needed in ((f"{pre}Price", kind in PRICED), (f"{pre}TimeInForce", kind in TIMED)):
        if needed:
            c.need(name)
        elif c.get(name) is not None:
            raise ApiError(-1106, f"Parameter '{name}' sent when not required.")
    stop, trailing = c.dec(f"{pre}StopPrice"), c.int(f"{pre}TrailingDelta")
    if kind in STOPS and stop is None and trailing is None:
        raise ApiError(-1102, f"Param '{pre}StopPrice' or '{pre}TrailingDelta' must be sent, but both were "
                              "empty/null!")
    if kind not in STOPS:
        for name in (f"{pre}StopPrice", f"{pre}TrailingDelta"):
            if c.get(name) is not None:
                raise ApiError(-1106, f"Parameter '{name}' sent when not required.")
    tif = c.get(f"{pre}TimeInForce") or "GTC"
    if tif not in ("GTC", "IOC", "FOK"):
        raise ApiError(-1115, "Invalid timeInForce.")
    price = c.dec(f"{pre}Price")
    v._check_filters(c, symbol, side, kind, qty, price, stop)
    check_trailing(c, symbol, side, kind, trailing)
    return Leg(side, kind, qty, price, stop, tif, c.get(f"{pre}ClientOrderId") or "", trailing)


def _working(c: Call, symbol: str) -> Leg:
    kind = c.need("workingType")
    if kind not in ("LIMIT", "LIMIT_MAKER"):
        raise ApiError(-1116, "Invalid orderType.")
    return _leg(c, symbol, "working", kind, _side(c, "workingSide"), _qty(c, "workingQuantity"))


def _place(c: Call, symbol: str, working: Leg, pending: list[Leg]) -> Any:
    kind = c.get("newOrderRespType") or "FULL"
    if kind not in ("ACK", "RESULT", "FULL"):
        raise ApiError(-1130, "Invalid data sent for a parameter.")
    stp = c.get("selfTradePreventionMode") or "NONE"
    if stp not in ("NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"):
        raise ApiError(-1130, "Invalid data sent for a parameter.")
    try:
        ol, placed = c.ex.engine.place_oto(c.uid, symbol, working, pending, c.get("listClientOrderId") or "", stp)
    except Reject as e:
        raise ApiError(-2010, v.REJECTS[e.reason]) from None
    return v.list_json(ol, [v.order_json(o, kind) for o in placed])


def new_oto(c: Call) -> Any:
    """A working order and one pending order of any type (rest-api.md: not a quoteOrderQty MARKET)."""
    symbol = v._symbol(c)
    working = _working(c, symbol)
    kind = c.need("pendingType")
    if kind not in v.TYPES:
        raise ApiError(-1116, "Invalid orderType.")
    pending = _leg(c, symbol, "pending", kind, _side(c, "pendingSide"), _qty(c, "pendingQuantity"))
    return _place(c, symbol, working, [pending])


def new_otoco(c: Call) -> Any:
    """A working order and a pending OCO pair (pendingAbove*, pendingBelow*)."""
    symbol = v._symbol(c)
    working = _working(c, symbol)
    side, qty = _side(c, "pendingSide"), _qty(c, "pendingQuantity")
    above, below = c.need("pendingAboveType"), c.need("pendingBelowType")
    legs = ("STOP_LOSS_LIMIT", "STOP_LOSS", "LIMIT_MAKER", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")
    if above not in legs or below not in legs:
        raise ApiError(-1116, "Invalid orderType.")
    limit_types, stop_types = ("LIMIT_MAKER", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"), ("STOP_LOSS", "STOP_LOSS_LIMIT")
    if not ((above in limit_types and below in stop_types) or (above in stop_types and below in limit_types)):
        raise ApiError(-1167, "Invalid order list: one order must be LIMIT_MAKER/TAKE_PROFIT/TAKE_PROFIT_LIMIT, "
                              "the other STOP_LOSS/STOP_LOSS_LIMIT.")
    if "TAKE_PROFIT" in above + below:
        raise ApiError(-1020, "This operation is not supported.")
    up = _leg(c, symbol, "pendingAbove", above, side, qty)
    down = _leg(c, symbol, "pendingBelow", below, side, qty)
    # the above leg's price (limit or stop) must lie above the below leg's
    hi = up.price if up.type == "LIMIT_MAKER" else up.stop_price
    lo = down.price if down.type == "LIMIT_MAKER" else down.stop_price
    if hi is not None and lo is not None and hi <= lo:
        raise ApiError(-2010, v.REJECTS["bad prices"])
    return _place(c, symbol, working, [up, down])


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("POST", "/api/v3/orderList/oto"): ("SIGNED", 1, new_oto, 2),
    ("POST", "/api/v3/orderList/otoco"): ("SIGNED", 1, new_otoco, 3),
}
