"""Sub-accounts through the sync and async clients against the simulator: lifecycle, keys that really open the
sub-account, exact balances after transfers, JSON bodies on the wire, and the refusals of the reference."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest

from tests.both import Both, make_both
from tradewire import BingX
from tradewire.core.errors import BadRequest, ExchangeError, InvalidApiKey, PermissionDenied, UnknownOutcome
from tradewire.sim import Simulator
from tradewire.sim.bingx.capital import address_of

D = Decimal
CREATE = "/openApi/subAccount/v1/create"
TRANSFER = "/openApi/account/transfer/v1/subAccount/transferAsset"


@pytest.fixture()
def fresh() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


@pytest.fixture(params=["sync", "async"])
def fx(request: pytest.FixtureRequest, fresh: Simulator) -> Iterator[Both]:
    user = fresh.users[0]
    yield from make_both(request.param, api_key=user.api_key, secret_key=user.secret_key,
                         base_url=fresh.bingx_url, rate_limits=False)


def test_lifecycle_and_a_json_body_on_the_wire(fx: Both, fresh: Simulator) -> None:
    made = fx.create_subaccount("trader01", note="bots")
    assert (made.sub_account_string, made.note) == ("trader01", "bots")
    request = next(r for r in fresh.requests if r.path == CREATE)
    assert request.headers["Content-Type"] == "application/json" and request.raw_query == ""
    body = json.loads(request.body)
    assert sorted(body) == ["note", "signature", "subAccountString", "timestamp"]
    assert isinstance(body["timestamp"], int) and body["subAccountString"] == "trader01"
    listed = fx.subaccounts()
    assert listed.total == 1 and [(s.uid, s.is_freeze) for s in listed.sub_account_list] == [(made.sub_uid, False)]
    assert fx.freeze_subaccount(made.sub_uid).is_freeze is True
    assert fx.subaccounts(frozen=True).total == 1 and fx.subaccounts(frozen=False).total == 0
    assert fx.freeze_subaccount(made.sub_uid, freeze=False).is_freeze is False
    status_body = json.loads(next(r for r in reversed(fresh.requests) if r.path.endswith("updateStatus")).body)
    assert status_body["freeze"] is False and status_body["subUid"] == int(made.sub_uid)
    with pytest.raises(BadRequest) as e:
        fx.create_subaccount("trader01")
    assert e.value.code == 100400


def test_a_sub_account_key_opens_the_sub_account(fx: Both, fresh: Simulator) -> None:
    sub = fx.create_subaccount("keyed001").sub_uid
    key = fx.create_subaccount_api_key(sub, "reader", [2, 3])
    assert "***" in repr(key) and key.secret_key not in repr(key)
    assert key.permissions == [2, 3]
    [shown] = fx.api_keys(sub)
    assert shown.api_key == key.api_key[:6] + "*" * 8 + key.api_key[-4:] and shown.permissions == [2, 3]
    with BingX(key.api_key, key.secret_key, base_url=fresh.bingx_url, rate_limits=False) as as_sub:
        assert as_sub.uid() == sub
        perms = as_sub.api_permissions()
        assert (perms.enable_reading, perms.enable_futures, perms.enable_withdrawals) == (True, True, False)
        with pytest.raises(PermissionDenied) as e:
            as_sub.subaccounts()
        assert e.value.code == 100403
        fx.freeze_subaccount(sub)
        with pytest.raises(InvalidApiKey):
            as_sub.uid()
        fx.freeze_subaccount(sub, freeze=False)
        assert as_sub.uid() == sub
        edited = fx.edit_subaccount_api_key(sub, key.api_key, "renamed", [2], ip_addresses=["10.0.0.1"])
        assert (edited.note, edited.permissions, edited.ip_addresses) == ("renamed", [2], ["10.0.0.1"])
        assert as_sub.api_restrictions().ip_restrict is True
        fx.delete_subaccount_api_key(sub, key.api_key)
        with pytest.raises(InvalidApiKey):
            as_sub.uid()
    assert fx.api_keys(sub) == []


def test_transfers_between_master_and_sub_move_exact_amounts(fx: Both, fresh: Simulator) -> None:
    master = fresh.users[0].uid
    sub = fx.create_subaccount("money001").sub_uid
    total = fresh.ledger.total("USDT")
    fund = fresh.ledger.balance(master, "fund", "USDT")
    tran = fx.subaccount_transfer("USDT", "125.75", master, 1, 1, sub, 2, 1, "seed money")
    assert fresh.ledger.balance(master, "fund", "USDT") == fund - D("125.75")
    assert fx.subaccount_assets(sub)[0].free == D("125.75")
    fx.subaccount_transfer("USDT", "25.75", sub, 2, 1, sub, 2, 3, "to perp")
    assert fresh.ledger.balance(sub, "USDTMPerp", "USDT") == D("25.75")
    assert [(c.coin, c.transferable_amount) for c in fx.subaccount_transferable(sub, 1, master, 1)] == [
        ("USDT", D(100))]
    history = fx.subaccount_transfer_history(sub)
    assert history.total == 2 and history.rows[1].tran_id == tran and history.rows[1].type == "IN"
    overview = fx.subaccount_balances(sub_uid=sub, account_type="USDTMPerp")
    assert [(r.sub_uid, [(b.account_type, b.usdt_balance) for b in r.balances]) for r in overview.rows] == [
        (sub, [("USDTMPerp", D("25.75000000"))])]
    with pytest.raises(ExchangeError) as e:
        fx.subaccount_transfer("USDT", "1000", sub, 2, 1, master, 1, 1, "too much")
    assert e.value.code == 100202
    with pytest.raises(ExchangeError) as e:
        fx.subaccount_transfer("USDT", "1", fresh.users[1].uid, 2, 1, master, 1, 1, "not mine")
    assert e.value.code == 100450
    assert fresh.ledger.total("USDT") == total


def test_inner_transfers_within_the_group(fx: Both, fresh: Simulator) -> None:
    master = fresh.users[0].uid
    sub = fx.create_subaccount("inner001").sub_uid
    tran = fx.subaccount_inner_transfer("USDT", "40", 1, sub, 1)
    assert fresh.ledger.balance(sub, "fund", "USDT") == D(40)
    records = fx.subaccount_inner_transfers("USDT")
    assert records.total == 1 and (records.records[0].tran_id, records.records[0].amount) == (tran, D(40))
    assert (records.records[0].from_uid, records.records[0].to_uid) == (master, sub)
    with pytest.raises(ExchangeError) as e:  # Bob is not of this group
        fx.subaccount_inner_transfer("USDT", "1", 1, fresh.users[1].uid, 1)
    assert e.value.code == 100450
    assert fx.authorize_subaccount_transfers([sub, "123"], False).fail_list == ["123"]
    key = fx.create_subaccount_api_key(sub, "mover", [2, 7])
    with BingX(key.api_key, key.secret_key, base_url=fresh.bingx_url, rate_limits=False) as as_sub:
        with pytest.raises(BadRequest):
            as_sub.subaccount_inner_transfer("USDT", "1", 1, master, 1)
        fx.authorize_subaccount_transfers([sub], True)
        as_sub.subaccount_inner_transfer("USDT", "15", 1, master, 1)
    assert fresh.ledger.balance(sub, "fund", "USDT") == D(25)


def test_addresses_and_deposits_of_sub_accounts(fx: Both, fresh: Simulator) -> None:
    sub = fx.create_subaccount("depo0001").sub_uid
    made = fx.create_subaccount_address("USDT", sub, "TRC20")
    assert made.address == address_of(fresh.seed, sub, "TRC20") and made.status == 0 and made.wallet_type == 1
    listed = fx.subaccount_deposit_addresses("USDT", sub)
    assert listed.total == 3 and listed.address_list[0].address == made.address
    with fresh.state.lock:
        record = fresh.state.capital.deposit(fresh.ledger, sub, "USDT", D("77.7"), "TRC20", fresh.clock.now_ms())
    deposits = fx.subaccount_deposits()
    assert deposits.total == 1
    row = deposits.deposit_list[0]
    assert (row.uid, row.amount, row.tx_id, row.status) == (sub, D("77.7"), record.tx_id, 1)
    assert fx.subaccount_deposits(sub_uid=sub, coin="BTC").total == 0
    with pytest.raises(ExchangeError) as e:
        fx.subaccount_deposit_addresses("USDT", fresh.users[1].uid)
    assert e.value.code == 100450


def test_a_lost_sub_transfer_answer_is_unknown_and_not_resent(fx: Both, fresh: Simulator) -> None:
    master = fresh.users[0].uid
    sub = fx.create_subaccount("lost0001").sub_uid
    fresh.faults.add("status", path=TRANSFER, status=504, execute=True)
    with pytest.raises(UnknownOutcome) as e:
        fx.subaccount_transfer("USDT", "5", master, 1, 1, sub, 2, 1, "lost")
    assert e.value.params["transferAmount"] == "5"
    assert sum(1 for r in fresh.requests if r.path == TRANSFER) == 1
    assert fresh.ledger.balance(sub, "fund", "USDT") == D(5)  # it happened, once
