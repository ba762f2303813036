"""Isolated margin end to end: pair accounts, transfers, loans with hourly interest, level and liquidation price,
orders on the spot book; python-binance and ccxt against the same simulator."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import pytest

from tests.binance.prints import last_price
from tests.both import Both, Connect
from tests.walk import walk
from tradewire.core.errors import BadRequest, ExchangeError, InsufficientFunds, ValidationError
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal
Q8 = D("0.00000001")
HOUR = 3_600_000


@pytest.fixture
def bn(connect: Connect) -> Both:
    """Transfers and loans weigh 600 and 1500: the client's pacing is off here."""
    return connect(rate_limits=False)


def _totals(sim: BinanceSim) -> tuple[Decimal, Decimal]:
    return sim.exchange.ledger.total("USDT"), sim.exchange.ledger.total("BTC")


def test_enable_transfer_borrow_interest_level(bn: Both, sim: BinanceSim) -> None:
    before = _totals(sim)
    with pytest.raises(BadRequest, match=r"\[-3003\] Isolated margin account does not exist."):
        bn.isolated_transfer("USDT", "BTCUSDT", D(1000), "SPOT", "ISOLATED_MARGIN")
    with pytest.raises(BadRequest, match=r"\[-3028\] Not a valid margin pair."):
        bn.isolated_enable("BTCETH")
    assert (bn.isolated_enable("BTCUSDT").success, bn.isolated_account_limit().enabled_account) == (True, 1)
    assert bn.isolated_transfer("USDT", "BTCUSDT", D(1000), "SPOT", "ISOLATED_MARGIN") == "100000001"
    assert bn.account().balance("USDT").free == D(9000)
    assert bn.margin_max_borrowable("USDT", isolated_symbol="BTCUSDT").amount == D(9000)  # 10x: debt <= 9 x equity
    with pytest.raises(InsufficientFunds, match=r"\[-3006\]"):
        bn.margin_borrow("USDT", D(9001), is_isolated=True, symbol="BTCUSDT")
    with pytest.raises(BadRequest, match=r"\[-3027\] Not a valid margin asset."):
        bn.margin_borrow("ETH", D(1), is_isolated=True, symbol="BTCUSDT")
    bn.margin_borrow("USDT", D(1000), is_isolated=True, symbol="BTCUSDT")
    quote = bn.isolated_account(["BTCUSDT"]).assets[0].quote_asset
    # 0.00024 a day = 0.00001 an hour, charged at once for the hour the loan begins in
    assert (quote.free, quote.borrowed, quote.interest, quote.net_asset) == (
        D(2000), D(1000), D("0.01"), D("999.99"))
    sim.exchange.clock.advance(3 * HOUR)
    acct = bn.isolated_account()
    pair = acct.assets[0]
    assert pair.quote_asset.interest == D("0.04")  # 3 more hours
    assert (pair.margin_level, pair.margin_level_status, pair.liquidate_price) == (
        D("1.99992000"), "NORMAL", D(0))  # 2000 / 1000.04; no base held: no price liquidates it
    # 1000.04 USDT at the tape's latest print, rounded down
    assert acct.total_liability_of_btc == (D("1000.04") / last_price(sim, "BTCUSDT")).quantize(Q8, ROUND_DOWN)
    rows = bn.margin_interest_history(isolated_symbol="BTCUSDT").rows
    assert [(r.type, r.interest) for r in rows] == [("PERIODIC", D("0.03")), ("ON_BORROW", D("0.01"))]
    with pytest.raises(ExchangeError, match=r"\[-3020\]"):
        bn.isolated_transfer("USDT", "BTCUSDT", D(1), "ISOLATED_MARGIN", "SPOT")  # level would fall below 2
    with pytest.raises(ExchangeError, match=r"\[-3041\] Balance is not cleared."):
        bn.isolated_disable("BTCUSDT")
    bn.margin_repay("USDT", D("1000.04"), is_isolated=True, symbol="BTCUSDT")  # interest first, then principal
    repaid = bn.margin_borrow_repay_records("REPAY", isolatedSymbol="BTCUSDT").rows[0]
    assert (repaid.amount, repaid.interest, repaid.isolated_symbol) == (D("1000.04"), D("0.04"), "BTCUSDT")
    quote = bn.isolated_account("BTCUSDT").assets[0].quote_asset
    assert (quote.free, quote.borrowed, quote.interest) == (D("999.96"), D(0), D(0))
    assert bn.margin_max_transferable("USDT", isolated_symbol="BTCUSDT").amount == D("999.96")
    bn.isolated_transfer("USDT", "BTCUSDT", D("999.96"), "ISOLATED_MARGIN", "SPOT")
    assert bn.isolated_disable("BTCUSDT").symbol == "BTCUSDT"
    assert bn.isolated_account_limit().enabled_account == 0
    assert [r.trans_to for r in bn.isolated_transfer_history("BTCUSDT").rows] == ["SPOT", "ISOLATED_MARGIN"]
    usdt, btc = before
    assert _totals(sim) == (usdt, btc)  # the interest went to the house: nothing made or lost


