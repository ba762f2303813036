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

from typing import cast

from tradewire.bingx.spot_ws_models import SpotAccountEvent, decode_spot_account_event
from tradewire.bingx.streams import AccountStream, IncrDepthStreams, ListenKeyApi, Stream
from tradewire.bingx.ws_models import Kline
from tradewire.core.ws import StreamEvent, WsEngine

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


class SpotStreams(IncrDepthStreams[SpotAccountStream]):
    """The BingX spot websocket streams; create and use it inside a running event loop. ``depth`` pushes every
    300 ms; ``account`` gives spot order (``executionReport``) and balance (``ACCOUNT_UPDATE``) events."""

    _account_type = SpotAccountStream
    _default_url = SPOT_MARKET_URL
    _depth_levels = SPOT_DEPTH_LEVELS
    _kline_intervals = SPOT_KLINE_INTERVALS

    def klines(self, symbol: str, interval: str = "1min", *, queue_size: int | None = None) -> Stream[Kline]:
        """``<pair>@kline_<interval>`` (``1min`` .. ``1M``)."""
        return super().klines(symbol, interval, queue_size=queue_size)
