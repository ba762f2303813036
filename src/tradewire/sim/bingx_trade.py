"""The BingX trading front-end: spot orders over the matching engine, perpetual orders over `PerpEngine`.

Wire shapes follow the live server (swap orders wrapped in `data.order` / `data.orders`, as captured
by ccxt). Error codes: post-only would take 101215, insufficient margin 101204, reduce-only 101290,
swap order not found 80016, spot order not found 100404, duplicate client id within 1 s 109201,
leverage over the maximum 101414, insufficient spot balance 100202, position not isolated 101479,
no position to close 101205, trailing activation on the wrong side 110419/110420.
Every order change of a user publishes an `OrderEvent` on `state.events` (spot: after the request).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from decimal import Decimal
from typing import Any

from tradewire.sim import errors
from tradewire.sim.calls import Call, Endpoint, Handler, fmt
from tradewire.sim.engine import Engine, Order, OrderList, Pair, Reject
from tradewire.sim.engine import Event as EngineEvent
from tradewire.sim.engine import OrderEvent as EngineOrderEvent
from tradewire.sim.errors import ApiError
from tradewire.sim.events import OrderEvent
from tradewire.sim.jsonenc import Json
from tradewire.sim.perp_engine import HOUSE_UID, PerpEngine, SwapOrder
from tradewire.sim.ratelimit import Limit
from tradewire.sim.replies import Reply, ok
from tradewire.sim.state import SimState

D = Decimal
SPOT_TICK = {"BTC-USDT": D("0.01"), "ETH-USDT": D("0.01")}
SPOT_PAIRS = (Pair("BTC-USDT", "BTC", "USDT", D("0.00001")), Pair("ETH-USDT", "ETH", "USDT", D("0.0001")))
SPOT_START = {"BTC-USDT": D("65000"), "ETH-USDT": D("3200")}
SPOT_ORDER_NOT_FOUND = 100404
SPOT_ID_BASE = 1_700_000_000_000_000_000
OCO_ID_BASE = 1_750_000_000_000_000_000
POST_ONLY_TAKES = 101215
_SPOT_CID = re.compile(r"^[A-Za-z0-9_]{1,40}$")
_SWAP_CID = re.compile(r"^[A-Za-z0-9]{1,40}$")
_DEC = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_LOCK = threading.Lock()


class Trading:
    """The spot engine (with a fixed market-maker ladder) and the perpetual engine of one simulator."""

    def __init__(self, state: SimState) -> None:
        self.state = state
        self.spot = Engine(state.ledger, list(SPOT_PAIRS), state.clock.now_ms, state.lock)
        self.perp = PerpEngine(state)
        self.kinds: dict[int, str] = {}  # engine order id -> the BingX order type it was placed as
        self.pending: list[OrderEvent] = []
        state.ledger.seed(HOUSE_UID, "spot", "USDT", D(10) ** 12)
        for pair in SPOT_PAIRS:
            state.ledger.seed(HOUSE_UID, "spot", pair.base, D(1_000_000))
            mid, tick = SPOT_START[pair.symbol], SPOT_TICK[pair.symbol] * 100
            for i in range(1, 21):
                qty = pair.step * 10_000 * i
                self.spot.place(HOUSE_UID, pair.symbol, "BUY", "LIMIT", qty, price=mid - i * tick)
                self.spot.place(HOUSE_UID, pair.symbol, "SELL", "LIMIT", qty, price=mid + i * tick)
        self.spot.listeners.append(self._on_engine)

    def spot_id(self, order: Order) -> str:
        """A 19-digit id of an engine order (above 2**53, like the live ones)."""
        return str(SPOT_ID_BASE + order.id)

    def _on_engine(self, event: EngineEvent) -> None:
        """Snapshot a user's order change now; `flush` publishes it (types are known only after placing)."""
        if not isinstance(event, EngineOrderEvent) or event.order.uid == HOUSE_UID:
            return
        o, fill = event.order, event.fill
        pair = self.spot.books[o.symbol].pair
        status = {"EXPIRED_IN_MATCH": "EXPIRED", "REJECTED": "EXPIRED"}.get(o.status, o.status)
        execution = event.kind if event.kind in ("NEW", "TRADE", "CANCELED") else "EXPIRED"
        self.pending.append(OrderEvent(
            o.uid, o.symbol, "spot", o.client_id, self.spot_id(o), o.side, self.kinds.get(o.id, ""), "",
            o.executed if o.quote_qty is not None else o.qty, o.price or D(0), o.stop_price or D(0),
            o.cum_quote / o.executed if o.executed else D(0), status, execution,
            fill.qty if fill else D(0), fill.price if fill else D(0), o.executed,
            pair.base if o.side == "BUY" else pair.quote, -sum((f.commission for f in o.fills), D(0)), D(0),
            event.time))

    def flush(self) -> None:
        """Publish the pending spot events; a by-quote MARKET order's last fill reports it FILLED."""
        events, self.pending = self.pending, []
        for i, e in enumerate(events):
            order = self.spot.orders[int(e.order_id) - SPOT_ID_BASE]
            if not e.order_type:
                e = replace(e, order_type=self.kinds.get(order.id, order.type))
            if e.execution_type == "TRADE" and order.status == "FILLED" and e.status != "FILLED" \
                    and all(x.order_id != e.order_id for x in events[i + 1:]):
                e = replace(e, status="FILLED", qty=order.qty)
            self.state.events.publish(e)


