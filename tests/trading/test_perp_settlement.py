"""Funding and liquidation through the real client: the clock jumps, the simulator settles lazily, and every
ledger move, income row and balance figure is checked to the exact decimal (money is never made or lost)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN
from decimal import Decimal as D
from typing import Any

import pytest

from tests.both import make_both
from tests.walk import walk
from tradewire.sim import Simulator
from tradewire.sim.tape import SPACING_MS

from .crossing import mark, moving_period

Both = Any
PERP = "USDTMPerp"
MMR = D("0.004")
Q8 = D("1E-8")


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    yield


def fee_of(sim: Simulator, symbol: str, amount: D, long: bool, at: int) -> D:
    """What the holder receives at funding time ``at`` (longs pay when the rate is positive), rounded half-even
    whatever this thread's decimal context says."""
    fee = (amount * mark(sim, symbol, at) * sim.state.market.funding_rate(symbol, at)).quantize(
        Q8, rounding=ROUND_HALF_EVEN)
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


@pytest.fixture
def small(sim: Simulator) -> Iterator[Both]:
    """The second user (250 USDT in the perpetual account, no positions), through the sync client."""
    user = sim.users[1]
    yield from make_both("sync", api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url,
                         rate_limits=False)


def test_liquidation_closes_at_the_liquidation_price(small: Both, sim: Simulator) -> None:
    uid = sim.users[1].uid
    # a funding period in which BTC moves 0.45 % (at 125x the mark crosses the liquidation price)
    now, when, way = moving_period(sim, "BTC-USDT", D("0.0045"), SPACING_MS, 0)
    jump_to(sim, now)
    side, pos_side = ("SELL", "SHORT") if way == "up" else ("BUY", "LONG")
    small.set_margin_type("BTC-USDT", "ISOLATED")
    small.set_leverage("BTC-USDT", pos_side, 125)
    total, wallet = sim.ledger.total("USDT"), sim.ledger.balance(uid, PERP, "USDT")
    book = small.depth("BTC-USDT", 20)
    small.swap_order("BTC-USDT", side, "MARKET", quantity=D("0.0300"), position_side=pos_side)
    fees = [-p * q * D("0.0005") for p, q in walk(book.asks if side == "BUY" else book.bids, D("0.0300"))]
    pos = next(p for p in small.positions("BTC-USDT"))
    entry, amount = pos.avg_price, D("0.0300")
    fee = -sum(fees, D(0))
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
    assert rows == [*(("TRADING_FEE", f) for f in fees), ("REALIZED_PNL", pnl), ("INSURANCE_CLEAR", -clear)]
    liquidated = small.swap_order_history("BTC-USDT")[-1]
    assert (liquidated.client_order_id, liquidated.status, liquidated.avg_price, liquidated.executed_qty) == (
        "liquidation", "FILLED", liq, amount)
    usdt = next(b for b in small.swap_balance() if b.asset == "USDT")
    assert (usdt.used_margin, usdt.freezed_margin) == (0, 0)


