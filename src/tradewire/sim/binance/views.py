"""The Binance handlers: parameters in, Binance-shaped JSON out (binance.md §10-§13, samples)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tradewire.sim.binance import wallet
from tradewire.sim.binance.exchange import BinanceExchange, f8
from tradewire.sim.binance.tape_market import PublicTrade
from tradewire.sim.binance.trailing import check_trailing
from tradewire.sim.binance.wire import ApiError, Call
from tradewire.sim.engine import FREE, LOCKED, Order, OrderList, Reject

D = Decimal
TYPES = ("LIMIT", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT", "LIMIT_MAKER")
NEEDS = {"LIMIT": ("timeInForce", "quantity", "price"), "MARKET": (), "STOP_LOSS": ("quantity",),
         "STOP_LOSS_LIMIT": ("timeInForce", "quantity", "price"), "TAKE_PROFIT": ("quantity",),
         "TAKE_PROFIT_LIMIT": ("timeInForce", "quantity", "price"), "LIMIT_MAKER": ("quantity", "price")}
REJECTS = {"would take": "Order would immediately match and take.",
           "insufficient balance": "Account has insufficient balance for requested action.",
           "duplicate": "Duplicate order sent.", "would trigger": "Order would trigger immediately.",
           "no depth": "No orders on book for symbol.",
           "bad prices": "The relationship of the prices for the orders is not correct.",
           "unknown": "Unknown order sent."}
INTERVALS = ("1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")
RATE_LIMITS = [
    {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 1200},
    {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 100},
    {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": 200000},
    {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5, "limit": 5000},
]


def _symbol(c: Call) -> str:
    s = c.need("symbol")
    if s not in c.ex.specs:
        raise ApiError(-1121, "Invalid symbol.")
    return s


def _symbols(c: Call) -> list[str]:
    if c.get("symbol"):
        return [_symbol(c)]
    raw = c.get("symbols")
    if raw is None:
        return sorted(c.ex.specs)
    try:
        names = [str(n) for n in json.loads(raw)]
    except ValueError:
        raise ApiError(-1100, "Illegal characters found in parameter 'symbols'.") from None
    for n in names:
        if n not in c.ex.specs:
            raise ApiError(-1121, "Invalid symbol.")
    return names


def _limit(c: Call, default: int, hi: int) -> int:
    n = c.int("limit")
    if n is None:
        return default
    if not 1 <= n <= hi:
        raise ApiError(-1130, f"Illegal characters found in parameter 'limit'; legal range is '1' to '{hi}'.")
    return n


# --- market data ---------------------------------------------------------------------------------

def ping(c: Call) -> Any:
    return {}


def server_time(c: Call) -> Any:
    return {"serverTime": c.ex.clock.now_ms()}


def exchange_info(c: Call) -> Any:
    out = []
    for name in _symbols(c):
        spec = c.ex.specs[name]
        out.append({
            "symbol": name, "status": "TRADING", "baseAsset": spec.pair.base, "baseAssetPrecision": 8,
            "quoteAsset": spec.pair.quote, "quotePrecision": 8, "quoteAssetPrecision": 8,
            "baseCommissionPrecision": 8, "quoteCommissionPrecision": 8, "orderTypes": list(TYPES),
            "icebergAllowed": True, "ocoAllowed": True, "quoteOrderQtyMarketAllowed": True,
            "otoAllowed": True, "allowTrailingStop": True, "cancelReplaceAllowed": True, "isSpotTradingAllowed": True,
            "isMarginTradingAllowed": True, "filters": spec.filters, "permissions": ["SPOT", "MARGIN"],
            "defaultSelfTradePreventionMode": "NONE",
            "allowedSelfTradePreventionModes": ["NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
        })
    return {"timezone": "UTC", "serverTime": c.ex.clock.now_ms(), "rateLimits": RATE_LIMITS, "exchangeFilters": [],
            "symbols": out}


def depth(c: Call) -> Any:
    symbol, limit = _symbol(c), _limit(c, 100, 5000)
    replay = c.ex.replay
    if replay is not None and symbol in replay:
        uid, bids, asks = replay.depth(symbol, c.ex.clock.now_ms(), limit)
    else:
        uid, bids, asks = c.ex.engine.depth(symbol, limit)
    return {"lastUpdateId": uid, "bids": [[f8(p), f8(q)] for p, q in bids], "asks": [[f8(p), f8(q)] for p, q in asks]}


def depth_weight(p: dict[str, str]) -> int:
    n = int(p["limit"]) if p.get("limit", "").isdigit() else 100
    return 1 if n <= 100 else 5 if n <= 500 else 10 if n <= 1000 else 50


def _trade(t: PublicTrade) -> dict[str, Any]:
    return {"id": t.id, "price": f8(t.price), "qty": f8(t.qty), "quoteQty": f8(t.price * t.qty), "time": t.time,
            "isBuyerMaker": t.buyer_maker, "isBestMatch": True}


def trades(c: Call) -> Any:
    """The latest public trades: the tape's prints and users' trades (tape_market.py)."""
    return [_trade(t) for t in c.ex.tapes.trades(_symbol(c), c.ex.clock.now_ms(), _limit(c, 500, 1000))]


def historical_trades(c: Call) -> Any:
    return [_trade(t) for t in c.ex.tapes.trades(_symbol(c), c.ex.clock.now_ms(), _limit(c, 500, 1000),
                                                 from_id=c.int("fromId"))]


def agg_trades(c: Call) -> Any:
    """One aggregate per trade (no two prints share a taker order)."""
    picked = c.ex.tapes.trades(_symbol(c), c.ex.clock.now_ms(), _limit(c, 500, 1000), from_id=c.int("fromId"),
                               start=c.int("startTime"), end=c.int("endTime"))
    return [{"a": t.id, "p": f8(t.price), "q": f8(t.qty), "f": t.id, "l": t.id, "T": t.time, "m": t.buyer_maker,
             "M": True} for t in picked]


def klines(c: Call) -> Any:
    """Candles of the tape for every interval (calendar months for 1M, weeks from Monday)."""
    symbol = _symbol(c)
    interval = c.need("interval")
    if interval not in INTERVALS:
        raise ApiError(-1120, "Invalid interval.")
    return [k.row() for k in c.ex.tapes.klines(symbol, interval, c.int("startTime"), c.int("endTime"),
                                               _limit(c, 500, 1000), c.ex.clock.now_ms())]


def avg_price_of(ex: BinanceExchange, symbol: str) -> Decimal:
    """Volume-weighted price of the tape's last 5 minutes (the last trade when there was none)."""
    now = ex.clock.now_ms()
    w = ex.tapes.window(symbol, now - 300_000 + 1, now)
    return (w.quote / w.volume).quantize(D("0.00000001")) if w.volume else w.close


