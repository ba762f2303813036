"""OTO and OTOCO order lists and trailing stops, through both clients against the simulator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.both import Both, Connect
from tradewire.core.errors import ValidationError
from tradewire.sim.binance.server import BinanceSim

D = Decimal


def _mm_sells(sim: BinanceSim, qty: str, price: str) -> None:
    """Another participant sells `qty` at `price` (IOC): it fills the best bids first."""
    sim.run(lambda: sim.exchange.engine.place("mm", "BTCUSDT", "SELL", "LIMIT", D(qty), price=D(price), tif="IOC"))


def _below_bid(bn: Both) -> Decimal:
    """A price 10 under the best bid: a buy there rests behind the house's bids."""
    return bn.depth("BTCUSDT", limit=5).bids[0][0] - 10


def _sweep_to(sim: BinanceSim, bn: Both, price: Decimal, qty: str) -> None:
    """Another participant sells every bid above `price` and `qty` more at it (the user's order there)."""
    ahead = sum((q for p, q in bn.depth("BTCUSDT", limit=5000).bids if p > price), D(0))
    _mm_sells(sim, str(ahead + D(qty)), str(price))


def _last(sim: BinanceSim, *prices: str) -> None:
    """The market trades at each of `prices` in turn (stops see every one)."""
    for p in prices:
        sim.run(lambda p=p: sim.exchange.engine.last_trade("BTCUSDT", D(p)))


def test_oto_pending_waits_for_the_working_fill(bn: Both, sim: BinanceSim) -> None:
    price = _below_bid(bn)
    oto = bn.new_order_list_oto("BTCUSDT", working_type="LIMIT", working_side="BUY", working_price=price,
                                working_quantity=D("0.01"), working_time_in_force="GTC", pending_type="LIMIT_MAKER",
                                pending_side="SELL", pending_quantity=D("0.01"), pending_price=D("66000"),
                                list_client_order_id="oto-1")
    assert (oto.contingency_type, oto.list_status_type, oto.list_order_status, oto.list_client_order_id) == (
        "OTO", "EXEC_STARTED", "EXECUTING", "oto-1")
    work, pend = oto.order_reports
    assert [(r.type, r.side, r.status, r.working_time == -1) for r in oto.order_reports] == [
        ("LIMIT", "BUY", "NEW", False), ("LIMIT_MAKER", "SELL", "PENDING_NEW", True)]
    acct = bn.account()  # only the working order holds funds
    assert (acct.balance("USDT").locked, acct.balance("BTC").locked) == (price * D("0.01"), D(0))
    _sweep_to(sim, bn, price, "0.01")
    assert bn.get_order("BTCUSDT", order_id=int(work.order_id)).status == "FILLED"
    live = bn.get_order("BTCUSDT", order_id=int(pend.order_id))
    assert (live.status, live.price, live.is_working) == ("NEW", D("66000"), True)
    acct = bn.account()
    assert (acct.balance("USDT").locked, acct.balance("BTC").locked) == (D(0), D("0.01"))
    done = bn.get_oco(order_list_id=int(oto.order_list_id))
    assert (done.contingency_type, done.list_order_status) == ("OTO", "ALL_DONE")


def test_oto_filled_at_once_and_cancelled_together(bn: Both) -> None:
    # rest-api.md: a working order filled at placement shows FILLED, the pending one still PENDING_NEW
    oto = bn.new_order_list_oto("BTCUSDT", working_type="LIMIT", working_side="BUY", working_price=D("65001"),
                                working_quantity=D("0.001"), working_time_in_force="GTC", pending_type="STOP_LOSS",
                                pending_side="SELL", pending_quantity=D("0.001"), pending_stop_price=D("64000"))
    assert [r.status for r in oto.order_reports] == ["FILLED", "PENDING_NEW"]
    stop = bn.get_order("BTCUSDT", order_id=int(oto.order_reports[1].order_id))
    assert (stop.status, stop.stop_price) == ("NEW", D("64000"))
    assert bn.account().balance("BTC").locked == D("0.001")
    oto = bn.new_order_list_oto("BTCUSDT", working_type="LIMIT_MAKER", working_side="BUY", working_price=D("64000"),
                                working_quantity=D("0.01"), pending_type="MARKET", pending_side="SELL",
                                pending_quantity=D("0.01"))
    bn.cancel_order("BTCUSDT", order_id=int(oto.order_reports[1].order_id))  # the pending one: both go
    assert [bn.get_order("BTCUSDT", order_id=int(r.order_id)).status for r in oto.order_reports] == [
        "CANCELED", "CANCELED"]
    assert bn.account().balance("USDT").locked == D(0)
    with pytest.raises(ValidationError, match="pendingPrice"):
        bn.new_order_list_oto("BTCUSDT", working_type="LIMIT", working_side="BUY", working_price=D("64000"),
                              working_quantity=D("0.01"), working_time_in_force="GTC", pending_type="LIMIT",
                              pending_side="SELL", pending_quantity=D("0.01"), pending_time_in_force="GTC")


