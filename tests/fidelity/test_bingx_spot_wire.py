"""Golden wire cases of BingX spot market data and the spot-trade extras: the exact request sent, and answers
in the shapes of bingx-skills/spot-market and spot-trade api-reference decoded to exact values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fidelity.bingx_wire import NOW, assert_get, assert_post, line, wired
from tradewire.core.errors import ValidationError

D = Decimal
KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


@KINDS
def test_depth_v1_and_v2(kind: str) -> None:
    v1 = b'{"code":0,"data":{"bids":[["64999.5","0.25"]],"asks":[["65002","0.1"],["65001.5","0.30"]],"ts":1}}'
    for bx, wire in wired(kind, v1, v1):
        d = bx.spot_depth("BTC-USDT", 50)
        assert line(wire.sent[0]) == f"GET /openApi/spot/v1/market/depth?limit=50&symbol=BTC-USDT&timestamp={NOW}"
        assert d.bids == [(D("64999.5"), D("0.25"))] and d.ts == 1
        assert d.asks == [(D("65001.5"), D("0.30")), (D("65002"), D("0.1"))]  # best first whatever arrived
        bx.spot_depth_aggregated("BTC_USDT", 5, "step2")
        assert line(wire.sent[1]) == (f"GET /openApi/spot/v2/market/depth?depth=5&symbol=BTC_USDT&timestamp={NOW}"
                                      f"&type=step2")
        for bad in ({"symbol": "BTC-USDT", "depth": 5, "type": "step0"}, {"symbol": "BTC_USDT", "depth": 5,
                                                                          "type": "step6"}):
            with pytest.raises(ValidationError):
                bx.spot_depth_aggregated(**bad)
        with pytest.raises(ValidationError) as e:
            bx.spot_depth("BTC-USDT", 1001)
        assert e.value.param == "limit" and len(wire.sent) == 2


@KINDS
def test_trades_and_historical_trades(kind: str) -> None:
    recent = b'{"code":0,"data":[{"id":28457,"price":4.00000100,"qty":12.0,"time":1499865549590,"buyerMaker":true}]}'
    older = (b'{"code":0,"data":[{"tid":"9007199254740993","t":1700000000,"ms":123,"s":"BTC-USDT","p":65000.5,'
             b'"v":0.01}]}')
    for bx, wire in wired(kind, recent, older):
        (t,) = bx.spot_trades("BTC-USDT", 500)
        assert line(wire.sent[0]) == f"GET /openApi/spot/v1/market/trades?limit=500&symbol=BTC-USDT&timestamp={NOW}"
        assert (t.id, t.price, t.qty, t.time, t.buyer_maker) == ("28457", D("4.00000100"), D("12.0"), 1499865549590,
                                                                 True)
        (h,) = bx.spot_historical_trades("BTC-USDT", from_id="9007199254740990", limit=1)
        assert line(wire.sent[1]) == (f"GET /openApi/market/his/v1/trade?fromId=9007199254740990&limit=1"
                                      f"&symbol=BTC-USDT&timestamp={NOW}")
        assert (h.tid, h.time, h.p, h.v) == ("9007199254740993", 1700000000123, D("65000.5"), D("0.01"))
        with pytest.raises(ValidationError):
            bx.spot_trades("BTC-USDT", 501)


@KINDS
def test_klines_v2_and_historical(kind: str) -> None:
    rows = b'{"code":0,"data":[[1700000000000,65000.1,65010,64990.55,65005,1.5,1700000059999,97507.5]]}'
    for bx, wire in wired(kind, rows, rows):
        (k,) = bx.spot_klines("BTC-USDT", "1m", start_time=1699999940000, end_time=1700000000000, limit=1440)
        assert line(wire.sent[0]) == (f"GET /openApi/spot/v2/market/kline?endTime=1700000000000&interval=1m"
                                      f"&limit=1440&startTime=1699999940000&symbol=BTC-USDT&timestamp={NOW}")
        assert (k.time, k.open, k.high, k.low, k.close, k.volume, k.close_time, k.quote_volume) == (
            1700000000000, D("65000.1"), D(65010), D("64990.55"), D(65005), D("1.5"), 1700000059999, D("97507.5"))
        bx.spot_historical_klines("BTC-USDT", "1d", limit=500)
        assert line(wire.sent[1]) == (f"GET /openApi/market/his/v1/kline?interval=1d&limit=500&symbol=BTC-USDT"
                                      f"&timestamp={NOW}")
        with pytest.raises(ValidationError):
            bx.spot_historical_klines("BTC-USDT", "1d", limit=501)
        with pytest.raises(ValidationError):
            bx.spot_klines("BTC-USDT", "1min")  # the websocket spelling is no REST interval


@KINDS
def test_tickers_price_and_book_ticker(kind: str) -> None:
    ticker = (b'{"code":0,"data":[{"symbol":"BTC-USDT","openPrice":"64000","highPrice":"66000","lowPrice":"63000",'
              b'"lastPrice":"65000.01","volume":"10.5","quoteVolume":"682500","openTime":1,"closeTime":2,'
              b'"bidPrice":65000,"bidQty":0.5,"askPrice":65000.02,"askQty":1.25,"priceChangePercent":"1.56%"}]}')
    price = (b'{"code":0,"data":[{"symbol":"BTC-USDT","trades":[{"timestamp":3,"tradeId":"77","price":"65000.01",'
             b'"amount":"650.0001","type":2,"volume":"0.01"}]}]}')
    book = (b'{"code":0,"data":[{"eventType":"bookTicker","time":4,"symbol":"BTC-USDT","bidPrice":"65000",'
            b'"bidVolume":"0.5","askPrice":"65000.02","askVolume":"1.25"}]}')
    for bx, wire in wired(kind, ticker, ticker, price, book):
        t = bx.spot_ticker("BTC-USDT")
        assert line(wire.sent[0]) == f"GET /openApi/spot/v1/ticker/24hr?symbol=BTC-USDT&timestamp={NOW}"
        assert (t.last_price, t.bid_price, t.ask_qty, t.price_change_percent) == (
            D("65000.01"), D(65000), D("1.25"), D("1.56"))
        assert len(bx.spot_tickers()) == 1
        assert line(wire.sent[1]) == f"GET /openApi/spot/v1/ticker/24hr?timestamp={NOW}"
        p = bx.spot_price("BTC-USDT")
        assert line(wire.sent[2]) == f"GET /openApi/spot/v2/ticker/price?symbol=BTC-USDT&timestamp={NOW}"
        assert (p.trades[0].trade_id, p.trades[0].price, p.trades[0].type, p.trades[0].volume) == (
            "77", D("65000.01"), 2, D("0.01"))
        b = bx.spot_book_ticker("BTC-USDT")
        assert line(wire.sent[3]) == f"GET /openApi/spot/v1/ticker/bookTicker?symbol=BTC-USDT&timestamp={NOW}"
        assert (b.bid_price, b.bid_volume, b.ask_price, b.ask_volume, b.time) == (
            D(65000), D("0.5"), D("65000.02"), D("1.25"), 4)


@KINDS
def test_commission_kill_switch_and_oco_lists(kind: str) -> None:
    commission = b'{"code":0,"msg":"","debugMsg":"","data":{"takerCommissionRate":0.001,"makerCommissionRate":0.0008}}'
    armed = b'{"code":0,"msg":"","data":{"triggerTime":1700000030000}}'
    closed = b'{"code":0,"msg":"","data":{"triggerTime":0}}'
    lists = (b'{"code":0,"msg":"","data":{"ocoOrders":[{"orderListId":"1750000000000000001","contingencyType":"OCO",'
             b'"listStatusType":"ALL_DONE","listOrderStatus":"ALL_DONE","listClientOrderId":"12",'
             b'"transactionTime":5,"symbol":"BTC-USDT","orders":[{"orderId":1700000000000000003,'
             b'"clientOrderId":"a"}]}],"total":1}}')
    for bx, wire in wired(kind, commission, armed, closed, lists, lists):
        c = bx.spot_commission("BTC-USDT")
        assert_get(wire.sent[0], "/openApi/spot/v1/user/commissionRate", f"symbol=BTC-USDT&timestamp={NOW}")
        assert (c.maker_commission_rate, c.taker_commission_rate) == (D("0.0008"), D("0.001"))
        assert bx.spot_cancel_all_after(30).trigger_time == 1700000030000
        assert_post(wire.sent[1], "/openApi/spot/v1/trade/cancelAllAfter", f"timeOut=30&timestamp={NOW}&type=ACTIVATE")
        assert bx.spot_cancel_all_after(0).trigger_time == 0
        assert_post(wire.sent[2], "/openApi/spot/v1/trade/cancelAllAfter", f"timeOut=0&timestamp={NOW}&type=CLOSE")
        page = bx.spot_open_oco_lists(2, 10)
        assert_get(wire.sent[3], "/openApi/spot/v1/oco/openOrderList", f"pageIndex=2&pageSize=10&timestamp={NOW}")
        assert page.oco_orders is not None and page.oco_orders[0].order_list_id == "1750000000000000001"
        assert page.oco_orders[0].orders is not None and page.oco_orders[0].orders[0].order_id == "1700000000000000003"
        bx.spot_oco_history(start_time=1699999940000, end_time=1700000000000)
        assert_get(wire.sent[4], "/openApi/spot/v1/oco/historyOrderList",
                   f"endTime=1700000000000&pageIndex=1&pageSize=100&startTime=1699999940000&timestamp={NOW}")
        for bad in (5, 121):
            with pytest.raises(ValidationError) as e:
                bx.spot_cancel_all_after(bad)
            assert e.value.param == "timeOut"
        assert len(wire.sent) == 5
