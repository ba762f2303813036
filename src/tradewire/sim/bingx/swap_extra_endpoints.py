"""The simulator's endpoints of the rest of swap trading, the standard contract and copy trading (UID limits
per second from the references; standard contract: the global policy, 5/s assumed)."""

from __future__ import annotations

from tradewire.sim.bingx import copytrade_api as ct
from tradewire.sim.bingx import standard_api as sd
from tradewire.sim.bingx import swap_modes_api as sm
from tradewire.sim.bingx import swap_query_api as sq
from tradewire.sim.bingx.calls import Endpoint, Handler
from tradewire.sim.bingx.ratelimit import Limit


def _ep(method: str, path: str, per_second: int, handler: Handler, swap: bool = True) -> Endpoint:
    return Endpoint(method, path, "signed", swap, Limit(per_second, 1000), "account", handler)


CT = "/openApi/copyTrading/v1"
ENDPOINTS: tuple[Endpoint, ...] = (
    _ep("POST", "/openApi/swap/v2/trade/cancelAllAfter", 1, sm.cancel_all_after),
    _ep("GET", "/openApi/swap/v2/trade/openOrder", 5, sq.open_order),
    _ep("GET", "/openApi/swap/v1/trade/fullOrder", 5, sq.full_order),
    _ep("GET", "/openApi/swap/v2/trade/forceOrders", 10, sq.force_orders),
    _ep("GET", "/openApi/swap/v2/trade/fillHistory", 5, sq.fill_history),
    _ep("GET", "/openApi/swap/v1/trade/positionHistory", 5, sq.position_history),
    _ep("GET", "/openApi/swap/v1/positionMargin/history", 5, sq.margin_history),
    _ep("GET", "/openApi/swap/v1/maintMarginRatio", 5, sq.maint_margin_ratio),
    _ep("POST", "/openApi/swap/v1/trade/amend", 5, sm.amend),
    _ep("POST", "/openApi/swap/v1/trade/batchCancelReplace", 2, sm.batch_cancel_replace),
    _ep("POST", "/openApi/swap/v1/trade/reverse", 2, sm.reverse),
    _ep("GET", "/openApi/swap/v1/trade/assetMode", 2, sm.asset_mode),
    _ep("POST", "/openApi/swap/v1/trade/assetMode", 2, sm.set_asset_mode),
    _ep("GET", "/openApi/swap/v1/trade/multiAssetsRules", 2, sm.multi_assets_rules),
    _ep("GET", "/openApi/swap/v1/user/marginAssets", 2, sm.margin_assets),
    _ep("POST", "/openApi/swap/v1/trade/autoAddMargin", 2, sm.auto_add_margin),
    _ep("POST", "/openApi/swap/v2/trade/getVst", 5, sm.get_vst),
    _ep("POST", "/openApi/swap/v1/twap/order", 2, sm.twap_order),
    _ep("POST", "/openApi/swap/v1/twap/cancelOrder", 2, sm.twap_cancel),
    _ep("GET", "/openApi/swap/v1/twap/openOrders", 2, sm.twap_open_orders),
    _ep("GET", "/openApi/swap/v1/twap/historyOrders", 2, sm.twap_history),
    _ep("GET", "/openApi/swap/v1/twap/orderDetail", 2, sm.twap_detail),
    _ep("GET", "/openApi/contract/v1/allPosition", 5, sd.all_position),
    _ep("GET", "/openApi/contract/v1/allOrders", 5, sd.all_orders),
    _ep("GET", "/openApi/contract/v1/balance", 5, sd.balance),
    _ep("GET", f"{CT}/swap/trace/currentTrack", 10, ct.current_track),
    _ep("POST", f"{CT}/swap/trace/closeTrackOrder", 10, ct.close_track_order),
    _ep("POST", f"{CT}/swap/trace/setTPSL", 10, ct.set_tpsl),
    _ep("GET", f"{CT}/PFutures/traderDetail", 10, ct.swap_trader_detail),
    _ep("GET", f"{CT}/PFutures/profitHistorySummarys", 10, ct.swap_profit_summary),
    _ep("GET", f"{CT}/PFutures/profitDetail", 10, ct.swap_profit_detail),
    _ep("POST", f"{CT}/PFutures/setCommission", 10, ct.set_commission),
    _ep("GET", f"{CT}/PFutures/tradingPairs", 10, ct.trading_pairs),
    _ep("POST", f"{CT}/spot/trader/sellOrder", 10, ct.sell_order, swap=False),
    _ep("GET", f"{CT}/spot/traderDetail", 10, ct.spot_trader_detail, swap=False),
    _ep("GET", f"{CT}/spot/profitHistorySummarys", 10, ct.spot_profit_summary, swap=False),
    _ep("GET", f"{CT}/spot/profitDetail", 10, ct.spot_profit_detail, swap=False),
    _ep("GET", f"{CT}/spot/historyOrder", 10, ct.spot_history, swap=False),
)