def test_reconciliation_after_opens_closes_margin_liquidation_and_funding(small: Both, sim: Simulator) -> None:
    """Every user figure by hand, through tradewire and ccxt; the ledger total never moves."""
    ccxt = pytest.importorskip("ccxt")
    uid, market = sim.users[1].uid, sim.state.market
    # a funding period in which BTC moves 0.6 % after the first 30 s, a minute before the period ends
    t0, when, way = moving_period(sim, "BTC-USDT", D("0.006"), 30_000, 60_000)
    jump_to(sim, t0)
    small.swap_balance()  # the house is seeded on first use
    total = sim.ledger.total("USDT")
    side, pos_side, sign = ("SELL", "SHORT", -1) if way == "up" else ("BUY", "LONG", 1)
    small.set_margin_type("BTC-USDT", "ISOLATED")
    small.set_leverage("BTC-USDT", pos_side, 125)
    taker = D("0.0005")
    # market orders walk the book: the fills are what the depth shows at the time
    sol_open = walk(small.depth("SOL-USDT", 20).asks, D("1.0"))
    small.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"), position_side="LONG")  # cross, 10x
    btc_book = small.depth("BTC-USDT", 20)
    btc_open = walk(btc_book.asks if side == "BUY" else btc_book.bids, D("0.0100"))
    small.swap_order("BTC-USDT", side, "MARKET", quantity=D("0.0100"), position_side=pos_side)
    sol_entry = next(p for p in small.positions("SOL-USDT")).avg_price
    btc_entry = next(p for p in small.positions("BTC-USDT")).avg_price
    small.adjust_isolated_margin("BTC-USDT", D("0.2"), 1, position_side=pos_side)
    btc_margin = btc_entry * D("0.0100") / 125 + D("0.2")
    liq = ((btc_entry * D("0.0100") - sign * btc_margin) / (D("0.0100") * (1 - sign * MMR))).quantize(Q8).normalize()
    jump_to(sim, t0 + 30_000)
    sol_close = walk(small.depth("SOL-USDT", 20).bids, D("0.4"))
    small.swap_order("SOL-USDT", "SELL", "MARKET", quantity=D("0.4"), position_side="LONG")  # partial close
    jump_to(sim, when)  # past the crossing: the BTC position is gone
    assert [p.symbol for p in small.positions()] == ["SOL-USDT"]
    small.swap_order("SOL-USDT", "BUY", "LIMIT", quantity=D("2.0"), price=D("10.000"), time_in_force="GTC",
                     position_side="LONG")  # rests: freezes 2 * 10 / 10
    funding_at = market.next_funding_time(when)
    jump_to(sim, funding_at + 1000)
    now = sim.clock.now_ms()
    fees = sum((p * q for p, q in (*sol_open, *btc_open, *sol_close)), D(0)) * taker
    sol_pnl = sum(((p - sol_entry) * q for p, q in sol_close), D(0))
    liq_pnl = (liq - btc_entry) * D("0.0100") * sign
    clear = (D("0.0100") * liq * MMR).quantize(Q8)
    funding = fee_of(sim, "SOL-USDT", D("0.6"), True, funding_at)
    balance = D(250) - fees + sol_pnl + liq_pnl - clear + funding
    rows = [(r.income_type, r.income) for r in small.income(start_time=t0)]
    assert sim.ledger.balance(uid, PERP, "USDT") == balance, (rows, fees, sol_pnl, liq_pnl, clear, funding)
    assert sim.ledger.total("USDT") == total
    unrealized = (mark(sim, "SOL-USDT", now) - sol_entry) * D("0.6")
    used = D("0.6") * sol_entry / 10
    frozen = D(2)
    available = balance - used - frozen + min(D(0), unrealized)
    q4 = D("0.0001")
    usdt = next(b for b in small.swap_balance() if b.asset == "USDT")
    assert (usdt.balance, usdt.equity, usdt.unrealized_profit, usdt.realised_profit, usdt.used_margin,
            usdt.freezed_margin, usdt.available_margin) == tuple(x.quantize(q4) for x in (
                balance, balance + unrealized, unrealized, sol_pnl + liq_pnl, used, frozen, available))
    sol = next(p for p in small.positions())
    assert (sol.position_amt, sol.avg_price, sol.unrealized_profit, sol.initial_margin) == (
        D("0.6"), sol_entry, unrealized.quantize(q4), used.quantize(q4))
    kinds: dict[str, D] = {}
    for r in small.income(start_time=t0):
        kinds[r.income_type] = kinds.get(r.income_type, D(0)) + r.income
    assert kinds == {"TRADING_FEE": -fees, "REALIZED_PNL": sol_pnl + liq_pnl, "INSURANCE_CLEAR": -clear,
                     "FUNDING_FEE": funding}
    ex = ccxt.bingx({"apiKey": sim.users[1].api_key, "secret": sim.users[1].secret_key})
    ex.set_sandbox_mode(True)
    for group in (ex.urls["api"], ex.urls.get("test", {})):
        for k, v in list(group.items()):
            group[k] = ({kk: sim.bingx_url + "/openApi" for kk in v} if isinstance(v, dict)
                        else sim.bingx_url + "/openApi")
    ex.nonce = sim.clock.now_ms  # ccxt's bingx stamps with the local clock; the simulated one jumped ahead
    ex.load_markets()
    theirs = ex.fetch_balance({"type": "swap"})["USDT"]
    # ccxt reads free = availableMargin, used = usedMargin (total = their sum without maxWithdrawAmount)
    assert (D(str(theirs["free"])), D(str(theirs["used"]))) == (available.quantize(q4), used.quantize(q4))
    (pos,) = ex.fetch_positions()
    assert (pos["symbol"], D(str(pos["contracts"])), D(str(pos["entryPrice"])), D(str(pos["unrealizedPnl"]))) == (
        "SOL/USDT:USDT", D("0.6"), sol_entry, unrealized.quantize(q4))
