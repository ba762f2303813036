"""The USD-M futures book of its own: market orders walk it, user orders rest in it with their queue place
(REST depth and the depth stream), maker/taker fees by liquidity, IOC/FOK/GTX."""

from __future__ import annotations

import asyncio
from decimal import ROUND_DOWN, Decimal

import pytest

from tests.binance.test_futures import Q8
from tests.both import Both
from tests.walk import vwap, walk
from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.futures_streams import FuturesLocalBook
from tradewire.core.errors import ExchangeError
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal


def _fund(bn: Both) -> None:
    """The house's levels are coins deep: the spot USDT moves to the futures wallet, leverage 125."""
    bn.universal_transfer("MAIN_UMFUTURE", "USDT", D(10000))
    bn.futures_set_leverage("BTCUSDT", 125)


def test_market_order_walks_the_book(bn: Both) -> None:
    _fund(bn)
    asks = bn.futures_depth("BTCUSDT", limit=5).asks
    qty = asks[0][1] + asks[1][1] + D("0.001")  # the first two levels and one step of the third
    fills = walk(asks, qty)
    assert len(fills) == 3
    o = bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=qty)
    assert (o.status, o.executed_qty, o.avg_price) == ("FILLED", qty, vwap(fills).quantize(Q8))
    assert o.avg_price > asks[0][0]  # worse than the best price
    trades = bn.futures_user_trades("BTCUSDT")
    assert [(t.price, t.qty, t.maker, t.commission) for t in trades] == [
        (p, q, False, (p * q * D("0.0004")).quantize(Q8, ROUND_DOWN)) for p, q in fills]
    after = bn.futures_depth("BTCUSDT", limit=5).asks
    left = asks[2][1] - D("0.001")  # the levels it took are gone, the third one step smaller
    assert after[0] == ((asks[2][0], left) if left else asks[3])


def test_queue_place_and_maker_fee(bn: Both, sim: BinanceSim) -> None:
    engine = sim.exchange.futures.engine
    price, ahead = bn.futures_depth("BTCUSDT", limit=5).bids[0]
    o = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.002"), price=price, time_in_force="GTC")
    assert bn.futures_depth("BTCUSDT", limit=5).bids[0] == (price, ahead + D("0.002"))  # rests at the back
    sim.run(lambda: engine.house_order("BTCUSDT", "SELL", price, ahead, tif="IOC"))  # takes the queue ahead
    assert bn.futures_get_order("BTCUSDT", order_id=int(o.order_id)).executed_qty == D(0)
    sim.run(lambda: engine.house_order("BTCUSDT", "SELL", price, D("0.001"), tif="IOC"))
    got = bn.futures_get_order("BTCUSDT", order_id=int(o.order_id))
    assert (got.status, got.executed_qty) == ("PARTIALLY_FILLED", D("0.001"))
    (t,) = bn.futures_user_trades("BTCUSDT")
    assert (t.price, t.qty, t.maker, t.commission) == (price, D("0.001"), True,
                                                       (price * D("0.001") * D("0.0002")).quantize(Q8, ROUND_DOWN))


def test_ioc_fok_and_gtx(bn: Both) -> None:
    _fund(bn)
    asks = bn.futures_depth("BTCUSDT", limit=5).asks
    top, size = asks[0]
    fok = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=size + D("0.001"), price=top, time_in_force="FOK")
    assert (fok.status, fok.executed_qty) == ("EXPIRED", D(0))  # the level at its price is too small
    ioc = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=size + D("0.001"), price=top, time_in_force="IOC")
    assert (ioc.status, ioc.executed_qty, ioc.avg_price) == ("EXPIRED", size, top)  # the rest is cancelled
    with pytest.raises(ExchangeError, match=r"\[-5022\]"):
        bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=asks[1][0], time_in_force="GTX")
    bid = bn.futures_depth("BTCUSDT", limit=5).bids[0][0]
    gtx = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=bid, time_in_force="GTX")
    assert gtx.status == "NEW"


def test_resting_order_shows_in_the_depth_stream(sim: BinanceSim) -> None:
    async def run() -> tuple[Decimal, Decimal]:
        async with AsyncBinance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=sim.url, futures_url=sim.url,
                                futures_ws_url=sim.fws_url) as bn:
            local = FuturesLocalBook(bn, "BTCUSDT", limit=1000)
            price = D(0)
            async for _ in local:
                if not price and local.sync.synced:  # synced: place a bid under the house's ladder
                    price = (await bn.futures_depth("BTCUSDT", limit=1000)).bids[-1][0] - 10
                    await bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.003"), price=price,
                                               time_in_force="GTC")
                elif price and (qty := dict(local.book.top(1000)[0]).get(price)) is not None:
                    return price, qty
            raise AssertionError("the stream ended")

    _, qty = asyncio.run(asyncio.wait_for(run(), 60))
    assert qty == D("0.003")
