"""One interface over both venues: `open_exchange("bingx", env="vst", api_key=..., secret_key=...)`.

Every adapter returns the same types (`Decimal` money, `str` ids, UTC ms times) and accepts symbols
in any common spelling (`BTC/USDT`, `BTC-USDT`, `BTCUSDT`), so a bot switches venue with one word.
"""

from __future__ import annotations

from typing import Any

from tradewire.core.errors import ValidationError
from tradewire.unified.base import Exchange, NotSupported
from tradewire.unified.types import Balance, Candle, Order, OrderBook, OrderRequest, Position, Ticker, Trade

VENUES = ("bingx", "binance")


def open_exchange(venue: str, env: str = "live", api_key: str | None = None, secret_key: str | None = None,
                  **options: Any) -> Exchange:
    """An `Exchange` for `venue`; `options` go to the venue client (e.g. `base_url=`)."""
    if venue == "bingx":
        from tradewire.unified.bingx import open_bingx

        return open_bingx(env, api_key, secret_key, **options)
    if venue == "binance":
        from tradewire.unified.binance import open_binance

        return open_binance(env, api_key, secret_key, **options)
    raise ValidationError("venue", f"must be one of {', '.join(VENUES)}", venue)


__all__ = ["VENUES", "Balance", "Candle", "Exchange", "NotSupported", "Order", "OrderBook", "OrderRequest", "Position",
           "Ticker", "Trade", "open_exchange"]
