"""Margin, wallet and spot order lists on the wire: borrow-repay, isIsolated, universal transfer,
POST /api/v3/orderList/oco and the spot response-type default. Answers are the official examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fidelity.binance_wire import NOW, SPOT, client, expect_post, expect_query
from tradewire.core.errors import ValidationError

D = Decimal

BORROW_RECORDS = b"""{"rows":[{"type":"AUTO","isolatedSymbol":"BNBUSDT","amount":"14.00000000","asset":"BNB",
"interest":"0.01866667","principal":"13.98133333","status":"CONFIRMED","timestamp":1563438204000,
"txId":2970933056}],"total":1}"""
TRANSFERS = b"""{"total":2,"rows":[{"asset":"USDT","amount":"1","type":"MAIN_UMFUTURE","status":"CONFIRMED",
"tranId":11415955596,"timestamp":1544433328000}]}"""
MARGIN_ORDER = b"""{"symbol":"BTCUSDT","orderId":26769564559,"clientOrderId":"E156O3KP4gOif65bjuUK5V",
"isIsolated":false,"transactTime":1713873075893,"price":"0","origQty":"0.001","executedQty":"0.001",
"cummulativeQuoteQty":"65.98253","status":"FILLED","timeInForce":"GTC","type":"MARKET","side":"SELL",
"selfTradePreventionMode":"EXPIRE_MAKER","marginBuyBorrowAmount":5,"marginBuyBorrowAsset":"BTC",
"fills":[{"price":"65982.53","qty":"0.001","commission":"0.06598253","commissionAsset":"USDT",
"tradeId":3570680726}]}"""
# POST /api/v3/orderList/oco, rest-api.md (RESULT reports)
ORDER_LIST_OCO = b"""{"orderListId":1,"contingencyType":"OCO","listStatusType":"EXEC_STARTED",
"listOrderStatus":"EXECUTING","listClientOrderId":"lH1YDkuQKWiXVXHPSKYEIp","transactionTime":1710485608839,
"symbol":"LTCBTC","orders":[{"symbol":"LTCBTC","orderId":10,"clientOrderId":"44nZvqpemY7sVYgPYbvPih"},
{"symbol":"LTCBTC","orderId":11,"clientOrderId":"NuMp0nVYnciDiFmVqfpBqK"}],"orderReports":[{"symbol":"LTCBTC",
"orderId":10,"orderListId":1,"clientOrderId":"44nZvqpemY7sVYgPYbvPih","transactTime":1710485608839,
"price":"1.00000000","origQty":"5.00000000","executedQty":"0.00000000","origQuoteOrderQty":"0.000000",
"cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC","type":"STOP_LOSS_LIMIT","side":"SELL",
"stopPrice":"1.00000000","workingTime":-1,"icebergQty":"1.00000000","selfTradePreventionMode":"NONE"},
{"symbol":"LTCBTC","orderId":11,"orderListId":1,"clientOrderId":"NuMp0nVYnciDiFmVqfpBqK",
"transactTime":1710485608839,"price":"3.00000000","origQty":"5.00000000","executedQty":"0.00000000",
"origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"0.00000000","status":"NEW","timeInForce":"GTC",
"type":"LIMIT_MAKER","side":"SELL","workingTime":1710485608839,"selfTradePreventionMode":"NONE"}]}"""
# POST /api/v3/order, rest-api.md "Response FULL" (the default for MARKET and LIMIT)
SPOT_FULL = b"""{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP",
"transactTime":1507725176595,"price":"0.00000000","origQty":"10.00000000","executedQty":"10.00000000",
"origQuoteOrderQty":"0.000000","cummulativeQuoteQty":"10.00000000","status":"FILLED","timeInForce":"GTC",
"type":"MARKET","side":"SELL","workingTime":1507725176595,"selfTradePreventionMode":"NONE",
"fills":[{"price":"4000.00000000","qty":"1.00000000","commission":"4.00000000","commissionAsset":"USDT",
"tradeId":56},{"price":"3999.00000000","qty":"5.00000000","commission":"19.99500000","commissionAsset":"USDT",
"tradeId":57}]}"""


def test_borrow_and_repay_go_to_borrow_repay() -> None:
    bn, t = client(b'{"tranId":100000001}', b'{"tranId":100000002}', b'{"tranId":100000003}')
    assert bn.margin_borrow("BTC", D("0.01")) == "100000001"
    assert bn.margin_repay("BNB", "1.5", is_isolated=True, symbol="BNBUSDT") == "100000002"
    assert bn.margin_borrow_repay("USDT", D(1), "BORROW") == "100000003"
    url = f"{SPOT}/sapi/v1/margin/borrow-repay"
    expect_post(t.requests[0], url, f"asset=BTC&isIsolated=FALSE&amount=0.01&type=BORROW&timestamp={NOW}")
    expect_post(t.requests[1], url, f"asset=BNB&isIsolated=TRUE&symbol=BNBUSDT&amount=1.5&type=REPAY&timestamp={NOW}")
    expect_post(t.requests[2], url, f"asset=USDT&isIsolated=FALSE&amount=1&type=BORROW&timestamp={NOW}")


def test_borrow_repay_records() -> None:
    bn, t = client(BORROW_RECORDS)
    recs = bn.margin_borrow_repay_records("BORROW", asset="BNB", start_time=1563438204000)
    expect_query(t.requests[0], "GET", f"{SPOT}/sapi/v1/margin/borrow-repay",
                 f"type=BORROW&asset=BNB&startTime=1563438204000&timestamp={NOW}")
    (r,) = recs.rows
    assert recs.total == 1
    assert (r.type, r.isolated_symbol, r.amount, r.asset, r.interest, r.principal, r.status, r.timestamp,
            r.tx_id) == ("AUTO", "BNBUSDT", D(14), "BNB", D("0.01866667"), D("13.98133333"), "CONFIRMED",
                         1563438204000, "2970933056")


def test_isolated_needs_its_symbol() -> None:
    bn, t = client()
    with pytest.raises(ValidationError, match="symbol: is required when isIsolated is TRUE"):
        bn.margin_borrow("BTC", D(1), is_isolated=True)
    with pytest.raises(ValidationError, match="symbol: is required when isIsolated is TRUE"):
        bn.margin_open_orders(is_isolated=True)
    assert t.requests == []


def test_margin_orders_carry_is_isolated() -> None:
    bn, t = client(MARGIN_ORDER, MARGIN_ORDER, b"[]")
    o = bn.margin_new_order("BTCUSDT", "SELL", "MARKET", quantity=D("0.001"), is_isolated=True,
                            newClientOrderId="iso-1")
    bn.margin_get_order("BTCUSDT", order_id=26769564559, is_isolated=False)
    assert bn.margin_open_orders("BTCUSDT", is_isolated=True) == []
    expect_post(t.requests[0], f"{SPOT}/sapi/v1/margin/order",
                f"symbol=BTCUSDT&isIsolated=TRUE&side=SELL&type=MARKET&quantity=0.001&newClientOrderId=iso-1"
                f"&timestamp={NOW}")
    expect_query(t.requests[1], "GET", f"{SPOT}/sapi/v1/margin/order",
                 f"symbol=BTCUSDT&isIsolated=FALSE&orderId=26769564559&timestamp={NOW}")
    expect_query(t.requests[2], "GET", f"{SPOT}/sapi/v1/margin/openOrders",
                 f"symbol=BTCUSDT&isIsolated=TRUE&timestamp={NOW}")
    assert (o.order_id, o.is_isolated, o.status, o.cummulative_quote_qty, o.fills[0].price, o.fills[0].trade_id) == (
        "26769564559", False, "FILLED", D("65.98253"), D("65982.53"), "3570680726")


def test_universal_transfer_and_history() -> None:
    bn, t = client(b'{"tranId":13526853623}', TRANSFERS, b'{"total":0}')
    assert bn.universal_transfer("MAIN_UMFUTURE", "USDT", D("1")) == "13526853623"
    hist = bn.universal_transfer_history("MAIN_UMFUTURE", start_time=1544433328000, size=10)
    empty = bn.universal_transfer_history("UMFUTURE_MAIN")
    url = f"{SPOT}/sapi/v1/asset/transfer"
    expect_post(t.requests[0], url, f"type=MAIN_UMFUTURE&asset=USDT&amount=1&timestamp={NOW}")
    expect_query(t.requests[1], "GET", url, f"type=MAIN_UMFUTURE&startTime=1544433328000&size=10&timestamp={NOW}")
    (row,) = hist.rows
    assert (hist.total, row.asset, row.amount, row.type, row.status, row.tran_id, row.timestamp) == (
        2, "USDT", D(1), "MAIN_UMFUTURE", "CONFIRMED", "11415955596", 1544433328000)
    assert (empty.total, empty.rows) == (0, [])
    with pytest.raises(ValidationError, match="toSymbol: is required for MARGIN_ISOLATEDMARGIN transfers"):
        bn.universal_transfer("MARGIN_ISOLATEDMARGIN", "USDT", D(1))
    with pytest.raises(ValidationError, match="type: must be one of"):
        bn.universal_transfer("SPOT_FUTURES", "USDT", D(1))


def test_order_list_oco() -> None:
    bn, t = client(ORDER_LIST_OCO)
    ol = bn.new_order_list_oco("LTCBTC", "SELL", D(5), above_type="LIMIT_MAKER", above_price=D(3),
                               below_type="STOP_LOSS_LIMIT", below_stop_price=D(1), below_price=D(1),
                               below_time_in_force="GTC", belowIcebergQty=D(1),
                               list_client_order_id="lH1YDkuQKWiXVXHPSKYEIp")
    expect_post(t.requests[0], f"{SPOT}/api/v3/orderList/oco",
                "symbol=LTCBTC&listClientOrderId=lH1YDkuQKWiXVXHPSKYEIp&side=SELL&quantity=5&aboveType=LIMIT_MAKER"
                "&abovePrice=3&belowType=STOP_LOSS_LIMIT&belowIcebergQty=1&belowPrice=1&belowStopPrice=1"
                f"&belowTimeInForce=GTC&timestamp={NOW}")
    stop, limit = ol.order_reports
    assert (ol.order_list_id, ol.contingency_type, ol.list_status_type, ol.list_order_status,
            ol.list_client_order_id, ol.transaction_time, ol.symbol, [o.order_id for o in ol.orders]) == (
        "1", "OCO", "EXEC_STARTED", "EXECUTING", "lH1YDkuQKWiXVXHPSKYEIp", 1710485608839, "LTCBTC", ["10", "11"])
    assert (stop.type, stop.price, stop.stop_price, stop.iceberg_qty, stop.working_time, stop.orig_qty) == (
        "STOP_LOSS_LIMIT", D(1), D(1), D(1), -1, D(5))
    assert (limit.type, limit.price, limit.stop_price, limit.working_time) == (
        "LIMIT_MAKER", D(3), None, 1710485608839)


@pytest.mark.parametrize(("kw", "message"), [
    (dict(above_type="LIMIT_MAKER", above_price=D(3), below_type="TAKE_PROFIT", below_stop_price=D(1)),
     "belowType: one leg must be"),
    (dict(above_type="LIMIT_MAKER", below_type="STOP_LOSS", below_stop_price=D(1)),
     "abovePrice: is required for a LIMIT_MAKER leg"),
    (dict(above_type="LIMIT_MAKER", above_price=D(3), below_type="STOP_LOSS_LIMIT", below_stop_price=D(1),
          below_price=D(1)), "belowTimeInForce: is required for a STOP_LOSS_LIMIT leg"),
    (dict(above_type="LIMIT_MAKER", above_price=D(3), below_type="STOP_LOSS", below_price=D(1),
          below_stop_price=D(1)), "belowPrice: is not allowed for a STOP_LOSS leg"),
    (dict(above_type="LIMIT_MAKER", above_price=D(3), below_type="STOP_LOSS"),
     "belowStopPrice: a STOP_LOSS leg needs belowStopPrice or belowTrailingDelta"),
])
def test_order_list_oco_rules(kw: dict[str, object], message: str) -> None:
    bn, t = client()
    with pytest.raises(ValidationError, match=message):
        bn.new_order_list_oco("LTCBTC", "SELL", D(5), **kw)  # type: ignore[arg-type]
    assert t.requests == []


def test_spot_market_order_is_full_by_default() -> None:
    """Binance answers MARKET and LIMIT orders with FULL unless told otherwise (rest-api.md, New order):
    nothing is sent for newOrderRespType and the fills are decoded."""
    bn, t = client(SPOT_FULL)
    o = bn.new_order("BTCUSDT", "SELL", "MARKET", quantity=D(10), new_client_order_id="6gCrw2kRUAF9CvJDGP16IP")
    expect_post(t.requests[0], f"{SPOT}/api/v3/order",
                f"symbol=BTCUSDT&side=SELL&type=MARKET&quantity=10&newClientOrderId=6gCrw2kRUAF9CvJDGP16IP"
                f"&timestamp={NOW}")
    assert [(f.price, f.qty, f.commission, f.trade_id) for f in o.fills] == [
        (D(4000), D(1), D(4), "56"), (D(3999), D(5), D("19.995"), "57")]
    assert (o.status, o.executed_qty, o.working_time) == ("FILLED", D(10), 1507725176595)
