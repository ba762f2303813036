"""The new Binance endpoints end to end, through the sync and the async client, against the simulator:
algo orders (place, trigger on contract and on mark price, cancel), borrow-repay, universal transfer and
POST /api/v3/orderList/oco, with every ledger total kept."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal

import pytest

from tests.both import Both
from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.client import Binance
from tradewire.core.errors import ExchangeError, OrderNotFound
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.clock import SimClock
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal


@pytest.fixture
def sim() -> Iterator[BinanceSim]:
    clock = SimClock()
    clock.speed = 0  # the tape (and so the book) moves only when a test moves the clock
    with BinanceSim(clock=clock) as s:
        yield s


@pytest.fixture(params=["sync", "async"])
def bn(request: pytest.FixtureRequest, sim: BinanceSim) -> Iterator[Both]:
    """The demo user's client, sync then async; SAPI pacing off (transfers weigh hundreds)."""
    kw = dict(base_url=sim.url, futures_url=sim.url, ws_url=sim.ws_url, rate_limits=False)
    if request.param == "sync":
        with Binance(DEMO_API_KEY, DEMO_SECRET_KEY, **kw) as c:  # type: ignore[arg-type]
            yield Both(c, None)
        return
    loop = asyncio.new_event_loop()
    client = AsyncBinance(DEMO_API_KEY, DEMO_SECRET_KEY, **kw)  # type: ignore[arg-type]
    try:
        yield Both(client, loop)
    finally:
        loop.run_until_complete(client.close())
        loop.close()


def _sell_down_to(sim: BinanceSim, price: Decimal) -> None:
    """The futures book trades down to `price`: the house bids there and sells into every bid down to it (the
    contract price is the book's last trade), then bids 1 BTC a dollar lower for what the sweep triggers."""
    engine = sim.exchange.futures.engine

    def sweep() -> None:
        engine.house_order("BTCUSDT", "BUY", price, D("0.001"))
        _, bids, _ = engine.depth("BTCUSDT", 1000)
        engine.house_order("BTCUSDT", "SELL", price, sum((q for p, q in bids if p >= price), D(0)), tif="IOC")
        engine.house_order("BTCUSDT", "BUY", price - 1, D(1))

    sim.run(sweep)


def test_algo_order_triggers_on_the_contract_price(bn: Both, sim: BinanceSim) -> None:
    usdt = sim.exchange.ledger.total("USDT")
    a = bn.futures_new_algo_order("BTCUSDT", "SELL", "STOP_MARKET", quantity=D("0.010"), trigger_price=D(64990),
                                  client_algo_id="sl-1")
    assert (a.algo_status, a.order_type, a.trigger_price, a.working_type, a.actual_order_id) == (
        "NEW", "STOP_MARKET", D(64990), "CONTRACT_PRICE", None)
    assert [o.client_algo_id for o in bn.futures_open_algo_orders("BTCUSDT")] == ["sl-1"]
    _sell_down_to(sim, D(64990))
    done = bn.futures_get_algo_order(client_algo_id="sl-1")
    assert done.algo_status == "FINISHED" and done.trigger_time > 0 and done.actual_order_id is not None
    fill = bn.futures_get_order("BTCUSDT", order_id=int(done.actual_order_id))
    assert (fill.status, fill.type, fill.side, fill.executed_qty) == ("FILLED", "MARKET", "SELL", D("0.01"))
    assert bn.futures_account().positions[0].position_amt == D("-0.01")
    assert bn.futures_open_algo_orders() == []
    assert [x.algo_status for x in bn.futures_all_algo_orders("BTCUSDT")] == ["FINISHED"]
    assert sim.exchange.ledger.total("USDT") == usdt