def avg_price(c: Call) -> Any:
    return {"mins": 5, "price": f8(avg_price_of(c.ex, _symbol(c)))}


def _ticker(c: Call, symbol: str, window_ms: int, mini: bool) -> dict[str, Any]:
    """Statistics of the tape over the window ending now; bid and ask from the book."""
    now = c.ex.clock.now_ms()
    w = c.ex.tapes.window(symbol, now - window_ms + 1, now)
    out: dict[str, Any] = {"symbol": symbol}
    if not mini:
        book = c.ex.engine.books[symbol]
        bid, ask = book.bids.depth(1), book.asks.depth(1)
        change = w.close - w.open
        out.update({"priceChange": f8(change),
                    "priceChangePercent": f"{(change / w.open * 100) if w.open else D(0):.3f}",
                    "weightedAvgPrice": f8(w.quote / w.volume if w.volume else D(0)), "prevClosePrice": f8(w.open),
                    "lastPrice": f8(w.close), "lastQty": f8(w.last_qty),
                    "bidPrice": f8(bid[0][0] if bid else D(0)), "bidQty": f8(bid[0][1] if bid else D(0)),
                    "askPrice": f8(ask[0][0] if ask else D(0)), "askQty": f8(ask[0][1] if ask else D(0))})
    out.update({"openPrice": f8(w.open), "highPrice": f8(w.high), "lowPrice": f8(w.low), "lastPrice": f8(w.close),
                "volume": f8(w.volume), "quoteVolume": f8(w.quote), "openTime": now - window_ms, "closeTime": now,
                "firstId": w.first_id, "lastId": w.last_id, "count": w.count})
    return out


def ticker_24h(c: Call) -> Any:
    mini = c.get("type") == "MINI"
    rows = [_ticker(c, s, 86_400_000, mini) for s in _symbols(c)]
    return rows[0] if c.get("symbol") else rows


def rolling_ticker(c: Call) -> Any:
    size = c.get("windowSize") or "1d"
    ms = int(size[:-1]) * {"m": 60_000, "h": 3_600_000, "d": 86_400_000}[size[-1]]
    rows = [_ticker(c, s, ms, c.get("type") == "MINI") for s in _symbols(c)]
    return rows[0] if c.get("symbol") else rows


def ticker_price(c: Call) -> Any:
    rows = [{"symbol": s, "price": f8(c.ex.engine.books[s].last_price or D(0))} for s in _symbols(c)]
    return rows[0] if c.get("symbol") else rows


def book_ticker(c: Call) -> Any:
    rows = []
    for s in _symbols(c):
        book = c.ex.engine.books[s]
        bid, ask = book.bids.depth(1), book.asks.depth(1)
        rows.append({"symbol": s, "bidPrice": f8(bid[0][0] if bid else D(0)), "bidQty": f8(bid[0][1] if bid else D(0)),
                     "askPrice": f8(ask[0][0] if ask else D(0)), "askQty": f8(ask[0][1] if ask else D(0))})
    return rows[0] if c.get("symbol") else rows


