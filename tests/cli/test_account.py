"""balance, positions, fees against the simulator, with exact values."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from tests.cli.cli_helpers import Run, ok_json


def test_balance_all_accounts_json(run: Run) -> None:
    doc = ok_json(run("--json", "balance"))
    assert set(doc) == {"spot", "fund", "swap", "overview"}
    assert doc["spot"] == [{"asset": "BTC", "free": "0.01234567", "used": "0", "total": "0.01234567"},
                           {"asset": "USDT", "free": "2500.5", "used": "0", "total": "2500.5"}]
    assert {r["asset"]: r["total"] for r in doc["fund"]} == {"BTC": "0.5", "USDT": "10000"}
    [swap] = doc["swap"]
    assert swap["asset"] == "USDT" and swap["total"] == "10000.0000"
    assert {"equity", "free", "used", "unrealized_pnl"} <= set(swap)
    assert "USDTMPerp" in {r["account"] for r in doc["overview"]}
    assert {r["account"]: r["name"] for r in doc["overview"]}["sopt"] == "Spot and fund"
    [btc] = ok_json(run("--json", "price", "BTC-USDT"))
    spot_and_fund = Decimal("0.51234567") * Decimal(btc["last"]) + Decimal("12500.5")  # the spot account counts too
    assert Decimal(doc["overview"][0]["usdt"]) == spot_and_fund.quantize(Decimal("1E-8"))


def test_balance_one_account_and_table(run: Run) -> None:
    assert ok_json(run("--json", "balance", "fund")) == [
        {"asset": "BTC", "free": "0.5", "used": "0", "total": "0.5"},
        {"asset": "USDT", "free": "10000", "used": "0", "total": "10000"}]
    table = run("balance", "spot")
    assert table.exit_code == 0
    assert "Spot account" in table.stdout and "0.01234567" in table.stdout
    assert "Simulator" in table.stdout  # the environment is said in the header of every output


def test_balance_csv(run: Run) -> None:
    result = run("--csv", "balance", "spot")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[1] == {"asset": "USDT", "free": "2500.5", "used": "0", "total": "2500.5"}
    assert "Simulator" in result.stderr  # notices stay out of the CSV


def test_balance_unknown_account_is_usage_error(run: Run) -> None:
    assert run("balance", "margin").exit_code == 2


def test_positions(run: Run) -> None:
    doc = ok_json(run("--json", "positions"))
    btc = next(p for p in doc if p["symbol"] == "BTC/USDT")
    assert (btc["side"], btc["amount"], btc["entry_price"], btc["leverage"], btc["margin_mode"]) == \
        ("long", "0.0500", "64250.5", 10, "isolated")
    eth = next(p for p in doc if p["symbol"] == "ETH/USDT")
    assert (eth["side"], eth["amount"], eth["entry_price"], eth["margin_mode"]) == ("short", "1.50", "3310.25", "cross")
    only = ok_json(run("--json", "positions", "eth"))
    assert [p["symbol"] for p in only] == ["ETH/USDT"]


def test_fees_as_percentages(run: Run) -> None:
    assert ok_json(run("--json", "fees")) == [{"role": "taker", "rate": "0.0005", "percent": "0.05"},
                                              {"role": "maker", "rate": "0.0002", "percent": "0.02"}]
    table = run("fees").stdout
    assert "0.05%" in table and "0.02%" in table
