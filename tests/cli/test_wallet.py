"""deposits, withdrawals, deposit-address, coins and withdraw on the embedded simulator: exact amounts, one request,
refusals before the wire, CONFIRM on live, and an unknown outcome that names its check."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator
from tradewire.sim.bingx.capital import CHAIN_UID, address_of
from tradewire.sim.ledger import FEE_UID

WITHDRAW = "/openApi/wallets/v1/capital/withdraw/apply"
HISTORY = "/openApi/api/v3/capital/withdraw/history"


def _fund(sim: Simulator, uid: str, coin: str = "USDT") -> Decimal:
    return sim.ledger.balance(uid, "fund", coin)


def _sent(sim: Simulator, path: str = WITHDRAW) -> int:
    return sum(r.path == path for r in sim.requests)


def test_withdraw_moves_exact_amounts_with_one_request(run_fresh: Run, fresh_sim: Simulator) -> None:
    me = fresh_sim.users[0].uid
    to = address_of(fresh_sim.seed, "someone", "ERC20")
    before, chain, house = _fund(fresh_sim, me), _fund(fresh_sim, CHAIN_UID), _fund(fresh_sim, FEE_UID)
    done = ok_json(run_fresh("--json", "withdraw", "usdt", "25.5", to, "--network", "erc20"))
    assert {k: done[k] for k in ("coin", "network", "address", "tag", "amount", "fee", "arrives", "account")} == {
        "coin": "USDT", "network": "ERC20", "address": to, "tag": None, "amount": "25.5", "fee": "3.2",
        "arrives": "22.3", "account": "fund"}
    assert _fund(fresh_sim, me) == before - Decimal("25.5")
    assert _fund(fresh_sim, CHAIN_UID) == chain + Decimal("22.3")
    assert _fund(fresh_sim, FEE_UID) == house + Decimal("3.2")
    assert _sent(fresh_sim) == 1
    body = next(r.body.decode() for r in fresh_sim.requests if r.path == WITHDRAW)
    assert f"&walletType=1&withdrawOrderId={done['client_id']}&" in body and "&network=ERC20&" in body
    [row] = ok_json(run_fresh("--json", "withdrawals", "--client-id", done["client_id"]))
    assert (row["id"], row["amount"], row["fee"], row["status"], row["network"]) == (
        done["id"], "25.5", "3.2", "under review", "ERC20")


@pytest.mark.parametrize(("args", "line"), [
    (("USDT", "1.5", "{trc}"), "invalid AMOUNT: must be at least 2 (USDT on TRC20 minimum) (got 1.5)"),
    (("USDT", "2000000", "{trc}"), "invalid AMOUNT: must be at most 1000000 (USDT on TRC20 maximum)"),
    (("USDT", "5.0000001", "{trc}"), "invalid AMOUNT: must have at most 6 decimals (USDT on TRC20)"),
    (("USDT", "5", "{trc}", "--network", "SOL"), "invalid --network: must be one of TRC20, ERC20, BEP20 for USDT"),
    (("NOPE", "5", "{trc}"), "invalid COIN: must be a coin BingX lists (see `coins`) (got 'NOPE')"),
    (("USDT", "5", "T1&amount=9"), "invalid ADDRESS: must be one address: 1-200 characters, no spaces or & = ? #"),
    (("USDT", "5", "{trc}", "--account", "spot"), "invalid --account: must be one of fund, standard, perpetual"),
    (("USDT", "1e3", "{trc}"), "AMOUNT: must be a plain decimal number"),
    (("USDT", "0", "{trc}"), "AMOUNT: must be greater than 0"),
])
def test_bad_withdrawals_are_one_line_and_send_nothing(run_fresh: Run, fresh_sim: Simulator, args: tuple[str, ...],
                                                       line: str) -> None:
    me = fresh_sim.users[0].uid
    before = _fund(fresh_sim, me)
    trc = address_of(fresh_sim.seed, "someone", "TRC20")
    result = run_fresh("withdraw", *(a.format(trc=trc) for a in args))
    assert result.exit_code == 2, result.stderr
    [err] = [x for x in result.stderr.splitlines() if x]
    assert err.startswith(f"error: {line}"), err
    assert _sent(fresh_sim) == 0 and _fund(fresh_sim, me) == before


def test_live_withdraw_needs_confirm(fresh_sim: Simulator, run_fresh: Run) -> None:
    user = fresh_sim.users[0]
    keys = {"BINGX_API_KEY": user.api_key, "BINGX_SECRET_KEY": user.secret_key}
    args = ("--env", "live", "--base-url", fresh_sim.bingx_url, "withdraw", "USDT", "10",
            address_of(fresh_sim.seed, "someone", "TRC20"))
    before = _fund(fresh_sim, user.uid)
    refused = run_fresh(*args, env=keys)
    assert refused.exit_code == 2 and "--yes" in refused.stderr and _sent(fresh_sim) == 0
    assert _fund(fresh_sim, user.uid) == before
    assert ok_json(run_fresh("--json", *args, "--yes", env=keys))["arrives"] == "9"
    assert _fund(fresh_sim, user.uid) == before - 10 and _sent(fresh_sim) == 1


def test_a_lost_answer_is_reconciled(run_fresh: Run, fresh_sim: Simulator) -> None:
    me = fresh_sim.users[0].uid
    before = _fund(fresh_sim, me)
    fresh_sim.faults.add("status", path=WITHDRAW, status=504, execute=True)
    done = ok_json(run_fresh("--json", "withdraw", "USDT", "10", address_of(fresh_sim.seed, "x", "TRC20")))
    assert _fund(fresh_sim, me) == before - 10 and _sent(fresh_sim) == 1
    assert [r["id"] for r in ok_json(run_fresh("--json", "withdrawals", "--client-id", done["client_id"]))] == \
        [done["id"]]


@pytest.mark.usefixtures("instant_backoff")
def test_an_unknown_outcome_names_its_check(run_fresh: Run, fresh_sim: Simulator) -> None:
    me = fresh_sim.users[0].uid
    before = _fund(fresh_sim, me)
    fresh_sim.faults.add("status", path=WITHDRAW, status=504, execute=True)
    # every lookup fails: 5 lookups (bingx/orders.py LOOKUPS) of 4 tries each (a read is retried 3 times)
    fresh_sim.faults.add("status", path=HISTORY, status=503, count=20)
    result = run_fresh("withdraw", "USDT", "10", address_of(fresh_sim.seed, "x", "TRC20"))
    assert result.exit_code == 4
    assert "OUTCOME UNKNOWN" in result.stderr and "NOT retried" in result.stderr
    check = result.stderr.split("Check before sending again: ")[1].split()
    assert check[:5] == ["tradewire", "withdrawals", "--coin", "USDT", "--client-id"]
    assert _sent(fresh_sim) == 1 and _sent(fresh_sim, HISTORY) == 20
    assert _fund(fresh_sim, me) == before - 10  # it was made: the check shows it
    [row] = ok_json(run_fresh("--json", *check[1:]))
    assert (row["client_id"], row["amount"]) == (check[5], "10")


def test_deposits_coins_and_addresses(run: Run, shared_sim: Simulator) -> None:
    rows = ok_json(run("--json", "deposits"))
    assert [(r["coin"], r["amount"], r["network"], r["status"]) for r in rows] == [
        ("BTC", "0.51234567", "BTC", "completed"), ("USDT", "15000", "TRC20", "completed")]
    assert [r["coin"] for r in ok_json(run("--json", "deposits", "--coin", "btc"))] == ["BTC"]
    nets = ok_json(run("--json", "coins", "USDT"))
    assert [(n["network"], n["default"], n["fee"], n["min"], n["max"], n["withdraw"]) for n in nets] == [
        ("TRC20", "yes", "1", "2", "1000000", "open"), ("ERC20", "no", "3.2", "10", "1000000", "open"),
        ("BEP20", "no", "0.29", "1", "1000000", "open")]
    [addr] = ok_json(run("--json", "deposit-address", "usdt", "--network", "erc20"))
    assert addr == {"coin": "USDT", "network": "ERC20", "tag": None,
                    "address": address_of(shared_sim.seed, shared_sim.users[0].uid, "ERC20")}
    bad = run("deposit-address", "USDT", "--network", "SOL")
    assert bad.exit_code == 2 and "--network: USDT has no deposit address on 'SOL'" in bad.stderr
    since = run("withdrawals", "--since", "1d", "--until", "2d")
    assert since.exit_code == 2 and "--until must not be before --since" in since.stderr
