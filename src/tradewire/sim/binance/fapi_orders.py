"""USD-M futures order queries and bulk order calls: openOrders, openOrder, allOrders, batchOrders (place,
cancel), allOpenOrders, countdownCancelAll, and the futures listen key. Single orders are placed and
cancelled by `fapi.new_order` / `fapi.cancel_order`, which a batch runs once per element.
"""

from __future__ import annotations

import json
from typing import Any

from tradewire.sim.binance import fapi
from tradewire.sim.binance import views as v
from tradewire.sim.binance.fapi_account import st
from tradewire.sim.binance.fapi_market import _contract
from tradewire.sim.binance.wire import ApiError, Call

MAX_BATCH_PLACE, MAX_BATCH_CANCEL = 5, 10


def open_orders(c: Call) -> Any:
    symbol = _contract(c).symbol if c.get("symbol") is not None else None
    return [fapi.order_json(o, query=True) for o in c.ex.futures.open_orders(c.uid, symbol)]


def open_order(c: Call) -> Any:
    o = fapi._find(c)
    if o.status not in ("NEW", "PARTIALLY_FILLED"):
        raise ApiError(-2013, "Order does not exist.")
    return fapi.order_json(o, query=True)


def all_orders(c: Call) -> Any:
    k = _contract(c)
    oid, start, end = c.int("orderId"), c.int("startTime"), c.int("endTime")
    if start is not None and end is not None and end - start > 7 * 86_400_000:
        raise ApiError(-4166, "Search window is restricted to recent 7 days only.")
    rows = [o for o in c.ex.futures.orders.values() if o.uid == c.uid and o.symbol == k.symbol
            and (oid is None or o.id >= oid) and (start is None or o.time >= start) and (end is None or o.time <= end)]
    n = v._limit(c, 500, 1000)
    rows = rows[:n] if oid is not None else rows[-n:]
    return [fapi.order_json(o, query=True) for o in rows]


def _json_list(c: Call, name: str) -> list[Any]:
    try:
        value = json.loads(c.need(name))
    except ValueError:
        raise ApiError(-1130, f"Data sent for parameter '{name}' is not valid.") from None
    if not isinstance(value, list):
        raise ApiError(-1130, f"Data sent for parameter '{name}' is not valid.")
    return value


def _each(c: Call, params: dict[str, str], handler: Any) -> Any:
    try:
        return handler(Call(params, c.user, c.ex))
    except ApiError as e:
        return {"code": e.code, "msg": e.msg}


def batch_place(c: Call) -> Any:
    """Up to 5 orders, each placed as POST /fapi/v1/order would; a refused one answers {code, msg} in its place."""
    items = _json_list(c, "batchOrders")
    if not 1 <= len(items) <= MAX_BATCH_PLACE:
        raise ApiError(-4082, "Invalid number of batch place orders.")
    if not all(isinstance(i, dict) for i in items):
        raise ApiError(-1130, "Data sent for parameter 'batchOrders' is not valid.")
    return [_each(c, {str(k): _text(val) for k, val in item.items()}, fapi.new_order) for item in items]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def batch_cancel(c: Call) -> Any:
    """Up to 10 orders by orderIdList or origClientOrderIdList; each cancelled as DELETE /fapi/v1/order."""
    symbol = _contract(c).symbol
    ids = _json_list(c, "orderIdList") if c.get("orderIdList") is not None else None
    cids = _json_list(c, "origClientOrderIdList") if c.get("origClientOrderIdList") is not None else None
    if (ids is None) == (cids is None):
        raise ApiError(-1102, "Param 'orderIdList' or 'origClientOrderIdList' must be sent, but both were "
                              "empty/null!")
    picked = ids if ids is not None else cids
    assert picked is not None
    if not 1 <= len(picked) <= MAX_BATCH_CANCEL:
        raise ApiError(-4032, "Exceed maximum cancel order size.")
    name = "orderId" if ids is not None else "origClientOrderId"
    return [_each(c, {"symbol": symbol, name: str(one)}, fapi.cancel_order) for one in picked]


