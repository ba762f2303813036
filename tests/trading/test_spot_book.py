"""BingX spot fills come from the book the house quotes from the spot tape: MARKET walks it, LIMIT orders rest in
it, show in the spot depth and fill as maker when the tape trades through them; the money reconciles exactly.
The clock is frozen: the book moves only when a test moves the clock."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN
from decimal import Decimal as D
from typing import Any

import pytest

from tests.walk import spot_depth, vwap, walk
from tradewire.sim import Simulator
from tradewire.sim.bingx.trading import trading
from tradewire.sim.tape import SPACING_MS

Both = Any
S = "BTC-USDT"


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    trading(sim.state)  # the house and its funds exist from here on: ledger totals hold from here
    sim.ledger.seed(sim.users[0].uid, "spot", "USDT", D(100_000))
    yield


def fee(amount: D) -> D:
    return (amount * D("0.001")).quantize(D("1E-8"), ROUND_DOWN)


def wallet(bx: Both) -> dict[str, tuple[D, D]]:
    return {b.asset: (b.free, b.locked) for b in bx.spot_balance()}


def at(levels: list[tuple[D, D]], price: D) -> D:
    return next((q for p, q in levels if p == price), D(0))


def test_market_buy_walks_the_book_at_the_exact_vwap(bx: Both, sim: Simulator) -> None:
    usdt, btc = sim.ledger.total("USDT"), sim.ledger.total("BTC")
    asks = spot_depth(bx, S)[1]
    qty = asks[0][1] + asks[1][1] + D("0.00001")  # through two levels into the third
    fills = walk(asks, qty)
    assert len(fills) == 3
    o = bx.spot_order(S, "BUY", "MARKET", quantity=qty)
    cost = sum((p * q for p, q in fills), D(0))
    assert (o.status, o.executed_qty, o.cummulative_quote_qty) == ("FILLED", qty, cost)
    assert cost / qty == vwap(fills) > asks[0][0]  # worse than the best ask
    mine = bx.spot_fills(S, order_id=o.order_id)
    assert [(f.price, f.qty, f.commission, f.is_maker) for f in mine] == [(p, q, -fee(q), False) for p, q in fills]
    assert wallet(bx) == {"BTC": (D("0.01234567") + qty - sum((fee(q) for _, q in fills), D(0)), D(0)),
                          "USDT": (D("100000") - cost, D(0))}
    assert (sim.ledger.total("USDT"), sim.ledger.total("BTC")) == (usdt, btc)
    assert spot_depth(bx, S)[1][0] == (asks[2][0], asks[2][1] - D("0.00001"))  # two levels gone, the third short


def test_market_sell_walks_the_bids(bx: Both, sim: Simulator) -> None:
    usdt = sim.ledger.total("USDT")
    bids = spot_depth(bx, S)[0]
    qty = min(bids[0][1] + D("0.00001"), D("0.01234"))
    fills = walk(bids, qty)
    o = bx.spot_order(S, "SELL", "MARKET", quantity=qty)
    proceeds = sum((p * q for p, q in fills), D(0))
    assert (o.executed_qty, o.cummulative_quote_qty) == (qty, proceeds)
    assert wallet(bx)["USDT"] == (D("100000") + proceeds - sum((fee(p * q) for p, q in fills), D(0)), D(0))
    assert sim.ledger.total("USDT") == usdt


def test_resting_limit_shows_in_the_spot_depth_and_leaves_on_cancel(bx: Both, sim: Simulator) -> None:
    bids, _ = spot_depth(bx, S)
    price = bids[2][0]
    o = bx.spot_order(S, "BUY", "LIMIT", quantity=D("0.00300"), price=price, time_in_force="GTC")
    assert at(spot_depth(bx, S)[0], price) == bids[2][1] + D("0.003")
    bx.cancel_spot_order(S, order_id=o.order_id)
    assert spot_depth(bx, S)[0] == bids


def test_resting_limit_fills_as_maker_when_the_tape_trades_through(bx: Both, sim: Simulator) -> None:
    usdt, btc = sim.ledger.total("USDT"), sim.ledger.total("BTC")
    price = spot_depth(bx, S)[0][0][0]
    o = bx.spot_order(S, "BUY", "LIMIT", quantity=D("0.01"), price=price, time_in_force="GTC")
    assert wallet(bx)["USDT"] == (D("100000") - price * D("0.01"), price * D("0.01"))  # locked while it rests
    for _ in range(2000):  # one tape trade a step; the walk comes back through the bid soon (bounded)
        if bx.spot_order_info(S, order_id=o.order_id).status == "FILLED":
            break
        sim.clock.advance(SPACING_MS)
        bx.sync_time()  # signed spot calls must carry the simulator's time
    mine = bx.spot_fills(S, order_id=o.order_id)
    assert sum(f.qty for f in mine) == D("0.01") and all((f.price, f.is_maker) == (price, True) for f in mine)
    fees = sum((fee(f.qty) for f in mine), D(0))
    assert wallet(bx) == {"BTC": (D("0.01234567") + D("0.01") - fees, D(0)),
                          "USDT": (D("100000") - price * D("0.01"), D(0))}
    assert (sim.ledger.total("USDT"), sim.ledger.total("BTC")) == (usdt, btc)
