"""Every parameter rule of seeds 000-003, checked before the wire."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tradewire.bingx import endpoints as E
from tradewire.bingx.base import BingXConfig
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import ValidationError


def rejects(ep: Endpoint, params: dict[str, Any], param: str, rule_part: str) -> None:
    with pytest.raises(ValidationError) as e:
        ep.build(params)
    assert e.value.param == param
    assert rule_part in e.value.rule


@pytest.mark.parametrize(
    "sym", ["btc-usdt", "BTCUSDT", "BTC-", "-USDT", "BTC-USDT1", "ABCDEFGHIJKLMNOP-USDT", "BTC_USDT"])
def test_symbol_rule(sym: str) -> None:
    rejects(E.POSITIONS, {"symbol": sym}, "symbol", "^[A-Z0-9]+-[A-Z]+$")


def test_good_symbols_pass() -> None:
    assert E.POSITIONS.build({"symbol": "1000PEPE-USDT"}) == {"symbol": "1000PEPE-USDT"}


def test_enums_are_exact() -> None:
    rejects(E.INCOME, {"incomeType": "funding_fee"}, "incomeType", "must be one of")
    rejects(E.TRANSFER, {"asset": "USDT", "amount": 1, "fromAccount": "wallet", "toAccount": "fund"}, "fromAccount",
            "must be one of")
    rejects(E.ALL_ACCOUNT_BALANCE, {"accountType": "spot"}, "accountType", "must be one of")
    rejects(E.KLINES, {"symbol": "BTC-USDT", "interval": "2m"}, "interval", "must be one of")
    rejects(E.INNER_TRANSFER, {"coin": "USDT", "amount": 1, "userAccountType": 1, "userAccount": "1",
                               "walletType": 4}, "walletType", "must be one of")
    rejects(E.INNER_TRANSFER, {"coin": "USDT", "amount": 1, "userAccountType": 1, "userAccount": "1",
                               "walletType": "1"}, "walletType", "must be one of")


@pytest.mark.parametrize("amount", [0, -1, "0", "-0.1", "abc", Decimal("NaN")])
def test_amount_must_be_positive(amount: Any) -> None:
    rejects(E.TRANSFER, {"asset": "USDT", "amount": amount, "fromAccount": "fund", "toAccount": "spot"}, "amount", "")


def test_end_time_not_before_start_time() -> None:
    rejects(E.INCOME, {"startTime": 1700000000000, "endTime": 1690000000000}, "endTime", ">= startTime")


def test_times_are_milliseconds() -> None:
    rejects(E.INCOME, {"startTime": 1700000000}, "startTime", "milliseconds")


@pytest.mark.parametrize(("ep", "limit", "base"), [
    (E.INCOME, 1001, {}), (E.INCOME, 0, {}), (E.TRADES, 1001, {"symbol": "BTC-USDT"}),
    (E.KLINES, 1441, {"symbol": "BTC-USDT", "interval": "1m"}),
    (E.HISTORICAL_TRADES, 101, {"symbol": "BTC-USDT"}), (E.FUNDING_RATE, 1001, {})])
def test_limit_ranges(ep: Endpoint, limit: int, base: dict[str, Any]) -> None:
    rejects(ep, {**base, "limit": limit}, "limit", "between")


def test_depth_limit_enum() -> None:
    rejects(E.DEPTH, {"symbol": "BTC-USDT", "limit": 7}, "limit", "must be one of")


def test_required_parameters() -> None:
    rejects(E.DEPTH, {}, "symbol", "is required")
    rejects(E.TRANSFER, {"amount": 1, "fromAccount": "fund", "toAccount": "spot"}, "asset", "is required")
    rejects(E.TRANSFER, {"asset": "USDT", "amount": 1}, "fromAccount", "is required")
    rejects(E.TRANSFER, {"asset": "USDT", "amount": 1, "fromAccount": "fund"}, "toAccount", "is required")
    rejects(E.TRANSFER_HISTORY, {}, "type", "is required")
    rejects(E.TRANSFER_RECORDS, {"fromAccount": "fund"}, "toAccount", "together")


def test_transfer_client_id_rule() -> None:
    rejects(E.INNER_TRANSFER, {"coin": "USDT", "amount": 1, "userAccountType": 1, "userAccount": "1",
                               "walletType": 1, "transferClientId": "a" * 100}, "transferClientId", "under 100")


@pytest.mark.parametrize("rw", [0, 5001, -1, "100"])
def test_recv_window_range(rw: Any) -> None:
    with pytest.raises(ValidationError) as e:
        BingXConfig("k" * 20, "s" * 20, recv_window=rw)
    assert e.value.param == "recv_window"


def test_unknown_parameters_pass_through_safely() -> None:
    assert E.SWAP_BALANCE.build({"newParam": Decimal("1.0")}) == {"newParam": "1.0"}
    rejects(E.SWAP_BALANCE, {"newParam": "a&b=c"}, "newParam", "must not contain")
