"""BingX spot trading handlers: orders over the matching engine, batch, cancel-replace and OCO."""

from __future__ import annotations

from decimal import Decimal

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.trading import (
    OCO_ID_BASE,
    POST_ONLY_TAKES,
    SPOT_CID,
    SPOT_ID_BASE,
    SPOT_ORDER_NOT_FOUND,
    SPOT_PAIRS,
    SPOT_START,
    SPOT_TICK,
    D,
    Trading,
    check_step,
    decimal_param,
    json_list,
    spot_symbol,
    sub_call,
    trading,
)
from tradewire.sim.engine import Order, OrderList, Reject
from tradewire.sim.jsonenc import Json

# --- spot ------------------------------------------------------------------------------------

SPOT_TYPES = ("MARKET", "LIMIT", "TAKE_STOP_LIMIT", "TAKE_STOP_MARKET", "TRIGGER_LIMIT", "TRIGGER_MARKET")
#: the smallest order value in USDT, as `common/symbols` publishes it (`minNotional`, spot-market api-reference)
SPOT_MIN_NOTIONAL = D(2)
_SPOT_STATUS = {"NEW": "NEW", "PARTIALLY_FILLED": "PARTIALLY_FILLED", "FILLED": "FILLED", "CANCELED": "CANCELED",
                "EXPIRED": "CANCELED", "EXPIRED_IN_MATCH": "CANCELED", "REJECTED": "FAILED"}


def _spot_order_json(t: Trading, o: Order, transact: bool = False, listed: bool = False) -> dict[str, Json]:
    """One spot order. Listed (open orders, order history) the trigger price is ``StopPrice`` with a
    capital S, as the live server sends it (ccxt captures); elsewhere ``stopPrice`` (spot-trade reference)."""
    pair = t.spot.books[o.symbol].pair
    fee = sum((f.commission for f in o.fills), D(0))
    row: dict[str, Json] = {
        "symbol": o.symbol, "orderId": int(t.spot_id(o)), "price": fmt(o.price or D(0)),
        "StopPrice" if listed else "stopPrice": fmt(o.stop_price or D(0)), "origQty": fmt(o.qty),
        "executedQty": fmt(o.executed),
        "cummulativeQuoteQty": fmt(o.cum_quote), "status": _SPOT_STATUS[o.status],
        "type": t.kinds.get(o.id, o.type), "side": o.side, "time": o.time, "updateTime": o.update_time,
        "origQuoteOrderQty": fmt(o.quote_qty or D(0)), "fee": fmt(-fee),
        "feeAsset": pair.base if o.side == "BUY" else pair.quote, "clientOrderID": o.client_id,
    }
    if transact:
        row["transactTime"] = o.update_time
    return row


def _engine_type(t: Trading, symbol: str, side: str, kind: str, stop: Decimal | None) -> str:
    """BingX trigger types as engine stops: the engine's direction follows where the stop sits."""
    if kind in ("MARKET", "LIMIT"):
        return kind
    assert stop is not None
    last = t.spot.books[symbol].last_price or SPOT_START[symbol]
    rises = stop > last
    base = "STOP_LOSS" if rises == (side == "BUY") else "TAKE_PROFIT"
    return base + ("_LIMIT" if kind.endswith("LIMIT") else "")


def _place_spot(call: Call, t: Trading, values: dict[str, str | None] | None = None) -> Order:
    p = call.params
    symbol = spot_symbol(call)
    side = p.enum("side", ("BUY", "SELL"), required=True)
    kind = p.enum("type", SPOT_TYPES, required=True)
    assert side is not None and kind is not None
    qty, quote = decimal_param(call, "quantity"), decimal_param(call, "quoteOrderQty")
    price, stop = decimal_param(call, "price"), decimal_param(call, "stopPrice")
    tif = p.enum("timeInForce", ("GTC", "IOC", "FOK", "PostOnly")) or "GTC"
    cid = p.text("newClientOrderId") or ""
    if cid and not SPOT_CID.match(cid):
        raise p.fail("newClientOrderId must be 1-40 letters, digits or _")
    if kind in ("LIMIT", "TAKE_STOP_LIMIT", "TRIGGER_LIMIT") and price is None:
        raise p.fail(f"price is required for {kind}")
    if kind not in ("MARKET", "LIMIT") and stop is None:
        raise p.fail(f"stopPrice is required for {kind}")
    if qty is None and quote is None:
        raise p.fail("quantity or quoteOrderQty is required")
    pair = t.spot.books[symbol].pair
    check_step(call, "quantity", qty, pair.step)
    check_step(call, "price", price, SPOT_TICK[symbol])
    check_step(call, "stopPrice", stop, SPOT_TICK[symbol])
    _check_notional(t, symbol, qty, quote, price if kind != "MARKET" else None, stop)
    engine_type = _engine_type(t, symbol, side, kind, stop)
    if kind == "LIMIT" and tif == "PostOnly":
        engine_type, tif = "LIMIT_MAKER", "GTC"
    if qty is not None:  # quantity wins when both are given (seed 000)
        quote = None
    elif kind == "MARKET":  # by quote amount: the engine caps the fills by quote
        qty = D(10) ** 9
    else:
        raise p.fail(f"quantity is required for {kind}")
    try:
        order = t.spot.place(call.uid, symbol, side, engine_type, qty, price=price if kind != "MARKET" else None,
                             tif=tif, stop_price=stop, quote_qty=quote if kind == "MARKET" else None,
                             client_id=cid)
    except Reject as e:
        raise _spot_reject(e) from None
    t.kinds[order.id] = kind
    return order


