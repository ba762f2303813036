"""Every order creation, fill and status change of a user publishes one exact `OrderEvent` (spot and swap)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN
from decimal import Decimal as D
from typing import Any

import pytest

from tests.walk import spot_depth, vwap, walk
from tradewire.sim import Simulator
from tradewire.sim.events import Event, OrderEvent
from tradewire.sim.tape import SPACING_MS

Both = Any
Z = D(0)


@pytest.fixture
def seen(sim: Simulator) -> Iterator[list[OrderEvent]]:
    sim.clock.speed = 0
    got: list[OrderEvent] = []
    uid = sim.users[0].uid

    def keep(event: Event) -> None:
        if isinstance(event, OrderEvent) and event.uid == uid:
            got.append(event)

    stop = sim.state.events.subscribe(keep)
    yield got
    stop()


def brief(e: OrderEvent) -> tuple[Any, ...]:
    return (e.execution_type, e.status, e.last_qty, e.last_price, e.filled_qty, e.avg_price, e.fee)


def test_spot_limit_filled_by_the_tape_then_a_cancel(bx: Both, sim: Simulator, seen: list[OrderEvent]) -> None:
    p = spot_depth(bx, "BTC-USDT")[1][0][0] + D("0.50")  # above the best ask: it rests
    o = bx.spot_order("BTC-USDT", "SELL", "LIMIT", quantity=D("0.01"), price=p, time_in_force="GTC",
                      client_order_id="ev_1")
    for _ in range(2000):  # the tape trades up through it within a few prints (bounded)
        if bx.spot_order_info("BTC-USDT", order_id=o.order_id).status == "FILLED":
            break
        sim.clock.advance(SPACING_MS)
        bx.sync_time()  # signed spot calls must carry the simulator's time
    c = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), time_in_force="GTC")
    bx.cancel_spot_order("BTC-USDT", order_id=c.order_id)
    trades, filled, fees = [], Z, Z
    for e in seen[1:-2]:  # each fill at its own price as maker, fees 0.1 % of the USDT received, cut to 1e-8
        filled += e.last_qty
        fees += (e.last_qty * p * D("0.001")).quantize(D("1E-8"), ROUND_DOWN)
        trades.append(("TRADE", "FILLED" if filled == D("0.01") else "PARTIALLY_FILLED", e.last_qty, p, filled, p,
                       -fees))
    assert [brief(e) for e in seen] == [("NEW", "NEW", Z, Z, Z, Z, Z), *trades, ("NEW", "NEW", Z, Z, Z, Z, Z),
                                        ("CANCELED", "CANCELED", Z, Z, Z, Z, Z)]
    assert trades and trades[-1][1] == "FILLED" and all(t[2] > 0 for t in trades)
    mine = bx.spot_fills("BTC-USDT", order_id=o.order_id)
    assert [(f.price, f.qty, f.is_maker) for f in mine] == [(p, t[2], True) for t in trades]
    first, last = seen[0], seen[-1]
    assert (first.market, first.symbol, first.order_id, first.client_order_id, first.side, first.order_type,
            first.position_side, first.qty, first.price, first.fee_asset, first.realized_pnl) == (
        "spot", "BTC-USDT", str(o.order_id), "ev_1", "SELL", "LIMIT", "", D("0.01"), p, "USDT", Z)
    assert (last.order_id, last.side, last.qty, last.price, last.fee_asset) == (
        str(c.order_id), "BUY", D("0.001"), D("60000"), "BTC")


def test_spot_market_by_quote_ends_filled(bx: Both, seen: list[OrderEvent]) -> None:
    spend = spot_depth(bx, "BTC-USDT")[1][0][0] * D("0.001")  # exactly 0.001 BTC at the best ask
    bx.spot_order("BTC-USDT", "BUY", "MARKET", quote_order_qty=spend)
    assert [(e.execution_type, e.status, e.qty, e.filled_qty, e.order_type) for e in seen] == [
        ("NEW", "NEW", Z, Z, "MARKET"), ("TRADE", "FILLED", D("0.001"), D("0.001"), "MARKET")]


def test_swap_limit_cancel_and_market_fill(bx: Both, sim: Simulator, seen: list[OrderEvent]) -> None:
    rest = bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=D("0.10"), price=D("3000.00"), time_in_force="GTC",
                         position_side="LONG", client_order_id="Ev2")
    bx.cancel_swap_order("ETH-USDT", order_id=rest.order_id)
    fills = walk(bx.depth("ETH-USDT", 20).asks, D("0.50"))  # the MARKET order walks the asks: one event per level
    bx.swap_order("ETH-USDT", "BUY", "MARKET", quantity=D("0.50"), position_side="SHORT")  # closes part of 1.50
    expected: list[tuple[Any, ...]] = [
        ("NEW", "NEW", Z, Z, Z, Z, Z), ("CANCELED", "CANCELED", Z, Z, Z, Z, Z), ("NEW", "NEW", Z, Z, Z, Z, Z)]
    done, fee, pnl = Z, Z, Z
    for price, qty in fills:
        done, fee, pnl = done + qty, fee - price * qty * D("0.0005"), pnl + (D("3310.25") - price) * qty
        expected.append(("TRADE", "FILLED" if done == D("0.50") else "PARTIALLY_FILLED", qty, price, done, fee, pnl))
    assert [(e.execution_type, e.status, e.last_qty, e.last_price, e.filled_qty, e.fee, e.realized_pnl)
            for e in seen] == expected
    e = seen[0]
    assert (e.market, e.order_id, e.client_order_id, e.order_type, e.position_side, e.qty, e.price, e.fee_asset) == (
        "swap", str(rest.order_id), "ev2", "LIMIT", "LONG", D("0.10"), D("3000.00"), "USDT")
    assert (seen[-1].position_side, seen[-1].avg_price) == ("SHORT", vwap(fills))
