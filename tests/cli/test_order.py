"""order place|cancel|get|list on BingX spot and swap; checks before the wire; unknown outcomes; live."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.cli_helpers import Run, ok_json
from tests.cli.conftest import binance_runner_for
from tradewire.sim import Simulator

PLACE = ("order", "place", "BTC-USDT", "--side", "buy", "--type", "limit", "-q", "0.001", "-p", "60000")


def test_spot_order_round_trip(run_fresh: Run, fresh_sim: Simulator) -> None:
    placed = ok_json(run_fresh("--json", *PLACE, "-m", "spot"))
    assert {k: placed[k] for k in ("symbol", "market", "side", "type", "price", "amount", "filled", "status")} == {
        "symbol": "BTC/USDT", "market": "spot", "side": "buy", "type": "LIMIT", "price": "60000",
        "amount": "0.001", "filled": "0", "status": "NEW"}
    assert placed["client_id"]  # always tagged, so an unknown outcome can be reconciled
    listed = ok_json(run_fresh("--json", "order", "list", "BTC/USDT", "-m", "spot"))
    assert [(o["id"], o["price"], o["amount"]) for o in listed] == [(placed["id"], "60000", "0.001")]
    got = ok_json(run_fresh("--json", "order", "get", "BTC/USDT", "-m", "spot", "--client-id", placed["client_id"]))
    assert got["id"] == placed["id"]
    done = ok_json(run_fresh("--json", "order", "cancel", "BTC/USDT", "-m", "spot", "--id", placed["id"]))
    assert (done["id"], done["status"]) == (placed["id"], "CANCELED")
    assert ok_json(run_fresh("--json", "order", "list", "-m", "spot")) == []


def test_swap_order_round_trip(run_fresh: Run) -> None:
    placed = ok_json(run_fresh("--json", *PLACE, "-m", "swap", "--position-side", "long", "--client-id", "cliswap1"))
    assert {k: placed[k] for k in ("client_id", "market", "position_side", "price", "amount", "time_in_force",
                                   "status")} == {
        "client_id": "cliswap1", "market": "swap", "position_side": "LONG", "price": "60000", "amount": "0.001",
        "time_in_force": "GTC", "status": "NEW"}
    assert [o["id"] for o in ok_json(run_fresh("--json", "order", "list", "-m", "swap"))] == [placed["id"]]
    done = ok_json(run_fresh("--json", "order", "cancel", "BTC-USDT", "-m", "swap", "--client-id", "cliswap1"))
    assert done["status"] == "CANCELED"
    assert ok_json(run_fresh("--json", "order", "list", "-m", "swap")) == []


def test_invalid_orders_are_exit_2_and_not_sent(run_fresh: Run, fresh_sim: Simulator) -> None:
    sent = len(fresh_sim.requests)
    for args, words in (
        (("order", "place", "BTC-USDT", "-s", "buy", "-t", "limit", "-q", "0.001", "-m", "spot"), "--price"),
        (("order", "place", "BTC-USDT", "-s", "buy", "-t", "market", "-q", "0.001", "-p", "1", "-m", "spot"),
         "MARKET"),
        (("order", "place", "BTC-USDT", "-s", "hold", "-t", "limit", "-q", "1", "-p", "1", "-m", "spot"), "--side"),
        (("order", "place", "BTC-USDT", "-s", "buy", "-t", "limit", "-q", "-1", "-p", "1", "-m", "spot"),
         "--quantity"),
        (("order", "place", "BTC-USDT", "-s", "buy", "-t", "limit", "-q", "1", "-p", "1", "-m", "spot",
          "--reduce-only"), "perpetual"),
        (("order", "place", "BTC-USDT", "-s", "buy", "-t", "limit", "-q", "1", "-p", "1"), "--market"),
        (("order", "cancel", "BTC-USDT", "-m", "spot"), "--id"),
    ):
        result = run_fresh(*args)
        assert result.exit_code == 2 and words in result.stderr, (args, result.stderr)
    assert len(fresh_sim.requests) == sent
    off_step = run_fresh(*PLACE[:-1], "60000.123", "-m", "swap")  # BTC-USDT tick is 0.1: refused before the order
    assert off_step.exit_code == 2 and "multiple of" in off_step.stderr


def test_live_without_terminal_needs_yes(run_fresh: Run, fresh_sim: Simulator) -> None:
    keys = {"BINGX_API_KEY": fresh_sim.users[0].api_key, "BINGX_SECRET_KEY": fresh_sim.users[0].secret_key}
    live = ("--env", "live", "--base-url", fresh_sim.bingx_url)
    refused = run_fresh(*live, *PLACE, "-m", "spot", env=keys)
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert ok_json(run_fresh(*live, "--json", "order", "list", "-m", "spot", env=keys)) == []
    ok_json(run_fresh(*live, "--json", *PLACE, "-m", "spot", "--yes", env=keys))
    assert len(ok_json(run_fresh(*live, "--json", "order", "list", "-m", "spot", env=keys))) == 1


@pytest.mark.usefixtures("instant_backoff")
def test_unknown_order_state_is_exit_4_with_the_client_id(fresh_sim: Simulator, tmp_path: Path) -> None:
    fresh_sim.clock.speed = 1  # the lookups take real time: a frozen server clock would fail them on -1021
    run = binance_runner_for(fresh_sim, tmp_path)
    from tradewire.sim.binance.rest import StatusFault

    # the placement and every lookup by client id time out: nothing proves it placed or not
    fresh_sim.binance.rest.faults.append(StatusFault("/api/v3/order", 504, count=10))
    result = run("order", "place", "BTCUSDT", "-s", "buy", "-t", "limit", "-q", "0.01", "-p", "60000",
                 "--client-id", "lost-1")
    assert result.exit_code == 4, result.stderr
    assert "lost-1" in result.stderr and "NOT re-sent" in result.stderr
    assert "order get BTC/USDT --market spot --client-id lost-1" in result.stderr
    posts = [r for r in fresh_sim.binance.rest.seen if r[0] == "POST" and r[1] == "/api/v3/order"]
    assert len(posts) == 1
    fresh_sim.binance.rest.faults.clear()
    assert ok_json(run("--json", "order", "list")) == []

