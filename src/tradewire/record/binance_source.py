"""Binance (spot and USD-M futures) through tradewire's own streams and sync machines, normalized.

One combined-stream connection carries every symbol and channel. Depth follows the client's
`DiffDepthSync` / `FuturesDepthSync` (binance.md §16): while in sync each diff is recorded as it arrives (its
payload bytes as received, on the recorder's `DepthTape`; the writer parses them at the flush); on a gap an
events 'gap' row is written, the diffs are held until the REST snapshot the book resyncs from, then the
snapshot (as a tape line) and the held diffs the book applied after it are recorded (stamped with the
snapshot's receipt time, so replay orders them after it) and an events 'resync' row. A periodic REST
snapshot is recorded only when it is not behind the diffs already recorded (its id >= the book's).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tradewire.binance import futures_streams as bf
from tradewire.binance import streams as bn
from tradewire.binance.aclient import AsyncBinance
from tradewire.record import normalize as nz
from tradewire.record.frames import DepthTape, binance_snapshot_line
from tradewire.record.recorder import Recorder
from tradewire.record.schema import Market

Sync = bn.DiffDepthSync | bf.FuturesDepthSync
DepthEv = bn.DepthUpdate | bf.FuturesDepthUpdate


@dataclass
class _Book:
    """One symbol's depth state: the client's sync machine, its tape, the diffs held for a snapshot and why."""

    sync: Sync
    tape: DepthTape
    reason: str = "start"
    held: list[tuple[DepthEv, bytes]] = field(default_factory=list)


def stream_names(market: Market, symbols: list[str], channels: list[str]) -> list[str]:
    """The combined-stream names for the channels asked."""
    names: list[str] = []
    for symbol in symbols:
        s = symbol.lower()
        if "trades" in channels:
            names.append(f"{s}@aggTrade" if market == "futures" else f"{s}@trade")
        if "depth" in channels:
            names.append(f"{s}@depth@100ms")
        if "ticker" in channels and market == "spot":
            names.append(f"{s}@ticker")
        if "mark" in channels and market == "futures":
            names.append(f"{s}@markPrice@1s")
    return names


class BinanceRecorder:
    """Runs the connection and the depth syncs; `books` exposes each symbol's sync (tests read its book)."""

    def __init__(self, client: AsyncBinance, market: Market, symbols: list[str], channels: list[str],
                 rec: Recorder, snapshot_every_s: float = 600.0, limit: int = 1000) -> None:  # float ok: seconds
        self.client, self.market, self.emit, self.limit = client, market, rec.emit, limit
        self.symbols, self.channels = symbols, channels
        self.snapshot_every_s = snapshot_every_s
        new: Callable[[], Sync] = bf.FuturesDepthSync if market == "futures" else bn.DiffDepthSync
        self.books = {s: _Book(new(), rec.depth_tape(s)) for s in symbols} if "depth" in channels else {}
        self._decoder = bf.decode_futures_event if market == "futures" else bn.decode_event
        self._payload = b""  # the last depth event's payload as received (set by `_decode`)

    def _event(self, symbol: str, kind: str, stream: str, detail: str, now: int | None = None) -> None:
        self.emit(nz.event("binance", self.market, symbol, time.time_ns() if now is None else now, kind, stream,
                           detail))

    async def _rest_depth(self, symbol: str) -> tuple[int, list[tuple[str, str]], list[tuple[str, str]]]:
        snap: Any = await (self.client.futures_depth(symbol, limit=self.limit) if self.market == "futures"
                           else self.client.depth(symbol, limit=self.limit))
        bids = [(format(p, "f"), format(q, "f")) for p, q in snap.bids]
        asks = [(format(p, "f"), format(q, "f")) for p, q in snap.asks]
        return snap.last_update_id, bids, asks

    async def _resync(self, symbol: str, book: _Book) -> None:
        """Fetch the snapshot, apply it and the held diffs through the client's sync; record what it applied."""
        last_id, bids, asks = await self._rest_depth(symbol)
        now = time.time_ns()
        held, book.held = book.held, []
        book.sync.buffer = [ev for ev, _ in held]  # type: ignore[assignment]
        ok = book.sync.snapshot(last_id, bids, asks)
        tape = book.tape
        tape.ts.append(now)
        tape.frames.append(binance_snapshot_line(last_id, bids, asks))
        for ev, payload in held:
            if ev.u > last_id:
                tape.ts.append(now)
                tape.frames.append(payload)
        if ok:
            self._event(symbol, "resync", "depth", f"{book.reason}; snapshot lastUpdateId={last_id}", now)
        else:
            self._event(symbol, "gap", "depth", f"held diffs do not continue snapshot {last_id}", now)
            book.reason = f"held diffs do not continue snapshot {last_id}"

    async def _on_depth(self, ev: DepthEv) -> None:
        book = self.books.get(ev.s)
        if book is None:
            return
        now = time.time_ns()
        sync = book.sync
        if sync.synced:
            before = sync.last_u
            if sync.apply(ev):  # type: ignore[arg-type]
                tape = book.tape
                tape.ts.append(now)
                tape.frames.append(self._payload)
                return
            expected = f"pu={before}" if isinstance(ev, bf.FuturesDepthUpdate) else f"U={before + 1}"
            got = f"pu={ev.pu}" if isinstance(ev, bf.FuturesDepthUpdate) else f"U={ev.U}"
            book.reason = f"gap: expected {expected}, got {got}"
            self._event(ev.s, "gap", "depth", f"expected {expected}, got {got}", now)
        book.held.append((ev, self._payload))
        await self._resync(ev.s, book)

    async def _periodic(self) -> None:
        while True:
            await asyncio.sleep(self.snapshot_every_s)
            for symbol, book in self.books.items():
                if not book.sync.synced:
                    continue
                last_id, bids, asks = await self._rest_depth(symbol)
                if book.sync.synced and last_id >= book.sync.last_u:
                    now = time.time_ns()
                    book.tape.ts.append(now)
                    book.tape.frames.append(binance_snapshot_line(last_id, bids, asks))
                    self._event(symbol, "snapshot", "depth", f"periodic: lastUpdateId={last_id}", now)

    def _on_reconnect(self, reason: str) -> None:
        now = time.time_ns()
        self._event("_all", "reconnect", "all", reason, now)
        for symbol, book in self.books.items():
            book.sync.lost()
            book.held = []
            book.reason = f"reconnected: {reason}"
            self._event(symbol, "gap", "depth", f"disconnected: {reason}", now)

    def _decode(self, stream: str, payload: bytes) -> Any:
        """The client's decoder; a depth event's payload is kept for the tape (no second parse)."""
        ev = self._decoder(stream, payload)
        if isinstance(ev, bn.DepthUpdate | bf.FuturesDepthUpdate):
            self._payload = payload
        return ev

    async def run(self) -> None:
        """Record until cancelled."""
        url = self.client.futures_ws_url if self.market == "futures" else self.client.ws_url
        stream = bn.Stream(url, stream_names(self.market, self.symbols, self.channels), decoder=self._decode,
                           max_reconnects=1_000_000)
        periodic = asyncio.create_task(self._periodic()) if self.books and self.snapshot_every_s > 0 else None
        try:
            async for ev in stream:
                now = time.time_ns()
                if isinstance(ev, bn.DepthUpdate | bf.FuturesDepthUpdate):
                    await self._on_depth(ev)
                elif isinstance(ev, bn.TradeEvent | bn.AggTradeEvent | bf.FuturesAggTrade):
                    self.emit(nz.binance_trade(self.market, now, ev))
                elif isinstance(ev, bn.TickerEvent):
                    self.emit(nz.binance_ticker(self.market, now, ev))
                elif isinstance(ev, bf.MarkPriceUpdate):
                    self.emit(nz.binance_mark(now, ev))
                elif isinstance(ev, bn.Reconnected):
                    self._on_reconnect(ev.reason)
        finally:
            if periodic is not None:
                periodic.cancel()
            await stream.close()
