"""Golden wire cases of BingX swap and spot trading and the swap account: the exact request a client
sends (position side settled from the account's mode) and real-shape answers decoded to exact values.

The swap-trade api-reference has field tables but no JSON example for orders; the order answers here
are the live ones ccxt quotes (bingx.py create_order / parse_order), whose fields the tables list.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.fidelity.bingx_wire import NOW, assert_get, assert_post, line, wired
from tradewire.bingx.protocol import DecodeError
from tradewire.core.errors import ValidationError

D = Decimal
KINDS = pytest.mark.parametrize("kind", ["sync", "async"])
ORDER = "/openApi/swap/v2/trade/order"
MODE = "/openApi/swap/v1/positionSide/dual"
CONTRACTS = (b'{"code":0,"msg":"","data":[{"contractId":"100","symbol":"LTC-USDT","quantityPrecision":0,'
             b'"pricePrecision":2,"tradeMinQuantity":1}]}')
ONE_WAY = b'{"code":0,"msg":"","data":{"dualSidePosition":"false"}}'
HEDGE = b'{"code":0,"msg":"","data":{"dualSidePosition":"true"}}'
#: a placing answer with attached TP/SL, as ccxt quotes it: `quantity`, bare numbers, `clientOrderID`
PLACED = (b'{"code":0,"msg":"","data":{"order":{"orderId":1741440894764281900,"symbol":"LTC-USDT",'
          b'"positionSide":"BOTH","side":"BUY","type":"MARKET","price":0,"quantity":1,"stopPrice":0,'
          b'"workingType":"MARK_PRICE","clientOrderID":"abc1","timeInForce":"GTC","priceRate":0,'
          b'"stopLoss":"{\\"stopPrice\\":50,\\"workingType\\":\\"MARK_PRICE\\",\\"type\\":\\"STOP_MARKET\\",'
          b'\\"quantity\\":1}","takeProfit":"","reduceOnly":false}}}')


@KINDS
def test_one_way_mode_fills_both_and_keeps_what_was_placed(kind: str) -> None:
    for bx, wire in wired(kind, CONTRACTS, ONE_WAY, PLACED, PLACED):
        o = bx.swap_order("LTC-USDT", "BUY", "MARKET", quantity=1, client_order_id="abc1")
        assert line(wire.sent[0]) == f"GET /openApi/swap/v2/quote/contracts?timestamp={NOW}"
        assert_get(wire.sent[1], MODE, f"timestamp={NOW}")
        assert_post(wire.sent[2], ORDER, f"clientOrderId=abc1&positionSide=BOTH&quantity=1&side=BUY"
                                         f"&symbol=LTC-USDT&timestamp={NOW}&type=MARKET")
        assert (o.order_id, o.symbol, o.side, o.position_side, o.type, o.client_order_id) == (
            "1741440894764281900", "LTC-USDT", "BUY", "BOTH", "MARKET", "abc1")
        assert (o.orig_qty, o.quantity, o.price, o.stop_price, o.price_rate) == (D(1), D(1), D(0), D(0), D(0))
        assert o.stop_loss == '{"stopPrice":50,"workingType":"MARK_PRICE","type":"STOP_MARKET","quantity":1}'
        assert (o.take_profit, o.reduce_only, o.working_type, o.time_in_force) == (None, False, "MARK_PRICE", "GTC")
        bx.swap_order("LTC-USDT", "BUY", "MARKET", quantity=1, client_order_id="abc1")  # the mode is cached
        assert [line(r).split("?")[0] for r in wire.sent[3:]] == [f"POST {ORDER}"]
        assert b"positionSide=BOTH" in (wire.sent[3].body or b"")


@KINDS
def test_hedge_mode_refuses_a_missing_side_before_the_wire(kind: str) -> None:
    for bx, wire in wired(kind, CONTRACTS, HEDGE):
        with pytest.raises(ValidationError) as e:
            bx.swap_order("LTC-USDT", "BUY", "MARKET", quantity=1)
        assert e.value.param == "positionSide"
        with pytest.raises(ValidationError):
            bx.swap_order("LTC-USDT", "BUY", "MARKET", quantity=1, position_side="BOTH")
        assert [line(r).split("?")[0] for r in wire.sent] == ["GET /openApi/swap/v2/quote/contracts", f"GET {MODE}"]


@KINDS
def test_set_position_mode_updates_the_known_mode(kind: str) -> None:
    for bx, wire in wired(kind, HEDGE, b'{"code":0,"msg":"","data":{}}', CONTRACTS, PLACED):
        assert bx.position_mode() is True
        bx.set_position_mode(False)
        assert_post(wire.sent[1], MODE, f"dualSidePosition=false&timestamp={NOW}")
        with pytest.raises(ValidationError):  # LONG contradicts the one-way mode just set; nothing sent
            bx.test_swap_order("LTC-USDT", "BUY", "MARKET", quantity=1, position_side="LONG")
        placed = bx.test_swap_order("LTC-USDT", "BUY", "MARKET", quantity=1)
        assert line(wire.sent[2]) == f"GET /openApi/swap/v2/quote/contracts?timestamp={NOW}"
        assert_post(wire.sent[3], ORDER + "/test",
                    f"positionSide=BOTH&quantity=1&side=BUY&symbol=LTC-USDT&timestamp={NOW}&type=MARKET")
        assert placed.orig_qty == D(1)


#: a spot conditional order in an order list, as ccxt quotes it: `StopPrice` with a capital S
SPOT_OPEN = (b'{"code":0,"msg":"","data":{"orders":[{"symbol":"ETH-USDT","orderId":"1792461744476422144",'
             b'"price":"2775.65","StopPrice":"2778.42","origQty":"0.032359","executedQty":"0",'
             b'"cummulativeQuoteQty":"0","status":"NEW","type":"TAKE_STOP_LIMIT","side":"SELL",'
             b'"time":"1716191156868","updateTime":"1716191156868","origQuoteOrderQty":"0","fee":"0",'
             b'"feeAsset":"USDT","clientOrderID":""}]}}')


@KINDS
def test_spot_stop_price_with_a_capital_s(kind: str) -> None:
    for bx, wire in wired(kind, SPOT_OPEN):
        (o,) = bx.spot_open_orders("ETH-USDT")
        assert_get(wire.sent[0], "/openApi/spot/v1/trade/openOrders", f"symbol=ETH-USDT&timestamp={NOW}")
        assert (o.order_id, o.price, o.stop_price, o.orig_qty, o.type, o.status) == (
            "1792461744476422144", D("2775.65"), D("2778.42"), D("0.032359"), "TAKE_STOP_LIMIT", "NEW")
        assert (o.time, o.update_time, o.fee_asset, o.client_order_id) == (1716191156868, 1716191156868, "USDT", None)


#: swap-account api-reference examples
OFFICIAL_POSITIONS = (b'{"code":0,"msg":"","data":[{"positionId":"1735*****52","symbol":"BNB-USDT","currency":"USDT",'
                      b'"positionAmt":"0.20","availableAmt":"0.20","positionSide":"SHORT","isolated":true,'
                      b'"avgPrice":"246.43","initialMargin":"9.7914","leverage":5,"unrealizedProfit":"-0.0653",'
                      b'"realisedProfit":"-0.0251","liquidationPrice":294.17}]}')
OFFICIAL_BALANCE = (b'{"code":0,"msg":"","data":[{"userId":"116***295","asset":"USDT","balance":"194.8212",'
                    b'"equity":"196.7431","unrealizedProfit":"1.9219","realisedProfit":"-109.2504",'
                    b'"availableMargin":"193.7609","usedMargin":"1.0602","freezedMargin":"0.0000"}]}')
OFFICIAL_COMMISSION = (b'{"code":0,"msg":"","data":{"commission":{"takerCommissionRate":0.0005,'
                       b'"makerCommissionRate":0.0002}}}')
#: the official income example with `time` as a numeric string (as captured answers carry it)
INCOME = (b'{"code":0,"msg":"","data":[{"symbol":"LDO-USDT","incomeType":"FUNDING_FEE","income":"-0.0292",'
          b'"asset":"USDT","info":"Funding Fee","time":"1702713615000","tranId":"170***6*2_3*9_20***97",'
          b'"tradeId":"170***6*2_3*9_20***97"}]}')


@KINDS
def test_swap_account_reads_the_official_examples(kind: str) -> None:
    for bx, wire in wired(kind, OFFICIAL_POSITIONS, OFFICIAL_BALANCE, OFFICIAL_COMMISSION, INCOME):
        (p,) = bx.positions()
        assert_get(wire.sent[0], "/openApi/swap/v2/user/positions", f"timestamp={NOW}")
        assert (p.position_id, p.symbol, p.position_amt, p.available_amt, p.position_side, p.isolated) == (
            "1735*****52", "BNB-USDT", D("0.20"), D("0.20"), "SHORT", True)
        assert (p.avg_price, p.initial_margin, p.leverage, p.unrealized_profit, p.realised_profit) == (
            D("246.43"), D("9.7914"), 5, D("-0.0653"), D("-0.0251"))
        assert str(p.liquidation_price) == "294.17"  # a JSON number, read exactly
        (b,) = bx.swap_balance()
        assert_get(wire.sent[1], "/openApi/swap/v3/user/balance", f"timestamp={NOW}")
        assert (b.user_id, b.asset, b.balance, b.equity, b.unrealized_profit, b.realised_profit) == (
            "116***295", "USDT", D("194.8212"), D("196.7431"), D("1.9219"), D("-109.2504"))
        assert (b.available_margin, b.used_margin, str(b.freezed_margin)) == (D("193.7609"), D("1.0602"), "0.0000")
        rates = bx.commission_rate()
        assert (str(rates.taker_commission_rate), str(rates.maker_commission_rate)) == ("0.0005", "0.0002")
        (i,) = bx.income()
        assert_get(wire.sent[3], "/openApi/swap/v2/user/income", f"timestamp={NOW}")
        assert (i.symbol, i.income_type, i.income, i.asset, i.info, i.time, i.tran_id, i.trade_id) == (
            "LDO-USDT", "FUNDING_FEE", D("-0.0292"), "USDT", "Funding Fee", 1702713615000,
            "170***6*2_3*9_20***97", "170***6*2_3*9_20***97")


@KINDS
def test_a_field_that_does_not_fit_is_named(kind: str) -> None:
    body = OFFICIAL_POSITIONS.replace(b'"leverage":5', b'"leverage":"5x"')
    for bx, _ in wired(kind, body, b'{"code":"0","msg":"","data":[]}'):
        with pytest.raises(DecodeError) as e:
            bx.positions()
        assert e.value.field == "$.data[0].leverage"
        assert "GET /openApi/swap/v2/user/positions" in str(e.value) and "`$.data[0].leverage`" in str(e.value)
        assert bx.positions() == []  # `"code":"0"` (a numeric string) is a success
