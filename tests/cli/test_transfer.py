"""transfer, transfer history and coins; CONFIRM on live; unknown outcomes are never retried."""

from __future__ import annotations

from decimal import Decimal

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator

TRANSFER_PATH = "/openApi/api/asset/v1/transfer"


def _fund_usdt(sim: Simulator) -> Decimal:
    return sim.ledger.balance(sim.users[0].uid, "fund", "USDT")


def test_transfer_and_its_record(run_fresh: Run, fresh_sim: Simulator) -> None:
    before = _fund_usdt(fresh_sim)
    done = ok_json(run_fresh("--json", "transfer", "-d", "fund_pfutures", "-a", "usdt", "--amount", "25.5"))
    assert {k: done[k] for k in ("direction", "from", "to", "asset", "amount")} == \
        {"direction": "FUND_PFUTURES", "from": "fund", "to": "USDTMPerp", "asset": "USDT", "amount": "25.5"}
    assert int(done["tran_id"]) > 2**53  # ids stay exact strings
    assert _fund_usdt(fresh_sim) == before - Decimal("25.5")
    history = ok_json(run_fresh("--json", "transfer", "history", "-d", "FUND_PFUTURES"))
    mine = [r for r in history if r["tran_id"] == done["tran_id"]]
    assert [(r["asset"], r["amount"], r["direction"]) for r in mine] == [("USDT", "25.5", "FUND_PFUTURES")]
    every = ok_json(run_fresh("--json", "transfer", "history"))
    assert done["tran_id"] in {r["tran_id"] for r in every}


def test_missing_direction_without_a_terminal_is_exit_2(run: Run) -> None:
    result = run("transfer", "-a", "USDT", "--amount", "1")
    assert result.exit_code == 2 and "--direction" in result.stderr
    result = run("transfer", "-d", "FUND_PFUTURES", "--amount", "1")
    assert result.exit_code == 2 and "--asset" in result.stderr
    assert run("transfer", "-d", "FUND_PFUTURES", "-a", "USDT", "--amount", "-3").exit_code == 2
    assert run("transfer", "-d", "SIDEWAYS", "-a", "USDT", "--amount", "1").exit_code == 2


def test_unknown_outcome_is_reported_not_retried(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.faults.add("status", TRANSFER_PATH, status=504, execute=True)
    result = run_fresh("transfer", "-d", "FUND_PFUTURES", "-a", "USDT", "--amount", "7")
    assert result.exit_code == 4
    assert "OUTCOME UNKNOWN" in result.stderr and "NOT retried" in result.stderr and "transfer history" in result.stderr
    assert sum(r.path == TRANSFER_PATH for r in fresh_sim.requests) == 1


def test_live_without_terminal_needs_yes(fresh_sim: Simulator, run_fresh: Run) -> None:
    keys = {"BINGX_API_KEY": fresh_sim.users[0].api_key, "BINGX_SECRET_KEY": fresh_sim.users[0].secret_key}
    args = ("--env", "live", "--base-url", fresh_sim.bingx_url, "transfer", "-d", "FUND_PFUTURES", "-a", "USDT",
            "--amount", "3")
    before = _fund_usdt(fresh_sim)
    refused = run_fresh(*args, env=keys)
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert _fund_usdt(fresh_sim) == before
    ok_json(run_fresh("--json", *args, "--yes", env=keys))
    assert _fund_usdt(fresh_sim) == before - 3


def test_coins(run: Run) -> None:
    assert ok_json(run("--json", "coins", "-d", "FUND_PFUTURES")) == [
        {"coin": "USDT", "name": "Tether USDt"}, {"coin": "USDC", "name": "USD Coin"}]
