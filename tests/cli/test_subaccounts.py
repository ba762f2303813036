"""subaccounts, balances, transfer and history: exact balances, refusals before the wire, CONFIRM on live."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.cli.cli_helpers import Run, ok_json
from tradewire import BingX
from tradewire.sim import Simulator

TRANSFER = "/openApi/account/transfer/v1/subAccount/transferAsset"


def _sub(sim: Simulator) -> str:
    bx = BingX(sim.users[0].api_key, sim.users[0].secret_key, base_url=sim.bingx_url)
    return str(bx.create_subaccount("trader01", note="bots").sub_uid)


def _sent(sim: Simulator) -> int:
    return sum(r.path == TRANSFER for r in sim.requests)


def test_list_transfer_balances_and_history(run_fresh: Run, fresh_sim: Simulator) -> None:
    sub, me = _sub(fresh_sim), fresh_sim.users[0].uid
    [row] = ok_json(run_fresh("--json", "subaccounts"))
    assert (row["uid"], row["name"], row["note"], row["frozen"]) == (sub, "trader01", "bots", "no")
    before = fresh_sim.ledger.balance(me, "fund", "USDT")
    done = ok_json(run_fresh("--json", "subaccounts", "transfer", "-a", "usdt", "--amount", "100.25", "--from", "main",
                             "--to", sub, "--to-account", "perpetual"))
    assert {k: done[k] for k in ("asset", "amount", "from_uid", "from_account", "to_uid", "to_account")} == {
        "asset": "USDT", "amount": "100.25", "from_uid": me, "from_account": "fund", "to_uid": sub,
        "to_account": "perpetual"}
    assert fresh_sim.ledger.balance(me, "fund", "USDT") == before - Decimal("100.25")
    assert fresh_sim.ledger.balance(sub, "USDTMPerp", "USDT") == Decimal("100.25") and _sent(fresh_sim) == 1
    ok_json(run_fresh("--json", "subaccounts", "transfer", "-a", "USDT", "--amount", "0.25", "--from", sub,
                      "--from-account", "perpetual", "--to", sub))  # between two accounts of the sub-account
    got = ok_json(run_fresh("--json", "subaccounts", "balances", "--uid", sub))
    assert got["assets"] == [{"uid": sub, "asset": "USDT", "free": "0.25", "locked": "0"}]
    assert {r["account"]: r["usdt"] for r in got["values"]}["USDTMPerp"] == "100.00000000"
    history = ok_json(run_fresh("--json", "subaccounts", "history", "--uid", "main"))
    assert [(r["tran_id"], r["direction"], r["amount"]) for r in history] == [(done["tran_id"], "OUT", "100.25")]


@pytest.mark.parametrize(("args", "line"), [
    (("--from", "alice", "--to", "main"), "error: --from: must be a UID (digits) or main (got 'alice')"),
    (("--from", "main", "--to", "main"), "error: --to: must differ from --from (same UID and same account)"),
    (("--from", "main", "--to", "1", "--to-account", "spot"),
     "error: --to-account: must be one of fund, standard, perpetual (got 'spot')"),
    (("--from", "main", "--to", "1", "--remark", " "), "error: --remark: must be 1-200 characters"),
])
def test_bad_transfers_send_nothing(run: Run, shared_sim: Simulator, args: tuple[str, ...], line: str) -> None:
    sent = _sent(shared_sim)
    result = run("subaccounts", "transfer", "-a", "USDT", "--amount", "1", *args)
    assert result.exit_code == 2 and [x for x in result.stderr.splitlines() if x] == [line]
    assert _sent(shared_sim) == sent


def test_live_transfer_needs_confirm(fresh_sim: Simulator, run_fresh: Run) -> None:
    sub, user = _sub(fresh_sim), fresh_sim.users[0]
    keys = {"BINGX_API_KEY": user.api_key, "BINGX_SECRET_KEY": user.secret_key}
    args = ("--env", "live", "--base-url", fresh_sim.bingx_url, "subaccounts", "transfer", "-a", "USDT",
            "--amount", "5", "--from", "main", "--to", sub)
    refused = run_fresh(*args, env=keys)
    assert refused.exit_code == 2 and "--yes" in refused.stderr and _sent(fresh_sim) == 0
    ok_json(run_fresh("--json", *args, "--yes", env=keys))
    assert fresh_sim.ledger.balance(sub, "fund", "USDT") == 5 and _sent(fresh_sim) == 1


def test_unknown_outcome_is_reported_not_retried(run_fresh: Run, fresh_sim: Simulator) -> None:
    sub = _sub(fresh_sim)
    fresh_sim.faults.add("status", TRANSFER, status=504, execute=True)
    result = run_fresh("subaccounts", "transfer", "-a", "USDT", "--amount", "7", "--from", "main", "--to", sub)
    assert result.exit_code == 4 and "OUTCOME UNKNOWN" in result.stderr and "NOT retried" in result.stderr
    assert f"tradewire subaccounts history --uid {fresh_sim.users[0].uid} --since 1h" in result.stderr
    assert _sent(fresh_sim) == 1 and fresh_sim.ledger.balance(sub, "fund", "USDT") == 7
