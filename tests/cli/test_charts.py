"""Charts: drawn for people (on a terminal or with --chart), exported with --html, never in --json/--csv."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli.cli_helpers import Run, ok_json
from tradewire.cli import charts, market
from tradewire.sim import Simulator
from tradewire.unified import Candle, OrderBook


def test_level_and_sparkline_scale_exactly() -> None:
    assert [charts.level(Decimal(v), Decimal(0), Decimal(7), 8) for v in (0, 3, "3.5", 7)] == [0, 3, 4, 7]
    assert charts.level(Decimal(5), Decimal(5), Decimal(5), 8) == 3  # an empty range sits in the middle
    assert charts.sparkline([Decimal(v) for v in (1, 2, 3, 4, 5, 6, 7, 8)]) == "▁▂▃▄▅▆▇█"
    assert charts.sparkline([]) == ""


def test_depth_shows_spread_mid_and_cumulative_size() -> None:
    book = OrderBook(venue="bingx", symbol="BTC/USDT", bids=[(Decimal("99.5"), Decimal("1")),
                                                             (Decimal("99"), Decimal("2.5"))],
                     asks=[(Decimal("100.5"), Decimal("0.5")), (Decimal("101"), Decimal("3"))])
    text = charts.depth(book, 60).plain.splitlines()
    assert text[0] == "BTC/USDT depth"
    assert text[1:3] == ["  101 3.5 " + "█" * 48, "100.5 0.5 ██████▉"]  # asks, highest first; 60 - 12 columns
    assert text[3] == "      spread 1.0 (100.00 bps)  mid 100"
    assert text[4:6] == [" 99.5   1 █████████████▊", "   99 3.5 " + "█" * 48]
    assert text[-1] == "bids 3.5 over 2 levels, asks 3.5 over 2 levels"


def test_candles_draw_bodies_wicks_and_volume() -> None:
    rows = [Candle(time=0, open=Decimal(10), high=Decimal(12), low=Decimal(9), close=Decimal(11), volume=Decimal(2)),
            Candle(time=60_000, open=Decimal(11), high=Decimal(11), low=Decimal(8), close=Decimal(9),
                   volume=Decimal(4))]
    lines = charts.candles("T 1m", rows, 40, height=5, volume_rows=2).plain.splitlines()
    assert lines[1:6] == ["12┤│ ", "  │┃┃", "  │┃┃", "  ││┃", " 8┤ │"]  # up 10->11 green, down 11->9 red
    assert lines[6:8] == [" 4┤ █", "  │██"]
    assert lines[-1] == "2 candles  open 10  last 9  high 12  low 8  change -10.00%  volume 6"


def test_curve_fills_from_zero() -> None:
    text = charts.curve("c", [(0, Decimal(2)), (10, Decimal(-2))], 6, height=3).plain.splitlines()
    assert text[1:4] == [" 2┤█ ", " 0┤██", "-2┤ █"]
    assert text[4] == "start 2  end -2  high 2  low -2"


def test_json_and_csv_never_carry_a_chart(run: Run) -> None:
    for args in (("klines", "BTC", "--limit", "5"), ("book", "BTC", "--depth", "5"), ("ticker", "BTC")):
        plain = run("--json", *args)
        charted = run("--json", *args, "--chart")
        assert plain.stdout == charted.stdout and ok_json(plain)
        assert "█" not in run("--csv", *args, "--chart").stdout


def test_chart_on_request_and_html_export(run: Run, tmp_path: Path) -> None:
    piped = run("klines", "BTC", "-i", "1m", "--limit", "20")
    assert piped.exit_code == 0 and "candles  open" not in piped.stdout  # not a terminal: the table only
    drawn = run("klines", "BTC", "-i", "1m", "--limit", "20", "--chart")
    assert "20 candles  open" in drawn.stdout and "┃" in drawn.stdout
    assert "spread" in run("book", "BTC", "--depth", "5", "--chart").stdout
    page = tmp_path / "book.html"
    result = run("--json", "book", "BTC", "--depth", "5", "--html", str(page))
    doc = ok_json(result)
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>") and "spread" in html and f"{doc['bids'][0]['price']}" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html  # nothing fetched on view
    assert "Chart written" in result.stderr
    bad = run("book", "BTC", "--html", str(tmp_path / "missing" / "x.html"))
    assert bad.exit_code == 2 and "--html" in bad.stderr


def test_ticker_sparkline_and_income_curves(run: Run, tmp_path: Path) -> None:
    line = run("ticker", "BTC", "--chart")
    assert line.exit_code == 0 and "BTC/USDT last 24 h" in line.stdout
    every = run("ticker", "--html", str(tmp_path / "t.html"))
    assert every.exit_code == 2 and "give a SYMBOL" in every.stderr and not (tmp_path / "t.html").exists()
    income = run("income", "--chart", env={"BINGX_API_KEY": "k", "BINGX_SECRET_KEY": "s"})
    assert income.exit_code == 0, income.stderr
    assert "Income, cumulative" in income.stdout and "Totals by type" in income.stdout
    assert "Equity (balance" in income.stdout


def test_charts_cost_nothing_at_start_up() -> None:
    from tests.cli.test_startup import loaded_after

    modules = loaded_after("import tradewire.cli.app")
    assert "tradewire.cli.charts" not in modules and "rich.text" not in modules  # loaded when a chart is drawn


def test_every_ticker_with_sparklines_bounded_by_limit(run: Run, shared_sim: Simulator,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    every = ok_json(run("--json", "ticker"))
    assert ok_json(run("--json", "ticker", "--chart")) == every  # JSON never carries the sparklines
    top = sorted(every, key=lambda t: -Decimal(t["quote_volume"]))[:2]
    assert ok_json(run("--json", "ticker", "--limit", "2")) == sorted(top, key=lambda t: t["symbol"])
    before = len(shared_sim.requests)
    drawn = run("ticker", "--chart", "--limit", "3")
    assert drawn.exit_code == 0 and "Last 24 h" in drawn.stdout
    klines = [r for r in shared_sim.requests[before:] if "kline" in r.path]
    assert len(klines) == 3  # one klines call per shown market
    rows = [line for line in drawn.stdout.splitlines() if "/USDT" in line]
    assert len(rows) == 3 and all(any(c in line for c in charts.SPARKS) for line in rows)
    monkeypatch.setattr(market, "SPARK_ROWS", 2)  # the simulator lists 4 markets: the default bound, lowered
    bounded = run("ticker", "--chart")
    assert f"Showing the 2 most traded markets of {len(every)} (use --limit)" in bounded.stdout
    assert [line.split()[1] for line in bounded.stdout.splitlines() if "/USDT" in line] == [
        t["symbol"] for t in sorted(top, key=lambda t: t["symbol"])]
    for bad in (("ticker", "BTC", "--limit", "2"), ("ticker", "--limit", "0"), ("ticker", "--limit", "201")):
        result = run(*bad)
        assert result.exit_code == 2 and "--limit: 1 to 200 markets, without a SYMBOL" in result.stderr
