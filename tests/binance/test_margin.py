"""Cross margin end to end through both clients: transfers, loans and orders on the shared matching engine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.both import Both, Connect
from tests.walk import walk
from tradewire.core.errors import BadRequest, ExchangeError, InsufficientFunds, OrderNotFound
from tradewire.sim.binance.server import BinanceSim

D = Decimal


@pytest.fixture
def bn(connect: Connect) -> Both:
    """Transfers and loans weigh 600 and 1500: the client's pacing (2 loans a second) is off here."""
    return connect(rate_limits=False)


def _asset(bn: Both, name: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    row = next(a for a in bn.margin_account().user_assets if a.asset == name)
    return row.free, row.locked, row.borrowed, row.net_asset


def test_transfer_borrow_and_account(bn: Both, sim: BinanceSim) -> None:
    usdt, btc = sim.exchange.ledger.total("USDT"), sim.exchange.ledger.total("BTC")
    assert bn.margin_transfer("USDT", D(1000), 1) == "100000001"
    assert bn.account().balance("USDT").free == D(9000)
    acct = bn.margin_account()
    assert (acct.total_asset_of_btc, acct.total_liability_of_btc, acct.margin_level) == (
        D("0.01538461"), D(0), D(999))  # 1000 / 65000 BTC
    assert bn.request("GET", "/sapi/v1/margin/maxBorrowable", {"asset": "BTC"})["amount"] == "0.03076922"
    assert bn.margin_borrow("BTC", D("0.01")) == "100000002"
    assert _asset(bn, "BTC") == (D("0.01"), D(0), D("0.01"), D(0))
    acct = bn.margin_account()
    assert (acct.total_asset_of_btc, acct.total_liability_of_btc, acct.total_net_asset_of_btc, acct.margin_level) == (
        D("0.02538461"), D("0.01"), D("0.01538461"), D("2.538461"))
    with pytest.raises(InsufficientFunds, match=r"\[-3006\] Your borrow amount has exceed maximum borrow amount."):
        bn.margin_borrow("BTC", D(1))
    with pytest.raises(BadRequest, match=r"\[-3015\] Repay amount exceeds borrow amount."):
        bn.margin_repay("BTC", D("0.02"))
    with pytest.raises(BadRequest, match=r"\[-3027\] Not a valid margin asset."):
        bn.margin_borrow("BNB", D(1))
    with pytest.raises(BadRequest, match=r"\[-3003\] Isolated margin account does not exist."):
        bn.margin_borrow("BTC", D("0.01"), is_isolated=True, symbol="BTCUSDT")
    with pytest.raises(ExchangeError, match=r"\[-3020\] Transfer out amount exceeds max amount."):
        bn.margin_transfer("USDT", D(1000), 2)
    with pytest.raises(ExchangeError, match=r"\[-3041\] Balance is not enough"):
        bn.margin_transfer("ETH", D(11), 1)
    bn.margin_repay("BTC", D("0.01"))
    assert _asset(bn, "BTC") == (D(0), D(0), D(0), D(0))
    bn.margin_transfer("USDT", D(1000), 2)
    assert bn.account().balance("USDT").free == D(10000)
    assert (sim.exchange.ledger.total("USDT"), sim.exchange.ledger.total("BTC")) == (usdt, btc)  # nothing made


def test_margin_orders_and_margin_buy(bn: Both) -> None:
    bn.margin_transfer("USDT", D(1000), 1)
    bn.margin_borrow("BTC", D("0.01"))
    o = bn.margin_new_order("BTCUSDT", "SELL", "LIMIT", quantity=D("0.01"), price=D(66000), timeInForce="GTC")
    assert (o.status, o.orig_qty, o.price) == ("NEW", D("0.01"), D(66000))
    assert _asset(bn, "BTC")[:2] == (D(0), D("0.01"))
    assert [x.order_id for x in bn.margin_open_orders("BTCUSDT")] == [o.order_id]
    assert bn.open_orders("BTCUSDT") == []  # spot is another account
    assert bn.margin_get_order("BTCUSDT", order_id=int(o.order_id)).status == "NEW"
    assert bn.margin_cancel_order("BTCUSDT", order_id=int(o.order_id)).status == "CANCELED"
    with pytest.raises(OrderNotFound, match=r"\[-2013\] Order does not exist."):
        bn.margin_get_order("BTCUSDT", order_id=int(o.order_id) + 100)
    with pytest.raises(OrderNotFound, match=r"\[-2011\] Unknown order sent."):
        bn.margin_cancel_order("BTCUSDT", order_id=int(o.order_id))
    best = bn.depth("BTCUSDT", limit=1).asks[0]
    m = bn.margin_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.001"))
    assert (m.status, m.cummulative_quote_qty) == ("FILLED", best[0] * D("0.001"))
    assert _asset(bn, "USDT")[0] == 1000 - best[0] * D("0.001") and _asset(bn, "BTC")[0] == D("0.010999")
    # 0.02 BTC walks the asks and costs more than the USDT left: the missing part is borrowed first
    fills = walk(bn.depth("BTCUSDT", limit=20).asks, D("0.02"))
    cost = sum((p * q for p, q in fills), D(0))
    need = fills[-1][0] * D("0.02")  # MARGIN_BUY borrows what the order needs at its limit price
    borrowed = need - (1000 - best[0] * D("0.001"))
    big = bn.margin_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.02"), price=fills[-1][0], timeInForce="GTC",
                              sideEffectType="MARGIN_BUY")
    assert (big.status, big.executed_qty, big.cummulative_quote_qty) == ("FILLED", D("0.02"), cost)
    # the walk cost less than the limit price: the difference stays free (0 when one level filled it)
    assert _asset(bn, "USDT") == (need - cost, D(0), borrowed, need - cost - borrowed)
    assert _asset(bn, "BTC")[0] == D("0.030979")
    with pytest.raises(ExchangeError, match=r"\[-3041\] Balance is not enough"):
        bn.margin_repay("USDT", borrowed)
    with pytest.raises(InsufficientFunds, match=r"\[-2010\] Account has insufficient balance"):
        bn.margin_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D(64000), timeInForce="GTC")


def test_margin_trades_all_orders_and_cancel_all(bn: Both, sim: BinanceSim) -> None:
    bn.margin_transfer("USDT", D(1000), 1)
    ((ask, size), *_) = bn.depth("BTCUSDT", limit=5).asks
    assert size >= D("0.001")  # one fill, at the best ask
    bought = bn.margin_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.001"))
    rest = bn.margin_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"),
                               timeInForce="GTC")
    bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), time_in_force="GTC")  # spot
    (trade,) = bn.margin_my_trades("BTCUSDT")
    assert (trade.order_id, trade.price, trade.qty, trade.is_buyer, trade.is_isolated) == (
        bought.order_id, ask, D("0.001"), True, False)
    assert [(o.order_id, o.status) for o in bn.margin_all_orders("BTCUSDT")] == [
        (bought.order_id, "FILLED"), (rest.order_id, "NEW")]
    (cancelled,) = bn.margin_cancel_open_orders("BTCUSDT")
    assert (cancelled.order_id, cancelled.status) == (rest.order_id, "CANCELED")
    assert _asset(bn, "USDT")[1] == D(0)
    assert [o.status for o in bn.open_orders("BTCUSDT")] == ["NEW"]  # the spot order stays
    with pytest.raises(OrderNotFound, match=r"\[-2011\]"):
        bn.margin_cancel_open_orders("BTCUSDT")
