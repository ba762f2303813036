"""Spot market data (bingx-skills/spot-market): depth, trades, candles, tickers."""

from __future__ import annotations

from typing import Any

from tradewire.bingx import spot_market as S
from tradewire.bingx import spot_market_models as sm
from tradewire.bingx.base import row_of
from tradewire.core.client import SyncClient


class SpotMarketApi(SyncClient):
    """Public spot market-data calls."""

    def spot_depth(self, symbol: str, limit: int | None = None, **extra: Any) -> sm.SpotDepth:
        """Spot order book, best first (limit 1..1000, default 20)."""
        result: sm.SpotDepth = self._call(S.SPOT_DEPTH, symbol=symbol, limit=limit, **extra)
        return result

    def spot_depth_aggregated(self, symbol: str, depth: int, type: str = "step0", **extra: Any) -> sm.SpotDepth:
        """Aggregated spot book; `symbol` like BTC_USDT, `type` step0 (finest) .. step5."""
        result: sm.SpotDepth = self._call(S.SPOT_DEPTH_AGG, symbol=symbol, depth=depth, type=type, **extra)
        return result

    def spot_trades(self, symbol: str, limit: int | None = None, **extra: Any) -> list[sm.SpotTrade]:
        """Recent spot trades (limit up to 500, default 100)."""
        result: list[sm.SpotTrade] = self._call(S.SPOT_TRADES, symbol=symbol, limit=limit, **extra)
        return result

    def spot_historical_trades(self, symbol: str, from_id: str | None = None, limit: int | None = None,
                               **extra: Any) -> list[sm.SpotHistoricalTrade]:
        """Older spot trades from `from_id` on (limit up to 500)."""
        result: list[sm.SpotHistoricalTrade] = self._call(S.SPOT_HISTORICAL_TRADES, symbol=symbol, fromId=from_id,
                                                          limit=limit, **extra)
        return result

    def spot_klines(self, symbol: str, interval: str, start_time: int | None = None, end_time: int | None = None,
                    limit: int | None = None, **extra: Any) -> list[sm.SpotKline]:
        """Spot candles, oldest first (limit up to 1440, default 500)."""
        rows: list[list[Any]] = self._call(S.SPOT_KLINES, symbol=symbol, interval=interval, startTime=start_time,
                                           endTime=end_time, limit=limit, **extra)
        return [sm.spot_kline_of(r) for r in rows]

    def spot_historical_klines(self, symbol: str, interval: str, start_time: int | None = None,
                               end_time: int | None = None, limit: int | None = None,
                               **extra: Any) -> list[sm.SpotKline]:
        """Older spot candles (limit up to 500)."""
        rows: list[list[Any]] = self._call(S.SPOT_HISTORICAL_KLINES, symbol=symbol, interval=interval,
                                           startTime=start_time, endTime=end_time, limit=limit, **extra)
        return [sm.spot_kline_of(r) for r in rows]

    def spot_ticker(self, symbol: str, **extra: Any) -> sm.SpotTicker:
        """24 h statistics of one spot pair."""
        result: list[sm.SpotTicker] = self._call(S.SPOT_TICKER, symbol=symbol, **extra)
        return row_of(result, symbol, S.SPOT_TICKER)

    def spot_tickers(self, **extra: Any) -> list[sm.SpotTicker]:
        """24 h statistics of every spot pair."""
        result: list[sm.SpotTicker] = self._call(S.SPOT_TICKER, **extra)
        return result

    def spot_price(self, symbol: str, **extra: Any) -> sm.SpotTickerPrice:
        """The latest trade of a spot pair."""
        result: list[sm.SpotTickerPrice] = self._call(S.SPOT_TICKER_PRICE, symbol=symbol, **extra)
        return row_of(result, symbol, S.SPOT_TICKER_PRICE)

    def spot_book_ticker(self, symbol: str, **extra: Any) -> sm.SpotBookTicker:
        """Best bid and ask of a spot pair."""
        result: list[sm.SpotBookTicker] = self._call(S.SPOT_BOOK_TICKER, symbol=symbol, **extra)
        return row_of(result, symbol, S.SPOT_BOOK_TICKER)
