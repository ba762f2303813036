"""USD-M futures order and algo-order handlers (`/fapi/v1/order`, `/fapi/v1/algoOrder` ...) over `futures.Futures`;
market data, account and bulk calls live in `fapi_market`, `fapi_account` and `fapi_orders`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.sim.binance import views as v
from tradewire.sim.binance.exchange import f8
from tradewire.sim.binance.futures import CONTRACTS, AlgoOrder, FOrder
from tradewire.sim.binance.wire import ApiError, Call

D = Decimal
ALGO_TYPES = ("STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET")
PRICE_MATCH = ("OPPONENT", "OPPONENT_5", "OPPONENT_10", "OPPONENT_20", "QUEUE", "QUEUE_5", "QUEUE_10", "QUEUE_20")


def _symbol(c: Call) -> str:
    s = c.need("symbol")
    if s not in CONTRACTS:
        raise ApiError(-1121, "Invalid symbol.")
    return s


def order_json(o: FOrder, query: bool = False) -> dict[str, Any]:
    k = CONTRACTS[o.symbol]
    price = D(0) if o.type == "MARKET" else o.price
    out: dict[str, Any] = {
        "orderId": o.id, "symbol": o.symbol, "status": o.status, "clientOrderId": o.client_id,
        "price": f"{price:.{k.price_precision}f}", "avgPrice": f8(o.avg_price),
        "origQty": f"{o.qty:.{k.quantity_precision}f}", "executedQty": f"{o.executed:.{k.quantity_precision}f}",
        "cumQty": f"{o.executed:.{k.quantity_precision}f}", "cumQuote": f8(o.cum_quote), "timeInForce": o.tif,
        "type": o.type, "reduceOnly": o.reduce_only, "closePosition": False, "side": o.side,
        "positionSide": o.position_side, "stopPrice": "0", "workingType": "CONTRACT_PRICE", "priceProtect": False,
        "origType": o.type,
        "priceMatch": o.price_match, "selfTradePreventionMode": "EXPIRE_MAKER", "goodTillDate": 0,
        "updateTime": o.update_time}
    if query:
        out["time"] = o.time
    return out


def _bool(c: Call, name: str) -> bool:
    value = (c.get(name) or "false").lower()
    if value not in ("true", "false"):
        raise ApiError(-1130, f"Data sent for parameter '{name}' is not valid.")
    return value == "true"


def _price_match(c: Call, priced: tuple[str, ...], kind: str) -> str:
    match = c.get("priceMatch") or "NONE"
    if match == "NONE":
        return match
    if match not in PRICE_MATCH:
        raise ApiError(-1130, "Data sent for parameter 'priceMatch' is not valid.")
    if kind not in priced or c.get("price") is not None:
        raise ApiError(-1128, "Combination of optional parameters invalid.")
    return match


def _side(c: Call) -> tuple[str, str]:
    """(side, positionSide): BOTH (the default) in one-way mode, LONG or SHORT in hedge mode, else -4061
    (binance-usdm-endpoints.json, positionSide: "`LONG` or `SHORT` for Hedge Mode. It must be sent with Hedge Mode")."""
    side = c.need("side")
    if side not in ("BUY", "SELL"):
        raise ApiError(-1117, "Invalid side.")
    ps = c.get("positionSide") or "BOTH"
    if ps not in c.ex.fstate.sides(c.uid):
        raise ApiError(-4061, "Order's position side does not match user's setting.")
    return side, ps


def _tif(c: Call) -> str:
    tif = c.get("timeInForce") or "GTC"
    if tif not in ("GTC", "IOC", "FOK", "GTX"):
        raise ApiError(-1115, "Invalid timeInForce.")
    return tif


def new_order(c: Call) -> Any:
    symbol = _symbol(c)
    (side, ps), kind = _side(c), c.need("type")
    if kind in ALGO_TYPES:  # since 2025-12 conditional orders live on the algo service only
        raise ApiError(-4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints "
                              "instead.")
    if kind not in ("LIMIT", "MARKET"):
        raise ApiError(-1116, "Invalid orderType.")
    match = _price_match(c, ("LIMIT",), kind)
    for name in ("quantity", "timeInForce") if kind == "LIMIT" else ("quantity",):
        c.need(name)
    if kind == "LIMIT" and match == "NONE":
        c.need("price")
    qty, price = c.dec("quantity"), c.dec("price") if kind == "LIMIT" else None
    tif = _tif(c)
    assert qty is not None
    if match != "NONE":
        price = c.ex.futures.match_price(symbol, side, match)
    o = c.ex.futures.place(c.uid, symbol, side, kind, qty, price, tif, _bool(c, "reduceOnly"),
                           c.get("newClientOrderId") or "", c.ex.clock.now_ms(), match, ps)
    return order_json(o)


def algo_json(a: AlgoOrder, kind: str = "new") -> dict[str, Any]:
    """An algo order as `kind` shows it: "new" (POST), "query" (GET one) or "open" (GET openAlgoOrders)."""
    k = CONTRACTS[a.symbol]

    def px(v: Decimal | None) -> str:
        return f"{v or D(0):.{k.price_precision}f}"

    out: dict[str, Any] = {
        "algoId": a.id, "clientAlgoId": a.client_id, "algoType": "CONDITIONAL", "orderType": a.type,
        "symbol": a.symbol, "side": a.side, "positionSide": a.position_side, "timeInForce": a.tif,
        "quantity": f"{a.qty:.{k.quantity_precision}f}", "algoStatus": a.state()}
    if kind != "new":
        actual = a.actual
        out.update({"actualOrderId": str(actual.id) if actual is not None else "",
                    "actualPrice": f"{actual.avg_price if actual is not None else D(0):.5f}"})
    if kind == "query":
        out.update({"actualType": "LIMIT" if a.type in ("STOP", "TAKE_PROFIT") else "MARKET",
                    "actualQty": f"{a.qty:.{k.quantity_precision}f}"})
    out.update({"triggerPrice": px(a.trigger), "price": px(a.price), "icebergQuantity": None})
    if kind == "open":
        out.update({"tpTriggerPrice": px(None), "tpPrice": px(None), "slTriggerPrice": px(None), "slPrice": px(None),
                    "tpOrderType": ""})
    if kind == "query":
        out["tpOrderType"] = ""
    out.update({"selfTradePreventionMode": "EXPIRE_MAKER", "workingType": a.working_type, "priceMatch": a.price_match,
                "closePosition": a.close_position, "priceProtect": False, "reduceOnly": a.reduce_only})
    if kind == "new":
        out.update({"activatePrice": px(a.activate) if a.activate is not None else "",
                    "callbackRate": f"{a.callback}" if a.callback is not None else ""})
    out.update({"createTime": a.time, "updateTime": a.update_time, "triggerTime": a.trigger_time, "goodTillDate": 0})
    return out


def new_algo_order(c: Call) -> Any:
    if c.need("algoType") != "CONDITIONAL":
        raise ApiError(-1130, "Data sent for parameter 'algoType' is not valid.")
    symbol = _symbol(c)
    (side, ps), kind = _side(c), c.need("type")
    if kind not in ALGO_TYPES:
        raise ApiError(-1116, "Invalid orderType.")
    match = _price_match(c, ("STOP", "TAKE_PROFIT"), kind)
    close = _bool(c, "closePosition")
    if close and (kind not in ("STOP_MARKET", "TAKE_PROFIT_MARKET") or c.get("quantity") is not None
                  or c.get("reduceOnly") is not None):
        raise ApiError(-1128, "Combination of optional parameters invalid.")
    if not close:
        c.need("quantity")
    if kind == "TRAILING_STOP_MARKET":
        c.need("callbackRate")
        rate = c.dec("callbackRate")
        assert rate is not None
        if not D("0.1") <= rate <= 10:
            raise ApiError(-2007, "Invalid callBack rate.")
    else:
        c.need("triggerPrice")
    if kind in ("STOP", "TAKE_PROFIT") and match == "NONE":
        c.need("price")
    working = c.get("workingType") or "CONTRACT_PRICE"
    if working not in ("MARK_PRICE", "CONTRACT_PRICE"):
        raise ApiError(-1130, "Data sent for parameter 'workingType' is not valid.")
    a = c.ex.futures.place_algo(
        c.uid, symbol, side, kind, c.dec("quantity") or D(0), c.dec("triggerPrice"),
        c.dec("price") if kind in ("STOP", "TAKE_PROFIT") else None, _tif(c), working, _bool(c, "reduceOnly"),
        close, c.get("clientAlgoId") or "", c.ex.clock.now_ms(), match,
        c.dec("activatePrice") if kind == "TRAILING_STOP_MARKET" else None,
        c.dec("callbackRate") if kind == "TRAILING_STOP_MARKET" else None, ps)
    return algo_json(a)


def _algo_ids(c: Call) -> tuple[int | None, str | None]:
    aid, cid = c.int("algoId"), c.get("clientAlgoId")
    if aid is None and cid is None:
        raise ApiError(-1102, "Param 'algoId' or 'clientAlgoId' must be sent, but both were empty/null!")
    return aid, cid


def get_algo_order(c: Call) -> Any:
    return algo_json(c.ex.futures.find_algo(c.uid, *_algo_ids(c)), "query")


def cancel_algo_order(c: Call) -> Any:
    a = c.ex.futures.cancel_algo(c.uid, *_algo_ids(c), c.ex.clock.now_ms())
    return {"algoId": a.id, "clientAlgoId": a.client_id, "code": "200", "msg": "success"}


def open_algo_orders(c: Call) -> Any:
    symbol = _symbol(c) if c.get("symbol") is not None else None
    aid = c.int("algoId")
    return [algo_json(a, "open") for a in c.ex.futures.open_algos(c.uid, symbol) if aid in (None, a.id)]


def all_algo_orders(c: Call) -> Any:
    symbol = _symbol(c)
    start, end, aid = c.int("startTime"), c.int("endTime"), c.int("algoId")
    rows = [a for a in c.ex.futures.algos.values() if a.uid == c.uid and a.symbol == symbol
            and (aid is None or a.id >= aid) and (start is None or a.time >= start) and (end is None or a.time <= end)]
    return [algo_json(a, "query") for a in rows[-v._limit(c, 500, 1000):]]


def cancel_all_algo_orders(c: Call) -> Any:
    now = c.ex.clock.now_ms()
    for a in c.ex.futures.open_algos(c.uid, _symbol(c)):
        c.ex.futures.cancel_algo(c.uid, a.id, None, now)
    return {"code": 200, "msg": "The operation of cancel all open order is done."}


def _find(c: Call) -> FOrder:
    oid, cid = c.int("orderId"), c.get("origClientOrderId")
    if oid is None and cid is None:
        raise ApiError(-1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!")
    return c.ex.futures.find(c.uid, _symbol(c), oid, cid)


def get_order(c: Call) -> Any:
    return order_json(_find(c), query=True)


def cancel_order(c: Call) -> Any:
    symbol = _symbol(c)
    oid, cid = c.int("orderId"), c.get("origClientOrderId")
    if oid is None and cid is None:
        raise ApiError(-1102, "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!")
    return order_json(c.ex.futures.cancel(c.uid, symbol, oid, cid, c.ex.clock.now_ms()))


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("POST", "/fapi/v1/order"): ("SIGNED", 1, new_order, 1),
    ("GET", "/fapi/v1/order"): ("SIGNED", 1, get_order),
    ("DELETE", "/fapi/v1/order"): ("SIGNED", 1, cancel_order),
    ("POST", "/fapi/v1/algoOrder"): ("SIGNED", 0, new_algo_order, 1),
    ("GET", "/fapi/v1/algoOrder"): ("SIGNED", 1, get_algo_order),
    ("DELETE", "/fapi/v1/algoOrder"): ("SIGNED", 1, cancel_algo_order),
    ("GET", "/fapi/v1/openAlgoOrders"): ("SIGNED", v.weight_by_symbol(1, 40), open_algo_orders),
    ("GET", "/fapi/v1/allAlgoOrders"): ("SIGNED", 5, all_algo_orders),
    ("DELETE", "/fapi/v1/algoOpenOrders"): ("SIGNED", 1, cancel_all_algo_orders),
}
