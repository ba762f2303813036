"""Market commands against the simulator (its clock is frozen, so values are exact)."""

from __future__ import annotations

from decimal import Decimal

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator


def _now(sim: Simulator) -> int:
    return sim.clock.now_ms()


def test_price_and_ticker(run: Run, shared_sim: Simulator) -> None:
    market = shared_sim.state.market
    [btc] = ok_json(run("--json", "price", "BTC/USDT"))
    assert btc["symbol"] == "BTC/USDT" and btc["last"] == format(market.last_price("BTC-USDT", _now(shared_sim)), "f")
    every = ok_json(run("--json", "price"))
    assert [r["symbol"] for r in every] == sorted(s.replace("-", "/") for s in market.contracts)
    [eth] = ok_json(run("--json", "ticker", "ethusdt"))
    assert eth["last"] == format(market.last_price("ETH-USDT", _now(shared_sim)), "f")
    assert set(eth) >= {"bid", "ask", "high", "low", "volume", "change_percent"}


def test_book_is_best_first_and_exact(run: Run, shared_sim: Simulator) -> None:
    doc = ok_json(run("--json", "book", "BTC-USDT", "--depth", "5"))
    contract = shared_sim.state.market.contracts["BTC-USDT"]
    bids, asks = shared_sim.state.market.book("BTC-USDT", _now(shared_sim), 5)
    assert [r["price"] for r in doc["bids"]] == [format(contract.price(p), "f") for p, _ in bids]
    assert [r["price"] for r in doc["asks"]] == [format(contract.price(p), "f") for p, _ in asks]
    assert doc["bids"][0]["price"] < doc["asks"][0]["price"]
    table = run("book", "BTC", "--depth", "5")
    assert table.exit_code == 0 and "order book" in table.stdout


def test_trades_klines_funding_contracts(run: Run) -> None:
    trades = ok_json(run("--json", "trades", "BTC", "--limit", "3"))
    assert len(trades) == 3 and [t["time"] for t in trades] == sorted((t["time"] for t in trades), reverse=True)
    assert {t["side"] for t in trades} <= {"buy", "sell"}
    result = run("--json", "klines", "BTC", "-i", "1m", "--limit", "5")
    candles = ok_json(result)
    assert len(candles) == 5 and [c["time"] for c in candles] == sorted(c["time"] for c in candles)
    assert all(Decimal(c["low"]) <= Decimal(c["close"]) <= Decimal(c["high"]) for c in candles)
    default = run("--json", "klines", "ETH")
    assert len(ok_json(default)) == 100 and "100 most recent" in default.stderr
    funding = ok_json(run("--json", "funding", "BTC"))
    assert funding[0]["symbol"] == "BTC/USDT" and funding[0]["rate"]
    history = ok_json(run("--json", "funding", "BTC", "--history", "--limit", "3"))
    assert len(history) == 3
    [btc] = ok_json(run("--json", "contracts", "BTC"))
    assert (btc["tick"], btc["step"], btc["taker"], btc["maker"]) == ("0.1", "0.0001", "0.05", "0.02")


def test_time_shows_offset(run: Run) -> None:
    doc = ok_json(run("--json", "time"))
    assert set(doc) == {"server", "local", "offset_ms", "round_trip_ms"}
    assert doc["offset_ms"] == doc["server"] - doc["local"]


def test_tables_use_local_or_utc_time(run: Run) -> None:
    utc = run("--utc", "trades", "BTC", "--limit", "1")
    assert utc.exit_code == 0 and "Time (UTC)" in utc.stdout


def test_bad_symbol_and_depth_are_usage_errors(run: Run) -> None:
    assert run("price", "BTC/USDT/X").exit_code == 2
    result = run("book", "BTC", "--depth", "1001")
    assert result.exit_code == 2 and "--depth: must be at most 1000 (got 1001); nothing was sent" in result.stderr


def test_book_depth_any_size_is_fetched_at_the_next_allowed_size_and_trimmed(run: Run, shared_sim: Simulator) -> None:
    doc = ok_json(run("--json", "book", "BTC-USDT", "--depth", "7"))
    contract = shared_sim.state.market.contracts["BTC-USDT"]
    bids, _ = shared_sim.state.market.book("BTC-USDT", _now(shared_sim), 7)
    assert [r["price"] for r in doc["bids"]] == [format(contract.price(p), "f") for p, _ in bids]
    assert len(doc["asks"]) == 7
    [sent] = [r for r in shared_sim.requests if r.path == "/openApi/swap/v2/quote/depth"][-1:]
    assert "limit=10" in sent.raw_query.split("&")
