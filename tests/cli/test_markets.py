"""`--market spot|swap` on the market-data commands and streams: BingX spot and swap, Binance spot and USD-M
futures, through the unified layer (`Exchange.on`)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator
from tradewire.sim.bingx.books import swap_book
from tradewire.sim.bingx.spot_view import spot_book, spot_market

BOUND_S = "60"  # --seconds: only bounds a hang; every stream here ends on its --count


def _lines(result: Any) -> list[dict[str, Any]]:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_bingx_spot_market_data_is_the_spot_markets(run: Run, shared_sim: Simulator) -> None:
    speed, shared_sim.clock.speed = shared_sim.clock.speed, 0  # the tapes stand still while the test compares
    try:
        now = shared_sim.clock.now_ms()
        _, spot_bids, spot_asks = spot_book(shared_sim.state, "BTC-USDT", now, 2)
        book = ok_json(run("--json", "book", "BTC-USDT", "--depth", "2", "--market", "spot"))
        assert book["bids"] == [{"price": f"{p:f}", "amount": f"{q:f}"} for p, q in spot_bids]
        assert book["asks"] == [{"price": f"{p:f}", "amount": f"{q:f}"} for p, q in spot_asks]
        swap = ok_json(run("--json", "book", "BTC-USDT", "--depth", "5"))  # the default stays the perpetual
        bids, _ = swap_book(shared_sim.state, "BTC-USDT", now, 5)
        contract = shared_sim.state.market.contracts["BTC-USDT"]
        assert [r["price"] for r in swap["bids"]] == [format(contract.price(p), "f") for p, _ in bids]
        [spot] = ok_json(run("--json", "price", "BTC", "--market", "spot"))
        [perp] = ok_json(run("--json", "price", "BTC", "-m", "swap"))
        last = spot_market(shared_sim.state).last_price("BTC-USDT", now)
        assert spot["last"] == f"{last:f}" and len(spot["last"].split(".")[1]) == 2  # spot prices have 2 places
        assert perp["last"] == format(shared_sim.state.market.last_price("BTC-USDT", now), "f")  # swap 1
        trades = ok_json(run("--json", "trades", "BTC", "--limit", "3", "--market", "spot"))
        assert len(trades) == 3 and all(len(t["amount"].split(".")[1]) == 5 for t in trades)
        candles = ok_json(run("--json", "klines", "BTC", "--limit", "2", "--market", "spot"))
        assert len(candles) == 2 and candles[-1]["close"] == f"{last:f}"
    finally:
        shared_sim.clock.speed = speed


def test_binance_futures_market_data(run_binance: Run, fresh_sim: Simulator) -> None:
    ex = fresh_sim.binance.exchange
    now = ex.clock.now_ms()
    [price] = ok_json(run_binance("--json", "price", "BTCUSDT", "--market", "swap"))
    assert (price["symbol"], price["last"]) == ("BTC/USDT", "65000.00")  # the tape's last print
    _, bids, asks = ex.futures.engine.depth("BTCUSDT", 5)  # the book the futures fill on
    book = ok_json(run_binance("--json", "book", "BTCUSDT", "--depth", "5", "--market", "futures"))
    assert book["bids"][:2] == [{"price": f"{p:.2f}", "amount": f"{q:.3f}"} for p, q in bids[:2]]
    assert book["asks"][0] == {"price": f"{asks[0][0]:.2f}", "amount": f"{asks[0][1]:.3f}"}
    day = ex.tapes.window("BTCUSDT", now - 86_400_000 + 1, now)
    [ticker] = ok_json(run_binance("--json", "ticker", "BTC", "--market", "swap"))
    assert (ticker["bid"], ticker["ask"], ticker["volume"]) == (
        f"{bids[0][0]:.2f}", f"{asks[0][0]:.2f}", f"{day.volume:.3f}")
    last = ex.tapes.trades("BTCUSDT", now, 1)[-1]
    trade = ok_json(run_binance("--json", "trades", "BTC/USDT", "--market", "swap"))[0]  # newest first
    assert (trade["id"], trade["price"], trade["amount"], trade["side"]) == (
        str(last.id), "65000.00", f"{last.qty:.3f}", "sell" if last.buyer_maker else "buy")
    candle = ok_json(run_binance("--json", "klines", "BTC/USDT", "--limit", "5", "--market", "swap"))[-1]
    hour = ex.tapes.kline("BTCUSDT", "1h", now - now % 3_600_000, now).stats  # the CLI's default interval
    assert (candle["close"], candle["volume"]) == ("65000.00", f"{hour.volume:.3f}")
    [spot] = ok_json(run_binance("--json", "price", "BTCUSDT"))  # Binance's default stays spot
    assert spot["last"] == "65000.00000000"


@pytest.mark.parametrize("args", [("price", "BTC", "--market", "margin"), ("book", "BTC", "-m", "options"),
                                  ("stream", "trades", "BTC", "--market", "coinm"),
                                  ("stream", "klines", "BTC", "--interval", "7m")])
def test_bad_market_is_one_line_naming_the_rule(run: Run, shared_sim: Simulator, args: tuple[str, ...]) -> None:
    sent = len(shared_sim.requests)
    result = run(*args)
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert ("--market: must be spot or swap" in line) or ("--interval: must be one of 1m, 3m" in line)
    assert len(shared_sim.requests) == sent


def test_bingx_spot_streams(run_fresh: Run, fresh_sim: Simulator) -> None:
    fresh_sim.clock.speed = 50  # a simulated trade every 10 s becomes one every 0.2 s
    trades = _lines(run_fresh("--json", "stream", "trades", "BTC-USDT", "--market", "spot", "--count", "2",
                              "--seconds", BOUND_S))
    assert [t["type"] for t in trades] == ["trade", "trade"]
    assert all(len(t["price"].split(".")[1]) == 2 and t["side"] in ("buy", "sell") for t in trades)  # spot ticks
    candles = _lines(run_fresh("--json", "stream", "klines", "BTC-USDT", "--market", "spot", "--count", "2",
                               "--seconds", BOUND_S))
    assert [c["type"] for c in candles] == ["kline", "kline"] and candles[0]["interval"] == "1m"
    assert all(Decimal(c["low"]) <= Decimal(c["close"]) <= Decimal(c["high"]) for c in candles)
    assert candles[0]["time"] % 60_000 == 0  # the candle's open time


def test_binance_futures_streams(run_binance: Run, fresh_sim: Simulator) -> None:
    fresh_sim.clock.speed = 50  # the tape prints a trade every 10 simulated seconds: one every 0.2 s
    got = _lines(run_binance("--json", "stream", "trades", "BTCUSDT", "--market", "swap", "--count", "2",
                             "--seconds", BOUND_S))
    assert [t["type"] for t in got] == ["trade", "trade"]
    rest = {t["id"]: t for t in ok_json(run_binance("--json", "trades", "BTCUSDT", "--market", "swap",
                                                    "--limit", "1000"))}
    for t in got:  # aggregate ids of one-fill trades are the trade ids: the same price and amount over REST
        assert (rest[t["id"]]["price"], rest[t["id"]]["amount"]) == (t["price"], t["amount"])
    book = [b for b in _lines(run_binance("--json", "stream", "book", "BTCUSDT", "--market", "swap", "--count", "1",
                                          "--depth", "3", "--seconds", BOUND_S)) if b["type"] == "book"]
    assert len(book[0]["bids"]) == 3 and Decimal(book[0]["bids"][0][0]) < Decimal(book[0]["asks"][0][0])
    ticker = run_binance("--json", "stream", "ticker", "BTCUSDT", "--market", "swap", "--count", "1")
    assert ticker.exit_code == 2 and "ticker stream is not available" in ticker.stderr