def _check_notional(t: Trading, symbol: str, qty: Decimal | None, quote: Decimal | None, price: Decimal | None,
                    stop: Decimal | None) -> None:
    """Refuse an order worth less than `minNotional`: its quote amount (`quoteOrderQty`, when `quantity` is not
    given), else quantity times its price, its trigger price or the last trade price. The spot reference's code for a
    parameter error is 100400 (spot-trade api-reference, error codes)."""
    if qty is None:
        assert quote is not None
        value = quote
    else:
        last = t.spot.books[symbol].last_price or t.spot_market.last_price(symbol, t.state.clock.now_ms())
        value = qty * (price or stop or last)  # the market's last trade: the tape's or a user's
    if value < SPOT_MIN_NOTIONAL:
        raise ApiError(errors.PARAM_ERROR, f"the order value {fmt(value)} USDT is below the minimum of "
                                           f"{fmt(SPOT_MIN_NOTIONAL)} USDT (minNotional)")


def _spot_reject(e: Reject) -> ApiError:
    if e.reason == "would take":
        return ApiError(POST_ONLY_TAKES, "Post Only order would match immediately, canceled")
    if e.reason == "insufficient balance":
        return ApiError(errors.INSUFFICIENT_BALANCE, "the balance is insufficient")
    if e.reason == "duplicate":
        return ApiError(109201, "The same order number is only allowed to be submitted once within 1 second.")
    return ApiError(errors.PARAM_ERROR, f"order rejected: {e.reason}")


