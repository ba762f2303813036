"""Golden wire cases of the BingX swap market endpoints: the exact query a client sends, and answers in every
shape the sources give (official reference tables and examples, seed samples, live answers captured by ccxt and
BingX.Net) decoded to exact values, through the sync and the async client."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fidelity.bingx_wire import NOW, assert_get, line, wired
from tradewire.bingx import models as m
from tradewire.bingx.protocol import DecodeError
from tradewire.core.errors import ValidationError

D = Decimal
KINDS = pytest.mark.parametrize("kind", ["sync", "async"])
Q = "/openApi/swap/v2/quote"


def ok(data: bytes) -> bytes:
    return b'{"code":0,"msg":"","data":' + data + b"}"


@KINDS
def test_server_time(kind: str) -> None:
    for bx, wire in wired(kind, b'{"code": 0,"msg": "","data": {"serverTime": 1675319535362}}'):  # seed 003
        assert bx.server_time() == 1675319535362
        assert line(wire.sent[0]) == f"GET /openApi/swap/v2/server/time?timestamp={NOW}"


#: docs-v3 example (bingx-samples A9): JSON numbers for fees, minimums and precisions
OFFICIAL_CONTRACT = (b'{"contractId":"100","symbol":"BTC-USDT","size":"0","quantityPrecision":4,"pricePrecision":1,'
                     b'"feeRate":0.0005,"makerFeeRate":0.0002,"takerFeeRate":0.0005,"tradeMinLimit":0,'
                     b'"tradeMinQuantity":0.0001,"tradeMinUSDT":2,"maxLongLeverage":125,"maxShortLeverage":125,'
                     b'"currency":"USDT","asset":"BTC","status":1,"apiStateOpen":"true","apiStateClose":"true",'
                     b'"brokerState":"true","launchTime":1586275200000,"maintainTime":0,"offTime":0}')
#: live, as ccxt quotes it (bingx.py fetch_swap_markets): every number a string, plus ensureTrigger/triggerFeeRate
LIVE_CONTRACT = (b'{"contractId":"100","symbol":"BTC-USDT","size":"0.0001","quantityPrecision":"4",'
                 b'"pricePrecision":"1","feeRate":"0.0005","makerFeeRate":"0.0002","takerFeeRate":"0.0005",'
                 b'"tradeMinLimit":"0","tradeMinQuantity":"0.0001","tradeMinUSDT":"2","maxLongLeverage":"125",'
                 b'"maxShortLeverage":"125","currency":"USDT","asset":"BTC","status":"1","apiStateOpen":"true",'
                 b'"apiStateClose":"true","ensureTrigger":true,"triggerFeeRate":"0.00020000"}')


@KINDS
def test_contracts_numbers_or_strings(kind: str) -> None:
    for bx, wire in wired(kind, ok(b"[" + OFFICIAL_CONTRACT + b"," + LIVE_CONTRACT + b"]")):
        official, live = bx.contracts("BTC-USDT")
        assert line(wire.sent[0]) == f"GET {Q}/contracts?symbol=BTC-USDT&timestamp={NOW}"
        for c in (official, live):
            assert (c.contract_id, c.quantity_precision, c.price_precision, c.tick_size, c.step_size) == (
                "100", 4, 1, D("0.1"), D("0.0001"))
            assert (c.maker_fee_rate, c.taker_fee_rate, c.trade_min_quantity, c.trade_min_usdt) == (
                D("0.0002"), D("0.0005"), D("0.0001"), D("2"))
            assert (c.max_long_leverage, c.max_short_leverage, c.status, c.api_state_open) == (125, 125, 1, "true")
        assert (official.size, official.launch_time, official.ensure_trigger, official.trigger_fee_rate) == (
            D("0"), 1586275200000, None, None)
        assert (live.size, live.launch_time, live.ensure_trigger, live.trigger_fee_rate) == (
            D("0.0001"), None, True, D("0.00020000"))


#: docs-v3 example (bingx-samples A5), asks worst first as sent
OFFICIAL_DEPTH = ok(b'{"T":1702719083983,"bids":[["0.000009854","483909"],["0.000009853","824851"]],'
                    b'"asks":[["0.000009860","578208"],["0.000009856","687669"]],'
                    b'"bidsCoin":[["0.000009854","483909000"],["0.000009853","824851000"]],'
                    b'"asksCoin":[["0.000009860","578208000"],["0.000009856","687669000"]]}')


@KINDS
def test_depth_best_first_and_its_limits(kind: str) -> None:
    for bx, wire in wired(kind, OFFICIAL_DEPTH, OFFICIAL_DEPTH):
        book = bx.depth("SHIB-USDT", 5)
        assert line(wire.sent[0]) == f"GET {Q}/depth?limit=5&symbol=SHIB-USDT&timestamp={NOW}"
        assert book.time == 1702719083983
        assert book.bids == [(D("0.000009854"), D("483909")), (D("0.000009853"), D("824851"))]
        assert book.asks == [(D("0.000009856"), D("687669")), (D("0.000009860"), D("578208"))]
        assert book.asks_coin == [(D("0.000009856"), D("687669000")), (D("0.000009860"), D("578208000"))]
        bx.depth("SHIB-USDT", 1000)
        assert line(wire.sent[1]) == f"GET {Q}/depth?limit=1000&symbol=SHIB-USDT&timestamp={NOW}"
        for bad in (7, 200, 5000):  # swap-market api-reference: one of 5, 10, 20, 50, 100, 500, 1000
            with pytest.raises(ValidationError) as refused:
                bx.depth("SHIB-USDT", bad)
            assert refused.value.param == "limit"
        assert len(wire.sent) == 2


#: the api-reference row (id, buyerMaker) and a live row (BingX.Net capture, as ccxt quotes it: no id, isBuyerMaker)
TRADES = ok(b'[{"id":8179911,"price":"42214.0","qty":"0.0248","quoteQty":"1046.91","time":1702719269849,'
            b'"buyerMaker":true},{"time":1702719269559,"isBuyerMaker":false,"price":"42214.1","qty":"0.4985",'
            b'"quoteQty":"21043.73"}]')


@KINDS
def test_recent_trades_with_or_without_an_id(kind: str) -> None:
    for bx, wire in wired(kind, TRADES):
        documented, live = bx.trades("BTC-USDT", 1000)
        assert line(wire.sent[0]) == f"GET {Q}/trades?limit=1000&symbol=BTC-USDT&timestamp={NOW}"
        assert (documented.id, documented.price, documented.qty, documented.quote_qty, documented.time,
                documented.buyer_maker, documented.is_buyer_maker) == (
            "8179911", D("42214.0"), D("0.0248"), D("1046.91"), 1702719269849, True, True)
        assert (live.id, live.price, live.qty, live.quote_qty, live.time, live.buyer_maker, live.is_buyer_maker) == (
            None, D("42214.1"), D("0.4985"), D("21043.73"), 1702719269559, False, False)
        with pytest.raises(ValidationError):
            bx.trades("BTC-USDT", 1001)
        assert len(wire.sent) == 1


@KINDS
def test_historical_trades(kind: str) -> None:
    body = ok(b'[{"time":1705063108365,"isBuyerMaker":true,"price":"2662.83","qty":"0.10","quoteQty":"266.28",'
              b'"id":"8179911"}]')  # BingX.Net capture; the api-reference names the same fields
    for bx, wire in wired(kind, body):
        (t,) = bx.historical_trades("ETH-USDT", from_id=8179911, limit=100)
        assert line(wire.sent[0]) == (
            f"GET /openApi/swap/v1/market/historicalTrades?fromId=8179911&limit=100&symbol=ETH-USDT&timestamp={NOW}")
        assert (t.id, t.price, t.qty, t.quote_qty, t.time, t.is_buyer_maker) == (
            "8179911", D("2662.83"), D("0.10"), D("266.28"), 1705063108365, True)
        with pytest.raises(ValidationError) as refused:
            bx.historical_trades("ETH-USDT", limit=101)  # api-reference: max 100
        assert refused.value.param == "limit"


#: docs-v3 object (one symbol); the same symbol answered as a list; the fields ccxt reads beyond the table
PREMIUM_OBJECT = ok(b'{"symbol":"BTC-USDT","markPrice":"42216.4","indexPrice":"42219.9",'
                    b'"lastFundingRate":"0.00025100","nextFundingTime":1702742400000}')
PREMIUM_LIST = ok(b'[{"symbol":"ETH-USDT","markPrice":"1220.94","indexPrice":"1220.68","lastFundingRate":"-0.0001",'
                  b'"nextFundingTime":1672041600000},{"symbol":"BTC-USDT","markPrice":"16884.5",'
                  b'"indexPrice":"16886.9","lastFundingRate":"0.0001","nextFundingTime":1672041600000,'
                  b'"fundingIntervalHours":8,"updateTime":1672012800000,"time":1672012800123}]')


@KINDS
def test_premium_index_object_or_list(kind: str) -> None:
    for bx, wire in wired(kind, PREMIUM_OBJECT, PREMIUM_LIST, PREMIUM_LIST):
        one = bx.premium_index("BTC-USDT")
        assert line(wire.sent[0]) == f"GET {Q}/premiumIndex?symbol=BTC-USDT&timestamp={NOW}"
        assert (one.symbol, one.mark_price, one.index_price, one.last_funding_rate, one.next_funding_time,
                one.funding_interval_hours) == (
            "BTC-USDT", D("42216.4"), D("42219.9"), D("0.00025100"), 1702742400000, None)
        picked = bx.premium_index("BTC-USDT")
        assert (picked.symbol, picked.mark_price, picked.funding_interval_hours, picked.update_time, picked.time) == (
            "BTC-USDT", D("16884.5"), 8, 1672012800000, 1672012800123)
        with pytest.raises(DecodeError) as missing:
            bx.premium_index("SOL-USDT")
        assert missing.value.field == "$.data"


@KINDS
def test_funding_rate_history(kind: str) -> None:
    body = ok(b'[{"symbol":"QNT-USDT","fundingRate":"0.00027100","fundingTime":1702713600000},'
              b'{"symbol":"QNT-USDT","fundingRate":"-0.00012800","fundingTime":1702684800000,'
              b'"nextFundingTime":1702742400000}]')  # BingX.Net capture; the api-reference adds nextFundingTime
    for bx, wire in wired(kind, body):
        a, b = bx.funding_rates("QNT-USDT", start_time=1702684800000, end_time=1702713600000, limit=1000)
        assert line(wire.sent[0]) == (f"GET {Q}/fundingRate?endTime=1702713600000&limit=1000"
                                      f"&startTime=1702684800000&symbol=QNT-USDT&timestamp={NOW}")
        assert (a.funding_rate, a.funding_time, a.next_funding_time) == (D("0.00027100"), 1702713600000, None)
        assert (b.funding_rate, b.funding_time, b.next_funding_time) == (D("-0.00012800"), 1702684800000, 1702742400000)


@KINDS
def test_klines_objects_and_arrays(kind: str) -> None:
    objects = ok(b'[{"open":"0.7034","close":"0.7065","high":"0.7081","low":"0.7033","volume":"635494.00",'
                 b'"time":1702717200000}]')  # docs-v3, live
    arrays = ok(b'[[1702717200000,"0.7034","0.7081","0.7033","0.7065","635494.00",1702720799999,"448923.8",'
                b'1520,"300000.00","211890.1"]]')  # swap-market api-reference: 11 columns
    for bx, wire in wired(kind, objects, arrays):
        (k,) = bx.klines("KNC-USDT", "1h", start_time=1702717199998, limit=1440)
        assert line(wire.sent[0]) == (
            f"GET /openApi/swap/v3/quote/klines?interval=1h&limit=1440&startTime=1702717199998&symbol=KNC-USDT"
            f"&timestamp={NOW}")
        (a,) = bx.klines("KNC-USDT", "1h")
        for c in (k, a):
            assert (c.time, c.open, c.high, c.low, c.close, c.volume) == (
                1702717200000, D("0.7034"), D("0.7081"), D("0.7033"), D("0.7065"), D("635494.00"))
        assert (k.close_time, a.close_time) == (None, 1702720799999)
        with pytest.raises(ValidationError):
            bx.klines("KNC-USDT", "1h", limit=1441)


@KINDS
def test_mark_price_klines_time_or_open_time(kind: str) -> None:
    live = ok(b'[{"open":"42191.7","close":"42189.5","high":"42196.5","low":"42189.5","volume":"0.00",'
              b'"openTime":1706508840000,"closeTime":1706508899999}]')  # ccxt fetch_ohlcv (mark), BingX.Net
    documented = ok(b'[{"open":42191.7,"close":42189.5,"high":42196.5,"low":42189.5,"volume":0,'
                    b'"time":1706508840000}]')  # swap-market api-reference: float64 prices, `time`
    for bx, wire in wired(kind, live, documented, ok(b'[{"open":"1","close":"1","high":"1","low":"1","volume":"0"}]')):
        (k,) = bx.mark_price_klines("BTC-USDT", "1m", end_time=1706508899999)
        assert line(wire.sent[0]) == (f"GET /openApi/swap/v1/market/markPriceKlines?endTime=1706508899999"
                                      f"&interval=1m&symbol=BTC-USDT&timestamp={NOW}")
        (d,) = bx.mark_price_klines("BTC-USDT", "1m")
        for c in (k, d):
            assert (c.time, c.open, c.high, c.low, c.close) == (
                1706508840000, D("42191.7"), D("42196.5"), D("42189.5"), D("42189.5"))
        assert (k.volume, k.close_time, d.volume, d.close_time) == (D("0.00"), 1706508899999, D("0"), None)
        with pytest.raises(DecodeError) as timeless:
            bx.mark_price_klines("BTC-USDT", "1m")
        assert timeless.value.field == "$.data[0]"


@KINDS
def test_open_interest(kind: str) -> None:
    body = ok(b'{"openInterest":"7409966.52","symbol":"EOS-USDT","time":1702719692859}')
    for bx, wire in wired(kind, body):
        oi = bx.open_interest("EOS-USDT")
        assert line(wire.sent[0]) == f"GET {Q}/openInterest?symbol=EOS-USDT&timestamp={NOW}"
        assert (oi.symbol, oi.open_interest, oi.time) == ("EOS-USDT", D("7409966.52"), 1702719692859)


#: BingX.Net capture (matches the api-reference table: plain "4.15")
TICKER_PLAIN = ok(b'{"symbol":"SFP-USDT","priceChange":"0.0295","priceChangePercent":"4.15","lastPrice":"0.7409",'
                  b'"lastQty":"10","highPrice":"0.7506","lowPrice":"0.6903","volume":"4308212",'
                  b'"quoteVolume":"3085449.53","openPrice":"0.7114","openTime":1702719833853,'
                  b'"closeTime":1702719798603,"askPrice":"0.7414","askQty":"99","bidPrice":"0.7413","bidQty":"84"}')
#: live, as ccxt quotes it (parse_ticker/fetch_ticker): a % sign, closeTime as a string, a list for one symbol
TICKER_PERCENT = ok(b'[{"symbol":"SOL-USDT","priceChange":"-2.418","priceChangePercent":"-1.6900%",'
                    b'"lastPrice":"140.574","lastQty":"1","highPrice":"146.190","lowPrice":"138.586",'
                    b'"volume":"1464648.00","quoteVolume":"102928.12","openPrice":"142.994",'
                    b'"closeTime":"1720647284976","bidPrice":140.573,"bidQty":372,"askPrice":"140.577","askQty":"58"}]')


@KINDS
def test_ticker_percent_with_or_without_sign(kind: str) -> None:
    for bx, wire in wired(kind, TICKER_PLAIN, TICKER_PERCENT, TICKER_PERCENT):
        t = bx.ticker("SFP-USDT")
        assert line(wire.sent[0]) == f"GET {Q}/ticker?symbol=SFP-USDT&timestamp={NOW}"
        assert (t.price_change, t.price_change_percent, t.last_price, t.last_qty, t.open_time, t.close_time) == (
            D("0.0295"), D("4.15"), D("0.7409"), D("10"), 1702719833853, 1702719798603)
        assert (t.bid_price, t.bid_qty, t.ask_price, t.ask_qty) == (D("0.7413"), D("84"), D("0.7414"), D("99"))
        s = bx.ticker("SOL-USDT")
        assert (s.symbol, s.price_change, s.price_change_percent, s.close_time, s.bid_price, s.bid_qty) == (
            "SOL-USDT", D("-2.418"), D("-1.6900"), 1720647284976, D("140.573"), D("372"))
        (every,) = bx.tickers()
        assert line(wire.sent[2]) == f"GET {Q}/ticker?timestamp={NOW}"
        assert every == s


def test_a_percentage_that_is_no_number_does_not_decode() -> None:
    for bx, _ in wired("sync", ok(b'{"symbol":"X-USDT","lastPrice":"1","priceChangePercent":"n/a%"}')):
        with pytest.raises(DecodeError) as bad:
            bx.ticker("X-USDT")
        assert bad.value.field == "$.data.priceChangePercent"


#: swap-market api-reference: flat camelCase strings
BOOK_OFFICIAL = ok(b'{"symbol":"BTC-USDT","bidPrice":"42211.1","bidQty":"12663","askPrice":"42211.8",'
                   b'"askQty":"128854","time":1702719083983}')
#: live (ccxt fetch_bids_asks reads data.book_ticker.bid_price...; BingX.Net capture): nested snake_case numbers
BOOK_LIVE = ok(b'{"book_ticker":{"symbol":"BTC-USDT","bid_price":42211.1,"bid_qty":12663,"ask_price":42211.8,'
               b'"ask_qty":128854}}')


@KINDS
def test_book_ticker_flat_or_nested(kind: str) -> None:
    for bx, wire in wired(kind, BOOK_OFFICIAL, BOOK_LIVE, ok(b'{"symbol":"BTC-USDT","bidPrice":"1"}')):
        official = bx.book_ticker("BTC-USDT")
        assert line(wire.sent[0]) == f"GET {Q}/bookTicker?symbol=BTC-USDT&timestamp={NOW}"
        live = bx.book_ticker("BTC-USDT")
        assert isinstance(official, m.BookTicker) and isinstance(live, m.BookTicker)
        for b in (official, live):
            assert (b.symbol, b.bid_price, b.bid_qty, b.ask_price, b.ask_qty) == (
                "BTC-USDT", D("42211.1"), D("12663"), D("42211.8"), D("128854"))
        assert (official.time, live.time) == (1702719083983, None)
        with pytest.raises(DecodeError) as partial:
            bx.book_ticker("BTC-USDT")
        assert partial.value.field == "$.data"
        with pytest.raises(ValidationError):
            bx.book_ticker(None)  # type: ignore[arg-type]  # symbol is required (api-reference table, ccxt)


@KINDS
def test_price_object_or_list(kind: str) -> None:
    one = ok(b'{"symbol":"TIA-USDT","price":"14.0658","time":1702718922941}')  # BingX.Net capture
    many = ok(b'[{"symbol":"BTC-USDT","price":"42216.4","time":1702718922940},'
              b'{"symbol":"TIA-USDT","price":"14.0658","time":1702718922941}]')
    for bx, wire in wired(kind, one, many, many):
        p = bx.price("TIA-USDT")
        assert line(wire.sent[0]) == f"GET /openApi/swap/v1/ticker/price?symbol=TIA-USDT&timestamp={NOW}"
        assert bx.price("TIA-USDT") == p == m.TickerPrice(symbol="TIA-USDT", price=D("14.0658"), time=1702718922941)
        assert [(r.symbol, r.price) for r in bx.prices()] == [("BTC-USDT", D("42216.4")), ("TIA-USDT", D("14.0658"))]


@KINDS
def test_trading_rules_signed(kind: str) -> None:
    body = ok(b'{"minSizeCoin":"0.0001","minSizeUsd":"2","maxNumOrder":"200","protectionThreshold":"0.05",'
              b'"buyMaxPrice":"1.05","buyMinPrice":"0.5","sellMaxPrice":"1.5","sellMinPrice":"0.95",'
              b'"marketRatio":"0.1"}')  # the api-reference table's fields, all strings
    for bx, wire in wired(kind, body):
        r = bx.trading_rules("BTC-USDT")
        assert_get(wire.sent[0], "/openApi/swap/v1/tradingRules", f"symbol=BTC-USDT&timestamp={NOW}")
        assert r == m.TradingRules(min_size_coin=D("0.0001"), min_size_usd=D("2"), max_num_order=D("200"),
                                   protection_threshold=D("0.05"), buy_max_price=D("1.05"), buy_min_price=D("0.5"),
                                   sell_max_price=D("1.5"), sell_min_price=D("0.95"), market_ratio=D("0.1"))


def test_unified_trades_keep_a_missing_id_and_the_latest_id_comes_from_historical_trades() -> None:
    from tradewire.unified.bingx import BingXExchange

    historical = ok(b'[{"time":1705063108486,"isBuyerMaker":false,"price":"2662.82","qty":"0.10",'
                    b'"quoteQty":"266.28","id":"8179912"}]')
    for bx, wire in wired("sync", TRADES, historical):
        ex = BingXExchange(bx.client)
        live, documented = ex.trades("BTC/USDT")  # oldest first
        assert (documented.id, documented.side, live.id, live.side) == ("8179911", "sell", None, "buy")
        (latest,) = ex.trades_from("ETH/USDT", None, 1)
        assert line(wire.sent[1]) == (
            f"GET /openApi/swap/v1/market/historicalTrades?limit=1&symbol=ETH-USDT&timestamp={NOW}")
        assert (latest.id, latest.side, latest.price) == ("8179912", "buy", D("2662.82"))
