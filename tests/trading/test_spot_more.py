"""Spot endpoints beyond single orders: locked balances, cancel-replace, multi-cancel and OCO, to the exact decimal."""

from __future__ import annotations

from decimal import ROUND_DOWN
from decimal import Decimal as D
from typing import Any

import pytest

from tests.walk import spot_depth
from tradewire.core.errors import NotFound
from tradewire.sim import Simulator
from tradewire.sim.tape import SPACING_MS

Both = Any


def wallet(bx: Both) -> dict[str, tuple[D, D]]:
    return {b.asset: (b.free, b.locked) for b in bx.spot_balance()}


def test_open_orders_show_as_locked(bx: Both) -> None:
    bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), time_in_force="GTC")
    bx.spot_order("BTC-USDT", "SELL", "LIMIT", quantity=D("0.002"), price=D("70000"), time_in_force="GTC")
    assert wallet(bx) == {"BTC": (D("0.01034567"), D("0.002")), "USDT": (D("2440.5"), D("60"))}
    bx.cancel_spot_open_orders()
    assert wallet(bx) == {"BTC": (D("0.01234567"), D("0")), "USDT": (D("2500.5"), D("0"))}


def test_cancel_replace_modes_and_restrictions(bx: Both) -> None:
    o = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), time_in_force="GTC")
    kw: dict[str, Any] = dict(quantity=D("0.002"), price=D("61000"), time_in_force="GTC")
    stop = bx.cancel_replace_spot_order("BTC-USDT", "STOP_ON_FAILURE", "BUY", "LIMIT", cancel_order_id=o.order_id,
                                        cancel_restrictions="PARTIALLY_FILLED", **kw)
    assert (stop.cancel_result, stop.new_order_result, stop.new_order_response) == ("FAILURE", "FAILURE", None)
    assert wallet(bx)["USDT"] == (D("2440.5"), D("60"))  # untouched
    allow = bx.cancel_replace_spot_order("BTC-USDT", "ALLOW_FAILURE", "BUY", "LIMIT", cancel_order_id=o.order_id,
                                         cancel_restrictions="PARTIALLY_FILLED", **kw)
    assert (allow.cancel_result, allow.new_order_result) == ("FAILURE", "SUCCESS")
    assert wallet(bx)["USDT"] == (D("2318.5"), D("182"))  # both rest: 60 + 122
    ok = bx.cancel_replace_spot_order("BTC-USDT", "STOP_ON_FAILURE", "BUY", "LIMIT", cancel_order_id=o.order_id,
                                      cancel_restrictions="NEW", quantity=D("0.001"), price=D("62000"),
                                      time_in_force="GTC")
    assert (ok.cancel_result, ok.new_order_result) == ("SUCCESS", "SUCCESS")
    assert ok.cancel_response is not None and ok.cancel_response.status == "CANCELED"
    assert wallet(bx)["USDT"] == (D("2316.5"), D("184"))  # 122 + 62
    assert sorted(x.price for x in bx.spot_open_orders("BTC-USDT")) == [D("61000"), D("62000")]


def test_cancel_several_orders(bx: Both) -> None:
    a = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), time_in_force="GTC")
    bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("59000"), time_in_force="GTC",
                  client_order_id="second_1")
    with pytest.raises(NotFound) as e:
        bx.cancel_spot_orders("BTC-USDT", order_ids=[str(a.order_id), "1700000000000999999"])
    assert e.value.code == 100404
    assert len(bx.spot_open_orders("BTC-USDT")) == 2  # process=0: all or nothing
    done = bx.cancel_spot_orders("BTC-USDT", order_ids=[str(a.order_id)], client_order_ids=["second_1"])
    assert sorted(x.status for x in done) == ["CANCELED", "CANCELED"]
    assert wallet(bx)["USDT"] == (D("2500.5"), D("0"))
    c = bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), time_in_force="GTC")
    partial = bx.cancel_spot_orders("BTC-USDT", order_ids=[str(c.order_id), "1700000000000999999"], process=1)
    assert [x.order_id for x in partial] == [c.order_id]


def test_oco_place_query_cancel(bx: Both) -> None:
    oco = bx.oco_order("BTC-USDT", "SELL", D("0.01"), D("66000"), D("64000"), D("63990"),
                       list_client_order_id="123", aboveClientOrderId="tp_1", belowClientOrderId="sl_1")
    assert (oco.contingency_type, oco.list_order_status, oco.list_client_order_id) == ("OCO", "EXECUTING", "123")
    reports = {r.client_order_id: (r.type, r.status, r.price, r.stop_price) for r in oco.order_reports or []}
    assert reports == {"tp_1": ("LIMIT", "NEW", D("66000"), D("0")),
                       "sl_1": ("TRIGGER_LIMIT", "NEW", D("63990"), D("64000"))}
    assert wallet(bx)["BTC"] == (D("0.00234567"), D("0.01"))  # the limit leg holds the funds for both
    assert bx.oco_order_info(order_list_id=oco.order_list_id).list_client_order_id == "123"
    stop_leg = next(leg for leg in oco.orders or [] if leg.client_order_id == "sl_1")
    done = bx.cancel_oco_order(order_id=stop_leg.order_id)
    assert done.list_order_status == "ALL_DONE"
    assert {r.status for r in done.order_reports or []} == {"CANCELED"}
    assert wallet(bx)["BTC"] == (D("0.01234567"), D("0"))
    with pytest.raises(NotFound) as e:
        bx.cancel_oco_order(client_order_id="tp_1")
    assert e.value.code == 100404


def test_oco_limit_fill_cancels_the_stop_leg(bx: Both, sim: Simulator) -> None:
    sim.clock.speed = 0
    p = spot_depth(bx, "BTC-USDT")[1][0][0] + D("0.50")  # the limit leg rests above the best ask
    oco = bx.oco_order("BTC-USDT", "SELL", D("0.01"), p, D("64000"), D("63990"))
    total = sim.ledger.total("USDT")
    for _ in range(2000):  # the tape trades up through the limit leg within a few prints (bounded)
        after = bx.oco_order_info(order_list_id=oco.order_list_id)
        if after.list_order_status == "ALL_DONE":
            break
        sim.clock.advance(SPACING_MS)
        bx.sync_time()  # signed spot calls must carry the simulator's time
    assert {r.type: r.status for r in after.order_reports or []} == {"LIMIT": "FILLED", "TRIGGER_LIMIT": "CANCELED"}
    fills = bx.spot_fills("BTC-USDT")
    assert all((f.price, f.is_maker) == (p, True) for f in fills) and sum(f.qty for f in fills) == D("0.01")
    fees = sum((-f.commission for f in fills), D(0))  # 0.1 % of the USDT received, per fill
    assert fees == sum(((p * f.qty * D("0.001")).quantize(D("1E-8"), ROUND_DOWN) for f in fills), D(0))
    assert wallet(bx) == {"BTC": (D("0.00234567"), D("0")), "USDT": (D("2500.5") + p * D("0.01") - fees, D("0"))}
    assert sim.ledger.total("USDT") == total