def test_mark_price_working_type_and_cancel(bn: Both, sim: BinanceSim) -> None:
    mark = bn.futures_new_algo_order("BTCUSDT", "BUY", "STOP", quantity=D("0.010"), trigger_price=D(66000),
                                     price=D(66100), time_in_force="GTC", working_type="MARK_PRICE",
                                     client_algo_id="by-mark")
    last = bn.futures_new_algo_order("BTCUSDT", "BUY", "STOP", quantity=D("0.010"), trigger_price=D(66000),
                                     price=D(66100), time_in_force="GTC", client_algo_id="by-last")
    sim.run(lambda: sim.exchange.futures.set_mark("BTCUSDT", D(66000), sim.exchange.clock.now_ms()))
    fired = bn.futures_get_algo_order(algo_id=int(mark.algo_id))
    assert fired.algo_status == "FINISHED"  # a LIMIT BUY at 66100 takes the best ask at once
    assert bn.futures_get_algo_order(client_algo_id="by-last").algo_status == "NEW"
    gone = bn.futures_cancel_algo_order(algo_id=int(last.algo_id))
    assert (gone.algo_id, gone.client_algo_id, gone.code, gone.msg) == (last.algo_id, "by-last", "200", "success")
    assert bn.futures_get_algo_order(client_algo_id="by-last").algo_status == "CANCELED"
    with pytest.raises(OrderNotFound, match=r"\[-2011\] Unknown order sent."):
        bn.futures_cancel_algo_order(client_algo_id="by-last")
    with pytest.raises(OrderNotFound, match=r"\[-2013\] Order does not exist."):
        bn.futures_get_algo_order(algo_id=999)


def test_trailing_stop_and_venue_errors(bn: Both, sim: BinanceSim) -> None:
    trail = bn.futures_new_algo_order("BTCUSDT", "SELL", "TRAILING_STOP_MARKET", quantity=D("0.010"),
                                      callback_rate=D("0.01") * 10, client_algo_id="trail")  # 0.1 %
    _sell_down_to(sim, D(64990))  # 65000 -> 64990: under 0.1 % back from the high, no trigger
    assert bn.futures_get_algo_order(algo_id=int(trail.algo_id)).algo_status == "NEW"
    sim.run(lambda: sim.exchange.futures.set_mark("BTCUSDT", D(1), 0))  # CONTRACT_PRICE ignores the mark
    _sell_down_to(sim, D(64930))  # 64930 <= 65000 x 0.999 = 64935
    assert bn.futures_get_algo_order(algo_id=int(trail.algo_id)).algo_status == "FINISHED"
    with pytest.raises(ExchangeError, match=r"\[-2021\] Order would immediately trigger."):
        bn.futures_new_algo_order("BTCUSDT", "BUY", "TAKE_PROFIT_MARKET", quantity=D("0.010"), trigger_price=D(70000))
    with pytest.raises(ExchangeError, match=r"\[-4120\] Order type not supported for this endpoint. Please use the "
                                            r"Algo Order API endpoints instead."):
        bn.request("POST", "/fapi/v1/order", {"symbol": "BTCUSDT", "side": "SELL", "type": "STOP_MARKET",
                                              "quantity": "0.010", "stopPrice": "60000"})


def test_price_match_and_bool_reduce_only(bn: Both) -> None:
    best_bid = bn.futures_depth("BTCUSDT", limit=5).bids[0][0]
    o = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.010"), time_in_force="GTC", price_match="QUEUE")
    queue = best_bid.quantize(D("0.1"), ROUND_DOWN)  # the best bid, down to the contract's 0.10 tick
    assert (o.status, o.price, o.price_match) == ("NEW", queue, "QUEUE")
    with pytest.raises(ExchangeError, match=r"\[-2022\] ReduceOnly Order is rejected."):
        bn.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity=D("0.010"), reduce_only=True)


def test_borrow_repay_moves_money(bn: Both, sim: BinanceSim) -> None:
    totals = {a: sim.exchange.ledger.total(a) for a in ("USDT", "BTC")}
    bn.universal_transfer("MAIN_MARGIN", "USDT", D(1000))
    tx = bn.margin_borrow("BTC", D("0.01"))
    row = next(a for a in bn.margin_account().user_assets if a.asset == "BTC")
    assert (row.free, row.borrowed) == (D("0.01"), D("0.01"))
    back = bn.margin_borrow_repay("BTC", D("0.004"), "REPAY")
    (b,) = bn.margin_borrow_repay_records("BORROW").rows
    (r,) = bn.margin_borrow_repay_records("REPAY", asset="BTC").rows
    assert (b.tx_id, b.amount, b.asset, b.status, r.tx_id, r.amount) == (tx, D("0.01"), "BTC", "CONFIRMED", back,
                                                                         D("0.004"))
    assert bn.margin_borrow_repay_records("REPAY", tx_id=int(tx)).rows == []
    with pytest.raises(ExchangeError, match=r"\[-3015\] Repay amount exceeds borrow amount."):
        bn.margin_repay("BTC", D(1))
    with pytest.raises(ExchangeError, match=r"\[-3003\] Isolated margin account does not exist."):
        bn.margin_borrow("BTC", D("0.01"), is_isolated=True, symbol="BTCUSDT")
    bn.margin_repay("BTC", D("0.006"))
    assert next(a for a in bn.margin_account().user_assets if a.asset == "BTC").borrowed == D(0)
    assert {a: sim.exchange.ledger.total(a) for a in ("USDT", "BTC")} == totals


