"""Error paths against the simulator: each would fail without the feature it tests."""

from __future__ import annotations

import hashlib
import hmac
import socket
import time
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import unquote

import pytest

from tests.both import Both, make_both
from tradewire.core.errors import (
    InvalidApiKey,
    IpBanned,
    RequestTimeout,
    SignatureError,
    UnknownOutcome,
)
from tradewire.sim import Simulator

TRANSFER = "/openApi/api/asset/v1/transfer"
BALANCE = "/openApi/swap/v3/user/balance"


@pytest.fixture
def fresh() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


def client(sim: Simulator, kind: str, **kw: object) -> Iterator[Both]:
    user = sim.users[0]
    args: dict[str, object] = dict(api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url,
                                   rate_limits=False)
    args.update(kw)
    return make_both(kind, **args)


KINDS = pytest.mark.parametrize("kind", ["sync", "async"])
#: a client timeout short enough to wait out, yet far above any loopback answer on a loaded machine (0.3 s was not)
TIMEOUT_S = 3.0
STALL_S = 60.0  # a delay fault that outlasts any timeout here: the answer never comes in time (the server's
# shutdown cancels it)


def requests_to(sim: Simulator, path: str) -> list[object]:
    return [r for r in sim.requests if r.path == path]


@KINDS
def test_sent_bytes_are_the_signed_bytes(fresh: Simulator, kind: str) -> None:
    secret = fresh.users[0].secret_key
    for bx in client(fresh, kind):
        bx.income(symbol="BTC-USDT", income_type="FUNDING_FEE", limit=5)
        bx.transfer("USDT", Decimal("0.10"), type="FUND_PFUTURES")
    get = requests_to(fresh, "/openApi/swap/v2/user/income")[-1]
    post = requests_to(fresh, TRANSFER)[-1]
    for signed_part in (get.raw_query, post.body.decode()):  # type: ignore[attr-defined]
        payload, _, sig = signed_part.rpartition("&signature=")
        assert hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest() == sig
    assert get.raw_query.startswith("incomeType=FUNDING_FEE&limit=5&symbol=BTC-USDT&timestamp=")  # type: ignore[attr-defined]
    assert post.raw_query == ""  # type: ignore[attr-defined]
    assert post.body.startswith(b"amount=0.10&asset=USDT&fromAccount=fund&timestamp=")  # type: ignore[attr-defined]
    assert post.headers["Content-Type"] == "application/x-www-form-urlencoded"  # type: ignore[attr-defined]
    assert post.headers["X-BX-APIKEY"] == fresh.users[0].api_key  # type: ignore[attr-defined]
    assert post.headers["X-SOURCE-KEY"] == "BX-AI-SKILL"  # type: ignore[attr-defined]


@KINDS
def test_bracket_values_are_encoded_in_transit(fresh: Simulator, kind: str) -> None:
    for bx in client(fresh, kind):
        bx.request("GET", "/openApi/swap/v2/user/positions", {"note": '{"a":[1]}'})
    sent = requests_to(fresh, "/openApi/swap/v2/user/positions")[-1].raw_query  # type: ignore[attr-defined]
    assert sent.startswith("note=%7B%22a%22%3A%5B1%5D%7D&timestamp=")
    payload, _, sig = sent.rpartition("&signature=")
    raw = "&".join(f"{k}={unquote(v)}" for k, v in (p.split("=", 1) for p in payload.split("&")))
    assert hmac.new(fresh.users[0].secret_key.encode(), raw.encode(), hashlib.sha256).hexdigest() == sig


@KINDS
def test_wrong_secret_is_a_signature_error(fresh: Simulator, kind: str) -> None:
    for bx in client(fresh, kind, secret_key="x" * 64):
        with pytest.raises(SignatureError) as e:
            bx.swap_balance()
    assert (e.value.code, e.value.endpoint) == (100001, BALANCE)


@KINDS
def test_unknown_key(fresh: Simulator, kind: str) -> None:
    for bx in client(fresh, kind, api_key="nobody" * 10):
        with pytest.raises(InvalidApiKey) as e:
            bx.positions()
    assert e.value.code == 100413


@KINDS
def test_clock_skew_is_resynced_once_and_retried(fresh: Simulator, kind: str) -> None:
    for bx in client(fresh, kind):
        bx.swap_balance()  # syncs the clock
        fresh.clock.skew_ms = 60_000  # the server jumps a minute ahead
        assert bx.swap_balance()[0].asset == "USDT"
        assert 59_000 <= bx.clock.offset_ms <= 61_000
    paths = [r.path.rsplit("/", 1)[-1] for r in fresh.requests]
    assert paths == ["time", "balance", "balance", "time", "balance"]


