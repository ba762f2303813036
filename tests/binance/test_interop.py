"""Other clients pointed at the simulator: python-binance and ccxt read, place, query and cancel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY


def test_python_binance(sim: BinanceSim) -> None:
    binance_client = pytest.importorskip("binance.client")
    c = binance_client.Client(DEMO_API_KEY, DEMO_SECRET_KEY, ping=False)
    c.API_URL = sim.url + "/api"
    _, bids, _ = sim.exchange.engine.depth("BTCUSDT", 5)
    assert c.get_order_book(symbol="BTCUSDT", limit=5)["bids"] == [[f"{p:.8f}", f"{q:.8f}"] for p, q in bids]
    assert c.get_symbol_ticker(symbol="ETHUSDT") == {"symbol": "ETHUSDT", "price": "3200.00000000"}
    assert c.get_asset_balance("USDT") == {"asset": "USDT", "free": "10000.00000000", "locked": "0.00000000"}
    o = c.create_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.001",
                       price="64000.00")
    assert c.get_order(symbol="BTCUSDT", orderId=o["orderId"])["status"] == "NEW"
    assert c.cancel_order(symbol="BTCUSDT", orderId=o["orderId"])["status"] == "CANCELED"
    c.close_connection()


def test_ccxt(sim: BinanceSim) -> None:
    ccxt = pytest.importorskip("ccxt")
    ex = ccxt.binance({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY,
                       "options": {"fetchMarkets": ["spot"], "fetchCurrencies": False}})
    for key in ("public", "private", "v1", "v3"):
        ex.urls["api"][key] = sim.url + "/api/" + key if key in ("v1", "v3") else sim.url + "/api/v3"
    ex.urls["api"]["sapi"] = sim.url + "/sapi/v1"
    book = ex.fetch_order_book("BTC/USDT", 5)
    _, bids, _ = sim.exchange.engine.depth("BTCUSDT", 5)
    assert book["bids"] == [[float(p), float(q)] for p, q in bids]  # ccxt's own floats
    assert ex.fetch_balance()["USDT"]["free"] == 10000.0
    o = ex.create_order("BTC/USDT", "limit", "buy", 0.001, 64000)
    assert ex.fetch_order(o["id"], "BTC/USDT")["status"] == "open"
    assert ex.cancel_order(o["id"], "BTC/USDT")["status"] == "canceled"
    assert Decimal(str(sim.exchange.ledger.balance(sim.exchange.users[0].uid, "spot", "USDT"))) == Decimal(10000)


def test_ccxt_default_load_markets(sim: BinanceSim) -> None:
    """ccxt's defaults: spot, USD-M and COIN-M markets, and the currencies from capital/config/getall."""
    ccxt = pytest.importorskip("ccxt")
    ex = ccxt.binance({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY})
    for key, url in ex.urls["api"].items():  # every host (api, sapi, fapi, dapi, ...) is the simulator
        ex.urls["api"][key] = sim.url + "/" + url.split("/", 3)[3]
    ex.load_markets()
    assert sorted(ex.markets) == ["BTC/USDT", "BTC/USDT:USDT", "ETH/USDT", "ETH/USDT:USDT"]
    assert {"BNB", "BTC", "ETH", "USDT"} <= set(ex.currencies)
    usdt = ex.currencies["USDT"]
    assert (usdt["name"], usdt["fee"], usdt["limits"]["withdraw"]["min"]) == ("TetherUS", 1.0, 10.0)  # ccxt floats
    assert list(usdt["networks"]) == ["TRC20"]
    paths = {p for _, p, _, _ in sim.rest.seen}
    assert {"/api/v3/exchangeInfo", "/fapi/v1/exchangeInfo", "/dapi/v1/exchangeInfo",
            "/sapi/v1/capital/config/getall"} <= paths
