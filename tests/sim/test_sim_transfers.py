"""Money moves for real, atomically, and is never created or lost."""

from __future__ import annotations

from decimal import Decimal

from tests.sim.bxraw import RawClient
from tradewire.sim import Simulator

TRANSFER = "/openApi/api/asset/v1/transfer"
INNER = "/openApi/wallets/v1/capital/innerTransfer/apply"
D = Decimal


def test_transfer_conserves_totals_exactly(sim: Simulator, demo: RawClient) -> None:
    uid = sim.users[0].uid
    usdt_total, btc_total = sim.ledger.total("USDT"), sim.ledger.total("BTC")
    answer = demo.post(TRANSFER, asset="USDT", amount="1234.56789012", fromAccount="fund", toAccount="USDTMPerp")
    assert answer.status == 200
    tran_id = answer.data["tranId"]
    assert isinstance(tran_id, str) and int(tran_id) > 2**53
    assert sim.ledger.balance(uid, "fund", "USDT") == D("8765.43210988")
    assert sim.ledger.balance(uid, "USDTMPerp", "USDT") == D("11234.56789012")
    answer = demo.post(TRANSFER, asset="BTC", amount="0.00000001", fromAccount="spot", toAccount="fund")
    assert answer.status == 200
    assert sim.ledger.balance(uid, "spot", "BTC") == D("0.01234566")
    assert (sim.ledger.total("USDT"), sim.ledger.total("BTC")) == (usdt_total, btc_total)


def test_transfer_shows_in_history_and_income(sim: Simulator, demo: RawClient) -> None:
    tran_id = demo.post(TRANSFER, asset="USDT", amount="7", fromAccount="fund", toAccount="USDTMPerp").data["tranId"]
    history = demo.get("/openApi/api/v3/asset/transfer", tranId=tran_id)
    assert set(history.json) == {"total", "rows"}  # unwrapped
    assert history.json["total"] == 1
    row = history.json["rows"][0]
    assert (row["asset"], row["amount"], row["type"], row["status"]) == ("USDT", "7", "FUND_PFUTURES", "CONFIRMED")
    assert row["tranId"] == int(tran_id)
    assert f'"tranId":{tran_id}'.encode() in history.raw  # a bare JSON number above 2**53
    income = demo.get("/openApi/swap/v2/user/income", incomeType="TRANSFER").data
    assert income[-1]["income"] == "7" and income[-1]["tranId"] == tran_id
    records = demo.get("/openApi/api/v3/asset/transferRecord", fromAccount="fund", toAccount="USDTMPerp")
    assert records.json["total"] == 3
    assert records.json["rows"][0]["amount"] == "7.00000000000000000000"


def test_insufficient_balance_is_refused_and_changes_nothing(sim: Simulator, demo: RawClient) -> None:
    uid = sim.users[0].uid
    total = sim.ledger.total("USDT")
    answer = demo.post(TRANSFER, asset="USDT", amount="10000.00000001", fromAccount="fund", toAccount="USDTMPerp")
    assert answer.code == 100202
    assert sim.ledger.balance(uid, "fund", "USDT") == D(10000)
    # The perpetual account lets go of free margin only (10000 - 1314.3275 used by positions).
    assert demo.post(TRANSFER, asset="USDT", amount="9000", fromAccount="USDTMPerp", toAccount="fund").code == 100202
    assert sim.ledger.balance(uid, "USDTMPerp", "USDT") == D(10000)
    assert sim.ledger.total("USDT") == total


def test_transfer_parameter_errors(demo: RawClient) -> None:
    assert demo.post(TRANSFER, asset="USDT", amount="1", fromAccount="fund", toAccount="fund").code == 100400
    assert demo.post(TRANSFER, asset="USDT", amount="1", fromAccount="fund").code == 100400
    for bad in ("0", "-1", "1e3", "0.000000001"):
        assert demo.post(TRANSFER, asset="USDT", amount=bad, fromAccount="fund", toAccount="USDTMPerp").code == 100400
    assert demo.post(TRANSFER, asset="USDT", amount="1", fromAccount="fund", toAccount="wallet").code == 100400
    assert demo.post(TRANSFER, asset="BTC", amount="0.1", fromAccount="fund", toAccount="USDTMPerp").code == 100400
    assert demo.post(TRANSFER, asset="XYZ", amount="1", fromAccount="fund", toAccount="spot").code == 100437


def test_support_coins(demo: RawClient) -> None:
    coins = demo.get("/openApi/api/asset/v1/transfer/supportCoins", fromAccount="fund", toAccount="USDTMPerp")
    assert coins.data == [{"coin": "USDT", "name": "Tether USDt"}, {"coin": "USDC", "name": "USD Coin"}]
    assert demo.get("/openApi/api/asset/v1/transfer/supportCoins", fromAccount="fund").code == 100400


