"""The error paths of every call family (spot, wallet, margin, futures) through both clients."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from tests.both import Both, Connect
from tradewire.core.errors import BadRequest, IpBanned, OrderRejected, RateLimited, SignatureError
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY

D = Decimal
FAMILIES: dict[str, Callable[[Both], Any]] = {
    "spot": lambda c: c.account(),
    "wallet": lambda c: c.withdraw_history(),
    "margin": lambda c: c.margin_account(),
    "futures": lambda c: c.futures_balance(),
}


def test_bad_signature(connect: Connect) -> None:
    wrong = connect(DEMO_API_KEY, "wrong" * 10)
    for call in FAMILIES.values():
        with pytest.raises(SignatureError, match=r"\[-1022\] Signature for this request is not valid."):
            call(wrong)


def test_stale_timestamp_resyncs_the_clock(bn: Both, sim: BinanceSim) -> None:
    for i, call in enumerate(FAMILIES.values(), 1):
        sim.exchange.clock.skew_ms = -20_000 * i
        call(bn)  # -1021 once, then the client reads the server time and signs again
        assert -20_000 * i - 1000 < bn.clock.offset_ms < -20_000 * i + 1000
    seen = [(m, p) for m, p, _, _ in sim.rest.seen]
    assert seen.count(("GET", "/api/v3/time")) >= 4


def test_missing_parameters(bn: Both) -> None:
    cases = [("GET", "/api/v3/order", {}, "symbol"),
             ("POST", "/sapi/v1/capital/withdraw/apply", {"coin": "BTC", "amount": "1"}, "address"),
             ("POST", "/sapi/v1/margin/borrow-repay", {"asset": "BTC", "isIsolated": "FALSE", "type": "BORROW"},
              "amount"),
             ("POST", "/sapi/v1/margin/order", {"symbol": "BTCUSDT", "type": "MARKET"}, "side"),
             ("POST", "/fapi/v1/order", {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET"}, "quantity")]
    for method, path, params, name in cases:
        with pytest.raises(BadRequest, match=rf"\[-1102\] Mandatory parameter '{name}' was not sent"):
            bn.request(method, path, params)


def test_unknown_symbol(bn: Both) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: bn.request("GET", "/api/v3/depth", {"symbol": "NOPE"}),
        lambda: bn.request("GET", "/api/v3/order", {"symbol": "NOPE", "orderId": 1}),
        lambda: bn.margin_get_order("NOPEUSDT", order_id=1),
        lambda: bn.request("GET", "/fapi/v1/ticker/price", {"symbol": "NOPE"}),
        lambda: bn.futures_get_order("NOPEUSDT", order_id=1),
    ]
    for call in calls:
        with pytest.raises(BadRequest, match=r"\[-1121\] Invalid symbol."):
            call()


def test_filter_failures_are_named(connect: Connect) -> None:
    raw = connect(check_filters=False)
    cases = [
        ("BTCUSDT", dict(type="LIMIT", quantity=D("0.001"), price=D("64000.001"), time_in_force="GTC"),
         "PRICE_FILTER"),
        ("BTCUSDT", dict(type="LIMIT", quantity=D("0.000015"), price=D(64000), time_in_force="GTC"), "LOT_SIZE"),
        ("BTCUSDT", dict(type="LIMIT", quantity=D("0.00001"), price=D(64000), time_in_force="GTC"), "NOTIONAL"),
        ("BTCUSDT", dict(type="LIMIT", quantity=D("0.001"), price=D(400000), time_in_force="GTC"),
         "PERCENT_PRICE_BY_SIDE"),
        ("BTCUSDT", dict(type="MARKET", quantity=D(101)), "MARKET_LOT_SIZE"),
        ("ETHUSDT", dict(type="LIMIT", quantity=D("0.001"), price=D(3200), time_in_force="GTC"), "MIN_NOTIONAL"),
        ("ETHUSDT", dict(type="LIMIT", quantity=D("0.01"), price=D(100), time_in_force="GTC"), "PERCENT_PRICE"),
    ]
    for symbol, kw, name in cases:
        with pytest.raises(OrderRejected, match=rf"\[-1013\] Filter failure: {name} \("):
            raw.new_order(symbol, "BUY", **kw)
    with pytest.raises(OrderRejected, match=r"\[-1013\] Filter failure: LOT_SIZE \("):
        raw.margin_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.000015"), price=D(64000), timeInForce="GTC")


def test_weight_limit_429_then_418_ban(sim: BinanceSim, connect: Connect) -> None:
    sim.rest.weight_limit = 25
    c = connect(None, None, rate_limits=False)
    c.context.max_retries = 0
    c.exchange_info()
    c.exchange_info()
    for _ in range(2):
        with pytest.raises(RateLimited, match=r"\[-1003\] Too much request weight used") as e:
            c.exchange_info()
        assert e.value.status == 429 and e.value.retry_after is not None and e.value.retry_after > 0
    with pytest.raises(IpBanned, match=r"IP banned by Binance \(HTTP 418\); retry after 1[12][0-9] s: Way too many"):
        c.exchange_info()
    with pytest.raises(IpBanned):
        c.ping()  # stopped by the client itself: the server is not asked
    assert sim.rest.seen[-1][1] == "/api/v3/exchangeInfo"
