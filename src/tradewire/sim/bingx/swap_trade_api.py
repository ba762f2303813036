"""BingX perpetual trading handlers over `PerpEngine`: orders, batches, positions, leverage, margin."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp_engine import SwapOrder
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.swap_extras import MarginChange, extras
from tradewire.sim.bingx.trading import (
    SWAP_CID,
    D,
    Trading,
    check_step,
    decimal_param,
    json_list,
    settled,
    sub_call,
    swap_symbol,
    trading,
)
from tradewire.sim.jsonenc import Json

# --- perpetual swap --------------------------------------------------------------------------

SWAP_TYPES = ("MARKET", "LIMIT", "STOP_MARKET", "STOP", "TAKE_PROFIT_MARKET", "TAKE_PROFIT", "TRIGGER_LIMIT",
              "TRIGGER_MARKET", "TRAILING_STOP_MARKET", "TRAILING_TP_SL")


def _swap_json(o: SwapOrder) -> dict[str, Json]:
    return {"symbol": o.symbol, "orderId": int(o.id), "side": o.side, "positionSide": o.position_side,
            "type": o.type, "origQty": fmt(o.qty), "price": fmt(o.price or D(0)), "executedQty": fmt(o.executed),
            "avgPrice": fmt(o.avg_price), "cumQuote": fmt(o.cum_quote),
            "stopPrice": fmt(o.stop_price or D(0)), "profit": fmt(o.profit), "commission": fmt(o.commission),
            "status": o.status, "time": o.time, "updateTime": o.update_time, "clientOrderId": o.client_id,
            "leverage": f"{o.leverage}X", "workingType": o.working_type, "timeInForce": o.tif,
            "reduceOnly": o.reduce_only, "priceRate": fmt(o.price_rate or D(0))}


def _placed_json(o: SwapOrder) -> dict[str, Json]:
    """A swap order as placing answers it: ``quantity`` (not ``origQty``), ``clientOrderID``, attached
    ``stopLoss``/``takeProfit`` (live answers captured by ccxt), plus the string ``orderID`` and ``status``
    of the swap-trade api-reference."""
    return {"orderId": int(o.id), "orderID": o.id, "symbol": o.symbol, "positionSide": o.position_side,
            "side": o.side, "type": o.type, "price": fmt(o.price or D(0)), "quantity": fmt(o.qty),
            "stopPrice": fmt(o.stop_price or D(0)), "workingType": o.working_type, "clientOrderID": o.client_id,
            "timeInForce": o.tif, "priceRate": fmt(o.price_rate or D(0)), "stopLoss": "", "takeProfit": "",
            "reduceOnly": o.reduce_only, "status": o.status}


def _sweep(call: Call) -> Trading:
    t = settled(call.state, call.now)
    t.perp.sweep(call.now)
    return t


def client_id(call: Call, name: str = "clientOrderId") -> str | None:
    """The client order id, spelled as the reference does (`clientOrderId`) or as ccxt sends it
    (`clientOrderID`, capital ID: ccxt/bingx.py create_order_request and cancel_order); the live server
    takes both."""
    return call.params.text(name) or call.params.text(name[:-1] + "D")


def _quote_quantity(call: Call, symbol: str, kind: str, quote: Decimal, price: Decimal | None,
                    stop: Decimal | None) -> Decimal:
    """The quantity bought with `quote` USDT ("Quote order quantity, e.g., 100USDT": swap-trade api-reference):
    quote / price, rounded down to the contract's step; the price is the order's own (LIMIT types), its
    trigger price (stop types) or the last price (MARKET, trailing)."""
    contract = call.state.market.contracts[symbol]
    at = price if kind in ("LIMIT", "STOP", "TAKE_PROFIT", "TRIGGER_LIMIT") else stop
    if at is None or kind.startswith("TRAILING"):
        at = call.state.market.last_price(symbol, call.now)
    qty = (quote / at).quantize(contract.step, ROUND_DOWN)
    if qty < contract.min_qty:
        raise ApiError(101400, f"Order size error: quoteOrderQty {fmt(quote)} buys {fmt(qty)} {contract.asset} at "
                               f"{fmt(at)}; the minimum quantity is {fmt(contract.min_qty)}")
    return qty


def _place_swap(call: Call, t: Trading, dry_run: bool = False) -> SwapOrder:
    p = call.params
    symbol = swap_symbol(call)
    assert symbol is not None
    side = p.enum("side", ("BUY", "SELL"), required=True)
    kind = p.enum("type", SWAP_TYPES, required=True)
    assert side is not None and kind is not None
    # positionSide: "required for single position as BOTH, for both long and short positions only LONG or
    # SHORT" (swap-trade api-reference); a mismatch is 109400 "position mode mismatch (e.g. PositionSide must
    # be BOTH in one-way mode)" (error-codes.md). Live clients (ccxt) always send it.
    hedge = t.perp.hedge.get(call.uid, True)
    position_side = p.enum("positionSide", ("LONG", "SHORT", "BOTH"))
    if position_side is None:
        raise p.fail("positionSide is required: BOTH in one-way mode, LONG or SHORT in hedge mode")
    if hedge and position_side == "BOTH":
        raise p.fail("PositionSide must be LONG or SHORT in hedge mode")
    if not hedge and position_side != "BOTH":
        raise p.fail("PositionSide must be BOTH in one-way mode")
    contract = call.state.market.contracts[symbol]
    qty, price, stop = decimal_param(call, "quantity"), decimal_param(call, "price"), decimal_param(call, "stopPrice")
    rate, activation = decimal_param(call, "priceRate"), decimal_param(call, "activationPrice")
    quote = decimal_param(call, "quoteOrderQty")
    if qty is None and quote is not None:  # "quantity will be used first" (swap-trade api-reference)
        qty = _quote_quantity(call, symbol, kind, quote, price, stop)
    if qty is None and p.text("closePosition") != "true":
        raise p.fail("quantity or quoteOrderQty is required")
    if kind in ("LIMIT", "STOP", "TAKE_PROFIT", "TRIGGER_LIMIT") and price is None:
        raise p.fail(f"price is required for {kind}")
    if kind in ("STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRIGGER_LIMIT", "TRIGGER_MARKET") \
            and stop is None:
        raise p.fail(f"stopPrice is required for {kind}")
    if kind.startswith("TRAILING") and rate is None and price is None:
        raise p.fail(f"priceRate is required for {kind}")
    check_step(call, "quantity", qty, contract.step)
    check_step(call, "price", price if not kind.startswith("TRAILING") else None, contract.tick)
    check_step(call, "stopPrice", stop, contract.tick)
    check_step(call, "activationPrice", activation, contract.tick)
    if qty is not None and qty < contract.min_qty:
        raise ApiError(101400, f"Order size error: the minimum quantity is {fmt(contract.min_qty)}")
    cid = client_id(call) or ""
    if cid and not SWAP_CID.match(cid):
        raise p.fail("clientOrderId must be 1-40 letters or digits")
    reduce_only = p.text("reduceOnly") == "true"
    if qty is None:  # closePosition: the whole position of the closing side
        pos = t.perp.position(call.uid, symbol, "SHORT" if side == "BUY" else "LONG")
        if pos is None:
            raise ApiError(101205, "No position to close")
        qty = pos.amount
    return t.perp.place(call.uid, symbol, side, position_side, kind, qty, price, stop,
                        p.enum("timeInForce", ("GTC", "IOC", "FOK", "PostOnly")) or "GTC", cid, reduce_only,
                        p.enum("workingType", ("MARK_PRICE", "CONTRACT_PRICE", "INDEX_PRICE")) or "MARK_PRICE",
                        rate, call.now, activation, dry_run)


def swap_order(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/order: `data.order`."""
    t = _sweep(call)
    return ok({"order": _placed_json(_place_swap(call, t))})


