"""Record Binance spot from the simulator: a dropped diff frame is a gap, a REST snapshot resyncs the book."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tradewire.binance.aclient import AsyncBinance
from tradewire.record.binance_source import BinanceRecorder
from tradewire.record.book_at import BookGap, book_at
from tradewire.record.query import connect
from tradewire.record.recorder import Recorder
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.clock import SimClock
from tradewire.sim.tape import SPACING_MS

from .conftest import until

S = "BTCUSDT"


@pytest.fixture
def bsim() -> Iterator[BinanceSim]:
    clock = SimClock()
    clock.speed = 0  # the tape (so the book) moves only when a test moves the clock
    with BinanceSim(clock=clock) as simulator:
        yield simulator


async def _tape(bsim: BinanceSim, steps: int) -> None:
    """Play the tape one print per step (bounded): the house re-quotes the spot book, a diff event each."""
    for _ in range(steps):
        bsim.run(lambda: bsim.exchange.clock.advance(SPACING_MS))
        await asyncio.sleep(0.12)  # past the simulator's 100 ms flush (not a bound)


async def test_dropped_diff_is_a_gap_and_the_book_resyncs_from_a_snapshot(bsim: BinanceSim, tmp_path: Path) -> None:
    rec = Recorder(tmp_path, "binance", "spot", flush_s=0.2)
    async with AsyncBinance(base_url=bsim.url, ws_url=bsim.ws_url) as client:
        recorder = BinanceRecorder(client, "spot", [S], ["trades", "depth", "ticker"], rec, snapshot_every_s=0)
        writer = asyncio.create_task(rec.run_writer())
        source = asyncio.create_task(recorder.run())
        sync = recorder.books[S].sync
        tape = asyncio.create_task(_tape(bsim, 2000))
        await until(lambda: sync.synced and rec.stats.counts[f"{S} depth"] > 20, "synced with updates")
        bsim.exchange.depth_gaps[S] = 1  # the simulator drops the next diff event
        await until(lambda: rec.stats.gaps == 1, "gap recorded")
        await until(lambda: sync.synced and rec.stats.counts[f"{S} depth"] > 60, "resynced with updates")
        tape.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await tape
        final: list[tuple[int, object, object]] = []
        bsim.run(lambda: final.append(bsim.exchange.engine.depth(S, 5000)))
        uid = final[0][0]
        await until(lambda: sync.last_u == uid, "caught up")
        client_book = sync.book.top(5000)
        for task in (source, writer):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await rec.close()

    con = connect(tmp_path)
    events = con.execute("SELECT kind, detail, ts_local FROM events WHERE symbol = ? ORDER BY ts_local",
                         [S]).fetchall()
    kinds = [e[0] for e in events]
    assert kinds[:3] == ["resync", "gap", "resync"], events
    assert events[1][1].startswith("expected U=") and ", got U=" in events[1][1]
    gap_at = events[1][2]
    snaps = con.execute("SELECT ts_local, seq FROM depth WHERE kind = 'snapshot' ORDER BY ts_local").fetchall()
    assert len(snaps) == 2 and snaps[1][0] > gap_at
    prices = con.execute("SELECT price, qty, side, trade_id = CAST(seq AS VARCHAR) FROM trades").fetchall()
    assert all(isinstance(p, Decimal) and isinstance(q, Decimal) and side in ("buy", "sell") and same
               for p, q, side, same in prices)
    end = con.execute("SELECT max(ts_local) FROM depth").fetchone()[0]
    con.close()

    rebuilt = book_at(tmp_path, "binance", S, end)
    assert rebuilt.book.last_update_id == uid
    assert rebuilt.book.top(5000) == client_book
    with pytest.raises(BookGap, match="a gap lies between the snapshot and that instant: expected U="):
        book_at(tmp_path, "binance", S, snaps[1][0] - 1)


async def test_futures_depth_gap_by_pu_and_mark_prices(bsim: BinanceSim, tmp_path: Path) -> None:
    rec = Recorder(tmp_path, "binance", "futures", flush_s=0.2)
    front = bsim.streams.futures
    assert front is not None
    async with AsyncBinance(base_url=bsim.url, futures_url=bsim.url, ws_url=bsim.ws_url,
                            futures_ws_url=bsim.fws_url) as client:
        recorder = BinanceRecorder(client, "futures", [S], ["depth", "mark"], rec, snapshot_every_s=0)
        writer = asyncio.create_task(rec.run_writer())
        source = asyncio.create_task(recorder.run())
        sync = recorder.books[S].sync

        async def churn(first: int, n: int) -> None:
            for i in range(first, first + n):  # bounded: one resting bid per step, each a book change
                bsim.run(lambda p=Decimal(64000) - i: bsim.exchange.futures.engine.house_order(
                    S, "BUY", p, Decimal("0.001")))
                await asyncio.sleep(0.12)  # past the simulator's 100 ms flush: a diff event each (not a bound)

        await until(lambda: sync.synced, "synced")
        await churn(0, 20)
        await until(lambda: rec.stats.counts[f"{S} depth"] >= 8, "updates recorded")
        bsim.run(lambda: front.gaps.__setitem__(S, 1))
        await churn(20, 20)
        await until(lambda: rec.stats.gaps == 1 and sync.synced, "gap and resync")
        await churn(40, 10)
        await until(lambda: rec.stats.counts[f"{S} mark"] >= 2, "mark prices")
        for task in (source, writer):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await rec.close()

    con = connect(tmp_path)
    gap = con.execute("SELECT detail FROM events WHERE kind = 'gap'").fetchall()
    assert len(gap) == 1 and gap[0][0].startswith("expected pu=") and ", got pu=" in gap[0][0]
    chained = con.execute("SELECT count(*) FROM depth WHERE kind = 'update' AND prev_id IS NOT NULL AND "
                          "market = 'futures'").fetchone()[0]
    assert chained >= 8
    marks = con.execute("SELECT mark_price, index_price, funding_rate, next_funding_time FROM mark").fetchall()
    rate = bsim.exchange.tapes.market.funding_rate  # the rate the tape sets for the funding at t
    assert marks and all(isinstance(m, Decimal) and r == Decimal(f"{rate(S, t):.8f}") and t % 28_800_000 == 0
                         for m, _i, r, t in marks)
    con.close()
