"""The recorder: sources emit normalized events into a bounded queue; one task writes them to the dataset.

Depth messages skip the queue: each symbol's `DepthTape` keeps the bytes as received (BingX frames, Binance diff
payloads and snapshot lines) and the drain hands them to the writer, which parses them at the flush. Every
``flush_s`` the buffered rows are written (in a thread) as closed Parquet files; sinks (NATS) get each event as
it is taken from the queue (depth lines decoded then, only when there is a sink). A full queue is never
silent: the events dropped are counted and a 'gap' events row says how many.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

from tradewire.record import normalize as nz
from tradewire.record.frames import DepthTape, frame_row
from tradewire.record.rawdepth import RawDepth
from tradewire.record.schema import ALL_SYMBOLS, Event, Market, StreamEvent, Venue, channel_of
from tradewire.record.writer import DatasetWriter, Row

DRAIN_S = 0.05  # float ok: seconds between two drains of the queue
Sink = Callable[[Event], Awaitable[None]]


class Stats:
    """What the status line shows: events per stream, gaps, lag (receipt to venue event time)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.gaps = 0
        self.dropped = 0
        self.lag_ms: int | None = None
        self.started = time.monotonic()

    def take(self, event: Row) -> None:
        """Count one event."""
        channel = "depth" if isinstance(event, RawDepth) else channel_of(event)
        self.counts[f"{event.symbol} {channel}"] += 1
        if isinstance(event, StreamEvent) and event.kind == "gap":
            self.gaps += 1
        if event.ts_event is not None and channel != "events":
            self.lag_ms = event.ts_local // 1_000_000 - event.ts_event

    def line(self) -> str:
        """One status line."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rates = "  ".join(f"{k} {v / elapsed:.0f}/s" for k, v in sorted(self.counts.items()) if "events" not in k)
        lag = "-" if self.lag_ms is None else f"{self.lag_ms} ms"
        return f"{rates}  gaps {self.gaps}  dropped {self.dropped}  lag {lag}"


class Recorder:
    """Owns the queue, the writer and the sinks; `emit` is what the sources call (never blocks)."""

    def __init__(self, root: Path, venue: Venue, market: Market, *, flush_s: float = 5.0,  # float ok: seconds
                 roll_s: int = 900, queue_size: int = 100_000, sinks: list[Sink] | None = None) -> None:
        self.venue, self.market = venue, market
        self.writer = DatasetWriter(root, roll_s * 1_000_000_000)
        self.flush_s = flush_s
        self.queue: asyncio.Queue[Row] = asyncio.Queue(queue_size)
        self.sinks = sinks or []
        self.stats = Stats()
        self._dropped_since = 0
        self._inflight: asyncio.Future[list[Path]] | None = None
        self._tapes: dict[str, DepthTape] = {}
        self._refused_seen = 0

    def depth_tape(self, symbol: str) -> DepthTape:
        """The tape a symbol's depth messages are appended to."""
        tape = self._tapes.get(symbol)
        if tape is None:
            tape = self._tapes[symbol] = DepthTape(symbol)
        return tape

    def emit(self, event: Row) -> None:
        """Queue one event; when the queue is full it is dropped and counted (a 'gap' row follows)."""
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.stats.dropped += 1
            self._dropped_since += 1

    def mark(self, kind: str, detail: str) -> None:
        """A whole-connection events row (start, stop)."""
        self.emit(nz.event(self.venue, self.market, ALL_SYMBOLS, time.time_ns(), kind, "all", detail))

    async def _drain_once(self) -> None:
        for tape in self._tapes.values():
            if tape.ts:
                await self._take_frames(tape.symbol, *tape.take())
        while not self.queue.empty():
            await self._take(self.queue.get_nowait())
        if self._dropped_since:
            n, self._dropped_since = self._dropped_since, 0
            self.writer.add(nz.event(self.venue, self.market, ALL_SYMBOLS, time.time_ns(), "gap", "all",
                                     f"recorder queue full: {n} events dropped"))

    async def flush(self) -> None:
        """Write what is queued and buffered now (the Parquet write runs in a thread; a cancelled flush's write
        still completes, and `close` waits for it)."""
        await self._drain_once()
        batch = self.writer.take()
        if batch:
            if self._inflight is not None:
                await asyncio.shield(self._inflight)
            self._inflight = asyncio.ensure_future(asyncio.to_thread(self.writer.write, batch))
            await asyncio.shield(self._inflight)
            refused, self._refused_seen = self.writer.refused - self._refused_seen, self.writer.refused
            self.stats.gaps += refused

    async def _take_frames(self, symbol: str, ts: list[int], frames: list[bytes]) -> None:
        self.writer.add_frames(self.venue, self.market, symbol, ts, frames)
        self.stats.counts[f"{symbol} depth"] += len(ts)
        last = frame_row(self.venue, self.market, symbol, ts[-1], frames[-1])  # one decode per drain: the lag
        if last.ts_event is not None:
            self.stats.lag_ms = ts[-1] // 1_000_000 - last.ts_event
        if self.sinks:
            for now, frame in zip(ts, frames, strict=True):
                event = frame_row(self.venue, self.market, symbol, now, frame).event()
                for sink in self.sinks:
                    await sink(event)

    async def _take(self, event: Row) -> None:
        self.writer.add(event)
        self.stats.take(event)
        if self.sinks:
            normalized = event.event() if isinstance(event, RawDepth) else event
            for sink in self.sinks:
                await sink(normalized)

    async def run_writer(self) -> None:
        """Take events as they come and flush every ``flush_s``; runs until cancelled (then call `close`)."""
        ticker = asyncio.create_task(self._tick())
        try:
            while True:  # in batches: waking once per event would cost more than recording it
                await self._drain_once()
                await asyncio.sleep(DRAIN_S)
        finally:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.flush_s)
            await self.flush()

    async def close(self) -> None:
        """Write the 'stop' row and everything pending (files closed cleanly)."""
        self.mark("stop", "recorder stopped")
        if self._inflight is not None:
            await self._inflight
        await self.flush()
