"""`download klines|trades|income`: long histories to CSV, JSON or Parquet, paged within the rate limits, with a
progress bar."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tradewire.app.errors import EXCHANGE, USAGE, CliError
from tradewire.app.income import income_type, walk
from tradewire.app.output import Col, Table, plain
from tradewire.app.session import Session
from tradewire.app.timespec import UNITS_MS, parse_time
from tradewire.cli.common import market_symbol, output_file, renamed, session
from tradewire.cli.income import SinceOpt, SymbolOpt, TypeOpt, UntilOpt, time_range
from tradewire.cli.tabular import can_write, is_json, is_parquet, write_csv, write_json, write_parquet
from tradewire.core.clock import Clock

if TYPE_CHECKING:
    from tradewire.unified import Exchange, Trade

KLINE_PAGE = 1000
KLINE_FIELDS = ("time", "open", "high", "low", "close", "volume")
TRADE_FIELDS = ("id", "time", "side", "price", "amount")
INCOME_FIELDS = ("time", "type", "symbol", "amount", "asset", "info", "tran_id")
INTERVAL_MS = {"M": 31 * UNITS_MS["d"], **UNITS_MS}

download_app = typer.Typer(help="Long histories to CSV, JSON or Parquet files.")
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="file to write: .csv, .json, or .parquet (needs pyarrow)")]


def interval_ms(interval: str) -> int:
    """Length of a candle interval (`1M` counted as 31 days, for progress only)."""
    try:
        return int(interval[:-1]) * INTERVAL_MS[interval[-1]]
    except (KeyError, ValueError):
        raise CliError(f"--interval: {interval!r} is not an interval like 1m, 1h, 1d", USAGE) from None


def candles(ex: Exchange, symbol: str, interval: str, start: int, end: int) -> Iterator[list[Any]]:
    """Pages of candles from `start` to `end`, oldest first."""
    while start <= end:
        batch = [c for c in ex.ohlcv(symbol, interval, since=start, limit=KLINE_PAGE, until=end) if c.time >= start]
        if not batch:
            return
        yield batch
        start = batch[-1].time + 1


def trade_pages(ex: Exchange, symbol: str, first: int, last: int) -> Iterator[list[Trade]]:
    """Public trades with `first <= id <= last`, page by page, oldest first."""
    nxt = first
    while nxt <= last:
        page = [t for t in ex.trades_from(symbol, nxt, ex.trades_page) if t.id and nxt <= int(t.id) <= last]
        if not page:
            return
        yield page
        nxt = int(page[-1].id or last) + 1


def write_rows(path: Path, fields: tuple[str, ...], decimals: frozenset[str], pages: Iterable[list[dict[str, Any]]],
               total: int, what: str) -> int:
    """Write pages to `path` (CSV, JSON or Parquet by its suffix) with a progress bar on stderr; returns the
    row count."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=total or None)
        seen = [0]

        def advance(n: int) -> None:
            seen[0] += n
            bar.update(task, advance=n, total=max(total, seen[0]))

        try:
            if is_parquet(path):
                return write_parquet(path, fields, decimals, pages, advance)
            if is_json(path):
                return write_json(path, fields, pages, advance)
            return write_csv(path, fields, pages, advance)
        except OSError as e:
            raise CliError(f"--out: writing {path} failed ({e.strerror or e})", EXCHANGE) from None


def target(path: Path) -> Path:
    """The output file, checked before anything is sent (a directory, a missing folder, no pyarrow)."""
    return can_write(output_file(path, "--out"))


def _done(s: Session, path: Path, rows: int) -> None:
    s.out.show(Table("download", "Download", (Col("path", "File"), Col("rows", "Rows", "int")),
                     [{"path": str(path), "rows": rows}], single=True))


@download_app.command("klines")
@renamed()
def download_klines(
    ctx: typer.Context,
    symbol: Annotated[str, typer.Argument(help="e.g. BTC-USDT")],
    out: OutOpt,
    since: Annotated[str, typer.Option(help="start: 30d, 2024-05-01, Unix ms")],
    interval: Annotated[str, typer.Option("--interval", "-i", help="1m ... 1M")] = "1h",
    until: Annotated[str | None, typer.Option(help="end (default: now)")] = None,
) -> None:
    """Candles over any range, to CSV, JSON or Parquet."""
    s = session(ctx)
    now = Clock.local_ms()
    start = parse_time(since, "--since", now, s.opts.utc)
    end = parse_time(until, "--until", now, s.opts.utc) if until else now
    if end < start:
        raise CliError("--until must not be before --since", USAGE)
    step = interval_ms(interval)
    sym = market_symbol(symbol)
    target(out)
    pages = ([{k: plain(getattr(c, k), "int" if k == "time" else "dec") for k in KLINE_FIELDS} for c in page]
             for page in candles(s.exchange(), sym, interval, start, end))
    _done(s, out, write_rows(out, KLINE_FIELDS, frozenset(KLINE_FIELDS[1:]), pages, max(0, (end - start) // step),
                             f"{sym} {interval}"))


@download_app.command("trades")
@renamed()
def download_trades(
    ctx: typer.Context,
    symbol: Annotated[str, typer.Argument(help="e.g. BTC-USDT")],
    out: OutOpt,
    count: Annotated[int, typer.Option(help="the last COUNT trades")] = 1000,
    from_id: Annotated[int | None, typer.Option(help="every trade from this id up to now (instead of --count)")]
    = None,
) -> None:
    """Public trades (perpetual on BingX, spot on Binance), oldest first, to CSV, JSON or Parquet."""
    s = session(ctx)
    if count < 1 or (from_id is not None and from_id < 0):
        raise CliError("--count must be at least 1 and --from-id not negative", USAGE)
    target(out)
    ex = s.exchange()
    sym = market_symbol(symbol)
    if ex.venue == "binance":
        s.require_keys()  # historicalTrades needs an API key
    latest = ex.trades_from(sym, None, 1)  # BingX's recent trades carry no id live; historical ones do
    last = int(latest[-1].id or -1) if latest else -1
    first = from_id if from_id is not None else max(0, last - count + 1)
    pages = ([{"id": t.id, "time": t.time, "side": t.side, "price": format(t.price, "f"),
               "amount": format(t.amount, "f")} for t in page] for page in trade_pages(ex, sym, first, last))
    _done(s, out, write_rows(out, TRADE_FIELDS, frozenset({"price", "amount"}), pages, max(0, last - first + 1),
                             f"{sym} trades"))


@download_app.command("income")
@renamed(symbol="--symbol")
def download_income(ctx: typer.Context, out: OutOpt, type_: TypeOpt = None, symbol: SymbolOpt = None,
                    since: SinceOpt = None, until: UntilOpt = None) -> None:
    """Income over any range within the last 3 months, to CSV, JSON or Parquet."""
    from tradewire.unified import symbols

    s = session(ctx)
    kind = income_type(type_)
    target(out)
    s.require_keys()
    start, end = time_range(s, since, until)
    rows = walk(s.bingx(), symbols.bingx(symbol) if symbol else None, kind, start, end)
    pages = ([{"time": r.time, "type": r.income_type, "symbol": r.symbol, "amount": format(r.income, "f"),
               "asset": r.asset, "info": r.info, "tran_id": str(r.tran_id)} for r in page] for page in rows)
    _done(s, out, write_rows(out, INCOME_FIELDS, frozenset({"amount"}), pages, 0, "income"))


def register(app: typer.Typer) -> None:
    """Add the `download` group."""
    app.add_typer(download_app, name="download")
