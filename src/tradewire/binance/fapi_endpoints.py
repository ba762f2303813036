"""The rest of the USD-M futures catalogue (binance-usdm-endpoints.json): analytics series, index views,
convert, downloads, account extras, order modification and the test order. One declaration per endpoint,
as in `endpoints.py`, whose `fapi` helper and rules these reuse."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from tradewire.binance import fapi_models as fx
from tradewire.binance import futures_models as fm
from tradewire.binance import models as m
from tradewire.binance.endpoints import (
    END,
    F_ORDER_PARAMS,
    FAPI_ORDER,
    INTERVALS,
    ORDER_IDS,
    PAIR,
    PRICE_MATCH,
    SIDE,
    START,
    SYMBOL,
    SYMBOL_OPT,
    api,
    asset,
    batch_orders,
    fapi,
    lower_bool,
    one_id,
)
from tradewire.core.endpoint import Param
from tradewire.core.errors import ValidationError
from tradewire.core.validate import integer, millis, one_of, positive, span, text

PERIOD = Param("period", one_of("5m", "15m", "30m", "1h", "2h", "4h", "6h", "12h", "1d"), required=True)
LIMIT_500 = Param("limit", integer(1, 500))
SERIES = (SYMBOL, PERIOD, LIMIT_500, START, END)
DOWNLOAD_RANGE = (Param("startTime", millis, required=True), Param("endTime", millis, required=True))
DOWNLOAD_ID = Param("downloadId", text(r"[0-9A-Za-z]{1,64}", max_len=64, rule="must be the id a download call gave"),
                    required=True)
index_symbol = text(r"[A-Z0-9]{2,20}", max_len=20, rule="must be an upper-case index symbol such as BTCUSD")
ALGO_OR_LIMIT = ("LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET",
                 "TRAILING_STOP_MARKET")

# --- market data and analytics (public) ------------------------------------------------------------

F_TICKER_PRICE_V1 = fapi("futures.tickerPrice.v1", "GET", "/fapi/v1/ticker/price", "none",
                         fm.FuturesPrice | list[fm.FuturesPrice], SYMBOL_OPT)
F_PREMIUM_KLINES = fapi("futures.premiumIndexKlines", "GET", "/fapi/v1/premiumIndexKlines", "none",
                        list[m.RawKline], SYMBOL, Param("interval", one_of(*(i for i in INTERVALS if i != "1s")),
                                                        required=True),
                        START, END, Param("limit", integer(1, 1500)), weight=5)
F_ADL_RISK = fapi("futures.symbolAdlRisk", "GET", "/fapi/v1/symbolAdlRisk", "none",
                  fx.AdlRisk | list[fx.AdlRisk], SYMBOL_OPT)
F_ASSET_INDEX = fapi("futures.assetIndex", "GET", "/fapi/v1/assetIndex", "none",
                     fx.AssetIndex | list[fx.AssetIndex], Param("symbol", index_symbol), weight=10)
F_INDEX_INFO = fapi("futures.indexInfo", "GET", "/fapi/v1/indexInfo", "none", list[fx.IndexInfo], SYMBOL_OPT)
F_CONSTITUENTS = fapi("futures.constituents", "GET", "/fapi/v1/constituents", "none", fx.Constituents, SYMBOL,
                      weight=2)
F_INSURANCE = fapi("futures.insuranceBalance", "GET", "/fapi/v1/insuranceBalance", "none",
                   fx.InsuranceBalance | list[fx.InsuranceBalance], SYMBOL_OPT)
F_RPI_DEPTH = fapi("futures.rpiDepth", "GET", "/fapi/v1/rpiDepth", "none", fm.FuturesDepth, SYMBOL,
                   Param("limit", one_of(1000)), weight=20)
F_TRADING_SCHEDULE = fapi("futures.tradingSchedule", "GET", "/fapi/v1/tradingSchedule", "none",
                          fx.TradingSchedule, weight=5)
F_BASIS = fapi("futures.basis", "GET", "/futures/data/basis", "none", list[fx.Basis], PAIR,
               Param("contractType", one_of("PERPETUAL", "CURRENT_QUARTER", "NEXT_QUARTER"), required=True),
               PERIOD, LIMIT_500, START, END, weight=0)
F_OI_HIST = fapi("futures.openInterestHist", "GET", "/futures/data/openInterestHist", "none",
                 list[fx.OpenInterestHist], *SERIES, weight=0)
F_GLOBAL_RATIO = fapi("futures.globalLongShortAccountRatio", "GET", "/futures/data/globalLongShortAccountRatio",
                      "none", list[fx.LongShortRatio], *SERIES, weight=0)
F_TOP_ACCOUNT_RATIO = fapi("futures.topLongShortAccountRatio", "GET", "/futures/data/topLongShortAccountRatio",
                           "none", list[fx.LongShortRatio], *SERIES, weight=0)
F_TOP_POSITION_RATIO = fapi("futures.topLongShortPositionRatio", "GET", "/futures/data/topLongShortPositionRatio",
                            "none", list[fx.LongShortRatio], *SERIES, weight=0)
F_TAKER_RATIO = fapi("futures.takerlongshortRatio", "GET", "/futures/data/takerlongshortRatio", "none",
                     list[fx.TakerVolume], *SERIES, weight=0)
F_DELIVERY_PRICE = fapi("futures.deliveryPrice", "GET", "/futures/data/delivery-price", "none",
                        list[fx.DeliveryPrice], PAIR, weight=0)
F_CONVERT_PAIRS = fapi("futures.convert.exchangeInfo", "GET", "/fapi/v1/convert/exchangeInfo", "none",
                       list[fx.ConvertPair], Param("fromAsset", asset), Param("toAsset", asset), weight=20)

# --- account extras (signed) --------------------------------------------------------------------

F_ACCOUNT_CONFIG = fapi("futures.accountConfig", "GET", "/fapi/v1/accountConfig", "signed", fx.AccountConfig,
                        weight=5)
F_BALANCE_V2 = fapi("futures.balance.v2", "GET", "/fapi/v2/balance", "signed", list[m.FuturesBalance], weight=5)
F_POSITION_RISK_V2 = fapi("futures.positionRisk.v2", "GET", "/fapi/v2/positionRisk", "signed",
                          list[fx.PositionRiskV2], SYMBOL_OPT, weight=5)
F_TRADING_STATUS = fapi("futures.apiTradingStatus", "GET", "/fapi/v1/apiTradingStatus", "signed",
                        fx.TradingStatus, SYMBOL_OPT, weight=10)
F_FEE_BURN = fapi("futures.feeBurn", "GET", "/fapi/v1/feeBurn", "signed", fx.FeeBurn, weight=30)
#: a setting, sent once like those in endpoints.py (see the note above F_LEVERAGE there)
F_SET_FEE_BURN = fapi("futures.feeBurn.set", "POST", "/fapi/v1/feeBurn", "signed", fm.CodeMsg,
                      Param("feeBurn", lower_bool, required=True), write=True)
F_ORDER_DOWNLOAD = fapi("futures.order.asyn", "GET", "/fapi/v1/order/asyn", "signed", fx.DownloadId,
                        *DOWNLOAD_RANGE, checks=(span(365),), weight=1000)
F_TRADE_DOWNLOAD = fapi("futures.trade.asyn", "GET", "/fapi/v1/trade/asyn", "signed", fx.DownloadId,
                        *DOWNLOAD_RANGE, checks=(span(365),), weight=1000)
F_INCOME_DOWNLOAD = fapi("futures.income.asyn", "GET", "/fapi/v1/income/asyn", "signed", fx.DownloadId,
                         *DOWNLOAD_RANGE, checks=(span(365),), weight=1000)
F_ORDER_DOWNLOAD_LINK = fapi("futures.order.asyn.id", "GET", "/fapi/v1/order/asyn/id", "signed", fx.DownloadLink,
                             DOWNLOAD_ID, weight=10)
F_TRADE_DOWNLOAD_LINK = fapi("futures.trade.asyn.id", "GET", "/fapi/v1/trade/asyn/id", "signed", fx.DownloadLink,
                             DOWNLOAD_ID, weight=10)
F_INCOME_DOWNLOAD_LINK = fapi("futures.income.asyn.id", "GET", "/fapi/v1/income/asyn/id", "signed",
                              fx.DownloadLink, DOWNLOAD_ID, weight=10)
F_ORDER_RATE_LIMIT = fapi("futures.rateLimit.order", "GET", "/fapi/v1/rateLimit/order", "signed",
                          list[m.RateLimit])
F_ADL_QUANTILE = fapi("futures.adlQuantile", "GET", "/fapi/v1/adlQuantile", "signed", list[fx.AdlQuantile],
                      SYMBOL_OPT, weight=5)
#: weight 20 with a symbol, 50 without (futures docs, "User's Force Orders"): booked at 50
F_FORCE_ORDERS = fapi("futures.forceOrders", "GET", "/fapi/v1/forceOrders", "signed", list[m.FuturesOrder],
                      SYMBOL_OPT, Param("autoCloseType", one_of("LIQUIDATION", "ADL")), START, END,
                      Param("limit", integer(1, 100)), weight=50)
F_PM_ACCOUNT = fapi("futures.pmAccountInfo", "GET", "/fapi/v1/pmAccountInfo", "signed", fx.PmAccount,
                    Param("asset", asset, required=True), weight=5)
F_TRADFI_CONTRACT = fapi("futures.stock.contract", "POST", "/fapi/v1/stock/contract", "signed", fm.CodeMsg,
                         weight=50, write=True)


def _one_amount(params: Mapping[str, Any]) -> None:
    if ("fromAmount" in params) == ("toAmount" in params):
        raise ValidationError("fromAmount", "send exactly one of fromAmount and toAmount")


def _different(params: Mapping[str, Any]) -> None:
    if params.get("fromAsset") == params.get("toAsset"):
        raise ValidationError("toAsset", "must differ from fromAsset", params.get("toAsset"))


F_CONVERT_QUOTE = fapi("futures.convert.getQuote", "POST", "/fapi/v1/convert/getQuote", "signed", fx.ConvertQuote,
                       Param("fromAsset", asset, required=True), Param("toAsset", asset, required=True),
                       Param("fromAmount", positive), Param("toAmount", positive), Param("validTime", one_of("10s")),
                       checks=(_one_amount, _different), weight=50)
quote_id = text(r"[0-9A-Za-z]{1,64}", max_len=64, rule="must be the quoteId getQuote gave")
F_CONVERT_ACCEPT = fapi("futures.convert.acceptQuote", "POST", "/fapi/v1/convert/acceptQuote", "signed",
                        fx.ConvertAccept, Param("quoteId", quote_id, required=True), weight=200, write=True)
F_CONVERT_STATUS = fapi("futures.convert.orderStatus", "GET", "/fapi/v1/convert/orderStatus", "signed",
                        fx.ConvertOrder, Param("orderId", quote_id), Param("quoteId", quote_id),
                        checks=(one_id("orderId", "quoteId"),), weight=50)

# --- order modification and the test order --------------------------------------------------------


def _modify_rules(params: Mapping[str, Any]) -> None:
    """Both quantity and price (or priceMatch instead of price) are sent (Modify Order notes)."""
    if "quantity" not in params:
        raise ValidationError("quantity", "is required to modify an order")
    if ("price" in params) == ("priceMatch" in params):
        raise ValidationError("price", "send price, or priceMatch instead of it (not both)")


MODIFY_PARAMS = (SYMBOL, SIDE, *ORDER_IDS, Param("quantity", positive), Param("price", positive),
                 Param("priceMatch", one_of(*PRICE_MATCH)), Param("modifyId", integer(0)))
F_MODIFY_ORDER = api("futures.order.modify", "PUT", "/fapi/v1/order", "signed", m.FuturesOrder, *MODIFY_PARAMS,
                     limits=FAPI_ORDER, checks=(one_id("orderId", "origClientOrderId"), _modify_rules), write=True)
F_MODIFY_BATCH = fapi("futures.batchOrders.modify", "PUT", "/fapi/v1/batchOrders", "signed", list[msgspec.Raw],
                      Param("batchOrders", batch_orders, required=True), weight=5, orders=True, write=True)
F_AMENDMENTS = fapi("futures.orderAmendment", "GET", "/fapi/v1/orderAmendment", "signed", list[fx.OrderAmendment],
                    SYMBOL, *ORDER_IDS, START, END, Param("limit", integer(1, 100)),
                    checks=(one_id("orderId", "origClientOrderId"),))
TEST_PARAMS = (
    *(p for p in F_ORDER_PARAMS if p.name != "type"), Param("type", one_of(*ALGO_OR_LIMIT), required=True),
    Param("stopPrice", positive),
    Param("closePosition", lower_bool), Param("activationPrice", positive), Param("callbackRate", positive),
    Param("workingType", one_of("MARK_PRICE", "CONTRACT_PRICE")), Param("priceProtect", lower_bool))


def _test_rules(params: Mapping[str, Any]) -> None:
    """The Test Order table: LIMIT needs timeInForce, quantity, price (or priceMatch); every type but a
    Close-All stop needs quantity."""
    kind = params.get("type")
    if "quantity" not in params and params.get("closePosition") not in (True, "true"):
        raise ValidationError("quantity", f"is required for {kind} orders")
    if kind == "LIMIT":
        if "timeInForce" not in params:
            raise ValidationError("timeInForce", "is required for LIMIT orders")
        if "price" not in params and "priceMatch" not in params:
            raise ValidationError("price", "LIMIT orders need price or priceMatch")


F_CANCEL_ALGOS = fapi("futures.algoOpenOrders.cancel", "DELETE", "/fapi/v1/algoOpenOrders", "signed", fm.CodeMsg,
                      SYMBOL, write=True)
F_TEST_ORDER = api("futures.order.test", "POST", "/fapi/v1/order/test", "signed", dict[str, Any], *TEST_PARAMS,
                   limits=FAPI_ORDER[:1], checks=(_test_rules,))