def trading(state: SimState) -> Trading:
    """The trading state of `state`, created on first use."""
    with _LOCK:
        found = getattr(state, "_bingx_trading", None)
        if found is None:
            found = Trading(state)
            state._bingx_trading = found  # type: ignore[attr-defined]
        assert isinstance(found, Trading)
        return found


# --- parameters ------------------------------------------------------------------------------


def _dec(call: Call, name: str, *, required: bool = False) -> Decimal | None:
    raw = call.params.text(name, required=required)
    if raw is None:
        return None
    if not _DEC.match(raw) or D(raw) <= 0:
        raise call.params.fail(f"{name} must be a positive number")
    return D(raw)


def _on_step(call: Call, name: str, value: Decimal | None, step: Decimal) -> None:
    if value is not None and value % step:
        raise call.params.fail(f"{name} precision is invalid: step {fmt(step)}")


def _spot_symbol(call: Call) -> str:
    symbol = call.params.symbol(required=True)
    assert symbol is not None
    if symbol not in SPOT_TICK:
        raise ApiError(errors.PARAM_ERROR, f"symbol {symbol} does not exist")
    return symbol


def _swap_symbol(call: Call, required: bool = True) -> str | None:
    symbol = call.params.symbol(required=required)
    if symbol is not None and symbol not in call.state.market.contracts:
        raise ApiError(errors.SYMBOL_NOT_EXIST, f"symbol {symbol} does not exist")
    return symbol


# --- spot ------------------------------------------------------------------------------------

SPOT_TYPES = ("MARKET", "LIMIT", "TAKE_STOP_LIMIT", "TAKE_STOP_MARKET", "TRIGGER_LIMIT", "TRIGGER_MARKET")
_SPOT_STATUS = {"NEW": "NEW", "PARTIALLY_FILLED": "PARTIALLY_FILLED", "FILLED": "FILLED", "CANCELED": "CANCELED",
                "EXPIRED": "CANCELED", "EXPIRED_IN_MATCH": "CANCELED", "REJECTED": "FAILED"}