def test_isolated_orders_on_the_spot_book(bn: Both, sim: BinanceSim) -> None:
    before = _totals(sim)
    bn.isolated_enable("BTCUSDT")
    bn.isolated_transfer("USDT", "BTCUSDT", D(1000), "SPOT", "ISOLATED_MARGIN")
    bn.margin_borrow("USDT", D(1000), is_isolated=True, symbol="BTCUSDT")
    fills = walk(bn.depth("BTCUSDT", limit=5).asks, D("0.02"))
    cost = sum((p * q for p, q in fills), D(0))
    o = bn.margin_new_order("BTCUSDT", "BUY", "MARKET", is_isolated=True, quantity=D("0.02"))
    assert (o.status, o.executed_qty, o.cummulative_quote_qty, o.is_isolated) == (
        "FILLED", D("0.02"), cost, True)
    pair = bn.isolated_account(["BTCUSDT"]).assets[0]
    base, quote, index = D("0.01998"), D(2000) - cost, fills[-1][0]  # 0.1 % taker fee in BTC
    assert (pair.base_asset.free, pair.quote_asset.free, pair.index_price) == (base, quote, index)
    # level = (base x index + quote) / 1000.01; liquidation at (1.1 x 1000.01 - quote) / base; rounded down
    assert (pair.margin_level, pair.liquidate_price) == (
        ((base * index + quote) / D("1000.01")).quantize(Q8, ROUND_DOWN),
        ((D("1.1") * D("1000.01") - quote) / base).quantize(Q8, ROUND_DOWN))
    limit = bn.margin_new_order("BTCUSDT", "SELL", "LIMIT", is_isolated=True, quantity=D("0.01"),
                                price=D(70000), timeInForce="GTC")
    assert [x.order_id for x in bn.margin_open_orders("BTCUSDT", is_isolated=True)] == [limit.order_id]
    assert bn.margin_open_orders("BTCUSDT") == []  # the cross margin account has none
    assert bn.margin_cancel_order("BTCUSDT", int(limit.order_id), is_isolated=True).status == "CANCELED"
    assert [x.is_isolated for x in bn.margin_all_orders("BTCUSDT", is_isolated=True)] == [True, True]
    assert [(t.price, t.qty) for t in bn.margin_my_trades("BTCUSDT", is_isolated=True)] == fills  # a fill a level
    with pytest.raises(BadRequest, match=r"\[-3003\]"):
        bn.margin_new_order("ETHUSDT", "BUY", "MARKET", is_isolated=True, quantity=D("0.01"))
    with pytest.raises(ValidationError, match="symbol"):
        bn.margin_open_orders(is_isolated=True)
    assert _totals(sim) == before


def test_universal_transfer_cross_and_isolated(bn: Both, sim: BinanceSim) -> None:
    bn.isolated_enable("BTCUSDT")
    bn.isolated_enable("ETHUSDT")
    bn.universal_transfer("MAIN_MARGIN", "USDT", D(500))
    bn.universal_transfer("MARGIN_ISOLATEDMARGIN", "USDT", D(300), to_symbol="BTCUSDT")
    bn.universal_transfer("ISOLATEDMARGIN_ISOLATEDMARGIN", "USDT", D(100), from_symbol="BTCUSDT",
                          to_symbol="ETHUSDT")
    bn.universal_transfer("ISOLATEDMARGIN_MARGIN", "USDT", D(50), from_symbol="ETHUSDT")
    frees = {p.symbol: p.quote_asset.free for p in bn.isolated_account().assets}
    assert frees == {"BTCUSDT": D(200), "ETHUSDT": D(50)}
    assert next(a.free for a in bn.margin_account().user_assets if a.asset == "USDT") == D(250)
    assert bn.isolated_all_pairs()[0].symbol == "BTCUSDT"
    assert bn.isolated_pair("ETHUSDT").base == "ETH"
    with pytest.raises(ValidationError, match="symbols"):
        bn.isolated_account(["BTCUSDT"] * 6)


