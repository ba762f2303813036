"""BingX copy trading for the trader (references copytrade-swap, copytrade-spot): rate limits 10/s per UID."""

from __future__ import annotations

from tradewire.bingx import copytrade_models as c
from tradewire.bingx.endpoints import END, START, SYMBOL, SYMBOL_REQ, signed
from tradewire.core.endpoint import Param
from tradewire.core.validate import any_value, integer, one_of, positive

CT = "/openApi/copyTrading/v1"
UID = ("uid:10/1",)
UID_IP = ("uid:10/1", "ip:2/1")
POSITION_ID = Param("positionId", any_value, required=True)
PAGE = (Param("pageIndex", integer(1), required=True), Param("pageSize", integer(1, 100), required=True))

CURRENT_TRACK = signed("copy.swap.currentTrack", "GET", f"{CT}/swap/trace/currentTrack", c.TrackPage, SYMBOL_REQ,
                       Param("offset", integer(0)), Param("limit", integer(1)), limits=UID_IP)
CLOSE_TRACK = signed("copy.swap.closeTrackOrder", "POST", f"{CT}/swap/trace/closeTrackOrder", c.CopyOrder,
                     POSITION_ID, limits=UID_IP, write=True)
SET_TPSL = signed("copy.swap.setTPSL", "POST", f"{CT}/swap/trace/setTPSL", c.TpSl, POSITION_ID,
                  Param("takeProfitMarkPrice", positive, required=True),
                  Param("stopLossMarkPrice", positive, required=True), limits=UID_IP, write=True)
SWAP_TRADER = signed("copy.swap.traderDetail", "GET", f"{CT}/PFutures/traderDetail", c.TraderDetail,
                     Param("daySize", one_of(7, 30, 90, 180)), limits=UID)
SWAP_PROFIT_SUMMARY = signed("copy.swap.profitHistorySummarys", "GET", f"{CT}/PFutures/profitHistorySummarys",
                             c.ProfitSummary, START, END, limits=UID)
SWAP_PROFIT_DETAIL = signed("copy.swap.profitDetail", "GET", f"{CT}/PFutures/profitDetail", c.ProfitPage, START,
                            END, *PAGE, limits=UID)
SET_COMMISSION = signed("copy.swap.setCommission", "POST", f"{CT}/PFutures/setCommission", c.Commission,
                        Param("newCommission", positive, required=True), limits=UID, write=True)
TRADING_PAIRS = signed("copy.swap.tradingPairs", "GET", f"{CT}/PFutures/tradingPairs", c.CopyPairs,
                       Param("contractType", one_of("SFUTURES", "PFUTURES"), required=True), limits=UID)
SPOT_SELL = signed("copy.spot.sellOrder", "POST", f"{CT}/spot/trader/sellOrder", c.CopyOrder,
                   Param("orderId", any_value, required=True), limits=UID_IP, write=True)
SPOT_TRADER = signed("copy.spot.traderDetail", "GET", f"{CT}/spot/traderDetail", c.TraderDetail, limits=UID)
SPOT_PROFIT_SUMMARY = signed("copy.spot.profitHistorySummarys", "GET", f"{CT}/spot/profitHistorySummarys",
                             c.ProfitSummary, START, END, limits=UID)
SPOT_PROFIT_DETAIL = signed("copy.spot.profitDetail", "GET", f"{CT}/spot/profitDetail", c.ProfitPage, START, END,
                            *PAGE, limits=UID)
SPOT_HISTORY = signed("copy.spot.historyOrder", "GET", f"{CT}/spot/historyOrder", c.SpotCopyPage, SYMBOL, START,
                      END, *PAGE, limits=UID)
