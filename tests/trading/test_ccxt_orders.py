"""ccxt's bingx client creates, fetches and cancels swap orders against the simulator."""

from __future__ import annotations

from decimal import Decimal as D

import ccxt

from tradewire.sim import Simulator


def test_ccxt_create_fetch_cancel() -> None:
    with Simulator(rate_limits=False) as sim:
        user = sim.users[0]
        ex = ccxt.bingx({"apiKey": user.api_key, "secret": user.secret_key})
        ex.set_sandbox_mode(True)
        ex.urls["api"] = {k: f"{sim.bingx_url}/openApi" for k in ex.urls["api"]}
        ex.load_markets()
        limit = ex.create_order("ETH/USDT:USDT", "limit", "buy", 0.1, 1000.0,  # float ok: ccxt's interface
                                {"positionSide": "LONG"})
        fetched = ex.fetch_order(limit["id"], "ETH/USDT:USDT")
        assert (fetched["id"], fetched["status"], fetched["price"]) == (limit["id"], "open", 1000.0)
        canceled = ex.cancel_order(limit["id"], "ETH/USDT:USDT")
        assert canceled["id"] == limit["id"]
        assert ex.fetch_order(limit["id"], "ETH/USDT:USDT")["status"] == "canceled"
        market = ex.create_order("ETH/USDT:USDT", "market", "buy", 0.1, None, {"positionSide": "LONG"})
        assert ex.fetch_order(market["id"], "ETH/USDT:USDT")["status"] == "closed"
        uid = user.uid
        assert any(p.symbol == "ETH-USDT" and p.side == "LONG" and p.amount == D("0.1")
                   for p in sim.state.book.positions[uid])
