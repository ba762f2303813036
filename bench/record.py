"""Recording overhead: the client's ``@incrDepth`` book with and without `tradewire record`, side by side.

    python bench/record.py [--frames 20000] [--pairs 3]

A BingX-speaking server in a child process (`ws_depth.serve`, the second core) streams pre-compressed
incrDepth frames (a snapshot, then updates of 20+20 levels) as fast as the socket takes them. In this process:

- client: `BingXStreams.order_book` (receive, inflate, decode, sync, apply), nothing recorded;
- client + record: the same frames through `RecordingBook` (the client's book plus a normalized Depth row per
  push) into a `Recorder` writing the Parquet dataset (flush every 1 s, the final flush included).

Per row: messages/s and process CPU microseconds per message (the server's CPU is not counted), the median
of ``--pairs`` alternating runs; the overhead is CPU per message with recording over without. Then the
dataset size per million book updates. Bounded: each run stops at its last frame or after 60 s.

Closing note (2 shared cores, 8 helpers running; 20,000 frames, 3 pairs): client book 9,083 msg/s at 43.3 CPU
us/msg; with recording 2,972 msg/s at 127.7 us/msg: +195% CPU, the < 10% target is NOT met. Where it goes
(thread CPU clocks): the writer thread about 36 us/msg (building the decimal128 columns, Arrow's exact
string-to-decimal cast included, about 25; the zstd Parquet write about 11, dictionary pages off: 3x faster
than pyarrow's default), the event loop about 58 us/msg more (queue put, batch drain, column appends,
counters, garbage collection). Recording keeps up with every frame (none dropped). Dataset: 318 bytes per
update of 20+20 levels, 318 MB per million book updates.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ws_depth import FIRST_ID, SYMBOL, serve

DEADLINE = 60.0  # float ok: seconds


async def client_only(url: str, n: int) -> tuple[float, float]:  # float ok: msg/s, us/msg
    """The client's book alone: (messages/s, CPU us per message)."""
    from tradewire.bingx.streams import BingXStreams
    from tradewire.core.book import OrderBook

    last_id = FIRST_ID + n - 1
    async with BingXStreams(url) as streams:
        wall, cpu = time.perf_counter(), time.process_time()
        async with asyncio.timeout(DEADLINE):
            async for item in streams.order_book(SYMBOL):
                if isinstance(item, OrderBook) and item.last_update_id == last_id:
                    break
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return n / wall, cpu / n * 1e6


async def with_recording(url: str, n: int, root: Path) -> tuple[float, float, int]:  # float ok
    """The client's book plus the recorder: (messages/s, CPU us per message, rows written)."""
    from tradewire.bingx.streams import BingXStreams
    from tradewire.record.bingx_source import RecordingBook
    from tradewire.record.recorder import Recorder

    last_id = FIRST_ID + n - 1
    rec = Recorder(root, "bingx", "swap", flush_s=1.0, queue_size=1_000_000)
    async with BingXStreams(url) as streams:
        wall, cpu = time.perf_counter(), time.process_time()
        writer = asyncio.create_task(rec.run_writer())
        book = RecordingBook(streams.engine, f"{SYMBOL}@incrDepth", "swap", SYMBOL, rec.emit)
        async with asyncio.timeout(DEADLINE):
            async for item in book:
                if item is book.book and book.book.last_update_id == last_id:
                    break
        writer.cancel()
        await asyncio.gather(writer, return_exceptions=True)
        await rec.close()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return n / wall, cpu / n * 1e6, rec.writer.rows_written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    n = args.frames

    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    server = ctx.Process(target=serve, args=(child, n), daemon=True)
    server.start()
    url = f"ws://127.0.0.1:{parent.recv()}/swap-market"
    plain: list[tuple[float, float]] = []  # float ok
    recorded: list[tuple[float, float]] = []  # float ok
    size = rows = 0
    try:
        for _ in range(args.pairs):
            plain.append(asyncio.run(client_only(url, n)))
            with tempfile.TemporaryDirectory() as tmp:
                rate, us, rows = asyncio.run(with_recording(url, n, Path(tmp)))
                recorded.append((rate, us))
                size = sum(p.stat().st_size for p in Path(tmp).rglob("*.parquet"))
    finally:
        parent.close()
        server.join(5)
        if server.is_alive():
            server.kill()
    p_rate, p_us = statistics.median(r for r, _ in plain), statistics.median(u for _, u in plain)
    r_rate, r_us = statistics.median(r for r, _ in recorded), statistics.median(u for _, u in recorded)
    print(f"BingX @incrDepth, {n} frames of 20+20 levels per run, median of {args.pairs} alternating pairs")
    print(f"{'pipeline':34}{'msg/s':>10}{'CPU us/msg':>12}")
    print(f"{'client book':34}{p_rate:>10,.0f}{p_us:>12.1f}")
    print(f"{'client book + record (Parquet)':34}{r_rate:>10,.0f}{r_us:>12.1f}")
    print(f"CPU overhead of recording: {(r_us / p_us - 1) * 100:+.0f}% (target < 10%)")
    print(f"dataset: {rows} rows, {size / 1e6:.2f} MB zstd Parquet = {size / max(rows, 1):.0f} bytes/update, "
          f"{size / max(rows, 1):.0f} MB per million book updates of 40 levels")


if __name__ == "__main__":
    main()
