"""BingX perpetual writes beyond placing and cancelling: cancel-all-after, amend, batch cancel-replace,
one-click reverse, multi-assets mode, auto-add margin, VST, and the TWAP strategy orders."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp import ACCOUNT, summary
from tradewire.sim.bingx.perp_engine import HOUSE_UID, MODE_LOCKED, NO_BALANCE
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.swap_extras import Twap, extras
from tradewire.sim.bingx.swap_trade_api import cancel_replace
from tradewire.sim.bingx.trading import Trading, check_step, decimal_param, json_list, settled, sub_call, swap_symbol
from tradewire.sim.jsonenc import Json

ASSET_MODES = ("singleAssetMode", "multiAssetsMode")
#: margin assets of multi-assets mode and their discount (haircut) rates; the simulator's accounts hold USDT
MARGIN_ASSETS = {"USDT": Decimal("1"), "USDC": Decimal("1")}
VST_DEFAULT = Decimal(100_000)
TWAP_NOT_FOUND = 109421


def _sweep(call: Call) -> Trading:
    t = settled(call.state, call.now)
    t.perp.sweep(call.now)
    return t


def cancel_all_after(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/cancelAllAfter: `{triggerTime, status, note}`; triggerTime in ms (0 when
    closed) as the api-reference says (ccxt's capture shows seconds). ACTIVATE again restarts the countdown."""
    settled(call.state, call.now)
    p = call.params
    kind = p.enum("type", ("ACTIVATE", "CLOSE"), required=True)
    timers = extras(call.state).kill_at
    if kind == "CLOSE":  # ccxt sends timeOut=0 to close: any integer is accepted
        p.integer("timeOut")
        timers.pop(call.uid, None)
        return ok({"triggerTime": 0, "status": "CLOSED", "note": "the countdown is cancelled"})
    seconds = p.integer("timeOut", low=10, high=120)
    if seconds is None:
        raise p.fail("timeOut is required")
    at = call.now + seconds * 1000
    timers[call.uid] = at
    when = datetime.fromtimestamp(at / 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")
    return ok({"triggerTime": at, "status": "ACTIVATED",
               "note": f"All your perpetual pending orders will be closed automatically at {when} UTC(+0),before "
                       "that you can cancel the timer, or extend triggerTime time by this request"})


def amend(call: Call) -> Reply:
    """POST /openApi/swap/v1/trade/amend: a new quantity for an open order. A resting order may only shrink,
    keeping its place in the queue (as the book's `resize` does); one not yet on the book (an untriggered
    stop) may take any quantity above what is filled. Its reserved margin follows the quantity."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    assert symbol is not None
    p = call.params
    order_id, cid = p.text("orderId"), p.text("clientOrderId")
    if order_id is None and cid is None:
        raise p.fail("orderId or clientOrderId is required")
    qty = decimal_param(call, "quantity", required=True)
    assert qty is not None
    check_step(call, "quantity", qty, call.state.market.contracts[symbol].step)
    order = t.perp.find(call.uid, symbol, order_id, cid)
    if order.status not in ("NEW", "PARTIALLY_FILLED"):
        raise ApiError(109421, "order not exist or not open")
    if qty <= order.executed:
        raise p.fail(f"quantity must exceed the filled quantity {fmt(order.executed)}")
    resting = t.perp.resting.get(order.id)
    if resting is not None:
        if qty >= order.qty:
            raise p.fail("the quantity of an order on the book can only be reduced")
        t.perp.matching.resize(resting, qty - order.executed)
    order.margin = order.margin * qty / order.qty
    order.qty, order.update_time = qty, call.now
    return ok({"orderId": order.id, "clientOrderId": order.client_id, "symbol": symbol, "quantity": fmt(qty)})


def batch_cancel_replace(call: Call) -> Reply:
    """POST /openApi/swap/v1/trade/batchCancelReplace: each entry (at most 10) as cancelReplace, on its own."""
    t = _sweep(call)
    out: list[Json] = []
    for entry in json_list(call, "batchOrders", 10):
        sub = sub_call(call, entry)
        try:
            swap_symbol(sub)
            out.append(cancel_replace(sub, t))
        except ApiError as e:
            out.append({"cancelResult": "FAILED", "newOrderResult": "FAILED", "cancelOrderId": None,
                        "newOrderId": None, "code": e.code, "msg": e.msg})
    return ok({"result": out})


def reverse(call: Call) -> Reply:
    """POST /openApi/swap/v1/trade/reverse (type Reverse): the symbol's one position closes at market and the
    same size opens on the other side (one-way mode: one MARKET order of twice the size). TriggerReverse is
    refused: the simulator has no planned reversal."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    assert symbol is not None
    p = call.params
    kind = p.enum("type", ("Reverse", "TriggerReverse"), required=True)
    if kind == "TriggerReverse":
        decimal_param(call, "triggerPrice", required=True)
        p.enum("workingType", ("MARK_PRICE", "CONTRACT_PRICE"), required=True)
        raise p.fail("TriggerReverse is not supported by the simulator")
    held = [x for x in call.state.book.positions.get(call.uid, []) if x.symbol == symbol]
    if not held:
        raise ApiError(101205, "No position to close")
    if len(held) > 1:
        raise p.fail("both sides are held: reverse needs a single position")
    pos = held[0]
    side = "SELL" if pos.side == "LONG" else "BUY"
    if not t.perp.hedge.get(call.uid, True):
        order = t.perp.place(call.uid, symbol, side, "BOTH", "MARKET", pos.amount * 2, None, None, "GTC", "", False,
                             "MARK_PRICE", None, call.now)
    else:
        t.perp.close_position(pos, call.uid, call.now)
        order = t.perp.place(call.uid, symbol, side, "SHORT" if pos.side == "LONG" else "LONG", "MARKET",
                             pos.amount, None, None, "GTC", "", False, "MARK_PRICE", None, call.now)
    return ok({"orderId": int(order.id)})


def asset_mode(call: Call) -> Reply:
    """GET /openApi/swap/v1/trade/assetMode."""
    return ok({"assetMode": extras(call.state).asset_mode.get(call.uid, "singleAssetMode")})


def set_asset_mode(call: Call) -> Reply:
    """POST /openApi/swap/v1/trade/assetMode: refused (104103) with open positions or orders."""
    t = _sweep(call)
    mode = call.params.enum("assetMode", ASSET_MODES, required=True)
    assert mode is not None
    if call.state.book.positions.get(call.uid) or t.perp.open_orders(call.uid, None):
        raise ApiError(MODE_LOCKED, "the asset mode cannot be changed with open positions or orders")
    extras(call.state).asset_mode[call.uid] = mode
    return ok({"assetMode": mode})


def multi_assets_rules(call: Call) -> Reply:
    """GET /openApi/swap/v1/trade/multiAssetsRules: the margin assets and their discount rates."""
    return ok({"rules": [{"marginAsset": a, "discountRate": fmt(r)} for a, r in MARGIN_ASSETS.items()]})


def margin_assets(call: Call) -> Reply:
    """GET /openApi/swap/v1/user/marginAssets: each margin asset's balance, its value after the discount and
    what is available (USDT carries the positions, as in `/user/balance`)."""
    t = _sweep(call)
    s = call.state
    rows: list[Json] = []
    for asset, rate in MARGIN_ASSETS.items():
        sm = summary(s.ledger, s.book, s.market, call.uid, asset, call.now, t.perp.reserved(call.uid)
                     if asset == "USDT" else Decimal(0))
        rows.append({"asset": asset, "balance": fmt(sm.balance), "discountRate": fmt(rate),
                     "marginValue": fmt(sm.balance * rate), "availableMargin": fmt(sm.available)})
    return ok({"assets": rows})


def auto_add_margin(call: Call) -> Reply:
    """POST /openApi/swap/v1/trade/autoAddMargin: switches automatic margin addition of an isolated position
    (kept per position; the simulator's liquidation does not draw on it)."""
    t = _sweep(call)
    symbol = swap_symbol(call)
    p = call.params
    switch = p.enum("functionSwitch", ("true", "false"), required=True)
    if p.text("amount") is not None:
        decimal_param(call, "amount")
    pos = t.perp.position_by_id(call.uid, p.require("positionId"))
    if pos.symbol != symbol:
        raise ApiError(101205, "No position to close")
    if not pos.isolated:
        raise ApiError(101479, "The position is not in Isolated Margin Mode")
    extras(call.state).auto_add[(call.uid, pos.position_id)] = switch == "true"
    return ok({"success": True})


def get_vst(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/getVst: demo funds into (adjustType 0, the default) or out of (1) the
    perpetual account; the amount defaults to 100,000. Answers the new balance."""
    p = call.params
    adjust = p.enum("adjustType", ("0", "1")) or "0"
    amount = Decimal(p.integer("amount", low=1) or VST_DEFAULT)
    ledger = call.state.ledger
    if adjust == "0":
        ledger.move((HOUSE_UID, ACCOUNT), (call.uid, ACCOUNT), "USDT", amount, available=None, reason="TRANSFER",
                    time=call.now)
    else:
        if amount > ledger.balance(call.uid, ACCOUNT, "USDT"):
            raise ApiError(NO_BALANCE, "Account available balance is insufficient")
        ledger.move((call.uid, ACCOUNT), (HOUSE_UID, ACCOUNT), "USDT", amount, available=None, reason="TRANSFER",
                    time=call.now)
    return ok({"balance": fmt(ledger.balance(call.uid, ACCOUNT, "USDT"))})


# --- TWAP ------------------------------------------------------------------------------------


def _twap_json(w: Twap) -> dict[str, Json]:
    return {"mainOrderId": w.id, "symbol": w.symbol, "side": w.side, "positionSide": w.position_side,
            "priceType": w.price_type, "priceVariance": fmt(w.price_variance), "triggerPrice": fmt(w.trigger_price),
            "interval": w.interval, "amountPerOrder": fmt(w.per_order), "totalAmount": fmt(w.total),
            "executedQty": fmt(w.executed), "status": w.status, "createdTime": w.time, "updateTime": w.update_time}


def twap_order(call: Call) -> Reply:
    """POST /openApi/swap/v1/twap/order: the first child is due at once (`swap_timers`)."""
    settled(call.state, call.now)
    symbol = swap_symbol(call)
    assert symbol is not None
    p = call.params
    side = p.enum("side", ("BUY", "SELL"), required=True)
    position_side = p.enum("positionSide", ("LONG", "SHORT"), required=True)
    price_type = p.enum("priceType", ("constant", "percentage"), required=True)
    variance = decimal_param(call, "priceVariance", required=True)
    trigger = decimal_param(call, "triggerPrice", required=True)
    interval = p.integer("interval", low=5, high=120)
    per_order = decimal_param(call, "amountPerOrder", required=True)
    total = decimal_param(call, "totalAmount", required=True)
    assert side and position_side and price_type and variance and trigger and per_order and total
    if interval is None:
        raise p.fail("interval is required")
    step = call.state.market.contracts[symbol].step
    check_step(call, "amountPerOrder", per_order, step)
    check_step(call, "totalAmount", total, step)
    if per_order > total:
        raise p.fail("amountPerOrder must not exceed totalAmount")
    ext = extras(call.state)
    twap = Twap(ext.new_id(), call.uid, symbol, side, position_side, price_type, variance, trigger, interval,
                per_order, total, call.now, next_due=call.now, update_time=call.now)
    ext.twaps[twap.id] = twap
    settled(call.state, call.now)  # the first child
    return ok({"mainOrderId": twap.id})


def _twap(call: Call) -> Twap:
    twap = extras(call.state).twaps.get(call.params.require("mainOrderId"))
    if twap is None or twap.uid != call.uid:
        raise ApiError(TWAP_NOT_FOUND, "order not exist")
    return twap


def twap_cancel(call: Call) -> Reply:
    """POST /openApi/swap/v1/twap/cancelOrder: no further children (those placed stay)."""
    settled(call.state, call.now)
    twap = _twap(call)
    if twap.status != "Running":
        raise ApiError(TWAP_NOT_FOUND, "order not exist or not running")
    twap.status, twap.update_time = "Cancelled", call.now
    return ok({"mainOrderId": twap.id})


def twap_open_orders(call: Call) -> Reply:
    """GET /openApi/swap/v1/twap/openOrders."""
    settled(call.state, call.now)
    symbol = swap_symbol(call, required=False)
    rows: list[Json] = [_twap_json(w) for w in extras(call.state).twaps.values()
                        if w.uid == call.uid and w.status == "Running" and symbol in (None, w.symbol)]
    return ok({"total": len(rows), "list": rows})


def twap_history(call: Call) -> Reply:
    """GET /openApi/swap/v1/twap/historyOrders: finished TWAP orders created in [startTime, endTime], paged."""
    settled(call.state, call.now)
    symbol = swap_symbol(call, required=False)
    p = call.params
    index = p.integer("pageIndex", low=1)
    size = p.integer("pageSize", low=1, high=1000)
    start, end = p.time_range()
    if index is None or size is None or start is None or end is None:
        raise p.fail("pageIndex, pageSize, startTime and endTime are required")
    rows: list[Json] = [_twap_json(w) for w in extras(call.state).twaps.values()
                        if w.uid == call.uid and w.status != "Running" and symbol in (None, w.symbol)
                        and start <= w.time <= end]
    return ok({"total": len(rows), "list": rows[(index - 1) * size:index * size]})


def twap_detail(call: Call) -> Reply:
    """GET /openApi/swap/v1/twap/orderDetail: the TWAP order and its child orders."""
    t = settled(call.state, call.now)
    twap = _twap(call)
    children: list[Json] = []
    for child_id in twap.children:
        o = t.perp.orders[child_id]
        children.append({"orderId": o.id, "symbol": o.symbol, "side": o.side, "positionSide": o.position_side,
                         "type": o.type, "origQty": fmt(o.qty), "executedQty": fmt(o.executed),
                         "avgPrice": fmt(o.avg_price), "status": o.status, "time": o.time})
    return ok({**_twap_json(twap), "childOrders": children})
