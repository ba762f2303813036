"""BingX spot and perpetual-swap trading: the endpoint catalogue and the order rules.

Sources: seed 000 (spot order parameters, enums, rules), the skills' spot-trade and swap-trade
api-reference. Response shapes follow the live server as captured by ccxt where the skills differ
(swap orders arrive wrapped as `data.order` / `data.orders`; the skills print them bare).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tradewire.bingx import trade_models as t
from tradewire.bingx.endpoints import END, START, SYMBOL, SYMBOL_REQ, signed
from tradewire.core.endpoint import Endpoint, Param
from tradewire.core.errors import ValidationError
from tradewire.core.validate import (
    Check,
    any_of,
    any_value,
    boolean,
    integer,
    json_value,
    millis,
    one_of,
    positive,
    span,
    text,
    to_decimal,
)

SIDES = ("BUY", "SELL")
TIME_IN_FORCE = ("GTC", "IOC", "FOK", "PostOnly")
SPOT_TYPES = ("MARKET", "LIMIT", "TAKE_STOP_LIMIT", "TAKE_STOP_MARKET", "TRIGGER_LIMIT", "TRIGGER_MARKET")
SWAP_TYPES = ("MARKET", "LIMIT", "STOP_MARKET", "STOP", "TAKE_PROFIT_MARKET", "TAKE_PROFIT", "TRIGGER_LIMIT",
              "TRIGGER_MARKET", "TRAILING_STOP_MARKET", "TRAILING_TP_SL")
POSITION_SIDES = ("LONG", "SHORT", "BOTH")
WORKING_TYPES = ("MARK_PRICE", "CONTRACT_PRICE", "INDEX_PRICE")
CANCEL_REPLACE_MODES = ("STOP_ON_FAILURE", "ALLOW_FAILURE")
SPOT_CANCEL_RESTRICTIONS = ("NEW", "PENDING", "PARTIALLY_FILLED")
SWAP_CANCEL_RESTRICTIONS = ("ONLY_NEW", "ONLY_PENDING", "ONLY_PARTIALLY_FILLED")
MARGIN_TYPES = ("ISOLATED", "CROSSED", "SEPARATE_ISOLATED")
SPOT_HISTORY_STATUS = ("FILLED", "CANCELED", "FAILED")

#: order types and the prices they need (seed 000; swap-trade SKILL.md)
NEEDS: dict[str, tuple[str, ...]] = {
    "LIMIT": ("price", "timeInForce"),
    "TAKE_STOP_LIMIT": ("stopPrice", "price"),
    "TAKE_STOP_MARKET": ("stopPrice",),
    "TRIGGER_LIMIT": ("stopPrice", "price"),
    "TRIGGER_MARKET": ("stopPrice",),
    "STOP": ("stopPrice", "price"),
    "STOP_MARKET": ("stopPrice",),
    "TAKE_PROFIT": ("stopPrice", "price"),
    "TAKE_PROFIT_MARKET": ("stopPrice",),
}
#: swap: a client order id is "supported for MARKET and LIMIT only" (swap-trade api-reference)
SWAP_CID_TYPES = ("MARKET", "LIMIT")

SPOT_CID = text(r"[A-Za-z0-9_]+", max_len=40, rule="1-40 letters, digits or _")
SWAP_CID = text(r"[A-Za-z0-9]+", max_len=40, rule="1-40 letters or digits")
ORDER_ID = Param("orderId", any_value)


def price_rate(name: str, value: Any) -> str:
    """A trailing callback rate: 0 < rate <= 1."""
    d = to_decimal(name, value)
    if not d.is_finite() or not 0 < d <= 1:
        raise ValidationError(name, "must satisfy 0 < priceRate <= 1 (0.05 = 5%)", value)
    return format(d, "f")


def needs_by_type(params: Mapping[str, Any]) -> None:
    """Each order type has the prices it needs: LIMIT price + timeInForce, stop types stopPrice, ..."""
    kind = params.get("type")
    for name in NEEDS.get(str(kind), ()):
        if name not in params:
            raise ValidationError(name, f"is required for {kind} orders")


def spot_size(params: Mapping[str, Any]) -> None:
    """A spot order is sized by `quantity` or `quoteOrderQty` (quantity wins when both are given)."""
    any_of("quantity", "quoteOrderQty")(params)


def swap_order_rules(params: Mapping[str, Any]) -> None:
    """Swap rules beyond the parameter ranges (swap-trade SKILL.md / api-reference)."""
    kind = str(params.get("type"))
    close_all = params.get("closePosition") in (True, "true")
    if close_all:
        for name in ("quantity", "quoteOrderQty"):
            if name in params:
                raise ValidationError(name, "cannot be used with closePosition=true")
        if kind not in ("STOP_MARKET", "TAKE_PROFIT_MARKET"):
            raise ValidationError("closePosition", "is supported for STOP_MARKET and TAKE_PROFIT_MARKET only")
    elif kind != "TRAILING_TP_SL" and "quantity" not in params and "quoteOrderQty" not in params:
        raise ValidationError("quantity", f"is required for {kind} orders (unless closePosition=true)")
    if kind.startswith("TRAILING") and "priceRate" not in params and "price" not in params:
        raise ValidationError("priceRate", f"is required for {kind} orders (or price as the trailing distance)")
    if "clientOrderId" in params and kind not in SWAP_CID_TYPES:
        raise ValidationError("clientOrderId", "is supported for MARKET and LIMIT orders only")
    for name in ("stopLoss", "takeProfit"):
        if name in params and kind not in ("MARKET", "LIMIT"):
            raise ValidationError(name, "can be attached to MARKET and LIMIT orders only")


def id_or_client_id(order_id: str, client_id: str) -> Check:
    """One of the two ids is needed to find an order."""
    return any_of(order_id, client_id)


# --- spot (seed 000, skills spot-trade) ----------------------------------------------------------
SPOT_ORDER_PARAMS = (
    SYMBOL_REQ, Param("side", one_of(*SIDES), required=True), Param("type", one_of(*SPOT_TYPES), required=True),
    Param("quantity", positive), Param("quoteOrderQty", positive), Param("price", positive),
    Param("stopPrice", positive), Param("timeInForce", one_of(*TIME_IN_FORCE)),
    Param("newClientOrderId", SPOT_CID),
)
SPOT_ORDER = signed("spot.trade.order", "POST", "/openApi/spot/v1/trade/order", t.SpotOrder, *SPOT_ORDER_PARAMS,
                    checks=(needs_by_type, spot_size), limits=("uid:10/1", "ip:3/1"), write=True)
SPOT_BATCH = signed("spot.trade.batchOrders", "POST", "/openApi/spot/v1/trade/batchOrders", t.SpotOrders,
                    Param("data", json_value, required=True), Param("sync", boolean),
                    limits=("uid:2/1", "ip:3/1"), write=True)
SPOT_CANCEL = signed("spot.trade.cancel", "POST", "/openApi/spot/v1/trade/cancel", t.SpotOrder, SYMBOL_REQ,
                     ORDER_ID, Param("clientOrderID", SPOT_CID),
                     Param("cancelRestrictions", one_of(*SPOT_CANCEL_RESTRICTIONS)),
                     checks=(id_or_client_id("orderId", "clientOrderID"),), limits=("uid:5/1", "ip:3/1"), write=True)
SPOT_CANCEL_ORDERS = signed("spot.trade.cancelOrders", "POST", "/openApi/spot/v1/trade/cancelOrders",
                            t.SpotOrders, SYMBOL_REQ, Param("orderIds", any_value), Param("clientOrderIDs", any_value),
                            Param("process", one_of(0, 1)), checks=(id_or_client_id("orderIds", "clientOrderIDs"),),
                            limits=("uid:2/1", "ip:3/1"), write=True)
SPOT_CANCEL_OPEN = signed("spot.trade.cancelOpenOrders", "POST", "/openApi/spot/v1/trade/cancelOpenOrders",
                          t.SpotOrders, SYMBOL, limits=("uid:2/1", "ip:3/1"), write=True)
SPOT_CANCEL_REPLACE = signed(
    "spot.trade.cancelReplace", "POST", "/openApi/spot/v1/trade/order/cancelReplace", t.SpotCancelReplace,
    *SPOT_ORDER_PARAMS, Param("cancelOrderId", any_value), Param("cancelClientOrderID", SPOT_CID),
    Param("cancelRestrictions", one_of(*SPOT_CANCEL_RESTRICTIONS)),
    Param("cancelReplaceMode", one_of(*CANCEL_REPLACE_MODES), required=True),
    checks=(needs_by_type, spot_size, id_or_client_id("cancelOrderId", "cancelClientOrderID")),
    limits=("uid:2/1", "ip:3/1"), write=True)
SPOT_QUERY = signed("spot.trade.query", "GET", "/openApi/spot/v1/trade/query", t.SpotOrder, SYMBOL_REQ, ORDER_ID,
                    Param("clientOrderID", SPOT_CID), checks=(id_or_client_id("orderId", "clientOrderID"),),
                    limits=("uid:10/1", "ip:2/1"))
SPOT_OPEN_ORDERS = signed("spot.trade.openOrders", "GET", "/openApi/spot/v1/trade/openOrders", t.SpotOrders,
                          SYMBOL, limits=("uid:10/1", "ip:2/1"))
SPOT_HISTORY = signed("spot.trade.historyOrders", "GET", "/openApi/spot/v1/trade/historyOrders", t.SpotOrders,
                      SYMBOL, ORDER_ID, START, END, Param("pageIndex", integer(1)), Param("pageSize", integer(1, 100)),
                      Param("status", one_of(*SPOT_HISTORY_STATUS)), Param("type", one_of(*SPOT_TYPES)),
                      limits=("uid:10/1", "ip:2/1"))
SPOT_MY_TRADES = signed("spot.trade.myTrades", "GET", "/openApi/spot/v1/trade/myTrades", t.SpotFills, SYMBOL_REQ,
                        ORDER_ID, START, END, Param("fromId", any_value), Param("limit", integer(1, 1000)),
                        limits=("uid:5/1", "ip:2/1"))
SPOT_SYMBOLS = Endpoint("spot.market.symbols", "GET", "/openApi/spot/v1/common/symbols", "none", (SYMBOL,), (),
                        t.SpotSymbols, limits=("group:market", "ip:10/1"))
OCO_ORDER = signed("spot.oco.order", "POST", "/openApi/spot/v1/oco/order", t.OcoOrder, SYMBOL_REQ,
                   Param("side", one_of(*SIDES), required=True), Param("quantity", positive, required=True),
                   Param("limitPrice", positive, required=True), Param("triggerPrice", positive, required=True),
                   Param("orderPrice", positive, required=True),
                   Param("listClientOrderId", text(r"[0-9]+", max_len=40, rule="digits only")),
                   Param("aboveClientOrderId", SPOT_CID), Param("belowClientOrderId", SPOT_CID),
                   limits=("uid:2/1", "ip:2/1"), write=True)
OCO_CANCEL = signed("spot.oco.cancel", "POST", "/openApi/spot/v1/oco/cancel", t.OcoOrder, ORDER_ID,
                    Param("clientOrderId", SPOT_CID), checks=(id_or_client_id("orderId", "clientOrderId"),),
                    limits=("uid:2/1", "ip:2/1"), write=True)
OCO_QUERY = signed("spot.oco.orderList", "GET", "/openApi/spot/v1/oco/orderList", t.OcoOrder,
                   Param("orderListId", any_value), Param("clientOrderId", SPOT_CID),
                   checks=(id_or_client_id("orderListId", "clientOrderId"),), limits=("uid:5/1", "ip:2/1"))

# --- perpetual swap (skills swap-trade) ----------------------------------------------------------
SWAP_ORDER_PARAMS = (
    SYMBOL_REQ, Param("side", one_of(*SIDES), required=True), Param("type", one_of(*SWAP_TYPES), required=True),
    Param("positionSide", one_of(*POSITION_SIDES)), Param("quantity", positive), Param("quoteOrderQty", positive),
    Param("price", positive), Param("stopPrice", positive), Param("timeInForce", one_of(*TIME_IN_FORCE)),
    Param("clientOrderId", SWAP_CID), Param("workingType", one_of(*WORKING_TYPES)),
    Param("stopGuaranteed", one_of("true", "false", "cutfee")), Param("closePosition", boolean),
    Param("reduceOnly", boolean), Param("activationPrice", positive), Param("priceRate", price_rate),
    Param("stopLoss", json_value), Param("takeProfit", json_value), Param("positionId", any_value),
)
SWAP_ORDER_CHECKS = (needs_by_type, swap_order_rules)
SWAP_ORDER = signed("swap.trade.order", "POST", "/openApi/swap/v2/trade/order", t.SwapOrderData, *SWAP_ORDER_PARAMS,
                    checks=SWAP_ORDER_CHECKS, limits=("uid:10/1", "ip:3/1"), write=True)
SWAP_ORDER_TEST = signed("swap.trade.orderTest", "POST", "/openApi/swap/v2/trade/order/test", t.SwapOrderData,
                         *SWAP_ORDER_PARAMS, checks=SWAP_ORDER_CHECKS, limits=("uid:5/1", "ip:2/1"))
SWAP_BATCH = signed("swap.trade.batchOrders", "POST", "/openApi/swap/v2/trade/batchOrders", t.SwapOrders,
                    Param("batchOrders", json_value, required=True), limits=("uid:5/1", "ip:3/1"), write=True)
SWAP_CANCEL = signed("swap.trade.cancel", "DELETE", "/openApi/swap/v2/trade/order", t.SwapOrderData, SYMBOL_REQ,
                     ORDER_ID, Param("clientOrderId", SWAP_CID), checks=(id_or_client_id("orderId", "clientOrderId"),),
                     limits=("uid:10/1", "ip:3/1"), write=True)
SWAP_CANCEL_BATCH = signed("swap.trade.cancelBatch", "DELETE", "/openApi/swap/v2/trade/batchOrders",
                           t.SwapCancelResult, SYMBOL_REQ, Param("orderIdList", json_value),
                           Param("clientOrderIdList", json_value),
                           checks=(id_or_client_id("orderIdList", "clientOrderIdList"),),
                           limits=("uid:5/1", "ip:3/1"), write=True)
SWAP_CANCEL_ALL = signed("swap.trade.cancelAll", "DELETE", "/openApi/swap/v2/trade/allOpenOrders",
                         t.SwapCancelResult, SYMBOL, Param("type", one_of(*SWAP_TYPES)),
                         limits=("uid:5/1", "ip:2/1"), write=True)
SWAP_QUERY = signed("swap.trade.query", "GET", "/openApi/swap/v2/trade/order", t.SwapOrderData, SYMBOL_REQ,
                    ORDER_ID, Param("clientOrderId", SWAP_CID), checks=(id_or_client_id("orderId", "clientOrderId"),),
                    limits=("uid:30/1", "ip:2/1"))
SWAP_OPEN_ORDERS = signed("swap.trade.openOrders", "GET", "/openApi/swap/v2/trade/openOrders", t.SwapOrders,
                          SYMBOL, Param("type", one_of(*SWAP_TYPES)), limits=("uid:5/1", "ip:3/1"))
SWAP_HISTORY = signed("swap.trade.allOrders", "GET", "/openApi/swap/v2/trade/allOrders", t.SwapOrders, SYMBOL,
                      Param("currency", one_of("USDT", "USDC")), ORDER_ID, START, END,
                      Param("limit", integer(1, 1000), required=True), checks=(span(7),),  # swap-trade §11
                      limits=("uid:5/1", "ip:3/1"))
SWAP_FILLS = signed("swap.trade.allFillOrders", "GET", "/openApi/swap/v2/trade/allFillOrders", t.SwapFills,
                    Param("tradingUnit", one_of("COIN", "CONT"), required=True),
                    Param("startTs", millis, required=True), Param("endTs", millis, required=True), ORDER_ID,
                    Param("currency", one_of("USDT", "USDC")), limits=("uid:5/1", "ip:2/1"),
                    checks=(span(90, "startTs", "endTs"),))  # "3 months"; 109400 names 90 days (error-codes.md)
SWAP_CLOSE_ALL = signed("swap.trade.closeAllPositions", "POST", "/openApi/swap/v2/trade/closeAllPositions",
                        t.CloseResult, SYMBOL, limits=("uid:5/1", "ip:2/1"), write=True)
SWAP_CLOSE_POSITION = signed("swap.trade.closePosition", "POST", "/openApi/swap/v1/trade/closePosition",
                             t.ClosedPosition, Param("positionId", any_value, required=True),
                             limits=("uid:5/1", "ip:2/1"), write=True)
SWAP_POSITION_MARGIN = signed("swap.trade.positionMargin", "POST", "/openApi/swap/v2/trade/positionMargin",
                              t.MarginChange, SYMBOL_REQ, Param("amount", positive, required=True),
                              Param("type", one_of(1, 2), required=True),
                              Param("positionSide", one_of("LONG", "SHORT", "BOTH")),
                              Param("positionId", any_value), limits=("uid:2/1", "ip:2/1"), write=True)
SWAP_MARGIN_TYPE = signed("swap.trade.marginType", "GET", "/openApi/swap/v2/trade/marginType", t.MarginType,
                          SYMBOL_REQ, limits=("uid:2/1", "ip:2/1"))
SWAP_SET_MARGIN_TYPE = signed("swap.trade.setMarginType", "POST", "/openApi/swap/v2/trade/marginType", Any,
                              SYMBOL_REQ, Param("marginType", one_of(*MARGIN_TYPES), required=True),
                              limits=("uid:2/1", "ip:2/1"), write=True)
SWAP_LEVERAGE = signed("swap.trade.leverage", "GET", "/openApi/swap/v2/trade/leverage", t.Leverage, SYMBOL_REQ,
                       limits=("uid:5/1", "ip:2/1"))
SWAP_SET_LEVERAGE = signed("swap.trade.setLeverage", "POST", "/openApi/swap/v2/trade/leverage", t.LeverageSet,
                           SYMBOL_REQ, Param("side", one_of(*POSITION_SIDES), required=True),
                           Param("leverage", integer(1), required=True), limits=("uid:5/1", "ip:2/1"), write=True)
SWAP_POSITION_MODE = signed("swap.trade.positionMode", "GET", "/openApi/swap/v1/positionSide/dual", t.PositionMode,
                            limits=("uid:2/1", "ip:2/1"))
# The answer: "empty object" (swap-trade api-reference) or `{dualSidePosition: "false"}` (live, ccxt
# capture): either is success, so nothing is read from it.
SWAP_SET_POSITION_MODE = signed("swap.trade.setPositionMode", "POST", "/openApi/swap/v1/positionSide/dual",
                                Any, Param("dualSidePosition", one_of("true", "false"), required=True),
                                limits=("uid:4/1", "ip:2/1"), write=True)
SWAP_CANCEL_REPLACE = signed(
    "swap.trade.cancelReplace", "POST", "/openApi/swap/v1/trade/cancelReplace", t.SwapCancelReplace,
    *SWAP_ORDER_PARAMS, Param("cancelOrderId", any_value), Param("cancelClientOrderId", SWAP_CID),
    Param("cancelReplaceMode", one_of(*CANCEL_REPLACE_MODES), required=True),
    Param("cancelRestrictions", one_of(*SWAP_CANCEL_RESTRICTIONS)),
    checks=(*SWAP_ORDER_CHECKS, id_or_client_id("cancelOrderId", "cancelClientOrderId")),
    limits=("uid:5/1", "ip:2/1"), write=True)