def _spot_order_json(t: Trading, o: Order, transact: bool = False) -> dict[str, Json]:
    pair = t.spot.books[o.symbol].pair
    fee = sum((f.commission for f in o.fills), D(0))
    row: dict[str, Json] = {
        "symbol": o.symbol, "orderId": int(t.spot_id(o)), "price": fmt(o.price or D(0)),
        "stopPrice": fmt(o.stop_price or D(0)), "origQty": fmt(o.qty), "executedQty": fmt(o.executed),
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
    symbol = _spot_symbol(call)
    side = p.enum("side", ("BUY", "SELL"), required=True)
    kind = p.enum("type", SPOT_TYPES, required=True)
    assert side is not None and kind is not None
    qty, quote = _dec(call, "quantity"), _dec(call, "quoteOrderQty")
    price, stop = _dec(call, "price"), _dec(call, "stopPrice")
    tif = p.enum("timeInForce", ("GTC", "IOC", "FOK", "PostOnly")) or "GTC"
    cid = p.text("newClientOrderId") or ""
    if cid and not _SPOT_CID.match(cid):
        raise p.fail("newClientOrderId must be 1-40 letters, digits or _")
    if kind in ("LIMIT", "TAKE_STOP_LIMIT", "TRIGGER_LIMIT") and price is None:
        raise p.fail(f"price is required for {kind}")
    if kind not in ("MARKET", "LIMIT") and stop is None:
        raise p.fail(f"stopPrice is required for {kind}")
    if qty is None and quote is None:
        raise p.fail("quantity or quoteOrderQty is required")
    pair = t.spot.books[symbol].pair
    _on_step(call, "quantity", qty, pair.step)
    _on_step(call, "price", price, SPOT_TICK[symbol])
    _on_step(call, "stopPrice", stop, SPOT_TICK[symbol])
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
    return ok(_spot_order_json(t, _spot_cancel(call, t, _spot_symbol(call), "orderId", "clientOrderID")))


def spot_cancel_open(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/cancelOpenOrders (every pair when `symbol` is omitted)."""
    t = trading(call.state)
    symbol = call.params.symbol()
    done = [t.spot.cancel(call.uid, o.symbol, o.id) for o in t.spot.open_orders(call.uid, symbol)]
    return ok({"orders": [_spot_order_json(t, o) for o in done]})


def spot_cancel_replace(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/order/cancelReplace."""
    t = trading(call.state)
    symbol = _spot_symbol(call)
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
    symbol = _spot_symbol(call)
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
    return ok(_spot_order_json(t, _spot_find(call, t, _spot_symbol(call))))


def spot_open_orders(call: Call) -> Reply:
    """GET /openApi/spot/v1/trade/openOrders."""
    t = trading(call.state)
    return ok({"orders": [_spot_order_json(t, o) for o in t.spot.open_orders(call.uid, call.params.symbol())]})


def spot_history(call: Call) -> Reply:
    """GET /openApi/spot/v1/trade/historyOrders: closed orders, newest first."""
    t = trading(call.state)
    symbol = call.params.symbol()
    size = call.params.integer("pageSize", default=100, low=1, high=100)
    page = call.params.integer("pageIndex", default=1, low=1)
    assert size is not None and page is not None
    rows = [o for o in t.spot.orders.values() if o.uid == call.uid and not o.open and symbol in (None, o.symbol)]
    rows.sort(key=lambda o: o.id, reverse=True)
    return ok({"orders": [_spot_order_json(t, o) for o in rows[(page - 1) * size: page * size]], "total": len(rows)})


def spot_my_trades(call: Call) -> Reply:
    """GET /openApi/spot/v1/trade/myTrades."""
    t = trading(call.state)
    symbol = _spot_symbol(call)
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
    entries = _json_list(call, "data", 5)
    return ok({"orders": [_spot_order_json(t, _place_spot(_sub_call(call, e), t), transact=True) for e in entries]})


def _sub_call(call: Call, entry: Any) -> Call:
    """One entry of a batch as a call of its own (JSON booleans as "true"/"false")."""
    if not isinstance(entry, dict):
        raise call.params.fail("each order must be a JSON object")
    values = {k: ("true" if v else "false") if isinstance(v, bool) else str(v) for k, v in entry.items()}
    return Call(call.state, type(call.params)(values, call.params.error_code), call.user, call.now)


def _json_list(call: Call, name: str, most: int, required: bool = True) -> list[Any]:
    raw = call.params.text(name, required=required)
    if raw is None:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        raise call.params.fail(f"{name} must be a JSON list") from None
    if not isinstance(value, list) or not 1 <= len(value) <= most:
        raise call.params.fail(f"{name} must hold 1 to {most} entries")
    return value


def spot_symbols(call: Call) -> Reply:
    """GET /openApi/spot/v1/common/symbols."""
    symbol = call.params.symbol()
    return ok({"symbols": [
        {"symbol": p.symbol, "minQty": p.step, "maxQty": D(9000), "minNotional": D(2), "maxNotional": D(9000000),
         "status": 1, "tickSize": SPOT_TICK[p.symbol], "stepSize": p.step, "apiStateSell": True,
         "apiStateBuy": True, "timeOnline": 0}
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
    symbol = _spot_symbol(call)
    side = p.enum("side", ("BUY", "SELL"), required=True)
    qty, limit = _dec(call, "quantity", required=True), _dec(call, "limitPrice", required=True)
    trigger, price = _dec(call, "triggerPrice", required=True), _dec(call, "orderPrice", required=True)
    assert side is not None and qty is not None and limit is not None and trigger is not None and price is not None
    _on_step(call, "quantity", qty, t.spot.books[symbol].pair.step)
    for name, value in (("limitPrice", limit), ("triggerPrice", trigger), ("orderPrice", price)):
        _on_step(call, name, value, SPOT_TICK[symbol])
    list_cid = p.text("listClientOrderId") or ""
    if list_cid and not list_cid.isdigit():
        raise p.fail("listClientOrderId must be digits")
    above, below = p.text("aboveClientOrderId") or "", p.text("belowClientOrderId") or ""
    if any(c and not _SPOT_CID.match(c) for c in (above, below)):
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


# --- perpetual swap --------------------------------------------------------------------------

SWAP_TYPES = ("MARKET", "LIMIT", "STOP_MARKET", "STOP", "TAKE_PROFIT_MARKET", "TAKE_PROFIT", "TRIGGER_LIMIT",
              "TRIGGER_MARKET", "TRAILING_STOP_MARKET", "TRAILING_TP_SL")


def _swap_json(o: SwapOrder) -> dict[str, Json]:
    return {"symbol": o.symbol, "orderId": int(o.id), "side": o.side, "positionSide": o.position_side,
            "type": o.type, "origQty": fmt(o.qty), "price": fmt(o.price or D(0)), "executedQty": fmt(o.executed),
            "avgPrice": fmt(o.avg_price), "cumQuote": fmt(o.avg_price * o.executed),
            "stopPrice": fmt(o.stop_price or D(0)), "profit": fmt(o.profit), "commission": fmt(o.commission),
            "status": o.status, "time": o.time, "updateTime": o.update_time, "clientOrderId": o.client_id,
            "leverage": f"{o.leverage}X", "workingType": o.working_type, "timeInForce": o.tif,
            "reduceOnly": o.reduce_only, "priceRate": fmt(o.price_rate or D(0))}


def _sweep(call: Call) -> Trading:
    t = trading(call.state)
    t.perp.sweep(call.now)
    return t


def _place_swap(call: Call, t: Trading, dry_run: bool = False) -> SwapOrder:
    p = call.params
    symbol = _swap_symbol(call)
    assert symbol is not None
    side = p.enum("side", ("BUY", "SELL"), required=True)
    kind = p.enum("type", SWAP_TYPES, required=True)
    assert side is not None and kind is not None
    hedge = t.perp.hedge.get(call.uid, True)
    position_side = p.enum("positionSide", ("LONG", "SHORT", "BOTH")) or ("LONG" if side == "BUY" else "SHORT") \
        if hedge else (p.enum("positionSide", ("BOTH",)) or "BOTH")
    if hedge and position_side == "BOTH":
        raise p.fail("PositionSide must be LONG or SHORT in hedge mode")
    contract = call.state.market.contracts[symbol]
    qty, price, stop = _dec(call, "quantity"), _dec(call, "price"), _dec(call, "stopPrice")
    rate, activation = _dec(call, "priceRate"), _dec(call, "activationPrice")
    if qty is None and p.text("closePosition") != "true":
        raise p.fail("quantity is required")
    if kind in ("LIMIT", "STOP", "TAKE_PROFIT", "TRIGGER_LIMIT") and price is None:
        raise p.fail(f"price is required for {kind}")
    if kind in ("STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRIGGER_LIMIT", "TRIGGER_MARKET") \
            and stop is None:
        raise p.fail(f"stopPrice is required for {kind}")
    if kind.startswith("TRAILING") and rate is None and price is None:
        raise p.fail(f"priceRate is required for {kind}")
    _on_step(call, "quantity", qty, contract.step)
    _on_step(call, "price", price if not kind.startswith("TRAILING") else None, contract.tick)
    _on_step(call, "stopPrice", stop, contract.tick)
    _on_step(call, "activationPrice", activation, contract.tick)
    if qty is not None and qty < contract.min_qty:
        raise ApiError(101400, f"Order size error: the minimum quantity is {fmt(contract.min_qty)}")
    cid = p.text("clientOrderId") or ""
    if cid and not _SWAP_CID.match(cid):
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
    return ok({"order": _swap_json(_place_swap(call, t))})


def swap_order_test(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/order/test: every check of a real order; nothing is placed."""
    return ok({"order": _swap_json(_place_swap(call, _sweep(call), dry_run=True))})


def swap_batch(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/batchOrders: each entry placed in turn; refusals listed in `errors`."""
    t = _sweep(call)
    placed: list[Json] = []
    failed: list[Json] = []
    for i, entry in enumerate(_json_list(call, "batchOrders", 5)):
        try:
            placed.append(_swap_json(_place_swap(_sub_call(call, entry), t)))
        except ApiError as e:
            failed.append({"index": i, "code": e.code, "msg": e.msg})
    return ok({"orders": placed, "errors": failed})


def swap_cancel_batch(call: Call) -> Reply:
    """DELETE /openApi/swap/v2/trade/batchOrders: up to 10 ids or client ids; refusals listed in `failed`."""
    t = _sweep(call)
    symbol = _swap_symbol(call)
    assert symbol is not None
    wanted: list[tuple[str | None, str | None]] = [
        (str(x), None) for x in _json_list(call, "orderIdList", 10, required=False)]
    wanted += [(None, str(x)) for x in _json_list(call, "clientOrderIdList", 10, required=False)]
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
    t = _sweep(call)
    p = call.params
    symbol = _swap_symbol(call)
    assert symbol is not None
    mode = p.enum("cancelReplaceMode", ("STOP_ON_FAILURE", "ALLOW_FAILURE"), required=True)
    restriction = p.enum("cancelRestrictions", tuple(_RESTRICTION))
    order_id, cid = p.text("cancelOrderId"), p.text("cancelClientOrderId")
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
            return ok(out)
    try:
        out["newOrderId"], out["newOrderResult"] = int(_place_swap(call, t).id), "SUCCESS"
    except ApiError as e:
        out["newOrderMsg"] = e.msg
    return ok(out)


def swap_cancel(call: Call) -> Reply:
    """DELETE /openApi/swap/v2/trade/order."""
    t = _sweep(call)
    symbol = _swap_symbol(call)
    assert symbol is not None
    order_id, cid = call.params.text("orderId"), call.params.text("clientOrderId")
    if order_id is None and cid is None:
        raise call.params.fail("orderId or clientOrderId is required")
    return ok({"order": _swap_json(t.perp.cancel(call.uid, symbol, order_id, cid, call.now))})


def swap_cancel_all(call: Call) -> Reply:
    """DELETE /openApi/swap/v2/trade/allOpenOrders."""
    t = _sweep(call)
    symbol = _swap_symbol(call, required=False)
    kind = call.params.enum("type", SWAP_TYPES)
    done = [t.perp.cancel(call.uid, o.symbol, o.id, None, call.now) for o in t.perp.open_orders(call.uid, symbol)
            if kind in (None, o.type)]
    return ok({"success": [_swap_json(o) for o in done], "failed": None})


def swap_query(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/order: any status."""
    t = _sweep(call)
    symbol = _swap_symbol(call)
    assert symbol is not None
    order_id, cid = call.params.text("orderId"), call.params.text("clientOrderId")
    if order_id is None and cid is None:
        raise call.params.fail("orderId or clientOrderId is required")
    return ok({"order": _swap_json(t.perp.find(call.uid, symbol, order_id, cid))})


def swap_open_orders(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/openOrders."""
    t = _sweep(call)
    symbol = _swap_symbol(call, required=False)
    kind = call.params.enum("type", SWAP_TYPES)
    return ok({"orders": [_swap_json(o) for o in t.perp.open_orders(call.uid, symbol) if kind in (None, o.type)]})


def swap_history(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/allOrders (a time range spans at most 7 days)."""
    t = _sweep(call)
    symbol = _swap_symbol(call, required=False)
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
    symbol = _swap_symbol(call, required=False)
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
    symbol = _swap_symbol(call)
    assert symbol is not None
    side = call.params.enum("side", ("LONG", "SHORT", "BOTH"), required=True)
    leverage = call.params.integer("leverage", low=1)
    if side is None or leverage is None:
        raise call.params.fail("leverage is required")
    t.perp.set_leverage(call.uid, symbol, side, leverage)
    return ok({"leverage": leverage, "symbol": symbol})


def swap_leverage(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/leverage."""
    t = trading(call.state)
    symbol = _swap_symbol(call)
    assert symbol is not None
    top = call.state.market.contracts[symbol].max_leverage
    return ok({"longLeverage": t.perp.get_leverage(call.uid, symbol, "LONG"),
               "shortLeverage": t.perp.get_leverage(call.uid, symbol, "SHORT"),
               "maxLongLeverage": top, "maxShortLeverage": top})


def swap_margin_type(call: Call) -> Reply:
    """GET /openApi/swap/v2/trade/marginType."""
    symbol = _swap_symbol(call)
    assert symbol is not None
    return ok({"marginType": trading(call.state).perp.margin_type.get((call.uid, symbol), "CROSSED")})


def swap_set_margin_type(call: Call) -> Reply:
    """POST /openApi/swap/v2/trade/marginType."""
    symbol = _swap_symbol(call)
    assert symbol is not None
    kind = call.params.enum("marginType", ("ISOLATED", "CROSSED", "SEPARATE_ISOLATED"), required=True)
    assert kind is not None
    trading(call.state).perp.margin_type[(call.uid, symbol)] = kind
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
    symbol = _swap_symbol(call)
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
    return ok({"symbol": symbol, "amount": amount, "type": kind})


def _spot_events(handler: Handler) -> Handler:
    """Run a spot handler, then publish the order events it caused (also when it fails part-way)."""
    def run(call: Call) -> Reply:
        try:
            return handler(call)
        finally:
            trading(call.state).flush()
    return run


def _ep(method: str, path: str, per_second: int, handler: Handler, swap: bool) -> Endpoint:
    return Endpoint(method, path, "signed", swap, Limit(per_second, 1000), "account",
                    handler if swap else _spot_events(handler))


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET", "/openApi/spot/v1/common/symbols", "none", False, None, "market", spot_symbols),
    _ep("POST", "/openApi/spot/v1/trade/order", 10, spot_order, False),
    _ep("POST", "/openApi/spot/v1/trade/batchOrders", 2, spot_batch, False),
    _ep("POST", "/openApi/spot/v1/trade/cancel", 5, spot_cancel, False),
    _ep("POST", "/openApi/spot/v1/trade/cancelOpenOrders", 2, spot_cancel_open, False),
    _ep("POST", "/openApi/spot/v1/trade/cancelOrders", 2, spot_cancel_orders, False),
    _ep("POST", "/openApi/spot/v1/oco/order", 2, oco_order, False),
    _ep("POST", "/openApi/spot/v1/oco/cancel", 2, oco_cancel, False),
    _ep("GET", "/openApi/spot/v1/oco/orderList", 5, oco_query, False),
    _ep("POST", "/openApi/spot/v1/trade/order/cancelReplace", 2, spot_cancel_replace, False),
    _ep("GET", "/openApi/spot/v1/trade/query", 10, spot_query, False),
    _ep("GET", "/openApi/spot/v1/trade/openOrders", 10, spot_open_orders, False),
    _ep("GET", "/openApi/spot/v1/trade/historyOrders", 10, spot_history, False),
    _ep("GET", "/openApi/spot/v1/trade/myTrades", 5, spot_my_trades, False),
    _ep("POST", "/openApi/swap/v2/trade/order", 10, swap_order, True),
    _ep("POST", "/openApi/swap/v2/trade/order/test", 5, swap_order_test, True),
    _ep("POST", "/openApi/swap/v2/trade/batchOrders", 5, swap_batch, True),
    _ep("DELETE", "/openApi/swap/v2/trade/batchOrders", 5, swap_cancel_batch, True),
    _ep("POST", "/openApi/swap/v1/trade/cancelReplace", 5, swap_cancel_replace, True),
    _ep("POST", "/openApi/swap/v1/trade/closePosition", 5, swap_close_position, True),
    _ep("DELETE", "/openApi/swap/v2/trade/order", 10, swap_cancel, True),
    _ep("GET", "/openApi/swap/v2/trade/order", 30, swap_query, True),
    _ep("DELETE", "/openApi/swap/v2/trade/allOpenOrders", 5, swap_cancel_all, True),
    _ep("GET", "/openApi/swap/v2/trade/openOrders", 5, swap_open_orders, True),
    _ep("GET", "/openApi/swap/v2/trade/allOrders", 5, swap_history, True),
    _ep("GET", "/openApi/swap/v2/trade/allFillOrders", 5, swap_fills, True),
    _ep("POST", "/openApi/swap/v2/trade/closeAllPositions", 5, swap_close_all, True),
    _ep("GET", "/openApi/swap/v2/trade/leverage", 5, swap_leverage, True),
    _ep("POST", "/openApi/swap/v2/trade/leverage", 5, swap_set_leverage, True),
    _ep("GET", "/openApi/swap/v2/trade/marginType", 2, swap_margin_type, True),
    _ep("POST", "/openApi/swap/v2/trade/marginType", 2, swap_set_margin_type, True),
    _ep("GET", "/openApi/swap/v1/positionSide/dual", 2, swap_position_mode, True),
    _ep("POST", "/openApi/swap/v1/positionSide/dual", 4, swap_set_position_mode, True),
    _ep("POST", "/openApi/swap/v2/trade/positionMargin", 2, swap_position_margin, True),
)
