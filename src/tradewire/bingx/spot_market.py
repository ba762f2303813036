"""BingX spot market data: one declaration per endpoint (bingx-skills/spot-market/api-reference.md).

Every endpoint is public and limited to 1 request/s per IP by the reference, and belongs to the market IP
group like the swap market endpoints. The pairs themselves (`/openApi/spot/v1/common/symbols`) are
declared in `trade.py` (`SPOT_SYMBOLS`), where the order rules use them.
"""

from __future__ import annotations

from typing import Any

from tradewire.bingx import spot_market_models as s
from tradewire.bingx.endpoints import END, INTERVALS, START, SYMBOL, SYMBOL_REQ
from tradewire.core.endpoint import Endpoint, Param
from tradewire.core.validate import any_value, integer, one_of, text

LIMITS = ("group:market", "ip:1/1")
#: the v2 aggregated depth takes the underscore form (spot-market/api-reference.md §3)
UNDERSCORE_SYMBOL = Param("symbol", text(r"[A-Z0-9]+_[A-Z]+", max_len=20, rule="must look like BTC_USDT"),
                          required=True)
DEPTH_TYPES = tuple(f"step{i}" for i in range(6))
INTERVAL = Param("interval", one_of(*INTERVALS), required=True)


def spot_market(name: str, path: str, result: Any, *params: Param) -> Endpoint:
    """A public spot market-data endpoint."""
    return Endpoint(name, "GET", path, "none", params, (), result, limits=LIMITS)


SPOT_DEPTH = spot_market("spot.market.depth", "/openApi/spot/v1/market/depth", s.SpotDepth,
                         SYMBOL_REQ, Param("limit", integer(1, 1000)))
SPOT_DEPTH_AGG = spot_market("spot.market.depthV2", "/openApi/spot/v2/market/depth", s.SpotDepth,
                             UNDERSCORE_SYMBOL, Param("depth", integer(1, 1000), required=True),
                             Param("type", one_of(*DEPTH_TYPES), required=True))
SPOT_TRADES = spot_market("spot.market.trades", "/openApi/spot/v1/market/trades", list[s.SpotTrade],
                          SYMBOL_REQ, Param("limit", integer(1, 500)))
SPOT_KLINES = spot_market("spot.market.klineV2", "/openApi/spot/v2/market/kline", list[list[Any]],
                          SYMBOL_REQ, INTERVAL, START, END, Param("limit", integer(1, 1440)))
SPOT_TICKER = spot_market("spot.market.ticker24hr", "/openApi/spot/v1/ticker/24hr", list[s.SpotTicker], SYMBOL)
SPOT_TICKER_PRICE = spot_market("spot.market.tickerPrice", "/openApi/spot/v2/ticker/price",
                                list[s.SpotTickerPrice], SYMBOL_REQ)
SPOT_BOOK_TICKER = spot_market("spot.market.bookTicker", "/openApi/spot/v1/ticker/bookTicker",
                               list[s.SpotBookTicker], SYMBOL_REQ)
SPOT_HISTORICAL_KLINES = spot_market("spot.market.hisKline", "/openApi/market/his/v1/kline", list[list[Any]],
                                     SYMBOL_REQ, INTERVAL, START, END, Param("limit", integer(1, 500)))
SPOT_HISTORICAL_TRADES = spot_market("spot.market.hisTrade", "/openApi/market/his/v1/trade",
                                     list[s.SpotHistoricalTrade], SYMBOL_REQ, Param("limit", integer(1, 500)),
                                     Param("fromId", any_value))
