"""BingX perpetual queries beyond the basic ones: full order list, one open order, liquidation orders, paged
fills, position history, isolated-margin changes and maintenance-margin tiers, all read from `PerpEngine`."""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.liquidation import CLIENT_ID as LIQUIDATION
from tradewire.sim.bingx.perp import MAINTENANCE_RATE
from tradewire.sim.bingx.perp_engine import SwapFill, SwapOrder
from tradewire.sim.bingx.position_history import records
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.swap_extras import extras
from tradewire.sim.bingx.swap_trade_api import _swap_json
from tradewire.sim.bingx.trading import Trading, settled, swap_symbol
from tradewire.sim.jsonenc import Json

DAY = 86_400_000
ZERO = Decimal(0)
ORDER_GONE = 109421  # "The specified order does not exist" (swap-trade api-reference, error codes)


def _sweep(call: Call) -> Trading:
    t = settled(call.state, call.now)
    t.perp.sweep(call.now)
    return t


def _page(call: Call, rows: list[Json], *, size_default: int, size_max: int) -> list[Json]:
    """Page `pageIndex` (from 1) of `pageSize` rows (`size_default` when absent, at most `size_max`)."""
    index = call.params.integer("pageIndex", default=1, low=1) or 1
    size = call.params.integer("pageSize", low=1, high=size_max) or size_default
    return rows[(index - 1) * size:index * size]


def _ts_range(call: Call, start_name: str, end_name: str, max_days: int) -> tuple[int, int]:
    p = call.params
    start, end = p.integer(start_name, low=0), p.integer(end_name, low=0)
    if start is None or end is None:
        raise p.fail(f"{start_name} and {end_name} are required")
    if end < start:
        raise p.fail(f"{start_name} is later than {end_name}")
    if end - start > max_days * DAY:
        raise p.fail(f"the time range must not exceed {max_days} days")
    return start, end


def _orders(call: Call, t: Trading, symbol: str | None) -> list[SwapOrder]:
    start, end = call.params.time_range()
    after = call.params.text("orderId")
    return [o for o in t.perp.orders.values() if o.uid == call.uid and symbol in (None, o.symbol)
            and (start is None or o.time >= start) and (end is None or o.time <= end)
            and (after is None or int(o.id) >= int(after))]


def full_order(call: Call) -> Reply:
    """GET /openApi/swap/v1/trade/fullOrder: every order (open, filled, cancelled), oldest first, the last
    `limit`; `orderId` returns that order and the later ones."""
    t = _sweep(call)
    symbol = swap_symbol(call, required=False)
    after = call.params.text("orderId")
    if after is not None and not after.isdigit():
        raise call.params.fail("orderId must be an integer")
    limit = call.params.integer("limit", default=500, low=1, high=1000) or 500
    rows: list[Json] = [_swap_json(o) for o in _orders(call, t, symbol)[-limit:]]
    return ok({"orders": rows})


