"""`income` (fund flow, paged over any range within 3 months) and `income export` (the exchange's xlsx)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tradewire.app.errors import EXCHANGE, USAGE, CliError
from tradewire.app.income import DEFAULT_DAYS, KEEP_MONTHS, PAGE, binance_kind, income_type, walk, walk_pages
from tradewire.app.output import Col, Table, human_time
from tradewire.app.session import Session
from tradewire.app.timespec import DAY_MS, months_ago, parse_time
from tradewire.cli.common import output_file, renamed, session
from tradewire.core.clock import Clock

if TYPE_CHECKING:
    from tradewire.binance.futures_models import Income as FuturesIncome
    from tradewire.bingx.models import Income

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


@income_app.callback(invoke_without_command=True)
@renamed(symbol="--symbol")
def income(ctx: typer.Context, type_: TypeOpt = None, symbol: SymbolOpt = None, since: SinceOpt = None,
           until: UntilOpt = None) -> None:
    """Income history (default: last 7 days, all types, all symbols); pages through any number of rows."""
    from tradewire.unified import symbols

    if ctx.invoked_subcommand is not None:
        return
    s = session(ctx)
    kind = income_type(type_)
    s.require_keys()
    start, end = time_range(s, since, until)
    if s.exchange().venue == "binance":  # USD-M futures income (`/fapi/v1/income`)
        futures, wire = s.exchange().client, binance_kind(kind)
        sym = symbols.binance(symbol) if symbol else None
        pages = walk_pages(lambda lo, hi: futures.futures_income(sym, wire, lo, hi, limit=PAGE), start, end)
        s.out.show(income_rows([r for page in pages for r in page]))
        return
    client = s.bingx()
    rows = [r for page in walk(client, symbols.bingx(symbol) if symbol else None, kind, start, end) for r in page]
    s.out.show(income_rows(rows))


@income_app.command("export")
@renamed(symbol="--symbol")
def export(ctx: typer.Context, out: Annotated[Path | None, typer.Option("--out", "-o", help="file to write")] = None,
           type_: TypeOpt = None, symbol: SymbolOpt = None, since: SinceOpt = None, until: UntilOpt = None) -> None:
    """Download income as the exchange's Excel file (.xlsx)."""
    from tradewire.unified import symbols

    s = session(ctx)
    kind = income_type(type_)
    if out is not None:
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
