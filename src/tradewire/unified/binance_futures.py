"""Binance USD-M futures market data behind the `Exchange` interface (`BinanceExchange.on("swap")`): REST from
`/fapi` (binance-usdm-endpoints.json), streams from the futures socket, the book kept by the futures rule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from tradewire.binance import futures_models as fm
from tradewire.binance.endpoints import FUTURES_DEPTH_LIMITS
from tradewire.unified import symbols
from tradewire.unified.base import NotSupported, book_size
from tradewire.unified.binance import VENUE, BinanceExchange
from tradewire.unified.types import Candle, OrderBook, StreamNotice, Ticker, Trade

if TYPE_CHECKING:
    from tradewire.unified.base import Exchange


class BinanceFuturesData(BinanceExchange):
    """`BinanceExchange` whose market data is USD-M futures' (accounts and spot orders unchanged)."""

    data_market = "swap"

    def _on(self, market: str) -> Exchange:
        return BinanceExchange(self._client)

    def ticker(self, symbol: str) -> Ticker:
        """24 h futures ticker with the best bid and ask (`/fapi/v1/ticker/24hr` and `bookTicker`)."""
        sym = self.market_id(symbol)
        best = self._client.futures_book_ticker(sym)
        return _ticker(self._client.futures_ticker_24h(sym), best)

    def tickers(self) -> list[Ticker]:
        """Every futures symbol's 24 h ticker."""
        best = {b.symbol: b for b in self._client.futures_book_tickers()}
        return [_ticker(t, best.get(t.symbol)) for t in self._client.futures_tickers_24h()]

    def order_book(self, symbol: str, depth: int = 20) -> OrderBook:
        """Futures order book, any depth up to 1000 (fetched at the next size the venue allows: 5, 10, 20, 50,
        100, 500 or 1000)."""
        d = self._client.futures_depth(self.market_id(symbol), book_size(depth, FUTURES_DEPTH_LIMITS))
        return OrderBook(venue=VENUE, symbol=symbols.unified(symbol), bids=d.bids[:depth], asks=d.asks[:depth],
                         time=d.T or None)

    def ohlcv(self, symbol: str, interval: str = "1h", since: int | None = None,
              limit: int | None = None, until: int | None = None) -> list[Candle]:
        """Futures candles, oldest first (limit up to 1500)."""
        rows = self._client.futures_klines(self.market_id(symbol), interval, limit=limit, startTime=since,
                                           endTime=until)
        return [Candle(time=k.open_time, open=k.open, high=k.high, low=k.low, close=k.close, volume=k.volume)
                for k in sorted(rows, key=lambda k: k.open_time)]

    def trades(self, symbol: str, limit: int | None = None) -> list[Trade]:
        """Recent futures trades, oldest first (limit up to 1000)."""
        return _trades(symbol, self._client.futures_trades(self.market_id(symbol), limit))

    def trades_from(self, symbol: str, from_id: int | None, limit: int) -> list[Trade]:
        """Futures trades from `from_id` on (historicalTrades, up to 1000; needs an API key)."""
        return _trades(symbol, self._client.futures_historical_trades(self.market_id(symbol),
                                                                      min(limit, self.trades_page), from_id))

    async def _futures(self, symbol: str, channel: str) -> AsyncIterator[Any]:
        from tradewire.binance import streams as bs
        from tradewire.binance.futures_streams import futures_stream

        twin = self._async_twin()
        stream = futures_stream(twin, [f"{self.market_id(symbol).lower()}@{channel}"])
        try:
            async for ev in stream:
                yield StreamNotice(event="reconnected", detail=ev.reason) if isinstance(ev, bs.Reconnected) else ev
        finally:
            await stream.close()
            await twin.close()

    async def watch_trades(self, symbol: str) -> AsyncIterator[Trade | StreamNotice]:
        """Futures trades from `@aggTrade` (USD-M publishes aggregate trades; the id is the aggregate id)."""
        from tradewire.binance.futures_streams import FuturesAggTrade

        async for ev in self._futures(symbol, "aggTrade"):
            if isinstance(ev, StreamNotice):
                yield ev
            elif isinstance(ev, FuturesAggTrade):
                yield Trade(venue=VENUE, symbol=symbols.unified(ev.s), id=str(ev.a), price=ev.p, amount=ev.q,
                            side="sell" if ev.m else "buy", time=ev.T)

    async def watch_ohlcv(self, symbol: str, interval: str = "1m") -> AsyncIterator[Candle | StreamNotice]:
        """The futures `@kline_<interval>` stream."""
        from tradewire.binance.futures_streams import FuturesKline

        async for ev in self._futures(symbol, f"kline_{interval}"):
            if isinstance(ev, StreamNotice):
                yield ev
            elif isinstance(ev, FuturesKline):
                yield Candle(time=ev.k.t, open=ev.k.o, high=ev.k.h, low=ev.k.l, close=ev.k.c, volume=ev.k.v)

    async def watch_ticker(self, symbol: str) -> AsyncIterator[Ticker | StreamNotice]:
        """Not here: the futures `@ticker` stream is not typed by the client yet."""
        raise NotSupported("the USD-M futures 24h ticker stream is not available here; use `ticker --market swap` "
                           "or `stream trades --market swap`")
        yield  # an async generator, like the others

    async def watch_order_book(self, symbol: str, depth: int = 20) -> AsyncIterator[OrderBook | StreamNotice]:
        """The futures book kept by the futures rule (`pu` chaining; rebuilt from a snapshot on a gap)."""
        from tradewire.binance import streams as bs
        from tradewire.binance.futures_streams import FuturesDepthUpdate, FuturesLocalBook

        twin = self._async_twin()
        book = FuturesLocalBook(twin, self.market_id(symbol), limit=max(depth, 100))
        events: Any = aiter(book)  # an async generator: closed below
        try:
            async for ev in events:
                if isinstance(ev, bs.Reconnected):
                    yield StreamNotice(event="reconnected", detail=ev.reason)
                elif isinstance(ev, bs.Resynced):
                    yield StreamNotice(event="resynced",
                                       detail=f"book rebuilt from snapshot {ev.last_update_id} ({ev.reason})")
                elif isinstance(ev, FuturesDepthUpdate) and book.sync.synced:
                    bids, asks = book.book.top(depth)
                    yield OrderBook(venue=VENUE, symbol=symbols.unified(ev.s), bids=bids, asks=asks, time=ev.E)
        finally:
            await events.aclose()
            await twin.close()


def _ticker(t: fm.FuturesTicker, best: fm.FuturesBookTicker | None) -> Ticker:
    return Ticker(venue=VENUE, symbol=symbols.unified(t.symbol), last=t.last_price,
                  bid=best.bid_price if best else None, ask=best.ask_price if best else None, open=t.open_price,
                  high=t.high_price, low=t.low_price, volume=t.volume, quote_volume=t.quote_volume,
                  change=t.price_change, change_percent=t.price_change_percent, time=t.close_time)


def _trades(symbol: str, rows: list[fm.FuturesTrade]) -> list[Trade]:
    sym = symbols.unified(symbol)
    return [Trade(venue=VENUE, symbol=sym, id=str(t.id), price=t.price, amount=t.qty,
                  side="sell" if t.is_buyer_maker else "buy", time=t.time)
            for t in sorted(rows, key=lambda t: int(t.id))]
