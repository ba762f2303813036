"""`--venue binance` end to end against the simulated Binance: exact values, clear refusals."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator


def _usdt(sim: Simulator) -> tuple[Decimal, Decimal]:
    ledger, uid = sim.binance.exchange.ledger, sim.users[0].uid
    return ledger.balance(uid, "spot", "USDT"), ledger.balance(uid, "spot.locked", "USDT")


def test_balance_and_market_data(run_binance: Run, fresh_sim: Simulator) -> None:
    ex = fresh_sim.binance.exchange
    now = ex.clock.now_ms()
    _, bids, asks = ex.engine.depth("BTCUSDT", 2)
    assert ok_json(run_binance("--json", "balance", "spot")) == [
        {"asset": "BTC", "free": "1.00000000", "used": "0.00000000", "total": "1.00000000"},
        {"asset": "ETH", "free": "10.00000000", "used": "0.00000000", "total": "10.00000000"},
        {"asset": "USDT", "free": "10000.00000000", "used": "0.00000000", "total": "10000.00000000"}]
    [price] = ok_json(run_binance("--json", "price", "btc/usdt"))
    assert (price["symbol"], price["last"]) == ("BTC/USDT", "65000.00000000")
    book = ok_json(run_binance("--json", "book", "BTCUSDT", "--depth", "2"))
    assert book["bids"] == [{"price": f"{p:.8f}", "amount": f"{q:.8f}"} for p, q in bids]
    assert book["asks"][0] == {"price": f"{asks[0][0]:.8f}", "amount": f"{asks[0][1]:.8f}"}
    [ticker] = ok_json(run_binance("--json", "ticker", "BTC"))
    day = ex.tapes.window("BTCUSDT", now - 86_400_000 + 1, now)
    assert (ticker["bid"], ticker["ask"], ticker["high"]) == (
        f"{bids[0][0]:.8f}", f"{asks[0][0]:.8f}", f"{day.high:.8f}")
    trades = ok_json(run_binance("--json", "trades", "BTC/USDT"))
    last = ex.tapes.trades("BTCUSDT", now, 1)[0]
    row = next(t for t in trades if t["id"] == str(last.id))
    assert (row["price"], row["amount"], row["side"]) == (
        "65000.00000000", f"{last.qty:.8f}", "sell" if last.buyer_maker else "buy")
    candles = ok_json(run_binance("--json", "klines", "BTC/USDT", "--limit", "5"))
    assert len(candles) == 5 and candles[-1]["close"] == "65000.00000000"
    assert ok_json(run_binance("--json", "time"))["server"] > 0


def test_what_binance_spot_does_not_have_is_exit_2(run_binance: Run) -> None:
    for args in ( ("transfer", "-d", "FUND_PFUTURES", "-a", "USDT", "--amount", "1"),
                 ("funding",), ("order", "list", "--market", "swap"), ("balance", "fund")):
        result = run_binance(*args)
        assert result.exit_code == 2, (args, result.stderr)
    assert "no swap market" in run_binance("order", "list", "--market", "swap").stderr
    assert "--env testnet" in run_binance("--env", "vst", "balance").stderr


def test_order_place_list_get_cancel(run_binance: Run, fresh_sim: Simulator) -> None:
    placed = ok_json(run_binance("--json", "order", "place", "BTC/USDT", "--side", "buy", "--type", "limit",
                                 "-q", "0.01", "-p", "60000", "--client-id", "mine-1"))
    assert {k: placed[k] for k in ("client_id", "symbol", "market", "side", "type", "price", "amount", "filled",
                                   "time_in_force", "status")} == {
        "client_id": "mine-1", "symbol": "BTC/USDT", "market": "spot", "side": "buy", "type": "LIMIT",
        "price": "60000.00000000", "amount": "0.01000000", "filled": "0.00000000", "time_in_force": "GTC",
        "status": "NEW"}
    assert _usdt(fresh_sim) == (Decimal(9400), Decimal(600))
    assert [o["id"] for o in ok_json(run_binance("--json", "order", "list", "BTCUSDT"))] == [placed["id"]]
    got = ok_json(run_binance("--json", "order", "get", "BTCUSDT", "--client-id", "mine-1"))
    assert got["id"] == placed["id"] and got["status"] == "NEW"
    cancelled = ok_json(run_binance("--json", "order", "cancel", "BTC/USDT", "--id", placed["id"]))
    assert cancelled["status"] == "CANCELED"
    assert ok_json(run_binance("--json", "order", "list")) == []
    assert _usdt(fresh_sim) == (Decimal(10000), Decimal(0))


def test_market_order_fills_exactly(run_binance: Run, fresh_sim: Simulator) -> None:
    done = ok_json(run_binance("--json", "order", "place", "ETHUSDT", "--side", "sell", "--type", "market",
                               "-q", "0.5"))
    assert (done["status"], done["filled"], done["amount"]) == ("FILLED", "0.50000000", "0.50000000")
    eth = fresh_sim.binance.exchange.ledger.balance(fresh_sim.users[0].uid, "spot", "ETH")
    assert eth == Decimal("9.5")


def test_download_trades_and_klines(run_binance: Run, fresh_sim: Simulator, tmp_path: Path) -> None:
    ex = fresh_sim.binance.exchange
    now = ex.clock.now_ms()
    tape = ex.tapes.trades("BTCUSDT", now, 1000)  # the public trades are the tape's
    out = tmp_path / "t.csv"
    rows = ok_json(run_binance("--json", "download", "trades", "BTC/USDT", "-o", str(out)))["rows"]
    with out.open() as f:
        got = [dict(r) for r in csv.DictReader(f)]
    assert len(got) == rows and rows >= 1
    first = next(t for t in tape if str(t.id) == got[0]["id"])
    assert got[0] | {"time": "-"} == {"id": str(first.id), "time": "-", "side": "sell" if first.buyer_maker else "buy",
                                      "price": f"{first.price:.8f}", "amount": f"{first.qty:.8f}"}
    assert got[-1]["id"] == str(tape[-1].id)
    k = tmp_path / "k.csv"
    day = ok_json(run_binance("--json", "download", "klines", "BTCUSDT", "--since", "1d", "-o", str(k)))["rows"]
    assert day == 24  # hourly candles by default: one per hour of the day since
