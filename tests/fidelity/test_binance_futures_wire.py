"""USD-M futures on the wire as Binance takes it today: LIMIT/MARKET (and priceMatch) on /fapi/v1/order,
every conditional type on the algo service (/fapi/v1/algoOrder). Answers are the official examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fidelity.binance_wire import FAPI, NOW, client, expect_post, expect_query
from tradewire.core.errors import ValidationError

D = Decimal

# POST /fapi/v1/order, official example (binance-connector-python, derivatives_trading_usds_futures)
NEW_ORDER = b"""{"clientOrderId":"testOrder","cumQty":"0","executedQty":"0","orderId":22542179,"origQty":"10",
"price":"0","reduceOnly":false,"side":"SELL","positionSide":"SHORT","status":"NEW","stopPrice":"0",
"closePosition":false,"symbol":"BTCUSDT","timeInForce":"GTD","type":"LIMIT","origType":"LIMIT",
"updateTime":1566818724722,"workingType":"CONTRACT_PRICE","priceProtect":false,"priceMatch":"NONE",
"selfTradePreventionMode":"NONE","goodTillDate":1693207680000}"""
# POST /fapi/v1/algoOrder, official example
NEW_ALGO = b"""{"algoId":2146760,"clientAlgoId":"6B2I9XVcJpCjqPAJ4YoFX7","algoType":"CONDITIONAL",
"orderType":"TAKE_PROFIT","symbol":"BNBUSDT","side":"SELL","positionSide":"BOTH","timeInForce":"GTC",
"quantity":"0.01","algoStatus":"NEW","triggerPrice":"750.000","price":"750.000","icebergQuantity":null,
"selfTradePreventionMode":"EXPIRE_MAKER","workingType":"CONTRACT_PRICE","priceMatch":"NONE","closePosition":false,
"priceProtect":false,"reduceOnly":false,"activatePrice":"","callbackRate":"","createTime":1750485492076,
"updateTime":1750485492076,"triggerTime":0,"goodTillDate":0}"""
# GET /fapi/v1/algoOrder, official example
GET_ALGO = b"""{"algoId":2146760,"clientAlgoId":"6B2I9XVcJpCjqPAJ4YoFX7","algoType":"CONDITIONAL",
"orderType":"TAKE_PROFIT","symbol":"BNBUSDT","side":"SELL","positionSide":"BOTH","timeInForce":"GTC",
"quantity":"0.01","algoStatus":"CANCELED","actualOrderId":"","actualPrice":"0.00000","actualType":"LIMIT",
"actualQty":"0.01","triggerPrice":"750.000","price":"750.000","icebergQuantity":null,"tpOrderType":"",
"selfTradePreventionMode":"EXPIRE_MAKER","workingType":"CONTRACT_PRICE","priceMatch":"NONE","closePosition":false,
"priceProtect":false,"reduceOnly":false,"createTime":1750485492076,"updateTime":1750514545091,"triggerTime":0,
"goodTillDate":0}"""
# DELETE /fapi/v1/algoOrder, official example
CANCEL_ALGO = b'{"algoId":2146760,"clientAlgoId":"6B2I9XVcJpCjqPAJ4YoFX7","code":"200","msg":"success"}'
# GET /fapi/v1/openAlgoOrders, official example
OPEN_ALGO = b"""[{"algoId":2148627,"clientAlgoId":"MRumok0dkhrP4kCm12AHaB","algoType":"CONDITIONAL",
"orderType":"TAKE_PROFIT","symbol":"BNBUSDT","side":"SELL","positionSide":"BOTH","timeInForce":"GTC",
"quantity":"0.01","algoStatus":"NEW","actualOrderId":"","actualPrice":"0.00000","triggerPrice":"750.000",
"price":"750.000","icebergQuantity":null,"tpTriggerPrice":"0.000","tpPrice":"0.000","slTriggerPrice":"0.000",
"slPrice":"0.000","tpOrderType":"","selfTradePreventionMode":"EXPIRE_MAKER","workingType":"CONTRACT_PRICE",
"priceMatch":"NONE","closePosition":false,"priceProtect":false,"reduceOnly":false,"createTime":1750514941540,
"updateTime":1750514941540,"triggerTime":0,"goodTillDate":0}]"""


def test_limit_with_price_match_and_bool_reduce_only() -> None:
    bn, t = client(NEW_ORDER)
    o = bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.010"), time_in_force="GTC", reduce_only=True,
                             price_match="QUEUE", new_client_order_id="tw-pm-1")
    (req,) = t.requests
    expect_post(req, f"{FAPI}/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.010"
                f"&reduceOnly=true&newClientOrderId=tw-pm-1&priceMatch=QUEUE&timestamp={NOW}")
    assert (o.order_id, o.client_order_id, o.status, o.type, o.time_in_force, o.orig_qty, o.price, o.side,
            o.position_side, o.reduce_only, o.price_match, o.self_trade_prevention_mode, o.good_till_date,
            o.update_time, o.avg_price) == (
        "22542179", "testOrder", "NEW", "LIMIT", "GTD", D(10), D(0), "SELL", "SHORT", False, "NONE", "NONE",
        1693207680000, 1566818724722, None)


def test_market_reduce_only_false() -> None:
    bn, t = client(NEW_ORDER)
    bn.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity="0.001", reduce_only=False, new_client_order_id="m1")
    expect_post(t.requests[0], f"{FAPI}/fapi/v1/order",
                f"symbol=BTCUSDT&side=SELL&type=MARKET&quantity=0.001&reduceOnly=false&newClientOrderId=m1"
                f"&timestamp={NOW}")


@pytest.mark.parametrize(("kw", "message"), [
    (dict(type="STOP_MARKET", quantity=D(1)), r"type: STOP_MARKET is a conditional order: place it with "
                                              r"futures_new_algo_order"),
    (dict(type="TRAILING_STOP_MARKET", quantity=D(1)), "futures_new_algo_order"),
    (dict(type="LIMIT", quantity=D(1), time_in_force="GTC"), "price: LIMIT orders need price or priceMatch"),
    (dict(type="LIMIT", quantity=D(1), time_in_force="GTC", price=D(1), price_match="OPPONENT"),
     "priceMatch: cannot be sent together with price"),
    (dict(type="MARKET", quantity=D(1), price_match="OPPONENT"), "priceMatch: is only allowed for LIMIT orders"),
    (dict(type="LIMIT", quantity=D(1), time_in_force="GTC", price_match="BEST"), "priceMatch: must be one of"),
    (dict(type="MARKET", quantity=D(1), reduce_only="True"), r"reduceOnly: must be True/False"),
])
def test_refused_before_the_wire(kw: dict[str, object], message: str) -> None:
    bn, t = client()
    kind = kw.pop("type")
    with pytest.raises(ValidationError, match=message):
        bn.futures_new_order("BTCUSDT", "BUY", str(kind), **kw)  # type: ignore[arg-type]
    assert t.requests == []


def test_new_algo_order() -> None:
    bn, t = client(NEW_ALGO)
    a = bn.futures_new_algo_order("BNBUSDT", "SELL", "TAKE_PROFIT", quantity=D("0.01"), price=D("750.000"),
                                  trigger_price=D("750.000"), time_in_force="GTC", working_type="MARK_PRICE",
                                  reduce_only=True, client_algo_id="6B2I9XVcJpCjqPAJ4YoFX7")
    expect_post(t.requests[0], f"{FAPI}/fapi/v1/algoOrder",
                "algoType=CONDITIONAL&symbol=BNBUSDT&side=SELL&type=TAKE_PROFIT&timeInForce=GTC&quantity=0.01"
                "&price=750.000&triggerPrice=750.000&workingType=MARK_PRICE&reduceOnly=true"
                f"&clientAlgoId=6B2I9XVcJpCjqPAJ4YoFX7&timestamp={NOW}")
    assert (a.algo_id, a.client_algo_id, a.algo_type, a.order_type, a.symbol, a.side, a.position_side,
            a.time_in_force, a.quantity, a.algo_status, a.trigger_price, a.price, a.iceberg_quantity,
            a.self_trade_prevention_mode, a.working_type, a.price_match, a.close_position, a.price_protect,
            a.reduce_only, a.activate_price, a.callback_rate, a.create_time, a.update_time, a.trigger_time,
            a.good_till_date) == (
        "2146760", "6B2I9XVcJpCjqPAJ4YoFX7", "CONDITIONAL", "TAKE_PROFIT", "BNBUSDT", "SELL", "BOTH", "GTC",
        D("0.01"), "NEW", D("750.000"), D("750.000"), None, "EXPIRE_MAKER", "CONTRACT_PRICE", "NONE", False, False,
        False, None, None, 1750485492076, 1750485492076, 0, 0)


def test_trailing_stop_and_close_position_algo_orders() -> None:
    bn, t = client(NEW_ALGO, NEW_ALGO)
    bn.futures_new_algo_order("BTCUSDT", "SELL", "TRAILING_STOP_MARKET", quantity=D("0.002"), callback_rate=D("1.5"),
                              activate_price=D(70000), client_algo_id="trail-1")
    bn.futures_new_algo_order("BTCUSDT", "BUY", "STOP_MARKET", trigger_price=D(71000), close_position=True,
                              client_algo_id="close-1")
    expect_post(t.requests[0], f"{FAPI}/fapi/v1/algoOrder",
                "algoType=CONDITIONAL&symbol=BTCUSDT&side=SELL&type=TRAILING_STOP_MARKET&quantity=0.002"
                f"&activatePrice=70000&callbackRate=1.5&clientAlgoId=trail-1&timestamp={NOW}")
    expect_post(t.requests[1], f"{FAPI}/fapi/v1/algoOrder",
                "algoType=CONDITIONAL&symbol=BTCUSDT&side=BUY&type=STOP_MARKET&triggerPrice=71000"
                f"&closePosition=true&clientAlgoId=close-1&timestamp={NOW}")


@pytest.mark.parametrize(("kw", "message"), [
    (dict(type="STOP", quantity=D(1), trigger_price=D(1)), "price: STOP orders need price or priceMatch"),
    (dict(type="STOP_MARKET", quantity=D(1)), "triggerPrice: is required for STOP_MARKET"),
    (dict(type="STOP_MARKET", trigger_price=D(1)), "quantity: is required for STOP_MARKET orders"),
    (dict(type="TAKE_PROFIT_MARKET", trigger_price=D(1), quantity=D(1), close_position=True),
     "quantity: cannot be sent with closePosition=true"),
    (dict(type="TRAILING_STOP_MARKET", quantity=D(1), callback_rate=D(11)), "callbackRate: must be from 0.1 to 10"),
    (dict(type="TRAILING_STOP_MARKET", quantity=D(1), callback_rate=D(1), trigger_price=D(1)),
     "triggerPrice: is not allowed for TRAILING_STOP_MARKET"),
    (dict(type="LIMIT", quantity=D(1), trigger_price=D(1)), "type: must be one of STOP, STOP_MARKET"),
])
def test_algo_rules_before_the_wire(kw: dict[str, object], message: str) -> None:
    bn, t = client()
    kind = kw.pop("type")
    with pytest.raises(ValidationError, match=message):
        bn.futures_new_algo_order("BTCUSDT", "BUY", str(kind), **kw)  # type: ignore[arg-type]
    assert t.requests == []


def test_query_cancel_and_open_algo_orders() -> None:
    bn, t = client(GET_ALGO, CANCEL_ALGO, OPEN_ALGO)
    got = bn.futures_get_algo_order(client_algo_id="6B2I9XVcJpCjqPAJ4YoFX7")
    done = bn.futures_cancel_algo_order(algo_id=2146760)
    (op,) = bn.futures_open_algo_orders("BNBUSDT")
    expect_query(t.requests[0], "GET", f"{FAPI}/fapi/v1/algoOrder",
                 f"clientAlgoId=6B2I9XVcJpCjqPAJ4YoFX7&timestamp={NOW}")
    expect_query(t.requests[1], "DELETE", f"{FAPI}/fapi/v1/algoOrder", f"algoId=2146760&timestamp={NOW}")
    expect_query(t.requests[2], "GET", f"{FAPI}/fapi/v1/openAlgoOrders", f"symbol=BNBUSDT&timestamp={NOW}")
    assert (got.algo_status, got.actual_order_id, got.actual_price, got.update_time) == (
        "CANCELED", None, D("0.00000"), 1750514545091)
    assert (done.algo_id, done.client_algo_id, done.code, done.msg) == (
        "2146760", "6B2I9XVcJpCjqPAJ4YoFX7", "200", "success")
    assert (op.algo_id, op.client_algo_id, op.algo_status, op.trigger_price, op.quantity, op.create_time) == (
        "2148627", "MRumok0dkhrP4kCm12AHaB", "NEW", D("750.000"), D("0.01"), 1750514941540)


def test_old_route_rejection_is_an_exchange_error() -> None:
    bn, t = client((400, b'{"code":-4120,"msg":"Order type not supported for this endpoint. Please use the Algo '
                         b'Order API endpoints instead."}'))
    with pytest.raises(Exception, match=r"-4120.*Please use the Algo Order API endpoints instead"):
        bn.request("POST", "/fapi/v1/order", {"symbol": "BTCUSDT", "side": "BUY", "type": "STOP_MARKET",
                                              "quantity": "1", "stopPrice": "1"})
    assert t.requests[0].url == f"{FAPI}/fapi/v1/order"
