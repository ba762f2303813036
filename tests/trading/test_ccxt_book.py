"""ccxt's bingx client on the book: a market order walks the depth ccxt read just before, and the trades
ccxt fetches reconcile with the wallet to the last decimal."""

from __future__ import annotations

from decimal import Decimal as D

import ccxt

from tests.walk import vwap, walk
from tradewire.sim import Simulator
from tradewire.sim.bingx.trading import trading


def test_ccxt_market_walk_and_reconciliation() -> None:
    with Simulator(rate_limits=False) as sim:
        sim.clock.speed = 0
        trading(sim.state)  # the house's funds exist from here on
        user = sim.users[0]
        ex = ccxt.bingx({"apiKey": user.api_key, "secret": user.secret_key})
        ex.set_sandbox_mode(True)
        ex.urls["api"] = {k: f"{sim.bingx_url}/openApi" for k in ex.urls["api"]}
        ex.load_markets()
        total, before = sim.ledger.total("USDT"), sim.ledger.balance(user.uid, "USDTMPerp", "USDT")
        book = ex.fetch_order_book("BTC/USDT:USDT", 20)
        asks = [(D(str(p)), D(str(q))) for p, q in book["asks"]]  # float ok: ccxt's numbers, exact in str
        qty = asks[0][1] + asks[1][1] + D("0.0001")
        fills = walk(asks, qty)
        placed = ex.create_order("BTC/USDT:USDT", "market", "buy", float(qty), None,  # float ok: ccxt's interface
                                 {"positionSide": "LONG"})
        order = ex.fetch_order(placed["id"], "BTC/USDT:USDT")
        assert order["status"] == "closed" and D(order["info"]["avgPrice"]) == vwap(fills)
        assert D(order["info"]["avgPrice"]) > asks[0][0]
        fee = sum(p * q * D("0.0005") for p, q in fills)
        assert D(order["info"]["commission"]) == -fee
        after = sim.ledger.balance(user.uid, "USDTMPerp", "USDT")
        assert after == before - fee and sim.ledger.total("USDT") == total
        closing = ex.create_order("BTC/USDT:USDT", "market", "sell", float(qty), None,  # float ok: ccxt
                                  {"positionSide": "LONG"})
        closed = ex.fetch_order(closing["id"], "BTC/USDT:USDT")["info"]
        pnl, fee2 = D(closed["profit"]), -D(closed["commission"])
        assert sim.ledger.balance(user.uid, "USDTMPerp", "USDT") == after + pnl - fee2
        assert sim.ledger.total("USDT") == total
