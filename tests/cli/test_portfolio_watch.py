"""`portfolio` (every account of both venues valued in USDT) and `watch` (quotes across venues)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from tests.cli.cli_helpers import Run, ok_json
from tests.cli.conftest import clean_env
from tradewire.cli.app import app
from tradewire.sim import Simulator


def test_portfolio_values_every_bingx_account_in_usdt(run_fresh: Run, fresh_sim: Simulator) -> None:
    doc = ok_json(run_fresh("--json", "portfolio", "--venues", "bingx"))
    rows = doc["holdings"]
    assert {r["account"] for r in rows} >= {"Spot", "Fund", "Perpetual futures (USDT-M)", "Coin-M perpetual"}
    perpetual = {t["symbol"]: t["last"] for t in ok_json(run_fresh("--json", "ticker", "-m", "swap"))}
    spot = {t["symbol"]: t["last"] for t in ok_json(run_fresh("--json", "ticker", "-m", "spot"))}
    tickers = perpetual | spot  # the spot price wins; the perpetual's prices a coin with no spot pair
    [sol] = [r for r in rows if r["asset"] == "SOL"]
    assert "SOL/USDT" not in spot and sol["price"] == perpetual["SOL/USDT"]
    for r in rows:
        assert r["price"] is not None
        price = Decimal(1) if r["asset"] == "USDT" else Decimal(tickers[f"{r['asset']}/USDT"])
        assert Decimal(r["price"]) == price and Decimal(r["value"]) == Decimal(r["amount"]) * price
    positions = ok_json(run_fresh("--json", "positions"))
    [swap] = [r for r in rows if r["account"] == "Perpetual futures (USDT-M)"]
    assert Decimal(swap["pnl"]) == sum(Decimal(p["unrealized_pnl"]) for p in positions)
    [total] = doc["totals"]
    assert total["venue"] == "bingx"
    assert Decimal(total["value"]) == sum(Decimal(r["value"]) for r in rows if r["value"] is not None)
    assert Decimal(total["pnl"]) == sum(Decimal(r["pnl"]) for r in rows if r["pnl"] is not None)
    assert Decimal(total["equity"]) == Decimal(total["value"]) + Decimal(total["pnl"])


def test_portfolio_spans_both_venues_with_a_grand_total(run_fresh: Run) -> None:
    result = run_fresh("--json", "portfolio")
    doc = ok_json(result)
    assert {r["venue"] for r in doc["holdings"]} == {"bingx", "binance"}
    assert {r["account"] for r in doc["holdings"] if r["venue"] == "binance"} >= {"Spot", "USD-M futures"}
    bingx, binance, every = doc["totals"]
    assert every["venue"] == "all"
    assert Decimal(every["value"]) == Decimal(bingx["value"]) + Decimal(binance["value"])
    table = run_fresh("portfolio")
    assert table.exit_code == 0 and "Totals" in table.stdout and "Coin-M perpetual" in table.stdout


def test_portfolio_skips_a_venue_without_keys(run_fresh: Run, fresh_sim: Simulator, tmp_path: Path) -> None:
    env = clean_env(tmp_path, TRADEWIRE_BASE_URL=fresh_sim.binance_url)
    result = CliRunner().invoke(app, ["--venue", "binance", "--env", "live", "--json", "portfolio", "--venues",
                                      "binance"], env=env)
    assert ok_json(result) == {"holdings": [], "totals": []}
    assert "binance: skipped (no API key for binance live" in result.stderr
    assert not [r for r in fresh_sim.requests if r.path.startswith(("/api", "/fapi", "/sapi"))]  # nothing sent
    assert run_fresh("portfolio", "--venues", "kraken").exit_code == 2


def test_watch_prints_a_line_per_quote_and_stops(run_fresh: Run, fresh_sim: Simulator) -> None:
    result = run_fresh("--json", "watch", "BTC", "ETH", "--venues", "bingx", "--seconds", "1", "--every", "0.5")
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) >= 2 and len(lines) % 2 == 0
    last = {t["symbol"]: t for t in ok_json(run_fresh("--json", "ticker", "-m", "spot"))}
    for q in lines:
        assert set(q) == {"type", "venue", "symbol", "last", "change_percent", "error"}
        assert (q["venue"], q["last"], q["change_percent"]) == ("bingx", last[q["symbol"]]["last"],
                                                                last[q["symbol"]]["change_percent"])
    text = run_fresh("watch", "BTC", "--venues", "bingx", "--seconds", "0.5", "--every", "0.5")
    assert text.exit_code == 0 and "\nBTC/USDT bingx last 65000" in text.stdout
    assert run_fresh("watch", "BTC", "--every", "0").exit_code == 2
    unknown = run_fresh("--json", "watch", "NOPE", "--venues", "bingx", "--seconds", "0.5", "--every", "0.5")
    assert json.loads(unknown.stdout.splitlines()[0])["error"].startswith("[100204]")


def test_watch_spans_both_venues(run_fresh: Run) -> None:
    result = run_fresh("--json", "watch", "BTC", "--seconds", "0.5", "--every", "0.5")
    assert result.exit_code == 0, result.stderr
    quotes = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(q["venue"], q["symbol"]) for q in quotes] == [("bingx", "BTC/USDT"), ("binance", "BTC/USDT")]
    assert all(q["error"] is None and Decimal(q["last"]) > 0 for q in quotes)
