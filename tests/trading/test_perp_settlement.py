"""Funding and liquidation through the real client: the clock jumps, the simulator settles lazily, and every
ledger move, income row and balance figure is checked to the exact decimal (money is never made or lost)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from typing import Any

import pytest

from tests.both import make_both
from tradewire.sim import Simulator
from tradewire.sim.tape import SPACING_MS

Both = Any
PERP = "USDTMPerp"
MMR = D("0.004")
Q8 = D("1E-8")


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    yield


def mark(sim: Simulator, symbol: str, at: int) -> D:
    return sim.state.market.mark_price(symbol, at)


def fee_of(sim: Simulator, symbol: str, amount: D, long: bool, at: int) -> D:
    """What the holder receives at funding time ``at`` (longs pay when the rate is positive)."""
    fee = (amount * mark(sim, symbol, at) * sim.state.market.funding_rate(symbol, at)).quantize(Q8)
    return -fee if long else fee


def jump_to(sim: Simulator, at: int) -> None:
    sim.clock.advance(at - sim.clock.now_ms())


def test_funding_settles_at_each_funding_time(bx: Both, sim: Simulator) -> None:
    uid, market = sim.users[0].uid, sim.state.market
    start = sim.clock.now_ms()
    first = market.next_funding_time(start)
    bx.swap_balance()  # settles up to now: nothing is due
    total, wallet = sim.ledger.total("USDT"), sim.ledger.balance(uid, PERP, "USDT")
    btc_margin = next(p for p in bx.positions("BTC-USDT")).initial_margin
    jump_to(sim, first + 8 * 3_600_000 + 1000)  # past two funding times
    rows = bx.income(income_type="FUNDING_FEE", start_time=first)
    expected = []
    for at in (first, first + 8 * 3_600_000):
        expected += [("BTC-USDT", fee_of(sim, "BTC-USDT", D("0.0500"), True, at), at),
                     ("ETH-USDT", fee_of(sim, "ETH-USDT", D("1.50"), False, at), at)]
    assert [(r.symbol, r.income, r.time) for r in rows] == expected
    paid = sum((e[1] for e in expected), D(0))
    assert sim.ledger.balance(uid, PERP, "USDT") == wallet + paid
    assert sim.ledger.total("USDT") == total  # the house is the counterparty
    usdt = next(b for b in bx.swap_balance() if b.asset == "USDT")
    assert usdt.balance == (wallet + paid).quantize(D("0.0001"))
    # the isolated BTC long pays its funding out of its margin
    btc_paid = expected[0][1] + expected[2][1]
    assert next(p for p in bx.positions("BTC-USDT")).initial_margin == (btc_margin + btc_paid).quantize(D("0.0001"))
    bx.swap_balance()  # a second read settles nothing twice
    assert len(bx.income(income_type="FUNDING_FEE", start_time=first)) == 4


def _first_cross(sim: Simulator, symbol: str, start: int, up: D, down: D, horizon_ms: int) -> tuple[int, str]:
    """The first tape time after ``start`` the price reaches ``up`` ("up") or ``down`` ("down")."""
    for t in range(start + SPACING_MS, start + horizon_ms, SPACING_MS):  # bounded: one read per tape trade
        price = mark(sim, symbol, t)
        if price >= up or price <= down:
            return t, "up" if price >= up else "down"
    raise AssertionError("the tape did not move 0.45 % in 8 h")


@pytest.fixture
def small(sim: Simulator) -> Iterator[Both]:
    """The second user (250 USDT in the perpetual account, no positions), through the sync client."""
    user = sim.users[1]
    yield from make_both("sync", api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url,
                         rate_limits=False)


def test_liquidation_closes_at_the_liquidation_price(small: Both, sim: Simulator) -> None:
    uid, market = sim.users[1].uid, sim.state.market
    jump_to(sim, market.next_funding_time(sim.clock.now_ms()) + 1000)  # a whole funding period ahead
    now = sim.clock.now_ms()
    p0 = mark(sim, "BTC-USDT", now)
    when, way = _first_cross(sim, "BTC-USDT", now, p0 * D("1.0045"), p0 * D("0.9955"), 8 * 3_600_000 - 2000)
    side, pos_side = ("SELL", "SHORT") if way == "up" else ("BUY", "LONG")
    small.set_margin_type("BTC-USDT", "ISOLATED")
    small.set_leverage("BTC-USDT", pos_side, 125)
    total, wallet = sim.ledger.total("USDT"), sim.ledger.balance(uid, PERP, "USDT")
    small.swap_order("BTC-USDT", side, "MARKET", quantity=D("0.0300"), position_side=pos_side)
    pos = next(p for p in small.positions("BTC-USDT"))
    entry, amount = pos.avg_price, D("0.0300")
    fee = entry * amount * D("0.0005")
    margin = entry * amount / 125
    if pos_side == "LONG":
        liq = ((entry * amount - margin) / (amount * (1 - MMR))).quantize(Q8).normalize()
    else:
        liq = ((entry * amount + margin) / (amount * (1 + MMR))).quantize(Q8).normalize()
    assert pos.liquidation_price == liq
    # the first tape time the mark crosses the liquidation price
    crossed = next(t for t in range(now, when + 1, SPACING_MS) if (
        mark(sim, "BTC-USDT", t) <= liq if pos_side == "LONG" else mark(sim, "BTC-USDT", t) >= liq))
    jump_to(sim, crossed - SPACING_MS)
    assert len(small.positions("BTC-USDT")) == 1  # not yet
    jump_to(sim, crossed)
    assert small.positions("BTC-USDT") == []
    pnl = (liq - entry) * amount * (1 if pos_side == "LONG" else -1)
    clear = (amount * liq * MMR).quantize(Q8)
    assert sim.ledger.balance(uid, PERP, "USDT") == wallet - fee + pnl - clear
    assert sim.ledger.balance(uid, PERP, "USDT") >= 0 and sim.ledger.total("USDT") == total
    rows = [(r.income_type, r.income) for r in small.income(start_time=now)]
    assert rows == [("TRADING_FEE", -fee), ("REALIZED_PNL", pnl), ("INSURANCE_CLEAR", -clear)]
    liquidated = small.swap_order_history("BTC-USDT")[-1]
    assert (liquidated.client_order_id, liquidated.status, liquidated.avg_price, liquidated.executed_qty) == (
        "liquidation", "FILLED", liq, amount)
    usdt = next(b for b in small.swap_balance() if b.asset == "USDT")
    assert (usdt.used_margin, usdt.freezed_margin) == (0, 0)
