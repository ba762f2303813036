"""BingX (swap and spot) through tradewire's own streams, normalized for the recorder.

Depth is ``@incrDepth`` kept by the client's `OrderBookStream`: every push is recorded as it arrives (action
"all" as a 'snapshot' row, "update" as an 'update' row) and whatever makes the book resync is an events row.
BingX's REST depth carries no update id (bingx-skills swap-market and spot-market depth), so the periodic
snapshot is the server's aligned ``action:"all"`` push, asked for by resubscribing the topic.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import msgspec

from tradewire.bingx.spot_streams import SpotStreams
from tradewire.bingx.streams import _CHANGED, BingXStreams, IncrDepthStreams, OrderBookStream
from tradewire.bingx.ws_models import IncrDepth, decode_incr_depth
from tradewire.core.book import OrderBook, SyncStatus
from tradewire.core.ws import BadFrame, Disconnected, Item, Reconnected, Resync, StreamError, StreamEvent, WsEngine
from tradewire.record import normalize as nz
from tradewire.record.rawdepth import RawDepth
from tradewire.record.schema import Event, Market
from tradewire.record.writer import Row

Emit = Callable[[Row], None]
RETRY_S = 1.0  # float ok: seconds before a failed subscription is made again


def _wire_event(market: Market, symbol: str, stream: str, item: StreamEvent) -> Event | None:
    """A client stream marker as an events row (None for those that change nothing in the data)."""
    now = time.time_ns()
    if isinstance(item, Disconnected):
        return nz.event("bingx", market, symbol, now, "gap", stream, f"disconnected: {item.reason}")
    if isinstance(item, Reconnected):
        return nz.event("bingx", market, symbol, now, "reconnect", stream,
                        f"after {item.attempts} attempts, {item.downtime:.3f} s down")
    if isinstance(item, Resync):
        return nz.event("bingx", market, symbol, now, "resync", stream, item.reason)
    if isinstance(item, BadFrame):
        return nz.event("bingx", market, symbol, now, "gap", stream, f"bad frame: {item.error}")
    return None


class RecordingBook(OrderBookStream):
    """The client's `OrderBookStream` that also hands every push and every sync failure to ``emit``."""

    def __init__(self, engine: WsEngine, topic: str, market: Market, symbol: str, emit: Emit) -> None:
        super().__init__(engine, topic, OrderBook(), None)
        self.market, self.symbol, self.emit = market, symbol, emit
        self.last: IncrDepth | None = None

    def _on_item(self, item: Item) -> Item | None:
        if not isinstance(item, bytes):
            if isinstance(item, StreamEvent):
                row = _wire_event(self.market, self.symbol, "depth", item)
                if row is not None:
                    self.emit(row)
            return super()._on_item(item)
        now = time.time_ns()
        sync, sub = self.sync, self.subscription
        try:
            msg = decode_incr_depth(item)[0]
            self.emit(RawDepth("bingx", self.symbol, self.market, now, msg.time, msg.last_update_id,
                               "snapshot" if msg.action == "all" else "update", None, None, msg.bids, msg.asks))
            before = sync.book.last_update_id
            status = sync.apply(msg)
        except (msgspec.DecodeError, ValueError) as exc:
            sync.reset()
            self.emit(nz.event("bingx", self.market, self.symbol, now, "gap", "depth", f"bad frame: {exc}"))
            sub.start_resubscribe(f"bad frame: {exc}")
            return None
        self.last = msg
        if status is SyncStatus.OK:
            return None if sub.last_queued() is _CHANGED else _CHANGED
        self.emit(nz.event("bingx", self.market, self.symbol, now, "gap", "depth",
                           f"{status.value}: update {msg.last_update_id} after {before}"))
        sub.start_resubscribe(status.value)
        return None


async def _drain(stream: Any) -> None:
    async for _ in stream:
        pass


async def _pump(stream: Any, market: Market, symbol: str, channel: str, emit: Emit,
                convert: Callable[[Market, str, int, Any], Event]) -> None:
    async for item in stream:
        if isinstance(item, StreamEvent):
            row = _wire_event(market, symbol, channel, item)
            if row is not None:
                emit(row)
            continue
        emit(convert(market, symbol, time.time_ns(), item))


async def _kept(make: Callable[[], Any], consume: Callable[[Any], Awaitable[None]], market: Market, symbol: str,
                channel: str, emit: Emit) -> None:
    """``consume(make())``; a subscription that fails (not acked in time, closed) is an events 'gap' row and is
    made again after `RETRY_S` (a refused one raises: retrying cannot help)."""
    while True:
        stream = make()
        try:
            await consume(stream)
            return
        except StreamError as exc:
            emit(nz.event("bingx", market, symbol, time.time_ns(), "gap", channel, f"subscription failed: {exc}"))
        with contextlib.suppress(Exception):
            await stream.close()
        await asyncio.sleep(RETRY_S)


async def _periodic_snapshots(books: list[RecordingBook], every_s: float, emit: Emit) -> None:  # float ok: s
    while True:
        await asyncio.sleep(every_s)
        for book in books:
            emit(nz.event("bingx", book.market, book.symbol, time.time_ns(), "snapshot", "depth",
                          "periodic: resubscribed for the server's aligned snapshot"))
            book.subscription.start_resubscribe("periodic snapshot")


def open_streams(market: Market, ws_url: str | None) -> IncrDepthStreams[Any]:
    """The client's websocket facade for ``market`` ('swap' or 'spot')."""
    return SpotStreams(ws_url) if market == "spot" else BingXStreams(ws_url)


async def record_bingx(emit: Emit, market: Market, symbols: list[str], channels: list[str], *,
                       ws_url: str | None = None, snapshot_every_s: float = 600.0,  # float ok: seconds
                       books: list[RecordingBook] | None = None) -> None:
    """Record until cancelled; ``books`` (when given) receives the live depth streams (tests read their books)."""
    streams = open_streams(market, ws_url)
    tasks: list[asyncio.Task[None]] = []
    held: list[RecordingBook] = [] if books is None else books
    try:
        for symbol in symbols:
            if "depth" in channels:

                def make_book(symbol: str = symbol) -> RecordingBook:
                    book = RecordingBook(streams.engine, f"{symbol}@incrDepth", market, symbol, emit)
                    held[:] = [b for b in held if b.symbol != symbol] + [book]
                    return book

                tasks.append(asyncio.create_task(_kept(make_book, _drain, market, symbol, "depth", emit)))
            pumps: list[tuple[str, Callable[[], Any], Callable[[Market, str, int, Any], Event]]] = []
            if "trades" in channels:
                pumps.append(("trades", partial(streams.trades, symbol), nz.bingx_trade))
            if "ticker" in channels:
                pumps.append(("ticker", partial(streams.ticker, symbol), nz.bingx_ticker))
            if "mark" in channels and isinstance(streams, BingXStreams):
                pumps.append(("mark", partial(streams.mark_price, symbol), nz.bingx_mark))
            for channel, make, convert in pumps:
                consume = partial(_pump, market=market, symbol=symbol, channel=channel, emit=emit, convert=convert)
                tasks.append(asyncio.create_task(_kept(make, consume, market, symbol, channel, emit)))
        if "depth" in channels and snapshot_every_s > 0:
            tasks.append(asyncio.create_task(_periodic_snapshots(held, snapshot_every_s, emit)))
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task
        await streams.close()
