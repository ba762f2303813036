"""Record the simulator with `tradewire record` (bounded), replay that dataset with `Simulator(replay=...)`, and
check that the replayed streams equal the recorded ones event for event: book messages (ids, actions, levels)
and trades (ids, prices, sizes, sides), for BingX perpetual and Binance spot."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tradewire.bingx.streams import BingXStreams
from tradewire.bingx.ws_models import IncrDepth, Trade
from tradewire.cli.app import app
from tradewire.sim import Simulator
from tradewire.sim.replay import Replay, ReplayMarket

pytest.importorskip("pyarrow")
query = pytest.importorskip("tradewire.record.query")

BOUND_S = 60.0  # float ok: seconds; bounds a hang, never paces a test
Levels = list[tuple[Decimal, Decimal]]


def record(sim: Simulator, tmp: Path, venue: str, symbol: str, rest_url: str, count: int) -> Path:
    """`tradewire --env sim [--venue binance] record` of depth and trades into ``tmp/data``, ``count`` rows."""
    out = tmp / "data"
    env = {"BINGX_API_KEY": None, "BINGX_SECRET_KEY": None, "BINANCE_API_KEY": None, "BINANCE_SECRET_KEY": None,
           "TRADEWIRE_BASE_URL": rest_url, "TRADEWIRE_CONFIG": str(tmp / "absent.toml"),
           "TRADEWIRE_SIM_DIR": str(tmp / "sim-state"), "TZ": "UTC"}
    result = CliRunner().invoke(app, ["--env", "sim", "--venue", venue, "record", "--symbols", symbol, "--channels",
                                      "depth,trades", "--out", str(out), "--flush", "500ms", "--count", str(count),
                                      "--seconds", "120"], env=env)
    assert result.exit_code == 0, result.output
    assert "(0 gaps, 0 dropped)" in result.output.replace("\n", ""), result.output
    return out


def recorded(root: Path, symbol: str, after: int = 0) -> tuple[list[tuple[str, int | None, int, Levels, Levels]],
                                                               list[tuple[str, Decimal, Decimal, str]]]:
    """(kind, first id, id, bids, asks) of every depth row and (id, price, qty, taker side) of every trade, in
    replay order, received after the millisecond ``after`` (what happened in the replay's first millisecond is
    the state a subscriber joins into, not a push)."""
    con = query.connect(root)
    since = (after + 1) * 1_000_000
    try:
        depth = con.execute("SELECT kind, first_id, seq, bids, asks FROM depth WHERE symbol = ? AND ts_local >= ? "
                            "ORDER BY ts_local, filename, file_row_number", [symbol, since]).fetchall()
        trades = con.execute("SELECT trade_id, price, qty, side FROM trades WHERE symbol = ? AND ts_local >= ? "
                             "ORDER BY ts_local, filename, file_row_number", [symbol, since]).fetchall()
    finally:
        con.close()

    def levels(rows: list[dict[str, Decimal]]) -> Levels:
        return [(r["price"].normalize(), r["qty"].normalize()) for r in rows]

    return ([(k, f, s, levels(b), levels(a)) for k, f, s, b, a in depth],
            [(i, p.normalize(), q.normalize(), side) for i, p, q, side in trades])


def _levels(rows: list[tuple[str, str]]) -> Levels:
    return [(Decimal(p).normalize(), Decimal(q).normalize()) for p, q in rows]


async def until(cond: Callable[[], bool], what: Callable[[], str]) -> None:
    deadline = time.monotonic() + BOUND_S
    while not cond():
        assert time.monotonic() < deadline, f"not met in {BOUND_S} s: {what()}"
        await asyncio.sleep(0.01)


def test_bingx_replay_equals_the_recording(tmp_path: Path) -> None:
    symbol = "BTC-USDT"
    with Simulator(rate_limits=False) as live:  # the CLI runs its own event loop: this test has none
        live.clock.speed = 20
        root = record(live, tmp_path, "bingx", symbol, live.bingx_url, 150)
    depth, trades = recorded(root, symbol)
    assert depth[0][0] == "snapshot" and len(depth) > 20 and trades
    with Simulator(rate_limits=False, replay=Replay(root, speed=0)) as sim:
        books, prints = asyncio.run(_replay_bingx(sim, symbol, len(depth), len(trades)))
    assert [("snapshot" if m.action == "all" else "update", m.last_update_id) for m in books] == [
        (k, i) for k, _, i, _, _ in depth]
    for m, (kind, _, _, bids, asks) in zip(books, depth, strict=True):
        if kind == "snapshot":  # the replay sends the book it holds, best first
            assert (sorted(_levels(m.bids)), sorted(_levels(m.asks))) == (sorted(bids), sorted(asks))
        else:  # an update: the recorded levels, as recorded
            assert (_levels(m.bids), _levels(m.asks)) == (bids, asks)
    # the simulated perpetual's trade frame carries no trade id: none recorded, none replayed
    assert [(None if t.trade_id is None else str(t.trade_id), t.price.normalize(), t.quantity.normalize(),
             "sell" if t.buyer_is_maker else "buy") for t in prints] == trades


async def _replay_bingx(sim: Simulator, symbol: str, n_depth: int, n_trades: int) -> tuple[list[IncrDepth],
                                                                                           list[Trade]]:
    """Subscribe at the replay's first instant, run the clock to its end, read every book message and trade."""
    books: list[IncrDepth] = []
    prints: list[Trade] = []
    async with BingXStreams(sim.bingx_ws_url) as streams:
        incr, tape = streams.incremental_depth(symbol), streams.trades(symbol)
        await incr.wait_active()
        await tape.wait_active()

        async def read(stream: Any, kind: type, into: list[Any]) -> None:
            async for item in stream:
                if isinstance(item, kind):
                    into.append(item)

        readers = [asyncio.create_task(read(incr, IncrDepth, books)), asyncio.create_task(read(tape, Trade, prints))]
        try:
            await sim.bingx_ws.step_async(1, replay_end(sim) - sim.clock.now_ms())
            await until(lambda: len(books) >= n_depth and len(prints) >= n_trades,
                        lambda: f"{len(books)}/{n_depth} book messages, {len(prints)}/{n_trades} trades")
        finally:
            for task in readers:
                task.cancel()
    return books, prints