def test_otoco_places_an_oco_pair_after_the_fill(bn: Both, sim: BinanceSim) -> None:
    price = _below_bid(bn)
    ol = bn.new_order_list_otoco("BTCUSDT", working_type="LIMIT", working_side="BUY", working_price=price,
                                 working_quantity=D("0.01"), working_time_in_force="GTC", pending_side="SELL",
                                 pending_quantity=D("0.01"), pending_above_type="LIMIT_MAKER",
                                 pending_below_type="STOP_LOSS_LIMIT", pendingAbovePrice=D("66000"),
                                 pendingBelowPrice=D("63900"), pendingBelowStopPrice=D("64000"),
                                 pendingBelowTimeInForce="GTC", newOrderRespType="RESULT")
    assert ol.contingency_type == "OTO"
    assert [(r.type, r.status) for r in ol.order_reports] == [
        ("LIMIT", "NEW"), ("LIMIT_MAKER", "PENDING_NEW"), ("STOP_LOSS_LIMIT", "PENDING_NEW")]
    ids = [int(r.order_id) for r in ol.order_reports]
    _sweep_to(sim, bn, price, "0.01")
    assert [bn.get_order("BTCUSDT", order_id=i).status for i in ids] == ["FILLED", "NEW", "NEW"]
    assert bn.get_oco(order_list_id=int(ol.order_list_id)).list_order_status == "EXECUTING"
    assert bn.account().balance("BTC").locked == D("0.01")  # the limit leg holds for both
    # the sweep left no bid near; another participant bids at 63950, where the stop leg's limit sale fills
    sim.run(lambda: sim.exchange.engine.place("mm", "BTCUSDT", "BUY", "LIMIT", D("0.01"), price=D(63950)))
    _last(sim, "63999")  # the stop leg fires, the limit leg is cancelled, the stop sells into the bids
    assert [bn.get_order("BTCUSDT", order_id=i).status for i in ids] == ["FILLED", "CANCELED", "FILLED"]
    assert bn.get_oco(order_list_id=int(ol.order_list_id)).list_order_status == "ALL_DONE"
    assert bn.account().balance("BTC").locked == D(0)


def test_trailing_stop_tracks_the_best_price(bn: Both, sim: BinanceSim) -> None:
    # trailing-stop-faq.md scenario E: no stop price, tracking from the last price (65000)
    sell = bn.new_order("BTCUSDT", "SELL", "STOP_LOSS", quantity=D("0.001"), trailingDelta=100)
    assert (sell.order_list_id, bn.get_order("BTCUSDT", order_id=int(sell.order_id)).trailing_delta) == (-1, 100)
    _last(sim, "66000", "65400")  # 1% below the 66000 high is 65340
    assert bn.get_order("BTCUSDT", order_id=int(sell.order_id)).status == "NEW"
    _last(sim, "65340")
    done = bn.get_order("BTCUSDT", order_id=int(sell.order_id))
    assert (done.status, done.executed_qty, done.trailing_delta) == ("FILLED", D("0.001"), 100)
    # scenario C: tracking starts when the stop price is met; 2% above the 63000 low is 64260
    buy = bn.new_order("BTCUSDT", "BUY", "TAKE_PROFIT", quantity=D("0.001"), stop_price=D("64000"), trailingDelta=200)
    _last(sim, "64500", "64000", "63000", "64259")
    tracked = bn.get_order("BTCUSDT", order_id=int(buy.order_id))
    assert tracked.status == "NEW" and tracked.trailing_time is not None and tracked.trailing_time > 0
    _last(sim, "64260")
    assert bn.get_order("BTCUSDT", order_id=int(buy.order_id)).status == "FILLED"


def test_trailing_delta_filter(connect: Connect) -> None:
    bn = connect()
    with pytest.raises(ValidationError, match="TRAILING_DELTA"):
        bn.new_order("BTCUSDT", "SELL", "STOP_LOSS", quantity=D("0.001"), trailingDelta=5)
    raw = connect(check_filters=False)  # the simulator's own check
    with pytest.raises(Exception, match=r"\[-1013\] Filter failure: TRAILING_DELTA"):
        raw.new_order("BTCUSDT", "BUY", "STOP_LOSS_LIMIT", quantity=D("0.001"), price=D("66000"),
                      time_in_force="GTC", trailingDelta=2001)
    info = {f["filterType"]: f for f in bn.exchange_info("BTCUSDT").symbols[0].filters}
    assert info["TRAILING_DELTA"] == {"filterType": "TRAILING_DELTA", "minTrailingAboveDelta": 10,
                                      "maxTrailingAboveDelta": 2000, "minTrailingBelowDelta": 10,
                                      "maxTrailingBelowDelta": 2000}
