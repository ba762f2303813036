"""USD-M futures end to end through both clients: market data, orders, positions, account and balance."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import pytest

from tests.both import Both
from tests.walk import vwap, walk
from tradewire.core.errors import BadRequest, ExchangeError, OrderNotFound
from tradewire.sim.binance.server import BinanceSim

D = Decimal
Q8 = D("0.00000001")


def test_market_data(bn: Both, sim: BinanceSim) -> None:
    info = bn.futures_exchange_info()
    assert [(s.symbol, s.price_precision, s.quantity_precision) for s in info.symbols] == [
        ("BTCUSDT", 2, 3), ("ETHUSDT", 2, 3)]
    assert info.symbols[0].filters[0] == {"filterType": "PRICE_FILTER", "minPrice": "0.10", "maxPrice": "1000000",
                                          "tickSize": "0.10"}
    k = bn.futures_klines("BTCUSDT", "1m")[-1]
    now = sim.exchange.clock.now_ms()
    tape = sim.exchange.tapes.kline("BTCUSDT", "1m", k.open_time, now).stats  # the futures follow the spot tape
    assert (k.open, k.close, k.volume, k.close_time) == (  # volume at the contract's 3 decimals
        tape.open, tape.close, D(f"{tape.volume:.3f}"), k.open_time + 59_999)
    assert bn.futures_price("ETHUSDT").price == D(3200)
    (bal,) = bn.futures_balance()
    assert (bal.asset, bal.balance, bal.available_balance) == ("USDT", D(1000), D(1000))
    with pytest.raises(BadRequest, match=r"\[-1121\] Invalid symbol."):
        bn.futures_price("XRPUSDT")


def entry_of(fills: list[tuple[Decimal, Decimal]]) -> Decimal:
    """A position's entry price after `fills` (price, qty) of one side: each averaged in at 8 decimals."""
    entry, amt = D(0), D(0)
    for p, q in fills:
        entry, amt = ((entry * amt + p * q) / (amt + q)).quantize(Q8), amt + q
    return entry


def house_sweeps(sim: BinanceSim, symbol: str, side: str, price: Decimal) -> None:
    """The house takes every level of the futures book from the touch to `price` (the users' orders there fill
    as makers at their own prices)."""
    ex = sim.exchange
    _, bids, asks = ex.futures.engine.depth(symbol, 1000)
    levels = bids if side == "SELL" else asks
    qty = sum((q for p, q in levels if (p >= price if side == "SELL" else p <= price)), D(0))
    sim.run(lambda: ex.futures.engine.house_order(symbol, side, price, qty, tif="IOC"))


def test_position_round_trip(bn: Both, sim: BinanceSim) -> None:
    before = sim.exchange.ledger.total("USDT")
    fills = walk(bn.futures_depth("BTCUSDT", limit=5).bids, D("0.01"))  # the futures book of its own
    mark = bn.futures_price("BTCUSDT").price  # the tape's last price
    short = bn.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity=D("0.01"))
    cost = sum((p * q for p, q in fills), D(0))
    assert (short.status, short.executed_qty, short.avg_price, short.cum_quote, short.price) == (
        "FILLED", D("0.01"), vwap(fills).quantize(Q8), cost, D(0))  # one fill per level, best first
    assert [(t.price, t.qty, t.maker) for t in bn.futures_user_trades("BTCUSDT")] == [(p, q, False) for p, q in fills]
    fee = sum(((p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills), D(0))  # taker, per fill
    entry = entry_of(fills)
    acct = bn.futures_account_v2()
    assert [p.symbol for p in acct.positions] == ["BTCUSDT", "ETHUSDT"]  # v2 lists every symbol
    pos = acct.positions[0]
    upnl = ((entry - mark) * D("0.01")).quantize(Q8)
    assert (pos.position_amt, pos.entry_price, pos.unrealized_profit, pos.leverage) == (
        D("-0.01"), entry, upnl, D(20))  # marked at the tape's last price
    assert (acct.total_wallet_balance, acct.total_unrealized_profit) == (1000 - fee, upnl)
    assert acct.available_balance == (1000 - fee + (entry - mark) * D("0.01") - mark * D("0.01") / 20).quantize(Q8)
    assert acct.assets[0].wallet_balance == 1000 - fee
    close = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.01"), price=D(64990), time_in_force="GTC",
                                 reduce_only=True, new_client_order_id="close-1")
    assert (close.status, close.reduce_only, close.client_order_id) == ("NEW", True, "close-1")
    house_sweeps(sim, "BTCUSDT", "SELL", D(64990))  # a sell sweep down to the user's bid
    done = bn.futures_get_order("BTCUSDT", orig_client_order_id="close-1")
    assert (done.status, done.avg_price, done.executed_qty) == ("FILLED", D(64990), D("0.01"))
    acct = bn.futures_account_v2()
    # realized (entry - 64990) x 0.01, less the 0.12998 maker fee (649.90 x 0.02%)
    wallet = 1000 - fee + (entry - 64990) * D("0.01") - D("0.12998")
    assert (acct.total_wallet_balance, acct.available_balance) == (wallet, wallet)
    assert acct.positions[0].position_amt == D(0)
    assert sim.exchange.ledger.total("USDT") == before


