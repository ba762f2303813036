"""BingX coin-M trading and account handlers over `CSwapEngine` (bingx-skills/cswap-trade/api-reference.md).

Orders answer with the reference's status words (`Pending`, `PartiallyFilled`, `Filled`, `CANCELLED`,
`EXPIRED`), quantities in whole contracts, money in the coin. Refusals: unknown contract 109425, parameters
109400, order not found 109421, insufficient margin 101204, a used clientOrderId 101481, a quantity under the
minimum 101400.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from tradewire.sim.bingx.calls import Call, Endpoint, Handler, fmt
from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.cswap_contracts import COINS, CSWAP_CONTRACTS
from tradewire.sim.bingx.cswap_engine import (
    PARAMS_FAILED,
    CPosition,
    CSwapEngine,
    CSwapOrder,
    cswap_engine,
    face,
)
from tradewire.sim.bingx.cswap_market_api import contract_of
from tradewire.sim.bingx.cswap_math import initial_margin
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.ratelimit import Limit
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.jsonenc import Json

D = Decimal
TYPES = ("MARKET", "LIMIT", "STOP_MARKET", "STOP", "TAKE_PROFIT_MARKET", "TAKE_PROFIT")
STATUS = {"NEW": "Pending", "PARTIALLY_FILLED": "PartiallyFilled", "FILLED": "Filled", "CANCELED": "CANCELLED",
          "EXPIRED": "EXPIRED"}
CID = re.compile(r"^[A-Za-z0-9]{1,40}$")
_DEC = re.compile(r"^[0-9]+(\.[0-9]+)?$")


def _engine(call: Call) -> CSwapEngine:
    engine = cswap_engine(call.state)
    engine.sweep(call.now)
    return engine


def _symbol(call: Call, required: bool = False) -> Contract | None:
    symbol = call.params.symbol(required=required)
    return None if symbol is None else contract_of(call, symbol)


def _price(call: Call, name: str, c: Contract) -> Decimal | None:
    raw = call.params.text(name)
    if raw is None:
        return None
    if not _DEC.match(raw) or D(raw) <= 0:
        raise call.params.fail(f"{name} must be a positive number")
    value = D(raw)
    if value != value.quantize(c.tick):
        raise call.params.fail(f"{name} precision is {c.price_precision} decimals")
    return value


def _tp_sl(call: Call, name: str) -> dict[str, object] | None:
    raw = call.params.text(name)
    if raw is None:
        return None
    try:
        found = json.loads(raw)
    except ValueError:
        raise call.params.fail(f"{name} must be a JSON object") from None
    if not isinstance(found, dict) or "type" not in found or "stopPrice" not in found:
        raise call.params.fail(f"{name} needs type and stopPrice")
    return found


def order_json(o: CSwapOrder) -> dict[str, Json]:
    """An order as the queries, cancel and cancel-all answer it."""
    def attached(kind: str, given: dict[str, object] | None) -> dict[str, Json]:
        g = given or {}
        return {"type": str(g.get("type", kind)), "quantity": 0, "stopPrice": str(g.get("stopPrice", 0)),
                "price": str(g.get("price", 0)), "workingType": str(g.get("workingType", o.working_type)),
                "stopGuaranteed": ""}

    return {"symbol": o.symbol, "orderId": o.id, "side": o.side, "positionSide": o.position_side, "type": o.type,
            "quantity": int(o.qty), "price": fmt(o.price or D(0)), "executedQty": fmt(o.executed),
            "avgPrice": fmt(o.avg_price), "stopPrice": fmt(o.stop_price) if o.stop_price else "",
            "profit": fmt(o.profit), "commission": fmt(o.commission), "status": STATUS[o.status], "time": o.time,
            "updateTime": o.update_time, "clientOrderId": o.client_id, "workingType": o.working_type,
            "takeProfit": attached("TAKE_PROFIT", o.take_profit), "stopLoss": attached("STOP", o.stop_loss)}


def place_order(call: Call) -> Reply:
    """POST /openApi/cswap/v1/trade/order."""
    p = call.params
    c = _symbol(call, required=True)
    assert c is not None
    side = p.enum("side", ("BUY", "SELL"), required=True)
    kind = p.enum("type", TYPES, required=True)
    position_side = p.enum("positionSide", ("LONG", "SHORT", "BOTH")) or "LONG"
    qty = p.integer("quantity", low=1)
    if qty is None:
        raise p.fail("quantity is required")
    if qty < c.min_qty:
        raise p.fail(f"quantity must be at least {c.min_qty}")
    tif = p.enum("timeInForce", ("GTC", "IOC", "FOK", "PostOnly")) or "GTC"
    working = p.enum("workingType", ("MARK_PRICE", "CONTRACT_PRICE")) or "CONTRACT_PRICE"
    cid = p.text("clientOrderId") or ""
    if cid and not CID.match(cid):
        raise p.fail("clientOrderId must be 1-40 letters or digits")
    price, stop = _price(call, "price", c), _price(call, "stopPrice", c)
    assert side is not None and kind is not None
    if kind in ("LIMIT", "STOP", "TAKE_PROFIT") and price is None:
        raise p.fail(f"price is required for {kind} orders")
    if kind not in ("MARKET", "LIMIT") and stop is None:
        raise p.fail(f"stopPrice is required for {kind} orders")
    tp, sl = _tp_sl(call, "takeProfit"), _tp_sl(call, "stopLoss")
    if (tp or sl) and kind not in ("MARKET", "LIMIT"):
        raise call.params.fail("takeProfit and stopLoss attach to MARKET and LIMIT orders only")
    if kind != "MARKET" and qty * face(c.symbol) < c.min_usdt:
        raise ApiError(PARAMS_FAILED, "order value is below the minimum")
    o = _engine(call).place(call.uid, c.symbol, side, position_side, kind, D(qty), price if kind != "MARKET" else None,
                            stop, tif, cid, working, call.now, tp, sl)
    return ok({"orderId": o.id, "symbol": o.symbol, "side": o.side, "positionSide": o.position_side, "type": o.type,
               "price": fmt(o.price or D(0)), "quantity": int(o.qty), "stopPrice": fmt(o.stop_price or D(0)),
               "workingType": o.working_type, "timeInForce": o.tif, "clientOrderId": o.client_id})


def cancel_order(call: Call) -> Reply:
    """DELETE /openApi/cswap/v1/trade/cancelOrder: by orderId or clientOrderId."""
    c = _symbol(call, required=True)
    assert c is not None
    oid, cid = call.params.text("orderId"), call.params.text("clientOrderId")
    if oid is None and cid is None:
        raise call.params.fail("orderId or clientOrderId is required")
    return ok(order_json(_engine(call).cancel(call.uid, c.symbol, oid, cid, call.now)))


def cancel_all(call: Call) -> Reply:
    """POST (reference) or DELETE (ccxt) /openApi/cswap/v1/trade/allOpenOrders: `success` lists the cancelled."""
    c = _symbol(call)
    engine = _engine(call)
    done = [engine.cancel(call.uid, o.symbol, o.id, None, call.now)
            for o in engine.open_orders(call.uid, c.symbol if c else None)]
    return ok({"success": [order_json(o) for o in done], "failed": None})


def close_all(call: Call) -> Reply:
    """POST /openApi/cswap/v1/trade/closeAllPositions: market orders closing each position; `{}`."""
    c = _symbol(call)
    _engine(call).close_all(call.uid, c.symbol if c else None, call.now)
    return ok({})


def open_orders(call: Call) -> Reply:
    """GET /openApi/cswap/v1/trade/openOrders."""
    c = _symbol(call)
    return ok({"orders": [order_json(o) for o in _engine(call).open_orders(call.uid, c.symbol if c else None)]})


def order_detail(call: Call) -> Reply:
    """GET /openApi/cswap/v1/trade/orderDetail: `data.order`."""
    c = _symbol(call, required=True)
    assert c is not None
    oid, cid = call.params.text("orderId"), call.params.text("clientOrderId")
    if oid is None and cid is None:
        raise call.params.fail("orderId or clientOrderId is required")
    return ok({"order": order_json(_engine(call).find(call.uid, c.symbol, oid, cid))})


def order_history(call: Call) -> Reply:
    """GET /openApi/cswap/v1/trade/orderHistory: finished orders, newest first; `orderId` returns the ones after it."""
    c = _symbol(call)
    start, end = call.params.time_range()
    limit = call.params.integer("limit", default=100, low=1, high=1000)
    after = call.params.text("orderId")
    assert limit is not None
    rows = [o for o in _engine(call).orders.values() if o.uid == call.uid and not o.open
            and (c is None or o.symbol == c.symbol) and (start is None or o.time >= start)
            and (end is None or o.time <= end) and (after is None or int(o.id) > int(after))]
    rows.sort(key=lambda o: int(o.id), reverse=True)
    return ok({"orders": [order_json(o) for o in rows[:limit]]})


def fills(call: Call) -> Reply:
    """GET /openApi/cswap/v1/trade/allFillOrders: the fills of `orderId` (required), a page at a time."""
    oid = call.params.require("orderId")
    page = call.params.integer("pageIndex", default=1, low=1)
    size = call.params.integer("pageSize", default=100, low=1, high=1000)
    assert page is not None and size is not None
    rows = [f for f in _engine(call).fills if f.order.id == oid and f.order.uid == call.uid]
    out: list[Json] = []
    for f in rows[(page - 1) * size:page * size]:
        o = f.order
        out.append({"orderId": o.id, "symbol": o.symbol, "type": o.type, "side": o.side,
                    "positionSide": o.position_side, "tradeId": f.trade_id, "volume": fmt(f.qty),
                    "tradePrice": fmt(f.price), "amount": fmt((f.qty * face(o.symbol)).quantize(D("1E-8"))),
                    "realizedPnl": fmt(f.pnl.quantize(D("1E-8"))), "commission": fmt((-f.fee).quantize(D("1E-8"))),
                    "currency": CSWAP_CONTRACTS[o.symbol].asset, "buyer": o.side == "BUY", "maker": f.maker,
                    "tradeTime": f.time})
    return ok(out)


def force_orders(call: Call) -> Reply:
    """GET /openApi/cswap/v1/trade/forceOrders: liquidation orders (the simulator does not liquidate coin-M
    positions yet, so the list holds only orders the venue placed itself)."""
    c = _symbol(call)
    kind = call.params.enum("autoCloseType", ("LIQUIDATION", "ADL"))
    start, end = call.params.time_range()
    limit = call.params.integer("limit", default=50, low=1, high=100)
    assert limit is not None
    rows = [o for o in _engine(call).orders.values() if o.uid == call.uid and o.liquidation and kind != "ADL"
            and (c is None or o.symbol == c.symbol) and (start is None or o.time >= start)
            and (end is None or o.time <= end)]
    return ok([{**order_json(o), "quantity": int(o.qty), "updateTime": str(o.update_time)} for o in rows[:limit]])


def leverage(call: Call) -> Reply:
    """GET /openApi/cswap/v1/trade/leverage."""
    c = _symbol(call, required=True)
    assert c is not None
    engine = _engine(call)
    top = c.max_leverage
    return ok({"symbol": c.symbol, "longLeverage": engine.get_leverage(call.uid, c.symbol, "LONG"),
               "shortLeverage": engine.get_leverage(call.uid, c.symbol, "SHORT"), "maxLongLeverage": top,
               "maxShortLeverage": top, "availableLongVol": "4000000", "availableShortVol": "4000000"})


def set_leverage(call: Call) -> Reply:
    """POST /openApi/cswap/v1/trade/leverage: `side` LONG, SHORT (or BOTH)."""
    c = _symbol(call, required=True)
    side = call.params.enum("side", ("LONG", "SHORT", "BOTH"), required=True)
    lev = call.params.integer("leverage", low=1)
    if lev is None:
        raise call.params.fail("leverage is required")
    assert c is not None and side is not None
    engine = _engine(call)
    engine.set_leverage(call.uid, c.symbol, side, lev)
    return ok({"symbol": c.symbol, "longLeverage": engine.get_leverage(call.uid, c.symbol, "LONG"),
               "shortLeverage": engine.get_leverage(call.uid, c.symbol, "SHORT")})


def margin_type(call: Call) -> Reply:
    """GET /openApi/cswap/v1/trade/marginType."""
    c = _symbol(call, required=True)
    assert c is not None
    return ok({"symbol": c.symbol, "marginType": _engine(call).get_margin_type(call.uid, c.symbol)})


def set_margin_type(call: Call) -> Reply:
    """POST /openApi/cswap/v1/trade/marginType: `{}`; refused (80001) with a position or orders there."""
    c = _symbol(call, required=True)
    kind = call.params.enum("marginType", ("ISOLATED", "CROSSED"), required=True)
    assert c is not None and kind is not None
    _engine(call).set_margin_type(call.uid, c.symbol, kind)
    return ok({})


def position_margin(call: Call) -> Reply:
    """POST /openApi/cswap/v1/trade/positionMargin: `type` 1 adds, 2 removes isolated margin (coin)."""
    c = _symbol(call, required=True)
    side = call.params.enum("positionSide", ("LONG", "SHORT"), required=True)
    amount = call.params.amount("amount")
    kind = call.params.enum("type", ("1", "2"), required=True)
    assert c is not None and side is not None
    _engine(call).adjust_margin(call.uid, c.symbol, side, amount, kind == "1", call.now)
    return ok({})


def commission_rate(call: Call) -> Reply:
    """GET /openApi/cswap/v1/user/commissionRate."""
    taker, maker = call.state.book.commission[call.uid]
    return ok({"takerCommissionRate": fmt(taker), "makerCommissionRate": fmt(maker)})


def balance(call: Call) -> Reply:
    """GET /openApi/cswap/v1/user/balance: one row per coin (the margin coin of `symbol` only, when given)."""
    c = _symbol(call)
    engine = _engine(call)
    coins = [c.asset] if c else list(COINS)
    rows: list[Json] = []
    for coin in coins:
        s = engine.summary(call.uid, coin, call.now)
        rows.append({"asset": coin, "balance": fmt(s.balance), "equity": fmt(s.equity),
                     "unrealizedProfit": fmt(s.unrealized), "availableMargin": fmt(s.available),
                     "usedMargin": fmt(s.used), "freezedMargin": fmt(s.frozen), "shortUid": call.uid})
    return ok(rows)


def position_json(engine: CSwapEngine, uid: str, p: CPosition, now: int) -> dict[str, Json]:
    """A position as the positions endpoint answers it."""
    mark = engine.market.mark_price(p.symbol, now)
    margin = engine.margin_of(p)
    unrealized = engine.unrealized(p, now)
    base = initial_margin(p.amount, face(p.symbol), p.entry, p.leverage)
    return {"symbol": p.symbol, "positionId": p.position_id, "positionSide": p.side, "isolated": p.isolated,
            "positionAmt": fmt(p.amount), "availableAmt": fmt(p.amount), "unrealizedProfit": fmt(unrealized),
            "initialMargin": fmt(margin), "liquidationPrice": fmt(engine.liquidation(uid, p, now)),
            "avgPrice": fmt(p.entry), "leverage": p.leverage, "markPrice": fmt(mark),
            "riskRate": fmt((base / (margin + unrealized)).quantize(D("0.0001"))) if margin + unrealized > 0 else "1",
            "maxMarginReduction": fmt(p.added), "updateTime": p.update_time}


def positions(call: Call) -> Reply:
    """GET /openApi/cswap/v1/user/positions."""
    c = _symbol(call)
    engine = _engine(call)
    return ok([position_json(engine, call.uid, p, call.now) for p in engine.positions.get(call.uid, [])
               if c is None or p.symbol == c.symbol])


def _signed(method: str, path: str, handler: Handler) -> Endpoint:
    return Endpoint(method, path, "signed", True, Limit(5, 1000), "account", handler)


ENDPOINTS: tuple[Endpoint, ...] = (
    _signed("POST", "/openApi/cswap/v1/trade/order", place_order),
    _signed("DELETE", "/openApi/cswap/v1/trade/cancelOrder", cancel_order),
    _signed("POST", "/openApi/cswap/v1/trade/allOpenOrders", cancel_all),
    # ccxt's bingx sends DELETE here ("post method in doc", its own comment): the same handler
    _signed("DELETE", "/openApi/cswap/v1/trade/allOpenOrders", cancel_all),
    _signed("POST", "/openApi/cswap/v1/trade/closeAllPositions", close_all),
    _signed("GET", "/openApi/cswap/v1/trade/openOrders", open_orders),
    _signed("GET", "/openApi/cswap/v1/trade/orderDetail", order_detail),
    _signed("GET", "/openApi/cswap/v1/trade/orderHistory", order_history),
    _signed("GET", "/openApi/cswap/v1/trade/allFillOrders", fills),
    _signed("GET", "/openApi/cswap/v1/trade/forceOrders", force_orders),
    _signed("GET", "/openApi/cswap/v1/trade/leverage", leverage),
    _signed("POST", "/openApi/cswap/v1/trade/leverage", set_leverage),
    _signed("GET", "/openApi/cswap/v1/trade/marginType", margin_type),
    _signed("POST", "/openApi/cswap/v1/trade/marginType", set_margin_type),
    _signed("POST", "/openApi/cswap/v1/trade/positionMargin", position_margin),
    _signed("GET", "/openApi/cswap/v1/user/commissionRate", commission_rate),
    _signed("GET", "/openApi/cswap/v1/user/balance", balance),
    _signed("GET", "/openApi/cswap/v1/user/positions", positions),
)