def test_inner_transfer_by_email_is_idempotent(sim: Simulator, demo: RawClient, bob: RawClient) -> None:
    demo_uid, bob_uid = sim.users[0].uid, sim.users[1].uid
    total = sim.ledger.total("USDT")
    params = {"coin": "USDT", "amount": "25.5", "userAccountType": 3, "userAccount": "bob@example.com",
              "walletType": 1, "transferClientId": "abc123"}
    first = demo.post(INNER, **params).data
    again = demo.post(INNER, **params).data
    assert first == again and first["transferClientId"] == "abc123"
    assert sim.ledger.balance(demo_uid, "fund", "USDT") == D("9974.5")
    assert sim.ledger.balance(bob_uid, "fund", "USDT") == D("525.5")
    assert sim.ledger.total("USDT") == total
    out = demo.get("/openApi/wallets/v1/capital/innerTransfer/records", coin="USDT").data
    assert out == {"data": [{"id": first["id"], "coin": "USDT", "receiver": int(bob_uid), "amount": D("25.5"),
                             "status": 6, "fromUid": int(demo_uid), "recordType": "out"}], "total": 1}
    seen = bob.get("/openApi/wallets/v1/capital/innerTransfer/records", coin="USDT").data
    assert seen["data"][0]["recordType"] == "in"


def test_inner_transfer_by_uid_from_perpetual_and_refusals(sim: Simulator, demo: RawClient) -> None:
    bob_uid = sim.users[1].uid
    total = sim.ledger.total("USDT")
    ok = demo.post(INNER, coin="USDT", amount="10", userAccountType=1, userAccount=bob_uid, walletType=3)
    assert ok.code == 0
    assert sim.ledger.balance(sim.users[0].uid, "USDTMPerp", "USDT") == D(9990)
    assert demo.post(INNER, coin="USDT", amount="1", userAccountType=1, userAccount="1", walletType=1).code == 100400
    assert demo.post(INNER, coin="USDT", amount="1", userAccountType=2, userAccount="13800000002",
                     walletType=1).code == 100400  # phone needs callingCode
    assert demo.post(INNER, coin="USDT", amount="1", userAccountType=2, userAccount="13800000002",
                     callingCode="86", walletType=1).code == 0
    assert demo.post(INNER, coin="BTC", amount="1", userAccountType=1, userAccount=bob_uid,
                     walletType=1).code == 100202
    assert sim.ledger.total("USDT") == total


def test_the_seeds_type_form_is_refused_and_moves_nothing(sim: Simulator, demo: RawClient) -> None:
    """The official reference requires fromAccount/toAccount; `type=FUND_PFUTURES` alone is a parameter error."""
    uid = sim.users[0].uid
    answer = demo.post(TRANSFER, asset="USDT", amount="5", type="FUND_PFUTURES")
    assert answer.code == 100400
    assert "fromAccount" in answer.json["msg"]
    assert sim.ledger.balance(uid, "fund", "USDT") == D(10000)


def test_transfer_answers_tran_id_and_transfer_id(sim: Simulator, demo: RawClient) -> None:
    data = demo.post(TRANSFER, asset="USDT", amount="1", fromAccount="fund", toAccount="spot").data
    assert set(data) == {"tranId", "transferId"}
    rows = demo.get("/openApi/api/v3/asset/transferRecord", transferId=data["transferId"]).json["rows"]
    assert [(r["fromAccount"], r["toAccount"], r["amount"]) for r in rows] == [
        ("fund", "spot", "1.00000000000000000000")]


def test_an_amount_beyond_twenty_digits_is_a_parameter_error_not_a_crash(sim: Simulator, demo: RawClient) -> None:
    uid = sim.users[0].uid
    accounts = ("fund", "spot", "USDTMPerp")
    before = [sim.ledger.balance(uid, a, "USDT") for a in accounts]
    huge = "9" * 45
    for path, params, code in [
        (TRANSFER, dict(asset="USDT", amount=huge, fromAccount="fund", toAccount="spot"), 100400),
        ("/openApi/swap/v2/trade/order", dict(symbol="BTC-USDT", side="BUY", type="MARKET", positionSide="LONG",
                                               quantity=huge), 109400),
        ("/openApi/spot/v1/trade/order", dict(symbol="BTC-USDT", side="BUY", type="MARKET", quantity=huge), 100400),
    ]:
        answer = demo.post(path, **params)
        assert (answer.status, answer.code) == (200, code)
    assert [sim.ledger.balance(uid, a, "USDT") for a in accounts] == before
