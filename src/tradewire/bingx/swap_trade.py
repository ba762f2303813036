"""The rest of BingX perpetual trading (reference swap-trade §7, §8, §12, §23-§42): kill switch, order and
position history, liquidation orders, maintenance tiers, amend, reverse, multi-assets, TWAP, VST."""

from __future__ import annotations

from tradewire.bingx import swap_trade_models as s
from tradewire.bingx import trade_models as t
from tradewire.bingx.endpoints import END, START, SYMBOL, SYMBOL_REQ, signed
from tradewire.bingx.trade import SIDES, SWAP_CID, id_or_client_id
from tradewire.core.endpoint import Param
from tradewire.core.validate import any_value, integer, json_value, millis, one_of, positive, span

CURRENCY = Param("currency", one_of("USDT", "USDC"))
ORDER_ID = Param("orderId", any_value)
START_TS = Param("startTs", millis, required=True)
END_TS = Param("endTs", millis, required=True)
PAGE_INDEX = Param("pageIndex", integer(1))
MAIN_ORDER_ID = Param("mainOrderId", any_value, required=True)
POSITION_SIDES = ("LONG", "SHORT")

CANCEL_ALL_AFTER = signed("swap.trade.cancelAllAfter", "POST", "/openApi/swap/v2/trade/cancelAllAfter",
                          s.CancelAllAfter, Param("type", one_of("ACTIVATE", "CLOSE"), required=True),
                          Param("timeOut", integer(0, 120), required=True), limits=("uid:1/1", "ip:2/1"), write=True)
OPEN_ORDER = signed("swap.trade.openOrder", "GET", "/openApi/swap/v2/trade/openOrder", t.SwapOrderData, SYMBOL_REQ,
                    ORDER_ID, Param("clientOrderId", SWAP_CID), checks=(id_or_client_id("orderId", "clientOrderId"),),
                    limits=("uid:5/1", "ip:2/1"))
FULL_ORDER = signed("swap.trade.fullOrder", "GET", "/openApi/swap/v1/trade/fullOrder", t.SwapOrders, SYMBOL,
                    ORDER_ID, START, END, Param("limit", integer(1, 1000), required=True),
                    limits=("uid:5/1", "ip:2/1"))
FORCE_ORDERS = signed("swap.trade.forceOrders", "GET", "/openApi/swap/v2/trade/forceOrders", t.SwapOrders, SYMBOL,
                      CURRENCY, Param("autoCloseType", one_of("LIQUIDATION", "ADL")), START, END,
                      Param("limit", integer(1, 100)), limits=("uid:10/1", "ip:2/1"))
FILL_HISTORY = signed("swap.trade.fillHistory", "GET", "/openApi/swap/v2/trade/fillHistory", s.FillPage,
                      SYMBOL_REQ, CURRENCY, ORDER_ID, Param("lastFillId", integer(0)), START_TS, END_TS, PAGE_INDEX,
                      Param("pageSize", integer(1, 1000)), checks=(span(90, "startTs", "endTs"),),
                      limits=("uid:5/1", "ip:2/1"))
POSITION_HISTORY = signed("swap.trade.positionHistory", "GET", "/openApi/swap/v1/trade/positionHistory",
                          s.PositionHistory, SYMBOL_REQ, CURRENCY, Param("positionId", any_value), START_TS, END_TS,
                          PAGE_INDEX, Param("pageSize", integer(1, 100)), checks=(span(90, "startTs", "endTs"),),
                          limits=("uid:5/1", "ip:2/1"))
MARGIN_HISTORY = signed("swap.trade.positionMarginHistory", "GET", "/openApi/swap/v1/positionMargin/history",
                        s.MarginHistory, SYMBOL_REQ, Param("positionId", any_value, required=True),
                        Param("startTime", millis, required=True), Param("endTime", millis, required=True),
                        Param("pageIndex", integer(1), required=True),
                        Param("pageSize", integer(1, 100), required=True), limits=("uid:5/1", "ip:2/1"))
MAINT_MARGIN_RATIO = signed("swap.trade.maintMarginRatio", "GET", "/openApi/swap/v1/maintMarginRatio",
                            s.MaintTiers | list[s.MaintTier], SYMBOL_REQ, limits=("uid:5/1", "ip:2/1"))
