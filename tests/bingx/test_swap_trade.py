"""The rest of swap trading against the simulator, through the sync and the async client: the kill switch on
the simulator clock, order and position histories, tiers, amend, reverse, multi-assets, TWAP, VST."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D

import pytest

from tests.both import Both
from tradewire.core.errors import ExchangeError, ValidationError
from tradewire.sim import Simulator
from tradewire.sim.bingx.trading import trading

S = "BTC-USDT"
DAY = 86_400_000


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    trading(sim.state)
    yield


def far_bid(bx: Both, sim: Simulator) -> str:
    last = sim.state.market.last_price(S, sim.clock.now_ms())
    price = (last * D("0.8")).quantize(D("0.1"))
    oid: str = bx.swap_order(S, "BUY", "LIMIT", quantity=D("0.0010"), price=price, position_side="LONG",
                             time_in_force="GTC").order_id
    return oid


def test_cancel_all_after_cancels_at_the_trigger_time_on_the_sim_clock(bx: Both, sim: Simulator) -> None:
    first, second = far_bid(bx, sim), far_bid(bx, sim)
    armed = bx.cancel_all_after(10)
    assert armed.status == "ACTIVATED" and armed.trigger_time == sim.clock.now_ms() + 10_000
    sim.clock.advance(9_999)
    assert {first, second} <= {o.order_id for o in bx.swap_open_orders(S)}
    sim.clock.advance(1)
    assert [o for o in bx.swap_open_orders() if o.order_id in (first, second)] == []
    for oid in (first, second):
        o = bx.swap_order_info(S, order_id=oid)
        assert (o.status, o.update_time) == ("CANCELED", armed.trigger_time)


def test_cancel_all_after_restarts_and_closes(bx: Both, sim: Simulator) -> None:
    oid = far_bid(bx, sim)
    bx.cancel_all_after(10)
    sim.clock.advance(8_000)
    again = bx.cancel_all_after(10)
    assert again.trigger_time == sim.clock.now_ms() + 10_000
    sim.clock.advance(8_000)
    assert bx.swap_open_order(S, order_id=oid).status == "NEW"
    closed = bx.cancel_all_after(0)
    assert (closed.status, closed.trigger_time) == ("CLOSED", 0)
    sim.clock.advance(60_000)
    assert bx.swap_open_order(S, order_id=oid).status == "NEW"
    bx.cancel_swap_order(S, order_id=oid)
    with pytest.raises(ExchangeError) as e:
        bx.swap_open_order(S, order_id=oid)
    assert e.value.code == 109421
    with pytest.raises(ValidationError):
        bx.cancel_all_after(121)
    with pytest.raises(ExchangeError) as e:
        bx.request("POST", "/openApi/swap/v2/trade/cancelAllAfter", {"type": "ACTIVATE", "timeOut": 9})
    assert e.value.code == 109400


def test_position_history_follows_the_fills(bx: Both, sim: Simulator) -> None:
    start = sim.clock.now_ms()
    opened = bx.swap_order("ETH-USDT", "BUY", "MARKET", quantity=D("0.20"), position_side="LONG")
    sim.clock.advance(1_000)
    closed = bx.swap_order("ETH-USDT", "SELL", "MARKET", quantity=D("0.20"), position_side="LONG")
    fills = bx.swap_fills(start, sim.clock.now_ms())
    buy = [f for f in fills if f.order_id == opened.order_id]
    sell = [f for f in fills if f.order_id == closed.order_id]
    rows = bx.position_history("ETH-USDT", start, sim.clock.now_ms())
    rec = next(r for r in rows if r.position_id == opened.order_id)
    qty = D("0.20")
    assert (rec.position_side, rec.position_amt, rec.close_position_amt, rec.close_all_positions) == (
        "LONG", qty, qty, True)
    assert rec.avg_price == (sum((f.price * f.qty for f in buy), D(0)) / qty).normalize()
    assert rec.realised_profit == sum((f.realized_pnl for f in sell), D(0))
    assert rec.position_commission == sum((f.fee for f in buy + sell), D(0))
    assert rec.open_time == buy[0].time and rec.update_time == sell[-1].time == rec.open_time + 1_000
    paged = bx.swap_fill_history("ETH-USDT", start, sim.clock.now_ms(), page_size=1, page_index=2)
    assert len(paged) == 1 and paged[0].trade_id == [f for f in fills if f.symbol == "ETH-USDT"][1].trade_id


def test_full_orders_tiers_and_force_orders(bx: Both, sim: Simulator) -> None:
    oid = far_bid(bx, sim)
    rows = bx.swap_full_orders(S, limit=1000)
    assert oid in [o.order_id for o in rows]
    assert [o.order_id for o in bx.swap_full_orders(S, limit=1000, order_id=oid)] == [oid]
    bx.cancel_swap_order(S, order_id=oid)
    (tier,) = bx.maint_margin_tiers(S)
    assert (tier.min_position_val, tier.maint_margin_ratio) == (D(0), D("0.004"))
    assert bx.force_orders(S) == []


def test_amend_shrinks_a_resting_order(bx: Both, sim: Simulator) -> None:
    oid = far_bid(bx, sim)
    done = bx.amend_swap_order(S, D("0.0005"), order_id=oid)
    assert (done.order_id, done.quantity) == (oid, D("0.0005"))
    assert bx.swap_order_info(S, order_id=oid).orig_qty == D("0.0005")
    with pytest.raises(ExchangeError) as e:
        bx.amend_swap_order(S, D("0.0020"), order_id=oid)
    assert e.value.code == 109400
    bx.cancel_swap_order(S, order_id=oid)


def test_asset_mode_rules_vst_and_twap(bx: Both, sim: Simulator) -> None:
    assert bx.asset_mode() == "singleAssetMode"
    with pytest.raises(ExchangeError) as e:  # the demo user holds positions
        bx.set_asset_mode("multiAssetsMode")
    assert e.value.code == 104103
    assert [r.margin_asset for r in bx.multi_assets_rules()] == ["USDT", "USDC"]
    uid = sim.users[0].uid
    before = sim.ledger.balance(uid, "USDTMPerp", "USDT")
    assert bx.apply_vst(1000) == before + 1000
    assert bx.apply_vst(1000, decrease=True) == before
    last = sim.state.market.last_price("ETH-USDT", sim.clock.now_ms())
    main = bx.twap_order("ETH-USDT", "BUY", "LONG", "constant", D("1"), last * 2, 5, D("0.05"), D("0.12"))
    assert bx.twap_order_detail(main).executed_qty == D("0.05")
    sim.clock.advance(10_000)
    done = bx.twap_order_detail(main)
    assert (done.status, done.executed_qty, len(done.child_orders or [])) == ("Completed", D("0.12"), 3)
    assert main not in [w.main_order_id for w in bx.twap_open_orders()]
    now = sim.clock.now_ms()
    assert main in [w.main_order_id for w in bx.twap_history(now - DAY, now)]
    bx.close_all_positions("ETH-USDT")
