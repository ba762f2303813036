"""BingX spot websocket streams (bingx-skills/spot-ws-market, spot-ws-account): market channels, a local spot
order book, and the spot account stream, as async iterators of typed items and `StreamEvent` markers::

    async with SpotStreams() as streams:
        async for book in streams.order_book("BTC-USDT"):
            ...

The spot socket differs from the swap one in its URL, its depth topic (``<pair>@depth<level>``, no interval),
its kline intervals (``1min``, not ``1m``) and its account stream, which subscribes ``spot.executionReport``
and ``ACCOUNT_UPDATE`` on the listen-key socket. The incremental depth follows the documented rule
(``action`` "all" then "update", each ``lastUpdateId`` one more than the last), as on swap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import aiohttp

from tradewire.bingx.spot_ws_models import SpotAccountEvent, decode_spot_account_event
from tradewire.bingx.streams import KEEPALIVE, AccountStream, ListenKeyApi, OrderBookStream, Stream, _one_of, _symbol
from tradewire.bingx.ws_models import (
    BookTicker,
    Depth,
    IncrDepth,
    Kline,
    LastPrice,
    Ticker,
    Trade,
    decode_book_ticker,
    decode_depth,
    decode_incr_depth,
    decode_klines,
    decode_last_price,
    decode_ticker,
    decode_trades,
)
from tradewire.core.book import OrderBook
from tradewire.core.errors import ValidationError
from tradewire.core.ws import DEFAULT_LIMITS, Limits, StreamEvent, WsEngine

T = TypeVar("T")

SPOT_MARKET_URL = "wss://open-api-ws.bingx.com/market"
SPOT_DEPTH_LEVELS = (5, 10, 20, 50, 100)
SPOT_KLINE_INTERVALS = ("1min", "3min", "5min", "15min", "30min", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d",
                        "1w", "1M")
SPOT_ACCOUNT_TOPICS = ("spot.executionReport", "ACCOUNT_UPDATE")


class SpotAccountStream(AccountStream):
    """Spot order and balance updates over a managed listen key (renewed, re-subscribed on reconnect)."""

    def __init__(self, engine: WsEngine, ws_url: str, api: ListenKeyApi, keepalive: float) -> None:  # float ok
        super().__init__(engine, ws_url, api, keepalive, topics=SPOT_ACCOUNT_TOPICS, decode=decode_spot_account_event)

    async def __anext__(self) -> SpotAccountEvent | StreamEvent:  # type: ignore[override]
        return cast("SpotAccountEvent | StreamEvent", await super().__anext__())


class SpotStreams:
    """The BingX spot websocket streams; create and use it inside a running event loop."""

    def __init__(self, ws_url: str = SPOT_MARKET_URL, listen_keys: ListenKeyApi | None = None, *,
                 limits: Limits = DEFAULT_LIMITS, session: aiohttp.ClientSession | None = None,
                 keepalive: float = KEEPALIVE) -> None:  # float ok: seconds
        self.ws_url = ws_url
        self.listen_keys = listen_keys
        self.keepalive = keepalive  # float ok: seconds
        self.engine = WsEngine(ws_url, limits=limits, session=session)
        self._accounts: list[SpotAccountStream] = []

    def _stream(self, topic: str, decode: Callable[[bytes], list[T]], queue_size: int | None) -> Stream[T]:
        return Stream(self.engine.subscribe(topic, queue_size=queue_size), decode)

    def trades(self, symbol: str, *, queue_size: int | None = None) -> Stream[Trade]:
        """``<pair>@trade``: every trade."""
        return self._stream(f"{_symbol(symbol)}@trade", decode_trades, queue_size)

    def depth(self, symbol: str, level: int = 20, *, queue_size: int | None = None) -> Stream[Depth]:
        """``<pair>@depth<level>``: the top levels every 300 ms."""
        _symbol(symbol)
        _one_of("level", level, SPOT_DEPTH_LEVELS)
        return self._stream(f"{symbol}@depth{level}", decode_depth, queue_size)

    def klines(self, symbol: str, interval: str = "1min", *, queue_size: int | None = None) -> Stream[Kline]:
        """``<pair>@kline_<interval>`` (``1min`` .. ``1M``)."""
        _symbol(symbol)
        _one_of("interval", interval, SPOT_KLINE_INTERVALS)
        return self._stream(f"{symbol}@kline_{interval}", decode_klines, queue_size)

    def ticker(self, symbol: str, *, queue_size: int | None = None) -> Stream[Ticker]:
        """``<pair>@ticker``: 24 h statistics every second."""
        return self._stream(f"{_symbol(symbol)}@ticker", decode_ticker, queue_size)

    def last_price(self, symbol: str, *, queue_size: int | None = None) -> Stream[LastPrice]:
        """``<pair>@lastPrice``."""
        return self._stream(f"{_symbol(symbol)}@lastPrice", decode_last_price, queue_size)

    def book_ticker(self, symbol: str, *, queue_size: int | None = None) -> Stream[BookTicker]:
        """``<pair>@bookTicker``: best bid and ask."""
        return self._stream(f"{_symbol(symbol)}@bookTicker", decode_book_ticker, queue_size)

    def incremental_depth(self, symbol: str, *, queue_size: int | None = None) -> Stream[IncrDepth]:
        """``<pair>@incrDepth`` frames as they come (see `order_book` for a maintained book)."""
        return self._stream(f"{_symbol(symbol)}@incrDepth", decode_incr_depth, queue_size)

    def order_book(self, symbol: str, *, price_decimals: int | None = None, qty_decimals: int | None = None,
                   queue_size: int | None = None) -> OrderBookStream:
        """A local spot book kept from ``<pair>@incrDepth``; resubscribes (a `Resync` marker) on a gap."""
        topic = f"{_symbol(symbol)}@incrDepth"
        return OrderBookStream(self.engine, topic, OrderBook(price_decimals, qty_decimals), queue_size)

    def account(self) -> SpotAccountStream:
        """Spot order (``executionReport``) and balance (``ACCOUNT_UPDATE``) events over a managed listen key."""
        if self.listen_keys is None:
            raise ValidationError("listen_keys", "required for the account stream")
        stream = SpotAccountStream(self.engine, self.ws_url, self.listen_keys, self.keepalive)
        self._accounts.append(stream)
        return stream

    async def close(self) -> None:
        """Close every stream (account listen keys are deleted) and every socket."""
        for account in self._accounts:
            await account.close()
        await self.engine.close()

    async def __aenter__(self) -> SpotStreams:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()