def spot_order(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/order."""
    t = trading(call.state)
    return ok(_spot_order_json(t, _place_spot(call, t), transact=True))


def _spot_find(call: Call, t: Trading, symbol: str, id_name: str = "orderId",
               cid_name: str = "clientOrderID") -> Order:
    raw = call.params.text(id_name)
    cid = call.params.text(cid_name)
    if raw is None and cid is None:
        raise call.params.fail(f"{id_name} or {cid_name} is required")
    engine_id = int(raw) - SPOT_ID_BASE if raw and raw.isdigit() else None
    order = t.spot.find(call.uid, symbol, engine_id, None if raw else cid)
    if order is None:
        raise ApiError(SPOT_ORDER_NOT_FOUND, "order not exist")
    return order


def _spot_cancel(call: Call, t: Trading, symbol: str, id_name: str, cid_name: str) -> Order:
    order = _spot_find(call, t, symbol, id_name, cid_name)
    restriction = call.params.enum("cancelRestrictions", ("NEW", "PENDING", "PARTIALLY_FILLED"))
    status = _SPOT_STATUS[order.status]
    if restriction is not None and status != restriction and not (restriction == "PENDING" and status == "NEW"):
        raise ApiError(errors.PARAM_ERROR, f"order status {status} does not match cancelRestrictions")
    try:
        return t.spot.cancel(call.uid, symbol, order.id)
    except Reject:
        raise ApiError(SPOT_ORDER_NOT_FOUND, "order not exist") from None


def spot_cancel(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/cancel."""
    t = trading(call.state)
    return ok(_spot_order_json(t, _spot_cancel(call, t, spot_symbol(call), "orderId", "clientOrderID")))


def spot_cancel_open(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/cancelOpenOrders (every pair when `symbol` is omitted)."""
    t = trading(call.state)
    symbol = call.params.symbol()
    done = [t.spot.cancel(call.uid, o.symbol, o.id) for o in t.spot.open_orders(call.uid, symbol)]
    return ok({"orders": [_spot_order_json(t, o) for o in done]})


def spot_cancel_replace(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/order/cancelReplace."""
    t = trading(call.state)
    symbol = spot_symbol(call)
    mode = call.params.enum("cancelReplaceMode", ("STOP_ON_FAILURE", "ALLOW_FAILURE"), required=True)
    out: dict[str, Json] = {}
    try:
        out["cancelResponse"] = _spot_order_json(t, _spot_cancel(call, t, symbol, "cancelOrderId",
                                                                 "cancelClientOrderID"))
        out["cancelResult"] = "SUCCESS"
    except ApiError:
        out["cancelResult"], out["cancelResponse"] = "FAILURE", None
        if mode == "STOP_ON_FAILURE":
            out["newOrderResult"], out["newOrderResponse"] = "FAILURE", None
            return ok(out)
    try:
        out["newOrderResponse"] = _spot_order_json(t, _place_spot(call, t), transact=True)
        out["newOrderResult"] = "SUCCESS"
    except ApiError as e:
        if out["cancelResult"] == "FAILURE":
            raise
        out["newOrderResult"], out["newOrderResponse"], out["newOrderMsg"] = "FAILURE", None, e.msg
    return ok(out)


def spot_cancel_orders(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/cancelOrders: comma-separated ids; `process=1` cancels the valid ones
    and lists the rest in `fails`, `process=0` (default) cancels nothing when one is invalid (100404)."""
    t = trading(call.state)
    symbol = spot_symbol(call)
    p = call.params
    ids = [x for x in (p.text("orderIds") or "").split(",") if x]
    cids = [x for x in (p.text("clientOrderIDs") or "").split(",") if x]
    if not ids and not cids:
        raise p.fail("orderIds or clientOrderIDs is required")
    partial = p.integer("process", default=0, low=0, high=1) == 1
    found: list[Order] = []
    fails: list[Json] = []
    for raw, cid in [(x, None) for x in ids] + [(None, x) for x in cids]:
        engine_id = int(raw) - SPOT_ID_BASE if raw is not None and raw.isdigit() else None
        order = t.spot.find(call.uid, symbol, engine_id, cid) if raw is None or engine_id is not None else None
        if order is None or not order.open:
            fails.append(raw or cid)
        elif order not in found:
            found.append(order)
    if fails and not partial:
        raise ApiError(SPOT_ORDER_NOT_FOUND, f"order not exist: {','.join(str(f) for f in fails)}")
    done = [t.spot.cancel(call.uid, symbol, o.id) for o in found]
    return ok({"orders": [_spot_order_json(t, o) for o in done], "fails": fails})


def spot_query(call: Call) -> Reply:
    """GET /openApi/spot/v1/trade/query."""
    t = trading(call.state)
    return ok(_spot_order_json(t, _spot_find(call, t, spot_symbol(call))))


def spot_open_orders(call: Call) -> Reply:
    """GET /openApi/spot/v1/trade/openOrders."""
    t = trading(call.state)
    return ok({"orders": [_spot_order_json(t, o, listed=True)
                          for o in t.spot.open_orders(call.uid, call.params.symbol())]})


def spot_history(call: Call) -> Reply:
    """GET /openApi/spot/v1/trade/historyOrders: closed orders, newest first."""
    t = trading(call.state)
    symbol = call.params.symbol()
    size = call.params.integer("pageSize", default=100, low=1, high=100)
    page = call.params.integer("pageIndex", default=1, low=1)
    assert size is not None and page is not None
    rows = [o for o in t.spot.orders.values() if o.uid == call.uid and not o.open and symbol in (None, o.symbol)]
    rows.sort(key=lambda o: o.id, reverse=True)
    return ok({"orders": [_spot_order_json(t, o, listed=True) for o in rows[(page - 1) * size: page * size]],
               "total": len(rows)})


def spot_my_trades(call: Call) -> Reply:
    """GET /openApi/spot/v1/trade/myTrades."""
    t = trading(call.state)
    symbol = spot_symbol(call)
    raw = call.params.text("orderId")
    limit = call.params.integer("limit", default=500, low=1, high=1000)
    rows: list[Json] = []
    for order, fill, trade in t.spot.user_trades.get(call.uid, []):
        if order.symbol != symbol or (raw is not None and t.spot_id(order) != raw):
            continue
        rows.append({"symbol": symbol, "id": trade.id, "orderId": int(t.spot_id(order)), "price": fmt(fill.price),
                     "qty": fmt(fill.qty), "quoteQty": fmt(fill.price * fill.qty), "commission": fmt(-fill.commission),
                     "commissionAsset": fill.commission_asset, "time": trade.time, "isBuyer": order.side == "BUY",
                     "isMaker": fill.maker})
    return ok({"fills": rows[-(limit or 500):]})


def spot_batch(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/batchOrders: each entry placed in turn."""
    t = trading(call.state)
    entries = json_list(call, "data", 5)
    return ok({"orders": [_spot_order_json(t, _place_spot(sub_call(call, e), t), transact=True) for e in entries]})


def spot_symbols(call: Call) -> Reply:
    """GET /openApi/spot/v1/common/symbols."""
    symbol = call.params.symbol()
    return ok({"symbols": [
        {"symbol": p.symbol, "minQty": p.step, "maxQty": D(9000), "minNotional": SPOT_MIN_NOTIONAL,
         "maxNotional": D(9000000), "status": 1, "tickSize": SPOT_TICK[p.symbol], "stepSize": p.step,
         "apiStateSell": True, "apiStateBuy": True, "timeOnline": 0}
        for p in SPOT_PAIRS if symbol in (None, p.symbol)]})



# --- spot OCO --------------------------------------------------------------------------------


def _oco_json(t: Trading, ol: OrderList) -> dict[str, Json]:
    done = ol.status == "ALL_DONE"
    return {"orderListId": OCO_ID_BASE + ol.id, "contingencyType": "OCO",
            "listStatusType": "ALL_DONE" if done else "EXEC_STARTED",
            "listOrderStatus": "ALL_DONE" if done else "EXECUTING", "listClientOrderId": ol.client_id,
            "transactionTime": ol.time, "symbol": ol.symbol,
            "orders": [{"symbol": o.symbol, "orderId": int(t.spot_id(o)), "clientOrderId": o.client_id}
                       for o in ol.orders],
            "orderReports": [_spot_order_json(t, o) for o in ol.orders]}


def oco_order(call: Call) -> Reply:
    """POST /openApi/spot/v1/oco/order: a LIMIT leg at `limitPrice` and a TRIGGER_LIMIT leg (`triggerPrice`,
    then `orderPrice`); SELL needs limit above and trigger below the last price, BUY the reverse."""
    t = trading(call.state)
    p = call.params
    symbol = spot_symbol(call)
    side = p.enum("side", ("BUY", "SELL"), required=True)
    qty, limit = decimal_param(call, "quantity", required=True), decimal_param(call, "limitPrice", required=True)
    trigger = decimal_param(call, "triggerPrice", required=True)
    price = decimal_param(call, "orderPrice", required=True)
    assert side is not None and qty is not None and limit is not None and trigger is not None and price is not None
    check_step(call, "quantity", qty, t.spot.books[symbol].pair.step)
    for name, value in (("limitPrice", limit), ("triggerPrice", trigger), ("orderPrice", price)):
        check_step(call, name, value, SPOT_TICK[symbol])
    list_cid = p.text("listClientOrderId") or ""
    if list_cid and not list_cid.isdigit():
        raise p.fail("listClientOrderId must be digits")
    above, below = p.text("aboveClientOrderId") or "", p.text("belowClientOrderId") or ""
    if any(c and not SPOT_CID.match(c) for c in (above, below)):
        raise p.fail("aboveClientOrderId/belowClientOrderId must be 1-40 letters, digits or _")
    last = t.spot.books[symbol].last_price or SPOT_START[symbol]
    if not (limit > last > trigger if side == "SELL" else limit < last < trigger):
        raise p.fail(f"{side}: limitPrice and triggerPrice must lie on either side of the last price {fmt(last)}")
    limit_cid, stop_cid = (above, below) if side == "SELL" else (below, above)
    try:
        ol = t.spot.place_oco(call.uid, symbol, side, qty, limit, trigger, price, "GTC", list_cid, limit_cid, stop_cid)
    except Reject as e:
        raise _spot_reject(e) from None
    stop_leg, limit_leg = ol.orders
    t.kinds[stop_leg.id], t.kinds[limit_leg.id] = "TRIGGER_LIMIT", "LIMIT"
    return ok(_oco_json(t, ol))


def _oco_find(call: Call, t: Trading, by_list: bool) -> OrderList:
    """An OCO list of the caller by a leg's order id (or the list id when `by_list`) or a client id."""
    id_name = "orderListId" if by_list else "orderId"
    raw, cid = call.params.text(id_name), call.params.text("clientOrderId")
    if raw is None and cid is None:
        raise call.params.fail(f"{id_name} or clientOrderId is required")
    for ol in t.spot.lists.values():
        if ol.orders[0].uid != call.uid:
            continue
        ids = {str(OCO_ID_BASE + ol.id)} if by_list else {t.spot_id(o) for o in ol.orders}
        if raw in ids or (raw is None and cid in {ol.client_id, *(o.client_id for o in ol.orders)}):
            return ol
    raise ApiError(SPOT_ORDER_NOT_FOUND, "order not exist")


def oco_cancel(call: Call) -> Reply:
    """POST /openApi/spot/v1/oco/cancel: both legs, by either leg's id or client id."""
    t = trading(call.state)
    ol = _oco_find(call, t, by_list=False)
    try:
        t.spot.cancel_list(call.uid, ol.symbol, ol.id)
    except Reject:
        raise ApiError(SPOT_ORDER_NOT_FOUND, "order not exist") from None
    return ok(_oco_json(t, ol))


def oco_query(call: Call) -> Reply:
    """GET /openApi/spot/v1/oco/orderList."""
    t = trading(call.state)
    return ok(_oco_json(t, _oco_find(call, t, by_list=True)))