def test_python_binance_isolated(sim: BinanceSim) -> None:
    binance_client = pytest.importorskip("binance.client")
    exceptions = pytest.importorskip("binance.exceptions")
    c = binance_client.Client(DEMO_API_KEY, DEMO_SECRET_KEY, ping=False)
    c.API_URL, c.MARGIN_API_URL = sim.url + "/api", sim.url + "/sapi"
    with pytest.raises(exceptions.BinanceAPIException) as gone:  # POST /sapi/v1/margin/isolated/create: retired
        c.create_isolated_margin_account(base="BTC", quote="USDT")  # 2021-05-15 (binance-endpoints.json)
    assert gone.value.status_code == 404
    assert c.enable_isolated_margin_account(symbol="BTCUSDT") == {"success": True, "symbol": "BTCUSDT"}
    assert c.get_enabled_isolated_margin_account_limit() == {"enabledAccount": 1, "maxAccount": 10}
    assert c.get_isolated_margin_symbol(symbol="BTCUSDT") == {
        "symbol": "BTCUSDT", "base": "BTC", "quote": "USDT", "isMarginTrade": True, "isBuyAllowed": True,
        "isSellAllowed": True}
    c.transfer_spot_to_isolated_margin(asset="USDT", symbol="BTCUSDT", amount="100")
    assert c.get_max_margin_loan(asset="USDT", isolatedSymbol="BTCUSDT") == {
        "amount": "900.00000000", "borrowLimit": "1000000.00000000"}
    assert c.get_max_margin_transfer(asset="USDT", isolatedSymbol="BTCUSDT") == {"amount": "100.00000000"}
    acct = c.get_isolated_margin_account(symbols="BTCUSDT")
    assert acct["assets"][0]["quoteAsset"]["free"] == "100.00000000"
    o = c.create_margin_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.001",
                              price="60000", isIsolated="TRUE")
    assert o["isIsolated"] is True
    assert c.get_open_margin_orders(symbol="BTCUSDT", isIsolated="TRUE")[0]["orderId"] == o["orderId"]
    c.cancel_margin_order(symbol="BTCUSDT", orderId=o["orderId"], isIsolated="TRUE")
    c.transfer_isolated_margin_to_spot(asset="USDT", symbol="BTCUSDT", amount="100")
    rows = c.get_isolated_margin_tranfer_history(symbol="BTCUSDT")["rows"]
    assert [(r["transFrom"], r["transTo"], r["amount"]) for r in rows] == [
        ("ISOLATED_MARGIN", "SPOT", "100.00000000"), ("SPOT", "ISOLATED_MARGIN", "100.00000000")]
    assert c.disable_isolated_margin_account(symbol="BTCUSDT") == {"success": True, "symbol": "BTCUSDT"}
    c.close_connection()


def test_ccxt_isolated(sim: BinanceSim) -> None:
    ccxt = pytest.importorskip("ccxt")
    ex = ccxt.binance({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY,
                       "options": {"fetchMarkets": ["spot"], "fetchCurrencies": False}})
    for key, url in ex.urls["api"].items():
        ex.urls["api"][key] = sim.url + "/" + url.split("/", 3)[3]
    sim.exchange.isolated.enable(sim.exchange.users[0].uid, "BTCUSDT")
    ex.sapiPostMarginIsolatedTransfer({"asset": "USDT", "symbol": "BTCUSDT", "transFrom": "SPOT",
                                       "transTo": "ISOLATED_MARGIN", "amount": "200"})
    bal = ex.fetch_balance({"type": "margin", "marginMode": "isolated"})
    assert (bal["USDT"]["free"], bal["USDT"]["debt"]) == (200.0, 0.0)  # ccxt's floats, read from the pair account
    assert ("GET", "/sapi/v1/margin/isolated/account") in {(r[0], r[1]) for r in sim.rest.seen}
    o = ex.create_order("BTC/USDT", "limit", "buy", 0.001, 60000, {"marginMode": "isolated"})
    assert o["status"] == "open"
    req = next(r for r in sim.rest.seen if r[1] == "/sapi/v1/margin/order")
    assert req[0] == "POST"
    uid = sim.exchange.users[0].uid
    assert sim.exchange.ledger.balance(f"{uid}:isolated:BTCUSDT", "spot.locked", "USDT") == D(60)


def test_margin_buy_borrows_for_the_pair(bn: Both, sim: BinanceSim) -> None:
    """sideEffectType=MARGIN_BUY on an isolated pair borrows the shortfall into that pair, not into cross."""
    before = _totals(sim)
    bn.isolated_enable("BTCUSDT")
    bn.isolated_transfer("USDT", "BTCUSDT", D(500), "SPOT", "ISOLATED_MARGIN")
    o = bn.margin_new_order("BTCUSDT", "BUY", "LIMIT", is_isolated=True, quantity=D("0.01"), price=D(60000),
                            timeInForce="GTC", sideEffectType="MARGIN_BUY")
    assert o.status == "NEW"
    quote = bn.isolated_account(["BTCUSDT"]).assets[0].quote_asset
    # 600 needed, 500 held: 100 borrowed (and its first hour of interest, 0.001)
    assert (quote.free, quote.locked, quote.borrowed, quote.interest) == (D(0), D(600), D(100), D("0.001"))
    assert bn.margin_account().total_liability_of_btc == D(0)
    assert _totals(sim) == before