def cancel_all(c: Call) -> Any:
    symbol, now = _contract(c).symbol, c.ex.clock.now_ms()
    for o in c.ex.futures.open_orders(c.uid, symbol):
        c.ex.futures.cancel(c.uid, symbol, o.id, None, now)
    return {"code": 200, "msg": "The operation of cancel all open order is done."}


def countdown_cancel_all(c: Call) -> Any:
    symbol = _contract(c).symbol
    ms = c.int("countdownTime")
    if ms is None:
        c.need("countdownTime")
    assert ms is not None
    st(c).set_countdown(c.uid, symbol, ms, c.ex.clock.now_ms())
    return {"symbol": symbol, "countdownTime": str(ms)}


def listen_key_create(c: Call) -> Any:
    return {"listenKey": st(c).new_listen_key(c.uid, c.ex.clock.base_ms())}


def listen_key_keepalive(c: Call) -> Any:
    """PUT: extends the user's live key (no parameter: one futures key per user)."""
    now = c.ex.clock.base_ms()
    key = st(c).live_key(c.uid, now)
    if key is None:
        raise ApiError(-1125, "This listenKey does not exist.")
    st(c).listen_keys[key].expires = now + 3_600_000
    return {"listenKey": key}


def listen_key_close(c: Call) -> Any:
    s, now = st(c), c.ex.clock.base_ms()
    key = s.live_key(c.uid, now)
    if key is not None:
        lk = s.listen_keys.pop(key)
        for close in lk.queues:
            close({"e": "listenKeyExpired", "E": c.ex.clock.now_ms(), "listenKey": key})
    return {}


def force_orders(c: Call) -> Any:
    """The user's liquidation orders (GET /fapi/v1/forceOrders); Binance's example lists them as LIMIT IOC
    orders with an `autoclose-` client id. No ADL happens here, so autoCloseType=ADL lists none."""
    kind = c.get("autoCloseType")
    if kind not in (None, "LIQUIDATION", "ADL"):
        raise ApiError(-1130, "Data sent for parameter 'autoCloseType' is not valid.")
    symbol = _contract(c).symbol if c.get("symbol") is not None else None
    start, end, n = c.int("startTime"), c.int("endTime"), v._limit(c, 50, 100)
    rows = [o for o in c.ex.futures.liquidations if o.uid == c.uid and symbol in (None, o.symbol) and kind != "ADL"
            and (start is None or o.time >= start) and (end is None or o.time <= end)]
    return [{**fapi.order_json(o, query=True), "type": "LIMIT", "origType": "LIMIT"} for o in rows[-n:]]


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/fapi/v1/forceOrders"): ("SIGNED", 20, force_orders),
    ("GET", "/fapi/v1/openOrders"): ("SIGNED", v.weight_by_symbol(1, 40), open_orders),
    ("GET", "/fapi/v1/openOrder"): ("SIGNED", 1, open_order),
    ("GET", "/fapi/v1/allOrders"): ("SIGNED", 5, all_orders),
    ("POST", "/fapi/v1/batchOrders"): ("SIGNED", 5, batch_place, 5),
    ("DELETE", "/fapi/v1/batchOrders"): ("SIGNED", 1, batch_cancel),
    ("DELETE", "/fapi/v1/allOpenOrders"): ("SIGNED", 1, cancel_all),
    ("POST", "/fapi/v1/countdownCancelAll"): ("SIGNED", 10, countdown_cancel_all),
    ("POST", "/fapi/v1/listenKey"): ("APIKEY", 1, listen_key_create),
    ("PUT", "/fapi/v1/listenKey"): ("APIKEY", 1, listen_key_keepalive),
    ("DELETE", "/fapi/v1/listenKey"): ("APIKEY", 1, listen_key_close),
}
