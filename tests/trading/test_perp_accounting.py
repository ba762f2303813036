"""Perpetual accounting through the real client: hedge-mode closes, isolated margin, frozen margin, margin mode.

The clock is frozen so the mark price stays put; every figure is checked to the exact decimal."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from typing import Any

import pytest

from tradewire.core.errors import BadRequest, ExchangeError, InsufficientFunds, OrderRejected, PositionNotFound
from tradewire.sim import Simulator

Both = Any
MMR = D("0.004")
Q8 = D("1E-8")


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    yield


def usdt(bx: Both) -> Any:
    return next(b for b in bx.swap_balance() if b.asset == "USDT")


def last(sim: Simulator, symbol: str) -> D:
    return sim.state.market.last_price(symbol, sim.clock.now_ms())


def long_liquidation(entry: D, amount: D, margin: D) -> D:
    return ((entry * amount - margin) / (amount * (1 - MMR))).quantize(Q8).normalize()


def test_hedge_close_never_opens_the_other_side(bx: Both, sim: Simulator) -> None:
    bx.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("2.0"), position_side="LONG")
    with pytest.raises(OrderRejected) as big:  # closing 3 of a 2 long
        bx.swap_order("SOL-USDT", "SELL", "MARKET", quantity=D("3.0"), position_side="LONG")
    assert big.value.code == 110203
    with pytest.raises(BadRequest) as ro:  # reduceOnly is refused in hedge mode, whatever its size
        bx.swap_order("SOL-USDT", "SELL", "MARKET", quantity=D("1.0"), position_side="LONG", reduce_only=True)
    assert ro.value.code == 109400
    with pytest.raises(PositionNotFound) as none:  # no short to close
        bx.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"), position_side="SHORT")
    assert none.value.code == 101205
    assert [(p.position_side, p.position_amt) for p in bx.positions("SOL-USDT")] == [("LONG", D("2.0"))]
    bx.swap_order("SOL-USDT", "SELL", "MARKET", quantity=D("2.0"), position_side="LONG")
    assert bx.positions("SOL-USDT") == []


def test_isolated_margin_moves_liquidation_and_margins(bx: Both, sim: Simulator) -> None:
    before = usdt(bx)
    pos = next(p for p in bx.positions("BTC-USDT"))  # seeded: LONG 0.0500 @ 64250.5, 10x, isolated
    entry, amount = D("64250.5"), D("0.0500")
    assert (pos.isolated, pos.initial_margin, pos.liquidation_price) == (
        True, D("321.2525"), long_liquidation(entry, amount, D("321.2525")))
    bx.adjust_isolated_margin("BTC-USDT", D("250.5"), 1, position_side="LONG")
    pos = next(p for p in bx.positions("BTC-USDT"))
    assert (pos.initial_margin, pos.max_margin_reduction, pos.liquidation_price) == (
        D("571.7525"), D("250.5000"), long_liquidation(entry, amount, D("571.7525")))
    after = usdt(bx)
    assert (after.balance, after.used_margin, after.available_margin) == (
        before.balance, before.used_margin + D("250.5"), before.available_margin - D("250.5"))
    bx.adjust_isolated_margin("BTC-USDT", D("0.5"), 2, position_id=pos.position_id)
    pos = next(p for p in bx.positions("BTC-USDT"))
    assert (pos.initial_margin, pos.liquidation_price) == (D("571.2525"), long_liquidation(entry, amount,
                                                                                           D("571.2525")))
    assert usdt(bx).available_margin == before.available_margin - 250
    with pytest.raises(InsufficientFunds) as much:
        bx.adjust_isolated_margin("BTC-USDT", before.available_margin, 1, position_side="LONG")
    assert much.value.code == 101206
    # closing half releases half of the added margin
    bx.swap_order("BTC-USDT", "SELL", "MARKET", quantity=D("0.0250"), position_side="LONG")
    pos = next(p for p in bx.positions("BTC-USDT"))
    assert (pos.position_amt, pos.initial_margin, pos.max_margin_reduction) == (
        D("0.0250"), D("285.6262"), D("125.0000"))  # 0.025 * 64250.5 / 10 + 125 = 285.62625, half-even


def test_freezed_margin_is_what_open_orders_hold(bx: Both, sim: Simulator) -> None:
    before = usdt(bx)
    assert before.freezed_margin == 0
    o = bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=D("0.50"), price=D("2000.00"), time_in_force="GTC",
                      position_side="LONG")  # 10x: 0.5 * 2000 / 10 = 100
    bx.swap_order("SOL-USDT", "BUY", "LIMIT", quantity=D("3.0"), price=D("10.000"), time_in_force="GTC",
                  position_side="LONG")  # 3 * 10 / 10 = 3
    held = usdt(bx)
    assert (held.freezed_margin, held.available_margin, held.used_margin, held.balance) == (
        D(103), before.available_margin - 103, before.used_margin, before.balance)
    bx.cancel_swap_order("ETH-USDT", order_id=o.order_id)
    assert usdt(bx).freezed_margin == D(3)


def test_margin_type_agrees_with_positions_and_is_locked(bx: Both, sim: Simulator) -> None:
    btc = next(p for p in bx.positions("BTC-USDT"))
    assert (btc.isolated, bx.margin_type("BTC-USDT")) == (True, "ISOLATED")
    eth = next(p for p in bx.positions("ETH-USDT"))
    assert (eth.isolated, bx.margin_type("ETH-USDT")) == (False, "CROSSED")
    with pytest.raises(ExchangeError) as pos:
        bx.set_margin_type("BTC-USDT", "CROSSED")
    assert pos.value.code == 80001
    bx.set_margin_type("BTC-USDT", "ISOLATED")  # the mode it has: accepted
    o = bx.swap_order("SOL-USDT", "BUY", "LIMIT", quantity=D("1.0"), price=D("10.000"), time_in_force="GTC",
                      position_side="LONG")
    with pytest.raises(ExchangeError) as orders:
        bx.set_margin_type("SOL-USDT", "ISOLATED")
    assert orders.value.code == 80001
    bx.cancel_swap_order("SOL-USDT", order_id=o.order_id)
    bx.set_margin_type("SOL-USDT", "ISOLATED")
    bx.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"), position_side="LONG")
    sol = next(p for p in bx.positions("SOL-USDT"))
    assert (sol.isolated, bx.margin_type("SOL-USDT")) == (True, "ISOLATED")
