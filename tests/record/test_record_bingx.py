"""Record BingX swap from the simulator through the client's own streams; read it back exactly."""

from __future__ import annotations

import asyncio
import contextlib
from decimal import Decimal
from pathlib import Path
from typing import Any

from tradewire.bingx.streams import BingXStreams
from tradewire.bingx.ws_models import IncrDepth, Trade
from tradewire.record.bingx_source import RecordingBook, record_bingx
from tradewire.record.book_at import book_at
from tradewire.record.query import connect
from tradewire.record.recorder import Recorder
from tradewire.sim import Simulator

from .conftest import until

S = "BTC-USDT"


async def _stop(*tasks: asyncio.Task[Any]) -> None:
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_recorded_rows_equal_what_the_client_delivered(sim: Simulator, tmp_path: Path) -> None:
    sim.clock.speed = 0
    rec = Recorder(tmp_path, "bingx", "swap", flush_s=0.2)
    books: list[RecordingBook] = []
    writer = asyncio.create_task(rec.run_writer())
    source = asyncio.create_task(record_bingx(rec.emit, "swap", [S], ["trades", "depth", "ticker", "mark"],
                                              ws_url=sim.bingx_ws_url, snapshot_every_s=0, books=books))
    seen_depth: list[IncrDepth] = []
    seen_trades: list[Trade] = []
    async with BingXStreams(sim.bingx_ws_url) as streams:
        incr, trades = streams.incremental_depth(S), streams.trades(S)
        await incr.wait_active()
        await trades.wait_active()

        async def read(stream: Any, into: list[Any]) -> None:
            async for item in stream:
                if isinstance(item, IncrDepth | Trade):
                    into.append(item)

        readers = [asyncio.create_task(read(incr, seen_depth)), asyncio.create_task(read(trades, seen_trades))]
        await until(lambda: bool(books) and books[0].sync.synced, "recorder book synced")
        await until(lambda: bool(seen_depth), "client snapshot")
        await sim.bingx_ws.step_async(400)
        target = sim.bingx_ws.last_update_id(S)
        await until(lambda: books[0].book.last_update_id == target, "recorder caught up")
        await until(lambda: seen_depth[-1].last_update_id == target, "client caught up")
        await until(lambda: rec.stats.counts[f"{S} trades"] == len(seen_trades) > 0, "same trades seen")
        client_book = books[0].book.top(1000)
        await _stop(*readers)
    await _stop(source, writer)
    await rec.close()

    assert client_book == sim.bingx_ws.book(S)
    con = connect(tmp_path)
    rows = con.execute("SELECT seq, kind, bids, asks, ts_event FROM depth WHERE symbol = ? AND kind = 'update' "
                       "ORDER BY ts_local, filename, file_row_number", [S]).fetchall()
    updates = [m for m in seen_depth if m.action == "update"]
    assert len(rows) == len(updates) >= 300
    for (seq, _kind, bids, asks, ts_event), msg in zip(rows, updates, strict=True):
        assert seq == msg.last_update_id and ts_event == msg.time
        assert [(lv["price"], lv["qty"]) for lv in bids] == [(Decimal(p), Decimal(q)) for p, q in msg.bids]
        assert [(lv["price"], lv["qty"]) for lv in asks] == [(Decimal(p), Decimal(q)) for p, q in msg.asks]
    trade_rows = con.execute("SELECT trade_id, price, qty, side, market FROM trades ORDER BY ts_local, filename, "
                             "file_row_number").fetchall()
    assert trade_rows == [(None if t.trade_id is None else str(t.trade_id), t.price, t.quantity,
                           "sell" if t.buyer_is_maker else "buy", "swap") for t in seen_trades]
    kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY ts_local").fetchall()]
    assert kinds == ["stop"]  # 'start' is the CLI's; no gap, resync or reconnect happened
    assert con.execute("SELECT count(*) FROM ticker").fetchone() is not None
    last_ts = con.execute("SELECT max(ts_local) FROM depth").fetchone()[0]
    con.close()

    rebuilt = book_at(tmp_path, "bingx", S, last_ts)
    assert rebuilt.book.top(1000) == client_book
    assert rebuilt.updates == len(rows)


async def test_a_stale_update_is_a_gap_then_a_resync_and_book_at_refuses_across_it(sim: Simulator,
                                                                                    tmp_path: Path) -> None:
    sim.clock.speed = 0
    rec = Recorder(tmp_path, "bingx", "swap", flush_s=0.2)
    books: list[RecordingBook] = []
    writer = asyncio.create_task(rec.run_writer())
    source = asyncio.create_task(record_bingx(rec.emit, "swap", [S], ["depth"], ws_url=sim.bingx_ws_url,
                                              snapshot_every_s=0, books=books))
    await until(lambda: bool(books) and books[0].sync.synced, "recorder book synced")
    await sim.bingx_ws.step_async(5)
    await until(lambda: books[0].book.last_update_id == sim.bingx_ws.last_update_id(S), "caught up")
    sim.ws_faults.add("stale", symbol=S)
    await sim.bingx_ws.step_async(1)
    await until(lambda: rec.stats.gaps == 1, "gap recorded")
    await until(lambda: books[0].sync.synced, "resynced")
    await sim.bingx_ws.step_async(3)
    await until(lambda: books[0].book.last_update_id == sim.bingx_ws.last_update_id(S), "caught up again")
    client_book = books[0].book.top(1000)
    await _stop(source, writer)
    await rec.close()

    con = connect(tmp_path)
    events = con.execute("SELECT kind, stream, detail, ts_local FROM events ORDER BY ts_local").fetchall()
    assert [e[0] for e in events] == ["gap", "resync", "stop"]
    assert events[0][1] == "depth" and events[0][2].startswith("update id not after the last applied id: update ")
    snaps = con.execute("SELECT ts_local FROM depth WHERE kind = 'snapshot' ORDER BY ts_local").fetchall()
    assert len(snaps) == 2  # the first subscription's and the resync's
    end = con.execute("SELECT max(ts_local) FROM depth").fetchone()[0]
    con.close()
    assert book_at(tmp_path, "bingx", S, end).book.top(1000) == client_book == sim.bingx_ws.book(S)
    import pytest

    from tradewire.record.book_at import BookGap

    with pytest.raises(BookGap, match="a gap lies between"):
        book_at(tmp_path, "bingx", S, snaps[1][0] - 1)
