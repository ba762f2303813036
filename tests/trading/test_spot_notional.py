"""Spot orders worth less than the pair's `minNotional` (2 USDT, as `common/symbols` publishes it) are refused
with the spot parameter error 100400, by quantity times price and by quote amount, and place nothing."""

from __future__ import annotations

from decimal import ROUND_DOWN
from decimal import Decimal as D
from typing import Any

import pytest

from tests.walk import spot_depth
from tradewire.core.errors import BadRequest
from tradewire.sim import Simulator

Both = Any


def refused(bx: Both, **order: Any) -> str:
    with pytest.raises(BadRequest) as e:
        bx.spot_order("BTC-USDT", **order)
    assert e.value.code == 100400
    return e.value.message


def test_symbols_publish_the_minimum(bx: Both) -> None:
    assert {s.symbol: s.min_notional for s in bx.load_spot_rules()} == {"BTC-USDT": D(2), "ETH-USDT": D(2)}


def test_limit_below_min_notional_is_refused(bx: Both, sim: Simulator) -> None:
    # 0.00003 BTC at 60000 is 1.8 USDT
    msg = refused(bx, side="BUY", type="LIMIT", quantity=D("0.00003"), price=D("60000"), time_in_force="GTC")
    assert msg == "the order value 1.80000 USDT is below the minimum of 2 USDT (minNotional)"
    # 0.00004 BTC at 60000 is 2.4 USDT
    o = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.00004"), price=D("60000"), time_in_force="GTC")
    assert o.status == "NEW"
    assert [x.order_id for x in bx.spot_open_orders("BTC-USDT")] == [o.order_id]


def test_market_below_min_notional_is_refused(bx: Both, sim: Simulator) -> None:
    sim.clock.speed = 0  # the tape stands still between reading the market and ordering
    before = {b.asset: b.free for b in bx.spot_balance()}
    # by quote amount
    msg = refused(bx, side="BUY", type="MARKET", quote_order_qty=D("1.99"))
    assert msg == "the order value 1.99 USDT is below the minimum of 2 USDT (minNotional)"
    # by quantity at the last trade price: 0.00001 BTC is about 0.65 USDT
    last = bx.spot_price("BTC-USDT").trades[0].price
    msg = refused(bx, side="SELL", type="MARKET", quantity=D("0.00001"))
    assert msg == f"the order value {D('0.00001') * last:f} USDT is below the minimum of 2 USDT (minNotional)"
    assert {b.asset: b.free for b in bx.spot_balance()} == before
    _, asks = spot_depth(bx, "BTC-USDT")
    o = bx.spot_order("BTC-USDT", "BUY", "MARKET", quote_order_qty=D(2))
    qty = (D(2) / asks[0][0]).quantize(D("0.00001"), ROUND_DOWN)  # 2 USDT at the best ask, cut to the step
    assert (o.status, o.executed_qty, o.cummulative_quote_qty) == ("FILLED", qty, qty * asks[0][0])
