"""Hostile names and values never reach the wire: each is a `ValidationError` naming the parameter and the rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.core.test_flow import TRANSFER, Scripted, answer, config
from tradewire.binance import endpoints as BE
from tradewire.bingx import endpoints as E
from tradewire.bingx import trade as T
from tradewire.bingx.client import BingX
from tradewire.core.auth import canonical, transmitted
from tradewire.core.errors import ValidationError

DAY = 86_400_000
TRANSFER_PARAMS = {"asset": "USDT", "amount": "1", "fromAccount": "fund", "toAccount": "USDTMPerp"}


def refused(ep: Any, params: dict[str, Any], param: str, rule_part: str) -> None:
    with pytest.raises(ValidationError) as e:
        ep.build(params)
    assert e.value.param == param
    assert rule_part in e.value.rule


@pytest.mark.parametrize("name", ["aaa=1&amount", "a b", "amount ", "1abc", "", "a-b", "a.b", "a[0]", "ámount",
                                  "a%26b", "a\nb"])
def test_extra_names_must_be_plain_identifiers(name: str) -> None:
    refused(E.TRANSFER, {**TRANSFER_PARAMS, name: "500"}, name, "plain identifier")


@pytest.mark.parametrize("name", ["Amount", "AMOUNT", "ASSET", "fromaccount"])
def test_a_declared_parameter_in_other_letter_case_is_refused(name: str) -> None:
    refused(E.TRANSFER, {**TRANSFER_PARAMS, name: "500"}, name, "repeats the parameter")


@pytest.mark.parametrize("name", ["timestamp", "signature", "recvWindow"])
def test_names_the_client_sets_are_refused(name: str) -> None:
    refused(E.TRANSFER, {**TRANSFER_PARAMS, name: "1"}, name, "set by the client")


def test_request_names_are_checked_and_nothing_is_sent() -> None:
    cfg = config()
    send = Scripted(answer(200, TRANSFER))
    bx = BingX("k" * 20, "s" * 20, base_url="http://com")
    bx.context = cfg.context
    bx._sender = lambda: send  # type: ignore[method-assign]  # every request reaches `send`, none the network
    bx.transfer("USDT", "1", type="FUND_PFUTURES")  # the script's one answer: the fake wire does carry requests
    assert len(send.sent) == 1
    with pytest.raises(ValidationError) as e:
        bx.request("POST", "/openApi/api/asset/v1/transfer", {**TRANSFER_PARAMS, "aaa=1&amount": "500"})
    assert e.value.param == "aaa=1&amount"
    with pytest.raises(ValidationError):
        bx.transfer("USDT", "1", type="FUND_PFUTURES", **{"aaa=1&amount": "500"})
    with pytest.raises(ValidationError) as e:
        bx.transfer("USDT", "1", type="FUND_PFUTURES", **{"Amount": "500"})
    assert e.value.param == "Amount"
    assert len(send.sent) == 1  # nothing more was sent


@pytest.mark.parametrize(("amount", "rule"), [
    ("1e30", "below 10^20"), (Decimal("1e30"), "below 10^20"), ("1e-30", "at most 18 decimal places"),
    (Decimal("1E-30"), "at most 18 decimal places"), ("NaN", "ASCII digits"), ("nan", "ASCII digits"),
    ("Infinity", "ASCII digits"), ("-inf", "ASCII digits"), (Decimal("NaN"), "finite"),
    (Decimal("-Infinity"), "finite"),
    ("1_000", "ASCII digits"), ("١٢٣", "ASCII digits"), ("１２", "ASCII digits"), ("0x10", "ASCII digits"),
    ("", "ASCII digits"), ("1,5", "ASCII digits"), (1.5, "never float"), (True, "Decimal, int or numeric string"),
    ([1], "Decimal, int or numeric string"), ("0", "positive"), ("-1", "positive"),
])
def test_amounts_are_bounded_and_written_plainly(amount: Any, rule: str) -> None:
    with pytest.raises(ValidationError) as e:
        E.TRANSFER.build({**TRANSFER_PARAMS, "amount": amount})
    assert e.value.param == "amount"
    assert rule in e.value.rule or rule in str(e.value)


@pytest.mark.parametrize(("amount", "sent"), [
    ("1e3", "1000"), (Decimal("1E-18"), "0.000000000000000001"), ("99999999999999999999", "99999999999999999999"),
    (" 2.50 ", "2.50"), (Decimal("1.000000000000000000000"), "1.000000000000000000000"), (7, "7")])
def test_good_amounts_are_sent_exactly(amount: Any, sent: str) -> None:
    assert E.TRANSFER.build({**TRANSFER_PARAMS, "amount": amount})["amount"] == sent


def test_the_precision_check_takes_the_extremes() -> None:
    from tradewire.bingx.orders import Precision, SymbolRules

    p = Precision()
    p._rules["spot"]["BTC-USDT"] = SymbolRules("BTC-USDT", Decimal("0.01"), Decimal("0.00001"))
    p.check("spot", {"symbol": "BTC-USDT", "price": "99999999999999999999.99", "quantity": "0.00001"})
    with pytest.raises(ValidationError) as e:
        p.check("spot", {"symbol": "BTC-USDT", "price": "99999999999999999999.991"})
    assert e.value.param == "price"


@pytest.mark.parametrize(("value", "param", "rule"), [
    ("", "stopLoss", "must be a JSON object or list"),
    ({}, "stopLoss", "must not be empty"),
    ({"type": "STOP_MARKET", "stopPrice": 31000.5}, "stopLoss.stopPrice", "never float"),
    ({"type": "STOP_MARKET", "stopPrice": Decimal("NaN")}, "stopLoss.stopPrice", "finite"),
    ({"type": "STOP_MARKET", "a&b": "1"}, "a&b", "plain identifier"),
    ({"type": "STOP\nMARKET"}, "stopLoss.type", "control characters"),
    ("{not json", "stopLoss", "valid JSON"),
])
def test_json_values_are_checked_leaf_by_leaf(value: Any, param: str, rule: str) -> None:
    params = {"symbol": "BTC-USDT", "side": "BUY", "type": "MARKET", "quantity": "1", "positionSide": "LONG",
              "stopLoss": value}
    refused(T.SWAP_ORDER, params, param, rule)


def test_floats_nested_in_a_batch_are_refused() -> None:
    refused(T.SWAP_BATCH, {"batchOrders": [{"symbol": "BTC-USDT", "quantity": 0.1}]}, "batchOrders[0].quantity",
            "never float")


@pytest.mark.parametrize("value", ["", "a\x00b", "a\tb", "a\x7fb", "a#b"])
def test_free_text_refuses_empty_and_control_characters(value: str) -> None:
    with pytest.raises(ValidationError) as e:
        E.TRANSFER_RECORDS.build({"fromAccount": "fund", "toAccount": "spot", "transferId": value})
    assert e.value.param == "transferId"


@pytest.mark.parametrize(("params", "param", "rule"), [
    ({"startTime": 1_700_000_000_000, "endTime": 1_690_000_000_000}, "endTime", ">= startTime"),
    ({"startTime": 4_102_444_800_001}, "startTime", "before 2100"),
    ({"endTime": 10**15}, "endTime", "before 2100"),
    ({"startTime": 1_700_000_000}, "startTime", "milliseconds"),
    ({"startTime": -1}, "startTime", "milliseconds"),
])
def test_time_ranges(params: dict[str, Any], param: str, rule: str) -> None:
    refused(E.INCOME, params, param, rule)


def test_reversed_ranges_are_refused_even_where_undeclared() -> None:
    refused(E.SWAP_BALANCE, {"startTs": 1_700_000_000_001, "endTs": 1_700_000_000_000}, "endTs", ">= startTs")


@pytest.mark.parametrize(("value", "wire"), [
    ("a b", "a%20b"), ("100%", "100%25"), ("a+b@x.com", "a%2Bb@x.com"), ("Zoë", "Zo%C3%AB"),
    ("x<y>", "x%3Cy%3E"), ("plain-id_1.2~", "plain-id_1.2~"), ("1,2,3", "1,2,3")])
def test_values_travel_so_that_the_server_decodes_what_was_signed(value: str, wire: str) -> None:
    params = {"symbol": "BTC-USDT", "note": value}
    signed = canonical(params)
    assert signed == f"note={value}&symbol=BTC-USDT"
    assert transmitted(params, signed) == f"note={wire}&symbol=BTC-USDT"


def test_brackets_encode_every_value_as_the_reference_says() -> None:
    params = {"data": '[{"a":1}]', "note": "x y", "symbol": "BTC-USDT"}
    assert transmitted(params, canonical(params)) == "data=%5B%7B%22a%22%3A1%7D%5D&note=x%20y&symbol=BTC-USDT"


@pytest.mark.parametrize(("ep", "params", "param", "rule"), [
    (T.SWAP_HISTORY, {"limit": 10, "startTime": 1_700_000_000_000, "endTime": 1_700_000_000_000 + 7 * DAY + 1},
     "endTime", "at most 7 days after startTime"),
    (T.SWAP_FILLS, {"tradingUnit": "COIN", "startTs": 1_700_000_000_000, "endTs": 1_700_000_000_000 + 90 * DAY + 1},
     "endTs", "at most 90 days after startTs"),
    (BE.ALL_ORDERS, {"symbol": "BTCUSDT", "startTime": 1_700_000_000_000, "endTime": 1_700_000_000_000 + DAY + 1},
     "endTime", "at most 1 days after startTime"),
    (BE.MY_TRADES, {"symbol": "BTCUSDT", "startTime": 1_700_000_000_000, "endTime": 1_700_000_000_000 + DAY + 1},
     "endTime", "at most 1 days after startTime"),
])
def test_documented_time_spans(ep: Any, params: dict[str, Any], param: str, rule: str) -> None:
    refused(ep, params, param, rule)
    end = "endTs" if "endTs" in params else "endTime"
    assert ep.build({**params, end: params[end] - 1})[end] == str(params[end] - 1)
