"""`tradewire record`, `query` and `book-at` through the CLI on the simulator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tradewire.cli.app import app
from tradewire.record.book_at import book_at
from tradewire.record.query import connect
from tradewire.sim import Simulator


def _cli(sim: Simulator, tmp: Path, *args: str) -> Result:
    env = {"BINGX_API_KEY": None, "BINGX_SECRET_KEY": None, "TRADEWIRE_BASE_URL": sim.bingx_url,
           "TRADEWIRE_CONFIG": str(tmp / "absent.toml"), "TRADEWIRE_SIM_DIR": str(tmp / "sim-state"), "TZ": "UTC"}
    return CliRunner().invoke(app, ["--env", "sim", *args], env=env)


@pytest.fixture
def recorded(sim: Simulator, tmp_path: Path) -> Path:
    sim.clock.speed = 20
    out = tmp_path / "data"
    result = _cli(sim, tmp_path, "record", "--symbols", "BTC-USDT", "--channels", "depth,trades", "--out", str(out),
                  "--flush", "500ms", "--count", "40", "--seconds", "120")
    assert result.exit_code == 0, result.output
    assert f"files under {out} (0 gaps, 0 dropped)" in result.output.replace("\n", "")
    return out


def test_query_json_and_csv(sim: Simulator, recorded: Path, tmp_path: Path) -> None:
    result = _cli(sim, tmp_path, "--json", "query", "SELECT kind, count(*) AS n FROM depth GROUP BY kind "
                  "ORDER BY kind", "--data", str(recorded))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0] == {"kind": "snapshot", "n": 1} and rows[1]["kind"] == "update" and rows[1]["n"] > 0
    result = _cli(sim, tmp_path, "--csv", "query", "SELECT bids[1].price AS p FROM depth WHERE kind = 'snapshot'",
                  "--data", str(recorded))
    con = connect(recorded)
    price = con.execute("SELECT bids[1].price FROM depth WHERE kind = 'snapshot'").fetchone()[0]
    con.close()
    assert result.exit_code == 0 and result.stdout.splitlines() == ["p", format(price.normalize(), "f")]


def test_query_refuses_a_missing_dataset_and_bad_sql(sim: Simulator, tmp_path: Path, recorded: Path) -> None:
    result = _cli(sim, tmp_path, "query", "SELECT 1", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "no dataset at" in result.output
    result = _cli(sim, tmp_path, "query", "SELECT nope FROM depth", "--data", str(recorded))
    assert result.exit_code == 2 and "query failed" in result.output


def test_book_at_now_and_before_any_snapshot(sim: Simulator, recorded: Path, tmp_path: Path) -> None:
    con = connect(recorded)
    last_ts = con.execute("SELECT max(ts_local) FROM depth").fetchone()[0]
    first_ts = con.execute("SELECT min(ts_local) FROM depth").fetchone()[0]
    con.close()
    at = dt.datetime.fromtimestamp(last_ts // 1_000_000_000 + 1, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = _cli(sim, tmp_path, "--json", "book-at", "BTC-USDT", at, "--data", str(recorded), "--depth", "3")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    bids, asks = book_at(recorded, "bingx", "BTC-USDT", last_ts).book.top(3)
    assert rows == [{"bid_qty": format(bq.normalize(), "f"), "bid": format(bp.normalize(), "f"),
                     "ask": format(ap.normalize(), "f"), "ask_qty": format(aq.normalize(), "f")}
                    for (bp, bq), (ap, aq) in zip(bids, asks, strict=True)]
    before = dt.datetime.fromtimestamp(first_ts // 1_000_000_000 - 5, tz=dt.UTC).isoformat()
    result = _cli(sim, tmp_path, "book-at", "BTC-USDT", before, "--data", str(recorded))
    assert result.exit_code == 2 and "no depth snapshot of bingx BTC-USDT" in result.output


def test_missing_extra_names_it(sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "duckdb" else real(name, *a))
    result = _cli(sim, tmp_path, "query", "SELECT 1", "--data", str(tmp_path))
    assert result.exit_code == 2
    assert "duckdb not installed: install the 'record' extra: pip install 'tradewire[record]'" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("--roll", "7m"), "--roll: must divide a day (got 7m)"),
    (("--flush", "5x"), "--flush: not a duration: '5x' (e.g. 500ms, 5s, 15m, 1h)"),
    (("--channels", "trades,book"), "--channels: each must be one of trades, depth, ticker, mark"),
    (("--market", "margin"), "--market: must be spot or swap (futures)"),
])
def test_record_refuses_bad_options_before_connecting(sim: Simulator, tmp_path: Path, args: tuple[str, ...],
                                                      message: str) -> None:
    out = tmp_path / "data"
    result = _cli(sim, tmp_path, "record", "--symbols", "BTC-USDT", "--out", str(out), *args)
    assert result.exit_code == 2 and message in result.output.replace("\n", "")
    assert not out.exists()
