"""The rest of the USD-M catalogue through tradewire's sync and async clients against the simulator: analytics
series computed from the tape, index views, convert (quotes valid 10 s of simulated time, the ledger moved
once), the asynchronous downloads, order modification, account extras; hostile writes refused before the wire."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.binance.prints import last_price, window
from tests.both import Both, Connect
from tests.walk import vwap, walk
from tradewire.binance.client import Binance
from tradewire.core.errors import ExchangeError, ValidationError
from tradewire.sim import Simulator
from tradewire.sim.binance.futures import WALLET
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal
Q8 = D("0.00000001")
Q4 = D("0.0001")  # the ratios' and volumes' places on the wire


def _second_trader(sim: BinanceSim, connect: Connect) -> Both:
    """Another user with 1000 USDT in the futures wallet."""
    other = sim.exchange.users[1]
    sim.exchange.ledger.seed(other.uid, WALLET, "USDT", D(1000))
    return connect(other.api_key, other.secret_key)


def test_analytics_series_come_from_the_tape(bn: Both, sim: BinanceSim, connect: Connect) -> None:
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity="0.02")
    _second_trader(sim, connect).futures_new_order("BTCUSDT", "SELL", "MARKET", quantity="0.01")
    last, now = last_price(sim, "BTCUSDT"), sim.exchange.clock.now_ms()
    oi = bn.futures_open_interest_hist("BTCUSDT", "1d")[-1]
    # the longer side (0.02 long against 0.01 short; the house holds the rest) at the tape's latest print
    assert (oi.sum_open_interest, oi.sum_open_interest_value, oi.timestamp % 86_400_000) == (
        D("0.02"), D("0.02") * last, 0)
    accounts = bn.futures_global_long_short_ratio("BTCUSDT", "1d")[-1]
    assert (accounts.long_short_ratio, accounts.long_account, accounts.short_account) == (D(1), D("0.5"), D("0.5"))
    assert bn.futures_top_long_short_account_ratio("BTCUSDT", "1d") == bn.futures_global_long_short_ratio(
        "BTCUSDT", "1d")
    positions = bn.futures_top_long_short_position_ratio("BTCUSDT", "1d")[-1]
    assert (positions.long_short_ratio, positions.long_account, positions.short_account) == (
        D(2), D("0.6667"), D("0.3333"))
    taker = bn.futures_taker_volume("BTCUSDT", "5m")
    tape = sim.exchange.tapes.tape("BTCUSDT")
    a, b = window(sim, "BTCUSDT", now - now % 300_000)  # the 5 minutes still open: the tape's prints so far
    buy, total = tape.contract.qty(tape.taker_buys(a, b)[0]), tape.contract.qty(tape.stats(a, b)[4])
    assert (len(taker), taker[-1].timestamp, taker[-1].buy_vol, taker[-1].sell_vol, taker[-1].buy_sell_ratio) == (
        30, now - now % 300_000, buy.quantize(Q4), (total - buy).quantize(Q4), (buy / (total - buy)).quantize(Q4))
    basis = bn.futures_basis("BTCUSDT", "PERPETUAL", "5m")[-1]
    assert (basis.futures_price, basis.index_price, basis.basis, basis.annualized_basis_rate) == (
        last, last, D(0), None)
    assert bn.futures_basis("BTCUSDT", "CURRENT_QUARTER", "5m") == []
    k = bn.futures_premium_index_klines("BTCUSDT", "1m")
    a, b = window(sim, "BTCUSDT", now - now % 60_000)
    assert (len(k), k[-1].open_time, k[-1].open, k[-1].close, k[-1].volume, k[-1].trades) == (
        500, now - now % 60_000, D(0), D(0), D(0), b - a)
    with pytest.raises(ValidationError, match="period"):
        bn.futures_taker_volume("BTCUSDT", "3m")


def test_index_and_risk_views(bn: Both) -> None:
    idx = bn.futures_asset_index("BTCUSD")
    assert not isinstance(idx, list)
    assert (idx.index, idx.bid_rate, idx.ask_rate, idx.auto_exchange_bid_rate) == (
        D(65000), D(61750), D(68250), D(63375))
    assert [i.symbol for i in bn.futures_asset_index()] == ["BTCUSD", "ETHUSD"]
    c = bn.futures_constituents("ETHUSDT")
    assert [(x.exchange, x.price, x.weight) for x in c.constituents] == [("binance", D(3200), D(1))]
    assert bn.futures_index_info() == []
    assert bn.futures_delivery_price("BTCUSDT") == []
    (fund,) = bn.futures_insurance_balance()
    assert (fund.symbols, [(a.asset, a.margin_balance) for a in fund.assets]) == (
        ["BTCUSDT", "ETHUSDT"], [("USDT", D(0))])
    assert [r.adl_risk for r in bn.futures_adl_risk()] == ["low", "low"]
    rpi = bn.futures_rpi_depth("BTCUSDT")
    plain = bn.futures_depth("BTCUSDT", limit=1000)
    assert (rpi.bids, rpi.asks) == (plain.bids, plain.asks)  # no RPI orders rest in the simulator
    assert bn.futures_trading_schedule().market_schedules == {}
    p = bn.futures_price_v1("BTCUSDT")
    assert not isinstance(p, list) and p.price == D(65000)


def test_convert_quote_is_accepted_once_within_ten_seconds(bn: Both, sim: BinanceSim) -> None:
    ledger, uid = sim.exchange.ledger, sim.exchange.users[0].uid
    pairs = bn.futures_convert_pairs(from_asset="USDT")
    assert [(p.from_asset, p.to_asset, p.to_asset_min_amount) for p in pairs] == [
        ("USDT", "BTC", D("0.01")), ("USDT", "ETH", D("0.01"))]
    q = bn.futures_convert_quote("USDT", "BTC", from_amount="100")
    assert (q.ratio, q.inverse_ratio, q.from_amount, q.to_amount) == (
        D("0.00001538"), D("65019.50585176"), D(100), D("0.001538"))
    assert q.quote_id is not None
    accepted = bn.futures_convert_accept(q.quote_id)
    assert accepted.order_status == "PROCESS"
    assert (ledger.balance(uid, WALLET, "USDT"), ledger.balance(uid, WALLET, "BTC")) == (D(900), D("0.001538"))
    with pytest.raises(ExchangeError) as again:
        bn.futures_convert_accept(q.quote_id)
    assert again.value.code == 345231
    done = bn.futures_convert_status(quote_id=q.quote_id)
    assert (done.order_id, done.order_status, done.to_amount) == (accepted.order_id, "SUCCESS", D("0.001538"))
    late = bn.futures_convert_quote("BTC", "USDT", to_amount="10")
    assert (late.from_amount, late.ratio) == (D("0.00015385"), D(65000))  # rounded up: 10 USDT at least
    assert late.quote_id is not None
    sim.exchange.clock.advance(10_001)
    with pytest.raises(ExchangeError) as expired:
        bn.futures_convert_accept(late.quote_id)
    assert expired.value.code == 345231
    assert (ledger.balance(uid, WALLET, "USDT"), ledger.balance(uid, WALLET, "BTC")) == (D(900), D("0.001538"))
    assert bn.futures_convert_quote("USDT", "ETH", from_amount="5000").quote_id is None  # cannot pay it


def test_quotes_and_settings_survive_a_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "state"
    with Simulator(rate_limits=False) as sim:
        sim.clock.speed = 0  # time holds still: the quote stays valid across the restart
        with Binance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=sim.binance_url, futures_url=sim.binance_url) as bn:
            bn.futures_set_fee_burn(True)
            quote = bn.futures_convert_quote("USDT", "ETH", from_amount="32")
        sim.snapshot(path)
    assert quote.quote_id is not None
    with Simulator.restore(path) as again, Binance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=again.binance_url,
                                                    futures_url=again.binance_url) as bn:
        assert bn.futures_fee_burn() is True
        assert bn.futures_convert_accept(quote.quote_id).order_status == "PROCESS"
        assert bn.futures_convert_status(quote_id=quote.quote_id).to_amount == D("0.01")


def test_downloads_complete_on_the_simulated_clock(bn: Both, sim: BinanceSim) -> None:
    start = 1_700_000_000_000  # two downloads: each weighs 1000 of the 2400 a minute
    ids = [bn.futures_order_download(start, start + 86_400_000), bn.futures_income_download(start, start + 1)]
    assert [d.avg_cost_timestamp_of_last30d for d in ids] == [10_000] * 2
    assert ids[0].download_id != ids[1].download_id
    link = bn.futures_order_download_link(ids[0].download_id)
    assert (link.status, link.url, link.expiration_timestamp) == ("processing", None, -1)
    ready = sim.exchange.clock.now_ms() + 10_000
    sim.exchange.clock.advance(10_000)
    done = bn.futures_income_download_link(ids[1].download_id)
    assert (done.status, done.notified, done.is_expired) == ("completed", True, False)
    assert done.url == f"https://sim.invalid/fapi/download/{ids[1].download_id}.csv"
    assert ready - 1000 <= done.expiration_timestamp - 7 * 86_400_000 <= ready
    with pytest.raises(ValidationError, match="endTime"):
        bn.futures_trade_download(start, start + 366 * 86_400_000)


def test_modify_keeps_the_order_and_records_the_amendment(bn: Both, sim: BinanceSim) -> None:
    o = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity="0.01", price="60000", time_in_force="GTC")
    events: list[dict[str, Any]] = []
    sim.exchange.fstate.event_listeners.append(lambda uid, event: events.append(event))
    changed = bn.futures_modify_order("BTCUSDT", "BUY", "0.02", "60001", order_id=int(o.order_id))
    assert [(e["e"], e["o"]["x"], e["o"]["X"], e["o"]["q"], e["o"]["p"]) for e in events] == [
        ("ORDER_TRADE_UPDATE", "AMENDMENT", "NEW", "0.020", "60001")]  # what the user stream pushes
    assert (changed.order_id, changed.client_order_id, changed.price, changed.orig_qty, changed.status) == (
        o.order_id, o.client_order_id, D(60001), D("0.02"), "NEW")
    (a,) = bn.futures_order_amendments("BTCUSDT", orig_client_order_id=o.client_order_id)
    assert (a.amendment.price.before, a.amendment.price.after, a.amendment.orig_qty.after, a.amendment.count) == (
        D(60000), D(60001), D("0.02"), 1)
    with pytest.raises(ExchangeError) as same:
        bn.futures_modify_order("BTCUSDT", "BUY", "0.02", "60001", order_id=int(o.order_id))
    assert same.value.code == -5027
    (batch,) = bn.futures_modify_orders([{"symbol": "BTCUSDT", "side": "BUY", "quantity": "0.03", "price": "59000",
                                          "orderId": int(o.order_id)}])
    assert (getattr(batch, "price", None), getattr(batch, "orig_qty", None)) == (D(59000), D("0.03"))
    assert len(bn.futures_order_amendments("BTCUSDT", int(o.order_id))) == 2
    bn.futures_test_order("BTCUSDT", "SELL", "LIMIT", quantity="0.01", price="70000", timeInForce="GTC")
    assert [x.order_id for x in bn.futures_open_orders("BTCUSDT")] == [o.order_id]  # the test placed nothing
    with pytest.raises(ExchangeError) as prec:
        bn.futures_test_order("BTCUSDT", "SELL", "LIMIT", quantity="0.0105", price="70000", timeInForce="GTC")
    assert prec.value.code == -1111


def test_account_extras(bn: Both, sim: BinanceSim) -> None:
    fills = walk(bn.futures_depth("BTCUSDT", limit=5).asks, D("0.01"))
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity="0.01")
    assert bn.futures_fee_burn() is False
    assert bn.futures_set_fee_burn(True).code == 200
    assert bn.futures_fee_burn() is True
    cfg = bn.futures_account_config()
    assert (cfg.fee_tier, cfg.can_trade, cfg.dual_side_position, cfg.multi_assets_margin) == (0, True, False, False)
    assert bn.futures_trading_status().indicators == {}
    assert [(r.interval, r.interval_num, r.limit) for r in bn.futures_order_rate_limit()] == [
        ("MINUTE", 1, 1200), ("SECOND", 10, 300)]
    (adl,) = bn.futures_adl_quantile()
    assert (adl.symbol, adl.adl_quantile) == ("BTCUSDT", {"LONG": 4, "SHORT": 0, "BOTH": 4})  # the only long
    pm = bn.futures_pm_account("USDT")
    (bal,) = bn.futures_balance_v2()
    # the wallet less the taker fees, plus the profit at the mark (the tape's print), less the margin at 20x
    fee = sum(((p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills), D(0))
    mark = last_price(sim, "BTCUSDT")
    free = 1000 - fee + (mark - vwap(fills).quantize(Q8)) * D("0.01") - D("0.01") * mark / 20
    assert pm.max_withdraw_amount == pm.max_withdraw_amount_usd == bal.available_balance == free
    (pos,) = bn.futures_positions_v2("BTCUSDT")
    assert (pos.position_amt, pos.leverage, pos.margin_type, pos.max_notional_value) == (
        D("0.01"), D(20), "cross", D(70_000_000))
    assert bn.futures_sign_tradfi_contract().code == 200
    bn.futures_new_algo_order("BTCUSDT", "SELL", "STOP_MARKET", quantity="0.01", trigger_price="50000")
    assert bn.futures_cancel_algo_orders("BTCUSDT").code == 200
    assert bn.futures_open_algo_orders("BTCUSDT") == []


OFFLINE = "http://127.0.0.1:9"  # nothing listens: a request that left would raise TransportError


@pytest.mark.parametrize(("call", "param"), [
    (lambda bn: bn.futures_set_fee_burn("yes"), "feeBurn"),
    (lambda bn: bn.futures_convert_quote("usdt", "BTC", from_amount="1"), "fromAsset"),
    (lambda bn: bn.futures_convert_quote("USDT", "BTC", from_amount="1,5"), "fromAmount"),
    (lambda bn: bn.futures_convert_quote("USDT", "BTC", from_amount="NaN"), "fromAmount"),
    (lambda bn: bn.futures_convert_quote("USDT", "BTC", from_amount="1", to_amount="1"), "fromAmount"),
    (lambda bn: bn.futures_convert_quote("USDT", "USDT", from_amount="1"), "toAsset"),
    (lambda bn: bn.futures_convert_accept("1&quoteId=2"), "quoteId"),
    (lambda bn: bn.futures_modify_order("BTCUSDT", "BUY", "-1", "60000", order_id=1), "quantity"),
    (lambda bn: bn.futures_modify_order("BTCUSDT", "BUY", "0.01", "6,0", order_id=1), "price"),
    (lambda bn: bn.futures_modify_order("BTCUSDT", "HOLD", "0.01", "60000", order_id=1), "side"),
    (lambda bn: bn.futures_modify_order("BTCUSDT", "BUY", "0.01", "60000"), "orderId"),
    (lambda bn: bn.futures_modify_order("BTCUSDT", "BUY", "0.01", "60000", order_id=1, price_match="QUEUE"),
     "price"),
    (lambda bn: bn.futures_modify_orders([{"symbol": "BTC USDT", "side": "BUY", "quantity": "1", "price": "1",
                                           "orderId": 1}]), "symbol"),
    (lambda bn: bn.futures_modify_orders([{"symbol": "BTCUSDT", "side": "BUY", "quantity": "1", "price": "1",
                                           "orderId": 1, "Price": "2"}]), "Price"),
    (lambda bn: bn.futures_test_order("BTCUSDT", "BUY", "STOP_LOSS", quantity="1"), "type"),
    (lambda bn: bn.futures_test_order("BTCUSDT", "BUY", "LIMIT", quantity="1", price="1"), "timeInForce"),
    (lambda bn: bn.futures_test_order("BTCUSDT", "BUY", "MARKET", quantity="1", **{"a=b": "1"}), "a=b"),
    (lambda bn: bn.futures_cancel_algo_orders("btcusdt"), "symbol"),
    (lambda bn: bn.futures_order_download(1_700_000_000, 1_700_000_001), "startTime"),
])
def test_hostile_writes_are_refused_before_the_wire(call: Any, param: str) -> None:
    with Binance("k" * 64, "s" * 64, base_url=OFFLINE, futures_url=OFFLINE, sync_clock=False) as bn, \
            pytest.raises(ValidationError) as refused:
        call(bn)
    assert refused.value.param == param
    assert str(refused.value).startswith(param) and len(str(refused.value)) > len(param) + 2  # and the rule


def test_ccxt_binanceusdm_reads_the_new_calls(sim: BinanceSim) -> None:
    ccxt = pytest.importorskip("ccxt")
    ex = ccxt.binanceusdm({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY,
                           "options": {"fetchMarkets": ["linear"], "fetchCurrencies": False}})
    for name, url in list(ex.urls["api"].items()):  # fapi* and fapiData (/futures/data)
        if isinstance(url, str) and url.startswith("https://fapi.binance.com"):
            ex.urls["api"][name] = sim.url + url.removeprefix("https://fapi.binance.com")
    ex.load_markets()
    o = ex.create_order("BTC/USDT:USDT", "limit", "buy", 0.01, 60000)
    edited = ex.edit_order(o["id"], "BTC/USDT:USDT", "limit", "buy", 0.02, 60001)  # PUT /fapi/v1/order
    assert (edited["id"], edited["price"], edited["amount"]) == (o["id"], 60001.0, 0.02)  # ccxt's own floats
    ex.create_order("BTC/USDT:USDT", "market", "buy", 0.01)
    oi = ex.fetch_open_interest_history("BTC/USDT:USDT", "1d")[-1]
    assert (oi["openInterestAmount"], oi["openInterestValue"]) == (0.01, float(D("0.01") * last_price(sim, "BTCUSDT")))
    ratio = ex.fetch_long_short_ratio_history("BTC/USDT:USDT", "1d")[-1]
    assert (ratio["longShortRatio"], ratio["info"]["longAccount"]) == (0.0, "1.0000")  # no account is short
    candles = ex.fetch_ohlcv("BTC/USDT:USDT", "1m", params={"price": "premiumIndex"})
    now = sim.exchange.clock.now_ms()
    assert (len(candles), candles[-1][0], candles[-1][1:5]) == (500, now - now % 60_000, [0.0] * 4)
    order = sim.exchange.futures.orders[int(o["id"])]
    assert (order.qty, order.price, order.status) == (D("0.02"), D(60001), "NEW")
