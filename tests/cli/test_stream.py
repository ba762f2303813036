"""stream book|trades|ticker|account: JSON lines checked against REST, both venues; a live table on a TTY."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.cli.cli_helpers import Run
from tests.cli.conftest import binance_runner_for
from tradewire.binance.client import Binance
from tradewire.sim import Simulator

TRADEWIRE = str(Path(sys.executable).with_name("tradewire"))
BOUND_S = "60"  # --seconds: only bounds a hang; every stream here ends on its --count


def when(cond: Callable[[], bool], then: Callable[[], None]) -> None:
    """Run `then` in a thread as soon as `cond()` holds (e.g. the CLI has subscribed); give up after a minute."""

    def wait() -> None:
        deadline = time.monotonic() + 60
        while not cond():
            if time.monotonic() > deadline:
                return
            time.sleep(0.01)
        then()

    threading.Thread(target=wait, daemon=True).start()


def bingx_subscribed(sim: Simulator, topic_prefix: str = "", account: bool = False) -> Callable[[], bool]:
    """Whether a socket of the BingX simulator holds a topic starting with `topic_prefix` (or is an account one)."""
    return lambda: any((c.account is not None) if account else any(t.startswith(topic_prefix) for t in c.topics)
                       for c in list(sim.bingx_ws._conns))


def _lines(result: Any) -> list[dict[str, Any]]:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def busy_binance(fresh_sim: Simulator, tmp_path: Path) -> Run:
    fresh_sim.clock.speed = 50  # the Binance tape prints a trade every 10 simulated seconds
    return binance_runner_for(fresh_sim, tmp_path)


def test_binance_trades_match_rest(busy_binance: Run, fresh_sim: Simulator) -> None:
    got = _lines(busy_binance("--json", "stream", "trades", "BTC/USDT", "--count", "3", "--seconds", BOUND_S))
    assert len(got) == 3 and all(t["type"] == "trade" and t["symbol"] == "BTC/USDT" for t in got)
    user = fresh_sim.users[0]
    with Binance(user.api_key, user.secret_key, base_url=fresh_sim.binance_url) as rest:
        known = {str(t.id): t for t in rest.historical_trades("BTCUSDT", limit=1000)}
    for t in got:
        ref = known[t["id"]]
        assert (Decimal(t["price"]), Decimal(t["amount"]), t["time"]) == (ref.price, ref.qty, ref.time)
        assert t["price"] == f"{ref.price:.8f}"


def test_binance_book_resync_is_visible_and_book_is_sane(busy_binance: Run) -> None:
    got = _lines(busy_binance("--json", "stream", "book", "BTCUSDT", "--count", "2", "--depth", "3",
                              "--seconds", BOUND_S))
    assert got[0] == {"type": "notice", "event": "resynced", "detail": got[0]["detail"]}
    assert "(start)" in got[0]["detail"]
    books = got[1:]
    assert len(books) == 2
    for b in books:
        bids = [Decimal(p) for p, _ in b["bids"]]
        asks = [Decimal(p) for p, _ in b["asks"]]
        assert len(bids) == len(asks) == 3 and bids == sorted(bids, reverse=True) and asks == sorted(asks)
        assert bids[0] < asks[0]


def test_binance_account_stream_shows_my_order(run_binance: Run, fresh_sim: Simulator) -> None:
    user = fresh_sim.users[0]

    def place() -> None:
        with Binance(user.api_key, user.secret_key, base_url=fresh_sim.binance_url) as rest:
            rest.new_order("BTCUSDT", "BUY", "LIMIT", quantity="0.01", price="60000", time_in_force="GTC",
                           new_client_order_id="streamed1")

    when(lambda: any(c.uid is not None for c in list(fresh_sim.binance.streams.conns)), place)  # once listening
    got = _lines(run_binance("--json", "stream", "account", "--count", "2", "--seconds", BOUND_S))
    order = next((e for e in got if e["type"] == "order"), None)
    assert order is not None, got
    assert {k: order[k] for k in ("symbol", "client_id", "side", "order_type", "status", "price", "amount",
                                  "filled")} == {
        "symbol": "BTC/USDT", "client_id": "streamed1", "side": "buy", "order_type": "LIMIT", "status": "NEW",
        "price": "60000.00000000", "amount": "0.01000000", "filled": "0.00000000"}
    balances = next(e for e in got if e["type"] == "balances")
    assert {"asset": "USDT", "free": "9400.00000000", "locked": "600.00000000"} in balances["balances"]


def test_bingx_trades_and_ticker(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.clock.speed = 50  # a simulated trade every 10 s becomes one every 0.2 s
    got = _lines(run_fresh("--json", "stream", "trades", "BTC-USDT", "--count", "2", "--seconds", BOUND_S))
    assert [t["type"] for t in got] == ["trade", "trade"]
    assert all(t["symbol"] == "BTC/USDT" and Decimal(t["price"]) > 0 and t["side"] in ("buy", "sell") for t in got)
    [tick] = _lines(run_fresh("--json", "stream", "ticker", "BTC/USDT", "--count", "1", "--seconds", BOUND_S))
    assert tick["type"] == "ticker" and Decimal(tick["low"]) <= Decimal(tick["last"]) <= Decimal(tick["high"])


def test_stream_stops_on_seconds_and_rejects_csv(run_fresh: Run) -> None:
    started = time.monotonic()
    result = run_fresh("--json", "stream", "account", "--seconds", "1")
    assert result.exit_code == 0 and time.monotonic() - started < 30  # stopped by --seconds, not by a count
    assert run_fresh("--csv", "stream", "ticker", "BTC").exit_code == 2
    assert run_fresh("stream", "ticker", "BTC", "--count", "0").exit_code == 2


def test_live_table_on_a_terminal(fresh_sim: Simulator, tmp_path: Path) -> None:
    fresh_sim.clock.speed = 50
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    env.update(TRADEWIRE_CONFIG=str(tmp_path / "absent.toml"), TRADEWIRE_BASE_URL=fresh_sim.binance_url,
               COLUMNS="120")
    child = pexpect.spawn(TRADEWIRE, ["--venue", "binance", "--env", "sim", "stream", "book", "BTCUSDT",
                                      "--count", "3", "--seconds", BOUND_S, "--depth", "3"], env=env,
                          encoding="utf-8", timeout=60)
    child.expect("resynced")  # the snapshot that starts the local book is shown, not hidden
    child.expect("binance BTC/USDT order book")
    child.expect(r"Bid amount.*Bid.*Ask.*Ask amount")
    child.expect(r"\d+\.\d{8}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_bingx_book_matches_the_simulator(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.clock.speed = 0  # only our steps move the book
    # The client coalesces changes its consumer has not taken yet into one book (a slow reader sees the latest,
    # never a backlog), so a single step can merge with the snapshot on a loaded machine. Step until the CLI
    # has shown its two books, noting the simulator's book after each step: the last one shown must be one.
    after_steps: list[tuple[Any, Any]] = []
    done = threading.Event()

    def steps() -> None:
        while not done.is_set() and len(after_steps) < 300:  # bounded: a minute of steps
            fresh_sim.bingx_ws.step(1)
            after_steps.append(fresh_sim.bingx_ws.book("BTC-USDT", levels=3))
            done.wait(0.2)

    stepper = threading.Thread(target=steps, daemon=True)
    when(bingx_subscribed(fresh_sim, "BTC-USDT@"), stepper.start)  # after the snapshot
    try:
        got = _lines(run_fresh("--json", "stream", "book", "BTC-USDT", "--count", "2", "--depth", "3",
                               "--seconds", BOUND_S))
    finally:
        done.set()
    stepper.join(60)
    books = [b for b in got if b["type"] == "book"]
    assert len(books) == 2 and after_steps
    shown = (books[-1]["bids"], books[-1]["asks"])
    assert shown in [([[format(p, "f"), format(q, "f")] for p, q in bids],
                      [[format(p, "f"), format(q, "f")] for p, q in asks]) for bids, asks in after_steps]


def test_bingx_account_stream_shows_my_order(run_fresh: Run, fresh_sim: Simulator) -> None:
    from tradewire import BingX

    user = fresh_sim.users[0]

    def place() -> None:
        with BingX(user.api_key, user.secret_key, base_url=fresh_sim.bingx_url, rate_limits=False) as bx:
            bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=Decimal("0.10"), price=Decimal("3000.00"),
                          position_side="LONG", time_in_force="GTC", client_order_id="clistream1")

    when(bingx_subscribed(fresh_sim, account=True), place)  # the account socket is open: the order is pushed
    got = _lines(run_fresh("--json", "stream", "account", "--count", "5", "--seconds", BOUND_S))
    configs = [(e["symbol"], e["long_leverage"], e["margin_mode"]) for e in got if e["type"] == "settings"]
    assert [c[0] for c in configs] == ["BTC/USDT", "ETH/USDT", "SOL/USDT", "DOGE/USDT"]
    (order,) = [e for e in got if e["type"] == "order"]  # named as every other command's JSON, not BingX's wire
    assert {k: order[k] for k in ("symbol", "client_id", "side", "order_type", "price", "amount", "filled",
                                  "status", "position_side", "average", "fee")} == {
        "symbol": "ETH/USDT", "client_id": "clistream1", "side": "buy", "order_type": "LIMIT", "price": "3000.00",
        "amount": "0.10", "filled": "0", "status": "NEW", "position_side": "LONG", "average": None, "fee": "0"}
