"""ccxt's bingx client reads spot market data from the simulator (its spot routes) and agrees with tradewire."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from tradewire import BingX
from tradewire.sim import Simulator

ccxt = pytest.importorskip("ccxt")
D = Decimal


def spot_ccxt(sim: Simulator) -> Any:
    """ccxt's bingx on the simulator with live (not sandbox) markets: spot and linear swaps; the coin-M
    contract list and the currencies are left out (other families)."""
    user = sim.users[0]
    ex = ccxt.bingx({"apiKey": user.api_key, "secret": user.secret_key})

    def point(urls: dict[str, Any]) -> None:
        for k, v in urls.items():
            if isinstance(v, str):
                urls[k] = sim.bingx_url + "/openApi"
            elif isinstance(v, dict):
                point(v)

    point(ex.urls["api"])
    ex.fetch_inverse_swap_markets = lambda params=None: []
    ex.fetch_currencies = lambda params=None: {}
    return ex


@pytest.fixture
def frozen(sim: Simulator) -> Iterator[Simulator]:
    sim.clock.speed = 0
    yield sim
    sim.clock.speed = 1


def test_ccxt_spot_book_trades_candles_ticker_fee(frozen: Simulator) -> None:
    sim = frozen
    ex = spot_ccxt(sim)
    ex.load_markets()
    assert ex.markets["BTC/USDT"]["spot"] is True
    user = sim.users[0]
    with BingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as bx:
        depth, trades, ticker = bx.spot_depth("BTC-USDT", 5), bx.spot_trades("BTC-USDT", 3), bx.spot_ticker("BTC-USDT")
        candles = bx.spot_klines("BTC-USDT", "1h", limit=2)
    book = ex.fetch_order_book("BTC/USDT", 5)
    assert [[D(str(p)), D(str(q))] for p, q in book["bids"]] == [list(lv) for lv in depth.bids]  # float ok: ccxt
    assert [[D(str(p)), D(str(q))] for p, q in book["asks"]] == [list(lv) for lv in depth.asks]  # float ok: ccxt
    theirs = ex.fetch_trades("BTC/USDT", limit=3)
    assert [(t["id"], D(str(t["price"])), t["side"]) for t in theirs] == [
        (t.id, t.price, "sell" if t.buyer_maker else "buy") for t in trades]
    ohlcv = ex.fetch_ohlcv("BTC/USDT", "1h", limit=2)
    assert [(c[0], D(str(c[4]))) for c in ohlcv] == [(k.time, k.close) for k in candles]
    t = ex.fetch_ticker("BTC/USDT")
    assert (D(str(t["last"])), D(str(t["bid"])), D(str(t["ask"]))) == (ticker.last_price, ticker.bid_price,
                                                                        ticker.ask_price)
    fee = ex.fetch_trading_fee("BTC/USDT")
    assert (D(str(fee["maker"])), D(str(fee["taker"]))) == (D("0.001"), D("0.001"))
    armed = ex.cancel_all_orders_after(30_000, {"type": "spot"})
    assert armed["data"]["triggerTime"] == sim.clock.now_ms() + 30_000
