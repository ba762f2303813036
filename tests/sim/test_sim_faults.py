"""Faults on demand: delay, reset, HTTP status (with or without execution), business code, skew."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
import urllib3

from tests.sim.bxraw import RawClient
from tradewire.sim import Simulator

TIME = "/openApi/swap/v2/server/time"
TRANSFER = "/openApi/api/asset/v1/transfer"


def test_delay(sim: Simulator, demo: RawClient) -> None:
    fault = sim.faults.add("delay", path=TIME, seconds=0.3)
    assert fault is not None and fault.remaining == 1
    started = time.monotonic()
    assert demo.public(TIME).code == 0
    assert time.monotonic() - started >= 0.3  # a lower bound: true however slow the machine
    assert fault.remaining == 0  # consumed: nothing is left to delay the next request
    assert demo.public(TIME).code == 0


def test_reset_closes_without_response(sim: Simulator, demo: RawClient) -> None:
    sim.faults.add("reset", count=2)
    for _ in range(2):
        with pytest.raises(urllib3.exceptions.ProtocolError):
            demo.public(TIME)
    assert demo.public(TIME).code == 0


def test_status_without_execution(sim: Simulator, demo: RawClient) -> None:
    sim.faults.add("status", path=TRANSFER, status=502)
    answer = demo.post(TRANSFER, asset="USDT", amount="5", fromAccount="fund", toAccount="USDTMPerp")
    assert answer.status == 502
    assert answer.headers["Content-Type"].startswith("text/html")
    assert b"502 Bad Gateway" in answer.raw
    assert sim.ledger.balance(sim.users[0].uid, "fund", "USDT") == Decimal(10000)


def test_status_504_executed_is_an_unknown_outcome(sim: Simulator, demo: RawClient) -> None:
    sim.faults.add("status", path=TRANSFER, status=504, execute=True)
    answer = demo.post(TRANSFER, asset="USDT", amount="5", fromAccount="fund", toAccount="USDTMPerp")
    assert answer.status == 504
    assert b"504 Gateway Time-out" in answer.raw
    uid = sim.users[0].uid
    assert sim.ledger.balance(uid, "fund", "USDT") == Decimal(9995)  # it happened
    history = demo.get("/openApi/api/v3/asset/transfer", type="FUND_PFUTURES")
    assert history.json["rows"][0]["amount"] == "5"


@pytest.mark.parametrize(("status", "code"), [(500, 100500), (429, 100410)])
def test_status_with_json_body(sim: Simulator, demo: RawClient, status: int, code: int) -> None:
    sim.faults.add("status", status=status)
    answer = demo.public(TIME)
    assert (answer.status, answer.code) == (status, code)


def test_business_code(sim: Simulator, demo: RawClient) -> None:
    sim.faults.add("code", path="/openApi/swap/v3/user/balance", code=100500, msg="busy", count=2)
    assert demo.public(TIME).code == 0  # other paths unaffected
    for _ in range(2):
        answer = demo.get("/openApi/swap/v3/user/balance")
        assert (answer.status, answer.code, answer.json["msg"]) == (200, 100500, "busy")
    assert demo.get("/openApi/swap/v3/user/balance").code == 0


def test_skew(sim: Simulator, demo: RawClient) -> None:
    assert sim.faults.add("skew", ms=-30_000) is None
    assert sim.clock.skew_ms == -30_000
    server = demo.public(TIME).data["serverTime"]
    assert abs(server - (time.time() * 1000 - 30_000)) < 10_000  # 30 s of skew, told apart from a slow answer
    assert demo.get("/openApi/swap/v3/user/balance").code == 100421
    stamp = server + 10
    assert demo.send("GET", "/openApi/swap/v3/user/balance", demo.query([], timestamp=stamp)).code == 0
    sim.faults.clear()
    assert sim.clock.skew_ms == 0
    assert demo.get("/openApi/swap/v3/user/balance").code == 0


def test_bad_fault_specs_are_refused(sim: Simulator) -> None:
    with pytest.raises(ValueError):
        sim.faults.add("explode")
    with pytest.raises(ValueError):
        sim.faults.add("status", status=404)
    with pytest.raises(TypeError):
        sim.faults.add("delay", seconds=1, status=500)
    with pytest.raises(ValueError):
        sim.faults.add("reset", count=0)


def test_fault_free_requests_are_recorded_and_a_fault_added_later_applies(sim: Simulator, demo: RawClient) -> None:
    balance = "/openApi/swap/v3/user/balance"
    before = sim.state.recorded
    for _ in range(20):  # nothing pending: the fault lookup's lock-free path
        query = demo.query([])
        assert demo.send("GET", balance, query).code == 0
        last = sim.requests[-1]
        assert (last.method, last.path, last.raw_query, last.headers["X-BX-APIKEY"]) == (
            "GET", balance, query, demo.api_key)
    assert sim.state.recorded == before + 20
    sim.faults.add("code", path=balance, code=100500, msg="busy")
    assert demo.get(balance).code == 100500
    assert demo.get(balance).code == 0
    assert sim.state.recorded == before + 22
