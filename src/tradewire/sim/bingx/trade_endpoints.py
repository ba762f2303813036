"""The BingX trading endpoints of the simulator (spot and perpetual), as data."""

from __future__ import annotations

from tradewire.sim.bingx import spot_trade_api as spot
from tradewire.sim.bingx import swap_trade_api as swap
from tradewire.sim.bingx.calls import Call, Endpoint, Handler
from tradewire.sim.bingx.ratelimit import Limit
from tradewire.sim.bingx.replies import Reply
from tradewire.sim.bingx.spot_orders_api import fire_due
from tradewire.sim.bingx.trading import trading


def _spot_events(handler: Handler) -> Handler:
    """Fire the due spot kill switches, play the spot tapes up to now, run a spot handler, then publish the
    order events they caused (also when it fails part-way)."""
    def run(call: Call) -> Reply:
        try:
            fire_due(call.state, call.now)
            trading(call.state).spot_catch_up(call.now)
            return handler(call)
        finally:
            trading(call.state).flush()
    return run


def _ep(method: str, path: str, per_second: int, handler: Handler, swap: bool) -> Endpoint:
    return Endpoint(method, path, "signed", swap, Limit(per_second, 1000), "account",
                    handler if swap else _spot_events(handler))


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET", "/openApi/spot/v1/common/symbols", "none", False, None, "market", spot.spot_symbols),
    _ep("POST", "/openApi/spot/v1/trade/order", 10, spot.spot_order, False),
    _ep("POST", "/openApi/spot/v1/trade/batchOrders", 2, spot.spot_batch, False),
    _ep("POST", "/openApi/spot/v1/trade/cancel", 5, spot.spot_cancel, False),
    _ep("POST", "/openApi/spot/v1/trade/cancelOpenOrders", 2, spot.spot_cancel_open, False),
    _ep("POST", "/openApi/spot/v1/trade/cancelOrders", 2, spot.spot_cancel_orders, False),
    _ep("POST", "/openApi/spot/v1/oco/order", 2, spot.oco_order, False),
    _ep("POST", "/openApi/spot/v1/oco/cancel", 2, spot.oco_cancel, False),
    _ep("GET", "/openApi/spot/v1/oco/orderList", 5, spot.oco_query, False),
    _ep("POST", "/openApi/spot/v1/trade/order/cancelReplace", 2, spot.spot_cancel_replace, False),
    _ep("GET", "/openApi/spot/v1/trade/query", 10, spot.spot_query, False),
    _ep("GET", "/openApi/spot/v1/trade/openOrders", 10, spot.spot_open_orders, False),
    _ep("GET", "/openApi/spot/v1/trade/historyOrders", 10, spot.spot_history, False),
    _ep("GET", "/openApi/spot/v1/trade/myTrades", 5, spot.spot_my_trades, False),
    _ep("POST", "/openApi/swap/v2/trade/order", 10, swap.swap_order, True),
    _ep("POST", "/openApi/swap/v2/trade/order/test", 5, swap.swap_order_test, True),
    _ep("POST", "/openApi/swap/v2/trade/batchOrders", 5, swap.swap_batch, True),
    _ep("DELETE", "/openApi/swap/v2/trade/batchOrders", 5, swap.swap_cancel_batch, True),
    _ep("POST", "/openApi/swap/v1/trade/cancelReplace", 5, swap.swap_cancel_replace, True),
    _ep("POST", "/openApi/swap/v1/trade/closePosition", 5, swap.swap_close_position, True),
    _ep("DELETE", "/openApi/swap/v2/trade/order", 10, swap.swap_cancel, True),
    _ep("GET", "/openApi/swap/v2/trade/order", 30, swap.swap_query, True),
    _ep("DELETE", "/openApi/swap/v2/trade/allOpenOrders", 5, swap.swap_cancel_all, True),
    _ep("GET", "/openApi/swap/v2/trade/openOrders", 5, swap.swap_open_orders, True),
    _ep("GET", "/openApi/swap/v2/trade/allOrders", 5, swap.swap_history, True),
    _ep("GET", "/openApi/swap/v2/trade/allFillOrders", 5, swap.swap_fills, True),
    _ep("POST", "/openApi/swap/v2/trade/closeAllPositions", 5, swap.swap_close_all, True),
    _ep("GET", "/openApi/swap/v2/trade/leverage", 5, swap.swap_leverage, True),
    _ep("POST", "/openApi/swap/v2/trade/leverage", 5, swap.swap_set_leverage, True),
    _ep("GET", "/openApi/swap/v2/trade/marginType", 2, swap.swap_margin_type, True),
    _ep("POST", "/openApi/swap/v2/trade/marginType", 2, swap.swap_set_margin_type, True),
    _ep("GET", "/openApi/swap/v1/positionSide/dual", 2, swap.swap_position_mode, True),
    _ep("POST", "/openApi/swap/v1/positionSide/dual", 4, swap.swap_set_position_mode, True),
    _ep("POST", "/openApi/swap/v2/trade/positionMargin", 2, swap.swap_position_margin, True),
)
