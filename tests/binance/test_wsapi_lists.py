"""Order lists over the WebSocket API (orderList.place.oco/oto/otoco, orderList.cancel/status, openOrderLists,
allOrderLists), the account and history methods, and order lists lost after the server acted: reconciled by
listClientOrderId, never re-sent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.binance.test_wsapi import client, raw
from tradewire.binance.wsapi import AsyncWsApi
from tradewire.core.errors import OrderNotFound, UnknownOrderState, ValidationError
from tradewire.sim.binance.server import BinanceSim

D = Decimal


def lists(sim: BinanceSim, cid: str) -> int:
    """How many order lists carry the list client order id `cid`."""
    return sum(1 for ol in sim.exchange.engine.lists.values() if ol.client_id == cid)


async def _oco(api: AsyncWsApi, cid: str) -> object:
    return await api.new_order_list_oco("BTCUSDT", "SELL", D("0.01"), above_type="LIMIT_MAKER",
                                        below_type="STOP_LOSS_LIMIT", abovePrice=D("66000"), belowPrice=D("63900"),
                                        belowStopPrice=D("64000"), belowTimeInForce="GTC", list_client_order_id=cid)


async def test_order_lists_over_the_socket(sim: BinanceSim) -> None:
    async with client(sim) as api:
        oco = await _oco(api, "ws-oco-1")
        oto = await api.new_order_list_oto("BTCUSDT", working_type="LIMIT", working_side="BUY",
                                           working_price=D("64000"), working_quantity=D("0.01"),
                                           workingTimeInForce="GTC", pending_type="LIMIT_MAKER", pending_side="SELL",
                                           pending_quantity=D("0.01"), pendingPrice=D("66000"),
                                           list_client_order_id="ws-oto-1")
        otoco = await api.new_order_list_otoco(
            "BTCUSDT", working_type="LIMIT", working_side="BUY", working_price=D("64000"),
            working_quantity=D("0.01"), workingTimeInForce="GTC", pending_side="SELL", pending_quantity=D("0.01"),
            pending_above_type="LIMIT_MAKER", pending_below_type="STOP_LOSS", pendingAbovePrice=D("66000"),
            pendingBelowStopPrice=D("63000"), list_client_order_id="ws-otoco-1")
        assert [(x.contingency_type, x.list_client_order_id, len(x.order_reports))  # type: ignore[attr-defined]
                for x in (oco, oto, otoco)] == [("OCO", "ws-oco-1", 2), ("OTO", "ws-oto-1", 2),
                                                ("OTO", "ws-otoco-1", 3)]
        got = await api.get_order_list(list_client_order_id="ws-oto-1")
        assert (got.list_order_status, [o.client_order_id != "" for o in got.orders]) == ("EXECUTING", [True, True])
        assert sorted(x.list_client_order_id for x in await api.open_order_lists()) == [
            "ws-oco-1", "ws-oto-1", "ws-otoco-1"]
        done = await api.cancel_order_list("BTCUSDT", list_client_order_id="ws-oco-1")
        assert (done.list_order_status, [r.status for r in done.order_reports]) == (
            "ALL_DONE", ["CANCELED", "CANCELED"])
        assert len(await api.open_order_lists()) == 2
        assert [x.list_client_order_id for x in await api.all_order_lists(limit=1)] == ["ws-otoco-1"]
        fee = await api.account_commission("BTCUSDT")
        assert (fee.symbol, fee.standard_commission.maker, fee.standard_commission.taker) == (
            "BTCUSDT", D("0.001"), D("0.001"))
        assert [r.rate_limit_type for r in await api.order_rate_limits()] == ["ORDERS", "ORDERS"]
        assert len(await api.all_orders("BTCUSDT")) == 7  # 2 + 2 + 3 orders of the three lists
        assert await api.my_trades("BTCUSDT") == []
        with pytest.raises(OrderNotFound, match=r"\[-2011\]"):
            await api.cancel_order_list("BTCUSDT", list_client_order_id="ws-oco-1")  # already cancelled
        with pytest.raises(ValidationError, match="orderListId"):
            await api.get_order_list()
    methods = [x["method"] for x in sim.wsapi.seen]
    assert {"orderList.place.oco", "orderList.place.oto", "orderList.place.otoco", "orderList.cancel",
            "orderList.status", "openOrderLists.status", "allOrderLists", "account.commission",
            "account.rateLimits.orders", "allOrders", "myTrades"} <= set(methods)


async def test_order_list_methods_are_signed_and_weighed(sim: BinanceSim) -> None:
    """web-socket-api.md: orderList.status weighs 4, allOrderLists 20 (after the connection's 2); both signed."""
    answers = await raw(sim, [{"id": 1, "method": "orderList.status", "params": {}},
                              {"id": 2, "method": "allOrderLists", "params": {}}])
    missing = {"code": -1102, "msg": "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed."}
    assert [(a["status"], a["error"], a["rateLimits"][0]["count"]) for a in answers] == [
        (400, missing, 6), (400, missing, 26)]


@pytest.mark.parametrize("method", ["orderList.place.oco", "orderList.place.oto"])
async def test_list_lost_after_execution_is_reconciled_not_resent(sim: BinanceSim, method: str) -> None:
    sim.wsapi.fault(method, "drop_after")
    async with client(sim) as api:
        if method == "orderList.place.oco":
            ol = await _oco(api, "lost-list")
        else:
            ol = await api.new_order_list_oto("BTCUSDT", working_type="LIMIT", working_side="BUY",
                                              working_price=D("64000"), working_quantity=D("0.01"),
                                              workingTimeInForce="GTC", pending_type="LIMIT_MAKER",
                                              pending_side="SELL", pending_quantity=D("0.01"),
                                              pendingPrice=D("66000"), list_client_order_id="lost-list")
        assert (ol.list_client_order_id, ol.list_order_status) == ("lost-list", "EXECUTING")  # type: ignore[attr-defined]
        assert api.connects == 2
    assert lists(sim, "lost-list") == 1
    assert [x["method"] for x in sim.wsapi.seen].count(method) == 1


async def test_list_lost_before_execution_is_unknown_not_resent(sim: BinanceSim) -> None:
    sim.wsapi.fault("orderList.place.oco", "drop")
    async with client(sim) as api:
        with pytest.raises(UnknownOrderState) as e:
            await _oco(api, "never-list")
        assert e.value.client_order_id == "never-list"
    assert lists(sim, "never-list") == 0
    methods = [x["method"] for x in sim.wsapi.seen]
    assert methods.count("orderList.place.oco") == 0 and methods.count("orderList.status") == 4
