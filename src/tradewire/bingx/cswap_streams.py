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
from typing import Any

import msgspec

from tradewire.bingx.streams import (
    _CHANGED,
    AccountStream,
    BookStream,
    ListenKeyApi,
    Stream,
    StreamsBase,
    SyncStreamsBase,
    _one_of,
)
from tradewire.bingx.ws_models import AccountEvent, Frame, MarkPrice, decode_mark_price
from tradewire.core.book import OrderBook
from tradewire.core.errors import ValidationError
from tradewire.core.ws import BadFrame, Disconnected, Item, StreamEvent, SyncStream, WsEngine

__all__ = ["CSWAP_DEPTH_LEVELS", "CSWAP_MARKET_URL", "CSwapAccountEvent", "CSwapAccountStream", "CSwapBookStream",
           "CSwapStreams", "SyncCSwapStreams"]

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


class CSwapBookStream(BookStream):
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

    def _synced_book(self) -> OrderBook | None:
        return self.book if self.synced else None


class CSwapAccountStream(AccountStream):
    """Coin-M balance, position, order and config events (`CSwapAccountEvent`) over a managed listen key
    (renewed on expiry); the swap account stream on the coin-M socket, which pushes without a subscription."""


class CSwapStreams(StreamsBase[CSwapAccountStream]):
    """The BingX coin-M websocket streams; create and use it inside a running event loop. ``depth`` pushes on each
    change; ``account`` gives coin-M account events over a managed listen key (pushed without subscribing)."""

    _account_type = CSwapAccountStream
    _default_url = CSWAP_MARKET_URL
    _depth_levels = CSWAP_DEPTH_LEVELS

    @staticmethod
    def _symbol(symbol: str) -> str:
        return _symbol(symbol)

    def mark_price(self, symbol: str, *, queue_size: int | None = None) -> Stream[MarkPrice]:
        """``<symbol>@markPrice``."""
        return self._stream(f"{_symbol(symbol)}@markPrice", decode_mark_price, queue_size)

    def order_book(self, symbol: str, level: int = 100, *, price_decimals: int | None = None,
                   qty_decimals: int | None = None, queue_size: int | None = None) -> CSwapBookStream:
        """A local book of the top ``level`` levels, kept from ``<symbol>@depth<level>``."""
        _symbol(symbol)
        _one_of("level", level, CSWAP_DEPTH_LEVELS)
        return CSwapBookStream(self.engine, f"{symbol}@depth{level}", OrderBook(price_decimals, qty_decimals),
                               queue_size)


class SyncCSwapStreams(SyncStreamsBase[CSwapStreams]):
    """`CSwapStreams` for blocking code: the streams run on a loop in a background thread."""

    def __init__(self, ws_url: str = CSWAP_MARKET_URL, listen_keys: ListenKeyApi | None = None, **kw: Any) -> None:
        super().__init__(lambda: CSwapStreams(ws_url, listen_keys, **kw))

    def mark_price(self, symbol: str) -> SyncStream[MarkPrice | StreamEvent]:
        """Blocking `CSwapStreams.mark_price`."""
        return self._wrap(lambda: self.streams.mark_price(symbol))

    def order_book(self, symbol: str, level: int = 100, **kw: Any) -> SyncStream[OrderBook | StreamEvent]:
        """Blocking `CSwapStreams.order_book` (the book changes only inside `next()`)."""
        return self._wrap(lambda: self.streams.order_book(symbol, level, **kw))
