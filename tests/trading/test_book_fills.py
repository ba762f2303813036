"""Swap fills come from the book: MARKET walks it, IOC/FOK take what it holds, LIMIT orders rest in it, keep
their queue place, show in depth and fill as maker; fees follow liquidity and the money reconciles exactly.
The clock is frozen: the book moves only when a test moves the clock."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D
from typing import Any

import pytest

from tests.both import make_both
from tests.walk import vwap, walk
from tradewire.core.errors import OrderRejected
from tradewire.sim import Simulator
from tradewire.sim.bingx.trading import trading
from tradewire.sim.tape import SPACING_MS

Both = Any
S = "BTC-USDT"
TAKER, MAKER = D("0.0005"), D("0.0002")
STEP = D("0.0001")


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    trading(sim.state)  # the house and its funds exist from here on: ledger totals hold from here
    yield


@pytest.fixture
def bob(request: pytest.FixtureRequest, sim: Simulator) -> Iterator[Both]:
    user = sim.users[1]
    yield from make_both("sync", api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url,
                         rate_limits=False)


def perp(sim: Simulator, index: int = 0) -> D:
    return sim.ledger.balance(sim.users[index].uid, "USDTMPerp", "USDT")


def at(levels: list[Any], price: D) -> D:
    return next((q for p, q in levels if p == price), D(0))


def test_market_order_walks_the_book_at_the_exact_vwap(bx: Both, sim: Simulator) -> None:
    total, before = sim.ledger.total("USDT"), perp(sim)
    asks = bx.depth(S, 20).asks
    qty = asks[0][1] + asks[1][1] + STEP  # through two levels into the third
    fills = walk(asks, qty)
    assert len(fills) == 3 and fills[2][1] == STEP
    o = bx.swap_order(S, "BUY", "MARKET", quantity=qty, position_side="LONG")
    info = bx.swap_order_info(S, order_id=o.order_id)
    fees = sum(p * q * TAKER for p, q in fills)
    assert (info.status, info.executed_qty, info.avg_price, info.commission) == ("FILLED", qty, vwap(fills), -fees)
    assert info.avg_price > asks[0][0]
    now = sim.clock.now_ms()
    rows = [f for f in bx.swap_fills(now - 1000, now + 1000) if str(f.order_id) == str(o.order_id)]
    assert [(f.price, f.qty, f.fee) for f in rows] == [(p, q, -p * q * TAKER) for p, q in fills]
    assert perp(sim) == before - fees  # opening: only the taker fees left the wallet
    assert sim.ledger.total("USDT") == total
    after = bx.depth(S, 20).asks
    assert after[0] == (asks[2][0], asks[2][1] - STEP)  # the two levels it took are gone, the third is short


def test_ioc_takes_what_rests_up_to_its_price_then_expires(bx: Both, sim: Simulator) -> None:
    asks = bx.depth(S, 20).asks
    limit, held = asks[1][0], asks[0][1] + asks[1][1]
    o = bx.swap_order(S, "BUY", "LIMIT", quantity=held + D("0.0100"), price=limit, time_in_force="IOC",
                      position_side="LONG")
    info = bx.swap_order_info(S, order_id=o.order_id)
    assert (info.status, info.executed_qty, info.avg_price) == ("EXPIRED", held, vwap(walk(asks, held)))
    assert bx.depth(S, 20).asks[0] == asks[2]  # nothing of it rests
    assert bx.swap_open_orders(S) == []


def test_fok_refused_unless_fully_fillable(bx: Both, sim: Simulator) -> None:
    asks = bx.depth(S, 20).asks
    limit, held = asks[1][0], asks[0][1] + asks[1][1]
    refused = bx.swap_order(S, "BUY", "LIMIT", quantity=held + STEP, price=limit, time_in_force="FOK",
                            position_side="LONG")
    info = bx.swap_order_info(S, order_id=refused.order_id)
    assert (info.status, info.executed_qty) == ("EXPIRED", D(0))
    assert bx.depth(S, 20).asks == asks  # untouched
    filled = bx.swap_order(S, "BUY", "LIMIT", quantity=held, price=limit, time_in_force="FOK", position_side="LONG")
    info = bx.swap_order_info(S, order_id=filled.order_id)
    assert (info.status, info.executed_qty, info.avg_price) == ("FILLED", held, vwap(walk(asks, held)))


def test_resting_limit_shows_in_depth_and_leaves_on_cancel(bx: Both, sim: Simulator) -> None:
    bids = bx.depth(S, 20).bids
    best = bids[0][0]
    o = bx.swap_order(S, "BUY", "LIMIT", quantity=D("0.0300"), price=best, time_in_force="GTC", position_side="LONG")
    assert o.status == "NEW"  # at the best bid it rests: it does not take
    shown = bx.depth(S, 20).bids
    assert shown[0] == (best, bids[0][1] + D("0.0300")) and shown[1:] == bids[1:]
    inside = best + D("0.1")  # a new best level inside the spread, when there is room
    if inside < bx.depth(S, 5).asks[0][0]:
        o2 = bx.swap_order(S, "BUY", "LIMIT", quantity=D("0.0100"), price=inside, time_in_force="GTC",
                           position_side="LONG")
        assert bx.depth(S, 20).bids[0] == (inside, D("0.0100"))
        bx.cancel_swap_order(S, order_id=o2.order_id)
    bx.cancel_swap_order(S, order_id=o.order_id)
    assert bx.depth(S, 20).bids == bids


def test_post_only_refused_only_when_it_would_take_from_the_book(bx: Both, sim: Simulator) -> None:
    depth = bx.depth(S, 5)
    with pytest.raises(OrderRejected) as e:
        bx.swap_order(S, "BUY", "LIMIT", quantity=D("0.0100"), price=depth.asks[0][0], time_in_force="PostOnly",
                      position_side="LONG")
    assert e.value.code == 101215
    o = bx.swap_order(S, "BUY", "LIMIT", quantity=D("0.0100"), price=depth.bids[0][0], time_in_force="PostOnly",
                      position_side="LONG")
    assert o.status == "NEW" and at(bx.depth(S, 5).bids, depth.bids[0][0]) == depth.bids[0][1] + D("0.0100")


def test_two_users_at_one_price_fill_in_arrival_order_as_makers(bx: Both, bob: Both, sim: Simulator) -> None:
    total = sim.ledger.total("USDT")
    best, ahead = bx.depth(S, 5).asks[0]
    first = bx.swap_order(S, "SELL", "LIMIT", quantity=D("0.0020"), price=best, time_in_force="GTC",
                          position_side="SHORT")
    second = bob.swap_order(S, "SELL", "LIMIT", quantity=D("0.0020"), price=best, time_in_force="GTC",
                            position_side="SHORT")
    assert at(bx.depth(S, 5).asks, best) == ahead + D("0.0040")
    demo_before, bob_before = perp(sim), perp(sim, 1)
    state = sim.state
    with state.lock:  # the market buys through the queue: the house's size ahead, then 0.0020, then half of 0.0020
        trading(state).perp.matching.house_order(S, "BUY", best, ahead + D("0.0030"), tif="IOC")
    a = bx.swap_order_info(S, order_id=first.order_id)
    b = bob.swap_order_info(S, order_id=second.order_id)
    assert (a.status, a.executed_qty, a.avg_price, a.commission) == ("FILLED", D("0.0020"), best,
                                                                      -best * D("0.0020") * MAKER)
    assert (b.status, b.executed_qty, b.avg_price, b.commission) == ("PARTIALLY_FILLED", D("0.0010"), best,
                                                                      -best * D("0.0010") * MAKER)
    assert bx.depth(S, 5).asks[0] == (best, D("0.0010"))  # only bob's rest is left at the price
    assert (perp(sim), perp(sim, 1)) == (demo_before - best * D("0.0020") * MAKER,
                                         bob_before - best * D("0.0010") * MAKER)
    assert sim.ledger.total("USDT") == total


def test_resting_order_fills_as_maker_when_the_tape_trades_through_it(bx: Both, sim: Simulator) -> None:
    total, before = sim.ledger.total("USDT"), perp(sim)
    price = bx.depth(S, 5).bids[0][0]
    o = bx.swap_order(S, "BUY", "LIMIT", quantity=D("0.0100"), price=price, time_in_force="GTC", position_side="LONG")
    info = bx.swap_order_info(S, order_id=o.order_id)
    for _ in range(360):  # one tape trade a step; the random walk comes back through the bid within the hour
        if info.status == "FILLED":
            break
        sim.clock.advance(SPACING_MS)
        info = bx.swap_order_info(S, order_id=o.order_id)
    fee = price * D("0.0100") * MAKER
    assert (info.status, info.avg_price, info.commission) == ("FILLED", price, -fee)  # at its own price, as maker
    assert perp(sim) == before - fee and sim.ledger.total("USDT") == total
    pos = next(p for p in bx.positions(S) if p.position_side == "LONG")
    assert pos.position_amt == D("0.0500") + D("0.0100")  # the seeded long grew


def test_every_fill_reconciles_fees_balance_and_pnl(bx: Both, sim: Simulator) -> None:
    total, start, now = sim.ledger.total("USDT"), perp(sim), sim.clock.now_ms()
    seeded = next(p for p in bx.positions(S) if p.position_side == "LONG")  # LONG 0.0500 @ 64250.5
    bids = bx.depth(S, 20).bids
    first = bx.swap_order(S, "SELL", "MARKET", quantity=D("0.0300"), position_side="LONG")  # closes part
    closed = walk(bids, D("0.0300"))
    assert bx.swap_order_info(S, order_id=first.order_id).profit == sum((p - seeded.avg_price) * q for p, q in closed)
    orders = [first, bx.swap_order(S, "BUY", "MARKET", quantity=D("0.0400"), position_side="LONG"),
              bx.swap_order(S, "SELL", "MARKET", quantity=D("0.0600"), position_side="LONG")]  # closes it all
    assert not any(p.position_side == "LONG" for p in bx.positions(S))
    infos = [bx.swap_order_info(S, order_id=o.order_id) for o in orders]
    pnl = sum((i.profit or D(0) for i in infos), D(0))
    fees = -sum((i.commission or D(0) for i in infos), D(0))
    ids = {str(o.order_id) for o in orders}
    fills = [f for f in bx.swap_fills(now - 1000, now + 1000) if str(f.order_id) in ids]
    assert len(fills) >= 3 and fees == sum((f.price * f.qty * TAKER for f in fills), D(0))
    assert sum((f.realized_pnl or D(0) for f in fills), D(0)) == pnl
    income = bx.income(S, start_time=now)
    assert sum((r.income for r in income if r.income_type == "REALIZED_PNL"), D(0)) == pnl
    assert sum((r.income for r in income if r.income_type == "TRADING_FEE"), D(0)) == -fees
    assert perp(sim) == start + pnl - fees  # to the last decimal
    assert sim.ledger.total("USDT") == total  # what the user made or lost, the house lost or made
