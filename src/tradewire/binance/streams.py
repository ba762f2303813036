"""Binance websocket streams on aiohttp: market streams, the user data stream, and a local order book.

`core/ws.py` speaks BingX's gzip subscribe protocol, so Binance's plain-JSON streams are served here.
Every reconnect and every book resync is yielded as an event, never hidden (STYLE.md §8).
Limits (binance.md §15): at most 1024 streams per connection; outgoing control messages are paced
to 5 per second; a connection is dropped by the server at 24 h and reopened here.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import msgspec

from tradewire.binance.aclient import AsyncBinance
from tradewire.core.book import OrderBook
from tradewire.core.codec import Id, decode
from tradewire.core.errors import TradewireError, ValidationError

MAX_STREAMS = 1024
MAX_OUT_PER_S = 5
KEEPALIVE_S = 30 * 60


class Ev(msgspec.Struct, kw_only=True):
    """Base of the stream events (wire field names, as Binance's are single letters)."""


class TradeEvent(Ev, tag="trade", tag_field="e"):
    E: int
    s: str
    t: Id
    p: Decimal
    q: Decimal
    T: int
    m: bool


class AggTradeEvent(Ev, tag="aggTrade", tag_field="e"):
    E: int
    s: str
    a: Id
    p: Decimal
    q: Decimal
    f: Id
    l: Id  # noqa: E741 - the wire name
    T: int
    m: bool


class KlineData(msgspec.Struct):
    t: int
    T: int
    s: str
    i: str
    o: Decimal
    c: Decimal
    h: Decimal
    l: Decimal  # noqa: E741 - the wire name
    v: Decimal
    n: int
    x: bool
    q: Decimal


class KlineEvent(Ev, tag="kline", tag_field="e"):
    E: int
    s: str
    k: KlineData


class MiniTickerEvent(Ev, tag="24hrMiniTicker", tag_field="e"):
    E: int
    s: str
    c: Decimal
    o: Decimal
    h: Decimal
    l: Decimal  # noqa: E741 - the wire name
    v: Decimal
    q: Decimal


class TickerEvent(Ev, tag="24hrTicker", tag_field="e"):
    E: int
    s: str
    p: Decimal
    c: Decimal
    o: Decimal
    h: Decimal
    l: Decimal  # noqa: E741 - the wire name
    v: Decimal
    q: Decimal
    n: int


class DepthUpdate(Ev, tag="depthUpdate", tag_field="e"):
    E: int
    s: str
    U: int
    u: int
    b: list[tuple[str, str]]
    a: list[tuple[str, str]]


class AccountPosition(Ev, tag="outboundAccountPosition", tag_field="e"):
    class Bal(msgspec.Struct):
        a: str
        f: Decimal
        l: Decimal  # noqa: E741 - the wire name

    E: int
    u: int
    B: list[Bal]


class BalanceUpdate(Ev, tag="balanceUpdate", tag_field="e"):
    E: int
    a: str
    d: Decimal
    T: int


class ExecutionReport(Ev, tag="executionReport", tag_field="e"):
    E: int
    s: str
    c: str
    S: str
    o: str
    f: str
    q: Decimal
    p: Decimal
    P: Decimal
    g: int
    x: str
    X: str
    i: Id
    l: Decimal  # noqa: E741 - the wire name
    z: Decimal
    L: Decimal
    n: Decimal
    N: str | None
    T: int
    t: int
    Z: Decimal


class ListStatus(Ev, tag="listStatus", tag_field="e"):
    class Leg(msgspec.Struct):
        s: str
        i: Id
        c: str

    E: int
    s: str
    g: Id
    c: str
    l: str  # noqa: E741 - the wire name
    L: str
    C: str
    T: int
    O: list[Leg]  # noqa: E741 - the wire name


class ListenKeyExpired(Ev, tag="listenKeyExpired", tag_field="e"):
    E: int


class BookTicker(msgspec.Struct):
    u: int
    s: str
    b: Decimal
    B: Decimal
    a: Decimal
    A: Decimal


class PartialDepth(msgspec.Struct, rename="camel"):
    last_update_id: int
    bids: list[tuple[Decimal, Decimal]]
    asks: list[tuple[Decimal, Decimal]]


Tagged = (TradeEvent | AggTradeEvent | KlineEvent | MiniTickerEvent | TickerEvent | DepthUpdate | AccountPosition
          | BalanceUpdate | ExecutionReport | ListStatus | ListenKeyExpired)


@dataclass(frozen=True)
class Reconnected:
    """The connection was reopened (server close, 24 h limit, network); `reason` says why."""

    reason: str


@dataclass(frozen=True)
class Resynced:
    """The local book was rebuilt from a snapshot; `reason` says why (start, gap)."""

    reason: str
    last_update_id: int


class StreamError(TradewireError):
    """The stream answered a control message with an error."""


def decode_event(stream: str, payload: bytes) -> Any:
    """A typed event from a raw (not combined) payload of `stream`."""
    if stream.endswith("@bookTicker"):
        return decode(payload, BookTicker)
    if "@depth" in stream and stream.split("@")[1] in ("depth5", "depth10", "depth20"):
        return decode(payload, PartialDepth)
    return decode(payload, Tagged)


class Stream:
    """A combined-stream connection: `async for event in Stream(ws_url, ["btcusdt@trade"])`."""

    def __init__(self, ws_url: str, streams: list[str], *, max_reconnects: int = 10,
                 user_key: str | None = None, decoder: Callable[[str, bytes], Any] = decode_event) -> None:
        if not streams or len(streams) > MAX_STREAMS:
            raise ValidationError("streams", f"between 1 and {MAX_STREAMS} streams per connection", len(streams))
        self.ws_url = ws_url.rstrip("/")
        self.streams = list(streams)
        self.max_reconnects = max_reconnects
        self.user_key = user_key
        self.decoder = decoder
        self._sent: list[float] = []  # float ok: monotonic seconds
        self._ws: Any = None
        self._session: Any = None

    async def _pace(self) -> None:
        """Keep outgoing control messages under 5 per second."""
        now = time.monotonic()
        self._sent = [t for t in self._sent if now - t < 1.0]
        if len(self._sent) >= MAX_OUT_PER_S:
            await asyncio.sleep(1.0 - (now - self._sent[0]))
        self._sent.append(time.monotonic())

    async def send(self, method: str, params: list[str] | None = None, id: int = 1) -> None:
        """A control message (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS), paced."""
        if method == "SUBSCRIBE" and len(set(self.streams) | set(params or [])) > MAX_STREAMS:
            raise ValidationError("params", f"at most {MAX_STREAMS} streams per connection")
        await self._pace()
        await self._ws.send_str(msgspec.json.encode({"method": method, "params": params or [], "id": id}).decode())
        if method == "SUBSCRIBE":
            self.streams += [p for p in params or [] if p not in self.streams]
        elif method == "UNSUBSCRIBE":
            self.streams = [s for s in self.streams if s not in (params or [])]

    async def _connect(self) -> None:
        import aiohttp

        if self._session is None:
            self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(f"{self.ws_url}/stream?streams={'/'.join(self.streams)}",
                                                  heartbeat=60.0, autoping=True)

    async def close(self) -> None:
        """Close the connection."""
        if self._ws is not None:
            await self._ws.close()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aiter__(self) -> AsyncIterator[Any]:
        import aiohttp

        reconnects = 0
        await self._connect()
        try:
            while True:
                msg = await self._ws.receive()
                if msg.type == aiohttp.WSMsgType.TEXT:
                    body = msg.data.encode()
                    frame = decode(body, dict[str, msgspec.Raw])
                    if "stream" not in frame:
                        reply: dict[str, Any] = decode(body, dict[str, Any])
                        if reply.get("error"):
                            raise StreamError(str(reply["error"]))
                        yield reply  # control reply {"result": ..., "id": ...}
                        continue
                    yield self.decoder(decode(bytes(frame["stream"]), str), bytes(frame["data"]))
                    continue
                reconnects += 1
                if reconnects > self.max_reconnects:
                    raise StreamError(f"connection lost {reconnects} times; giving up")
                yield Reconnected(f"websocket {msg.type.name.lower()}")
                await asyncio.sleep(min(0.1 * 2 ** reconnects, 5.0))
                await self._connect()
        finally:
            await self.close()


class UserStream:
    """The user data stream: listen key created, kept alive every 30 min, closed on exit."""

    def __init__(self, client: AsyncBinance, keepalive_s: float = KEEPALIVE_S) -> None:  # float ok: seconds
        self.client = client
        self.keepalive_s = keepalive_s
        self.listen_key = ""

    async def __aiter__(self) -> AsyncIterator[Any]:
        self.listen_key = await self.client.create_listen_key()
        keeper = asyncio.ensure_future(self._keepalive())
        try:
            while True:
                stream = Stream(self.client.ws_url, [self.listen_key])
                async for event in stream:
                    yield event
                    if isinstance(event, ListenKeyExpired):
                        break
                else:
                    return
                self.listen_key = await self.client.create_listen_key()
                yield Reconnected("listen key expired; new key")
        finally:
            keeper.cancel()
            if self.listen_key:
                with contextlib.suppress(TradewireError):
                    await self.client.close_listen_key(self.listen_key)

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(self.keepalive_s)
            await self.client.keepalive_listen_key(self.listen_key)


class DiffDepthSync:
    """The documented snapshot + diff algorithm (binance.md §16) as a pure state machine."""

    def __init__(self, book: OrderBook | None = None) -> None:
        self.book = book if book is not None else OrderBook()
        self.buffer: list[DepthUpdate] = []
        self.synced = False
        self.last_u = 0
        self._first = False

    def snapshot(self, last_update_id: int, bids: list[tuple[str, str]], asks: list[tuple[str, str]]) -> bool:
        """Apply a REST snapshot, then the buffered events; False when a new snapshot is needed."""
        self.book.replace(bids, asks, last_update_id)
        self.last_u, self.synced, self._first = last_update_id, True, True
        pending, self.buffer = self.buffer, []
        return all(self.apply(ev) for ev in pending)

    def apply(self, ev: DepthUpdate) -> bool:
        """Buffer before the snapshot; drop u <= lastUpdateId; the first event must straddle
        lastUpdateId+1, each next one start at the previous u+1. False on a gap: resync."""
        if not self.synced:
            self.buffer.append(ev)
            return True
        if ev.u <= self.last_u:
            return True
        if (not ev.U <= self.last_u + 1 <= ev.u) if self._first else self.last_u + 1 != ev.U:
            self.lost()
            return False
        self._first = False
        try:
            self.book.update(ev.b, ev.a, ev.u)
        except ValueError:  # a malformed level: the book is cleared; resync before anything is read
            self.lost()
            raise
        self.last_u = ev.u
        return True

    def lost(self) -> None:
        """Forget the book; the next events are buffered until a snapshot."""
        self.synced = False
        self.buffer = []
        self.book.clear()


class LocalBook:
    """A local order book of one symbol, kept exactly by `DiffDepthSync`; yields `Resynced` events."""

    def __init__(self, client: AsyncBinance, symbol: str, limit: int = 1000, max_resyncs: int = 100) -> None:
        self.client = client
        self.symbol = symbol
        self.limit = limit
        self.max_resyncs = max_resyncs
        self.sync = DiffDepthSync()
        self.resyncs = 0

    @property
    def book(self) -> OrderBook:
        """The book (valid while `sync.synced`)."""
        return self.sync.book

    async def __aiter__(self) -> AsyncIterator[Any]:
        stream = Stream(self.client.ws_url, [f"{self.symbol.lower()}@depth@100ms"])
        try:
            reason = "start"
            need_snapshot = True
            async for ev in stream:
                if isinstance(ev, Reconnected):
                    self.sync.lost()
                    need_snapshot, reason = True, ev.reason
                    yield ev
                    continue
                if not isinstance(ev, DepthUpdate):
                    continue
                ok = self.sync.apply(ev)
                if ok and not need_snapshot:
                    yield ev
                    continue
                if not ok:
                    reason = f"gap: event U={ev.U} after u={self.sync.last_u}"
                    self.sync.buffer.append(ev)
                elif self.sync.synced:
                    yield ev
                    continue
                self.resyncs += 1
                if self.resyncs > self.max_resyncs:
                    raise StreamError(f"{self.symbol}: more than {self.max_resyncs} resyncs")
                snap = await self.client.depth(self.symbol, limit=self.limit)
                bids = [(format(p, "f"), format(q, "f")) for p, q in snap.bids]
                asks = [(format(p, "f"), format(q, "f")) for p, q in snap.asks]
                need_snapshot = not self.sync.snapshot(snap.last_update_id, bids, asks)
                if not need_snapshot:
                    yield Resynced(reason, snap.last_update_id)
        finally:
            await stream.close()
