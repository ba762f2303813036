"""download klines|income: paged past one page, every row once, in order."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator

MINUTE = 60_000


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open() as f:
        return list(csv.DictReader(f))


def test_download_klines_pages_past_1000(run: Run, shared_sim: Simulator, tmp_path: Path) -> None:
    out = tmp_path / "k.csv"
    # two days back from the simulator's (frozen) clock: `--since 2d` counts from the wall clock, which runs on
    now = shared_sim.clock.now_ms()
    result = run("--json", "download", "klines", "BTC/USDT", "-i", "1m", "--since", str(now - 2 * 86_400_000),
                 "--until", str(now), "-o", str(out))
    rows = _rows(out)
    assert ok_json(result) == {"path": str(out), "rows": len(rows)}
    assert len(rows) >= 2 * 24 * 60 - 1 > 2 * 1000
    times = [int(r["time"]) for r in rows]
    assert all(b - a == MINUTE for a, b in itertools.pairwise(times))  # no gap, no duplicate
    last = ok_json(run("--json", "klines", "BTC", "-i", "1m", "--limit", "2"))
    assert rows[-1]["close"] == next(c["close"] for c in last if c["time"] == times[-1])


def test_download_income_matches_income(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "i.csv"
    ok_json(run("--json", "download", "income", "--since", "30d", "-o", str(out)))
    shown = ok_json(run("--json", "income", "--since", "30d"))
    assert sorted((r["tran_id"], r["amount"]) for r in _rows(out)) == sorted((r["tran_id"], r["amount"]) for r in shown)


def test_download_trades_pages_by_id(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    assert ok_json(run("--json", "download", "trades", "BTC/USDT", "--count", "250", "-o", str(out))) == \
        {"path": str(out), "rows": 250}  # 3 pages of at most 100
    rows = _rows(out)
    ids = [int(r["id"]) for r in rows]
    assert all(b - a == 1 for a, b in itertools.pairwise(ids))
    [newest] = ok_json(run("--json", "trades", "BTC/USDT", "--limit", "1"))
    assert {k: rows[-1][k] for k in ("id", "price", "amount", "side")} == \
        {k: newest[k] for k in ("id", "price", "amount", "side")}


def test_download_to_parquet_keeps_exact_decimals(run: Run, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    csv_out, pq_out = tmp_path / "k.csv", tmp_path / "k.parquet"
    for out in (csv_out, pq_out):
        run("--json", "download", "klines", "BTC/USDT", "-i", "1h", "--since", "3d", "-o", str(out))
    table = pq.read_table(pq_out)
    assert [str(t) for t in table.schema.types] == [
        "timestamp[ms, tz=UTC]", *["decimal128(38, 1)"] * 4, "decimal128(38, 4)"]
    rows = _rows(csv_out)
    assert table.num_rows == len(rows) > 60
    got = table.to_pylist()
    for mine, theirs in zip(got, rows, strict=True):
        assert int(mine["time"].timestamp() * 1000) == int(theirs["time"])
        assert [format(mine[k], "f") for k in ("open", "high", "low", "close", "volume")] == \
            [theirs[k] for k in ("open", "high", "low", "close", "volume")]


def test_download_to_json_is_the_same_rows_as_csv(run: Run, tmp_path: Path) -> None:
    as_csv, as_json = tmp_path / "t.csv", tmp_path / "t.json"
    for out in (as_csv, as_json):
        assert ok_json(run("--json", "download", "trades", "BTC/USDT", "--count", "120", "-o", str(out)))["rows"] == 120
    rows = json.loads(as_json.read_text())
    assert [{k: str(v) for k, v in r.items()} for r in rows] == _rows(as_csv)
    assert isinstance(rows[0]["time"], int) and isinstance(rows[0]["price"], str)  # exact, as `--json` prints


def test_download_refuses_an_unknown_suffix_before_sending(run: Run, tmp_path: Path) -> None:
    result = run("download", "trades", "BTC/USDT", "-o", str(tmp_path / "t.txt"))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == "error: --out: t.txt names no known format: end it in .csv, .json, .parquet\n"
    assert not (tmp_path / "t.txt").exists()
