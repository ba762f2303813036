"""ccxt's bingx on the simulator with live markets: its default `load_markets` fetches the coin-M contracts
(`/openApi/cswap/v1/market/contracts`), and its coin-M calls (ticker, book, balance, positions, orders) work."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from tradewire import BingX
from tradewire.sim import Simulator

ccxt = pytest.importorskip("ccxt")
D = Decimal


def live_ccxt(sim: Simulator) -> Any:
    """ccxt's bingx pointed at the simulator, not in sandbox mode (the currencies are another family's)."""
    user = sim.users[1]
    ex = ccxt.bingx({"apiKey": user.api_key, "secret": user.secret_key})

    def point(urls: dict[str, Any]) -> None:
        for k, v in urls.items():
            if isinstance(v, str):
                urls[k] = sim.bingx_url + "/openApi"
            elif isinstance(v, dict):
                point(v)

    point(ex.urls["api"])
    ex.fetch_currencies = lambda params=None: {}
    return ex


@pytest.fixture
def frozen(sim: Simulator) -> Iterator[Simulator]:
    sim.clock.speed = 0
    yield sim
    sim.clock.speed = 1


def test_load_markets_reads_the_coin_m_contracts(frozen: Simulator) -> None:
    sim = frozen
    ex = live_ccxt(sim)
    ex.load_markets()
    m = ex.markets["BTC/USD:BTC"]
    assert (m["id"], m["inverse"], m["linear"], m["settle"], m["active"]) == ("BTC-USD", True, False, "BTC", True)
    assert D(str(m["contractSize"])) == D(10) and D(str(m["precision"]["price"])) == D("0.1")  # float ok: ccxt
    assert {"ETH/USD:ETH", "SOL/USD:SOL", "BTC/USDT:USDT", "BTC/USDT"} <= set(ex.markets)
    assert any(r.path == "/openApi/cswap/v1/market/contracts" for r in sim.requests)
    user = sim.users[1]
    with BingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as bx:
        ticker, depth = bx.cswap_ticker("BTC-USD"), bx.cswap_depth("BTC-USD", 5)
        t = ex.fetch_ticker("BTC/USD:BTC")
        book = ex.fetch_order_book("BTC/USD:BTC", 5)
        assert D(str(t["last"])) == ticker.last_price  # float ok: ccxt
        assert [[D(str(p)), D(str(q))] for p, q in book["bids"]] == [list(lv) for lv in depth.bids]  # float ok
        balance = ex.fetch_balance({"type": "swap", "subType": "inverse"})
        ours = {b.asset: b for b in bx.cswap_balance()}
        assert D(str(balance["BTC"]["total"])) == ours["BTC"].equity  # float ok: ccxt
        order = ex.create_order("BTC/USD:BTC", "market", "buy", 50, None, {"positionSide": "LONG"})
        [pos] = bx.cswap_positions("BTC-USD")
        # ccxt parses a coin-M placement from the whole envelope (not `data`), so its id is in `info`
        assert pos.position_amt == D(50) and order["info"]["data"]["orderId"] == pos.position_id
        [theirs] = ex.fetch_positions(["BTC/USD:BTC"])
        assert (D(str(theirs["contracts"])), theirs["side"]) == (D(50), "long")  # float ok: ccxt
        ex.create_order("BTC/USD:BTC", "market", "sell", 50, None, {"positionSide": "LONG"})
        assert bx.cswap_positions("BTC-USD") == []
