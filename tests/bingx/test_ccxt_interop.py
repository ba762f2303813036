"""A client written for the real exchange (ccxt's bingx) is satisfied by the simulator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tradewire import BingX
from tradewire.sim import Simulator

ccxt = pytest.importorskip("ccxt")


def pointed(sim: Simulator) -> Any:
    user = sim.users[0]
    ex = ccxt.bingx({"apiKey": user.api_key, "secret": user.secret_key})
    ex.set_sandbox_mode(True)  # swap markets only

    def point(urls: dict[str, Any]) -> None:
        for k, v in urls.items():
            if isinstance(v, str):
                urls[k] = sim.bingx_url + "/openApi"
            elif isinstance(v, dict):
                point(v)

    point(ex.urls["api"])
    point(ex.urls.get("test", {}))
    return ex


def test_ccxt_reads_balance_positions_book_trades_ohlcv(sim: Simulator) -> None:
    ex = pointed(sim)
    ex.load_markets()
    assert {"BTC/USDT:USDT", "ETH/USDT:USDT"} <= set(ex.markets)

    user = sim.users[0]
    with BingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as bx:
        ours = {b.asset: b for b in bx.swap_balance()}["USDT"]
        positions = {p.symbol: p for p in bx.positions()}

    balance = ex.fetch_balance({"type": "swap"})["USDT"]
    assert Decimal(str(balance["total"])) == ours.balance
    assert Decimal(str(balance["free"])) == ours.available_margin

    theirs = {p["symbol"]: p for p in ex.fetch_positions()}
    btc = theirs["BTC/USDT:USDT"]
    assert btc["side"] == "long" and btc["marginMode"] == "isolated"
    assert Decimal(str(btc["contracts"])) == positions["BTC-USDT"].position_amt
    assert Decimal(str(btc["entryPrice"])) == positions["BTC-USDT"].avg_price

    book = ex.fetch_order_book("BTC/USDT:USDT", 5)
    assert len(book["bids"]) == 5 and book["bids"][0][0] < book["asks"][0][0]

    trades = ex.fetch_trades("BTC/USDT:USDT", limit=3)
    assert len(trades) == 3 and all(t["price"] > 0 and t["side"] in ("buy", "sell") for t in trades)

    candles = ex.fetch_ohlcv("BTC/USDT:USDT", "1h", limit=3)
    assert len(candles) == 3
    assert all(c[3] <= min(c[1], c[4]) <= max(c[1], c[4]) <= c[2] for c in candles)
