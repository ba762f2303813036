"""Streams for people: account events in words (a line each without a terminal), live candles with a chart."""

from __future__ import annotations

import os
import threading
from decimal import Decimal
from pathlib import Path

import pexpect

from tests.cli.cli_helpers import Run
from tests.cli.test_stream import BOUND_S, TRADEWIRE, bingx_subscribed, when
from tradewire.cli.stream import describe
from tradewire.sim import Simulator


def test_account_events_in_words_a_line_each(run_fresh: Run, fresh_sim: Simulator) -> None:
    from tradewire import BingX

    user = fresh_sim.users[0]

    def place() -> None:
        with BingX(user.api_key, user.secret_key, base_url=fresh_sim.bingx_url, rate_limits=False) as bx:
            bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=Decimal("0.10"), price=Decimal("3000.00"),
                          position_side="LONG", time_in_force="GTC", client_order_id="words1")

    when(bingx_subscribed(fresh_sim, account=True), place)
    result = run_fresh("--utc", "stream", "account", "--count", "5", "--seconds", BOUND_S)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.endswith("Settings BTC/USDT leverage long 10x, short 10x; margin isolated") for line in lines)
    [order] = [line for line in lines if " Order " in line]
    assert order.endswith("Order ETH/USDT BUY LIMIT 0.10 at 3000.00 (LONG): NEW, filled 0")
    assert "{" not in result.stdout  # no raw event keys for people


def test_describe_a_fill_and_a_balance_update() -> None:
    fill = {"type": "fill", "time": 1, "symbol": "BTC/USDT", "side": "buy", "last_amount": "0.0076",
            "last_price": "65000.2", "filled": "0.01", "amount": "0.01", "average": "65000.176",
            "fee": "-0.247000760", "fee_asset": "USDT", "realized_pnl": "0"}
    assert describe(fill) == ("Fill", "BTC/USDT", "BUY 0.0076 at 65000.2; order filled 0.01 of 0.01 at 65000.176 "
                                                  "on average; fee -0.247000760 USDT")
    balances = {"type": "balances", "time": 1, "reason": "ORDER", "balances": [
        {"asset": "USDT", "wallet": "9999.675", "change": "-0.325"}], "positions": [
        {"symbol": "BTC/USDT", "position_side": "LONG", "amount": "0.01", "entry_price": "65000.176",
         "unrealized_pnl": "-0.00176", "margin_mode": "isolated"}]}
    assert describe(balances)[2] == ("USDT wallet 9999.675 (change -0.325); BTC/USDT LONG 0.01 at 65000.176, "
                                     "unrealized PnL -0.00176 (ORDER)")


def test_market_stream_prints_lines_without_a_terminal(run_fresh: Run) -> None:
    result = run_fresh("stream", "ticker", "BTC", "--count", "1", "--seconds", BOUND_S)
    assert result.exit_code == 0, result.stderr
    [line] = [x for x in result.stdout.splitlines() if " Ticker " in x]
    assert "Ticker BTC/USDT last " in line and ", 24h change " in line


def test_live_candles_with_a_chart_on_a_terminal(fresh_sim: Simulator, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINGX_", "BINANCE_", "TRADEWIRE_"))}
    env.update(TRADEWIRE_CONFIG=str(tmp_path / "absent.toml"), TRADEWIRE_BASE_URL=fresh_sim.bingx_url,
               COLUMNS="120")
    done = threading.Event()

    def steps() -> None:  # the market moves only when stepped: step until the CLI has shown its update
        for _ in range(300):  # bounded: a minute
            if done.wait(0.2):
                return
            fresh_sim.bingx_ws.step(1)

    when(bingx_subscribed(fresh_sim, "BTC-USDT@kline"), threading.Thread(target=steps, daemon=True).start)
    child = pexpect.spawn(TRADEWIRE, ["--env", "sim", "stream", "klines", "BTC", "--count", "1", "--seconds",
                                      BOUND_S], env=env, encoding="utf-8", timeout=60)
    try:
        child.expect("┤")  # the chart's price axis, drawn from the candles before the stream
        child.expect("Open time")  # the first live candle arrived: table and chart redrawn
        child.expect(r"\d+ candles  open \d+")
        child.expect(pexpect.EOF)
    finally:
        done.set()
    child.close()
    assert child.exitstatus == 0