def test_universal_transfer_between_spot_margin_and_futures(bn: Both, sim: BinanceSim) -> None:
    usdt = sim.exchange.ledger.total("USDT")
    first = bn.universal_transfer("MAIN_UMFUTURE", "USDT", D("100.5"))
    assert bn.futures_balance()[0].balance == D("1100.5")
    assert bn.account().balance("USDT").free == D("9899.5")
    bn.universal_transfer("UMFUTURE_MARGIN", "USDT", D("0.5"))
    bn.universal_transfer("MARGIN_MAIN", "USDT", D("0.5"))
    bn.universal_transfer("UMFUTURE_MAIN", "USDT", D(100))
    assert bn.account().balance("USDT").free == D(10000) and bn.futures_balance()[0].balance == D(1000)
    hist = bn.universal_transfer_history("MAIN_UMFUTURE")
    assert (hist.total, [(t.tran_id, t.amount, t.status) for t in hist.rows]) == (1, [(first, D("100.5"),
                                                                                     "CONFIRMED")])
    assert bn.universal_transfer_history("MARGIN_UMFUTURE").rows == []
    with pytest.raises(ExchangeError, match=r"\[-5002\] You have insufficient balance."):
        bn.universal_transfer("UMFUTURE_MAIN", "USDT", D(1001))
    with pytest.raises(ExchangeError, match=r"\[-5002\] You have insufficient balance."):
        bn.universal_transfer("MAIN_MARGIN", "ETH", D(11))
    assert sim.exchange.ledger.total("USDT") == usdt


def test_order_list_oco(bn: Both, sim: BinanceSim) -> None:
    btc = sim.exchange.ledger.total("BTC")
    ol = bn.new_order_list_oco("BTCUSDT", "SELL", D("0.01"), above_type="LIMIT_MAKER", above_price=D(66000),
                               below_type="STOP_LOSS_LIMIT", below_stop_price=D(64000), below_price=D(63900),
                               below_time_in_force="GTC", list_client_order_id="oco-1", aboveClientOrderId="tp",
                               belowClientOrderId="sl")
    assert (ol.contingency_type, ol.list_status_type, ol.list_order_status, ol.list_client_order_id) == (
        "OCO", "EXEC_STARTED", "EXECUTING", "oco-1")
    stop, limit = ol.order_reports
    assert (stop.client_order_id, stop.type, stop.stop_price, stop.price, stop.working_time, stop.fills) == (
        "sl", "STOP_LOSS_LIMIT", D(64000), D(63900), -1, [])
    assert (limit.client_order_id, limit.type, limit.price, limit.status) == ("tp", "LIMIT_MAKER", D(66000), "NEW")
    assert bn.get_oco(list_client_order_id="oco-1").order_list_id == ol.order_list_id
    assert [x.list_client_order_id for x in bn.open_oco()] == ["oco-1"]
    assert bn.account().balance("BTC").locked == D("0.01")
    bn.cancel_oco("BTCUSDT", list_client_order_id="oco-1")
    assert bn.open_oco() == [] and bn.account().balance("BTC").locked == D(0)
    with pytest.raises(ExchangeError, match=r"\[-1020\] This operation is not supported."):
        bn.new_order_list_oco("BTCUSDT", "SELL", D("0.01"), above_type="TAKE_PROFIT", above_stop_price=D(66000),
                              below_type="STOP_LOSS", below_stop_price=D(64000))
    with pytest.raises(ExchangeError, match=r"\[-2010\] The relationship of the prices for the orders is not correct."):
        bn.new_order_list_oco("BTCUSDT", "SELL", D("0.01"), above_type="LIMIT_MAKER", above_price=D(64500),
                              below_type="STOP_LOSS", below_stop_price=D(66000))
    assert sim.exchange.ledger.total("BTC") == btc
