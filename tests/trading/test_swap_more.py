"""Swap endpoints beyond single orders: margin reserves, test/batch orders, cancel-replace, closing positions,
isolated margin and trailing stops, to the exact decimal. The clock is frozen so prices stay put."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN
from decimal import Decimal as D
from typing import Any

import pytest

from tests.walk import vwap, walk
from tradewire.core.errors import InsufficientFunds, TradewireError
from tradewire.sim import Simulator

Both = Any


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    yield


def perp(sim: Simulator) -> D:
    return sim.ledger.balance(sim.users[0].uid, "USDTMPerp", "USDT")


def available(bx: Both) -> D:
    return next(b.available_margin for b in bx.swap_balance() if b.asset == "USDT")


def last(sim: Simulator, symbol: str) -> D:
    return sim.state.market.last_price(symbol, sim.clock.now_ms())


def test_open_orders_reserve_margin(bx: Both, sim: Simulator) -> None:
    free, before = available(bx), perp(sim)
    # a resting LIMIT at 3000 (10x) taking 60 % of the available margin: 0.6 * free * 10 / 3000 ETH
    qty = (free * 6 / 3000).quantize(D("0.01"), ROUND_DOWN)
    first = bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=qty, price=D("3000.00"), time_in_force="GTC",
                          position_side="LONG")
    with pytest.raises(InsufficientFunds) as e:
        bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=qty, price=D("3000.00"), time_in_force="GTC",
                      position_side="LONG")
    assert e.value.code == 101204
    with pytest.raises(InsufficientFunds):  # a stop order that would open is margined too
        bx.swap_order("ETH-USDT", "BUY", "STOP_MARKET", quantity=qty, stop_price=D("3300.00"), position_side="LONG")
    bx.cancel_swap_order("ETH-USDT", order_id=first.order_id)
    assert bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=qty, price=D("3000.00"), time_in_force="GTC",
                         position_side="LONG").status == "NEW"
    # orders reserve margin without moving money: freezedMargin holds it, availableMargin excludes it
    usdt = next(b for b in bx.swap_balance() if b.asset == "USDT")
    assert (usdt.freezed_margin, usdt.available_margin, perp(sim)) == (qty * 300, free - qty * 300, before)


def test_test_order_places_nothing(bx: Both, sim: Simulator) -> None:
    before = perp(sim)
    o = bx.test_swap_order("ETH-USDT", "BUY", "MARKET", quantity=D("0.10"), position_side="LONG")
    assert (o.symbol, o.type, o.status) == ("ETH-USDT", "MARKET", "NEW")
    assert bx.swap_open_orders() == [] and bx.swap_order_history("ETH-USDT") == []
    assert perp(sim) == before and not any(p.position_side == "LONG" and p.symbol == "ETH-USDT"
                                           for p in bx.positions())
    with pytest.raises(InsufficientFunds) as e:
        bx.test_swap_order("ETH-USDT", "BUY", "MARKET", quantity=D("1000.00"), position_side="LONG")
    assert e.value.code == 101204


def test_batch_place_and_batch_cancel(bx: Both) -> None:
    placed = bx.swap_batch_orders([
        {"symbol": "ETH-USDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.10"), "price": D("3000.00"),
         "positionSide": "LONG", "timeInForce": "GTC", "clientOrderId": "batch1"},
        {"symbol": "ETH-USDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.20"), "price": D("2900.00"),
         "positionSide": "LONG", "timeInForce": "GTC"},
        {"symbol": "SOL-USDT", "side": "SELL", "type": "MARKET", "quantity": D("1.0"), "positionSide": "LONG",
         "reduceOnly": True},  # reduceOnly in hedge mode: refused (109400), the others stand
    ])
    assert [(p.orig_qty, p.status) for p in placed] == [(D("0.10"), "NEW"), (D("0.20"), "NEW")]
    assert len(bx.swap_open_orders("ETH-USDT")) == 2
    result = bx.cancel_swap_orders("ETH-USDT", order_ids=[int(placed[1].order_id), 1800000000000999999],
                                   client_order_ids=["batch1"])
    assert sorted(o.orig_qty for o in result.success or []) == [D("0.10"), D("0.20")]
    assert [f["errorCode"] for f in result.failed or []] == [80016]
    assert bx.swap_open_orders("ETH-USDT") == []


def test_swap_cancel_replace(bx: Both) -> None:
    o = bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=D("0.10"), price=D("3000.00"), time_in_force="GTC",
                      position_side="LONG")
    kw: dict[str, Any] = dict(quantity=D("0.20"), price=D("3100.00"), position_side="LONG", time_in_force="GTC")
    stop = bx.cancel_replace_swap_order("ETH-USDT", "STOP_ON_FAILURE", "BUY", "LIMIT", cancel_order_id=o.order_id,
                                        cancel_restrictions="ONLY_PARTIALLY_FILLED", **kw)
    assert (stop.cancel_result, stop.new_order_result, stop.new_order_id) == ("FAILED", "FAILED", None)
    allow = bx.cancel_replace_swap_order("ETH-USDT", "ALLOW_FAILURE", "BUY", "LIMIT", cancel_order_id=o.order_id,
                                         cancel_restrictions="ONLY_PARTIALLY_FILLED", **kw)
    assert (allow.cancel_result, allow.new_order_result) == ("FAILED", "SUCCESS")
    done = bx.cancel_replace_swap_order("ETH-USDT", "STOP_ON_FAILURE", "BUY", "LIMIT", cancel_order_id=o.order_id,
                                        cancel_restrictions="ONLY_NEW", **kw)
    assert (done.cancel_result, done.new_order_result, str(done.cancel_order_id)) == ("SUCCESS", "SUCCESS",
                                                                                         str(o.order_id))
    assert bx.swap_order_info("ETH-USDT", order_id=o.order_id).status == "CANCELED"
    assert sorted(x.orig_qty for x in bx.swap_open_orders("ETH-USDT")) == [D("0.20"), D("0.20")]


def test_close_one_position_then_all(bx: Both, sim: Simulator) -> None:
    before = perp(sim)
    eth = next(p for p in bx.positions("ETH-USDT"))  # seeded: SHORT 1.50 @ 3310.25, cross
    fills = walk(bx.depth("ETH-USDT", 20).asks, D("1.50"))  # closing buys walk the asks
    closed = bx.close_position(eth.position_id)
    assert str(closed.position_id) == str(eth.position_id)
    assert bx.positions("ETH-USDT") == []
    assert perp(sim) == before + sum((D("3310.25") - p) * q - p * q * D("0.0005") for p, q in fills)
    with pytest.raises(TradewireError) as e:
        bx.close_position(eth.position_id)
    assert e.value.code == 101205
    assert len(bx.close_all_positions().success or []) == 1  # the seeded BTC long
    assert bx.positions() == []


def used(bx: Both) -> D:
    return next(b.used_margin for b in bx.swap_balance() if b.asset == "USDT")


def test_adjust_isolated_margin_moves_money(bx: Both, sim: Simulator) -> None:
    free, balance, held = available(bx), perp(sim), used(bx)
    btc = next(p for p in bx.positions("BTC-USDT"))  # seeded: LONG 0.0500 @ 64250.5, 10x, isolated
    assert btc.initial_margin == D("321.2525")  # 0.05 * 64250.5 / 10
    assert bx.adjust_isolated_margin("BTC-USDT", D("100"), 1, position_side="LONG").amount == D(100)
    # the money stays in the wallet balance and moves from available to used margin
    assert (available(bx), used(bx), perp(sim)) == (free - 100, held + 100, balance)
    assert next(p for p in bx.positions("BTC-USDT")).initial_margin == D("421.2525")
    bx.adjust_isolated_margin("BTC-USDT", D("40"), 2, position_id=btc.position_id)
    assert (available(bx), used(bx), perp(sim)) == (free - 60, held + 60, balance)
    with pytest.raises(TradewireError) as low:
        bx.adjust_isolated_margin("BTC-USDT", D("61"), 2, position_side="LONG")
    assert low.value.code == 101253
    with pytest.raises(TradewireError) as cross:
        bx.adjust_isolated_margin("ETH-USDT", D("10"), 1, position_side="SHORT")
    assert cross.value.code == 101479
    fills = walk(bx.depth("BTC-USDT", 20).bids, D("0.05"))  # closing sells walk the bids
    bx.close_position(btc.position_id)  # the added margin is released with the position
    assert used(bx) == held - D("321.2525")
    assert perp(sim) == balance + sum((p - D("64250.5")) * q - p * q * D("0.0005") for p, q in fills)


def test_trailing_stop_follows_the_high_and_fires(bx: Both, sim: Simulator) -> None:
    sim.clock.speed = 0  # only `advance` moves the tape: no trade may print between reading it and the sweep
    with pytest.raises(TradewireError) as e:
        bx.swap_order("BTC-USDT", "SELL", "TRAILING_STOP_MARKET", quantity=D("0.0500"), position_side="LONG",
                      price_rate=D("0.0005"), activation_price=last(sim, "BTC-USDT") - D("100"))
    assert e.value.code == 110419
    o = bx.swap_order("BTC-USDT", "SELL", "TRAILING_STOP_MARKET", quantity=D("0.0500"), position_side="LONG",
                      price_rate=D("0.0005"))
    high = last(sim, "BTC-USDT")
    fired = None
    for _ in range(1800):  # two simulated seconds a step: an hour of a random-walk tape holds a 0.05 % dip
        sim.clock.advance(2000)
        price = last(sim, "BTC-USDT")
        bids = bx.depth("BTC-USDT", 20).bids  # the book the stop sells into when it fires
        status = bx.swap_order_info("BTC-USDT", order_id=o.order_id)
        high = max(high, price)
        if price <= high - high * D("0.0005"):
            fired = vwap(walk(bids, D("0.0500")))  # it triggers on the last price, then takes from the book
            break
        assert status.status == "NEW"
    assert fired is not None
    assert (status.status, status.avg_price, status.executed_qty) == ("FILLED", fired, D("0.0500"))
    assert bx.positions("BTC-USDT") == []
