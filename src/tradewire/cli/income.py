"""`income` (fund flow, paged over any range within 3 months) and `income export` (the exchange's xlsx)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tradewire.app.errors import EXCHANGE, USAGE, CliError
from tradewire.app.income import DEFAULT_DAYS, KEEP_MONTHS, PAGE, binance_kind, income_type, walk, walk_pages
from tradewire.app.output import Col, Table, dec, human_time
from tradewire.app.session import Session
from tradewire.app.timespec import DAY_MS, months_ago, parse_time
from tradewire.cli.chartout import ChartOpt, HtmlOpt, emit, html_target, on_screen, width
from tradewire.cli.common import output_file, renamed, session
from tradewire.core.clock import Clock

if TYPE_CHECKING:
    from rich.text import Text

    from tradewire.binance.futures_models import Income as FuturesIncome
    from tradewire.bingx.models import Income
    from tradewire.unified import Balance

    Row = Income | FuturesIncome

INCOME_COLS = (Col("time", "Time", "time"), Col("type", "Type"), Col("symbol", "Symbol"),
               Col("amount", "Amount", "dec"), Col("asset", "Asset"), Col("info", "Info"), Col("tran_id", "Tran id"))

income_app = typer.Typer(help="Fund flow: PnL, funding fees, trading fees, transfers... (BingX perpetuals; "
                              "Binance USD-M futures)")


def time_range(s: Session, since: str | None, until: str | None) -> tuple[int, int]:
    """`[start, end]` in ms: default the last 7 days (said so); never more than 3 months back."""
    now = Clock.local_ms()
    end = parse_time(until, "--until", now, s.opts.utc) if until else now
    if since:
        start = parse_time(since, "--since", now, s.opts.utc)
    else:
        start = end - DEFAULT_DAYS * DAY_MS
        if until is None:
            s.out.notice(f"No time range given: showing the last {DEFAULT_DAYS} days "
                         f"(use --since/--until; only the last {KEEP_MONTHS} months are kept).")
    oldest = months_ago(now, KEEP_MONTHS)
    if start < oldest:
        raise CliError(f"only the last {KEEP_MONTHS} months of income are available: --since must be after "
                       f"{human_time(oldest, s.opts.utc)}", USAGE)
    if end < start:
        raise CliError("--until must not be before --since", USAGE)
    return start, end


def income_rows(rows: Sequence[Row]) -> Table:
    """Income newest first."""
    from tradewire.unified import symbols

    rows = sorted(rows, key=lambda r: r.time, reverse=True)
    return Table("income", "Income", INCOME_COLS,
                 [{"time": r.time, "type": r.income_type, "symbol": symbols.unified(r.symbol) if r.symbol else None,
                   "amount": r.income, "asset": r.asset, "info": r.info,
                   "tran_id": str(r.tran_id)} for r in rows], empty="no income in this range")


TypeOpt = Annotated[str | None, typer.Option("--type", "-t", help="pnl, funding, commission, liquidation, adl, "
                                             "transfer, or an incomeType; all when omitted")]
SymbolOpt = Annotated[str | None, typer.Option("--symbol", "-s", help="e.g. BTC-USDT; all when omitted")]
SinceOpt = Annotated[str | None, typer.Option(help="start: 7d, 12h, 2024-05-01, Unix ms (default: 7 days ago)")]
UntilOpt = Annotated[str | None, typer.Option(help="end (default: now)")]


def income_charts(rows: Sequence[Row], balance: Decimal | None, cols: int) -> list[Text]:
    """Cumulative income over time, the equity it implies (today's `balance` less what came in since) and the
    total of each income type."""
    from rich.text import Text

    from tradewire.cli import charts

    ordered = sorted(rows, key=lambda r: r.time)
    running, points = Decimal(0), []
    for r in ordered:
        running += r.income
        points.append((r.time, running))
    out = [charts.curve(f"Income, cumulative (net {dec(running)})", points, cols)]
    if balance is not None:
        out.append(charts.curve(f"Equity (balance {dec(balance)} now, less the income since)",
                                [(t, balance - running + v) for t, v in points], cols, from_zero=False))
    totals: dict[str, tuple[int, Decimal]] = {}
    for r in ordered:
        n, total = totals.get(r.income_type, (0, Decimal(0)))
        totals[r.income_type] = (n + 1, total + r.income)
    summary = Text("Totals by type\n", style="bold")
    for kind, (n, total) in sorted(totals.items()):
        summary.append(f"  {kind:<20} {n:>6} rows  ").append(dec(total), style=charts.UP if total >= 0 else
                                                                      charts.DOWN).append("\n")
    out.append(summary.append(f"  {'net':<20} {len(ordered):>6} rows  {dec(running)}", style="bold"))
    return out


def _usdt(balances: Sequence[Balance]) -> Decimal | None:
    return next((b.total for b in balances if b.asset == "USDT"), None)


@income_app.callback(invoke_without_command=True)
@renamed(symbol="--symbol")
def income(ctx: typer.Context, type_: TypeOpt = None, symbol: SymbolOpt = None, since: SinceOpt = None,
           until: UntilOpt = None, chart: ChartOpt = False, html: HtmlOpt = None) -> None:
    """Income history (default: last 7 days, all types, all symbols); pages through any number of rows; on a
    terminal, income and equity curves with totals by type."""
    from tradewire.unified import symbols

    if ctx.invoked_subcommand is not None:
        return
    s = session(ctx)
    html = html_target(html)
    kind = income_type(type_)
    s.require_keys()
    start, end = time_range(s, since, until)
    if s.exchange().venue == "binance":  # USD-M futures income (`/fapi/v1/income`)
        futures, wire = s.exchange().client, binance_kind(kind)
        sym = symbols.binance(symbol) if symbol else None
        pages = walk_pages(lambda lo, hi: futures.futures_income(sym, wire, lo, hi, limit=PAGE), start, end)
        rows: Sequence[Row] = [r for page in pages for r in page]
    else:
        rows = [r for page in walk(s.bingx(), symbols.bingx(symbol) if symbol else None, kind, start, end)
                for r in page]
    s.out.show(income_rows(rows))
    if on_screen(s, chart) or html:
        balance = _usdt(s.exchange().on("swap").balances("swap")) if kind is None and symbol is None else None
        emit(s, income_charts(rows, balance, width(s)), chart, html, "Income")


@income_app.command("export")
@renamed(symbol="--symbol")
def export(ctx: typer.Context,
           out: Annotated[Path | None, typer.Option("--out", "-o", help="the .xlsx file to write")] = None,
           type_: TypeOpt = None, symbol: SymbolOpt = None, since: SinceOpt = None, until: UntilOpt = None) -> None:
    """Download income as the exchange's Excel file (.xlsx)."""
    from tradewire.unified import symbols

    s = session(ctx)
    kind = income_type(type_)
    if out is not None:
        if out.suffix.lower() != ".xlsx":  # the exchange sends an Excel workbook, nothing else
            raise CliError(f"--out: the export is an Excel file: give a name ending in .xlsx (got {out})", USAGE)
        output_file(out)
    s.require_keys()
    start, end = time_range(s, since, until)
    path = output_file(out or Path(f"income-{start}-{end}.xlsx"))
    data = s.bingx().export_income(symbols.bingx(symbol) if symbol else None, kind, start, end)
    try:
        path.write_bytes(data)
    except OSError as e:
        raise CliError(f"--out: writing {path} failed ({e.strerror or e})", EXCHANGE) from None
    s.out.show(Table("export", "Income export", (Col("path", "File"), Col("bytes", "Bytes", "int")),
                     [{"path": str(path), "bytes": len(data)}], single=True))


def register(app: typer.Typer) -> None:
    """Add `income` and `income export`."""
    app.add_typer(income_app, name="income")
