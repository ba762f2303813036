"""Other clients on the simulator's WebSocket API: ccxt.pro (user data and orders over `ws-api`) and
python-binance (its `ws_*` calls and the user socket, both on the WebSocket API)."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

BOUND_S = 30.0  # float ok: seconds; bounds a hang, never paces a test


def methods(sim: BinanceSim) -> list[str]:
    return [x["method"] for x in sim.wsapi.seen]


async def test_ccxt_pro_watch_orders_balance_and_create_order_ws(sim: BinanceSim) -> None:
    ccxtpro = pytest.importorskip("ccxt.pro")
    ex = ccxtpro.binance({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY,
                          "options": {"fetchMarkets": ["spot"], "fetchCurrencies": False}})
    for key in ("public", "private", "v1", "v3"):
        ex.urls["api"][key] = sim.url + "/api/" + key if key in ("v1", "v3") else sim.url + "/api/v3"
    ex.urls["api"]["sapi"] = sim.url + "/sapi/v1"
    ex.urls["api"]["ws"]["ws-api"]["spot"] = sim.ws_api_url  # what ccxt/pro/binance.py uses for spot user data
    try:
        await ex.load_markets()
        orders = asyncio.ensure_future(ex.watch_orders("BTC/USDT"))
        balance = asyncio.ensure_future(ex.watch_balance())
        deadline = asyncio.get_running_loop().time() + BOUND_S
        while not any(sess.subs for sess in list(sim.wsapi.sessions)):  # subscribed: no event can be missed
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.01)
        o = await ex.create_order_ws("BTC/USDT", "limit", "buy", 0.001, 64000)
        assert (o["status"], o["amount"], o["price"]) == ("open", 0.001, 64000.0)  # ccxt's own floats
        seen = await asyncio.wait_for(orders, BOUND_S)
        assert [(x["id"], x["status"]) for x in seen] == [(o["id"], "open")]
        bal = await asyncio.wait_for(balance, BOUND_S)
        assert (bal["USDT"]["free"], bal["USDT"]["used"]) == (9936.0, 64.0)
    finally:
        await ex.close()
    assert methods(sim) == ["userDataStream.subscribe.signature", "order.place"]
    order = sim.exchange.engine.orders[int(o["id"])]
    assert (order.qty, order.price, order.status) == (Decimal("0.001"), Decimal("64000"), "NEW")


async def test_python_binance_websocket_api_and_user_socket(sim: BinanceSim) -> None:
    pb = pytest.importorskip("binance")
    from binance.ws.websocket_api import WebsocketAPI

    c = pb.AsyncClient(DEMO_API_KEY, DEMO_SECRET_KEY)
    c.API_URL = sim.url + "/api"
    c.ws_api = WebsocketAPI(url=sim.ws_api_url)
    try:
        _, bids, _ = sim.exchange.engine.depth("BTCUSDT", 1)
        assert (await c.ws_get_order_book(symbol="BTCUSDT", limit=1))["bids"] == [[f"{p:.8f}", f"{q:.8f}"]
                                                                                   for p, q in bids]
        assert await c.ws_get_symbol_ticker(symbol="ETHUSDT") == {"symbol": "ETHUSDT", "price": "3200.00000000"}
        async with pb.BinanceSocketManager(c).user_socket() as sock:
            o = await c.ws_create_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC",
                                        quantity="0.001", price="64000")
            assert (o["status"], o["origQty"], o["price"]) == ("NEW", "0.00100000", "64000.00000000")
            report = await asyncio.wait_for(sock.recv(), BOUND_S)
            assert (report["e"], report["i"], report["X"]) == ("executionReport", o["orderId"], "NEW")
            position = await asyncio.wait_for(sock.recv(), BOUND_S)
            assert position["B"] == [{"a": "BTC", "f": "1.00000000", "l": "0.00000000"},
                                     {"a": "USDT", "f": "9936.00000000", "l": "64.00000000"}]
            assert (await c.ws_get_order(symbol="BTCUSDT", orderId=o["orderId"]))["status"] == "NEW"
            assert [x["orderId"] for x in await c.ws_get_open_orders(symbol="BTCUSDT")] == [o["orderId"]]
            assert (await c.ws_cancel_order(symbol="BTCUSDT", orderId=o["orderId"]))["status"] == "CANCELED"
            usdt = next(b for b in (await c.ws_get_account())["balances"] if b["asset"] == "USDT")
            assert usdt == {"asset": "USDT", "free": "10000.00000000", "locked": "0.00000000"}
    finally:
        await c.close_connection()
    assert methods(sim) == ["depth", "ticker.price", "userDataStream.subscribe.signature", "order.place",
                            "order.status", "openOrders.status", "order.cancel", "account.status",
                            "userDataStream.unsubscribe"]
