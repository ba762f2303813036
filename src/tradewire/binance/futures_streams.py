"""USD-M futures websocket streams (`futures_ws_url`): typed market and user-data events, the futures user
data stream, and a local order book kept by Binance's futures rule.

The futures book rule (USD-M "How to manage a local order book correctly"): buffer events, take a REST
snapshot, drop events with `u` < lastUpdateId, the first applied event has U <= lastUpdateId <= u, and
each next event's `pu` equals the previous event's `u`; otherwise the book is rebuilt from a new snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import msgspec

from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.streams import BookTicker, Ev, ListenKeyExpired, Reconnected, Resynced, Stream, StreamError
from tradewire.core.book import OrderBook
from tradewire.core.codec import Id, decode
from tradewire.core.errors import TradewireError

KEEPALIVE_S = 30 * 60


class FuturesDepthUpdate(Ev, tag="depthUpdate", tag_field="e"):
    E: int
    T: int
    s: str
    U: int
    u: int
    pu: int
    b: list[tuple[str, str]]
    a: list[tuple[str, str]]


class FuturesAggTrade(Ev, tag="aggTrade", tag_field="e"):
    E: int
    s: str
    a: Id
    p: Decimal
    q: Decimal
    f: Id
    l: Id  # noqa: E741 - the wire name
    T: int
    m: bool


class MarkPriceUpdate(Ev, tag="markPriceUpdate", tag_field="e"):
    E: int
    s: str
    p: Decimal
    i: Decimal
    P: Decimal
    r: Decimal
    T: int


class FuturesKlineData(msgspec.Struct):
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


class FuturesKline(Ev, tag="kline", tag_field="e"):
    E: int
    s: str
    k: FuturesKlineData


class OrderUpdate(msgspec.Struct):
    """The `o` of ORDER_TRADE_UPDATE: x is the execution type (NEW, TRADE, CANCELED, EXPIRED ...)."""

    s: str
    c: str
    S: str
    o: str
    f: str
    q: Decimal
    p: Decimal
    ap: Decimal
    x: str
    X: str
    i: Id
    l: Decimal  # noqa: E741 - the wire name
    z: Decimal
    L: Decimal
    n: Decimal
    T: int
    t: int
    m: bool
    R: bool
    ps: str
    rp: Decimal
    N: str | None = None


class OrderTradeUpdate(Ev, tag="ORDER_TRADE_UPDATE", tag_field="e"):
    E: int
    T: int
    o: OrderUpdate


class WalletUpdate(msgspec.Struct):
    a: str
    wb: Decimal
    cw: Decimal
    bc: Decimal


class PositionUpdate(msgspec.Struct):
    s: str
    pa: Decimal
    ep: Decimal
    cr: Decimal
    up: Decimal
    mt: str
    iw: Decimal
    ps: str


class AccountData(msgspec.Struct):
    m: str
    B: list[WalletUpdate]
    P: list[PositionUpdate]


class AccountUpdate(Ev, tag="ACCOUNT_UPDATE", tag_field="e"):
    E: int
    T: int
    a: AccountData


class MarginCallPosition(msgspec.Struct):
    s: str
    ps: str
    pa: Decimal
    mt: str
    iw: Decimal
    mp: Decimal
    up: Decimal
    mm: Decimal


class MarginCall(Ev, tag="MARGIN_CALL", tag_field="e"):
    E: int
    cw: Decimal
    p: list[MarginCallPosition]


class LeverageConfig(msgspec.Struct):
    s: str
    l: int  # noqa: E741 - the wire name


class AssetsConfig(msgspec.Struct):
    j: bool


class AccountConfigUpdate(Ev, tag="ACCOUNT_CONFIG_UPDATE", tag_field="e"):
    """A symbol's leverage changed (`ac`) or Multi-Assets mode was switched (`ai`)."""

    E: int
    T: int
    ac: LeverageConfig | None = None
    ai: AssetsConfig | None = None


FuturesTagged = (FuturesDepthUpdate | FuturesAggTrade | MarkPriceUpdate | FuturesKline | OrderTradeUpdate
                 | AccountUpdate | MarginCall | AccountConfigUpdate | ListenKeyExpired)


def decode_futures_event(stream: str, payload: bytes) -> Any:
    """A typed futures event from a raw payload of `stream`."""
    if stream.endswith("@bookTicker"):
        return decode(payload, BookTicker)
    return decode(payload, FuturesTagged)


def futures_stream(client: AsyncBinance, streams: list[str], **kw: Any) -> Stream:
    """A combined-stream connection on the futures websocket."""
    return Stream(client.futures_ws_url, streams, decoder=decode_futures_event, **kw)