def weight_by_symbol(one: int, many: int) -> Callable[[dict[str, str]], int]:
    return lambda p: one if "symbol" in p else many


# --- orders --------------------------------------------------------------------------------------

def order_json(o: Order, kind: str = "FULL", query: bool = False, orig: str | None = None) -> dict[str, Any]:
    """An order as Binance renders it for `kind` (ACK/RESULT/FULL), a query, or a cancel (`orig`)."""
    out: dict[str, Any] = {"symbol": o.symbol}
    if orig is not None:
        out["origClientOrderId"] = orig
    out.update({"orderId": o.id, "orderListId": o.list_id, "clientOrderId": o.client_id})
    if not query and orig is None:
        out["transactTime"] = o.time
    if kind == "ACK":
        return out
    out.update({"price": f8(o.price or D(0)), "origQty": f8(o.qty), "executedQty": f8(o.executed),
                "cummulativeQuoteQty": f8(o.cum_quote), "status": o.status, "timeInForce": o.tif, "type": o.type,
                "side": o.side})
    if o.stop_price is not None:
        out["stopPrice"] = f8(o.stop_price)
    if o.trailing_delta is not None:  # conditional fields of a trailing stop (rest-api.md)
        out.update(trailingDelta=o.trailing_delta, trailingTime=o.trailing_time)
    if query:
        out.update({"stopPrice": f8(o.stop_price or D(0)), "icebergQty": f8(D(0)), "time": o.time,
                    "updateTime": o.update_time, "isWorking": o.working_time > 0,
                    "origQuoteOrderQty": f8(o.quote_qty or D(0))})
    if orig is None:
        out["workingTime"] = o.working_time
    out["selfTradePreventionMode"] = o.stp
    if kind == "FULL" and not query and orig is None:
        out["fills"] = [{"price": f8(f.price), "qty": f8(f.qty), "commission": f8(f.commission),
                         "commissionAsset": f.commission_asset, "tradeId": f.trade_id} for f in o.fills]
    return out


def list_json(ol: OrderList, reports: list[dict[str, Any]] | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "orderListId": ol.id, "contingencyType": ol.contingency,
        "listStatusType": "ALL_DONE" if ol.status == "ALL_DONE" else "EXEC_STARTED",
        "listOrderStatus": ol.status, "listClientOrderId": ol.client_id, "transactionTime": ol.time,
        "symbol": ol.symbol, "orders": [{"symbol": o.symbol, "orderId": o.id, "clientOrderId": o.client_id}
                                        for o in ol.orders]}
    if reports is not None:
        out["orderReports"] = reports
    return out


def _check_filters(c: Call, symbol: str, side: str, kind: str, qty: Decimal | None, price: Decimal | None,
                   stop: Decimal | None) -> None:
    spec = c.ex.specs[symbol]
    f = {x["filterType"]: x for x in spec.filters}

    def fail(name: str) -> ApiError:
        return ApiError(-1013, f"Filter failure: {name}")

    pf = f["PRICE_FILTER"]
    for value in (price, stop):
        if value is not None and (value < D(pf["minPrice"]) or value > D(pf["maxPrice"]) or value % D(pf["tickSize"])):
            raise fail("PRICE_FILTER")
    if qty is not None:
        lot = f["LOT_SIZE"]
        if qty < D(lot["minQty"]) or qty > D(lot["maxQty"]) or qty % D(lot["stepSize"]):
            raise fail("LOT_SIZE")
        if kind == "MARKET":
            mlot = f["MARKET_LOT_SIZE"]
            if D(mlot["maxQty"]) and qty > D(mlot["maxQty"]):
                raise fail("MARKET_LOT_SIZE")
    avg = avg_price_of(c.ex, symbol)
    if price is not None and avg:
        if "PERCENT_PRICE_BY_SIDE" in f:
            pp = f["PERCENT_PRICE_BY_SIDE"]
            pre = "bid" if side == "BUY" else "ask"
            up, down, name = D(pp[f"{pre}MultiplierUp"]), D(pp[f"{pre}MultiplierDown"]), "PERCENT_PRICE_BY_SIDE"
        else:
            pp = f["PERCENT_PRICE"]
            up, down, name = D(pp["multiplierUp"]), D(pp["multiplierDown"]), "PERCENT_PRICE"
        if price > avg * up or price < avg * down:
            raise fail(name)
    ref = avg if kind == "MARKET" else price
    if ref is not None and qty is not None:
        notional = ref * qty
        if "NOTIONAL" in f and notional < D(f["NOTIONAL"]["minNotional"]):
            raise fail("NOTIONAL")
        if "MIN_NOTIONAL" in f and notional < D(f["MIN_NOTIONAL"]["minNotional"]):
            raise fail("MIN_NOTIONAL")
    open_count = len(c.ex.engine.open_orders(c.uid, symbol))
    if open_count >= int(f["MAX_NUM_ORDERS"]["maxNumOrders"]):
        raise fail("MAX_NUM_ORDERS")
    if kind in ("STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"):
        algo = sum(1 for o in c.ex.engine.open_orders(c.uid, symbol) if o.type.startswith(("STOP", "TAKE")))
        if algo >= int(f["MAX_NUM_ALGO_ORDERS"]["maxNumAlgoOrders"]):
            raise fail("MAX_NUM_ALGO_ORDERS")


