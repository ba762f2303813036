"""USD-M futures handlers (`/fapi/*`): market data mirrors spot, orders and accounts use `futures.Futures`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.sim.binance import views as v
from tradewire.sim.binance.exchange import f8
from tradewire.sim.binance.futures import CONTRACTS, LEVERAGE, WALLET, FOrder
from tradewire.sim.binance.wire import ApiError, Call

D = Decimal
FAPI_LIMITS = [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 2400},
               {"rateLimitType": "ORDERS", "interval": "MINUTE", "intervalNum": 1, "limit": 1200}]


def _symbol(c: Call) -> str:
    s = c.need("symbol")
    if s not in CONTRACTS:
        raise ApiError(-1121, "Invalid symbol.")
    return s


def exchange_info(c: Call) -> Any:
    symbols = []
    for k in CONTRACTS.values():
        symbols.append({
            "symbol": k.symbol, "pair": k.symbol, "contractType": "PERPETUAL", "status": "TRADING",
            "baseAsset": k.base, "quoteAsset": "USDT", "marginAsset": "USDT", "pricePrecision": k.price_precision,
            "quantityPrecision": k.quantity_precision, "orderTypes": ["LIMIT", "MARKET"],
            "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
            "filters": [{"filterType": "PRICE_FILTER", "minPrice": f"{k.tick}", "maxPrice": "1000000",
                         "tickSize": f"{k.tick}"},
                        {"filterType": "LOT_SIZE", "minQty": f"{k.step}", "maxQty": "1000", "stepSize": f"{k.step}"},
                        {"filterType": "MIN_NOTIONAL", "notional": f"{k.min_notional}"}]})
    return {"timezone": "UTC", "serverTime": c.ex.clock.now_ms(), "rateLimits": FAPI_LIMITS, "exchangeFilters": [],
            "assets": [{"asset": "USDT", "marginAvailable": True}], "symbols": symbols}


def order_json(o: FOrder, query: bool = False) -> dict[str, Any]:
    k = CONTRACTS[o.symbol]
    price = D(0) if o.type == "MARKET" else o.price
    out: dict[str, Any] = {
        "orderId": o.id, "symbol": o.symbol, "status": o.status, "clientOrderId": o.client_id,
        "price": f"{price:.{k.price_precision}f}", "avgPrice": f8(o.avg_price),
        "origQty": f"{o.qty:.{k.quantity_precision}f}", "executedQty": f"{o.executed:.{k.quantity_precision}f}",
        "cumQty": f"{o.executed:.{k.quantity_precision}f}", "cumQuote": f8(o.cum_quote), "timeInForce": o.tif,
        "type": o.type, "reduceOnly": o.reduce_only, "closePosition": False, "side": o.side, "positionSide": "BOTH",
        "stopPrice": "0", "workingType": "CONTRACT_PRICE", "priceProtect": False, "origType": o.type,
        "updateTime": o.update_time}
    if query:
        out["time"] = o.time
    return out


def new_order(c: Call) -> Any:
    symbol = _symbol(c)
    side, kind = c.need("side"), c.need("type")
    if side not in ("BUY", "SELL"):
        raise ApiError(-1117, "Invalid side.")
    if kind not in ("LIMIT", "MARKET"):
        raise ApiError(-1116, "Invalid orderType.")
    for name in ("quantity", "price", "timeInForce") if kind == "LIMIT" else ("quantity",):
        c.need(name)
    qty, price = c.dec("quantity"), c.dec("price") if kind == "LIMIT" else None
    tif = c.get("timeInForce") or "GTC"
    if tif not in ("GTC", "IOC", "FOK", "GTX"):
        raise ApiError(-1115, "Invalid timeInForce.")
    if (c.get("positionSide") or "BOTH") != "BOTH":
        raise ApiError(-4061, "Order's position side does not match user's setting.")
    assert qty is not None
    reduce = (c.get("reduceOnly") or "false").lower() == "true"
    o = c.ex.futures.place(c.uid, symbol, side, kind, qty, price, tif, reduce, c.get("newClientOrderId") or "",
                           c.ex.clock.now_ms())
    return order_json(o)


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


def _usdt(c: Call) -> dict[str, Decimal]:
    f = c.ex.futures
    wallet, upnl = f.wallet(c.uid), f.unrealized(c.uid)
    available = f.available(c.uid)
    return {"wallet": wallet, "upnl": upnl, "pos": f.position_margin(c.uid), "open": f.order_margin(c.uid),
            "available": available, "max": min(wallet, available)}


def account(c: Call) -> Any:
    u, now, f = _usdt(c), c.ex.clock.now_ms(), c.ex.futures
    im = u["pos"] + u["open"]
    asset = {"asset": "USDT", "walletBalance": f8(u["wallet"]), "unrealizedProfit": f8(u["upnl"]),
             "marginBalance": f8(u["wallet"] + u["upnl"]), "maintMargin": f8(D(0)), "initialMargin": f8(im),
             "positionInitialMargin": f8(u["pos"]), "openOrderInitialMargin": f8(u["open"]),
             "crossWalletBalance": f8(u["wallet"]), "crossUnPnl": f8(u["upnl"]), "availableBalance": f8(u["available"]),
             "maxWithdrawAmount": f8(u["max"]), "marginAvailable": True, "updateTime": now}
    positions = [{"symbol": s, "initialMargin": f8(abs(p.amt) * f.mark(s) / LEVERAGE), "maintMargin": f8(D(0)),
                  "unrealizedProfit": f8((f.mark(s) - p.entry) * p.amt), "positionInitialMargin":
                  f8(abs(p.amt) * f.mark(s) / LEVERAGE), "openOrderInitialMargin": f8(D(0)),
                  "leverage": str(LEVERAGE), "isolated": False, "entryPrice": f8(p.entry), "maxNotional": "1000000",
                  "positionSide": "BOTH", "positionAmt": f"{p.amt:.3f}", "updateTime": p.update_time}
                 for (uid, s), p in sorted(f.positions.items()) if uid == c.uid]
    return {"feeTier": 0, "canTrade": True, "canDeposit": True, "canWithdraw": True, "updateTime": now,
            "totalInitialMargin": f8(im), "totalMaintMargin": f8(D(0)), "totalWalletBalance": f8(u["wallet"]),
            "totalUnrealizedProfit": f8(u["upnl"]), "totalMarginBalance": f8(u["wallet"] + u["upnl"]),
            "totalPositionInitialMargin": f8(u["pos"]), "totalOpenOrderInitialMargin": f8(u["open"]),
            "totalCrossWalletBalance": f8(u["wallet"]), "totalCrossUnPnl": f8(u["upnl"]),
            "availableBalance": f8(u["available"]), "maxWithdrawAmount": f8(u["max"]), "assets": [asset],
            "positions": positions}


def balance(c: Call) -> Any:
    u = _usdt(c)
    return [{"accountAlias": "SgsR", "asset": "USDT", "balance": f8(u["wallet"]),
             "crossWalletBalance": f8(u["wallet"]), "crossUnPnl": f8(u["upnl"]), "availableBalance": f8(u["available"]),
             "maxWithdrawAmount": f8(u["max"]), "marginAvailable": True,
             "updateTime": c.ex.clock.now_ms() if c.ex.ledger.used(c.uid, WALLET, "USDT") else 0}]


ROUTES: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/fapi/v1/exchangeInfo"): ("NONE", 1, exchange_info),
    ("GET", "/fapi/v1/klines"): ("NONE", 1, v.klines),
    ("GET", "/fapi/v1/ticker/price"): ("NONE", v.weight_by_symbol(1, 2), v.ticker_price),
    ("POST", "/fapi/v1/order"): ("SIGNED", 1, new_order, 1),
    ("GET", "/fapi/v1/order"): ("SIGNED", 1, get_order),
    ("DELETE", "/fapi/v1/order"): ("SIGNED", 1, cancel_order),
    ("GET", "/fapi/v2/account"): ("SIGNED", 5, account),
    ("GET", "/fapi/v2/balance"): ("SIGNED", 5, balance),
}
