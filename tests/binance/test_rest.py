"""End-to-end spot REST through the sync and the async client against the simulator on 127.0.0.1."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_UP, Decimal

import pytest

from tests.both import Both, Connect
from tests.walk import vwap, walk
from tradewire.binance.protocol import CancelReplaceFailed
from tradewire.core.errors import (
    BadRequest,
    DuplicateOrder,
    InsufficientFunds,
    InvalidApiKey,
    IpBanned,
    NotFound,
    OrderNotFound,
    OrderRejected,
    RateLimited,
    SignatureError,
    UnknownOrderState,
    ValidationError,
)
from tradewire.sim.binance.rest import StatusFault
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal


def test_market_data(bn: Both, sim: BinanceSim) -> None:
    bn.ping()
    assert abs(bn.server_time() - bn.clock.now_ms()) < 1000
    ex, now = sim.exchange, sim.exchange.clock.now_ms()
    _, bids, asks = ex.engine.depth("BTCUSDT", 2)
    book = bn.depth("BTCUSDT", limit=2)
    assert book.bids == bids and book.asks == asks and len(bids) == len(asks) == 2
    assert bids[0][0] < asks[0][0] and bids[1][0] < bids[0][0] and asks[1][0] > asks[0][0]
    # the tape is anchored at the listed start prices, and the house quotes around its last print
    assert bn.price("ETHUSDT").price == D("3200") and bn.price("BTCUSDT").price == D("65000")
    last5 = ex.tapes.window("BTCUSDT", now - 300_000 + 1, now)
    assert bn.avg_price("BTCUSDT").price == (last5.quote / last5.volume).quantize(D("0.00000001"))
    assert [p.symbol for p in bn.prices()] == ["BTCUSDT", "ETHUSDT"]
    assert bn.book_ticker("BTCUSDT").bid_qty == bids[0][1]
    assert [t.symbol for t in bn.book_tickers(["ETHUSDT"])] == ["ETHUSDT"]
    tape = ex.tapes.trades("BTCUSDT", now, 500)
    trades = bn.trades("BTCUSDT")
    assert len(trades) == 500 and trades[-1].price == D("65000")
    assert [(t.id, t.price, t.qty, t.quote_qty) for t in trades] == [
        (str(t.id), t.price, t.qty, t.price * t.qty) for t in tape]
    first = tape[0].id
    assert [t.id for t in bn.historical_trades("BTCUSDT", from_id=first, limit=3)] == [
        str(first), str(first + 1_000_000), str(first + 2_000_000)]
    agg = bn.agg_trades("BTCUSDT")[-1]
    assert (agg.a, agg.price, agg.quantity) == (str(tape[-1].id), tape[-1].price, tape[-1].qty)
    (k,) = bn.klines("BTCUSDT", "1m", limit=1)
    minute = ex.tapes.kline("BTCUSDT", "1m", now - now % 60_000, now).stats
    assert (k.open, k.close, k.volume, k.trades) == (minute.open, D("65000"), minute.volume, minute.count)
    hour = ex.tapes.kline("BTCUSDT", "1h", now - now % 3_600_000, now).stats
    assert bn.ui_klines("BTCUSDT", "1h")[-1].quote_volume == hour.quote
    day = ex.tapes.window("BTCUSDT", now - 86_400_000 + 1, now)
    t = bn.ticker_24h("BTCUSDT")
    assert (t.last_price, t.count, t.bid_price, t.ask_price) == (D("65000"), 8640, bids[0][0], asks[0][0])
    assert (t.open_price, t.high_price, t.volume) == (day.open, day.high, day.volume)
    assert bn.ticker_24h("BTCUSDT", type="MINI").bid_price is None
    assert len(bn.tickers_24h()) == 2
    eth_hour = ex.tapes.window("ETHUSDT", now - 3_600_000 + 1, now)
    assert eth_hour.count == 360 and bn.rolling_ticker("ETHUSDT", window_size="1h").volume == eth_hour.volume
    info = bn.exchange_info(symbol="BTCUSDT")
    assert info.rate_limits[0].limit == 1200 and info.symbols[0].base_asset == "BTC"
    f = bn.symbol_filters("BTCUSDT")
    assert f.round_price("65000.129") == D("65000.12")
    assert f.round_price(D("65000.121"), ROUND_UP) == D("65000.13")
    assert f.round_qty("0.000019", ROUND_DOWN) == D("0.00001")


def test_weight_headers_feed_the_limiter(bn: Both, sim: BinanceSim) -> None:
    bn.depth("BTCUSDT", limit=1000)
    assert sim.rest.weight.used == 10
    bn.depth("BTCUSDT", limit=5000)
    bn.depth("BTCUSDT", limit=200)
    assert sim.rest.weight.used == 65
    bucket = bn.context.limiter._shared["weight#0"]
    assert bucket.tat > 0


def test_order_lifecycle_and_account(bn: Both, sim: BinanceSim) -> None:
    o = bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000"), time_in_force="GTC",
                     new_client_order_id="my-1")
    assert (o.status, o.client_order_id, o.orig_qty, o.price) == ("NEW", "my-1", D("0.001"), D("64000"))
    acct = bn.account()
    assert acct.balance("USDT").free == D("9936") and acct.balance("USDT").locked == D("64")
    assert bn.get_order("BTCUSDT", orig_client_order_id="my-1").is_working is True
    assert [x.order_id for x in bn.open_orders("BTCUSDT")] == [o.order_id]
    c = bn.cancel_order("BTCUSDT", order_id=int(o.order_id))
    assert (c.status, c.orig_client_order_id) == ("CANCELED", "my-1")
    assert bn.account().balance("USDT").free == D("10000")
    bids = bn.depth("BTCUSDT", limit=20).bids
    size = bids[0][1] + D("0.00001")  # one step more than the best level: it walks into the next
    fills = walk(bids, size)
    proceeds = sum((p * q for p, q in fills), D(0))
    m = bn.new_order("BTCUSDT", "SELL", "MARKET", quantity=size)
    assert (m.status, m.executed_qty, m.cummulative_quote_qty) == ("FILLED", size, proceeds)
    assert m.cummulative_quote_qty / m.executed_qty == vwap(fills) < bids[0][0]
    assert [(f.price, f.qty, f.commission, f.commission_asset) for f in m.fills] == [
        (p, q, (p * q * D("0.001")).quantize(D("0.00000001"), ROUND_DOWN), "USDT") for p, q in fills]
    fee = sum((f.commission for f in m.fills), D(0))
    acct = bn.account()
    assert acct.balance("BTC").free == 1 - size and acct.balance("USDT").free == 10000 + proceeds - fee
    assert sim.exchange.ledger.balance("0", "spot", "USDT") == fee
    mine = bn.my_trades("BTCUSDT")
    assert [(t.price, t.qty, t.is_buyer, t.is_maker) for t in mine] == [(p, q, False, False) for p, q in fills]
    assert [x.status for x in bn.all_orders("BTCUSDT")] == ["CANCELED", "FILLED"]
    best = bn.depth("BTCUSDT", limit=1).asks[0]
    spend = (best[1] * best[0] / 2).quantize(D("0.01"), ROUND_DOWN)
    q = bn.new_order("BTCUSDT", "BUY", "MARKET", quote_order_qty=spend)
    got = (spend / best[0]).quantize(D("0.00001"), ROUND_DOWN)
    assert (q.executed_qty, q.cummulative_quote_qty) == (got, got * best[0])
    bn.test_order("BTCUSDT", "SELL", "LIMIT", quantity=D("0.001"), price=D("66000"), time_in_force="GTC")
    assert bn.order_rate_limits()[0].rate_limit_type == "ORDERS"
    assert bn.prevented_matches("BTCUSDT", order_id=1) == []


def test_stop_take_profit_and_stp(bn: Both, sim: BinanceSim) -> None:
    bids = bn.depth("BTCUSDT", limit=5).bids
    stop_at = bids[1][0]  # a sweep of the two best bid levels prints there
    stop = bn.new_order("BTCUSDT", "SELL", "STOP_LOSS_LIMIT", quantity=D("0.001"), price=stop_at - D("0.05"),
                        stop_price=stop_at, time_in_force="GTC", newOrderRespType="RESULT")
    assert stop.status == "NEW"
    with pytest.raises(OrderRejected, match=r"\[-2010\] Order would trigger immediately"):
        bn.new_order("BTCUSDT", "BUY", "STOP_LOSS", quantity=D("0.001"), stop_price=D("64000"))
    sim.run(lambda: sim.exchange.engine.place("mm", "BTCUSDT", "SELL", "MARKET", bids[0][1] + bids[1][1]))
    filled = bn.get_order("BTCUSDT", order_id=int(stop.order_id))
    assert (filled.status, filled.price) == ("FILLED", stop_at - D("0.05"))
    assert bn.my_trades("BTCUSDT")[-1].price == bids[2][0]  # the best bid left
    between = bids[0][0]  # the sweep emptied it: below the best ask, above the best bid
    maker = bn.new_order("BTCUSDT", "SELL", "LIMIT_MAKER", quantity=D("0.001"), price=between)
    taker = bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=between, time_in_force="IOC",
                         selfTradePreventionMode="EXPIRE_MAKER")
    assert bn.get_order("BTCUSDT", order_id=int(maker.order_id)).status == "EXPIRED_IN_MATCH"
    assert taker.status == "EXPIRED"
    (pm,) = bn.prevented_matches("BTCUSDT", order_id=int(taker.order_id))
    assert (pm.maker_order_id, pm.price, pm.maker_prevented_quantity) == (maker.order_id, between, D("0.001"))
    fok = bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.1"), price=between, time_in_force="FOK")
    assert (fok.status, fok.executed_qty) == ("EXPIRED", D("0"))


def test_oco_cancel_replace_and_cancel_all(bn: Both) -> None:
    oco = bn.new_oco("BTCUSDT", "SELL", D("0.01"), D("66000"), D("64000"), stop_limit_price=D("63900"),
                     stop_limit_time_in_force="GTC", list_client_order_id="oco1")
    assert (oco.list_client_order_id, oco.list_order_status) == ("oco1", "EXECUTING")
    assert [r.type for r in oco.order_reports] == ["STOP_LOSS_LIMIT", "LIMIT_MAKER"]
    assert bn.get_oco(list_client_order_id="oco1").order_list_id == oco.order_list_id
    assert [x.order_list_id for x in bn.open_oco()] == [oco.order_list_id]
    done = bn.cancel_oco("BTCUSDT", order_list_id=int(oco.order_list_id))
    assert done.list_order_status == "ALL_DONE" and {r.status for r in done.order_reports} == {"CANCELED"}
    assert bn.open_oco() == [] and len(bn.all_oco()) == 1
    with pytest.raises(OrderRejected, match="relationship of the prices"):
        bn.new_oco("BTCUSDT", "SELL", D("0.01"), D("64000"), D("66000"))
    o = bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000"), time_in_force="GTC")
    cr = bn.cancel_replace("BTCUSDT", "BUY", "LIMIT", cancel_order_id=int(o.order_id), quantity=D("0.002"),
                           price=D("64100"), time_in_force="GTC")
    assert (cr.cancel_result, cr.new_order_result) == ("SUCCESS", "SUCCESS")
    assert cr.cancel_response is not None and cr.cancel_response.status == "CANCELED"
    assert cr.new_order_response is not None and cr.new_order_response.price == D("64100")
    with pytest.raises(CancelReplaceFailed) as e:
        bn.cancel_replace("BTCUSDT", "BUY", "LIMIT", cancel_order_id=999999, quantity=D("0.002"), price=D("64100"),
                          time_in_force="GTC")
    assert e.value.code == -2022 and e.value.data["cancelResponse"] == {"code": -2011, "msg": "Unknown order sent."}
    with pytest.raises(CancelReplaceFailed) as e:
        bn.cancel_replace("BTCUSDT", "SELL", "LIMIT_MAKER", cancel_order_id=int(cr.new_order_response.order_id),
                          quantity=D("0.001"), price=D("64999"))
    assert (e.value.code, e.value.status) == (-2021, 409)
    assert e.value.data["newOrderResponse"] == {"code": -2010, "msg": "Order would immediately match and take."}
    bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000"), time_in_force="GTC")
    bn.new_oco("BTCUSDT", "SELL", D("0.01"), D("66000"), D("64000"))
    cancelled = bn.cancel_open_orders("BTCUSDT")
    assert [type(x).__name__ for x in cancelled] == ["Order", "OrderList"]


def test_validation_before_the_wire(bn: Both, sim: BinanceSim) -> None:
    before = len(sim.rest.seen)
    cases = [
        (dict(type="LIMIT", quantity=D("0.001"), price=D("64000")), "timeInForce: is required for LIMIT orders"),
        (dict(type="STOP_LOSS", quantity=D("0.001")), "stopPrice: STOP_LOSS orders need stopPrice or trailingDelta"),
        (dict(type="MARKET"), "quantity: MARKET orders need exactly one of quantity and quoteOrderQty"),
        (dict(type="LIMIT_MAKER", quantity=D("0.001")), "price: is required for LIMIT_MAKER orders"),
        (dict(type="LIMIT", quantity=0.1, price=D("1"), time_in_force="GTC"),
         "quantity: pass money as Decimal or str, never float"),
    ]
    for kw, msg in cases:
        with pytest.raises(ValidationError, match=msg):
            bn.new_order("BTCUSDT", "BUY", **kw)  # type: ignore[arg-type]
    assert len(sim.rest.seen) == before
    filter_cases = [
        (dict(quantity=D("0.001"), price=D("64000.001")), "price: Filter failure: PRICE_FILTER: must be a multiple"),
        (dict(quantity=D("0.000015"), price=D("64000")), "quantity: Filter failure: LOT_SIZE: must be a multiple"),
        (dict(quantity=D("0.00001"), price=D("64000")), "quantity: Filter failure: NOTIONAL: price x quantity must"),
        (dict(quantity=D("0.001"), price=D("400000")), "price: Filter failure: PERCENT_PRICE_BY_SIDE: must be <="),
    ]
    for kw, msg in filter_cases:
        with pytest.raises(ValidationError, match=msg):
            bn.new_order("BTCUSDT", "BUY", "LIMIT", time_in_force="GTC", **kw)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Filter failure: PERCENT_PRICE: must be >="):
        bn.new_order("ETHUSDT", "BUY", "LIMIT", time_in_force="GTC", quantity=D("0.01"), price=D("100"))
    with pytest.raises(BadRequest, match=r"\[-1121\] Invalid symbol."):
        bn.new_order("XRPUSDT", "BUY", "MARKET", quantity=D("1"))


def test_server_side_errors(bn: Both, connect: Connect) -> None:
    nochk = connect(check_filters=False)
    with pytest.raises(OrderRejected, match=r"\[-1013\] Filter failure: PRICE_FILTER"):
        nochk.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000.001"), time_in_force="GTC")
    with pytest.raises(InsufficientFunds, match="Account has insufficient balance"):
        bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("1"), price=D("64000"), time_in_force="GTC")
    bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000"), time_in_force="GTC",
                 new_client_order_id="dup")
    with pytest.raises(DuplicateOrder, match=r"Duplicate order sent\."):
        bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000"), time_in_force="GTC",
                     new_client_order_id="dup")
    with pytest.raises(OrderNotFound, match=r"\[-2013\] Order does not exist."):
        bn.get_order("BTCUSDT", order_id=424242)
    with pytest.raises(OrderNotFound, match=r"\[-2011\] Unknown order sent."):
        bn.cancel_order("BTCUSDT", order_id=424242)
    with pytest.raises(BadRequest, match=r"\[-1121\] Invalid symbol."):
        bn.request("GET", "/api/v3/depth", {"symbol": "NOPE"})
    with pytest.raises(SignatureError, match=r"\[-1022\] Signature for this request is not valid."):
        connect(DEMO_API_KEY, "wrong" * 10).account()
    with pytest.raises(InvalidApiKey, match=r"\[-2015\] Invalid API-key, IP, or permissions for action."):
        connect("nobody" * 10, DEMO_SECRET_KEY).account()
    with pytest.raises(NotFound, match=r"\[-1125\] This listenKey does not exist."):
        bn.keepalive_listen_key("abc")


def test_clock_resync_on_1021(bn: Both, sim: BinanceSim) -> None:
    bn.account()
    sim.exchange.clock.skew_ms = -20_000
    assert bn.account().account_type == "SPOT"
    assert -21_000 < bn.clock.offset_ms < -19_000


def test_429_waits_retry_after_and_418_stops(bn: Both, sim: BinanceSim) -> None:
    sim.rest.faults.append(StatusFault("/api/v3/ping", 429, retry_after=0))
    bn.ping()
    sim.rest.faults.append(StatusFault("/api/v3/ping", 429, count=5, retry_after=0))
    with pytest.raises(RateLimited, match=r"\[-1003\] Too many requests."):
        bn.ping()
    sim.rest.faults.clear()
    sim.rest.faults.append(StatusFault("/api/v3/time", 418, retry_after=120))
    with pytest.raises(IpBanned, match="IP banned by Binance \\(HTTP 418\\); retry after 120 s"):
        bn.request("GET", "/api/v3/time")
    with pytest.raises(IpBanned, match=r"requests stopped for another 1[12][0-9] s"):
        bn.ping()


def test_real_weight_limit_gives_429(sim: BinanceSim, connect: Connect) -> None:
    sim.rest.weight_limit = 15
    c = connect(None, None, rate_limits=False)
    c.context.max_retries = 0
    c.exchange_info()
    with pytest.raises(RateLimited, match="Too much request weight used; current limit is 15") as e:
        c.exchange_info()
    assert e.value.status == 429 and e.value.retry_after is not None and e.value.retry_after > 0


def test_unknown_outcome_is_reconciled_by_client_id(bn: Both, sim: BinanceSim) -> None:
    bn.symbol_filters("BTCUSDT")
    sim.rest.faults.append(StatusFault("/api/v3/order", 504, execute=True))
    o = bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000"), time_in_force="GTC")
    assert o.status == "NEW" and o.client_order_id.startswith("tw") and o.time is not None
    assert [r[1] for r in sim.rest.seen].count("/api/v3/order") == 2  # the POST once, then the GET
    sim.rest.faults.append(StatusFault("/api/v3/order", 503, execute=False))
    with pytest.raises(UnknownOrderState) as e:
        bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("64000"), time_in_force="GTC",
                     new_client_order_id="lost-1")
    assert e.value.client_order_id == "lost-1"
    assert len(bn.open_orders("BTCUSDT")) == 1


def test_timeout_is_reconciled(sim: BinanceSim, connect: Connect) -> None:
    # 3 s: far above any loopback answer on a loaded machine (0.3 s was not); the order lands 0.2 s after the
    # client gave up, well inside its reconciling lookups (0, 0.25, 0.75, 1.75 s after the timeout)
    c = connect(timeout=3.0)
    c.symbol_filters("BTCUSDT")
    sim.rest.faults.append(StatusFault("/api/v3/order", 0, execute=True, delay=3.2))
    o = c.new_order("BTCUSDT", "SELL", "LIMIT", quantity=D("0.001"), price=D("66000"), time_in_force="GTC",
                    new_client_order_id="slow-1")
    assert (o.client_order_id, o.status) == ("slow-1", "NEW")
    assert len(c.open_orders()) == 1


def test_wallet_and_raw_requests(bn: Both) -> None:
    assert bn.system_status().msg == "normal"
    assert bn.account_status().data == "Normal"
    addr = bn.deposit_address("BTC")
    assert addr.coin == "BTC" and addr.tag is None
    assert bn.trade_fee("BTCUSDT")[0].maker_commission == D("0.001")
    assert bn.asset_detail("BTC")["BTC"].withdraw_fee == D("0.0005")
    avg = bn.avg_price("BTCUSDT").price
    assert bn.request("GET", "/api/v3/avgPrice", {"symbol": "BTCUSDT"}) == {"mins": 5, "price": f"{avg:.8f}"}
    ep = bn.raw_endpoint("POST", "/sapi/v1/capital/withdraw/apply", None)
    assert (ep.auth, ep.weight, ep.limits) == ("signed", 600, ("ip:300/60",))
    assert bn.futures_price("BTCUSDT").price == D("65000")


def test_unasync_is_current() -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, str(root / "tools/unasync.py"), "--check"]).returncode == 0