def _order_args(c: Call) -> dict[str, Any]:
    """Validate a new order's parameters; the keyword arguments of `Engine.place`."""
    symbol = _symbol(c)
    side = c.need("side")
    if side not in ("BUY", "SELL"):
        raise ApiError(-1117, "Invalid side.")
    kind = c.need("type")
    if kind not in TYPES:
        raise ApiError(-1116, "Invalid orderType.")
    for name in NEEDS[kind]:
        c.need(name)
    qty, quote_qty = c.dec("quantity"), c.dec("quoteOrderQty")
    if kind == "MARKET" and (qty is None) == (quote_qty is None):
        raise ApiError(-1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!")
    stop, trailing = c.dec("stopPrice"), c.int("trailingDelta")
    if kind.startswith(("STOP_LOSS", "TAKE_PROFIT")) and stop is None and trailing is None:
        raise ApiError(-1102, "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!")
    tif = c.get("timeInForce")
    if tif is not None and tif not in ("GTC", "IOC", "FOK"):
        raise ApiError(-1115, "Invalid timeInForce.")
    if tif is not None and kind in ("MARKET", "LIMIT_MAKER"):
        raise ApiError(-1106, "Parameter 'timeInForce' sent when not required.")
    price = c.dec("price")
    _check_filters(c, symbol, side, kind, qty, price, stop)
    check_trailing(c, symbol, side, kind, trailing)
    stp = c.get("selfTradePreventionMode") or "NONE"
    if stp not in ("NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"):
        raise ApiError(-1130, "Invalid data sent for a parameter.")
    return dict(uid=c.uid, symbol=symbol, side=side, type=kind, qty=qty if qty is not None else D(0), price=price,
                tif=tif or "GTC", stop_price=stop, quote_qty=quote_qty, client_id=c.get("newClientOrderId") or "",
                stp=stp, trailing_delta=trailing)


def _resp_type(c: Call, kind: str) -> str:
    rt = c.get("newOrderRespType") or ("FULL" if kind in ("MARKET", "LIMIT") else "ACK")
    if rt not in ("ACK", "RESULT", "FULL"):
        raise ApiError(-1130, "Invalid data sent for a parameter.")
    return rt


def _place(c: Call, args: dict[str, Any]) -> Order:
    try:
        return c.ex.engine.place(**args)
    except Reject as e:
        raise ApiError(-2010, REJECTS[e.reason]) from None


def new_order(c: Call) -> Any:
    args = _order_args(c)
    return order_json(_place(c, args), _resp_type(c, args["type"]))


def test_order(c: Call) -> Any:
    _order_args(c)
    return {}


def _find(c: Call, symbol: str, id_name: str = "orderId", cid_name: str = "origClientOrderId") -> Order:
    oid, cid = c.int(id_name), c.get(cid_name)
    if oid is None and cid is None:
        raise ApiError(-1102, f"Param '{cid_name}' or '{id_name}' must be sent, but both were empty/null!")
    o = c.ex.engine.find(c.uid, symbol, oid, cid)
    if o is None:
        raise ApiError(-2013, "Order does not exist.")
    return o


def get_order(c: Call) -> Any:
    return order_json(_find(c, _symbol(c)), query=True)


def _cancel(c: Call, symbol: str, o: Order) -> dict[str, Any]:
    restriction = c.get("cancelRestrictions")
    if restriction is not None and restriction not in ("ONLY_NEW", "ONLY_PARTIALLY_FILLED"):
        raise ApiError(-1145, "Invalid cancelRestrictions")
    if (restriction == "ONLY_NEW" and o.status != "NEW") or (
            restriction == "ONLY_PARTIALLY_FILLED" and o.status != "PARTIALLY_FILLED"):
        raise ApiError(-2011, "Order was not canceled due to cancel restrictions.")
    orig = o.client_id
    try:
        c.ex.engine.cancel(c.uid, symbol, o.id)
    except Reject:
        raise ApiError(-2011, "Unknown order sent.") from None
    o.client_id = c.get("newClientOrderId") or o.client_id
    return order_json(o, orig=orig)


def cancel_order(c: Call) -> Any:
    symbol = _symbol(c)
    try:
        o = _find(c, symbol)
    except ApiError:
        raise ApiError(-2011, "Unknown order sent.") from None
    if not o.open:
        raise ApiError(-2011, "Unknown order sent.")
    return _cancel(c, symbol, o)


def cancel_all(c: Call) -> Any:
    symbol = _symbol(c)
    out: list[dict[str, Any]] = []
    done_lists: set[int] = set()
    for o in c.ex.engine.open_orders(c.uid, symbol):
        if o.list_id >= 0:
            if o.list_id not in done_lists:
                done_lists.add(o.list_id)
                ol = c.ex.engine.cancel_list(c.uid, symbol, o.list_id)
                out.append(list_json(ol, [order_json(x, orig=x.client_id) for x in ol.orders]))
        elif o.open:
            c.ex.engine.cancel(c.uid, symbol, o.id)
            out.append(order_json(o, orig=o.client_id))
    if not out:
        raise ApiError(-2011, "Unknown order sent.")
    return out


def cancel_replace(c: Call) -> Any:
    symbol = _symbol(c)
    mode = c.need("cancelReplaceMode")
    if mode not in ("STOP_ON_FAILURE", "ALLOW_FAILURE"):
        raise ApiError(-1130, "Invalid data sent for a parameter.")
    args = _order_args(c)
    cancel: dict[str, Any]
    cancel_ok = True
    try:
        o = _find(c, symbol, "cancelOrderId", "cancelOrigClientOrderId")
        if not o.open:
            raise ApiError(-2011, "Unknown order sent.")
        sub = Call({**c.params, "newClientOrderId": c.get("cancelNewClientOrderId") or ""}, c.user, c.ex)
        cancel = _cancel(sub, symbol, o)
    except ApiError as e:
        cancel_ok, cancel = False, {"code": -2011 if e.code == -2013 else e.code,
                                    "msg": "Unknown order sent." if e.code == -2013 else e.msg}
    if not cancel_ok and mode == "STOP_ON_FAILURE":
        raise ApiError(-2022, "Order cancel-replace failed.", 400, {
            "cancelResult": "FAILURE", "newOrderResult": "NOT_ATTEMPTED", "cancelResponse": cancel,
            "newOrderResponse": None})
    try:
        new: dict[str, Any] = order_json(_place(c, args), _resp_type(c, args["type"]))
        new_ok = True
    except ApiError as e:
        new, new_ok = {"code": e.code, "msg": e.msg}, False
    data = {"cancelResult": "SUCCESS" if cancel_ok else "FAILURE", "newOrderResult": "SUCCESS" if new_ok else "FAILURE",
            "cancelResponse": cancel, "newOrderResponse": new}
    if cancel_ok and new_ok:
        return data
    if cancel_ok or new_ok:
        raise ApiError(-2021, "Order cancel-replace partially failed.", 409, data)
    raise ApiError(-2022, "Order cancel-replace failed.", 400, data)


def open_orders(c: Call) -> Any:
    symbol = _symbol(c) if c.get("symbol") else None
    return [order_json(o, query=True) for o in c.ex.engine.open_orders(c.uid, symbol)]


def all_orders(c: Call) -> Any:
    symbol = _symbol(c)
    start = c.int("orderId") or 0
    rows = [o for o in c.ex.engine.orders.values() if o.uid == c.uid and o.symbol == symbol and o.id >= start]
    return [order_json(o, query=True) for o in rows[:_limit(c, 500, 1000)]]


def new_oco(c: Call) -> Any:
    symbol = _symbol(c)
    side = c.need("side")
    if side not in ("BUY", "SELL"):
        raise ApiError(-1117, "Invalid side.")
    qty, price, stop = (c.dec(n) for n in ("quantity", "price", "stopPrice"))
    for name, value in (("quantity", qty), ("price", price), ("stopPrice", stop)):
        if value is None:
            c.need(name)
    assert qty is not None and price is not None and stop is not None
    stop_limit = c.dec("stopLimitPrice")
    stop_tif = c.get("stopLimitTimeInForce")
    if (stop_limit is None) != (stop_tif is None):
        raise ApiError(-1128, "Combination of optional parameters invalid.")
    _check_filters(c, symbol, side, "LIMIT_MAKER", qty, price, stop)
    trailing = c.int("trailingDelta")
    check_trailing(c, symbol, side, "STOP_LOSS", trailing)
    try:
        ol = c.ex.engine.place_oco(c.uid, symbol, side, qty, price, stop, stop_limit, stop_tif or "GTC",
                                   c.get("listClientOrderId") or "", c.get("limitClientOrderId") or "",
                                   c.get("stopClientOrderId") or "", c.get("selfTradePreventionMode") or "NONE",
                                   trailing)
    except Reject as e:
        raise ApiError(-2010, REJECTS[e.reason]) from None
    return list_json(ol, [order_json(o, "RESULT") for o in ol.orders])


def new_order_list_oco(c: Call) -> Any:
    """`POST /api/v3/orderList/oco`: an above and a below leg. The simulator's engine pairs a LIMIT_MAKER
    with a STOP_LOSS(_LIMIT) leg; TAKE_PROFIT(_LIMIT) legs (accepted by Binance since 2024-12) are not
    simulated and answered as unsupported."""
    symbol = _symbol(c)
    side = c.need("side")
    if side not in ("BUY", "SELL"):
        raise ApiError(-1117, "Invalid side.")
    qty = c.dec("quantity")
    if qty is None:
        c.need("quantity")
    assert qty is not None
    above, below = c.need("aboveType"), c.need("belowType")
    leg_types = ("STOP_LOSS_LIMIT", "STOP_LOSS", "LIMIT_MAKER", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")
    if above not in leg_types or below not in leg_types:
        raise ApiError(-1116, "Invalid orderType.")
    legs = {"above": above, "below": below}
    limit_leg = next((k for k, t in legs.items() if t in ("LIMIT_MAKER", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")), None)
    stop_leg = next((k for k, t in legs.items() if t in ("STOP_LOSS", "STOP_LOSS_LIMIT")), None)
    if limit_leg is None or stop_leg is None or limit_leg == stop_leg:
        raise ApiError(-1167, "Invalid order list: one order must be LIMIT_MAKER/TAKE_PROFIT/TAKE_PROFIT_LIMIT, "
                              "the other STOP_LOSS/STOP_LOSS_LIMIT.")
    if legs[limit_leg] != "LIMIT_MAKER":
        raise ApiError(-1020, "This operation is not supported.")
    for leg, kind in legs.items():
        for name, needed in ((f"{leg}Price", kind in ("LIMIT_MAKER", "STOP_LOSS_LIMIT")),
                             (f"{leg}TimeInForce", kind == "STOP_LOSS_LIMIT"),
                             (f"{leg}StopPrice", kind != "LIMIT_MAKER")):
            if needed:
                c.need(name)
            elif c.get(name) is not None:
                raise ApiError(-1106, f"Parameter '{name}' sent when not required.")
    price, stop = c.dec(f"{limit_leg}Price"), c.dec(f"{stop_leg}StopPrice")
    assert price is not None and stop is not None
    stop_limit = c.dec(f"{stop_leg}Price")
    stop_tif = c.get(f"{stop_leg}TimeInForce")
    if stop_tif is not None and stop_tif not in ("GTC", "IOC", "FOK"):
        raise ApiError(-1115, "Invalid timeInForce.")
    _check_filters(c, symbol, side, "LIMIT_MAKER", qty, price, stop)
    trailing = c.int(f"{stop_leg}TrailingDelta")
    check_trailing(c, symbol, side, legs[stop_leg], trailing)
    try:
        ol = c.ex.engine.place_oco(c.uid, symbol, side, qty, price, stop, stop_limit, stop_tif or "GTC",
                                   c.get("listClientOrderId") or "", c.get(f"{limit_leg}ClientOrderId") or "",
                                   c.get(f"{stop_leg}ClientOrderId") or "", c.get("selfTradePreventionMode") or "NONE",
                                   trailing)
    except Reject as e:
        raise ApiError(-2010, REJECTS[e.reason]) from None
    kind = c.get("newOrderRespType") or "FULL"
    if kind not in ("ACK", "RESULT", "FULL"):
        raise ApiError(-1130, "Invalid data sent for a parameter.")
    return list_json(ol, [order_json(o, kind) for o in ol.orders])


def _list(c: Call, id_name: str, cid_name: str) -> OrderList:
    lid, cid = c.int(id_name), c.get(cid_name)
    if lid is None and cid is None:
        raise ApiError(-1102, f"Param '{id_name}' or '{cid_name}' must be sent, but both were empty/null!")
    for ol in c.ex.engine.lists.values():
        if ol.orders[0].uid == c.uid and (ol.id == lid if lid is not None else ol.client_id == cid):
            return ol
    raise ApiError(-2013, "Order list does not exist.")


def cancel_oco(c: Call) -> Any:
    symbol = _symbol(c)
    try:
        ol = _list(c, "orderListId", "listClientOrderId")
        ol = c.ex.engine.cancel_list(c.uid, symbol, ol.id)
    except (ApiError, Reject):
        raise ApiError(-2011, "Unknown order sent.") from None
    return list_json(ol, [order_json(o, orig=o.client_id) for o in ol.orders])


def get_oco(c: Call) -> Any:
    return list_json(_list(c, "orderListId", "origClientOrderId"), None)


def all_oco(c: Call) -> Any:
    """`GET /api/v3/allOrderList`: from `fromId` up, or inside startTime..endTime (the oldest first), else the
    most recent `limit` (default 500, at most 1000); fromId excludes the times (rest-api.md)."""
    from_id, start, end = c.int("fromId"), c.int("startTime"), c.int("endTime")
    if from_id is not None and (start is not None or end is not None):
        raise ApiError(-1106, "Parameter 'startTime' sent when not required.")
    limit = _limit(c, 500, 1000)
    mine = [ol for ol in c.ex.engine.lists.values() if ol.orders[0].uid == c.uid
            and (from_id is None or ol.id >= from_id) and (start is None or ol.time >= start)
            and (end is None or ol.time <= end)]
    picked = mine[:limit] if from_id is not None or start is not None else mine[-limit:]
    return [list_json(ol, None) for ol in picked]


def open_oco(c: Call) -> Any:
    return [list_json(ol, None) for ol in c.ex.engine.lists.values()
            if ol.orders[0].uid == c.uid and ol.status != "ALL_DONE"]


def commission(c: Call) -> Any:
    """`GET /api/v3/account/commission` (rest-api.md, "Query Commission Rates"): the simulator's flat 0.1 %."""
    symbol = _symbol(c)
    rates = {"maker": f8(D("0.001")), "taker": f8(D("0.001")), "buyer": f8(D(0)), "seller": f8(D(0))}
    zero = {k: f8(D(0)) for k in rates}
    return {"symbol": symbol, "standardCommission": rates, "specialCommission": zero, "taxCommission": zero,
            "discount": {"enabledForAccount": False, "enabledForSymbol": False, "discountAsset": "BNB",
                         "discount": f8(D("0.75"))}}


def account(c: Call) -> Any:
    ledger = c.ex.ledger
    assets = sorted(set(ledger.assets(c.uid, FREE)) | set(ledger.assets(c.uid, LOCKED)))
    return {"makerCommission": 10, "takerCommission": 10, "buyerCommission": 0, "sellerCommission": 0,
            "commissionRates": {"maker": f8(D("0.001")), "taker": f8(D("0.001")), "buyer": f8(D(0)),
                                "seller": f8(D(0))},
            "canTrade": True, "canWithdraw": True, "canDeposit": True, "brokered": False,
            "requireSelfTradePrevention": False, "updateTime": c.ex.clock.now_ms(), "accountType": "SPOT",
            "balances": [{"asset": a, "free": f8(ledger.balance(c.uid, FREE, a)),
                          "locked": f8(ledger.balance(c.uid, LOCKED, a))} for a in assets],
            "permissions": ["SPOT"]}


def my_trades(c: Call) -> Any:
    symbol = _symbol(c)
    oid = c.int("orderId")
    rows = [(o, f, t) for o, f, t in c.ex.engine.user_trades.get(c.uid, [])
            if o.symbol == symbol and (oid is None or o.id == oid)]
    return [{"symbol": symbol, "id": t.id, "orderId": o.id, "orderListId": o.list_id, "price": f8(f.price),
             "qty": f8(f.qty), "quoteQty": f8(f.price * f.qty), "commission": f8(f.commission),
             "commissionAsset": f.commission_asset, "time": t.time, "isBuyer": o.side == "BUY", "isMaker": f.maker,
             "isBestMatch": True} for o, f, t in rows[-_limit(c, 500, 1000):]]


def order_rate_limits(c: Call) -> Any:
    return [{**RATE_LIMITS[1], "count": 0}, {**RATE_LIMITS[2], "count": 0}]


def prevented_matches(c: Call) -> Any:
    symbol = _symbol(c)
    pid, oid = c.int("preventedMatchId"), c.int("orderId")
    return [{"symbol": p.symbol, "preventedMatchId": p.id, "takerOrderId": p.taker_order,
             "makerOrderId": p.maker_order, "tradeGroupId": 1, "selfTradePreventionMode": p.mode,
             "price": f8(p.price), "makerPreventedQuantity": f8(p.maker_qty), "transactTime": p.time}
            for p in c.ex.engine.prevented
            if p.uid == c.uid and p.symbol == symbol and (pid is None or p.id == pid)
            and (oid is None or oid in (p.taker_order, p.maker_order))]


# --- user data stream ----------------------------------------------------------------------------

def listen_key_create(c: Call) -> Any:
    return {"listenKey": c.ex.new_listen_key(c.uid)}


def listen_key_keepalive(c: Call) -> Any:
    lk = c.ex.listen_key(c.need("listenKey"), c.uid)
    if lk is None:
        raise ApiError(-1125, "This listenKey does not exist.")
    lk.expires = c.ex.clock.base_ms() + 3_600_000
    return {}


def listen_key_close(c: Call) -> Any:
    key = c.need("listenKey")
    if c.ex.listen_key(key, c.uid) is None:
        raise ApiError(-1125, "This listenKey does not exist.")
    lk = c.ex.listen_keys.pop(key)
    for close in lk.queues:
        close({"e": "listenKeyExpired", "E": c.ex.clock.now_ms(), "listenKey": key})
    return {}


# --- wallet (SAPI) -------------------------------------------------------------------------------

def system_status(c: Call) -> Any:
    return {"status": 0, "msg": "normal"}


def account_status(c: Call) -> Any:
    return {"data": "Normal"}


def deposit_address(c: Call) -> Any:
    coin = c.need("coin")
    return {"address": wallet.deposit_address(c.uid, coin), "coin": coin, "tag": "", "url": ""}


def trade_fee(c: Call) -> Any:
    return [{"symbol": s, "makerCommission": "0.001", "takerCommission": "0.001"} for s in _symbols(c)]


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/api/v3/ping"): ("NONE", 1, ping),
    ("GET", "/api/v3/time"): ("NONE", 1, server_time),
    ("GET", "/api/v3/exchangeInfo"): ("NONE", 10, exchange_info),
    ("GET", "/api/v3/depth"): ("NONE", depth_weight, depth),
    ("GET", "/api/v3/trades"): ("NONE", 1, trades),
    ("GET", "/api/v3/historicalTrades"): ("APIKEY", 5, historical_trades),
    ("GET", "/api/v3/aggTrades"): ("NONE", 1, agg_trades),
    ("GET", "/api/v3/klines"): ("NONE", 1, klines),
    ("GET", "/api/v3/uiKlines"): ("NONE", 1, klines),
    ("GET", "/api/v3/avgPrice"): ("NONE", 1, avg_price),
    ("GET", "/api/v3/ticker/24hr"): ("NONE", weight_by_symbol(1, 40), ticker_24h),
    ("GET", "/api/v3/ticker"): ("NONE", 2, rolling_ticker),
    ("GET", "/api/v3/ticker/price"): ("NONE", weight_by_symbol(1, 2), ticker_price),
    ("GET", "/api/v3/ticker/bookTicker"): ("NONE", weight_by_symbol(1, 2), book_ticker),
    ("POST", "/api/v3/order"): ("SIGNED", 1, new_order, 1),
    ("POST", "/api/v3/order/test"): ("SIGNED", 1, test_order),
    ("GET", "/api/v3/order"): ("SIGNED", 2, get_order),
    ("DELETE", "/api/v3/order"): ("SIGNED", 1, cancel_order),
    ("DELETE", "/api/v3/openOrders"): ("SIGNED", 1, cancel_all),
    ("POST", "/api/v3/order/cancelReplace"): ("SIGNED", 1, cancel_replace, 1),
    ("GET", "/api/v3/openOrders"): ("SIGNED", weight_by_symbol(3, 40), open_orders),
    ("GET", "/api/v3/allOrders"): ("SIGNED", 10, all_orders),
    ("POST", "/api/v3/order/oco"): ("SIGNED", 1, new_oco, 2),
    ("POST", "/api/v3/orderList/oco"): ("SIGNED", 1, new_order_list_oco, 2),
    ("DELETE", "/api/v3/orderList"): ("SIGNED", 1, cancel_oco),
    ("GET", "/api/v3/orderList"): ("SIGNED", 2, get_oco),
    ("GET", "/api/v3/allOrderList"): ("SIGNED", 10, all_oco),
    ("GET", "/api/v3/openOrderList"): ("SIGNED", 3, open_oco),
    ("GET", "/api/v3/account"): ("SIGNED", 10, account),
    ("GET", "/api/v3/account/commission"): ("SIGNED", 20, commission),
    ("GET", "/api/v3/myTrades"): ("SIGNED", 10, my_trades),
    ("GET", "/api/v3/rateLimit/order"): ("SIGNED", 20, order_rate_limits),
    ("GET", "/api/v3/myPreventedMatches"): ("SIGNED", 1, prevented_matches),
    ("POST", "/api/v3/userDataStream"): ("APIKEY", 1, listen_key_create),
    ("PUT", "/api/v3/userDataStream"): ("APIKEY", 1, listen_key_keepalive),
    ("DELETE", "/api/v3/userDataStream"): ("APIKEY", 1, listen_key_close),
    ("GET", "/sapi/v1/system/status"): ("NONE", 1, system_status),
    ("GET", "/sapi/v1/account/status"): ("SIGNED", 1, account_status),
    ("GET", "/sapi/v1/capital/deposit/address"): ("SIGNED", 10, deposit_address),
    ("GET", "/sapi/v1/asset/tradeFee"): ("SIGNED", 1, trade_fee),
    # no margin pairs are listed: ccxt reads these at start and then leaves margin alone
    ("GET", "/sapi/v1/margin/allPairs"): ("APIKEY", 1, lambda c: []),
    ("GET", "/sapi/v1/margin/isolated/allPairs"): ("SIGNED", 10, lambda c: []),
}