def replay_end(sim: Simulator) -> int:
    """The last recorded instant (ms)."""
    market = sim.state.market
    assert isinstance(market, ReplayMarket)
    return market.recording.end


def test_binance_replay_equals_the_recording(tmp_path: Path) -> None:
    symbol = "BTCUSDT"
    with Simulator(rate_limits=False) as live:
        live.clock.speed = 20  # the tapes trade and the house re-quotes as the clock runs
        root = record(live, tmp_path, "binance", symbol, live.binance_url, 150)
    assert recorded(root, symbol)[0][0][0] == "snapshot"
    with Simulator(rate_limits=False, replay=Replay(root, speed=0)) as sim:
        depth, trades = recorded(root, symbol, sim.clock.now_ms())
        updates = [(f, i, b, a) for k, f, i, b, a in depth if k == "update"]
        assert len(updates) > 5 and trades
        events = asyncio.run(_replay_binance(sim, symbol, len(updates), len(trades)))
    diffs = [e for e in events if e["e"] == "depthUpdate"]
    assert [(e["U"], e["u"], _levels(e["b"]), _levels(e["a"])) for e in diffs] == updates
    assert [(str(e["t"]), Decimal(e["p"]).normalize(), Decimal(e["q"]).normalize(), "sell" if e["m"] else "buy")
            for e in events if e["e"] == "trade"] == trades


async def _replay_binance(sim: Simulator, symbol: str, n_updates: int, n_trades: int) -> list[dict[str, Any]]:
    """Subscribe to the diff-depth and trade streams at the replay's first instant, run the clock to the end."""
    import aiohttp

    s = symbol.lower()
    names = (f"{s}@depth@100ms", f"{s}@trade")
    events: list[dict[str, Any]] = []
    front = sim.binance.streams
    async with aiohttp.ClientSession() as session, session.ws_connect(
            f"{sim.binance_ws_url}/stream?streams={'/'.join(names)}") as ws:
        await until(lambda: any(names[1] in c.streams for c in list(front.conns)), lambda: "subscribed")
        sim.clock.advance(replay_end(sim) - sim.clock.now_ms())

        diffs = trades = 0
        async with asyncio.timeout(BOUND_S):
            while diffs < n_updates or trades < n_trades:
                event = (await ws.receive_json())["data"]
                events.append(event)
                diffs += event["e"] == "depthUpdate"
                trades += event["e"] == "trade"
    return events
