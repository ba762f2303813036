"""BingX swap websocket streams: market channels, a local order book, and the account stream.

Every stream is an async iterator of typed items mixed with `StreamEvent` markers (disconnects,
reconnects, resyncs, overflows, listen-key renewals), so nothing that happens to a stream is
silent::

    async with BingXStreams(listen_keys=client) as streams:
        async for item in streams.trades("BTC-USDT"):
            if isinstance(item, StreamEvent):
                log.warning("stream: %s", item)
                continue
            print(item.price, item.quantity)

Many streams share one socket (up to 200 topics each). Arguments are validated before anything
is sent. `SyncBingXStreams` offers the same streams as blocking iterators.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Generic, Protocol, Self, TypeVar

import aiohttp
import msgspec

from tradewire.bingx.ws_models import (
    AccountEvent,
    BookTicker,
    Depth,
    IncrDepth,
    Kline,
    LastPrice,
    ListenKeyExpired,
    MarkPrice,
    Ticker,
    Trade,
    decode_account_event,
    decode_book_ticker,
    decode_depth,
    decode_incr_depth,
    decode_klines,
    decode_last_price,
    decode_mark_price,
    decode_ticker,
    decode_trades,
)
from tradewire.core.book import IncrementalDepthSync, OrderBook, SyncStatus
from tradewire.core.errors import NotFound, TradewireError, ValidationError
from tradewire.core.ws import (
    DEFAULT_LIMITS,
    BadFrame,
    Disconnected,
    Feed,
    Item,
    Limits,
    LoopThread,
    StreamClosed,
    StreamEvent,
    Subscription,
    SyncStream,
    WsEngine,
    backoff_delay,
)

__all__ = [
    "DEPTH_INTERVALS",
    "DEPTH_LEVELS",
    "KLINE_INTERVALS",
    "SWAP_MARKET_URL",
    "AccountStream",
    "BingXStreams",
    "KeepAliveFailed",
    "ListenKeyApi",
    "ListenKeyRenewed",
    "OrderBookStream",
    "Stream",
    "SyncBingXStreams",
]

T = TypeVar("T")
A = TypeVar("A", bound="AccountStream")
S = TypeVar("S", bound="StreamsBase[Any]")

SWAP_MARKET_URL = "wss://open-api-swap.bingx.com/swap-market"
SYMBOL_RE = re.compile(r"^[A-Z0-9]+-[A-Z]+$")
SYMBOL_MAX = 20
DEPTH_LEVELS = (5, 10, 20, 50, 100)
DEPTH_INTERVALS = ("200ms", "500ms")
KLINE_INTERVALS = ("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")
#: How often the account stream extends its listen key (seconds; the key lives 60 minutes).
KEEPALIVE = 30 * 60.0  # float ok: seconds


def _symbol(symbol: str) -> str:
    if not isinstance(symbol, str) or len(symbol) > SYMBOL_MAX or not SYMBOL_RE.match(symbol):
        raise ValidationError("symbol", f"must match {SYMBOL_RE.pattern} and be at most {SYMBOL_MAX} chars", symbol)
    return symbol


def _one_of(param: str, value: object, allowed: tuple[object, ...]) -> None:
    if value not in allowed or isinstance(value, bool):
        raise ValidationError(param, "must be one of " + ", ".join(map(str, allowed)), value)


@dataclass(frozen=True, slots=True)
class ListenKeyRenewed(StreamEvent):
    """The account stream switched to a new listen key and reconnects with it."""

    reason: str


@dataclass(frozen=True, slots=True)
class KeepAliveFailed(StreamEvent):
    """Extending or creating the listen key failed; it is retried."""

    reason: str


class ListenKeyApi(Protocol):
    """The listen-key calls the account stream needs (e.g. the async BingX REST client)."""

    async def create_listen_key(self) -> str: ...
    async def extend_listen_key(self, listen_key: str) -> None: ...
    async def delete_listen_key(self, listen_key: str) -> None: ...


# --------------------------------------------------------------------------- streams


class Subscribed:
    """What every stream on one topic offers besides iteration: waiting for the ack, closing, ``async with``."""

    subscription: Subscription

    async def wait_active(self) -> None:
        """Wait until the server acked the subscription (raises if it was refused)."""
        await self.subscription.wait_active()

    async def close(self) -> None:
        """Stop this stream (the topic is unsubscribed when no other stream uses it)."""
        await self.subscription.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class Stream(Subscribed, Generic[T]):
    """One channel as an async iterator of decoded items and `StreamEvent` markers."""

    def __init__(self, subscription: Subscription, decode: Callable[[bytes], list[T]]) -> None:
        self.subscription = subscription
        self._decode = decode
        self._ready: deque[T] = deque()

    @property
    def topic(self) -> str | None:
        """The BingX ``dataType`` of this stream."""
        return self.subscription.topic

    def __aiter__(self) -> Stream[T]:
        return self

    async def __anext__(self) -> T | StreamEvent:
        ready = self._ready
        while not ready:
            item = await self.subscription.__anext__()
            if isinstance(item, StreamEvent):
                return item
            try:
                ready.extend(self._decode(item))
            except msgspec.DecodeError as exc:
                return BadFrame(str(exc), item)
        return ready.popleft()



@dataclass(frozen=True, slots=True)
class _BookChanged(StreamEvent):
    """Private notice from the reader: the book changed since the last yield."""


_CHANGED = _BookChanged()


class BookStream(Subscribed):
    """A local book kept in the socket reader; yields the live `OrderBook` once per change it has not yet seen.

    Subclasses apply each push in `_on_item` and return `_CHANGED` when the book changed; `_synced_book` is the
    book when it can be shown (None while out of sync).
    """

    def _synced_book(self) -> OrderBook | None:
        raise NotImplementedError

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> OrderBook | StreamEvent:
        while True:
            item = await self.subscription.__anext__()
            if item is _CHANGED:
                book = self._synced_book()
                if book is not None:
                    return book
            elif isinstance(item, StreamEvent):  # the transform queues nothing else
                return item


class OrderBookStream(BookStream):
    """A local book kept from ``<symbol>@incrDepth``; yields the live `OrderBook` when it changed.

    Pushes are applied as they arrive, in the socket reader (no queue per push); the iterator
    yields the same book object, updated in place, once per change it has not yet seen, so a
    slow consumer sees the latest book instead of falling behind (copy what you keep). When the
    sync needs a resync (stale id, crossed book, update before a snapshot, bad frame) the topic is
    unsubscribed and subscribed again and a `Resync` marker is yielded; `Disconnected` clears the
    book until the snapshot that follows the resubscription.
    """

    def __init__(self, engine: WsEngine, topic: str, book: OrderBook, queue_size: int | None) -> None:
        self.sync = IncrementalDepthSync(book)
        self.subscription = engine.subscribe(topic, queue_size=queue_size, transform=self._on_item)

    @property
    def book(self) -> OrderBook:
        """The live book (empty while not in sync)."""
        return self.sync.book

    def _synced_book(self) -> OrderBook | None:
        return self.sync.book if self.sync.synced else None

    def _on_item(self, item: Item) -> Item | None:
        sync, sub = self.sync, self.subscription
        if isinstance(item, bytes):
            try:
                status = sync.apply(decode_incr_depth(item)[0])
            except (msgspec.DecodeError, ValueError) as exc:
                sync.reset()
                sub.post(BadFrame(str(exc), item))
                sub.start_resubscribe(f"bad frame: {exc}")
                return None
            if status is SyncStatus.OK:
                return None if sub.last_queued() is _CHANGED else _CHANGED
            sub.start_resubscribe(status.value)
            return None
        if isinstance(item, Disconnected):
            sync.reset()
        return item


class AccountStream:
    """Account events over a listen key, renewed for as long as the stream is read.

    The key is created on first read and extended every ``keepalive`` seconds. When extending
    says `NotFound`, or the server pushes ``listenKeyExpired`` for the current key, a new key is
    created and the socket reconnects with it; the iterator goes on and yields
    `ListenKeyRenewed` (plus the socket's `Disconnected`/`Reconnected`). `close` deletes the key.
    """

    def __init__(self, engine: WsEngine, ws_url: str, api: ListenKeyApi, keepalive: float,  # float ok
                 *, topics: tuple[str, ...] = (), decode: Callable[[bytes], Any] = decode_account_event) -> None:
        self._engine = engine
        self._topics = topics  # subscribed on the listen-key socket (spot); swap pushes without asking
        self._decode = decode
        self._ws_url = ws_url
        self._api = api
        self._keepalive_every = keepalive  # float ok: seconds
        self._key: str | None = None
        self._feed: Feed | None = None
        self._task: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._closed = False
        self._rng = random.Random()

    @property
    def listen_key(self) -> str | None:
        """The key in use (None before the first read)."""
        return self._key

    def _url(self) -> str:
        return f"{self._ws_url}?listenKey={self._key}"

    async def _start(self) -> Feed:
        if self._closed:
            raise StreamClosed("account stream closed")
        self._key = await self._api.create_listen_key()
        self._feed = self._engine.open_feed(self._url, topics=self._topics)
        self._task = asyncio.get_running_loop().create_task(self._keepalive())
        return self._feed

    def __aiter__(self) -> AccountStream:
        return self

    async def __anext__(self) -> AccountEvent | StreamEvent:
        feed = self._feed or await self._start()
        item = await feed.__anext__()
        if isinstance(item, StreamEvent):
            return item
        try:
            event: AccountEvent = self._decode(item)
        except msgspec.DecodeError as exc:
            return BadFrame(str(exc), item)
        if isinstance(event, ListenKeyExpired) and event.listen_key == self._key:
            await self._renew(event.listen_key, "listenKeyExpired pushed")
        return event

    async def _keepalive(self) -> None:
        delay = self._keepalive_every
        while True:
            await asyncio.sleep(delay)
            key = self._key
            assert key is not None
            try:
                await self._api.extend_listen_key(key)
                delay = self._keepalive_every
            except NotFound:
                await self._renew(key, "listen key not found when extending")
            except (TradewireError, aiohttp.ClientError, OSError) as exc:
                self._post(KeepAliveFailed(f"extend failed: {exc!r}"))
                delay = min(self._keepalive_every, 60.0)

    def _post(self, event: StreamEvent) -> None:
        if self._feed is not None:
            self._feed.post(event)

    async def _renew(self, old_key: str, reason: str) -> None:
        async with self._lock:
            if self._key != old_key or self._closed:
                return  # already renewed by the other path
            attempt = 0
            while True:
                try:
                    self._key = await self._api.create_listen_key()
                    break
                except (TradewireError, aiohttp.ClientError, OSError) as exc:
                    self._post(KeepAliveFailed(f"create failed: {exc!r}"))
                    attempt += 1
                    await asyncio.sleep(backoff_delay(attempt, self._engine.limits, self._rng))
            self._post(ListenKeyRenewed(reason))
            if self._feed is not None:
                self._feed.reconnect(reason)

    async def close(self) -> None:
        """Stop the stream and delete the listen key."""
        if self._closed:
            return
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._feed is not None:
            await self._feed.close()
        if self._key is not None:
            with contextlib.suppress(TradewireError, aiohttp.ClientError, OSError):
                await self._api.delete_listen_key(self._key)

    async def __aenter__(self) -> AccountStream:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


# --------------------------------------------------------------------------- entry points


class StreamsBase(Generic[A]):
    """What the BingX websocket facades (swap, spot, coin-M) share: one `WsEngine` on ``ws_url``, typed streams
    on validated topics and managed account streams; create and use it inside a running event loop."""

    _account_type: type[A]
    _default_url: str
    _depth_levels: tuple[int, ...] = DEPTH_LEVELS
    _kline_intervals: tuple[str, ...] = KLINE_INTERVALS

    def __init__(self, ws_url: str | None = None, listen_keys: ListenKeyApi | None = None, *,
                 limits: Limits = DEFAULT_LIMITS, session: aiohttp.ClientSession | None = None,
                 keepalive: float = KEEPALIVE) -> None:  # float ok: seconds
        ws_url = self.ws_url = self._default_url if ws_url is None else ws_url
        self.listen_keys = listen_keys
        self.keepalive = keepalive  # float ok: seconds
        self.engine = WsEngine(ws_url, limits=limits, session=session)
        self._accounts: list[A] = []

    @staticmethod
    def _symbol(symbol: str) -> str:
        return _symbol(symbol)

    def _stream(self, topic: str, decode: Callable[[bytes], list[T]], queue_size: int | None) -> Stream[T]:
        return Stream(self.engine.subscribe(topic, queue_size=queue_size), decode)

    def trades(self, symbol: str, *, queue_size: int | None = None) -> Stream[Trade]:
        """``<symbol>@trade``: every trade."""
        return self._stream(f"{self._symbol(symbol)}@trade", decode_trades, queue_size)

    def depth(self, symbol: str, level: int = 20, *, queue_size: int | None = None) -> Stream[Depth]:
        """``<symbol>@depth<level>``: the top levels (spot: every 300 ms; coin-M: on each change)."""
        self._symbol(symbol)
        _one_of("level", level, self._depth_levels)
        return self._stream(f"{symbol}@depth{level}", decode_depth, queue_size)

    def klines(self, symbol: str, interval: str = "1m", *, queue_size: int | None = None) -> Stream[Kline]:
        """``<symbol>@kline_<interval>``: candle updates."""
        self._symbol(symbol)
        _one_of("interval", interval, self._kline_intervals)
        return self._stream(f"{symbol}@kline_{interval}", decode_klines, queue_size)

    def ticker(self, symbol: str, *, queue_size: int | None = None) -> Stream[Ticker]:
        """``<symbol>@ticker``: 24 h statistics every second."""
        return self._stream(f"{self._symbol(symbol)}@ticker", decode_ticker, queue_size)

    def last_price(self, symbol: str, *, queue_size: int | None = None) -> Stream[LastPrice]:
        """``<symbol>@lastPrice``."""
        return self._stream(f"{self._symbol(symbol)}@lastPrice", decode_last_price, queue_size)

    def book_ticker(self, symbol: str, *, queue_size: int | None = None) -> Stream[BookTicker]:
        """``<symbol>@bookTicker``: best bid and ask."""
        return self._stream(f"{self._symbol(symbol)}@bookTicker", decode_book_ticker, queue_size)

    def account(self) -> A:
        """Account events over a managed listen key."""
        if self.listen_keys is None:
            raise ValidationError("listen_keys", "required for the account stream")
        stream = self._account_type(self.engine, self.ws_url, self.listen_keys, self.keepalive)
        self._accounts.append(stream)
        return stream

    async def close(self) -> None:
        """Close every stream (account listen keys are deleted) and every socket."""
        for account in self._accounts:
            await account.close()
        await self.engine.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class IncrDepthStreams(StreamsBase[A]):
    """The facades whose socket has ``@incrDepth`` (swap, spot): the raw diffs and a local book kept from them."""

    def incremental_depth(self, symbol: str, *, queue_size: int | None = None) -> Stream[IncrDepth]:
        """``<symbol>@incrDepth`` pushes as they come (see `order_book` for a maintained book)."""
        return self._stream(f"{self._symbol(symbol)}@incrDepth", decode_incr_depth, queue_size)

    def order_book(self, symbol: str, *, price_decimals: int | None = None, qty_decimals: int | None = None,
                   queue_size: int | None = None) -> OrderBookStream:
        """A local order book kept from ``<symbol>@incrDepth`` (decimals learnt when not given); resubscribes
        (a `Resync` marker) on a gap."""
        topic = f"{self._symbol(symbol)}@incrDepth"
        return OrderBookStream(self.engine, topic, OrderBook(price_decimals, qty_decimals), queue_size)


class BingXStreams(IncrDepthStreams[AccountStream]):
    """The BingX swap websocket streams; create and use it inside a running event loop."""

    _account_type = AccountStream
    _default_url = SWAP_MARKET_URL

    def depth(
        self, symbol: str, level: int = 20, interval: str | None = "500ms", *, queue_size: int | None = None
    ) -> Stream[Depth]:
        """``<symbol>@depth<level>@<interval>``: top-of-book snapshots; `interval` None subscribes
        ``<symbol>@depth<level>`` (the server's own rate), the topic ccxt.pro uses."""
        if interval is None:
            return super().depth(symbol, level, queue_size=queue_size)
        _symbol(symbol)
        _one_of("level", level, DEPTH_LEVELS)
        _one_of("interval", interval, DEPTH_INTERVALS)
        return self._stream(f"{symbol}@depth{level}@{interval}", decode_depth, queue_size)

    def mark_price(self, symbol: str, *, queue_size: int | None = None) -> Stream[MarkPrice]:
        """``<symbol>@markPrice``."""
        return self._stream(f"{_symbol(symbol)}@markPrice", decode_mark_price, queue_size)


class SyncStreamsBase(Generic[S]):
    """A websocket facade for blocking code: its streams run on a loop in a background thread.

    ``for item in sync.trades("BTC-USDT"): ...`` blocks for each item. The listen-key client's
    coroutines run on that background loop.
    """

    def __init__(self, make: Callable[[], S]) -> None:
        self._runner = LoopThread()

        async def build() -> S:
            return make()

        self.streams = self._runner.run(build())

    def _wrap(self, make: Callable[[], Any]) -> SyncStream[Any]:
        async def build() -> Any:
            return make()

        stream = self._runner.run(build())
        return SyncStream(self._runner, stream, stream.close)

    def trades(self, symbol: str) -> SyncStream[Trade | StreamEvent]:
        """Blocking ``trades``."""
        return self._wrap(lambda: self.streams.trades(symbol))

    def depth(self, symbol: str, level: int = 20) -> SyncStream[Depth | StreamEvent]:
        """Blocking ``depth``."""
        return self._wrap(lambda: self.streams.depth(symbol, level))

    def klines(self, symbol: str, interval: str = "1m") -> SyncStream[Kline | StreamEvent]:
        """Blocking ``klines``."""
        return self._wrap(lambda: self.streams.klines(symbol, interval))

    def ticker(self, symbol: str) -> SyncStream[Ticker | StreamEvent]:
        """Blocking ``ticker``."""
        return self._wrap(lambda: self.streams.ticker(symbol))

    def last_price(self, symbol: str) -> SyncStream[LastPrice | StreamEvent]:
        """Blocking ``last_price``."""
        return self._wrap(lambda: self.streams.last_price(symbol))

    def book_ticker(self, symbol: str) -> SyncStream[BookTicker | StreamEvent]:
        """Blocking ``book_ticker``."""
        return self._wrap(lambda: self.streams.book_ticker(symbol))

    def account(self) -> SyncStream[AccountEvent | StreamEvent]:
        """Blocking ``account``."""
        return self._wrap(self.streams.account)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the streams' loop (e.g. ``sync.run(stream.wait_active())``)."""
        return self._runner.run(coro)

    def close(self) -> None:
        """Close every stream and stop the background loop."""
        self._runner.run(self.streams.close())
        self._runner.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SyncBingXStreams(SyncStreamsBase[BingXStreams]):
    """`BingXStreams` for blocking code: the streams run on a loop in a background thread."""

    def __init__(self, ws_url: str = SWAP_MARKET_URL, listen_keys: ListenKeyApi | None = None, **kw: Any) -> None:
        super().__init__(lambda: BingXStreams(ws_url, listen_keys, **kw))

    def depth(self, symbol: str, level: int = 20,
              interval: str | None = "500ms") -> SyncStream[Depth | StreamEvent]:
        """Blocking `BingXStreams.depth`."""
        return self._wrap(lambda: self.streams.depth(symbol, level, interval))

    def mark_price(self, symbol: str) -> SyncStream[MarkPrice | StreamEvent]:
        """Blocking `BingXStreams.mark_price`."""
        return self._wrap(lambda: self.streams.mark_price(symbol))

    def incremental_depth(self, symbol: str) -> SyncStream[IncrDepth | StreamEvent]:
        """Blocking `BingXStreams.incremental_depth`."""
        return self._wrap(lambda: self.streams.incremental_depth(symbol))

    def order_book(self, symbol: str, **kw: Any) -> SyncStream[OrderBook | StreamEvent]:
        """Blocking `BingXStreams.order_book` (the book changes only inside `next()`)."""
        return self._wrap(lambda: self.streams.order_book(symbol, **kw))
