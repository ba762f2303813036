"""BingX coin-M websocket streams (bingx-skills/cswap-ws-market, cswap-ws-account): market channels, a local
coin-M book, and the account stream, as async iterators of typed items and `StreamEvent` markers::

    async with CSwapStreams(listen_keys=client) as streams:
        async for book in streams.order_book("BTC-USD"):
            ...

The coin-M socket (``wss://open-api-cswap-ws.bingx.com/market``) speaks the swap dialect with ``BASE-USD``
symbols. Its only depth channel is ``<symbol>@depth<level>``, a snapshot of the top levels (no incremental depth
is documented), so the local book follows the documented rule for it: each push replaces the book. The account
stream needs no subscription: after connecting with a listen key every event is pushed (``ACCOUNT_UPDATE``,
``ORDER_TRADE_UPDATE``, ``ACCOUNT_CONFIG_UPDATE``, ``listenKeyExpired``), decoded into the swap account models.
`SyncCSwapStreams` offers the same streams as blocking iterators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
import msgspec

from tradewire.bingx.streams import (
    KEEPALIVE,
    KLINE_INTERVALS,
    AccountStream,
    ListenKeyApi,
    Stream,
    _one_of,
)
from tradewire.bingx.ws_models import (
    AccountEvent,
    BookTicker,
    Depth,
    Frame,
    Kline,
    LastPrice,
    MarkPrice,
    Ticker,
    Trade,
    decode_book_ticker,
    decode_depth,
    decode_klines,
    decode_last_price,
    decode_mark_price,
    decode_ticker,
    decode_trades,
)
from tradewire.core.book import OrderBook
from tradewire.core.errors import ValidationError
from tradewire.core.ws import (
    DEFAULT_LIMITS,
    BadFrame,
    Disconnected,
    Item,
    Limits,
    LoopThread,
    StreamEvent,
    SyncStream,
    WsEngine,
)

__all__ = ["CSWAP_DEPTH_LEVELS", "CSWAP_MARKET_URL", "CSwapAccountEvent", "CSwapAccountStream", "CSwapBookStream",
           "CSwapStreams", "SyncCSwapStreams"]

T = TypeVar("T")

CSWAP_MARKET_URL = "wss://open-api-cswap-ws.bingx.com/market"
#: cswap-ws-market SKILL.md: "Must match ^[A-Z0-9]+-USD$; max 20 characters"; levels 5, 10, 20, 50, 100
CSWAP_SYMBOL_RE = re.compile(r"^[A-Z0-9]+-USD$")
CSWAP_SYMBOL_MAX = 20
CSWAP_DEPTH_LEVELS = (5, 10, 20, 50, 100)

#: The coin-M account pushes are the swap account events (cswap-ws-account api-reference: the same fields).
CSwapAccountEvent = AccountEvent


def _symbol(symbol: str) -> str:
    if not isinstance(symbol, str) or len(symbol) > CSWAP_SYMBOL_MAX or not CSWAP_SYMBOL_RE.match(symbol):
        raise ValidationError("symbol", f"must match {CSWAP_SYMBOL_RE.pattern} (e.g. BTC-USD) and be at most "
                                        f"{CSWAP_SYMBOL_MAX} chars", symbol)
    return symbol


class _RawDepth(msgspec.Struct):
    """A depth snapshot with its levels as sent (strings), for `OrderBook` (no Decimal per level)."""

    bids: list[tuple[str, str]]
    asks: list[tuple[str, str]]


_RAW_DEPTH = msgspec.json.Decoder(Frame[_RawDepth]).decode


@dataclass(frozen=True, slots=True)
class _BookChanged(StreamEvent):
    """Private notice from the reader: the book changed since the last yield."""


_CHANGED = _BookChanged()


class CSwapBookStream:
    """A local coin-M book kept from ``<symbol>@depth<level>``; yields the live `OrderBook` after each push.

    Every push is a snapshot of the top ``level`` levels and replaces the book, in the socket reader; the iterator
    yields the same book object, updated in place, once per push it has not yet seen (copy what you keep). A
    crossed or unreadable snapshot clears the book, is reported (`BadFrame`) and the topic is subscribed again
    (`Resync`); `Disconnected` clears the book until the first push after the resubscription.
    """

    def __init__(self, engine: WsEngine, topic: str, book: OrderBook, queue_size: int | None) -> None:
        self.book = book
        self.synced = False
        self.subscription = engine.subscribe(topic, queue_size=queue_size, transform=self._on_item)

    def _on_item(self, item: Item) -> Item | None:
        sub = self.subscription
        if isinstance(item, bytes):
            try:
                depth = _RAW_DEPTH(item).data
                self.book.replace(depth.bids, depth.asks)
                if self.book.crossed:
                    raise ValueError("crossed book")
            except (msgspec.DecodeError, ValueError) as exc:
                self.synced = False
                self.book.clear()
                sub.post(BadFrame(str(exc), item))
                sub.start_resubscribe(f"bad snapshot: {exc}")
                return None
            self.synced = True
            return None if sub.last_queued() is _CHANGED else _CHANGED
        if isinstance(item, Disconnected):
            self.synced = False
            self.book.clear()
        return item

    def __aiter__(self) -> CSwapBookStream:
        return self

    async def __anext__(self) -> OrderBook | StreamEvent:
        while True:
            item = await self.subscription.__anext__()
            if item is _CHANGED:
                if self.synced:
                    return self.book
            elif isinstance(item, StreamEvent):  # the transform queues nothing else
                return item

    async def wait_active(self) -> None:
        """Wait until the server acked the subscription (raises if it was refused)."""
        await self.subscription.wait_active()

    async def close(self) -> None:
        """Stop the book stream."""
        await self.subscription.close()

    async def __aenter__(self) -> CSwapBookStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class CSwapAccountStream(AccountStream):
    """Coin-M balance, position, order and config events (`CSwapAccountEvent`) over a managed listen key
    (renewed on expiry); the swap account stream on the coin-M socket, which pushes without a subscription."""


class CSwapStreams:
    """The BingX coin-M websocket streams; create and use it inside a running event loop."""

    def __init__(self, ws_url: str = CSWAP_MARKET_URL, listen_keys: ListenKeyApi | None = None, *,
                 limits: Limits = DEFAULT_LIMITS, session: aiohttp.ClientSession | None = None,
                 keepalive: float = KEEPALIVE) -> None:  # float ok: seconds
        self.ws_url = ws_url
        self.listen_keys = listen_keys
        self.keepalive = keepalive  # float ok: seconds
        self.engine = WsEngine(ws_url, limits=limits, session=session)
        self._accounts: list[CSwapAccountStream] = []

    def _stream(self, topic: str, decode: Callable[[bytes], list[T]], queue_size: int | None) -> Stream[T]:
        return Stream(self.engine.subscribe(topic, queue_size=queue_size), decode)

    def trades(self, symbol: str, *, queue_size: int | None = None) -> Stream[Trade]:
        """``<symbol>@trade``: every trade."""
        return self._stream(f"{_symbol(symbol)}@trade", decode_trades, queue_size)

    def depth(self, symbol: str, level: int = 20, *, queue_size: int | None = None) -> Stream[Depth]:
        """``<symbol>@depth<level>``: the top levels, on each change."""
        _symbol(symbol)
        _one_of("level", level, CSWAP_DEPTH_LEVELS)
        return self._stream(f"{symbol}@depth{level}", decode_depth, queue_size)

    def klines(self, symbol: str, interval: str = "1m", *, queue_size: int | None = None) -> Stream[Kline]:
        """``<symbol>@kline_<interval>`` (``1m`` .. ``1M``)."""
        _symbol(symbol)
        _one_of("interval", interval, KLINE_INTERVALS)
        return self._stream(f"{symbol}@kline_{interval}", decode_klines, queue_size)

    def ticker(self, symbol: str, *, queue_size: int | None = None) -> Stream[Ticker]:
        """``<symbol>@ticker``: 24 h statistics every second."""
        return self._stream(f"{_symbol(symbol)}@ticker", decode_ticker, queue_size)

    def last_price(self, symbol: str, *, queue_size: int | None = None) -> Stream[LastPrice]:
        """``<symbol>@lastPrice``."""
        return self._stream(f"{_symbol(symbol)}@lastPrice", decode_last_price, queue_size)

    def mark_price(self, symbol: str, *, queue_size: int | None = None) -> Stream[MarkPrice]:
        """``<symbol>@markPrice``."""
        return self._stream(f"{_symbol(symbol)}@markPrice", decode_mark_price, queue_size)

    def book_ticker(self, symbol: str, *, queue_size: int | None = None) -> Stream[BookTicker]:
        """``<symbol>@bookTicker``: best bid and ask."""
        return self._stream(f"{_symbol(symbol)}@bookTicker", decode_book_ticker, queue_size)

    def order_book(self, symbol: str, level: int = 100, *, price_decimals: int | None = None,
                   qty_decimals: int | None = None, queue_size: int | None = None) -> CSwapBookStream:
        """A local book of the top ``level`` levels, kept from ``<symbol>@depth<level>``."""
        _symbol(symbol)
        _one_of("level", level, CSWAP_DEPTH_LEVELS)
        return CSwapBookStream(self.engine, f"{symbol}@depth{level}", OrderBook(price_decimals, qty_decimals),
                               queue_size)

    def account(self) -> CSwapAccountStream:
        """Coin-M account events over a managed listen key (pushed without subscribing)."""
        if self.listen_keys is None:
            raise ValidationError("listen_keys", "required for the account stream")
        stream = CSwapAccountStream(self.engine, self.ws_url, self.listen_keys, self.keepalive)
        self._accounts.append(stream)
        return stream

    async def close(self) -> None:
        """Close every stream (account listen keys are deleted) and every socket."""
        for account in self._accounts:
            await account.close()
        await self.engine.close()

    async def __aenter__(self) -> CSwapStreams:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class SyncCSwapStreams:
    """`CSwapStreams` for blocking code: the streams run on a loop in a background thread."""

    def __init__(self, ws_url: str = CSWAP_MARKET_URL, listen_keys: ListenKeyApi | None = None, **kw: Any) -> None:
        self._runner = LoopThread()

        async def make() -> CSwapStreams:
            return CSwapStreams(ws_url, listen_keys, **kw)

        self.streams = self._runner.run(make())

    def _wrap(self, make: Callable[[], Any]) -> SyncStream[Any]:
        async def build() -> Any:
            return make()

        stream = self._runner.run(build())
        return SyncStream(self._runner, stream, stream.close)

    def trades(self, symbol: str) -> SyncStream[Trade | StreamEvent]:
        """Blocking `CSwapStreams.trades`."""
        return self._wrap(lambda: self.streams.trades(symbol))

    def depth(self, symbol: str, level: int = 20) -> SyncStream[Depth | StreamEvent]:
        """Blocking `CSwapStreams.depth`."""
        return self._wrap(lambda: self.streams.depth(symbol, level))

    def klines(self, symbol: str, interval: str = "1m") -> SyncStream[Kline | StreamEvent]:
        """Blocking `CSwapStreams.klines`."""
        return self._wrap(lambda: self.streams.klines(symbol, interval))

    def ticker(self, symbol: str) -> SyncStream[Ticker | StreamEvent]:
        """Blocking `CSwapStreams.ticker`."""
        return self._wrap(lambda: self.streams.ticker(symbol))

    def last_price(self, symbol: str) -> SyncStream[LastPrice | StreamEvent]:
        """Blocking `CSwapStreams.last_price`."""
        return self._wrap(lambda: self.streams.last_price(symbol))

    def mark_price(self, symbol: str) -> SyncStream[MarkPrice | StreamEvent]:
        """Blocking `CSwapStreams.mark_price`."""
        return self._wrap(lambda: self.streams.mark_price(symbol))

    def book_ticker(self, symbol: str) -> SyncStream[BookTicker | StreamEvent]:
        """Blocking `CSwapStreams.book_ticker`."""
        return self._wrap(lambda: self.streams.book_ticker(symbol))

    def order_book(self, symbol: str, level: int = 100, **kw: Any) -> SyncStream[OrderBook | StreamEvent]:
        """Blocking `CSwapStreams.order_book` (the book changes only inside `next()`)."""
        return self._wrap(lambda: self.streams.order_book(symbol, level, **kw))

    def account(self) -> SyncStream[CSwapAccountEvent | StreamEvent]:
        """Blocking `CSwapStreams.account`."""
        return self._wrap(self.streams.account)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the streams' loop (e.g. ``sync.run(stream.wait_active())``)."""
        return self._runner.run(coro)

    def close(self) -> None:
        """Close every stream and stop the background loop."""
        self._runner.run(self.streams.close())
        self._runner.stop()

    def __enter__(self) -> SyncCSwapStreams:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
