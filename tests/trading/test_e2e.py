"""Every order type and documented failure through both clients against the simulator, to the exact decimal."""

from __future__ import annotations

from decimal import ROUND_DOWN
from decimal import Decimal as D
from typing import Any

import pytest

from tests.walk import spot_depth, vwap, walk
from tradewire.core.errors import (
    BadRequest,
    DuplicateOrder,
    InsufficientFunds,
    NotFound,
    OrderNotFound,
    OrderRejected,
)
from tradewire.sim import Simulator

Both = Any  # conftest.Both: a sync or async client


def spot(bx: Both) -> dict[str, D]:
    return {b.asset: b.free for b in bx.spot_balance()}


def perp_usdt(sim: Simulator) -> D:
    return sim.ledger.balance(sim.users[0].uid, "USDTMPerp", "USDT")


def fee(amount: D) -> D:
    """The 0.1 % spot commission of one fill, cut to 8 decimals as the engine does."""
    return (amount * D("0.001")).quantize(D("1E-8"), ROUND_DOWN)


def test_spot_market_buy_by_quantity_moves_exact_balances(bx: Both, sim: Simulator) -> None:
    sim.clock.speed = 0  # the book stays put between its snapshot and the order
    fills = walk(spot_depth(bx, "BTC-USDT")[1], D("0.001"))
    cost = sum((p * q for p, q in fills), D(0))
    o = bx.spot_order("BTC-USDT", "BUY", "MARKET", quantity=D("0.001"))
    assert (o.status, o.executed_qty, o.cummulative_quote_qty) == ("FILLED", D("0.001"), cost)
    fees = sum((fee(q) for _, q in fills), D(0))  # 0.1 % of the BTC received
    assert spot(bx) == {"BTC": D("0.01234567") + D("0.001") - fees, "USDT": D("2500.5") - cost}


def test_spot_market_buy_by_quote_and_sell(bx: Both, sim: Simulator) -> None:
    sim.clock.speed = 0
    asks = spot_depth(bx, "BTC-USDT")[1]
    spend = (asks[0][0] * D("0.001")).quantize(D("0.001"))
    o = bx.spot_order("BTC-USDT", "BUY", "MARKET", quote_order_qty=spend)
    got = (spend / asks[0][0]).quantize(D("0.00001"), ROUND_DOWN)  # whole steps the quote buys at the top
    assert (o.executed_qty, o.cummulative_quote_qty) == (got, asks[0][0] * got)
    bids = spot_depth(bx, "BTC-USDT")[0]
    sells = walk(bids, D("0.002"))
    s = bx.spot_order("BTC-USDT", "SELL", "MARKET", quantity=D("0.002"))
    proceeds = sum((p * q for p, q in sells), D(0))
    assert s.cummulative_quote_qty == proceeds
    assert spot(bx) == {"BTC": D("0.01234567") + got - fee(got) - D("0.002"),
                        "USDT": D("2500.5") - asks[0][0] * got + proceeds - sum((fee(p * q) for p, q in sells), D(0))}


def test_spot_limit_rests_then_cancel_by_client_id(bx: Both) -> None:
    o = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), time_in_force="GTC",
                      client_order_id="my_order_1")
    assert (o.status, o.client_order_id) == ("NEW", "my_order_1")
    assert [x.order_id for x in bx.spot_open_orders("BTC-USDT")] == [o.order_id]
    assert spot(bx)["USDT"] == D("2440.5")  # 60 USDT locked
    c = bx.cancel_spot_order("BTC-USDT", client_order_id="my_order_1", cancel_restrictions="NEW")
    assert c.status == "CANCELED"
    assert spot(bx) == {"BTC": D("0.01234567"), "USDT": D("2500.5")}
    assert bx.spot_order_info("BTC-USDT", order_id=o.order_id).status == "CANCELED"
    assert [h.order_id for h in bx.spot_order_history("BTC-USDT")] == [o.order_id]


@pytest.mark.parametrize(("tif", "through", "status"), [
    ("GTC", True, "FILLED"),
    ("IOC", True, "FILLED"),  # takes two levels up to its price
    ("IOC", False, "CANCELED"),  # nothing at or below the best bid: expires unfilled
    ("FOK", False, "CANCELED"),
])
def test_spot_limit_time_in_force(bx: Both, sim: Simulator, tif: str, through: bool, status: str) -> None:
    sim.clock.speed = 0
    sim.ledger.seed(sim.users[0].uid, "spot", "USDT", D(100_000))  # enough for two levels of the book
    bids, asks = spot_depth(bx, "BTC-USDT")
    price, qty = (asks[1][0], asks[0][1] + asks[1][1]) if through else (bids[0][0], D("0.001"))
    o = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=qty, price=price, time_in_force=tif)
    fills = walk(asks, qty) if through else []
    assert (o.status, o.executed_qty, o.cummulative_quote_qty) == (
        status, sum((q for _, q in fills), D(0)), sum((p * q for p, q in fills), D(0)))


