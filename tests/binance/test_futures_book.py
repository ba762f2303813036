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
from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY

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


def test_modify_moves_the_order_in_the_book(bn: Both, sim: BinanceSim) -> None:
    """PUT /fapi/v1/order: a new price moves the order in the depth and to the back of its new level's queue;
    a smaller quantity at the same price keeps its queue place."""
    engine = sim.exchange.futures.engine
    (top, ahead), (lower, behind) = bn.futures_depth("BTCUSDT", limit=5).bids[:2]
    o = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.002"), price=top, time_in_force="GTC")
    sim.run(lambda: engine.house_order("BTCUSDT", "BUY", top, D("0.005")))  # rests behind the user's order
    bn.futures_modify_order("BTCUSDT", "BUY", D("0.001"), top, order_id=int(o.order_id))
    assert bn.futures_depth("BTCUSDT", limit=5).bids[0] == (top, ahead + D("0.006"))
    sim.run(lambda: engine.house_order("BTCUSDT", "SELL", top, ahead + D("0.001"), tif="IOC"))
    got = bn.futures_get_order("BTCUSDT", order_id=int(o.order_id))
    assert (got.status, got.executed_qty) == ("FILLED", D("0.001"))  # still ahead of the house's 0.005
    o = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.002"), price=top, time_in_force="GTC")
    bn.futures_modify_order("BTCUSDT", "BUY", D("0.002"), lower, order_id=int(o.order_id))
    assert bn.futures_depth("BTCUSDT", limit=5).bids[:2] == [(top, D("0.005")), (lower, behind + D("0.002"))]
    sim.run(lambda: engine.house_order("BTCUSDT", "SELL", lower, D("0.005") + behind, tif="IOC"))
    got = bn.futures_get_order("BTCUSDT", order_id=int(o.order_id))
    assert (got.status, got.executed_qty) == ("NEW", D(0))  # the level's old queue went first
    sim.run(lambda: engine.house_order("BTCUSDT", "SELL", lower, D("0.001"), tif="IOC"))
    assert bn.futures_get_order("BTCUSDT", order_id=int(o.order_id)).executed_qty == D("0.001")


def test_modify_across_the_book_takes_and_a_post_only_is_canceled(bn: Both) -> None:
    _fund(bn)
    depth = bn.futures_depth("BTCUSDT", limit=5)
    (bid, _), (ask, size) = depth.bids[0], depth.asks[0]
    gtx = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=bid, time_in_force="GTX")
    canceled = bn.futures_modify_order("BTCUSDT", "BUY", D("0.001"), ask, order_id=int(gtx.order_id))
    assert (canceled.status, canceled.executed_qty) == ("CANCELED", D(0))  # it would have taken
    o = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=bid, time_in_force="GTC")
    taken = bn.futures_modify_order("BTCUSDT", "BUY", D("0.001"), ask, order_id=int(o.order_id))
    assert (taken.status, taken.executed_qty, taken.avg_price) == ("FILLED", D("0.001"), ask)
    (t,) = bn.futures_user_trades("BTCUSDT")
    assert (t.price, t.maker) == (ask, False)
    assert bn.futures_depth("BTCUSDT", limit=5).asks[0] == ((ask, size - D("0.001")) if size > D("0.001")
                                                           else depth.asks[1])