AMEND = signed("swap.trade.amend", "POST", "/openApi/swap/v1/trade/amend", s.Amended, SYMBOL_REQ, ORDER_ID,
               Param("clientOrderId", SWAP_CID), Param("quantity", positive, required=True),
               checks=(id_or_client_id("orderId", "clientOrderId"),), limits=("uid:5/1",), write=True)
BATCH_CANCEL_REPLACE = signed("swap.trade.batchCancelReplace", "POST", "/openApi/swap/v1/trade/batchCancelReplace",
                              s.BatchCancelReplace, Param("batchOrders", json_value, required=True),
                              limits=("uid:2/1", "ip:2/1"), write=True)
REVERSE = signed("swap.trade.reverse", "POST", "/openApi/swap/v1/trade/reverse", s.Reversed,
                 Param("type", one_of("Reverse", "TriggerReverse"), required=True), SYMBOL_REQ,
                 Param("triggerPrice", positive), Param("workingType", one_of("MARK_PRICE", "CONTRACT_PRICE")),
                 limits=("uid:2/1", "ip:2/1"), write=True)
ASSET_MODE = signed("swap.trade.assetMode", "GET", "/openApi/swap/v1/trade/assetMode", s.AssetMode,
                    limits=("uid:2/1", "ip:2/1"))
SET_ASSET_MODE = signed("swap.trade.setAssetMode", "POST", "/openApi/swap/v1/trade/assetMode", s.AssetMode,
                        Param("assetMode", one_of("singleAssetMode", "multiAssetsMode"), required=True),
                        limits=("uid:2/1", "ip:2/1"), write=True)
MULTI_ASSETS_RULES = signed("swap.trade.multiAssetsRules", "GET", "/openApi/swap/v1/trade/multiAssetsRules",
                            s.MultiAssetsRules, limits=("ip:2/1",))
MARGIN_ASSETS = signed("swap.user.marginAssets", "GET", "/openApi/swap/v1/user/marginAssets", s.MarginAssets,
                       limits=("uid:2/1", "ip:2/1"))
AUTO_ADD_MARGIN = signed("swap.trade.autoAddMargin", "POST", "/openApi/swap/v1/trade/autoAddMargin", s.Success,
                         SYMBOL_REQ, Param("positionId", any_value, required=True),
                         Param("functionSwitch", one_of("true", "false"), required=True), Param("amount", positive),
                         limits=("uid:2/1", "ip:2/1"), write=True)
GET_VST = signed("swap.trade.getVst", "POST", "/openApi/swap/v2/trade/getVst", s.VstBalance,
                 Param("adjustType", one_of(0, 1)), Param("amount", integer(1)), limits=("uid:5/1", "ip:2/1"),
                 write=True)
TWAP_ORDER = signed("swap.twap.order", "POST", "/openApi/swap/v1/twap/order", s.TwapId, SYMBOL_REQ,
                    Param("side", one_of(*SIDES), required=True),
                    Param("positionSide", one_of(*POSITION_SIDES), required=True),
                    Param("priceType", one_of("constant", "percentage"), required=True),
                    Param("priceVariance", positive, required=True), Param("triggerPrice", positive, required=True),
                    Param("interval", integer(5, 120), required=True), Param("amountPerOrder", positive, required=True),
                    Param("totalAmount", positive, required=True), limits=("uid:2/1", "ip:2/1"), write=True)
TWAP_CANCEL = signed("swap.twap.cancelOrder", "POST", "/openApi/swap/v1/twap/cancelOrder", s.TwapId, MAIN_ORDER_ID,
                     limits=("uid:2/1", "ip:2/1"), write=True)
TWAP_OPEN = signed("swap.twap.openOrders", "GET", "/openApi/swap/v1/twap/openOrders", s.TwapPage, SYMBOL,
                   limits=("uid:2/1", "ip:2/1"))
TWAP_HISTORY = signed("swap.twap.historyOrders", "GET", "/openApi/swap/v1/twap/historyOrders", s.TwapPage, SYMBOL,
                      Param("pageIndex", integer(1), required=True), Param("pageSize", integer(1, 1000), required=True),
                      Param("startTime", millis, required=True), Param("endTime", millis, required=True),
                      limits=("uid:2/1", "ip:2/1"))
TWAP_DETAIL = signed("swap.twap.orderDetail", "GET", "/openApi/swap/v1/twap/orderDetail", s.TwapOrder,
                     MAIN_ORDER_ID, limits=("uid:2/1", "ip:2/1"))
