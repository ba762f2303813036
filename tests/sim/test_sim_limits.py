"""Rate limits: token buckets per (uid, endpoint) and per (ip, group); 100410 on HTTP 200."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sim.bxraw import RawClient
from tradewire.sim import Simulator

BALANCE = "/openApi/swap/v3/user/balance"


@pytest.fixture
def limited() -> Iterator[Simulator]:
    with Simulator() as simulator:
        simulator.clock.speed = 0  # no refill while the test runs
        yield simulator


def test_uid_limit_per_endpoint(limited: Simulator) -> None:
    user = limited.users[0]
    demo = RawClient(limited.bingx_url, user.api_key, user.secret_key)
    now = limited.clock.now_ms()
    answers = [demo.send("GET", BALANCE, demo.query([], timestamp=now)) for _ in range(6)]
    assert [a.code for a in answers] == [0, 0, 0, 0, 0, 100410]
    assert [a.headers["X-RateLimit-Requests-Remain"] for a in answers] == ["4", "3", "2", "1", "0", "0"]
    assert answers[-1].status == 200
    assert answers[-1].json == {"code": 100410, "msg": "rate limitation", "timestamp": now}
    assert answers[0].headers["X-RateLimit-Requests-Expire"] == str(now + 200)
    # Another endpoint has its own bucket; another user too.
    assert demo.send("GET", "/openApi/swap/v2/user/positions", demo.query([], timestamp=now)).code == 0
    bob = limited.users[1]
    other = RawClient(limited.bingx_url, bob.api_key, bob.secret_key)
    assert other.send("GET", BALANCE, other.query([], timestamp=now)).code == 0
    # Time refills the bucket.
    limited.clock.advance(1000)
    assert demo.send("GET", BALANCE, demo.query([], timestamp=now + 1000)).code == 0


def test_market_group_per_ip(limited: Simulator) -> None:
    client = RawClient(limited.bingx_url, "", "")
    codes = [client.public("/openApi/swap/v2/quote/contracts").code for _ in range(100)]
    assert codes == [0] * 100
    assert client.public("/openApi/swap/v2/quote/premiumIndex").code == 100410
    assert client.public("/openApi/swap/v2/server/time").code == 0  # no group


def test_limits_can_be_switched_off() -> None:
    with Simulator(rate_limits=False) as sim:
        user = sim.users[0]
        demo = RawClient(sim.bingx_url, user.api_key, user.secret_key)
        answers = [demo.get(BALANCE) for _ in range(8)]
        assert {a.code for a in answers} == {0}
        assert "X-RateLimit-Requests-Remain" not in answers[0].headers
