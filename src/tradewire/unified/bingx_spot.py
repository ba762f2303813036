"""BingX spot market data behind the `Exchange` interface (`BingXExchange.on("spot")`): REST from
bingx-skills/spot-market, streams from the spot socket (bingx-skills/spot-ws-market)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from tradewire.bingx import spot_market_models as sm
from tradewire.unified import symbols
from tradewire.unified.bingx import VENUE, BingXExchange, notice, ws_candle
from tradewire.unified.types import Candle, OrderBook, StreamNotice, Ticker, Trade

if TYPE_CHECKING:
    from tradewire.bingx.spot_streams import SpotStreams
    from tradewire.unified.base import Exchange

SWAP_SOCKET = "/swap-market"
SPOT_SOCKET = "/market"


def spot_ws_url(swap_ws_url: str) -> str:
    """The spot socket beside a swap socket: the official host, or `/market` on the same (simulator) host."""
    from tradewire.bingx.base import WS_URLS
    from tradewire.bingx.spot_streams import SPOT_MARKET_URL

    if swap_ws_url in WS_URLS.values() or not swap_ws_url.endswith(SWAP_SOCKET):
        return SPOT_MARKET_URL
    return swap_ws_url.removesuffix(SWAP_SOCKET) + SPOT_SOCKET


def spot_interval(interval: str) -> str:
    """The spot socket's spelling of a kline interval: minutes as `1min` (spot-ws-market), the rest unchanged."""
    return interval[:-1] + "min" if interval.endswith("m") and interval[:-1].isdigit() else interval


class BingXSpotData(BingXExchange):
    """`BingXExchange` whose market data is the spot market's (accounts and orders unchanged)."""

    data_market = "spot"

    def _on(self, market: str) -> Exchange:
        return BingXExchange(self._client)

    def ticker(self, symbol: str) -> Ticker:
        """24 h spot ticker."""
        return _ticker(self._client.spot_ticker(self.market_id(symbol)))

    def tickers(self) -> list[Ticker]:
        """Every spot pair's 24 h ticker."""
        return [_ticker(t) for t in self._client.spot_tickers()]

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        """Spot order book (limit up to 1000)."""
        d = self._client.spot_depth(self.market_id(symbol), depth)
        return OrderBook(venue=VENUE, symbol=symbols.unified(symbol), bids=d.bids[:depth], asks=d.asks[:depth],
                         time=d.ts)

    def ohlcv(self, symbol: str, interval: str = "1h", since: int | None = None,
              limit: int | None = None, until: int | None = None) -> list[Candle]:
        """Spot candles, oldest first (limit up to 1440)."""
        rows = self._client.spot_klines(self.market_id(symbol), interval, start_time=since, end_time=until,
                                        limit=limit)
        return sorted((Candle(time=k.time, open=k.open, high=k.high, low=k.low, close=k.close, volume=k.volume)
                       for k in rows), key=lambda c: c.time)

    def trades(self, symbol: str, limit: int | None = None) -> list[Trade]:
        """Recent spot trades, oldest first (limit up to 500)."""
        sym = symbols.unified(symbol)
        rows = self._client.spot_trades(self.market_id(symbol), limit)
        return sorted((Trade(venue=VENUE, symbol=sym, id=None if t.id is None else str(t.id), price=t.price,
                             amount=t.qty, time=t.time,
                             side=None if t.buyer_maker is None else "sell" if t.buyer_maker else "buy")
                       for t in rows), key=lambda t: (t.time, t.id or ""))

    def trades_from(self, symbol: str, from_id: int | None, limit: int) -> list[Trade]:
        """Spot trades from `from_id` on (historical trades, up to 100 a page)."""
        sym = symbols.unified(symbol)
        rows = self._client.spot_historical_trades(self.market_id(symbol), None if from_id is None else str(from_id),
                                                   min(limit, self.trades_page))
        return [Trade(venue=VENUE, symbol=sym, id=str(t.tid), price=t.p, amount=t.v, side=None, time=t.time)
                for t in sorted(rows, key=lambda t: int(t.tid))]

    @asynccontextmanager
    async def _spot_streams(self) -> AsyncIterator[SpotStreams]:
        from tradewire.bingx.spot_streams import SpotStreams

        async with SpotStreams(spot_ws_url(self._client.ws_url)) as streams:
            yield streams

    async def watch_trades(self, symbol: str) -> AsyncIterator[Trade | StreamNotice]:
        """Spot trades from `<pair>@trade`."""
        from tradewire.core.ws import StreamEvent

        sym = self.market_id(symbol)
        async with self._spot_streams() as streams:
            async for ev in streams.trades(sym):
                if isinstance(ev, StreamEvent):
                    yield notice(ev)
                else:
                    yield Trade(venue=VENUE, symbol=symbols.unified(ev.symbol or sym),
                                id=None if ev.trade_id is None else str(ev.trade_id), price=ev.price,
                                amount=ev.quantity, time=ev.time,
                                side=None if ev.buyer_is_maker is None else "sell" if ev.buyer_is_maker else "buy")

    async def watch_order_book(self, symbol: str, depth: int = 20) -> AsyncIterator[OrderBook | StreamNotice]:
        """The spot book kept locally from `<pair>@incrDepth`."""
        from tradewire.core.ws import StreamEvent

        sym = self.market_id(symbol)
        async with self._spot_streams() as streams:
            async for ev in streams.order_book(sym):
                if isinstance(ev, StreamEvent):
                    yield notice(ev)
                else:
                    bids, asks = ev.top(depth)
                    yield OrderBook(venue=VENUE, symbol=symbols.unified(sym), bids=bids, asks=asks)

    async def watch_ticker(self, symbol: str) -> AsyncIterator[Ticker | StreamNotice]:
        """Spot `<pair>@ticker`."""
        from tradewire.core.ws import StreamEvent

        async with self._spot_streams() as streams:
            async for ev in streams.ticker(self.market_id(symbol)):
                if isinstance(ev, StreamEvent):
                    yield notice(ev)
                else:
                    yield Ticker(venue=VENUE, symbol=symbols.unified(ev.symbol), last=ev.last_price,
                                 bid=ev.bid_price, ask=ev.ask_price, open=ev.open, high=ev.high, low=ev.low,
                                 volume=ev.volume, quote_volume=ev.quote_volume, change=ev.price_change,
                                 change_percent=ev.price_change_percent, time=ev.event_time)

    async def watch_ohlcv(self, symbol: str, interval: str = "1m") -> AsyncIterator[Candle | StreamNotice]:
        """Spot `<pair>@kline_<interval>` (minutes spelled `1min` on the wire)."""
        from tradewire.core.ws import StreamEvent

        async with self._spot_streams() as streams:
            async for ev in streams.klines(self.market_id(symbol), spot_interval(interval)):
                yield notice(ev) if isinstance(ev, StreamEvent) else ws_candle(ev)


def _ticker(t: sm.SpotTicker) -> Ticker:
    return Ticker(venue=VENUE, symbol=symbols.unified(t.symbol), last=t.last_price, bid=t.bid_price,
                  ask=t.ask_price, open=t.open_price, high=t.high_price, low=t.low_price, volume=t.volume,
                  quote_volume=t.quote_volume, change_percent=t.price_change_percent, change=t.price_change,
                  time=t.close_time)