def open_order(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/openOrder: one order while it is NEW or PARTIALLY_FILLED, as `data.order`."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    assert symbol is not None
    order_id, cid = call.params.text("orderId"), call.params.text("clientOrderId")
    if order_id is None and cid is None:
        raise call.params.fail("orderId or clientOrderId is required")
    try:
        order = t.perp.find(call.uid, symbol, order_id, cid)
    except ApiError:
        order = None
    if order is None or order.status not in ("NEW", "PARTIALLY_FILLED"):
        raise ApiError(ORDER_GONE, "order not exist or not open")
    return ok({"order": _swap_json(order)})


def force_orders(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/forceOrders: the liquidation orders (`autoCloseType` LIQUIDATION; the
    simulator never auto-deleverages, so ADL finds none), newest first, at most `limit` (default 50)."""
    t = _sweep(call)
    symbol = swap_symbol(call, required=False)
    kind = call.params.enum("autoCloseType", ("LIQUIDATION", "ADL"))
    call.params.enum("currency", ("USDT", "USDC"))
    limit = call.params.integer("limit", default=50, low=1, high=100) or 50
    rows: list[Json] = [_swap_json(o) for o in reversed(_orders(call, t, symbol))
                        if o.client_id == LIQUIDATION and kind in (None, "LIQUIDATION")]
    return ok({"orders": rows[:limit]})


def _fill_json(f: SwapFill) -> dict[str, Json]:
    return {"tradeId": f.trade_id, "symbol": f.order.symbol, "orderId": f.order.id, "side": f.order.side,
            "positionSide": f.order.position_side, "price": fmt(f.price), "qty": fmt(f.qty),
            "quoteQty": fmt(f.price * f.qty), "realizedPnl": fmt(f.pnl), "commission": fmt(-f.fee),
            "commissionAsset": "USDT", "currency": "USDT", "time": f.time}


def fill_history(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/fillHistory: fills of one symbol in [startTs, endTs] after `lastFillId`,
    paged (pageSize default 50, at most 1000)."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    start, end = _ts_range(call, "startTs", "endTs", 90)
    call.params.enum("currency", ("USDT", "USDC"))
    order_id = call.params.text("orderId")
    last = call.params.integer("lastFillId", default=0, low=0) or 0
    rows: list[Json] = [_fill_json(f) for i, f in enumerate(t.perp.fills, 1)
                        if f.order.uid == call.uid and f.order.symbol == symbol and start <= f.time <= end
                        and order_id in (None, f.order.id) and i > last]
    return ok({"fill_orders": _page(call, rows, size_default=50, size_max=1000)})


def position_history(call: Call) -> Reply:
    """GET /openApi/swap/v1/trade/positionHistory: positions of one symbol open in [startTs, endTs] (3 months
    at most), paged. **CONFLICT**: the api-reference names `total`/`list`, the live server (ccxt's capture)
    `positionHistory`: both are sent."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    start, end = _ts_range(call, "startTs", "endTs", 90)
    call.params.enum("currency", ("USDT", "USDC"))
    wanted = call.params.text("positionId")
    funding = t.state.book.income.get(call.uid, [])
    rows: list[Json] = []
    for r in records(call.state, call.uid):
        if r.symbol != symbol or wanted not in (None, r.position_id) or r.open_time > end or (
                r.close_time is not None and r.close_time < start):
            continue
        paid = sum((x.income for x in funding if x.symbol == r.symbol and x.income_type == "FUNDING_FEE"
                    and r.open_time <= x.time <= (r.close_time or call.now)), ZERO)
        rows.append({"positionId": r.position_id, "symbol": r.symbol, "isolated": r.isolated,
                     "positionSide": r.side, "openTime": r.open_time, "updateTime": r.update_time,
                     "avgPrice": fmt(r.avg_price.normalize()), "avgClosePrice": fmt(r.avg_close_price.normalize()),
                     "realisedProfit": fmt(r.pnl), "netProfit": fmt(r.pnl + r.fee + paid),
                     "positionAmt": fmt(r.opened), "closePositionAmt": fmt(r.closed), "leverage": r.leverage,
                     "closeAllPositions": r.close_time is not None, "positionCommission": fmt(r.fee),
                     "totalFunding": fmt(paid)})
    page = _page(call, rows, size_default=1000, size_max=100)  # "max 100, default 1000" (api-reference)
    return ok({"total": len(rows), "list": page, "positionHistory": page})


def margin_history(call: Call) -> Reply:
    """GET /openApi/swap/v1/positionMargin/history: the isolated-margin changes of one position, newest first,
    paged (pageSize at most 100)."""
    _sweep(call)
    symbol = swap_symbol(call)
    position_id = call.params.require("positionId")
    start, end = call.params.time_range()
    if start is None or end is None:
        raise call.params.fail("startTime and endTime are required")
    call.params.integer("pageIndex", low=1)
    call.params.integer("pageSize", low=1, high=100)
    rows: list[Json] = [
        {"symbol": c.symbol, "positionId": c.position_id, "changeReason": c.type, "marginChange": fmt(c.amount),
         "type": c.type, "asset": "USDT", "time": c.time}
        for c in reversed(extras(call.state).margin_changes.get(call.uid, []))
        if c.symbol == symbol and c.position_id == position_id and start <= c.time <= end]
    return ok({"total": len(rows), "list": _page(call, rows, size_default=20, size_max=100)})


def maint_margin_ratio(call: Call) -> Reply:
    """GET /openApi/swap/v1/maintMarginRatio: the tiers of one contract. The simulator liquidates at one rate
    (`perp.MAINTENANCE_RATE`) up to the contract's largest position, so it has one tier. **CONFLICT**: the
    api-reference prints `data.tiers`, the live server (ccxt's capture) a bare list: the list is sent."""
    symbol = swap_symbol(call)
    assert symbol is not None
    top = call.state.market.contracts[symbol].max_leverage
    return ok([{"tier": "Tier 1", "symbol": symbol, "minPositionVal": "0", "maxPositionVal": "10000000",
                "maintMarginRatio": format(MAINTENANCE_RATE.quantize(Decimal("0.000001")), "f"),
                "maintAmount": "0.000000", "maxLeverage": top}])
