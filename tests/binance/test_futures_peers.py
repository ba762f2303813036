"""python-binance's futures calls and ccxt's binanceusdm pointed at the simulated USD-M futures."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

import pytest

from tests.binance.test_futures import Q8, entry_of
from tests.walk import vwap, walk
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal


def _python_binance(sim: BinanceSim) -> Any:
    client = pytest.importorskip("binance.client")
    c = client.Client(DEMO_API_KEY, DEMO_SECRET_KEY, ping=False)
    c.FUTURES_URL = sim.url + "/fapi"
    return c


def _ccxt(sim: BinanceSim) -> Any:
    ccxt = pytest.importorskip("ccxt")
    ex = ccxt.binanceusdm({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY,
                           "options": {"fetchMarkets": ["linear"], "fetchCurrencies": False}})
    for key, url in list(ex.urls["api"].items()):
        if isinstance(url, str) and url.startswith("https://fapi.binance.com"):
            ex.urls["api"][key] = sim.url + url.removeprefix("https://fapi.binance.com")
    return ex


def test_python_binance_futures(sim: BinanceSim) -> None:
    c = _python_binance(sim)
    assert c.futures_ping() == {}
    info = c.futures_exchange_info()
    assert [(s["symbol"], s["contractType"], s["marginAsset"]) for s in info["symbols"]] == [
        ("BTCUSDT", "PERPETUAL", "USDT"), ("ETHUSDT", "PERPETUAL", "USDT")]
    now = sim.exchange.clock.now_ms()
    k = c.futures_klines(symbol="BTCUSDT", interval="1m")[-1]
    m = sim.exchange.tapes.kline("BTCUSDT", "1m", now - now % 60_000, now).stats  # the futures follow the tape
    assert k[1:6] == [f"{m.open:.2f}", f"{m.high:.2f}", f"{m.low:.2f}", "65000.00", f"{m.volume:.3f}"]
    _, bids, asks = sim.exchange.futures.engine.depth("BTCUSDT", 5)
    assert c.futures_order_book(symbol="BTCUSDT", limit=5)["bids"][0] == [f"{bids[0][0]:.2f}", f"{bids[0][1]:.3f}"]
    fills = walk(asks, D("0.01"))
    entry = entry_of(fills)
    assert c.futures_change_leverage(symbol="BTCUSDT", leverage=10) == {
        "leverage": 10, "maxNotionalValue": "70000000", "symbol": "BTCUSDT"}
    rest = c.futures_create_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.010",
                                  price="60000")
    assert [o["orderId"] for o in c.futures_get_open_orders(symbol="BTCUSDT")] == [rest["orderId"]]
    assert c.futures_cancel_order(symbol="BTCUSDT", orderId=rest["orderId"])["status"] == "CANCELED"
    buy = c.futures_create_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.010")
    assert (buy["status"], buy["avgPrice"]) == ("FILLED", f"{vwap(fills):.8f}")  # walked, one fill per level
    (pos,) = c.futures_position_information(symbol="BTCUSDT")
    # margin at leverage 10: 0.01 x mark 65000 / 10
    assert (pos["positionAmt"], pos["entryPrice"], pos["unRealizedProfit"], pos["initialMargin"]) == (
        "0.010", f"{entry:.8f}", f"{(65000 - entry) * D('0.01'):.8f}", "65.00000000")
    fees = [(p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills]  # taker, per fill
    acct = c.futures_account()
    assert (acct["totalWalletBalance"], acct["totalPositionInitialMargin"]) == (
        f"{1000 - sum(fees):.8f}", "65.00000000")
    trades = c.futures_account_trades(symbol="BTCUSDT")
    assert [(t["orderId"], t["price"], t["qty"], t["commission"], t["maker"]) for t in trades] == [
        (buy["orderId"], f"{p:.2f}", f"{q:.3f}", f"{fee:.8f}", False) for (p, q), fee in zip(fills, fees, strict=True)]
    assert [(i["incomeType"], i["income"]) for i in c.futures_income_history()] == [
        ("COMMISSION", f"{-fee:.8f}") for fee in fees]
    assert c.futures_get_position_mode() == {"dualSidePosition": False}
    c.close_connection()


def test_ccxt_binanceusdm(sim: BinanceSim) -> None:
    ex = _ccxt(sim)
    markets = ex.load_markets()
    btc = markets["BTC/USDT:USDT"]
    assert (btc["id"], btc["linear"], btc["swap"], btc["precision"]["price"], btc["limits"]["cost"]["min"]) == (
        "BTCUSDT", True, True, 0.1, 5.0)
    assert ex.fetch_balance()["USDT"]["free"] == 1000.0
    assert ex.set_leverage(5, "BTC/USDT:USDT")["leverage"] == 5
    assert ex.set_margin_mode("isolated", "ETH/USDT:USDT") == {"code": 200, "msg": "success"}
    fills = walk(sim.exchange.futures.engine.depth("BTCUSDT", 5)[2], D("0.01"))
    o = ex.create_order("BTC/USDT:USDT", "market", "buy", 0.01)
    assert (o["status"], o["average"], o["filled"]) == ("closed", float(vwap(fills).quantize(Q8)), 0.01)  # walked
    (pos,) = ex.fetch_positions(["BTC/USDT:USDT"])
    assert (pos["side"], pos["contracts"], pos["entryPrice"], pos["initialMargin"]) == (
        "long", 0.01, float(entry_of(fills)), 130.0)
    assert ex.fetch_balance()["USDT"]["used"] == 130.0  # 0.01 x 65000 / 5
    rest = ex.create_order("BTC/USDT:USDT", "limit", "buy", 0.01, 60000)
    assert [x["id"] for x in ex.fetch_open_orders("BTC/USDT:USDT")] == [rest["id"]]
    fees = [(p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills]
    assert [(t["order"], t["price"], t["amount"], t["fee"]["cost"]) for t in ex.fetch_my_trades("BTC/USDT:USDT")] == [
        (o["id"], float(p), float(q), float(fee)) for (p, q), fee in zip(fills, fees, strict=True)]
    with pytest.raises(pytest.importorskip("ccxt").OperationRejected, match="-4047"):
        ex.set_margin_mode("isolated", "BTC/USDT:USDT")  # an open order blocks the change
    assert sim.exchange.fstate.margin_type == {(sim.exchange.users[0].uid, "ETHUSDT"): "ISOLATED"}