class FuturesUserStream:
    """The futures user data stream: listen key created, kept alive every 30 min, closed on exit; a new key
    (announced as `Reconnected`) when the old one expires."""

    def __init__(self, client: AsyncBinance, keepalive_s: float = KEEPALIVE_S) -> None:  # float ok: seconds
        self.client = client
        self.keepalive_s = keepalive_s
        self.listen_key = ""

    async def __aiter__(self) -> AsyncIterator[Any]:
        self.listen_key = await self.client.futures_create_listen_key()
        keeper = asyncio.ensure_future(self._keepalive())
        try:
            while True:
                async for event in futures_stream(self.client, [self.listen_key]):
                    yield event
                    if isinstance(event, ListenKeyExpired):
                        break
                else:
                    return
                self.listen_key = await self.client.futures_create_listen_key()
                yield Reconnected("listen key expired; new key")
        finally:
            keeper.cancel()
            if self.listen_key:
                with contextlib.suppress(TradewireError):
                    await self.client.futures_close_listen_key()

    async def _keepalive(self) -> None:
        while True:
            await asyncio.sleep(self.keepalive_s)
            await self.client.futures_keepalive_listen_key()


class FuturesDepthSync:
    """Binance's futures snapshot + diff rule as a pure state machine (see the module docstring)."""

    def __init__(self, book: OrderBook | None = None) -> None:
        self.book = book if book is not None else OrderBook()
        self.buffer: list[FuturesDepthUpdate] = []
        self.synced = False
        self.last_u = 0
        self._first = False

    def snapshot(self, last_update_id: int, bids: list[tuple[str, str]], asks: list[tuple[str, str]]) -> bool:
        """Apply a REST snapshot, then the buffered events; False when a new snapshot is needed."""
        self.book.replace(bids, asks, last_update_id)
        self.last_u, self.synced, self._first = last_update_id, True, True
        pending, self.buffer = self.buffer, []
        return all(self.apply(ev) for ev in pending)

    def apply(self, ev: FuturesDepthUpdate) -> bool:
        """Buffer before the snapshot; drop u < lastUpdateId; the first event must have U <= lastUpdateId <= u,
        each next one `pu` == the previous `u`. False on a break: resync."""
        if not self.synced:
            self.buffer.append(ev)
            return True
        if self._first:
            if ev.u < self.last_u:
                return True
            if not ev.U <= self.last_u <= ev.u:
                self.lost()
                return False
            self._first = False
        elif ev.pu != self.last_u:
            self.lost()
            return False
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


class FuturesLocalBook:
    """A local futures order book of one symbol, kept exactly by `FuturesDepthSync`; every rebuild is
    yielded as `Resynced`, every reconnect as `Reconnected`."""

    def __init__(self, client: AsyncBinance, symbol: str, limit: int = 1000, max_resyncs: int = 100) -> None:
        self.client = client
        self.symbol = symbol
        self.limit = limit
        self.max_resyncs = max_resyncs
        self.sync = FuturesDepthSync()
        self.resyncs = 0

    @property
    def book(self) -> OrderBook:
        """The book (valid while `sync.synced`)."""
        return self.sync.book

    async def __aiter__(self) -> AsyncIterator[Any]:
        stream = futures_stream(self.client, [f"{self.symbol.lower()}@depth@100ms"])
        try:
            reason, need_snapshot = "start", True
            async for ev in stream:
                if isinstance(ev, Reconnected):
                    self.sync.lost()
                    need_snapshot, reason = True, ev.reason
                    yield ev
                    continue
                if not isinstance(ev, FuturesDepthUpdate):
                    continue
                ok = self.sync.apply(ev)
                if ok and (not need_snapshot or self.sync.synced):
                    yield ev
                    continue
                if not ok:
                    reason = f"gap: event pu={ev.pu} after u={self.sync.last_u}"
                    self.sync.buffer.append(ev)
                self.resyncs += 1
                if self.resyncs > self.max_resyncs:
                    raise StreamError(f"{self.symbol}: more than {self.max_resyncs} resyncs")
                snap = await self.client.futures_depth(self.symbol, limit=self.limit)
                bids = [(format(p, "f"), format(q, "f")) for p, q in snap.bids]
                asks = [(format(p, "f"), format(q, "f")) for p, q in snap.asks]
                need_snapshot = not self.sync.snapshot(snap.last_update_id, bids, asks)
                if not need_snapshot:
                    yield Resynced(reason, snap.last_update_id)
        finally:
            await stream.close()
