"""Reading answers: exact decimals, str ids, "" as None, envelopes and their exceptions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
import pytest

from tradewire.bingx import endpoints as E
from tradewire.bingx import models as m
from tradewire.bingx.protocol import BingXProtocol, DecodeError
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import (
    BadRequest,
    ExchangeError,
    InsufficientFunds,
    InvalidApiKey,
    IpNotWhitelisted,
    NotFound,
    OrderNotFound,
    OrderRejected,
    PermissionDenied,
    RiskForbidden,
    TimestampError,
)
from tradewire.core.http import Response

P = BingXProtocol()


def parse(ep: Endpoint, body: bytes, status: int = 200) -> Any:
    return P.parse(ep, Response(status, {}, body))


def test_balance_empty_strings_become_none() -> None:
    body = (b'{"code":0,"msg":"","data":[{"userId":"123","asset":"USDT","balance":"300.0000","equity":"300.0000",'
            b'"unrealizedProfit":"0.0000","realisedProfit":"0","availableMargin":"300.0000","usedMargin":"0.0000",'
            b'"freezedMargin":"0.0000","shortUid":"123"},{"userId":"","asset":"USDC","balance":"","equity":"",'
            b'"unrealizedProfit":"","realisedProfit":"0","availableMargin":"","usedMargin":"","freezedMargin":"",'
            b'"shortUid":"123"}]}')
    usdt, usdc = parse(E.SWAP_BALANCE, body)
    assert usdt.balance == Decimal("300.0000") and str(usdt.balance) == "300.0000"
    assert usdt.user_id == "123"
    assert usdc.user_id is None and usdc.balance is None and usdc.realised_profit == Decimal("0")


def test_positions_numbers_and_big_ids() -> None:
    body = (b'{"code":0,"msg":"","data":[{"positionId":1792480725958881280123,"symbol":"BNB-USDT","currency":"USDT",'
            b'"positionAmt":"0.20","availableAmt":"0.20","positionSide":"SHORT","isolated":true,"avgPrice":"246.43",'
            b'"initialMargin":"9.7914","leverage":5,"unrealizedProfit":"-0.0653","realisedProfit":"-0.0251",'
            b'"liquidationPrice":294.16914617776246}]}')
    (pos,) = parse(E.POSITIONS, body)
    assert pos.position_id == "1792480725958881280123"
    assert pos.liquidation_price == Decimal("294.16914617776246")
    assert pos.position_amt == Decimal("0.20") and pos.leverage == 5 and pos.isolated is True


def test_commission_json_numbers_are_exact() -> None:
    body = b'{"code":0,"msg":"","data":{"commission":{"takerCommissionRate":0.0005,"makerCommissionRate":0.0002}}}'
    data = parse(E.COMMISSION, body)
    assert data.commission.taker_commission_rate == Decimal("0.0005")
    assert data.commission.maker_commission_rate == Decimal("0.0002")


def test_depth_is_best_first_even_when_asks_arrive_worst_first() -> None:
    body = (b'{"code":0,"msg":"","data":{"T":1702719083983,"bids":[["0.000009854","483909"],["0.000009853","824851"]],'
            b'"asks":[["0.000009860","578208"],["0.000009856","687669"]]}}')
    depth = parse(E.DEPTH, body)
    assert depth.time == 1702719083983
    assert depth.bids[0] == (Decimal("0.000009854"), Decimal("483909"))
    assert depth.asks[0] == (Decimal("0.000009856"), Decimal("687669"))


def test_klines_as_objects_and_as_arrays() -> None:
    objs = parse(E.KLINES, b'{"code":0,"msg":"","data":[{"open":"0.7034","close":"0.7065","high":"0.7081",'
                           b'"low":"0.7033","volume":"635494.00","time":1702717200000}]}')
    arrays = parse(E.KLINES, b'{"code":0,"msg":"","data":[[1702717200000,"0.7034","0.7081","0.7033","0.7065",'
                             b'"635494.00",1702720799999]]}')
    k = m.kline_of(arrays[0])
    assert [m.kline_of(r) for r in objs] == [msgspec.structs.replace(k, close_time=None)]
    assert k.close_time == 1702720799999  # the array's [6]; the object form has none
    assert (k.open, k.high, k.low, k.close, k.volume) == (
        Decimal("0.7034"), Decimal("0.7081"), Decimal("0.7033"), Decimal("0.7065"), Decimal("635494.00"))


def test_premium_index_object_or_list() -> None:
    one = parse(E.PREMIUM_INDEX, b'{"code":0,"msg":"","data":{"symbol":"BTC-USDT","markPrice":"42216.4",'
                                 b'"indexPrice":"42219.9","lastFundingRate":"0.00025100","nextFundingTime":1702742400000}}')
    assert isinstance(one, m.PremiumIndex) and one.last_funding_rate == Decimal("0.00025100")
    many = parse(E.PREMIUM_INDEX, b'{"code":0,"msg":"","data":[{"symbol":"BTC-USDT","markPrice":"16884.5"}]}')
    assert isinstance(many, list) and many[0].mark_price == Decimal("16884.5")


def test_unwrapped_answers() -> None:
    key = parse(E.LISTEN_KEY_CREATE,
                b'{"listenKey":"a8ea75681542e66f1a50a1616dd06ed77dab61baa0c296bca03a9b13ee5f2dd7"}')
    assert key.listen_key.startswith("a8ea7568")
    hist = parse(E.TRANSFER_HISTORY, b'{"total":1,"rows":[{"asset":"USDT","amount":"10.5","type":"FUND_PFUTURES",'
                                     b'"status":"CONFIRMED","tranId":11945860693,"timestamp":1658388859000}]}')
    assert hist.total == 1 and hist.rows[0].tran_id == "11945860693" and hist.rows[0].amount == Decimal("10.5")
    with pytest.raises(InvalidApiKey):
        parse(E.TRANSFER_HISTORY, b'{"code":100413,"msg":"Incorrect apiKey","timestamp":1}')


def test_spot_balance_with_debug_msg() -> None:
    data = parse(E.SPOT_BALANCE, b'{"code":0,"msg":"","debugMsg":"","data":{"balances":[{"asset":"USDT",'
                                 b'"free":"566773.193402631","locked":"244.18616265388994"}]}}')
    assert data.balances[0].locked == Decimal("244.18616265388994")


def test_xlsx_bytes_pass_through_and_json_errors_raise() -> None:
    xlsx = b"PK\x03\x04rest-of-zip"
    assert parse(E.INCOME_EXPORT, xlsx) == xlsx
    with pytest.raises(PermissionDenied):
        parse(E.INCOME_EXPORT, b'{"code":100004,"msg":"Permission denied"}')


def test_listen_key_statuses() -> None:
    assert parse(E.LISTEN_KEY_EXTEND, b"", 200) is None
    with pytest.raises(NotFound):
        parse(E.LISTEN_KEY_EXTEND, b"", 404)
    with pytest.raises(BadRequest):
        parse(E.LISTEN_KEY_DELETE, b"", 204)


@pytest.mark.parametrize(
    ("code", "exc"),
    [(100419, IpNotWhitelisted), (100004, PermissionDenied), (100421, TimestampError), (101204, InsufficientFunds),
     (80016, OrderNotFound), (80020, RiskForbidden), (101215, OrderRejected), (100400, BadRequest),
     (999999, ExchangeError)],
)
def test_codes_map_to_exceptions(code: int, exc: type[ExchangeError]) -> None:
    with pytest.raises(exc) as e:
        parse(E.SWAP_BALANCE, b'{"code":%d,"msg":"m"}' % code)
    assert type(e.value) is exc and e.value.code == code and e.value.message == "m"


def test_100421_on_spot_trading_is_an_order_rejection() -> None:
    ep = Endpoint("spot.trade.order", "POST", "/openApi/spot/v1/trade/order", "signed", write=True)
    with pytest.raises(OrderRejected):
        parse(ep, b'{"code":100421,"msg":"LIMIT pending orders reached max"}')


def test_unexpected_shape_is_reported() -> None:
    with pytest.raises(DecodeError):
        parse(E.SWAP_BALANCE, b"<html>hello</html>")


def test_builtins_and_json_keep_decimals_exact() -> None:
    from tradewire.core.codec import Id, encode, to_builtins

    row = m.TransferRow(asset="USDT", amount=Decimal("1E-8"), tran_id=Id("12345678901234567890"), timestamp=1)
    plain = to_builtins(row)
    assert plain["amount"] == "0.00000001" and plain["tranId"] == "12345678901234567890"
    assert type(plain["tranId"]) is str
    assert encode([{"p": Decimal("1.50"), "q": Decimal("2E+1")}]) == b'[{"p":"1.50","q":"20"}]'


def test_every_code_of_the_official_reference_is_mapped() -> None:
    import re
    from pathlib import Path

    from tradewire.core.errors import CODE_TABLE

    shared = Path(__file__).resolve().parents[3] / "shared"
    ref = shared / "reference" / "bingx-skills" / "references" / "error-codes.md"
    if not ref.exists():
        pytest.skip("the shared reference is not beside this checkout")
    codes = {int(c) for c in re.findall(r"\|\s*`(\d{5,6})`\s*\|", ref.read_text())}
    assert len(codes) > 60
    assert sorted(c for c in codes if ("bingx", c) not in CODE_TABLE) == []


def test_numeric_strings_decode_in_int_fields_and_money_stays_exact() -> None:
    """`strict=False`: `"time":"1700000000000"` is an int; Decimal and Id fields are exactly as before."""
    row = parse(E.INCOME, b'{"code":"0","msg":"","data":[{"incomeType":"FUNDING_FEE","income":"-0.02920",'
                          b'"asset":"USDT","time":"1702713615000","tranId":123456789012345678901}]}')[0]
    assert (row.time, str(row.income), row.tran_id) == (1702713615000, "-0.02920", "123456789012345678901")
    assert str(parse(E.INCOME, b'{"code":0,"data":[{"incomeType":"X","income":1E-8,"asset":"U","time":1,'
                                 b'"tranId":"7"}]}')[0].income) == "1E-8"
    with pytest.raises(DecodeError) as e:
        parse(E.INCOME, b'{"code":0,"data":[{"incomeType":"X","income":"1","asset":"U","time":"soon","tranId":"7"}]}')
    assert e.value.field == "$.data[0].time" and "GET /openApi/swap/v2/user/income" in str(e.value)


def test_binance_decode_error_names_the_endpoint_and_the_field() -> None:
    from tradewire.binance import endpoints as BE
    from tradewire.binance.protocol import BinanceProtocol
    from tradewire.binance.protocol import DecodeError as BinanceDecodeError
    from tradewire.core.errors import DecodeError as AnyDecodeError

    bp = BinanceProtocol()
    assert bp.parse(BE.TIME, Response(200, {}, b'{"serverTime":"1700000000000"}')).server_time == 1700000000000
    with pytest.raises(BinanceDecodeError) as e:
        bp.parse(BE.TIME, Response(200, {}, b'{"serverTime":"noon"}'))
    assert isinstance(e.value, AnyDecodeError) and e.value.field == "$.serverTime"
    assert "binance GET /api/v3/time" in str(e.value) and "`$.serverTime`" in str(e.value)