def swap_order_test(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/order/test: every check of a real order; nothing is placed."""
    return ok({"order": _placed_json(_place_swap(call, _sweep(call), dry_run=True))})


def swap_batch(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/batchOrders: each entry placed in turn; refusals listed in `errors`."""
    t = _sweep(call)
    placed: list[Json] = []
    failed: list[Json] = []
    for i, entry in enumerate(json_list(call, "batchOrders", 5)):
        try:
            placed.append(_placed_json(_place_swap(sub_call(call, entry), t)))
        except ApiError as e:
            failed.append({"index": i, "code": e.code, "msg": e.msg})
    return ok({"orders": placed, "errors": failed})


def swap_cancel_batch(call: Call) -> Reply:
    """DELETE /openApi/swap/v2/trade/batchOrders: up to 10 ids or client ids; refusals listed in `failed`."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    assert symbol is not None
    wanted: list[tuple[str | None, str | None]] = [
        (str(x), None) for x in json_list(call, "orderIdList", 10, required=False)]
    cid_list = "clientOrderIdList" if call.params.text("clientOrderIdList") else "clientOrderIDList"  # ccxt
    wanted += [(None, str(x)) for x in json_list(call, cid_list, 10, required=False)]
    if not wanted:
        raise call.params.fail("orderIdList or clientOrderIdList is required")
    done: list[Json] = []
    failed: list[Json] = []
    for order_id, cid in wanted:
        try:
            done.append(_swap_json(t.perp.cancel(call.uid, symbol, order_id, cid, call.now)))
        except ApiError as e:
            failed.append({"orderId": order_id or "", "clientOrderId": cid or "", "errorCode": e.code,
                           "errorMessage": e.msg})
    return ok({"success": done, "failed": failed})


_RESTRICTION = {"ONLY_NEW": "NEW", "ONLY_PENDING": "NEW", "ONLY_PARTIALLY_FILLED": "PARTIALLY_FILLED"}


def swap_cancel_replace(call: Call) -> Reply:
    """POST /openApi/swap/v1/trade/cancelReplace: STOP_ON_FAILURE places nothing when the cancel fails."""
    return ok(cancel_replace(call, _sweep(call)))


def cancel_replace(call: Call, t: Trading) -> dict[str, Json]:
    """One cancel-and-replace (also an entry of batchCancelReplace): its result object."""
    p = call.params
    symbol = swap_symbol(call)
    assert symbol is not None
    mode = p.enum("cancelReplaceMode", ("STOP_ON_FAILURE", "ALLOW_FAILURE"), required=True)
    restriction = p.enum("cancelRestrictions", tuple(_RESTRICTION))
    order_id, cid = p.text("cancelOrderId"), client_id(call, "cancelClientOrderId")
    if order_id is None and cid is None:
        raise p.fail("cancelOrderId or cancelClientOrderId is required")
    out: dict[str, Json] = {"cancelResult": "SUCCESS", "newOrderResult": "FAILED", "cancelOrderId": None,
                            "newOrderId": None}
    try:
        order = t.perp.find(call.uid, symbol, order_id, cid)
        if restriction is not None and order.status != _RESTRICTION[restriction]:
            raise p.fail(f"order status {order.status} does not match cancelRestrictions {restriction}")
        out["cancelOrderId"] = int(t.perp.cancel(call.uid, symbol, order.id, None, call.now).id)
    except ApiError as e:
        out["cancelResult"], out["cancelMsg"] = "FAILED", e.msg
        if mode == "STOP_ON_FAILURE":
            return out
    try:
        out["newOrderId"], out["newOrderResult"] = int(_place_swap(call, t).id), "SUCCESS"
    except ApiError as e:
        out["newOrderMsg"] = e.msg
    return out


def swap_cancel(call: Call) -> Reply:
    """DELETE /openApi/swap/v2/trade/order."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    assert symbol is not None
    order_id, cid = call.params.text("orderId"), client_id(call)
    if order_id is None and cid is None:
        raise call.params.fail("orderId or clientOrderId is required")
    return ok({"order": _swap_json(t.perp.cancel(call.uid, symbol, order_id, cid, call.now))})


def swap_cancel_all(call: Call) -> Reply:
    """DELETE /openApi/swap/v2/trade/allOpenOrders."""
    t = _sweep(call)
    symbol = swap_symbol(call, required=False)
    kind = call.params.enum("type", SWAP_TYPES)
    done = [t.perp.cancel(call.uid, o.symbol, o.id, None, call.now) for o in t.perp.open_orders(call.uid, symbol)
            if kind in (None, o.type)]
    return ok({"success": [_swap_json(o) for o in done], "failed": None})


def swap_query(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/order: any status."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    assert symbol is not None
    order_id, cid = call.params.text("orderId"), client_id(call)
    if order_id is None and cid is None:
        raise call.params.fail("orderId or clientOrderId is required")
    return ok({"order": _swap_json(t.perp.find(call.uid, symbol, order_id, cid))})


def swap_open_orders(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/openOrders."""
    t = _sweep(call)
    symbol = swap_symbol(call, required=False)
    kind = call.params.enum("type", SWAP_TYPES)
    return ok({"orders": [_swap_json(o) for o in t.perp.open_orders(call.uid, symbol) if kind in (None, o.type)]})


def swap_history(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/allOrders (a time range spans at most 7 days)."""
    t = _sweep(call)
    symbol = swap_symbol(call, required=False)
    start, end = call.params.time_range()
    if start is not None and end is not None and end - start > 7 * 86_400_000:
        raise call.params.fail("the time range must not exceed 7 days")
    limit = call.params.integer("limit", default=500, low=1, high=1000) or 500
    rows = [o for o in t.perp.orders.values() if o.uid == call.uid and symbol in (None, o.symbol)
            and (start is None or o.time >= start) and (end is None or o.time <= end)]
    return ok({"orders": [_swap_json(o) for o in rows[-limit:]]})


def swap_fills(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/allFillOrders: both the skills' and the captured field names."""
    t = _sweep(call)
    call.params.enum("tradingUnit", ("COIN", "CONT"), required=True)
    start = call.params.integer("startTs", low=0)
    end = call.params.integer("endTs", low=0)
    if start is None or end is None:
        raise call.params.fail("startTs and endTs are required")
    raw = call.params.text("orderId")
    rows: list[Json] = []
    for f in t.perp.fills:
        if f.order.uid != call.uid or not start <= f.time <= end or raw not in (None, f.order.id):
            continue
        rows.append({"tradeId": f.trade_id, "symbol": f.order.symbol, "orderId": f.order.id, "side": f.order.side,
                     "price": fmt(f.price), "qty": fmt(f.qty), "volume": fmt(f.qty), "amount": fmt(f.price * f.qty),
                     "realizedPnl": fmt(f.pnl), "fee": fmt(-f.fee), "commission": fmt(-f.fee), "currency": "USDT",
                     "time": f.time})
    return ok({"fill_orders": rows})


def swap_close_all(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/closeAllPositions."""
    t = _sweep(call)
    symbol = swap_symbol(call, required=False)
    closed: list[Json] = []
    for pos in list(call.state.book.positions.get(call.uid, [])):
        if symbol in (None, pos.symbol):
            t.perp.close_position(pos, call.uid, call.now)
            closed.append(int(pos.position_id))
    return ok({"success": closed, "failed": None})


def swap_close_position(call: Call) -> Reply:
    """POST /openApi/swap/v1/trade/closePosition: one position at market, by id."""
    t = _sweep(call)
    pos = t.perp.position_by_id(call.uid, call.params.require("positionId"))
    return ok({"orderId": int(t.perp.close_position(pos, call.uid, call.now).id), "positionId": pos.position_id})


def swap_set_leverage(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/leverage."""
    t = trading(call.state)
    symbol = swap_symbol(call)
    assert symbol is not None
    side = call.params.enum("side", ("LONG", "SHORT", "BOTH"), required=True)
    leverage = call.params.integer("leverage", low=1)
    if side is None or leverage is None:
        raise call.params.fail("leverage is required")
    t.perp.set_leverage(call.uid, symbol, side, leverage, call.now)
    return ok({"leverage": leverage, "symbol": symbol})


def swap_leverage(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/leverage."""
    t = trading(call.state)
    symbol = swap_symbol(call)
    assert symbol is not None
    top = call.state.market.contracts[symbol].max_leverage
    return ok({"longLeverage": t.perp.get_leverage(call.uid, symbol, "LONG"),
               "shortLeverage": t.perp.get_leverage(call.uid, symbol, "SHORT"),
               "maxLongLeverage": top, "maxShortLeverage": top})


def swap_margin_type(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/marginType."""
    symbol = swap_symbol(call)
    assert symbol is not None
    return ok({"marginType": trading(call.state).perp.get_margin_type(call.uid, symbol)})


def swap_set_margin_type(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/marginType."""
    symbol = swap_symbol(call)
    assert symbol is not None
    kind = call.params.enum("marginType", ("ISOLATED", "CROSSED", "SEPARATE_ISOLATED"), required=True)
    assert kind is not None
    trading(call.state).perp.set_margin_type(call.uid, symbol, kind, call.now)
    return ok({})


def swap_position_mode(call: Call) -> Reply:
    """GET /openApi/swap/v1/positionSide/dual."""
    return ok({"dualSidePosition": "true" if trading(call.state).perp.hedge.get(call.uid, True) else "false"})


def swap_set_position_mode(call: Call) -> Reply:
    """POST /openApi/swap/v1/positionSide/dual."""
    value = call.params.enum("dualSidePosition", ("true", "false"), required=True)
    trading(call.state).perp.set_hedge(call.uid, value == "true")
    return ok({"dualSidePosition": value})


def swap_position_margin(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/positionMargin: isolated margin from the available balance to the
    position (type 1) or back (type 2, at most what was added); `positionId` wins over `positionSide`."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    assert symbol is not None
    amount = call.params.amount("amount")
    kind = call.params.integer("type", low=1, high=2)
    if kind is None:
        raise call.params.fail("type is required")
    position_id = call.params.text("positionId")
    side = call.params.enum("positionSide", ("LONG", "SHORT", "BOTH")) or "LONG"
    pos = next((p for p in call.state.book.positions.get(call.uid, []) if p.symbol == symbol and (
        p.position_id == position_id if position_id else p.side == side)), None)
    if pos is None:
        raise ApiError(109420, "position not exist")
    t.perp.adjust_margin(call.uid, pos, amount, kind == 1, call.now)
    extras(call.state).record_margin(call.uid, MarginChange(pos.position_id, symbol, amount, kind, call.now))
    return ok({"symbol": symbol, "amount": amount, "type": kind})
