"""Swap orders sized by quote amount (`quoteOrderQty`) and client ids spelled `clientOrderID` (as ccxt sends
them), through the sync and the async client; the clock is frozen so the last price stays put."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN
from decimal import Decimal as D
from typing import Any
from urllib.parse import parse_qs

import ccxt
import pytest

from tradewire.core.errors import OrderRejected
from tradewire.sim import Simulator

Both = Any


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    yield


def last(sim: Simulator, symbol: str) -> D:
    return sim.state.market.last_price(symbol, sim.clock.now_ms())


def test_limit_quote_amount_is_cut_to_the_step(bx: Both) -> None:
    # 100 USDT at 3000.00 is 0.0333.. ETH: 0.03 at the contract's step of 0.01
    o = bx.swap_order("ETH-USDT", "BUY", "LIMIT", quote_order_qty=D(100), price=D("3000.00"), time_in_force="GTC",
                      position_side="LONG")
    assert (o.orig_qty, o.price, o.status) == (D("0.03"), D("3000.00"), "NEW")
    assert bx.swap_order_info("ETH-USDT", order_id=o.order_id).orig_qty == D("0.03")
    # SOL at 147.250, 1000 USDT: 6.79.. at the step of 0.1 is 6.7
    s = bx.test_swap_order("SOL-USDT", "BUY", "LIMIT", quote_order_qty=D(1000), price=D("147.250"),
                           time_in_force="GTC", position_side="LONG")
    assert s.orig_qty == D("6.7")


def test_market_quote_amount_fills_at_last_price(bx: Both, sim: Simulator) -> None:
    price = last(sim, "BTC-USDT")
    o = bx.swap_order("BTC-USDT", "BUY", "MARKET", quote_order_qty=D(500), position_side="LONG")
    expected = (D(500) / price).quantize(D("0.0001"), ROUND_DOWN)
    assert expected > 0 and (o.orig_qty, o.status) == (expected, "FILLED")
    assert bx.swap_order_info("BTC-USDT", order_id=o.order_id).executed_qty == expected


def test_quantity_wins_over_quote_amount(bx: Both) -> None:
    o = bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=D("0.50"), quote_order_qty=D(100), price=D("3000.00"),
                      time_in_force="GTC", position_side="LONG")
    assert o.orig_qty == D("0.50")


def test_quote_amount_below_the_minimum_is_refused(bx: Both) -> None:
    # 20 USDT at 3000.00 buys 0.0066 ETH: below the minimum of 0.01
    with pytest.raises(OrderRejected) as e:
        bx.swap_order("ETH-USDT", "BUY", "LIMIT", quote_order_qty=D(20), price=D("3000.00"), time_in_force="GTC",
                      position_side="LONG")
    assert e.value.code == 101400
    assert bx.swap_open_orders() == []


def test_client_order_id_spelled_with_capital_id(bx: Both) -> None:
    # the typed client sends `clientOrderId` (the reference) and refuses a second spelling; the escape hatch
    # sends ccxt's `clientOrderID`
    placed = bx.request("POST", "/openApi/swap/v2/trade/order", {
        "symbol": "ETH-USDT", "side": "BUY", "positionSide": "LONG", "type": "LIMIT", "quantity": "0.10",
        "price": "3000.00", "timeInForce": "GTC", "clientOrderID": "CcxtCid1"})
    order = placed["order"]
    assert (order["clientOrderID"], order["quantity"], order["status"]) == ("ccxtcid1", "0.10", "NEW")
    found = bx.swap_order_info("ETH-USDT", client_order_id="ccxtcid1")
    assert (str(found.order_id), found.client_order_id) == (order["orderID"], "ccxtcid1")
    canceled = bx.request("DELETE", "/openApi/swap/v2/trade/order", {"symbol": "ETH-USDT",
                                                                      "clientOrderID": "CCXTCID1"})
    assert (canceled["order"]["orderId"], canceled["order"]["status"]) == (int(order["orderID"]), "CANCELED")


def test_ccxt_client_order_id_is_echoed(sim: Simulator) -> None:
    user = sim.users[0]
    ex = ccxt.bingx({"apiKey": user.api_key, "secret": user.secret_key})
    ex.set_sandbox_mode(True)
    ex.urls["api"] = {k: f"{sim.bingx_url}/openApi" for k in ex.urls["api"]}
    ex.load_markets()
    placed = ex.create_order("ETH/USDT:USDT", "limit", "buy", 0.1, 1000.0,  # float ok: ccxt's interface
                             {"positionSide": "LONG", "clientOrderId": "ccxt42"})
    sent = [r for r in sim.requests if r.path == "/openApi/swap/v2/trade/order" and r.method == "POST"]
    assert parse_qs(sent[-1].raw_query + "&" + sent[-1].body.decode())["clientOrderID"] == ["ccxt42"]
    assert (placed["clientOrderId"], placed["amount"]) == ("ccxt42", 0.1)
    canceled = ex.cancel_order(placed["id"], "ETH/USDT:USDT", {"clientOrderId": "ccxt42"})
    assert canceled["id"] == placed["id"]
    assert ex.fetch_order(placed["id"], "ETH/USDT:USDT")["status"] == "canceled"
