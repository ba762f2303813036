"""BingX `order cancel-all-after`, `order liquidations` and `positions --history` on the simulator."""

from __future__ import annotations

import pytest

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator


def test_cancel_all_after_arms_and_stops_both_markets(run_fresh: Run, fresh_sim: Simulator) -> None:
    now = fresh_sim.clock.now_ms()
    swap = ok_json(run_fresh("--json", "order", "cancel-all-after", "30"))
    assert (swap["market"], swap["status"], swap["seconds"]) == ("swap", "ACTIVATED", 30)
    assert swap["trigger_time"] == now + 30_000  # the simulator's clock is frozen
    spot = ok_json(run_fresh("--json", "order", "cancel-all-after", "120", "--market", "spot"))
    assert (spot["market"], spot["status"], spot["trigger_time"]) == ("spot", "ACTIVATED", now + 120_000)
    stopped = ok_json(run_fresh("--json", "order", "cancel-all-after", "0"))
    assert (stopped["status"], stopped["trigger_time"]) == ("CLOSED", None)
    sent = [r for r in fresh_sim.requests if r.path.endswith("/cancelAllAfter")]
    assert [r.path for r in sent] == ["/openApi/swap/v2/trade/cancelAllAfter", "/openApi/spot/v1/trade/cancelAllAfter",
                                      "/openApi/swap/v2/trade/cancelAllAfter"]


def test_cancel_all_after_on_live_needs_confirm(run_fresh: Run, fresh_sim: Simulator) -> None:
    keys = {"BINGX_API_KEY": fresh_sim.users[0].api_key, "BINGX_SECRET_KEY": fresh_sim.users[0].secret_key}
    refused = run_fresh("--env", "live", "order", "cancel-all-after", "30", env=keys)
    assert refused.exit_code == 2 and "pass --yes to confirm" in refused.stderr
    assert not [r for r in fresh_sim.requests if r.path.endswith("/cancelAllAfter")]
    done = ok_json(run_fresh("--env", "live", "--json", "order", "cancel-all-after", "30", "--yes", env=keys))
    assert done["status"] == "ACTIVATED"


@pytest.mark.parametrize(("args", "line"), [
    (("order", "cancel-all-after", "5"), "SECONDS: must be 0 (stop) or 10 to 120 (got 5)"),
    (("order", "cancel-all-after", "121"), "SECONDS: must be 0 (stop) or 10 to 120 (got 121)"),
    (("order", "cancel-all-after", "30", "-m", "coinm"), "--market: must be spot or swap"),
    (("order", "liquidations", "--type", "margin-call"), "--type: must be liquidation or adl"),
    (("positions", "--history"), "SYMBOL: --history needs a symbol"),
    (("positions", "BTC", "--since", "1d"), "--since and --until go with --history"),
])
def test_bad_arguments_are_one_line_and_send_nothing(run: Run, shared_sim: Simulator, args: tuple[str, ...],
                                                     line: str) -> None:
    sent = len(shared_sim.requests)
    result = run(*args)
    assert result.exit_code == 2
    [error] = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert line in error
    assert len(shared_sim.requests) == sent


def test_liquidations_and_position_history(run: Run, shared_sim: Simulator) -> None:
    assert ok_json(run("--json", "order", "liquidations", "BTC", "--type", "adl")) == []
    [sent] = [r for r in shared_sim.requests if r.path == "/openApi/swap/v2/trade/forceOrders"][-1:]
    assert "autoCloseType=ADL" in sent.raw_query and "symbol=BTC-USDT" in sent.raw_query
    rows = ok_json(run("--json", "positions", "BTC", "--history", "--since", "30d"))
    assert rows and {r["symbol"] for r in rows} == {"BTC/USDT"}
    assert all(set(r) >= {"position_id", "side", "avg_price", "net_profit"} for r in rows)
    assert {r["symbol"] for r in ok_json(run("--json", "positions", "ETH", "--history"))} <= {"ETH/USDT"}