@KINDS
def test_network_error_falls_back_to_pro(fresh: Simulator, kind: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"  # bound, never listening: refused
        for bx in client(fresh, kind, base_url=(dead, fresh.bingx_url)):
            assert bx.positions()
    assert [r.path for r in fresh.requests] == ["/openApi/swap/v2/server/time", "/openApi/swap/v2/user/positions"]


@KINDS
def test_timeout_on_a_read_falls_back(fresh: Simulator, kind: str) -> None:
    # a first swap read builds the perpetual venue (4.6 s measured on a loaded machine, over TIMEOUT_S): done
    # beforehand without the short timeout, so what is timed below is the fallback, not the set-up
    for warm in client(fresh, "sync", timeout=60.0):
        assert warm.swap_balance()
    before = len(requests_to(fresh, BALANCE))
    for bx in client(fresh, kind, base_url=(fresh.bingx_url, fresh.bingx_url), timeout=TIMEOUT_S):
        bx.server_time()
        fresh.faults.add("delay", path=BALANCE, seconds=STALL_S)
        assert bx.swap_balance()
    assert len(requests_to(fresh, BALANCE)) - before == 2  # the stalled one, then the fallback


@KINDS
def test_504_on_a_transfer_is_unknown_and_never_resent(fresh: Simulator, kind: str) -> None:
    uid = fresh.users[0].uid
    fund = fresh.ledger.balance(uid, "fund", "USDT")
    total = fresh.ledger.total("USDT")
    fresh.faults.add("status", path=TRANSFER, status=504, execute=True)
    for bx in client(fresh, kind, base_url=(fresh.bingx_url, fresh.bingx_url)):
        with pytest.raises(UnknownOutcome) as e:
            bx.transfer("USDT", "7", type="FUND_PFUTURES")
        assert e.value.status == 504
        history = bx.transfer_history(type="FUND_PFUTURES", size=100)
    assert len(requests_to(fresh, TRANSFER)) == 1
    assert fresh.ledger.balance(uid, "fund", "USDT") == fund - 7  # executed exactly once
    assert fresh.ledger.total("USDT") == total
    assert sum(1 for r in history.rows if r.amount == 7) == 1


@KINDS
def test_connection_reset_on_a_transfer_is_unknown(fresh: Simulator, kind: str) -> None:
    fresh.faults.add("reset", path=TRANSFER)
    for bx in client(fresh, kind, base_url=(fresh.bingx_url, fresh.bingx_url)):
        bx.server_time()
        with pytest.raises(UnknownOutcome):
            bx.transfer("USDT", "3", type="FUND_PFUTURES")
    assert len(requests_to(fresh, TRANSFER)) == 1


@KINDS
def test_timeout_on_a_single_domain_read_raises(fresh: Simulator, kind: str) -> None:
    fresh.faults.add("delay", path=BALANCE, seconds=STALL_S)
    for bx in client(fresh, kind, timeout=TIMEOUT_S):
        bx.server_time()
        with pytest.raises(RequestTimeout):
            bx.swap_balance()


@KINDS
def test_rate_limit_code_is_retried(fresh: Simulator, kind: str) -> None:
    fresh.faults.add("code", path=BALANCE, code=100410, msg="rate limitation")
    fresh.faults.add("status", path=BALANCE, status=429)
    for bx in client(fresh, kind):
        assert bx.swap_balance()[0].asset == "USDT"
    assert len(requests_to(fresh, BALANCE)) == 3


@KINDS
def test_418_stops_every_request(fresh: Simulator, kind: str) -> None:
    fresh.faults.add("status", path=BALANCE, status=418)
    for bx in client(fresh, kind):
        with pytest.raises(IpBanned):
            bx.swap_balance()
        with pytest.raises(IpBanned):
            bx.positions()
    assert requests_to(fresh, "/openApi/swap/v2/user/positions") == []


def test_server_rate_limits_are_respected_by_waiting() -> None:
    with Simulator(rate_limits=True) as sim:
        user = sim.users[0]
        for bx in make_both("sync", api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url):
            t0 = time.monotonic()
            for _ in range(8):
                bx.swap_balance()  # UID 5/s, IP 3/s: the client paces itself, the server never refuses
            assert time.monotonic() - t0 >= 1.5
        bodies = [r for r in sim.requests if r.path == BALANCE]
        assert len(bodies) == 8


def test_errors_carry_the_request_without_its_signature(fresh: Simulator) -> None:
    for bx in client(fresh, "sync", secret_key="x" * 64):
        with pytest.raises(SignatureError) as e:
            bx.positions("BTC-USDT")
    line = f"GET {fresh.bingx_url}/openApi/swap/v2/user/positions?symbol=BTC-USDT&timestamp="
    assert e.value.request.startswith(line)
    assert "signature" not in e.value.request and "x" * 64 not in e.value.request
