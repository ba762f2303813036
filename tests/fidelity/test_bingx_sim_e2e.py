"""End to end through the sync AND the async client against the simulator: transfers by direction move
exactly the amount, the fund balance reads the current shape, and positionSide follows the position mode."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from tests.both import Both, make_both
from tradewire.core.errors import ValidationError
from tradewire.sim import Simulator
from tradewire.unified.bingx import BingXExchange

D = Decimal
ORDER = "/openApi/swap/v2/trade/order"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def client(sim: Simulator, kind: str, user: int = 0) -> Iterator[Both]:
    u = sim.users[user]
    return make_both(kind, api_key=u.api_key, secret_key=u.secret_key, base_url=sim.bingx_url, rate_limits=False)


def test_transfers_by_direction_move_exactly(sim: Simulator, kind: str) -> None:
    uid = sim.users[0].uid
    bal = lambda account: sim.ledger.balance(uid, account, "USDT")  # noqa: E731
    total = sim.ledger.total("USDT")
    steps = [("FUND_SFUTURES", "fund", "stdFutures", D("100.12345678")),
             ("SFUTURES_PFUTURES", "stdFutures", "USDTMPerp", D("40.00000001")),
             ("PFUTURES_SFUTURES", "USDTMPerp", "stdFutures", D("0.5")),
             ("SFUTURES_FUND", "stdFutures", "fund", D("10")),
             ("FUND_PFUTURES", "fund", "USDTMPerp", D("1234.56789012")),
             ("PFUTURES_FUND", "USDTMPerp", "fund", D("0.00000001"))]
    for bx in client(sim, kind):
        for direction, src, dst, amount in steps:
            before = (bal(src), bal(dst))
            done = bx.transfer("USDT", amount, type=direction)
            assert (bal(src), bal(dst)) == (before[0] - amount, before[1] + amount), direction
            last = sim.requests[-1]
            assert f"fromAccount={src}".encode() in last.body and f"toAccount={dst}".encode() in last.body
            assert b"type=" not in last.body
            (row,) = bx.transfer_records(transfer_id=done.transfer_id).rows
            assert (row.from_account, row.to_account, row.amount) == (src, dst, amount)
            assert bx.transfer_history(tran_id=int(done.tran_id)).rows[0].type == direction
        bx.transfer("USDT", D("2.5"), from_account="fund", to_account="spot")
        assert bal("spot") == D("2503.0")
    assert sim.ledger.total("USDT") == total


def test_fund_balance_and_unified_fund_balances(sim: Simulator, kind: str) -> None:
    uid = sim.users[0].uid
    for bx in client(sim, kind):
        assert [(b.asset, b.free, b.locked) for b in bx.fund_balance()] == [
            ("BTC", D("0.5"), D(0)), ("USDT", D(10000), D(0))]
        bx.transfer("USDT", D("0.01"), from_account="fund", to_account="spot")
        assert {b.asset: b.free for b in bx.fund_balance("USDT")} == {"USDT": D("9999.99")}
        assert sim.ledger.balance(uid, "fund", "USDT") == D("9999.99")
        if kind == "sync":
            unified = BingXExchange(bx.client).balances("fund")
            assert {b.asset: b.total for b in unified} == {"BTC": D("0.5"), "USDT": D("9999.99")}
    assert b'"data":{"assets":[' in sim_answer(sim, "/openApi/fund/v1/account/balance")


def sim_answer(sim: Simulator, path: str) -> bytes:
    """The raw answer of a signed GET by the demo user (for the shape on the wire)."""
    from tests.sim.bxraw import RawClient

    raw = RawClient(sim.bingx_url, sim.users[0].api_key, sim.users[0].secret_key)
    return raw.get(path).raw


def order_requests(sim: Simulator) -> list[bytes]:
    return [r.body for r in sim.requests if r.path == ORDER]


def test_position_side_in_hedge_mode(sim: Simulator, kind: str) -> None:
    for bx in client(sim, kind):
        assert bx.position_mode() is True  # the simulator opens accounts in hedge mode
        with pytest.raises(ValidationError) as e:
            bx.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"))
        assert e.value.param == "positionSide"
        with pytest.raises(ValidationError):
            bx.test_swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"), position_side="BOTH")
        assert order_requests(sim) == []  # refused before the wire
        o = bx.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"), position_side="LONG")
        assert (o.position_side, o.orig_qty, o.quantity) == ("LONG", D("1.0"), D("1.0"))
        assert b"positionSide=LONG" in order_requests(sim)[-1]


def test_position_side_in_one_way_mode(sim: Simulator, kind: str) -> None:
    for bx in client(sim, kind, user=1):  # the second user has no open positions: the mode may change
        bx.set_position_mode(False)
        before = len(sim.requests)
        tested = bx.test_swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"))
        assert tested.position_side == "BOTH"
        o = bx.swap_order("SOL-USDT", "BUY", "MARKET", quantity=D("1.0"))
        assert (o.position_side, o.orig_qty, o.status) == ("BOTH", D("1.0"), "FILLED")
        assert all(b"positionSide=BOTH" in body for body in order_requests(sim))
        assert not any(r.path == "/openApi/swap/v1/positionSide/dual" for r in sim.requests[before:])  # cached
        with pytest.raises(ValidationError):
            bx.swap_order("SOL-USDT", "SELL", "MARKET", quantity=D("1.0"), position_side="LONG")
        (pos,) = bx.positions("SOL-USDT")  # positions name their direction (swap-account reference)
        assert (pos.position_side, pos.position_amt) == ("LONG", D("1.0"))


def test_simulator_refuses_what_live_refuses(sim: Simulator) -> None:
    """Without the client's help: no positionSide, or one that contradicts the mode, is 109400."""
    from tests.sim.bxraw import RawClient

    u = sim.users[1]
    raw = RawClient(sim.bingx_url, u.api_key, u.secret_key)
    order = {"symbol": "SOL-USDT", "side": "BUY", "type": "MARKET", "quantity": "1.0"}
    assert raw.post(ORDER, **order).code == 109400
    assert raw.post(ORDER, **order, positionSide="BOTH").code == 109400  # hedge mode
    assert raw.post("/openApi/swap/v1/positionSide/dual", dualSidePosition="false").code == 0
    assert raw.post(ORDER, **order, positionSide="LONG").code == 109400  # one-way mode
    assert raw.post(ORDER, **order, positionSide="BOTH").code == 0
