"""Copy trading (trader side) and the standard contract against the simulator, sync and async clients."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D

import pytest

from tests.both import Both
from tradewire.core.errors import ExchangeError
from tradewire.sim import Simulator
from tradewire.sim.bingx.trading import trading

DAY = 86_400_000


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    trading(sim.state)
    yield


def test_copy_swap_close_tpsl_and_profits(bx: Both, sim: Simulator) -> None:
    opened = bx.swap_order("BTC-USDT", "SELL", "MARKET", quantity=D("0.0100"), position_side="SHORT")
    page = bx.copy_current_orders("BTC-USDT")
    mine = next(o for o in page.items or [] if o.order_id == opened.order_id)
    assert (mine.side, mine.position_side, mine.executed_qty) == ("SELL", "SHORT", D("0.0100"))
    last = sim.state.market.last_price("BTC-USDT", sim.clock.now_ms())
    tpsl = bx.copy_set_tpsl(opened.order_id, (last * D("0.5")).quantize(D("0.1")), (last * 2).quantize(D("0.1")))
    assert tpsl.order_id == opened.order_id
    kinds = {o.type for o in bx.swap_open_orders("BTC-USDT")}
    assert {"TAKE_PROFIT_MARKET", "STOP_MARKET"} <= kinds
    closed = bx.copy_close_order(opened.order_id)
    assert (closed.side, closed.status, closed.executed_qty) == ("BUY", "FILLED", D("0.0100"))
    with pytest.raises(ExchangeError) as e:
        bx.copy_close_order(opened.order_id)
    assert e.value.code == 80002
    with pytest.raises(ExchangeError) as e:
        bx.copy_close_order("123")
    assert e.value.code == 80001
    detail = bx.copy_swap_profit_detail(page_size=100)
    row = next(r for r in detail.items or [] if r.order_id == opened.order_id)
    assert row.profit == closed.realized_profit + row.commission
    assert bx.copy_set_commission("0.15").commission_rate == D("0.15")
    with pytest.raises(ExchangeError) as e:
        bx.copy_set_commission("0.2")
    assert e.value.code == 80004
    assert {p.symbol for p in bx.copy_trading_pairs()} >= {"BTC-USDT", "ETH-USDT"}
    summary = bx.copy_swap_profit_summary()
    assert summary.total_orders is not None and summary.total_orders >= 1


def test_copy_spot_sell(bx: Both, sim: Simulator) -> None:
    buy = bx.spot_order("BTC-USDT", "BUY", "MARKET", quantity=D("0.001"))
    sold = bx.copy_spot_sell(buy.order_id)
    assert (sold.side, sold.status) == ("SELL", "FILLED")
    with pytest.raises(ExchangeError) as e:
        bx.copy_spot_sell(buy.order_id)
    assert e.value.code == 80002
    detail = bx.copy_spot_profit_detail(page_size=100)
    assert buy.order_id in [r.order_id for r in detail.items or []]
    history = bx.copy_spot_history(page_size=100, symbol="BTC-USDT")
    assert sold.order_id in [o.order_id for o in history.items or []]


def test_standard_contract(bx: Both, sim: Simulator) -> None:
    (usdt,) = bx.standard_balance()
    assert usdt.asset == "USDT" and usdt.balance == sim.ledger.balance(sim.users[0].uid, "stdFutures", "USDT")
    (pos,) = bx.standard_positions()
    assert (pos.symbol, pos.position_side, pos.position_amt, pos.entry_price) == (
        "BTC-USDT", "LONG", D("0.0100"), D("63800.0"))
    (order,) = bx.standard_orders("ETH-USDT")
    assert (order.status, order.close_price, order.executed_qty) == ("CLOSED", D("3290.50"), D("0.50"))
