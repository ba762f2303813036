"""Deposits and withdrawals through the sync and async clients against the simulator: exact records, exact
balances (money only moves: to the chain and the house), wire shapes, refusals and reconciliation."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from tests.both import Both, make_both
from tradewire.core.errors import BadRequest, InsufficientFunds, OrderNotPlaced, ValidationError
from tradewire.sim import Simulator
from tradewire.sim.bingx.capital import CHAIN_UID, REVIEW_MS, address_of
from tradewire.sim.ledger import FEE_UID

WITHDRAW = "/openApi/wallets/v1/capital/withdraw/apply"
D = Decimal


@pytest.fixture()
def fresh() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


@pytest.fixture(params=["sync", "async"])
def fx(request: pytest.FixtureRequest, fresh: Simulator) -> Iterator[Both]:
    user = fresh.users[0]
    yield from make_both(request.param, api_key=user.api_key, secret_key=user.secret_key,
                         base_url=fresh.bingx_url, rate_limits=False, recv_window=1000)


def test_deposit_history_and_a_seeded_deposit(fx: Both, fresh: Simulator) -> None:
    uid = fresh.users[0].uid
    opening = fx.deposits()
    assert [(d.coin, d.amount, d.network, d.status) for d in opening] == [
        ("BTC", D("0.51234567"), "BTC", 1), ("USDT", D(15000), "TRC20", 1)]
    assert opening[1].address == address_of(fresh.seed, uid, "TRC20") and opening[1].confirm_times == "20/20"
    fund = fresh.ledger.balance(uid, "fund", "SOL")
    with fresh.state.lock:
        record = fresh.state.capital.deposit(fresh.ledger, uid, "SOL", D("12.5"), None, fresh.clock.now_ms())
    assert fresh.ledger.balance(uid, "fund", "SOL") == fund + D("12.5")
    rows = fx.deposits(coin="SOL")
    assert [(d.amount, d.network, d.tx_id, d.insert_time) for d in rows] == [
        (D("12.5"), "SOL", record.tx_id, record.time)]
    assert fx.deposits(tx_id=record.tx_id)[0].coin == "SOL"
    assert fx.deposits(coin="SOL", start_time=record.time + 1) == []


def test_coin_configs_and_addresses(fx: Both, fresh: Simulator) -> None:
    usdt = fx.coin_configs(coin="USDT")
    assert [c.coin for c in usdt] == ["USDT"]
    trc = usdt[0].network_list[0]
    assert (trc.network, trc.withdraw_fee, trc.withdraw_min, trc.is_default, trc.min_confirm) == (
        "TRC20", D(1), D(2), True, 20)
    assert [n.network for n in usdt[0].network_list] == ["TRC20", "ERC20", "BEP20"]
    assert {c.coin for c in fx.coin_configs()} == {"USDT", "USDC", "BTC", "ETH", "SOL", "DOGE"}
    addrs = fx.deposit_addresses("USDT")
    assert addrs.total == 3 and [a.network for a in addrs.data] == ["TRC20", "ERC20", "BEP20"]
    assert addrs.data[1].address == address_of(fresh.seed, fresh.users[0].uid, "ERC20")
    assert addrs.data[1].address.startswith("0x") and len(addrs.data[1].address) == 42
    assert fx.deposit_addresses("USDT", offset=2, limit=1).data[0].network == "BEP20"
    assert fx.deposit_risk_records() == []
    with pytest.raises(BadRequest) as e:
        fx.coin_configs(coin="NOPE")
    assert e.value.code == 100437


def test_withdraw_moves_money_to_the_chain_and_the_fee_to_the_house(fx: Both, fresh: Simulator) -> None:
    uid = fresh.users[0].uid
    before = fresh.ledger.snapshot()
    total = fresh.ledger.total("USDT")
    to = address_of(fresh.seed, fresh.users[1].uid, "ERC20")
    result = fx.withdraw("USDT", to, "25.5", network="ERC20", withdraw_order_id="mine42")
    assert result.withdraw_order_id == "mine42"
    after = fresh.ledger.snapshot()
    assert after[(uid, "fund", "USDT")] == before[(uid, "fund", "USDT")] - D("25.5")
    assert after[(CHAIN_UID, "fund", "USDT")] == before.get((CHAIN_UID, "fund", "USDT"), 0) + D("22.3")
    assert after[(FEE_UID, "fund", "USDT")] == before.get((FEE_UID, "fund", "USDT"), 0) + D("3.2")
    assert fresh.ledger.total("USDT") == total
    [row] = fx.withdrawals(withdraw_order_id="mine42")
    assert (row.id, row.amount, row.transaction_fee, row.status, row.network, row.address, row.tx_id) == (
        result.id, D("25.5"), D("3.2"), 4, "ERC20", to, None)
    fresh.clock.advance(REVIEW_MS)
    [done] = fx.withdrawals(id=result.id)
    assert done.status == 6 and done.tx_id is not None and len(done.tx_id) == 66
    assert fx.withdrawals(status=6, coin="USDT")[0].id == result.id
    body = next(r.body.decode() for r in fresh.requests if r.path == WITHDRAW)
    assert body.startswith("address=" + to + "&amount=25.5&coin=USDT&network=ERC20&recvWindow=1000&timestamp=")
    assert "&walletType=1&withdrawOrderId=mine42&signature=" in body


def test_withdraw_refusals_move_nothing(fx: Both, fresh: Simulator) -> None:
    before = fresh.ledger.snapshot()
    to = address_of(fresh.seed, "someone", "TRC20")
    for kwargs, code in ((dict(amount="1.5"), 100400),  # below withdrawMin 2
                         (dict(amount="20000"), 100202),  # more than the fund account holds
                         (dict(amount="5", network="SOL"), 100400),  # USDT does not travel on SOL
                         (dict(amount="5", address="0xnotatron"), 100400),
                         (dict(amount="5.0000001"), 100400)):  # TRC20 USDT has 6 decimals
        args = {"address": to, **kwargs}
        with pytest.raises((BadRequest, InsufficientFunds)) as e:
            fx.withdraw("USDT", **args)
        assert e.value.code == code, kwargs
    fx.withdraw("USDT", to, "5", withdraw_order_id="once")
    with pytest.raises(BadRequest, match="already exists"):
        fx.withdraw("USDT", to, "5", withdraw_order_id="once")
    assert fresh.ledger.snapshot()[(fresh.users[0].uid, "fund", "USDT")] == before[
        (fresh.users[0].uid, "fund", "USDT")] - 5
    sent = sum(1 for r in fresh.requests if r.path == WITHDRAW)
    with pytest.raises(ValidationError):
        fx.withdraw("USDT", to, 5.0)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        fx.withdraw("USDT", to, "5", wallet_type=4)
    with pytest.raises(ValidationError):
        fx.withdraw("USDT", to, "5", withdraw_order_id="no-dashes")
    assert sum(1 for r in fresh.requests if r.path == WITHDRAW) == sent


def test_a_lost_answer_is_reconciled_by_withdraw_order_id(fx: Both, fresh: Simulator) -> None:
    uid = fresh.users[0].uid
    fund = fresh.ledger.balance(uid, "fund", "USDT")
    to = address_of(fresh.seed, "someone", "TRC20")
    fresh.faults.add("status", path=WITHDRAW, status=504, execute=True)
    result = fx.withdraw("USDT", to, "10", withdraw_order_id="lost1")
    assert result.withdraw_order_id == "lost1"
    assert [w.id for w in fx.withdrawals(withdraw_order_id="lost1")] == [result.id]
    assert fresh.ledger.balance(uid, "fund", "USDT") == fund - 10  # executed once, never re-sent
    assert sum(1 for r in fresh.requests if r.path == WITHDRAW) == 1


def test_a_lost_request_is_proved_not_made(fx: Both, fresh: Simulator) -> None:
    uid = fresh.users[0].uid
    fund = fresh.ledger.balance(uid, "fund", "USDT")
    fresh.faults.add("status", path=WITHDRAW, status=504)
    with pytest.raises(OrderNotPlaced) as e:
        fx.withdraw("USDT", address_of(fresh.seed, "someone", "TRC20"), "10")
    assert e.value.client_order_id.startswith("tw")
    assert fresh.ledger.balance(uid, "fund", "USDT") == fund
    assert sum(1 for r in fresh.requests if r.path == WITHDRAW) == 1
