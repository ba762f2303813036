"""Snapshots, checked through behaviour: what a client saw before a restart it sees after it."""

from __future__ import annotations

import asyncio
import json
import os
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest

from tradewire import Binance, BingX
from tradewire.sim import Simulator, persist
from tradewire.sim.persist import IncompatibleSnapshot

D = Decimal
DAY_MS = 86_400_000


def _bingx(sim: Simulator) -> BingX:
    return BingX(sim.DEMO_API_KEY, sim.DEMO_SECRET_KEY, base_url=sim.bingx_url)


def _binance(sim: Simulator) -> Binance:
    return Binance(sim.DEMO_API_KEY, sim.DEMO_SECRET_KEY, base_url=sim.binance_url)


def _account(sim: Simulator) -> list[object]:
    """What a user would check after a restart, read over the wire, whole."""
    with _bingx(sim) as bx, _binance(sim) as bn:
        return [bx.swap_balance(), bx.spot_balance(), bx.fund_balance(), bx.spot_open_orders(), bx.swap_open_orders(),
                bx.positions(), bx.transfer_history("FUND_PFUTURES"), bn.open_orders(), bn.account()]


def test_orders_balances_positions_and_clock_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with Simulator(rate_limits=False) as sim:
        sim.clock.speed = 0  # time holds still: the restored venue must answer exactly as it did
        sim.clock.advance(3 * DAY_MS)  # days ahead of the wall clock, which a restart must not fall back to
        with _bingx(sim) as bx, _binance(sim) as bn:
            spot = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("50000"),
                                 time_in_force="GTC")
            bx.swap_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("50000"), position_side="LONG",
                          time_in_force="GTC")
            bx.swap_order("ETH-USDT", "BUY", "MARKET", quantity=D("0.1"), position_side="LONG")
            bx.transfer("USDT", D("25"), type="FUND_PFUTURES")
            bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), time_in_force="GTC")
            key = bx.create_listen_key()
            server_ms = bx.server_time()
        before = _account(sim)
        assert sim.snapshot(path) == path.stat().st_size
    assert [len(before[i]) for i in (3, 4, 7)] == [1, 1, 1]  # type: ignore[arg-type]  # one open order each

    with Simulator.restore(path) as again:
        assert again.clock.speed == 0
        with _bingx(again) as bx:
            assert bx.server_time() == server_ms
            bx.extend_listen_key(key)  # still known: an unknown key is refused
        assert _account(again) == before
        with _bingx(again) as bx:  # and it goes on: the order cancels, its money comes back
            bx.cancel_spot_order("BTC-USDT", order_id=spot.order_id)
            assert bx.spot_open_orders() == []
            assert bx.spot_balance() != before[1]


def test_a_restored_simulator_starts_without_faults(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with Simulator() as sim:
        sim.faults.add("status", path="/openApi/swap/v2/server/time", status=503, count=5)
        sim.snapshot(path)
    with Simulator.restore(path) as again, _bingx(again) as bx:
        assert bx.server_time() > 0


async def test_a_stream_open_at_snapshot_time_is_left_out_and_its_key_serves_a_new_one(tmp_path: Path) -> None:
    """A websocket cannot outlive its process: the snapshot leaves it out, the restored venue pushes to the
    connections opened after it, under the same listen key."""
    path = tmp_path / "state"
    with Simulator() as sim, _binance(sim) as bn:
        key = bn.create_listen_key()
        async with aiohttp.ClientSession() as http, http.ws_connect(f"{sim.binance_ws_url}/ws/{key}"):
            await asyncio.to_thread(sim.snapshot, path)
    with Simulator.restore(path) as again, _binance(again) as bn:
        async with aiohttp.ClientSession() as http, http.ws_connect(f"{again.binance_ws_url}/ws/{key}") as ws:
            placed = await asyncio.to_thread(bn.new_order, "BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"),
                                             price=D("60000"), time_in_force="GTC")
            async with asyncio.timeout(60):
                while True:
                    event = json.loads((await ws.receive()).data)
                    if event.get("e") == "executionReport":
                        break
    assert (event["i"], event["X"]) == (int(placed.order_id), "NEW")


def test_a_snapshot_of_another_build_or_garbage_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with Simulator() as sim:
        sim.snapshot(path)
    data = path.read_bytes()
    header = persist.MAGIC + persist.build_id().encode()
    assert data.startswith(header)
    other = tmp_path / "other"
    other.write_bytes(persist.MAGIC + b"0123456789abcdef" + data[len(header):])
    with pytest.raises(IncompatibleSnapshot, match="another version"):
        Simulator.restore(other)
    other.write_bytes(data[: len(data) // 2])  # what a torn write would leave (the atomic write never does)
    with pytest.raises(IncompatibleSnapshot, match="unreadable"):
        Simulator.restore(other)
    other.write_bytes(b"{}")
    with pytest.raises(IncompatibleSnapshot, match="not a tradewire simulator snapshot"):
        Simulator.restore(other)


def test_a_failed_write_keeps_the_previous_snapshot_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "state"
    persist.write_atomic(path, b"old snapshot")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        persist.write_atomic(path, b"new snapshot")
    assert path.read_bytes() == b"old snapshot"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state"]  # no temporary file left behind
