"""Wallet and sub-account tools in-process: exact previews and balances, the two-step refusals, reads."""

from __future__ import annotations

from decimal import Decimal

from tests.mcp.conftest import Call, doc, text
from tradewire import BingX
from tradewire.mcp.desk import Desk
from tradewire.sim import Simulator
from tradewire.sim.bingx.capital import CHAIN_UID, address_of

WITHDRAW = "/openApi/wallets/v1/capital/withdraw/apply"
SUB_TRANSFER = "/openApi/account/transfer/v1/subAccount/transferAsset"


def sent(sim: Simulator, path: str) -> int:
    return sum(r.path == path for r in sim.requests)


def fund(sim: Simulator, uid: str, account: str = "fund") -> Decimal:
    return sim.ledger.balance(uid, account, "USDT")


async def test_withdraw_two_steps_on_live(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    me, to = fresh_sim.users[0].uid, address_of(fresh_sim.seed, "someone", "BEP20")
    before, chain = fund(fresh_sim, me), fund(fresh_sim, CHAIN_UID)
    preview = doc(await call("prepare_withdraw", coin="usdt", amount="10.5", address=to, network="bep20"))
    would = preview["would_do"]
    assert {k: would[k] for k in ("coin", "network", "amount", "fee", "arrives", "from_account")} == {
        "coin": "USDT", "network": "BEP20", "amount": "10.5", "fee": "0.29", "arrives": "10.21",
        "from_account": "fund"}
    assert preview["confirm_required"] is True and sent(fresh_sim, WITHDRAW) == 0
    no_confirm = await call("execute", token=preview["token"])
    assert no_confirm.is_error and 'needs confirm="CONFIRM"' in text(no_confirm)[-1]
    tampered = await call("execute", token=preview["token"] + "x", confirm="CONFIRM")
    assert tampered.is_error and "unknown, altered or already used token" in text(tampered)[-1]
    assert sent(fresh_sim, WITHDRAW) == 0 and fund(fresh_sim, me) == before  # nothing moves without the token
    done = doc(await call("execute", token=preview["token"], confirm="CONFIRM"))
    assert done["result"]["client_id"] == would["client_id"]
    again = await call("execute", token=preview["token"], confirm="CONFIRM")
    assert again.is_error and "already used" in text(again)[-1]
    assert sent(fresh_sim, WITHDRAW) == 1
    assert fund(fresh_sim, me) == before - Decimal("10.5") and fund(fresh_sim, CHAIN_UID) == chain + Decimal("10.21")
    [row] = doc(await call("withdrawals", client_id=would["client_id"]))["rows"]
    assert (row["id"], row["amount"], row["fee"], row["status_text"]) == (done["result"]["id"], "10.5", "0.29",
                                                                         "under review")


async def test_bad_withdrawals_prepare_nothing(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    desk, call = live
    to = address_of(fresh_sim.seed, "someone", "TRC20")
    for args, line in (
            ({"amount": "1.5"}, "invalid amount: must be at least 2 (USDT on TRC20 minimum) (got 1.5)"),
            ({"amount": "5", "network": "SOL"}, "invalid network: must be one of TRC20, ERC20, BEP20 for USDT"),
            ({"amount": "5", "from_account": "spot"}, "invalid from_account: must be one of fund, standard"),
            ({"amount": "5", "address": "a b"}, "invalid address: must be one address"),
            ({"amount": "5", "coin": "NOPE"}, "invalid coin: must be a coin BingX lists"),
            ({"amount": "1e3"}, "invalid amount: must be a plain decimal number")):
        result = await call("prepare_withdraw", **{"coin": "USDT", "address": to, **args})
        assert result.is_error and text(result)[-1].startswith(line), (args, text(result))
    assert desk.confirmations.pending() == 0 and sent(fresh_sim, WITHDRAW) == 0


async def test_subaccount_transfer_two_steps(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    me = fresh_sim.users[0].uid
    sub = str(BingX(fresh_sim.users[0].api_key, fresh_sim.users[0].secret_key, base_url=fresh_sim.bingx_url)
              .create_subaccount("trader01").sub_uid)
    [listed] = doc(await call("subaccounts"))["subaccounts"]
    assert (listed["uid"], listed["name"], listed["frozen"]) == (sub, "trader01", False)
    stranger = await call("prepare_subaccount_transfer", asset="USDT", amount="5", from_uid="main", to_uid="123")
    assert stranger.is_error and text(stranger)[-1].startswith("invalid to_uid: must be main or one of your sub")
    before = fund(fresh_sim, me)
    preview = doc(await call("prepare_subaccount_transfer", asset="USDT", amount="40.5", from_uid="main",
                             to_uid=sub))
    assert preview["would_do"]["summary"] == \
        f"Transfer 40.5 USDT from main {me} fund account to sub-account {sub} fund account"
    refused = await call("execute", token=preview["token"], confirm="confirm")
    assert refused.is_error and sent(fresh_sim, SUB_TRANSFER) == 0 and fund(fresh_sim, me) == before
    done = doc(await call("execute", token=preview["token"], confirm="CONFIRM"))
    assert sent(fresh_sim, SUB_TRANSFER) == 1
    assert fund(fresh_sim, me) == before - Decimal("40.5") and fund(fresh_sim, sub) == Decimal("40.5")
    got = doc(await call("subaccount_balances", sub_uid=sub))
    assert got["fund_assets"] == [{"asset": "USDT", "free": "40.5", "locked": "0"}]
    [row] = doc(await call("subaccount_transfer_history", uid=sub))["rows"]
    assert (row["tran_id"], row["direction"], row["amount"]) == (done["result"]["tran_id"], "IN", "40.5")


async def test_read_tools(sim_call: Call, shared_sim: Simulator) -> None:
    deposits = doc(await sim_call("deposits"))["rows"]
    assert [(d["coin"], d["amount"], d["status_text"]) for d in deposits] == [
        ("BTC", "0.51234567", "completed"), ("USDT", "15000", "completed")]
    nets = doc(await sim_call("coins", coin="BTC"))["networks"]
    assert [(n["network"], n["withdraw_fee"], n["withdraw_min"], n["withdraw_decimals"]) for n in nets] == [
        ("BTC", "0.00004", "0.000046", 8), ("BEP20", "0.000001", "0.000065", 8)]
    [addr] = doc(await sim_call("deposit_address", coin="USDT", network="TRC20"))["addresses"]
    assert addr["address"] == address_of(shared_sim.seed, shared_sim.users[0].uid, "TRC20")
    bad = await sim_call("deposits", limit=0)
    assert bad.is_error and text(bad)[-1] == "invalid limit: must be 1 to 1000 (got 0); nothing was sent"
