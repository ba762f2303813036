"""Market answers where the simulator follows the official reference (swap-market api-reference.md): premiumIndex
`time`, fundingRate `nextFundingTime`, contracts `feeRate` as a string; v3 klines stay objects (the live shape)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from tests.both import Both
from tradewire.sim import Simulator

EIGHT_HOURS = 8 * 3_600_000


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        s.clock.speed = 0
        yield s


def test_premium_index_time(public: Both, sim: Simulator) -> None:
    now = sim.clock.now_ms()
    one = public.premium_index("BTC-USDT")
    assert (one.time, one.next_funding_time) == (now, (now // EIGHT_HOURS + 1) * EIGHT_HOURS)
    assert {p.time for p in public.premium_indexes()} == {now}
    raw = public.request("GET", "/openApi/swap/v2/quote/premiumIndex", {"symbol": "ETH-USDT"})
    assert raw["time"] == now


def test_funding_rate_next_funding_time(public: Both, sim: Simulator) -> None:
    rates = public.funding_rates("BTC-USDT", limit=5)
    assert len(rates) == 5
    assert [r.next_funding_time for r in rates] == [r.funding_time + EIGHT_HOURS for r in rates]
    latest = rates[-1].funding_time
    assert latest <= sim.clock.now_ms() < latest + EIGHT_HOURS


def test_contracts_fee_rate_is_a_string(public: Both) -> None:
    rows = public.request("GET", "/openApi/swap/v2/quote/contracts", {"symbol": "ETH-USDT"})
    assert rows[0]["feeRate"] == "0.0005" and not isinstance(rows[0]["makerFeeRate"], str)
    (eth,) = public.contracts("ETH-USDT")
    assert (eth.fee_rate, eth.taker_fee_rate, eth.maker_fee_rate) == (Decimal("0.0005"), Decimal("0.0005"),
                                                                      Decimal("0.0002"))


def test_v3_klines_stay_objects(public: Both) -> None:
    rows = public.request("GET", "/openApi/swap/v3/quote/klines", {"symbol": "BTC-USDT", "interval": "1m",
                                                                    "limit": 2})
    assert [set(r) for r in rows] == [{"open", "close", "high", "low", "volume", "time"}] * 2
