"""Typed BingX spot market-data results (bingx-skills/spot-market/api-reference.md): money is `Decimal`,
ids are `str`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tradewire.bingx.models import Model
from tradewire.core.codec import Id, Percent

Level = tuple[Decimal, Decimal]


class SpotDepth(Model, kw_only=True):
    """An order book, best first (v1 depth, and the v2 aggregated depth)."""

    bids: list[Level]
    asks: list[Level]
    ts: int | None = None

    def __post_init__(self) -> None:
        # the live v1 answer lists asks worst-first (ccxt sorts them too): best first whatever arrived
        self.bids.sort(key=lambda lv: lv[0], reverse=True)
        self.asks.sort(key=lambda lv: lv[0])


class SpotTrade(Model, kw_only=True):
    """A recent public trade; `buyer_maker` is True when the buyer was the maker."""

    id: Id | None = None
    price: Decimal
    qty: Decimal
    time: int
    buyer_maker: bool | None = None


class SpotHistoricalTrade(Model, kw_only=True):
    """An older public trade: time is `t` seconds plus `ms` milliseconds."""

    tid: Id
    t: int
    ms: int = 0
    s: str | None = None
    p: Decimal
    v: Decimal

    @property
    def time(self) -> int:
        """Trade time in Unix ms."""
        return self.t * 1000 + self.ms


class SpotKline(Model, kw_only=True):
    """One candle: open time, OHLC, base volume, close time, quote volume."""

    time: int
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    volume: Decimal
    close_time: int | None = None
    quote_volume: Decimal | None = None


def spot_kline_of(row: list[Any]) -> SpotKline:
    """A `SpotKline` from a wire array ``[openTime, open, high, low, close, volume, closeTime, quoteVolume]``."""
    def dec(i: int) -> Decimal:
        value = row[i]
        return value if isinstance(value, Decimal) else Decimal(str(value))

    return SpotKline(time=int(row[0]), open=dec(1), high=dec(2), low=dec(3), close=dec(4), volume=dec(5),
                     close_time=int(row[6]) if len(row) > 6 else None,
                     quote_volume=dec(7) if len(row) > 7 else None)


class SpotTicker(Model, kw_only=True):
    """24 h rolling statistics of one pair, with the current touch."""

    symbol: str
    open_price: Decimal | None = None
    high_price: Decimal | None = None
    low_price: Decimal | None = None
    last_price: Decimal
    volume: Decimal | None = None
    quote_volume: Decimal | None = None
    open_time: int | None = None
    close_time: int | None = None
    bid_price: Decimal | None = None
    bid_qty: Decimal | None = None
    ask_price: Decimal | None = None
    ask_qty: Decimal | None = None
    price_change: Decimal | None = None
    price_change_percent: Percent | None = None


class SpotPriceTrade(Model, kw_only=True):
    """The latest trade of a pair as /openApi/spot/v2/ticker/price reports it (`type` 1 buy, 2 sell)."""

    timestamp: int
    trade_id: Id | None = None
    price: Decimal
    amount: Decimal | None = None
    type: int | None = None
    volume: Decimal | None = None


class SpotTickerPrice(Model, kw_only=True):
    symbol: str
    trades: list[SpotPriceTrade]


class SpotBookTicker(Model, kw_only=True):
    """The best bid and ask of a pair."""

    event_type: str | None = None
    time: int | None = None
    symbol: str
    bid_price: Decimal
    bid_volume: Decimal
    ask_price: Decimal
    ask_volume: Decimal