def test_spot_post_only_that_would_take_is_refused_101215(bx: Both, sim: Simulator) -> None:
    sim.clock.speed = 0
    best_ask = spot_depth(bx, "BTC-USDT")[1][0][0]
    with pytest.raises(OrderRejected) as e:
        bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=best_ask, time_in_force="PostOnly")
    assert e.value.code == 101215
    o = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000"), time_in_force="PostOnly")
    assert o.status == "NEW"


@pytest.mark.parametrize(("kind", "price"), [("TAKE_STOP_LIMIT", D("70000")), ("TAKE_STOP_MARKET", None),
                                             ("TRIGGER_LIMIT", D("70000")), ("TRIGGER_MARKET", None)])
def test_spot_stop_types_rest_until_triggered(bx: Both, kind: str, price: D | None) -> None:
    o = bx.spot_order("BTC-USDT", "BUY", kind, quantity=D("0.001"), stop_price=D("66000"), price=price)
    assert (o.type, o.status, o.stop_price) == (kind, "NEW", D("66000"))
    assert len(bx.cancel_spot_open_orders("BTC-USDT")) == 1


def test_spot_cancel_replace_and_batch(bx: Both, sim: Simulator) -> None:
    sim.clock.speed = 0
    o = bx.spot_order("BTC-USDT", "SELL", "LIMIT", quantity=D("0.001"), price=D("70000"), time_in_force="GTC")
    r = bx.cancel_replace_spot_order("BTC-USDT", "STOP_ON_FAILURE", "SELL", "LIMIT", cancel_order_id=o.order_id,
                                     quantity=D("0.002"), price=D("71000"), time_in_force="GTC")
    assert (r.cancel_result, r.new_order_result) == ("SUCCESS", "SUCCESS")
    assert r.new_order_response is not None and r.new_order_response.orig_qty == D("0.002")
    failed = bx.cancel_replace_spot_order("BTC-USDT", "STOP_ON_FAILURE", "SELL", "LIMIT", cancel_order_id=o.order_id,
                                          quantity=D("0.001"), price=D("71000"), time_in_force="GTC")
    assert (failed.cancel_result, failed.new_order_result) == ("FAILURE", "FAILURE")
    buys = walk(spot_depth(bx, "BTC-USDT")[1], D("0.001"))
    placed = bx.spot_batch_orders([
        {"symbol": "BTC-USDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.001"), "price": D(60000),
         "timeInForce": "GTC"},
        {"symbol": "BTC-USDT", "side": "BUY", "type": "MARKET", "quantity": D("0.001")},
    ])
    assert [p.status for p in placed] == ["NEW", "FILLED"]
    fills = bx.spot_fills("BTC-USDT")
    assert [(f.price, f.qty, f.commission) for f in fills] == [(p, q, -fee(q)) for p, q in buys]


def test_spot_failures(bx: Both) -> None:
    with pytest.raises(InsufficientFunds) as e:
        bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("1"), price=D("60000"), time_in_force="GTC")
    assert e.value.code == 100202
    with pytest.raises(NotFound) as nf:
        bx.cancel_spot_order("BTC-USDT", order_id="1700000000000999999")
    assert nf.value.code == 100404


def test_swap_open_and_close_long_exact_money(bx: Both, sim: Simulator) -> None:
    sim.clock.speed = 0  # the book stays put between its snapshot and the order
    before = perp_usdt(sim)
    buys = walk(bx.depth("ETH-USDT", 20).asks, D("0.10"))  # a MARKET order walks the book: one fill per level
    placed = bx.swap_order("ETH-USDT", "BUY", "MARKET", quantity=D("0.10"), position_side="LONG")
    assert (placed.status, placed.orig_qty, placed.quantity) == ("FILLED", D("0.10"), D("0.10"))  # as placed
    o = bx.swap_order_info("ETH-USDT", order_id=placed.order_id)  # fills: the query, not the placing answer
    entry = o.avg_price
    assert (o.status, o.executed_qty, entry) == ("FILLED", D("0.10"), vwap(buys))
    pos = next(p for p in bx.positions("ETH-USDT") if p.position_side == "LONG")
    assert (pos.position_amt, pos.avg_price, pos.leverage) == (D("0.10"), entry, 10)
    sells = walk(bx.depth("ETH-USDT", 20).bids, D("0.10"))
    c = bx.swap_order("ETH-USDT", "SELL", "MARKET", quantity=D("0.10"), position_side="LONG")
    exit_ = bx.swap_order_info("ETH-USDT", order_id=c.order_id).avg_price
    assert exit_ == vwap(sells)
    assert all(p.position_side != "LONG" for p in bx.positions("ETH-USDT"))
    fees = (entry + exit_) * D("0.10") * D("0.0005")
    assert perp_usdt(sim) == before + (exit_ - entry) * D("0.10") - fees
    now = sim.clock.now_ms()
    fills = bx.swap_fills(now - 86_400_000, now + 86_400_000)
    assert [(f.qty, f.fee) for f in fills] == [(q, -p * q * D("0.0005")) for p, q in buys + sells]


