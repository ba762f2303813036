"""Binance USD-M futures account in the CLI: balance, positions, income, fees, spot <-> futures transfers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.cli.cli_helpers import Run, ok_json
from tradewire.binance.client import Binance
from tradewire.sim import Simulator
from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY


@pytest.fixture
def futures(fresh_sim: Simulator) -> Iterator[Binance]:
    client = Binance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=fresh_sim.binance_url, futures_url=fresh_sim.binance_url)
    yield client
    client.close()


def test_balance_has_the_futures_account(run_binance: Run) -> None:
    doc = ok_json(run_binance("--json", "balance"))
    assert set(doc) == {"spot", "swap"}
    assert doc["swap"] == [{"asset": "USDT", "total": "1000.00000000", "equity": None, "free": "1000.00000000",
                            "used": "0.00000000", "unrealized_pnl": None}]
    table = run_binance("balance", "swap")
    assert table.exit_code == 0 and "USD-M futures account" in table.stdout


def test_positions_income_and_fees(run_binance: Run, futures: Binance) -> None:
    assert ok_json(run_binance("--json", "positions")) == []
    futures.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity="0.010")
    [pos] = ok_json(run_binance("--json", "positions", "BTC"))
    [risk] = futures.futures_positions("BTCUSDT")
    [config] = futures.futures_symbol_config("BTCUSDT")
    assert (pos["symbol"], pos["side"], pos["amount"]) == ("BTC/USDT", "long", "0.010")
    assert pos["entry_price"] == format(risk.entry_price, "f") and pos["leverage"] == config.leverage
    assert pos["margin_mode"] == ("isolated" if config.margin_type.upper() == "ISOLATED" else "cross")
    rows = ok_json(run_binance("--json", "income", "--since", "1d"))
    fees = [r for r in rows if r["type"] == "COMMISSION"]
    assert fees and fees == [r for r in ok_json(run_binance("--json", "income", "-t", "commission", "--since", "1d"))]
    assert fees[0]["symbol"] == "BTC/USDT" and fees[0]["asset"] == "USDT" and fees[0]["amount"].startswith("-")
    assert ok_json(run_binance("--json", "fees", "BTCUSDT")) == [
        {"role": "taker", "rate": "0.0004", "percent": "0.04"}, {"role": "maker", "rate": "0.0002", "percent": "0.02"}]


def test_transfer_spot_to_futures_and_back(run_binance: Run, futures: Binance) -> None:
    done = ok_json(run_binance("--json", "transfer", "-d", "main_umfuture", "-a", "USDT", "--amount", "25.5"))
    assert (done["direction"], done["from"], done["to"], done["amount"]) == ("MAIN_UMFUTURE", "MAIN", "UMFUTURE",
                                                                             "25.5")
    [usdt] = [b for b in futures.futures_balance() if b.asset == "USDT"]
    assert format(usdt.balance, "f") == "1025.50000000"
    ok_json(run_binance("--json", "transfer", "-d", "UMFUTURE_MAIN", "-a", "USDT", "--amount", "0.5"))
    history = ok_json(run_binance("--json", "transfer", "history"))
    assert sorted((h["direction"], h["amount"]) for h in history) == [("MAIN_UMFUTURE", "25.50000000"),
                                                                      ("UMFUTURE_MAIN", "0.50000000")]


def test_binance_bad_arguments_send_nothing(run_binance: Run, fresh_sim: Simulator) -> None:
    sent = len(fresh_sim.requests)
    for args, line in ((("fees",), "SYMBOL: required on Binance"),
                       (("transfer", "-d", "FUND_PFUTURES", "-a", "USDT", "--amount", "1"),
                        "--direction: 'FUND_PFUTURES' is not a direction; use one of MAIN_UMFUTURE, UMFUTURE_MAIN"),
                       (("income", "-t", "adl"), "--type: ADL is not a Binance USD-M income type"),
                       (("transfer", "-d", "MAIN_UMFUTURE", "-a", "USDT", "--amount", "1e3"),
                        "--amount: must be a plain decimal number")):
        result = run_binance(*args)
        assert result.exit_code == 2, (args, result.stderr)
        [error] = [x for x in result.stderr.splitlines() if x.startswith("error:")]
        assert line in error
    assert len(fresh_sim.requests) == sent
