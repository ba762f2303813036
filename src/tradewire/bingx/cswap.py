"""BingX coin-M perpetuals (cswap): one declaration per endpoint (bingx-skills/cswap-market and cswap-trade
api-reference.md).

Symbols are `BASE-USD`; quantities are whole contracts of a USD face value. Market data is public (1/s per
IP); every trade and account call is signed (5/s per UID, 2/s per IP).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tradewire.bingx import cswap_models as c
from tradewire.bingx.endpoints import END, INTERVALS, START, signed
from tradewire.core.endpoint import Endpoint, Param
from tradewire.core.errors import ValidationError
from tradewire.core.validate import any_of, integer, json_value, one_of, positive, text

MARKET_LIMITS = ("group:market", "ip:1/1")
TRADE_LIMITS = ("uid:5/1", "ip:2/1")
DEPTH_LIMITS = (5, 10, 20, 50, 100, 500, 1000)
SIDES = ("BUY", "SELL")
TYPES = ("MARKET", "LIMIT", "STOP_MARKET", "STOP", "TAKE_PROFIT_MARKET", "TAKE_PROFIT")
STOP_TYPES = TYPES[2:]
POSITION_SIDES = ("LONG", "SHORT", "BOTH")
TIME_IN_FORCE = ("GTC", "IOC", "FOK", "PostOnly")
WORKING_TYPES = ("MARK_PRICE", "CONTRACT_PRICE")
MARGIN_TYPES = ("ISOLATED", "CROSSED")
AUTO_CLOSE_TYPES = ("LIQUIDATION", "ADL")

#: cswap-market SKILL.md: "Must match ^[A-Z0-9]+-USD$; max 20 characters"
CSWAP_SYMBOL = text(r"[A-Z0-9]+-USD", max_len=20, rule="must match ^[A-Z0-9]+-USD$ (e.g. BTC-USD)")
SYMBOL = Param("symbol", CSWAP_SYMBOL)
SYMBOL_REQ = Param("symbol", CSWAP_SYMBOL, required=True)
#: cswap-trade SKILL.md: "^[a-zA-Z0-9]{1,40}$"
CID = Param("clientOrderId", text(r"[A-Za-z0-9]+", max_len=40, rule="1-40 letters or digits"))
#: ids are 19-digit strings (above 2**53)
DIGITS = text(r"[0-9]+", max_len=20, rule="an order id (digits)")
ORDER_ID = Param("orderId", DIGITS)


def order_rules(params: Mapping[str, Any]) -> None:
    """LIMIT needs a price; the stop types a stopPrice (STOP and TAKE_PROFIT a price too); TP/SL objects go
    on MARKET and LIMIT only (cswap-trade SKILL.md)."""
    kind = str(params.get("type"))
    needs = {"LIMIT": ("price",), "STOP": ("stopPrice", "price"), "TAKE_PROFIT": ("stopPrice", "price"),
             "STOP_MARKET": ("stopPrice",), "TAKE_PROFIT_MARKET": ("stopPrice",)}
    for name in needs.get(kind, ()):
        if name not in params:
            raise ValidationError(name, f"is required for {kind} orders")
    for name in ("stopLoss", "takeProfit"):
        if name in params and kind not in ("MARKET", "LIMIT"):
            raise ValidationError(name, "can be attached to MARKET and LIMIT orders only")


def cswap_market(name: str, path: str, result: Any, *params: Param) -> Endpoint:
    """A public coin-M market-data endpoint (sent with a timestamp, unsigned)."""
    return Endpoint(name, "GET", path, "none", params, (), result, limits=MARKET_LIMITS)


def cswap_signed(name: str, method: str, path: str, result: Any, *params: Param, checks: tuple[Any, ...] = (),
                 write: bool = False) -> Endpoint:
    """A signed coin-M trade or account endpoint."""
    return signed(name, method, path, result, *params, limits=TRADE_LIMITS, checks=checks, write=write)


# --- market data (cswap-market) ----------------------------------------------------------------
CONTRACTS = cswap_market("cswap.market.contracts", "/openApi/cswap/v1/market/contracts", list[c.CSwapContract],
                         SYMBOL)
DEPTH = cswap_market("cswap.market.depth", "/openApi/cswap/v1/market/depth", c.CSwapDepth, SYMBOL_REQ,
                     Param("limit", one_of(*DEPTH_LIMITS)))
KLINES = cswap_market("cswap.market.klines", "/openApi/cswap/v1/market/klines", list[list[Any]], SYMBOL_REQ,
                      Param("interval", one_of(*INTERVALS), required=True), START, END,
                      Param("limit", integer(1, 1440)))
PREMIUM_INDEX = cswap_market("cswap.market.premiumIndex", "/openApi/cswap/v1/market/premiumIndex",
                             c.CSwapPremiumIndex | list[c.CSwapPremiumIndex], SYMBOL)
OPEN_INTEREST = cswap_market("cswap.market.openInterest", "/openApi/cswap/v1/market/openInterest",
                             c.CSwapOpenInterest, SYMBOL_REQ)
TICKER = cswap_market("cswap.market.ticker", "/openApi/cswap/v1/market/ticker", c.CSwapTicker | list[c.CSwapTicker],
                      SYMBOL)

# --- trading (cswap-trade) ---------------------------------------------------------------------
ORDER = cswap_signed(
    "cswap.trade.order", "POST", "/openApi/cswap/v1/trade/order", c.CSwapPlaced, SYMBOL_REQ,
    Param("side", one_of(*SIDES), required=True), Param("positionSide", one_of(*POSITION_SIDES)),
    Param("type", one_of(*TYPES), required=True), Param("quantity", integer(1), required=True),
    Param("price", positive), Param("stopPrice", positive), Param("timeInForce", one_of(*TIME_IN_FORCE)), CID,
    Param("workingType", one_of(*WORKING_TYPES)), Param("takeProfit", json_value), Param("stopLoss", json_value),
    checks=(order_rules,), write=True)
CANCEL = cswap_signed("cswap.trade.cancelOrder", "DELETE", "/openApi/cswap/v1/trade/cancelOrder", c.CSwapOrder,
                      SYMBOL_REQ, ORDER_ID, CID, checks=(any_of("orderId", "clientOrderId"),), write=True)
CANCEL_ALL = cswap_signed("cswap.trade.allOpenOrders", "POST", "/openApi/cswap/v1/trade/allOpenOrders",
                          c.CSwapCancelled, SYMBOL, write=True)
CLOSE_ALL = cswap_signed("cswap.trade.closeAllPositions", "POST", "/openApi/cswap/v1/trade/closeAllPositions", Any,
                         SYMBOL, write=True)
OPEN_ORDERS = cswap_signed("cswap.trade.openOrders", "GET", "/openApi/cswap/v1/trade/openOrders", c.CSwapOrders,
                           SYMBOL)
ORDER_DETAIL = cswap_signed("cswap.trade.orderDetail", "GET", "/openApi/cswap/v1/trade/orderDetail",
                            c.CSwapOrderDetail, SYMBOL_REQ, ORDER_ID, CID, checks=(any_of("orderId", "clientOrderId"),))
ORDER_HISTORY = cswap_signed("cswap.trade.orderHistory", "GET", "/openApi/cswap/v1/trade/orderHistory",
                             c.CSwapOrders, SYMBOL, ORDER_ID, START, END,
                             Param("limit", integer(1, 1000), required=True))
FILLS = cswap_signed("cswap.trade.allFillOrders", "GET", "/openApi/cswap/v1/trade/allFillOrders", list[c.CSwapFill],
                     Param("orderId", DIGITS, required=True), Param("pageIndex", integer(1)),
                     Param("pageSize", integer(1, 1000)))
FORCE_ORDERS = cswap_signed("cswap.trade.forceOrders", "GET", "/openApi/cswap/v1/trade/forceOrders",
                            list[c.CSwapForceOrder], SYMBOL, Param("autoCloseType", one_of(*AUTO_CLOSE_TYPES)),
                            START, END, Param("limit", integer(1, 100)))
LEVERAGE = cswap_signed("cswap.trade.leverage", "GET", "/openApi/cswap/v1/trade/leverage", c.CSwapLeverage,
                        SYMBOL_REQ)
SET_LEVERAGE = cswap_signed("cswap.trade.setLeverage", "POST", "/openApi/cswap/v1/trade/leverage", c.CSwapLeverage,
                            SYMBOL_REQ, Param("side", one_of(*POSITION_SIDES), required=True),
                            Param("leverage", integer(1), required=True), write=True)
MARGIN_TYPE = cswap_signed("cswap.trade.marginType", "GET", "/openApi/cswap/v1/trade/marginType", c.CSwapMarginType,
                           SYMBOL_REQ)
SET_MARGIN_TYPE = cswap_signed("cswap.trade.setMarginType", "POST", "/openApi/cswap/v1/trade/marginType", Any,
                               SYMBOL_REQ, Param("marginType", one_of(*MARGIN_TYPES), required=True), write=True)
POSITION_MARGIN = cswap_signed("cswap.trade.positionMargin", "POST", "/openApi/cswap/v1/trade/positionMargin", Any,
                               SYMBOL_REQ, Param("positionSide", one_of("LONG", "SHORT"), required=True),
                               Param("amount", positive, required=True), Param("type", one_of(1, 2), required=True),
                               write=True)
COMMISSION = cswap_signed("cswap.user.commissionRate", "GET", "/openApi/cswap/v1/user/commissionRate",
                          c.CSwapCommission)
BALANCE = cswap_signed("cswap.user.balance", "GET", "/openApi/cswap/v1/user/balance", list[c.CSwapBalance], SYMBOL)
POSITIONS = cswap_signed("cswap.user.positions", "GET", "/openApi/cswap/v1/user/positions", list[c.CSwapPosition],
                         SYMBOL)