def test_swap_limit_stop_and_trailing_types_rest(bx: Both) -> None:
    kinds = [dict(type="LIMIT", price=D("1000.00"), time_in_force="GTC"),
             dict(type="STOP_MARKET", stop_price=D("1000.00")), dict(type="STOP", stop_price=D("1000.00"),
                                                                     price=D("999.00")),
             dict(type="TAKE_PROFIT_MARKET", stop_price=D("9000.00")),
             dict(type="TAKE_PROFIT", stop_price=D("9000.00"), price=D("9001.00")),
             dict(type="TRIGGER_MARKET", stop_price=D("9000.00")),
             dict(type="TRIGGER_LIMIT", stop_price=D("9000.00"), price=D("9001.00")),
             dict(type="TRAILING_STOP_MARKET", price_rate=D("0.05"))]
    for k in kinds:
        o = bx.swap_order("ETH-USDT", "BUY", quantity=D("0.10"), position_side="LONG", **k)
        assert (o.type, o.status) == (k["type"], "NEW")
    assert len(bx.swap_open_orders("ETH-USDT")) == len(kinds)
    assert len(bx.cancel_all_swap_orders("ETH-USDT").success or []) == len(kinds)
    assert bx.swap_open_orders("ETH-USDT") == []


def test_swap_failures(bx: Both) -> None:
    with pytest.raises(OrderRejected) as e:
        bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=D("0.10"), price=D("9000.00"), time_in_force="PostOnly",
                      position_side="LONG")
    assert e.value.code == 101215
    with pytest.raises(InsufficientFunds) as m:
        bx.swap_order("ETH-USDT", "BUY", "MARKET", quantity=D("1000.00"), position_side="LONG")
    assert m.value.code == 101204
    with pytest.raises(BadRequest) as r:  # reduceOnly is not accepted in hedge mode (swap-trade api-reference)
        bx.swap_order("SOL-USDT", "SELL", "MARKET", quantity=D("1.0"), position_side="LONG", reduce_only=True)
    assert r.value.code == 109400
    bx.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"), position_side="LONG", client_order_id="dup1")
    with pytest.raises(DuplicateOrder) as d:
        bx.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"), position_side="LONG", client_order_id="dup1")
    # a reused clientOrderId: 109201 within 1 s of the first, 101481 after (a loaded machine takes longer)
    assert d.value.code in (109201, 101481)
    with pytest.raises(OrderRejected) as lev:
        bx.set_leverage("SOL-USDT", "LONG", 76)
    assert lev.value.code == 101414
    with pytest.raises(OrderNotFound) as nf:
        bx.cancel_swap_order("SOL-USDT", order_id="1800000000000999999")
    assert nf.value.code == 80016


def test_swap_settings_and_close_all(bx: Both) -> None:
    assert bx.set_leverage("SOL-USDT", "BOTH", 20).leverage == 20
    lev = bx.leverage("SOL-USDT")
    assert (lev.long_leverage, lev.short_leverage, lev.max_long_leverage) == (20, 20, 75)
    bx.set_margin_type("SOL-USDT", "ISOLATED")
    assert bx.margin_type("SOL-USDT") == "ISOLATED"
    assert bx.position_mode() is True
    o = bx.swap_order("SOL-USDT", "SELL", "MARKET", quantity=D("2.0"), position_side="SHORT")
    assert bx.swap_order_info("SOL-USDT", client_order_id=o.client_order_id).order_id == o.order_id
    pos = next(p for p in bx.positions("SOL-USDT"))
    assert (pos.position_side, pos.position_amt, pos.leverage, pos.isolated) == ("SHORT", D("2.0"), 20, True)
    assert bx.adjust_isolated_margin("SOL-USDT", D(5), 1, position_side="SHORT").amount == D(5)
    assert len(bx.close_all_positions("SOL-USDT").success or []) == 1
    assert bx.positions("SOL-USDT") == []
    assert [x.status for x in bx.swap_order_history("SOL-USDT")] == ["FILLED", "FILLED"]
