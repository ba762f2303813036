"""income: friendly types, the 7-day default, the 3-month limit, paging past 1000 rows, xlsx export."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl

from tests.cli.cli_helpers import Run, ok_json
from tradewire.sim import Simulator
from tradewire.sim.bingx.accounts import IncomeRow

DAY = 86_400_000


def _sim_rows(sim: Simulator, since_ms: int, kind: str | None = None) -> list[IncomeRow]:
    uid = sim.users[0].uid
    return [r for r in sim.state.book.income.get(uid, [])
            if r.time >= since_ms and (kind is None or r.income_type == kind)]


def test_default_is_last_7_days_and_says_so(run: Run, shared_sim: Simulator) -> None:
    result = run("--json", "income")
    doc = ok_json(result)
    assert "last 7 days" in result.stderr
    expected = _sim_rows(shared_sim, shared_sim.clock.now_ms() - 7 * DAY)
    assert len(doc) == len(expected) > 0
    assert {(r["tran_id"], r["amount"]) for r in doc} == {(r.tran_id, format(r.income, "f")) for r in expected}
    assert [r["time"] for r in doc] == sorted((r["time"] for r in doc), reverse=True)


def test_friendly_type_words(run: Run, shared_sim: Simulator) -> None:
    funding = ok_json(run("--json", "income", "--type", "funding fee", "--since", "30d"))
    assert funding and {r["type"] for r in funding} == {"FUNDING_FEE"}
    assert len(funding) == len(_sim_rows(shared_sim, shared_sim.clock.now_ms() - 30 * DAY, "FUNDING_FEE"))
    fees = ok_json(run("--json", "income", "-t", "commission", "--since", "30d", "--symbol", "btc"))
    assert {(r["type"], r["symbol"]) for r in fees} <= {("TRADING_FEE", "BTC/USDT")}
    bad = run("income", "--type", "bonus")
    assert bad.exit_code == 2 and "--type" in bad.stderr


def test_more_than_three_months_is_refused(run: Run) -> None:
    result = run("income", "--since", "100d")
    assert result.exit_code == 2 and "3 months" in result.stderr


def test_paging_walks_past_1000_rows(run_fresh: Run, fresh_sim: Simulator) -> None:
    uid = fresh_sim.users[0].uid
    start = fresh_sim.clock.now_ms() - 2 * DAY
    for i in range(2500):  # 2500 rows, many sharing a millisecond
        fresh_sim.state.book.add_income(uid, IncomeRow("BTC-USDT", "TRIAL_FUND", Decimal("0.0001") * (i + 1), "USDT",
                                                       "trial", start + i // 3 * 1000, f"T{i}", ""))
    doc = ok_json(run_fresh("--json", "income", "--type", "trial fund", "--since", "3d"))
    assert len(doc) == 2500
    assert len({r["tran_id"] for r in doc}) == 2500
    assert sum(Decimal(r["amount"]) for r in doc) == Decimal("0.0001") * 2500 * 2501 / 2


def test_export_writes_the_exchange_xlsx(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "income.xlsx"
    doc = ok_json(run("--json", "income", "export", "--since", "30d", "--type", "funding", "-o", str(out)))
    assert doc == {"path": str(out), "bytes": out.stat().st_size}
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    funding = ok_json(run("--json", "income", "--since", "30d", "--type", "funding"))
    assert len(rows) - 1 == len(funding)  # a header row, then one row per record


def test_export_refuses_a_name_not_ending_in_xlsx(run: Run, shared_sim: Simulator, tmp_path: Path) -> None:
    sent = len(shared_sim.requests)
    for name in ("income.csv", "income.json", "income"):
        result = run("income", "export", "-o", str(tmp_path / name))
        assert result.exit_code == 2, (name, result.stderr)
        assert "--out: the export is an Excel file: give a name ending in .xlsx" in result.stderr
        assert not (tmp_path / name).exists()
    assert len(shared_sim.requests) == sent
    upper = tmp_path / "INCOME.XLSX"
    assert run("--json", "income", "export", "--since", "1d", "-o", str(upper)).exit_code == 0 and upper.exists()
