"""The Binance catalogue: one declaration per typed endpoint (binance.md §6, §11, §13, §17, §18).

Rate limits: every `/api/*` call is charged its weight in the shared REQUEST_WEIGHT group
(1200/min per IP) and 1 in RAW_REQUESTS (5000 / 5 min); order placements also count in ORDERS
(100 / 10 s, 200000 / day; an OCO counts twice). Each SAPI endpoint has its own 12000/min (IP) or
180000/min (UID) weight budget, expressed as a per-endpoint bucket of `budget // weight` calls.
Weights that depend on parameters are computed per call by `call_weight`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

import msgspec

from tradewire.binance import futures_models as fm
from tradewire.binance import models as m
from tradewire.core.endpoint import Auth, Endpoint, Param
from tradewire.core.errors import ValidationError
from tradewire.core.validate import (
    Check,
    any_value,
    boolean,
    integer,
    millis,
    one_of,
    positive,
    span,
    text,
    to_decimal,
)

GROUPS: dict[str, tuple[tuple[int, float], ...]] = {  # float ok: seconds
    "weight": ((1200, 60.0),),
    "orders": ((100, 10.0), (200_000, 86_400.0)),
    "raw": ((5000, 300.0),),
}
API = ("group:weight", "group:raw")
ORDER = (*API, "group:orders")
SAPI_BUDGET = {"ip": 12_000, "uid": 180_000}

INTERVALS = ("1s", "1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")
ORDER_TYPES = ("LIMIT", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT",
               "LIMIT_MAKER")
STP_MODES = ("NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH")
MAX_RECV_WINDOW = 60_000

symbol = text(r"[A-Z0-9\-_.]{1,20}", max_len=20, rule="must be an upper-case Binance symbol such as BTCUSDT")
client_id = text(r"[a-zA-Z0-9\-_]{1,36}", max_len=36, rule="must be 1-36 of a-z A-Z 0-9 - _")
asset = text(r"[A-Z0-9]{1,20}", max_len=20, rule="must be an upper-case asset such as BTC")

SYMBOL = Param("symbol", symbol, required=True)
SYMBOL_OPT = Param("symbol", symbol)
SIDE = Param("side", one_of("BUY", "SELL"), required=True)
LIMIT_1000 = Param("limit", integer(1, 1000))
START, END = Param("startTime", millis), Param("endTime", millis)


def api(name: str, method: str, path: str, auth: Auth, result: Any, *params: Param, weight: int = 1,
        limits: tuple[str, ...] = API, checks: tuple[Check, ...] = (), write: bool = False) -> Endpoint:
    """A `/api/v3` (or `/fapi`) endpoint."""
    return Endpoint(name, method, path, auth, params, checks, result, "unwrapped", limits, write, weight)


def sapi(name: str, method: str, path: str, result: Any, *params: Param, weight: int, kind: str = "ip",
         auth: Auth = "signed", checks: tuple[Check, ...] = (), write: bool = False) -> Endpoint:
    """A `/sapi` endpoint with its own per-minute weight budget."""
    scope = f"ip:{max(1, SAPI_BUDGET[kind] // weight)}/60"
    return Endpoint(name, method, path, auth, params, checks, result, "unwrapped", (scope,), write, weight)


# --- order rules (binance.md §11.1) --------------------------------------------------------------

TYPE_NEEDS: dict[str, tuple[str, ...]] = {
    "LIMIT": ("timeInForce", "quantity", "price"),
    "MARKET": (),
    "STOP_LOSS": ("quantity",),
    "STOP_LOSS_LIMIT": ("timeInForce", "quantity", "price"),
    "TAKE_PROFIT": ("quantity",),
    "TAKE_PROFIT_LIMIT": ("timeInForce", "quantity", "price"),
    "LIMIT_MAKER": ("quantity", "price"),
}
STOP_TYPES = ("STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")


def order_rules(params: Mapping[str, Any]) -> None:
    """The mandatory parameters of each order type, checked before anything is sent."""
    kind = params.get("type")
    for name in TYPE_NEEDS.get(str(kind), ()):
        if name not in params:
            raise ValidationError(name, f"is required for {kind} orders")
    if kind == "MARKET" and ("quantity" in params) == ("quoteOrderQty" in params):
        raise ValidationError("quantity", "MARKET orders need exactly one of quantity and quoteOrderQty")
    if kind != "MARKET" and "quoteOrderQty" in params:
        raise ValidationError("quoteOrderQty", "is only allowed for MARKET orders")
    if kind in STOP_TYPES and "stopPrice" not in params and "trailingDelta" not in params:
        raise ValidationError("stopPrice", f"{kind} orders need stopPrice or trailingDelta")
    if kind not in STOP_TYPES:
        for name in ("stopPrice", "trailingDelta"):
            if name in params:
                raise ValidationError(name, f"is not allowed for {kind} orders")
    if kind in ("MARKET", "LIMIT_MAKER") and "timeInForce" in params:
        raise ValidationError("timeInForce", f"is not allowed for {kind} orders")
    if "icebergQty" in params:
        if kind not in ("LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"):
            raise ValidationError("icebergQty", "is only allowed on limit orders")
        if params.get("timeInForce", "GTC") != "GTC":
            raise ValidationError("timeInForce", "iceberg orders must use GTC")


def one_id(*names: str) -> Check:
    """At least one of the order ids `names`."""

    def check(params: Mapping[str, Any]) -> None:
        if not any(n in params for n in names):
            raise ValidationError(names[0], "either " + " or ".join(names) + " must be sent")

    return check


def oco_rules(params: Mapping[str, Any]) -> None:
    """stopLimitPrice and stopLimitTimeInForce go together (-1128 otherwise)."""
    if ("stopLimitPrice" in params) != ("stopLimitTimeInForce" in params):
        raise ValidationError("stopLimitTimeInForce", "stopLimitPrice and stopLimitTimeInForce go together")


ORDER_PARAMS = (
    SYMBOL, SIDE, Param("type", one_of(*ORDER_TYPES), required=True),
    Param("timeInForce", one_of("GTC", "IOC", "FOK")), Param("quantity", positive),
    Param("quoteOrderQty", positive), Param("price", positive), Param("newClientOrderId", client_id),
    Param("strategyId", integer(0)), Param("strategyType", integer(1_000_000)), Param("stopPrice", positive),
    Param("trailingDelta", integer(1)), Param("icebergQty", positive),
    Param("newOrderRespType", one_of("ACK", "RESULT", "FULL")),
    Param("selfTradePreventionMode", one_of(*STP_MODES)),
)

# --- market data ---------------------------------------------------------------------------------

PING = api("spot.ping", "GET", "/api/v3/ping", "none", dict[str, Any])
TIME = api("spot.time", "GET", "/api/v3/time", "none", m.ServerTime)
EXCHANGE_INFO = api("spot.exchangeInfo", "GET", "/api/v3/exchangeInfo", "none", m.ExchangeInfo,
                    SYMBOL_OPT, Param("symbols", any_value), Param("permissions", any_value), weight=10)
DEPTH = api("spot.depth", "GET", "/api/v3/depth", "none", m.Depth, SYMBOL, Param("limit", integer(1, 5000)))
TRADES = api("spot.trades", "GET", "/api/v3/trades", "none", list[m.Trade], SYMBOL, LIMIT_1000)
HISTORICAL_TRADES = api("spot.historicalTrades", "GET", "/api/v3/historicalTrades", "apikey", list[m.Trade],
                        SYMBOL, LIMIT_1000, Param("fromId", integer(0)), weight=5)
AGG_TRADES = api("spot.aggTrades", "GET", "/api/v3/aggTrades", "none", list[m.AggTrade], SYMBOL,
                 Param("fromId", integer(0)), START, END, LIMIT_1000)
KLINE_PARAMS = (SYMBOL, Param("interval", one_of(*INTERVALS), required=True), START, END, LIMIT_1000)
KLINES = api("spot.klines", "GET", "/api/v3/klines", "none", list[m.RawKline], *KLINE_PARAMS)
UI_KLINES = api("spot.uiKlines", "GET", "/api/v3/uiKlines", "none", list[m.RawKline], *KLINE_PARAMS)
AVG_PRICE = api("spot.avgPrice", "GET", "/api/v3/avgPrice", "none", m.AvgPrice, SYMBOL)
TICKER_TYPE = Param("type", one_of("FULL", "MINI"))
TICKER_24H = api("spot.ticker24hr", "GET", "/api/v3/ticker/24hr", "none", m.Ticker | list[m.Ticker],
                 SYMBOL_OPT, Param("symbols", any_value), TICKER_TYPE)
TICKER = api("spot.ticker", "GET", "/api/v3/ticker", "none", m.Ticker | list[m.Ticker],
             SYMBOL_OPT, Param("symbols", any_value),
             Param("windowSize", text(r"([1-9]|[1-5][0-9])m|([1-9]|1[0-9]|2[0-3])h|[1-7]d",
                                      rule="must be 1m-59m, 1h-23h or 1d-7d")), TICKER_TYPE,
             checks=(one_id("symbol", "symbols"),))
TICKER_PRICE = api("spot.tickerPrice", "GET", "/api/v3/ticker/price", "none",
                   m.TickerPrice | list[m.TickerPrice], SYMBOL_OPT, Param("symbols", any_value))
BOOK_TICKER = api("spot.bookTicker", "GET", "/api/v3/ticker/bookTicker", "none",
                  m.BookTicker | list[m.BookTicker], SYMBOL_OPT, Param("symbols", any_value))

# --- trading and account -------------------------------------------------------------------------

NEW_ORDER = api("spot.order.new", "POST", "/api/v3/order", "signed", m.Order, *ORDER_PARAMS,
                limits=ORDER, checks=(order_rules,), write=True)
TEST_ORDER = api("spot.order.test", "POST", "/api/v3/order/test", "signed", dict[str, Any], *ORDER_PARAMS,
                 checks=(order_rules,))
ORDER_IDS = (Param("orderId", integer(0)), Param("origClientOrderId", client_id))
GET_ORDER = api("spot.order.get", "GET", "/api/v3/order", "signed", m.Order, SYMBOL, *ORDER_IDS, weight=2,
                checks=(one_id("orderId", "origClientOrderId"),))
CANCEL_RESTRICTIONS = Param("cancelRestrictions", one_of("ONLY_NEW", "ONLY_PARTIALLY_FILLED"))
CANCEL_ORDER = api("spot.order.cancel", "DELETE", "/api/v3/order", "signed", m.Order, SYMBOL, *ORDER_IDS,
                   Param("newClientOrderId", client_id), CANCEL_RESTRICTIONS,
                   checks=(one_id("orderId", "origClientOrderId"),), write=True)
CANCEL_ALL = api("spot.openOrders.cancel", "DELETE", "/api/v3/openOrders", "signed",
                 list[msgspec.Raw], SYMBOL, write=True)
CANCEL_REPLACE = api("spot.order.cancelReplace", "POST", "/api/v3/order/cancelReplace", "signed",
                     m.CancelReplace, *ORDER_PARAMS,
                     Param("cancelReplaceMode", one_of("STOP_ON_FAILURE", "ALLOW_FAILURE"), required=True),
                     Param("cancelNewClientOrderId", client_id), Param("cancelOrigClientOrderId", client_id),
                     Param("cancelOrderId", integer(0)), CANCEL_RESTRICTIONS, limits=ORDER,
                     checks=(order_rules, one_id("cancelOrderId", "cancelOrigClientOrderId")), write=True)
OPEN_ORDERS = api("spot.openOrders", "GET", "/api/v3/openOrders", "signed", list[m.Order], SYMBOL_OPT)
ALL_ORDERS = api("spot.allOrders", "GET", "/api/v3/allOrders", "signed", list[m.Order], SYMBOL,
                 Param("orderId", integer(0)), START, END, LIMIT_1000, weight=10, checks=(span(1),))  # 24 h
# Deprecated by Binance (2024) in favour of POST /api/v3/orderList/oco below, still served.
NEW_OCO = api("spot.oco.new", "POST", "/api/v3/order/oco", "signed", m.OrderList,
              SYMBOL, SIDE, Param("quantity", positive, required=True), Param("price", positive, required=True),
              Param("stopPrice", positive, required=True), Param("listClientOrderId", client_id),
              Param("limitClientOrderId", client_id), Param("stopClientOrderId", client_id),
              Param("limitIcebergQty", positive), Param("stopIcebergQty", positive),
              Param("stopLimitPrice", positive), Param("stopLimitTimeInForce", one_of("GTC", "FOK", "IOC")),
              Param("trailingDelta", integer(1)), Param("limitStrategyId", integer(0)),
              Param("stopStrategyId", integer(0)), Param("newOrderRespType", one_of("ACK", "RESULT", "FULL")),
              Param("selfTradePreventionMode", one_of(*STP_MODES)),
              limits=(*ORDER, "group:orders"), checks=(oco_rules,), write=True)
ABOVE_TYPES = ("STOP_LOSS_LIMIT", "STOP_LOSS", "LIMIT_MAKER", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT")
# The parameter table leaves LIMIT_MAKER out of belowType, but the same page's price rules put a BUY
# OCO's LIMIT_MAKER below the last price (and the 2024-12 changelog pairs LIMIT_MAKER with either stop):
# we accept it and let the server decide rather than block an order the venue takes.
BELOW_TYPES = ("STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT", "LIMIT_MAKER")
LIMIT_LEGS, STOP_LEGS = ("LIMIT_MAKER", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT"), ("STOP_LOSS", "STOP_LOSS_LIMIT")


def order_list_oco_rules(params: Mapping[str, Any]) -> None:
    """Per leg: a price for LIMIT_MAKER/*_LIMIT only, a stop or trailing delta for the stop types,
    timeInForce for *_LIMIT; one leg LIMIT_MAKER/TAKE_PROFIT(_LIMIT), the other STOP_LOSS(_LIMIT)."""
    kinds = (params.get("aboveType"), params.get("belowType"))
    if not ((kinds[0] in LIMIT_LEGS and kinds[1] in STOP_LEGS) or (kinds[0] in STOP_LEGS and kinds[1] in LIMIT_LEGS)):
        raise ValidationError("belowType", "one leg must be LIMIT_MAKER/TAKE_PROFIT/TAKE_PROFIT_LIMIT and the "
                                           "other STOP_LOSS/STOP_LOSS_LIMIT")
    for leg, kind in zip(("above", "below"), kinds, strict=True):
        priced = kind in ("LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
        if priced and f"{leg}Price" not in params:
            raise ValidationError(f"{leg}Price", f"is required for a {kind} leg")
        if not priced and f"{leg}Price" in params:
            raise ValidationError(f"{leg}Price", f"is not allowed for a {kind} leg")
        stop = kind != "LIMIT_MAKER"
        if stop and f"{leg}StopPrice" not in params and f"{leg}TrailingDelta" not in params:
            raise ValidationError(f"{leg}StopPrice", f"a {kind} leg needs {leg}StopPrice or {leg}TrailingDelta")
        if not stop and (f"{leg}StopPrice" in params or f"{leg}TrailingDelta" in params):
            raise ValidationError(f"{leg}StopPrice", "is not allowed for a LIMIT_MAKER leg")
        limit_tif = kind in ("STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
        if limit_tif != (f"{leg}TimeInForce" in params):
            raise ValidationError(f"{leg}TimeInForce", f"is {'required' if limit_tif else 'not allowed'} for a "
                                                       f"{kind} leg")


def _leg(leg: str, types: tuple[str, ...]) -> tuple[Param, ...]:
    return (Param(f"{leg}Type", one_of(*types), required=True), Param(f"{leg}ClientOrderId", client_id),
            Param(f"{leg}IcebergQty", positive), Param(f"{leg}Price", positive), Param(f"{leg}StopPrice", positive),
            Param(f"{leg}TrailingDelta", integer(1)), Param(f"{leg}TimeInForce", one_of("GTC", "IOC", "FOK")),
            Param(f"{leg}StrategyId", integer(0)), Param(f"{leg}StrategyType", integer(1_000_000)))


NEW_ORDER_LIST_OCO = api("spot.orderList.oco", "POST", "/api/v3/orderList/oco", "signed", m.OrderList,
                         SYMBOL, Param("listClientOrderId", client_id), SIDE,
                         Param("quantity", positive, required=True),
                         *_leg("above", ABOVE_TYPES), *_leg("below", BELOW_TYPES),
                         Param("newOrderRespType", one_of("ACK", "RESULT", "FULL")),
                         Param("selfTradePreventionMode", one_of(*STP_MODES)),
                         limits=(*ORDER, "group:orders"), checks=(order_list_oco_rules,), write=True)


def _needs(params: Mapping[str, Any], pre: str, kind: Any) -> None:
    """An order-list order's mandatory parameters by type (rest-api.md, OTO/OTOCO "Mandatory parameters")."""
    priced = kind in ("LIMIT", "LIMIT_MAKER", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
    if priced != (f"{pre}Price" in params):
        raise ValidationError(f"{pre}Price", f"is {'required' if priced else 'not allowed'} for a {kind} order")
    timed = kind in ("LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
    if timed and f"{pre}TimeInForce" not in params:
        raise ValidationError(f"{pre}TimeInForce", f"is required for a {kind} order")
    stop = kind in STOP_TYPES
    if stop and f"{pre}StopPrice" not in params and f"{pre}TrailingDelta" not in params:
        raise ValidationError(f"{pre}StopPrice", f"a {kind} order needs {pre}StopPrice or {pre}TrailingDelta")
    if not stop and (f"{pre}StopPrice" in params or f"{pre}TrailingDelta" in params):
        raise ValidationError(f"{pre}StopPrice", f"is not allowed for a {kind} order")


def oto_rules(params: Mapping[str, Any]) -> None:
    """The working order (LIMIT or LIMIT_MAKER) and the pending order, each by its type."""
    _needs(params, "working", params.get("workingType"))
    _needs(params, "pending", params.get("pendingType"))


def otoco_rules(params: Mapping[str, Any]) -> None:
    """The working order, and a pending OCO pair under the orderList/oco rules."""
    _needs(params, "working", params.get("workingType"))
    order_list_oco_rules({k.replace("pendingAbove", "above").replace("pendingBelow", "below"): v
                          for k, v in params.items()})


def _list_leg(leg: str, types: tuple[str, ...], quantity: bool = True, side: bool = True) -> tuple[Param, ...]:
    """An OTO/OTOCO order's parameters (`working`, `pending`, `pendingAbove`, `pendingBelow`)."""
    own = ((Param(f"{leg}Side", one_of("BUY", "SELL"), required=True),) if side else ()) + (
        (Param(f"{leg}Quantity", positive, required=True),) if quantity else ())
    return (*own, Param(f"{leg}Type", one_of(*types), required=True), Param(f"{leg}ClientOrderId", client_id),
            Param(f"{leg}Price", positive), Param(f"{leg}IcebergQty", positive),
            Param(f"{leg}TimeInForce", one_of("GTC", "IOC", "FOK")), Param(f"{leg}StrategyId", integer(0)),
            Param(f"{leg}StrategyType", integer(1_000_000)))


def _stop(leg: str) -> tuple[Param, ...]:
    return Param(f"{leg}StopPrice", positive), Param(f"{leg}TrailingDelta", integer(1))


LIST_COMMON = (SYMBOL, Param("listClientOrderId", client_id),
               Param("newOrderRespType", one_of("ACK", "RESULT", "FULL")),
               Param("selfTradePreventionMode", one_of(*STP_MODES)))
NEW_ORDER_LIST_OTO = api("spot.orderList.oto", "POST", "/api/v3/orderList/oto", "signed", m.OrderList, *LIST_COMMON,
                         *_list_leg("working", ("LIMIT", "LIMIT_MAKER")),
                         *_list_leg("pending", ORDER_TYPES), *_stop("pending"),
                         limits=(*ORDER, "group:orders"), checks=(oto_rules,), write=True)
NEW_ORDER_LIST_OTOCO = api("spot.orderList.otoco", "POST", "/api/v3/orderList/otoco", "signed", m.OrderList,
                           *LIST_COMMON, *_list_leg("working", ("LIMIT", "LIMIT_MAKER")),
                           Param("pendingSide", one_of("BUY", "SELL"), required=True),
                           Param("pendingQuantity", positive, required=True),
                           *_list_leg("pendingAbove", ABOVE_TYPES, quantity=False, side=False),
                           *_stop("pendingAbove"),
                           *_list_leg("pendingBelow", BELOW_TYPES, quantity=False, side=False),
                           *_stop("pendingBelow"),
                           limits=(*ORDER, "group:orders", "group:orders"), checks=(otoco_rules,), write=True)
LIST_IDS = (Param("orderListId", integer(0)), Param("listClientOrderId", client_id))
CANCEL_OCO = api("spot.oco.cancel", "DELETE", "/api/v3/orderList", "signed", m.OrderList, SYMBOL, *LIST_IDS,
                 Param("newClientOrderId", client_id), checks=(one_id("orderListId", "listClientOrderId"),), write=True)
# The docs' parameter table calls the second id origClientOrderId (binance.md §11.2); both are accepted.
GET_OCO = api("spot.oco.get", "GET", "/api/v3/orderList", "signed", m.OrderList,
              Param("orderListId", integer(0)), Param("origClientOrderId", client_id), weight=2,
              checks=(one_id("orderListId", "origClientOrderId"),))
ALL_OCO = api("spot.oco.all", "GET", "/api/v3/allOrderList", "signed", list[m.OrderList],
              Param("fromId", integer(0)), START, END, LIMIT_1000, weight=10)
OPEN_OCO = api("spot.oco.open", "GET", "/api/v3/openOrderList", "signed", list[m.OrderList], weight=3)
ACCOUNT = api("spot.account", "GET", "/api/v3/account", "signed", m.Account, weight=10)
ACCOUNT_COMMISSION = api("spot.account.commission", "GET", "/api/v3/account/commission", "signed",
                         m.AccountCommission, SYMBOL, weight=20)
MY_TRADES = api("spot.myTrades", "GET", "/api/v3/myTrades", "signed", list[m.MyTrade], SYMBOL,
                Param("orderId", integer(0)), START, END, Param("fromId", integer(0)), LIMIT_1000, weight=10,
                checks=(span(1),))
ORDER_RATE_LIMITS = api("spot.rateLimit.order", "GET", "/api/v3/rateLimit/order", "signed", list[m.RateLimit],
                        weight=20)
PREVENTED_MATCHES = api("spot.myPreventedMatches", "GET", "/api/v3/myPreventedMatches", "signed",
                        list[m.PreventedMatch], SYMBOL, Param("preventedMatchId", integer(0)),
                        Param("orderId", integer(0)), Param("fromPreventedMatchId", integer(0)), LIMIT_1000,
                        checks=(one_id("preventedMatchId", "orderId"),))

# --- user data stream ----------------------------------------------------------------------------

LISTEN_KEY_PATH = "/api/v3/userDataStream"
LISTEN_KEY = Param("listenKey", text(r"[A-Za-z0-9]{1,128}", rule="letters and digits only"), required=True)
LISTEN_KEY_CREATE = api("stream.listenKey.create", "POST", LISTEN_KEY_PATH, "apikey", m.ListenKey)
LISTEN_KEY_KEEPALIVE = api("stream.listenKey.keepalive", "PUT", LISTEN_KEY_PATH, "apikey", dict[str, Any],
                           LISTEN_KEY)
LISTEN_KEY_CLOSE = api("stream.listenKey.close", "DELETE", LISTEN_KEY_PATH, "apikey", dict[str, Any], LISTEN_KEY)

# --- wallet (SAPI) -------------------------------------------------------------------------------

COIN = Param("coin", asset, required=True)
SYSTEM_STATUS = sapi("wallet.systemStatus", "GET", "/sapi/v1/system/status", m.SystemStatus, weight=1,
                     auth="none")
ACCOUNT_STATUS = sapi("wallet.accountStatus", "GET", "/sapi/v1/account/status", m.AccountStatus, weight=1)
DEPOSIT_ADDRESS = sapi("wallet.depositAddress", "GET", "/sapi/v1/capital/deposit/address", m.DepositAddress,
                       COIN, Param("network", any_value), weight=10)
HISTORY = (START, END, Param("offset", integer(0)), Param("limit", integer(1, 1000)))
DEPOSIT_HISTORY = sapi("wallet.depositHistory", "GET", "/sapi/v1/capital/deposit/hisrec", list[m.Deposit],
                       Param("coin", asset), Param("status", integer(0)), Param("txId", any_value), *HISTORY,
                       weight=1)
WITHDRAW = sapi("wallet.withdraw", "POST", "/sapi/v1/capital/withdraw/apply", m.WithdrawResult, COIN,
                Param("withdrawOrderId", any_value), Param("network", any_value),
                Param("address", text(r"[A-Za-z0-9:_\-]+", max_len=128, rule="letters, digits, : _ -"),
                      required=True),
                Param("addressTag", any_value), Param("amount", positive, required=True),
                Param("transactionFeeFlag", boolean), Param("name", any_value), Param("walletType", one_of(0, 1)),
                weight=600, kind="uid", write=True)
WITHDRAW_HISTORY = sapi("wallet.withdrawHistory", "GET", "/sapi/v1/capital/withdraw/history", list[m.Withdrawal],
                        Param("coin", asset), Param("withdrawOrderId", any_value), Param("status", integer(0)),
                        *HISTORY, weight=1)
ASSET_DETAIL = sapi("wallet.assetDetail", "GET", "/sapi/v1/asset/assetDetail", dict[str, m.AssetDetail],
                    Param("asset", asset), weight=1)
COINS = sapi("wallet.coins", "GET", "/sapi/v1/capital/config/getall", list[m.CoinInfo], weight=10)
TRADE_FEE = sapi("wallet.tradeFee", "GET", "/sapi/v1/asset/tradeFee", list[m.TradeFee], SYMBOL_OPT, weight=1)
DUST = sapi("wallet.dust", "POST", "/sapi/v1/asset/dust", m.DustResult,
            Param("asset", text(r"[A-Z0-9]+(,[A-Z0-9]+)*", rule="comma-separated assets, e.g. BTC,USDT"),
                  required=True), weight=10, kind="uid", write=True)
DIVIDENDS = sapi("wallet.assetDividend", "GET", "/sapi/v1/asset/assetDividend", m.Dividends,
                 Param("asset", asset), START, END, Param("limit", integer(1, 500)), weight=10)

# --- margin (SAPI) -------------------------------------------------------------------------------

AMOUNT = Param("amount", positive, required=True)


def upper_bool(name: str, value: Any) -> str:
    """`isIsolated`: a bool or the strings TRUE/FALSE, sent upper-case as the margin API wants it."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if value in ("TRUE", "FALSE"):
        return str(value)
    raise ValidationError(name, "must be True/False (sent as TRUE/FALSE)", value)


ISOLATED = Param("isIsolated", upper_bool)


def isolated_symbol(params: Mapping[str, Any]) -> None:
    """An isolated margin call names its pair (`symbol`)."""
    if params.get("isIsolated") in (True, "TRUE") and "symbol" not in params:
        raise ValidationError("symbol", "is required when isIsolated is TRUE")


MARGIN_TRANSFER = sapi("margin.transfer", "POST", "/sapi/v1/margin/transfer", m.TranId,
                       Param("asset", asset, required=True), AMOUNT, Param("type", one_of(1, 2), required=True),
                       weight=600, write=True)
# The current loan endpoint (the old POST /sapi/v1/margin/loan and /repay are retired): one path,
# `type` BORROW or REPAY; isIsolated is mandatory in the docs' table (TRUE isolated, FALSE cross).
# The records' notes say both "txId or startTime must be sent" and "without startTime/endTime the
# last 7 days are returned": we require neither and let the server answer.
MARGIN_BORROW_REPAY = sapi("margin.borrowRepay", "POST", "/sapi/v1/margin/borrow-repay", m.TranId,
                           Param("asset", asset, required=True), Param("isIsolated", upper_bool, required=True),
                           SYMBOL_OPT, AMOUNT, Param("type", one_of("BORROW", "REPAY"), required=True),
                           weight=1500, kind="uid", checks=(isolated_symbol,), write=True)
MARGIN_BORROW_REPAY_RECORDS = sapi("margin.borrowRepay.records", "GET", "/sapi/v1/margin/borrow-repay",
                                   m.BorrowRepayRecords, Param("type", one_of("BORROW", "REPAY"), required=True),
                                   Param("asset", asset), Param("isolatedSymbol", symbol), Param("txId", integer(0)),
                                   START, END, Param("current", integer(1)), Param("size", integer(1, 100)),
                                   weight=10)
TRANSFER_TYPES = (
    "MAIN_UMFUTURE", "MAIN_CMFUTURE", "MAIN_MARGIN", "UMFUTURE_MAIN", "UMFUTURE_MARGIN", "CMFUTURE_MAIN",
    "CMFUTURE_MARGIN", "MARGIN_MAIN", "MARGIN_UMFUTURE", "MARGIN_CMFUTURE", "ISOLATEDMARGIN_MARGIN",
    "MARGIN_ISOLATEDMARGIN", "ISOLATEDMARGIN_ISOLATEDMARGIN", "MAIN_FUNDING", "FUNDING_MAIN", "FUNDING_UMFUTURE",
    "UMFUTURE_FUNDING", "MARGIN_FUNDING", "FUNDING_MARGIN", "FUNDING_CMFUTURE", "CMFUTURE_FUNDING", "MAIN_OPTION",
    "OPTION_MAIN", "UMFUTURE_OPTION", "OPTION_UMFUTURE", "MARGIN_OPTION", "OPTION_MARGIN", "FUNDING_OPTION",
    "OPTION_FUNDING", "MAIN_PORTFOLIO_MARGIN", "PORTFOLIO_MARGIN_MAIN",
)


def transfer_symbols(params: Mapping[str, Any]) -> None:
    """fromSymbol for transfers out of isolated margin, toSymbol for transfers into it."""
    kind = str(params.get("type", ""))
    if kind.startswith("ISOLATEDMARGIN_") and "fromSymbol" not in params:
        raise ValidationError("fromSymbol", f"is required for {kind} transfers")
    if kind.endswith("_ISOLATEDMARGIN") and "toSymbol" not in params:
        raise ValidationError("toSymbol", f"is required for {kind} transfers")


TRANSFER_TYPE = Param("type", one_of(*TRANSFER_TYPES), required=True)
# Weight(UID) 300 in the official docs (binance-connector-python, 2026); the seed catalogue says 900.
UNIVERSAL_TRANSFER = sapi("wallet.universalTransfer", "POST", "/sapi/v1/asset/transfer", m.TranId, TRANSFER_TYPE,
                          Param("asset", asset, required=True), AMOUNT, Param("fromSymbol", symbol),
                          Param("toSymbol", symbol), weight=300, kind="uid", checks=(transfer_symbols,),
                          write=True)
UNIVERSAL_TRANSFER_HISTORY = sapi("wallet.universalTransfer.history", "GET", "/sapi/v1/asset/transfer",
                                  m.TransferRecords, TRANSFER_TYPE, START, END, Param("current", integer(1)),
                                  Param("size", integer(1, 100)), Param("fromSymbol", symbol),
                                  Param("toSymbol", symbol), weight=1, checks=(transfer_symbols,))
MARGIN_NEW_ORDER = sapi("margin.order.new", "POST", "/sapi/v1/margin/order", m.Order, SYMBOL, ISOLATED,
                        *ORDER_PARAMS[1:],
                        Param("sideEffectType", one_of("NO_SIDE_EFFECT", "MARGIN_BUY", "AUTO_REPAY")),
                        weight=6, kind="uid", checks=(order_rules,), write=True)
MARGIN_GET_ORDER = sapi("margin.order.get", "GET", "/sapi/v1/margin/order", m.Order, SYMBOL, ISOLATED, *ORDER_IDS,
                        weight=10, checks=(one_id("orderId", "origClientOrderId"),))
MARGIN_CANCEL_ORDER = sapi("margin.order.cancel", "DELETE", "/sapi/v1/margin/order", m.Order, SYMBOL, ISOLATED,
                           *ORDER_IDS, Param("newClientOrderId", client_id), weight=10,
                           checks=(one_id("orderId", "origClientOrderId"),), write=True)
MARGIN_OPEN_ORDERS = sapi("margin.openOrders", "GET", "/sapi/v1/margin/openOrders", list[m.Order], SYMBOL_OPT,
                          ISOLATED, weight=10, checks=(isolated_symbol,))
MARGIN_CANCEL_ALL = sapi("margin.openOrders.cancel", "DELETE", "/sapi/v1/margin/openOrders", list[msgspec.Raw],
                         SYMBOL, ISOLATED, weight=1, write=True)
MARGIN_ALL_ORDERS = sapi("margin.allOrders", "GET", "/sapi/v1/margin/allOrders", list[m.Order], SYMBOL, ISOLATED,
                         Param("orderId", integer(0)), START, END, Param("limit", integer(1, 500)), weight=200)
MARGIN_MY_TRADES = sapi("margin.myTrades", "GET", "/sapi/v1/margin/myTrades", list[m.MyTrade], SYMBOL, ISOLATED,
                        Param("orderId", integer(0)), START, END, Param("fromId", integer(0)),
                        Param("limit", integer(1, 1000)), weight=10)
MARGIN_ACCOUNT = sapi("margin.account", "GET", "/sapi/v1/margin/account", m.MarginAccount, weight=10)

# --- isolated margin (developers.binance.com/docs/margin_trading) -------------------------------

# Both toggles are writes sent once: a lost answer is UnknownOutcome (re-read with ISOLATED_ACCOUNT), never success.
ISOLATED_ENABLE = sapi("margin.isolated.account.post", "POST", "/sapi/v1/margin/isolated/account", m.IsolatedToggle,
                       SYMBOL, weight=300, kind="uid", write=True)
ISOLATED_DISABLE = sapi("margin.isolated.account.delete", "DELETE", "/sapi/v1/margin/isolated/account",
                        m.IsolatedToggle, SYMBOL, weight=300, kind="uid", write=True)


def at_most_5(name: str, value: Any) -> str:
    """`symbols`: a list or a comma-separated string of at most 5 symbols."""
    if not isinstance(value, str | list | tuple):
        raise ValidationError(name, "must be symbols, as a list or comma-separated", value)
    names = value.split(",") if isinstance(value, str) else list(value)
    if not 1 <= len(names) <= 5:
        raise ValidationError(name, "must name 1 to 5 symbols", value)
    return ",".join(symbol(name, n) for n in names)


ISOLATED_ACCOUNT = sapi("margin.isolated.account.get", "GET", "/sapi/v1/margin/isolated/account", m.IsolatedAccount,
                        Param("symbols", at_most_5), weight=10)
ISOLATED_ACCOUNT_LIMIT = sapi("margin.isolated.accountLimit", "GET", "/sapi/v1/margin/isolated/accountLimit",
                              m.IsolatedAccountLimit, weight=1)
ISOLATED_PAIR = sapi("margin.isolated.pair", "GET", "/sapi/v1/margin/isolated/pair", m.IsolatedPair, SYMBOL,
                     weight=10)
ISOLATED_ALL_PAIRS = sapi("margin.isolated.allPairs", "GET", "/sapi/v1/margin/isolated/allPairs",
                          list[m.IsolatedPair], weight=10)
WALLET_SIDE = one_of("SPOT", "ISOLATED_MARGIN")
ISOLATED_TRANSFER = sapi("margin.isolated.transfer.post", "POST", "/sapi/v1/margin/isolated/transfer", m.TranId,
                         Param("asset", asset, required=True), SYMBOL, Param("transFrom", WALLET_SIDE, required=True),
                         Param("transTo", WALLET_SIDE, required=True), AMOUNT, weight=600, kind="uid", write=True)
ISOLATED_TRANSFER_HISTORY = sapi("margin.isolated.transfer.get", "GET", "/sapi/v1/margin/isolated/transfer",
                                 m.IsolatedTransfers, SYMBOL, Param("asset", asset), Param("transFrom", WALLET_SIDE),
                                 Param("transTo", WALLET_SIDE), START, END, Param("current", integer(1)),
                                 Param("size", integer(1, 100)), weight=1)
MARGIN_INTEREST_HISTORY = sapi("margin.interestHistory", "GET", "/sapi/v1/margin/interestHistory",
                               m.InterestRecords, Param("asset", asset), Param("isolatedSymbol", symbol), START, END,
                               Param("current", integer(1)), Param("size", integer(1, 100)), weight=1)
MARGIN_MAX_BORROWABLE = sapi("margin.maxBorrowable", "GET", "/sapi/v1/margin/maxBorrowable", m.MaxAmount,
                             Param("asset", asset, required=True), Param("isolatedSymbol", symbol), weight=50)
MARGIN_MAX_TRANSFERABLE = sapi("margin.maxTransferable", "GET", "/sapi/v1/margin/maxTransferable", m.MaxAmount,
                               Param("asset", asset, required=True), Param("isolatedSymbol", symbol), weight=50)

# --- USD-M futures (fapi; only the Russian guide names these, binance.md §18) --------------------

FAPI = ("group:fapi",)


def fapi(name: str, method: str, path: str, auth: Auth, result: Any, *params: Param, weight: int = 1,
         orders: bool = False, checks: tuple[Check, ...] = (), write: bool = False) -> Endpoint:
    """A `/fapi` endpoint, charged in the futures weight group (and the order counts when `orders`)."""
    return api(name, method, path, auth, result, *params, weight=weight,
               limits=(*FAPI, "group:fapi_orders") if orders else FAPI, checks=checks, write=write)


F_INTERVALS = tuple(i for i in INTERVALS if i != "1s")
LIMIT_1500 = Param("limit", integer(1, 1500))
F_KLINE = (Param("interval", one_of(*F_INTERVALS), required=True), START, END, LIMIT_1500)
PAIR = Param("pair", symbol, required=True)

F_PING = fapi("futures.ping", "GET", "/fapi/v1/ping", "none", dict[str, Any])
F_TIME = fapi("futures.time", "GET", "/fapi/v1/time", "none", m.ServerTime)
F_EXCHANGE_INFO = fapi("futures.exchangeInfo", "GET", "/fapi/v1/exchangeInfo", "none", m.FuturesExchangeInfo)
FUTURES_DEPTH_LIMITS = (5, 10, 20, 50, 100, 500, 1000)
F_DEPTH = fapi("futures.depth", "GET", "/fapi/v1/depth", "none", fm.FuturesDepth, SYMBOL,
               Param("limit", one_of(*FUTURES_DEPTH_LIMITS)), weight=10)
F_TRADES = fapi("futures.trades", "GET", "/fapi/v1/trades", "none", list[fm.FuturesTrade], SYMBOL, LIMIT_1000,
                weight=5)
F_HISTORICAL_TRADES = fapi("futures.historicalTrades", "GET", "/fapi/v1/historicalTrades", "apikey",
                           list[fm.FuturesTrade], SYMBOL, LIMIT_1000, Param("fromId", integer(0)), weight=20)
F_AGG_TRADES = fapi("futures.aggTrades", "GET", "/fapi/v1/aggTrades", "none", list[fm.FuturesAggTrade], SYMBOL,
                    Param("fromId", integer(0)), START, END, LIMIT_1000, weight=20)
F_KLINES = fapi("futures.klines", "GET", "/fapi/v1/klines", "none", list[m.RawKline], SYMBOL, *F_KLINE, weight=5)
F_CONTINUOUS_KLINES = fapi("futures.continuousKlines", "GET", "/fapi/v1/continuousKlines", "none",
                           list[m.RawKline], PAIR,
                           Param("contractType", one_of("PERPETUAL", "CURRENT_QUARTER", "NEXT_QUARTER"),
                                 required=True), *F_KLINE, weight=5)
F_MARK_KLINES = fapi("futures.markPriceKlines", "GET", "/fapi/v1/markPriceKlines", "none", list[m.RawKline],
                     SYMBOL, *F_KLINE, weight=5)
F_INDEX_KLINES = fapi("futures.indexPriceKlines", "GET", "/fapi/v1/indexPriceKlines", "none", list[m.RawKline],
                      PAIR, *F_KLINE, weight=5)
F_PREMIUM_INDEX = fapi("futures.premiumIndex", "GET", "/fapi/v1/premiumIndex", "none",
                       fm.PremiumIndex | list[fm.PremiumIndex], SYMBOL_OPT, weight=10)
F_FUNDING_RATE = fapi("futures.fundingRate", "GET", "/fapi/v1/fundingRate", "none", list[fm.FundingRate],
                      SYMBOL_OPT, START, END, LIMIT_1000)
F_FUNDING_INFO = fapi("futures.fundingInfo", "GET", "/fapi/v1/fundingInfo", "none", list[fm.FundingInfo])
F_TICKER_24H = fapi("futures.ticker24hr", "GET", "/fapi/v1/ticker/24hr", "none",
                    fm.FuturesTicker | list[fm.FuturesTicker], SYMBOL_OPT, weight=40)
F_PRICE = fapi("futures.tickerPrice", "GET", "/fapi/v2/ticker/price", "none", fm.FuturesPrice | list[fm.FuturesPrice],
               SYMBOL_OPT, weight=2)
F_BOOK_TICKER = fapi("futures.bookTicker", "GET", "/fapi/v1/ticker/bookTicker", "none",
                     fm.FuturesBookTicker | list[fm.FuturesBookTicker], SYMBOL_OPT, weight=5)
F_OPEN_INTEREST = fapi("futures.openInterest", "GET", "/fapi/v1/openInterest", "none", fm.OpenInterest, SYMBOL)
FAPI_ORDER = (*FAPI, "group:fapi_orders")
#: conditional types: since 2025-12 only the algo endpoint takes them (/fapi/v1/order answers -4120)
ALGO_TYPES = ("STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET")
PRICE_MATCH = ("OPPONENT", "OPPONENT_5", "OPPONENT_10", "OPPONENT_20", "QUEUE", "QUEUE_5", "QUEUE_10", "QUEUE_20")
F_TIF = Param("timeInForce", one_of("GTC", "IOC", "FOK", "GTX", "GTD"))
f_client_id = text(r"[.A-Z:/a-z0-9_\-]{1,36}", max_len=36, rule="must be 1-36 of . A-Z : / a-z 0-9 _ -")


def lower_bool(name: str, value: Any) -> str:
    """reduceOnly, closePosition, priceProtect: a bool or the strings true/false, sent lower-case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value in ("true", "false"):
        return str(value)
    raise ValidationError(name, "must be True/False (sent as true/false)", value)


def f_order_type(name: str, value: Any) -> str:
    """LIMIT or MARKET; a conditional type is pointed to the algo endpoint instead."""
    if value in ALGO_TYPES:
        raise ValidationError(name, f"{value} is a conditional order: place it with futures_new_algo_order "
                                    "(POST /fapi/v1/algoOrder; /fapi/v1/order answers -4120)", value)
    return one_of("LIMIT", "MARKET")(name, value)


def _price_match(kind: object, params: Mapping[str, Any], priced: tuple[str, ...]) -> None:
    if "priceMatch" in params:
        if kind not in priced:
            raise ValidationError("priceMatch", "is only allowed for " + "/".join(priced) + " orders")
        if "price" in params:
            raise ValidationError("priceMatch", "cannot be sent together with price")


def _gtd(params: Mapping[str, Any]) -> None:
    if (params.get("timeInForce") == "GTD") != ("goodTillDate" in params):
        raise ValidationError("goodTillDate", "is required with timeInForce GTD, and only with it")


def f_order_rules(params: Mapping[str, Any]) -> None:
    """LIMIT: timeInForce, quantity and price or priceMatch; MARKET: quantity (USD-M New Order table)."""
    kind = params.get("type")
    if "quantity" not in params:
        raise ValidationError("quantity", f"is required for {kind} orders")
    _price_match(kind, params, ("LIMIT",))
    if kind == "LIMIT":
        if "timeInForce" not in params:
            raise ValidationError("timeInForce", "is required for LIMIT orders")
        if "price" not in params and "priceMatch" not in params:
            raise ValidationError("price", "LIMIT orders need price or priceMatch")
    elif "price" in params:
        raise ValidationError("price", "is not allowed for MARKET orders")
    _gtd(params)


F_ORDER_PARAMS = (SYMBOL, SIDE, Param("positionSide", one_of("BOTH", "LONG", "SHORT")),
                  Param("type", f_order_type, required=True), F_TIF, Param("quantity", positive),
                  Param("reduceOnly", lower_bool), Param("price", positive),
                  Param("newClientOrderId", f_client_id), Param("newOrderRespType", one_of("ACK", "RESULT")),
                  Param("priceMatch", one_of(*PRICE_MATCH)), Param("selfTradePreventionMode", one_of(*STP_MODES)),
                  Param("goodTillDate", millis))
F_NEW_ORDER = api("futures.order.new", "POST", "/fapi/v1/order", "signed", m.FuturesOrder, *F_ORDER_PARAMS,
                  limits=FAPI_ORDER, checks=(f_order_rules,), write=True)
F_GET_ORDER = api("futures.order.get", "GET", "/fapi/v1/order", "signed", m.FuturesOrder, SYMBOL, *ORDER_IDS,
                  limits=FAPI, checks=(one_id("orderId", "origClientOrderId"),))
F_CANCEL_ORDER = api("futures.order.cancel", "DELETE", "/fapi/v1/order", "signed", m.FuturesOrder, SYMBOL,
                     *ORDER_IDS, limits=FAPI, checks=(one_id("orderId", "origClientOrderId"),), write=True)


def algo_rules(params: Mapping[str, Any]) -> None:
    """The mandatory parameters of each conditional type (USD-M New Algo Order; triggerPrice is the old
    stopPrice): STOP/TAKE_PROFIT quantity, triggerPrice and price or priceMatch; STOP_MARKET/
    TAKE_PROFIT_MARKET triggerPrice and quantity or closePosition=true; TRAILING_STOP_MARKET quantity
    and callbackRate (0.1-10 %)."""
    kind = params.get("type")
    close = params.get("closePosition") in (True, "true")
    if close and kind not in ("STOP_MARKET", "TAKE_PROFIT_MARKET"):
        raise ValidationError("closePosition", "is only allowed for STOP_MARKET and TAKE_PROFIT_MARKET orders")
    if close:
        for name in ("quantity", "reduceOnly"):
            if name in params:
                raise ValidationError(name, "cannot be sent with closePosition=true")
    elif "quantity" not in params:
        raise ValidationError("quantity", f"is required for {kind} orders (or closePosition=true)")
    if kind == "TRAILING_STOP_MARKET":
        if "callbackRate" not in params:
            raise ValidationError("callbackRate", "is required for TRAILING_STOP_MARKET orders")
        if not Decimal("0.1") <= to_decimal("callbackRate", params["callbackRate"]) <= 10:
            raise ValidationError("callbackRate", "must be from 0.1 to 10 (percent)", params["callbackRate"])
        for name in ("triggerPrice", "price", "priceMatch"):
            if name in params:
                raise ValidationError(name, "is not allowed for TRAILING_STOP_MARKET orders")
    else:
        if "triggerPrice" not in params:
            raise ValidationError("triggerPrice", f"is required for {kind} orders")
        for name in ("callbackRate", "activatePrice"):
            if name in params:
                raise ValidationError(name, "is only allowed for TRAILING_STOP_MARKET orders")
    _price_match(kind, params, ("STOP", "TAKE_PROFIT"))
    if kind in ("STOP", "TAKE_PROFIT") and "price" not in params and "priceMatch" not in params:
        raise ValidationError("price", f"{kind} orders need price or priceMatch")
    if kind not in ("STOP", "TAKE_PROFIT") and "price" in params:
        raise ValidationError("price", f"is not allowed for {kind} orders")
    _gtd(params)


ALGO_IDS = (Param("algoId", integer(0)), Param("clientAlgoId", f_client_id))
F_NEW_ALGO = api("futures.algoOrder.new", "POST", "/fapi/v1/algoOrder", "signed", m.AlgoOrder,
                 Param("algoType", one_of("CONDITIONAL"), required=True), SYMBOL, SIDE,
                 Param("positionSide", one_of("BOTH", "LONG", "SHORT")),
                 Param("type", one_of(*ALGO_TYPES), required=True), F_TIF, Param("quantity", positive),
                 Param("price", positive), Param("triggerPrice", positive),
                 Param("workingType", one_of("MARK_PRICE", "CONTRACT_PRICE")),
                 Param("priceMatch", one_of(*PRICE_MATCH)), Param("closePosition", lower_bool),
                 Param("priceProtect", lower_bool), Param("reduceOnly", lower_bool), Param("activatePrice", positive),
                 Param("callbackRate", positive), Param("clientAlgoId", f_client_id),
                 Param("selfTradePreventionMode", one_of(*STP_MODES)), Param("goodTillDate", millis),
                 limits=FAPI_ORDER, checks=(algo_rules,), write=True)
F_GET_ALGO = api("futures.algoOrder.get", "GET", "/fapi/v1/algoOrder", "signed", m.AlgoOrder, *ALGO_IDS,
                 limits=FAPI, checks=(one_id("algoId", "clientAlgoId"),))
# A cancel is marked a write too: re-sent after a lost answer it would report -2011 for an order it did cancel.
F_CANCEL_ALGO = api("futures.algoOrder.cancel", "DELETE", "/fapi/v1/algoOrder", "signed", m.AlgoCancel,
                    *ALGO_IDS, limits=FAPI, checks=(one_id("algoId", "clientAlgoId"),), write=True)
F_OPEN_ALGO = api("futures.openAlgoOrders", "GET", "/fapi/v1/openAlgoOrders", "signed", list[m.AlgoOrder],
                  Param("algoType", one_of("CONDITIONAL")), SYMBOL_OPT, Param("algoId", integer(0)), limits=FAPI)
F_ALL_ALGO = api("futures.allAlgoOrders", "GET", "/fapi/v1/allAlgoOrders", "signed", list[m.AlgoOrder], SYMBOL,
                 Param("algoId", integer(0)), START, END, Param("limit", integer(1, 1000)), limits=FAPI, weight=5)
# The guide maps the account call to POST; the real fapi account endpoints are GET /fapi/v2 and /fapi/v3/account.
F_ACCOUNT = fapi("futures.account.v2", "GET", "/fapi/v2/account", "signed", m.FuturesAccount, weight=5)
F_ACCOUNT_V3 = fapi("futures.account", "GET", "/fapi/v3/account", "signed", fm.AccountV3, weight=5)
F_BALANCE = fapi("futures.balance", "GET", "/fapi/v3/balance", "signed", list[m.FuturesBalance], weight=5)
F_POSITION_RISK = fapi("futures.positionRisk", "GET", "/fapi/v3/positionRisk", "signed", list[fm.PositionRisk],
                       SYMBOL_OPT, weight=5)
F_SYMBOL_CONFIG = fapi("futures.symbolConfig", "GET", "/fapi/v1/symbolConfig", "signed", list[fm.SymbolConfig],
                       SYMBOL_OPT, weight=5)
# The settings (leverage, margin type, position mode, multi-assets mode; fee burn in fapi_endpoints) are writes: sent
# once and never retried once they may have reached the venue, so a 5xx or a lost answer is UnknownOutcome, never
# success. Written twice equals once in effect, but not on the wire: an unchanged margin type, position mode or
# multi-assets mode is refused (-4046, -4059, -4171), so a retry after a write that was done would report a
# failure. The caller re-reads the setting (tests/reliability/test_exactly_once_futures.py asserts both).
F_LEVERAGE = fapi("futures.leverage", "POST", "/fapi/v1/leverage", "signed", fm.Leverage, SYMBOL,
                  Param("leverage", integer(1, 125), required=True), write=True)
F_MARGIN_TYPE = fapi("futures.marginType", "POST", "/fapi/v1/marginType", "signed", fm.CodeMsg, SYMBOL,
                     Param("marginType", one_of("ISOLATED", "CROSSED"), required=True), write=True)
F_SET_POSITION_MODE = fapi("futures.positionSide.set", "POST", "/fapi/v1/positionSide/dual", "signed", fm.CodeMsg,
                           Param("dualSidePosition", lower_bool, required=True), write=True)
F_POSITION_MODE = fapi("futures.positionSide", "GET", "/fapi/v1/positionSide/dual", "signed", fm.PositionMode,
                       weight=30)
F_SET_MULTI_ASSETS = fapi("futures.multiAssetsMargin.set", "POST", "/fapi/v1/multiAssetsMargin", "signed",
                          fm.CodeMsg, Param("multiAssetsMargin", lower_bool, required=True), write=True)
F_MULTI_ASSETS = fapi("futures.multiAssetsMargin", "GET", "/fapi/v1/multiAssetsMargin", "signed",
                      fm.MultiAssetsMode, weight=30)
F_POSITION_MARGIN = fapi("futures.positionMargin", "POST", "/fapi/v1/positionMargin", "signed",
                         fm.PositionMarginResult, SYMBOL, Param("positionSide", one_of("BOTH", "LONG", "SHORT")),
                         Param("amount", positive, required=True), Param("type", one_of(1, 2), required=True),
                         write=True)
F_POSITION_MARGIN_HISTORY = fapi("futures.positionMargin.history", "GET", "/fapi/v1/positionMargin/history",
                                 "signed", list[fm.PositionMarginRecord], SYMBOL, Param("type", one_of(1, 2)),
                                 START, END, Param("limit", integer(1, 500)))
F_COMMISSION_RATE = fapi("futures.commissionRate", "GET", "/fapi/v1/commissionRate", "signed", fm.CommissionRate,
                         SYMBOL, weight=20)
F_LEVERAGE_BRACKET = fapi("futures.leverageBracket", "GET", "/fapi/v1/leverageBracket", "signed",
                          fm.LeverageBracket | list[fm.LeverageBracket], SYMBOL_OPT)
INCOME_TYPES = ("TRANSFER", "WELCOME_BONUS", "REALIZED_PNL", "FUNDING_FEE", "COMMISSION", "INSURANCE_CLEAR",
                "REFERRAL_KICKBACK", "COMMISSION_REBATE", "API_REBATE", "CONTEST_REWARD",
                "CROSS_COLLATERAL_TRANSFER", "OPTIONS_PREMIUM_FEE", "OPTIONS_SETTLE_PROFIT", "INTERNAL_TRANSFER",
                "AUTO_EXCHANGE", "DELIVERED_SETTELMENT", "COIN_SWAP_DEPOSIT", "COIN_SWAP_WITHDRAW",
                "POSITION_LIMIT_INCREASE_FEE")
F_INCOME = fapi("futures.income", "GET", "/fapi/v1/income", "signed", list[fm.Income], SYMBOL_OPT,
                Param("incomeType", one_of(*INCOME_TYPES)), START, END, Param("page", integer(1)), LIMIT_1000,
                weight=30)
F_USER_TRADES = fapi("futures.userTrades", "GET", "/fapi/v1/userTrades", "signed", list[fm.UserTrade], SYMBOL,
                     Param("orderId", integer(0)), START, END, Param("fromId", integer(0)), LIMIT_1000, weight=5)
F_OPEN_ORDERS = fapi("futures.openOrders", "GET", "/fapi/v1/openOrders", "signed", list[m.FuturesOrder], SYMBOL_OPT,
                     weight=40)
F_OPEN_ORDER = fapi("futures.openOrder", "GET", "/fapi/v1/openOrder", "signed", m.FuturesOrder, SYMBOL, *ORDER_IDS,
                    checks=(one_id("orderId", "origClientOrderId"),))
F_ALL_ORDERS = fapi("futures.allOrders", "GET", "/fapi/v1/allOrders", "signed", list[m.FuturesOrder], SYMBOL,
                    Param("orderId", integer(0)), START, END, LIMIT_1000, weight=5)


def batch_orders(name: str, value: Any) -> str:
    """1-5 order parameter sets (each already checked and rendered as a single order), one JSON array."""
    if isinstance(value, str):
        return value
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= 5:
        raise ValidationError(name, "must be a list of 1 to 5 orders", value)
    return msgspec.json.encode(list(value)).decode()


def id_list(name: str, value: Any) -> str:
    """1-10 order ids or client order ids, sent as a JSON array."""
    if isinstance(value, str):
        return value
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= 10:
        raise ValidationError(name, "must be a list of 1 to 10 ids", value)
    return msgspec.json.encode(list(value)).decode()


F_BATCH_ORDERS = fapi("futures.batchOrders", "POST", "/fapi/v1/batchOrders", "signed", list[msgspec.Raw],
                      Param("batchOrders", batch_orders, required=True), weight=5, orders=True, write=True)
F_BATCH_CANCEL = fapi("futures.batchOrders.cancel", "DELETE", "/fapi/v1/batchOrders", "signed", list[msgspec.Raw],
                      SYMBOL, Param("orderIdList", id_list), Param("origClientOrderIdList", id_list),
                      checks=(one_id("orderIdList", "origClientOrderIdList"),), write=True)
F_CANCEL_ALL = fapi("futures.allOpenOrders.cancel", "DELETE", "/fapi/v1/allOpenOrders", "signed", fm.CodeMsg,
                    SYMBOL, write=True)
F_COUNTDOWN = fapi("futures.countdownCancelAll", "POST", "/fapi/v1/countdownCancelAll", "signed", fm.Countdown,
                   SYMBOL, Param("countdownTime", integer(0), required=True), weight=10, write=True)
F_LISTEN_KEY = fapi("futures.listenKey.new", "POST", "/fapi/v1/listenKey", "apikey", m.ListenKey)
F_LISTEN_KEY_KEEPALIVE = fapi("futures.listenKey.keepalive", "PUT", "/fapi/v1/listenKey", "apikey",
                              dict[str, Any])
F_LISTEN_KEY_CLOSE = fapi("futures.listenKey.close", "DELETE", "/fapi/v1/listenKey", "apikey", dict[str, Any])
GROUPS["fapi"] = ((2400, 60.0),)  # float ok: the USD-M futures REQUEST_WEIGHT budget
GROUPS["fapi_orders"] = ((300, 10.0), (1200, 60.0))  # float ok: X-MBX-ORDER-COUNT-10S / -1M


# --- weights that depend on the call (binance.md §6) ----------------------------------------------

def _symbols(params: Mapping[str, Any]) -> int:
    value = params.get("symbols")
    if value is None:
        return 0
    return len(value) if isinstance(value, (list, tuple)) else str(value).count(",") + 1


def _depth(p: Mapping[str, Any]) -> int:
    limit = int(p.get("limit") or 100)
    return 1 if limit <= 100 else 5 if limit <= 500 else 10 if limit <= 1000 else 50


def _ticker_24h(p: Mapping[str, Any]) -> int:
    if "symbol" in p:
        return 1
    n = _symbols(p)
    return 40 if n == 0 or n > 100 else 1 if n <= 20 else 20


def _rolling(p: Mapping[str, Any]) -> int:
    return min(100, 2 * max(1, _symbols(p)))


WEIGHTS: dict[str, Callable[[Mapping[str, Any]], int]] = {
    DEPTH.name: _depth,
    TICKER_24H.name: _ticker_24h,
    TICKER.name: _rolling,
    TICKER_PRICE.name: lambda p: 1 if "symbol" in p else 2,
    BOOK_TICKER.name: lambda p: 1 if "symbol" in p else 2,
    OPEN_ORDERS.name: lambda p: 3 if "symbol" in p else 40,
    PREVENTED_MATCHES.name: lambda p: 10 if "orderId" in p else 1,
    F_OPEN_ALGO.name: lambda p: 1 if "symbol" in p else 40,
    F_OPEN_ORDERS.name: lambda p: 1 if "symbol" in p else 40,
    F_DEPTH.name: lambda p: (lambda n: 2 if n <= 50 else 5 if n <= 100 else 10 if n <= 500 else 20)(
        int(p.get("limit") or 500)),
    F_PREMIUM_INDEX.name: lambda p: 1 if "symbol" in p else 10,
    F_TICKER_24H.name: lambda p: 1 if "symbol" in p else 40,
    F_PRICE.name: lambda p: 1 if "symbol" in p else 2,
    F_BOOK_TICKER.name: lambda p: 2 if "symbol" in p else 5,
    **{ep.name: lambda p: (lambda n: 1 if n < 100 else 2 if n < 500 else 5 if n <= 1000 else 10)(
        int(p.get("limit") or 500)) for ep in (F_KLINES, F_CONTINUOUS_KLINES, F_MARK_KLINES, F_INDEX_KLINES)},
}


def call_weight(ep: Endpoint, params: Mapping[str, Any]) -> Endpoint:
    """`ep` carrying the weight of this very call (a distinct name keeps limiter buckets apart)."""
    weigh = WEIGHTS.get(ep.name)
    if weigh is None:
        return ep
    given = {k: v for k, v in params.items() if v is not None}
    w = weigh(given)
    return ep if w == ep.weight else replace(ep, name=f"{ep.name}#{w}", weight=w)