def test_orders_and_their_errors(bn: Both) -> None:
    o = bn.futures_new_order("ETHUSDT", "BUY", "LIMIT", quantity=D("0.5"), price=D("3100.50"), time_in_force="GTC")
    assert (o.status, o.price, o.orig_qty, o.executed_qty) == ("NEW", D("3100.50"), D("0.5"), D(0))
    assert bn.futures_balance()[0].available_balance == D("922.4875")  # 1000 - 1550.25 / 20
    assert bn.futures_get_order("ETHUSDT", order_id=int(o.order_id)).status == "NEW"
    assert bn.futures_cancel_order("ETHUSDT", order_id=int(o.order_id)).status == "CANCELED"
    assert bn.futures_balance()[0].available_balance == D(1000)
    with pytest.raises(ExchangeError, match=r"\[-5022\] Due to the order could not be executed as maker"):
        bn.futures_new_order("ETHUSDT", "BUY", "LIMIT", quantity=D("0.01"), price=D(3300), time_in_force="GTX")
    assert [o.order_id for o in bn.futures_all_orders("ETHUSDT")] == [o.order_id]  # the GTX is not recorded
    cases = [
        (dict(side="BUY", type="MARKET", quantity=D(1)), r"\[-2019\] Margin is insufficient."),
        (dict(side="BUY", type="LIMIT", quantity=D("0.001"), price=D(4000), time_in_force="GTC"),
         r"\[-4164\] Order's notional must be no smaller than 5"),
        (dict(side="BUY", type="MARKET", quantity=D("0.0001")), r"\[-1111\] Precision is over the maximum"),
        (dict(side="BUY", type="LIMIT", quantity=D("0.01"), price=D("64000.05"), time_in_force="GTC"),
         r"\[-1111\] Precision"),
        (dict(side="SELL", type="MARKET", quantity=D("0.01"), reduce_only=True),
         r"\[-2022\] ReduceOnly Order is rejected."),
    ]
    for kw, msg in cases:
        with pytest.raises(ExchangeError, match=msg):
            bn.futures_new_order("BTCUSDT", **kw)
    bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.01"), price=D(60000), time_in_force="GTC",
                         new_client_order_id="dup")
    with pytest.raises(ExchangeError, match=r"\[-4116\] ClientOrderId is duplicated."):
        bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.01"), price=D(60000), time_in_force="GTC",
                             new_client_order_id="dup")
    with pytest.raises(OrderNotFound, match=r"\[-2013\] Order does not exist."):
        bn.futures_get_order("BTCUSDT", order_id=999)
    with pytest.raises(OrderNotFound, match=r"\[-2011\] Unknown order sent."):
        bn.futures_cancel_order("BTCUSDT", order_id=int(o.order_id))
    with pytest.raises(BadRequest, match=r"\[-1121\] Invalid symbol."):
        bn.futures_new_order("XRPUSDT", "BUY", "MARKET", quantity=D(1))
