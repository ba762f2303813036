"""`tradewire coinm ...` against the simulator: exact decimal strings in JSON."""

from __future__ import annotations

from tests.cli.cli_helpers import Run, ok_json


def test_coinm_market_data_and_account(run: Run) -> None:
    contracts = ok_json(run("--json", "coinm", "contracts"))
    assert [c["symbol"] for c in contracts] == ["BTC-USD", "ETH-USD", "SOL-USD"]
    assert contracts[0] == {"symbol": "BTC-USD", "face": "10", "tick": "0.1", "min_qty": "1.00000000", "status": 1}
    [t] = ok_json(run("--json", "coinm", "ticker", "BTC-USD"))
    assert t["symbol"] == "BTC-USD" and "." in t["last_price"]
    book = ok_json(run("--json", "coinm", "book", "ETH-USD", "--depth", "5"))
    assert len(book["bids"]) == 5 and book["bids"][0]["price"] < book["asks"][0]["price"]
    assert len(ok_json(run("--json", "coinm", "funding"))) == 3
    coins = {b["asset"]: b for b in ok_json(run("--json", "coinm", "balance"))}
    assert set(coins) == {"BTC", "ETH", "SOL"} and coins["BTC"]["used_margin"] == "0"
    assert ok_json(run("--json", "coinm", "positions")) == []
