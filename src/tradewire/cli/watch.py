"""`watch BTC ETH SOL`: a live watch list across both venues (last price, 24 h change, a sparkline), polled
every --every seconds; a refreshing table on a terminal, a line per quote otherwise (JSON lines with --json)."""

from __future__ import annotations

import json
import sys
import time
from collections import deque
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tradewire.app.errors import USAGE, CliError
from tradewire.app.output import dec
from tradewire.cli.common import DataMarketOpt, data_exchange, market_symbol, session
from tradewire.cli.common import seconds as check_seconds
from tradewire.cli.venues import session_for, venues_of
from tradewire.core.errors import TradewireError

if TYPE_CHECKING:
    from tradewire.unified import Exchange

SPARK = 24  # points kept per line: seeded with the last 24 hourly closes, then one per poll
MIN_EVERY = 0.5  # float ok: seconds between polls


class Line:
    """One symbol on one venue: its last quote and recent prices."""

    def __init__(self, venue: str, symbol: str, seed: list[Decimal]) -> None:
        self.venue, self.symbol = venue, symbol
        self.prices: deque[Decimal] = deque(seed, maxlen=SPARK)
        self.last: Decimal | None = None
        self.change: Decimal | None = None
        self.error: str | None = None

    def doc(self) -> dict[str, Any]:
        """The JSON line: exact strings, like every other command's JSON."""
        return {"type": "quote", "venue": self.venue, "symbol": self.symbol,
                "last": dec(self.last) if self.last is not None else None,
                "change_percent": dec(self.change) if self.change is not None else None, "error": self.error}

    def text(self) -> str:
        """One plain line."""
        from tradewire.cli import charts

        if self.error:
            return f"{self.symbol} {self.venue}: {self.error}"
        change = f"{self.change:+f}%" if self.change is not None else "-"
        return f"{self.symbol} {self.venue} last {dec(self.last)} 24h {change} {charts.sparkline(list(self.prices))}"


def watch(ctx: typer.Context,
          symbols: Annotated[list[str], typer.Argument(help="e.g. BTC ETH SOL (against USDT) or BTC-USDT")],
          seconds: Annotated[float | None, typer.Option("--seconds", help="stop after S seconds (default: "  # float ok
                                                        "Ctrl-C)")] = None,
          every: Annotated[float, typer.Option("--every", help="seconds between polls")] = 2.0,  # float ok
          venues: Annotated[str | None, typer.Option("--venues", help="bingx, binance or both (default)")] = None,
          market: DataMarketOpt = "spot") -> None:
    """A live watch list across venues: last price, 24 h change and a sparkline per symbol and venue."""
    s = session(ctx)
    if s.out.fmt == "csv":
        raise CliError("watch prints a table or --json lines, not CSV", USAGE)
    check_seconds(seconds)
    if not every >= MIN_EVERY:
        raise CliError(f"--every: at least {MIN_EVERY} seconds (got {every})", USAGE)
    syms = [market_symbol(x) for x in symbols]
    feeds: list[tuple[Exchange, Line]] = []
    for venue in venues_of(venues):
        ex = data_exchange(session_for(ctx, s, venue), market)
        for sym in syms:
            try:
                seed = [k.close for k in ex.ohlcv(sym, "1h", None, SPARK, None)]
            except TradewireError:
                seed = []
            feeds.append((ex, Line(venue, sym, seed)))
    deadline = None if seconds is None else time.monotonic() + seconds  # counted from the first poll
    live = _live(s) if s.out.for_people and s.out.console.is_terminal else None
    try:
        while True:
            for ex, line in feeds:
                _poll(ex, line)
                if live is None:
                    _print(s.out.for_people, line)
            if live is not None:
                live.update(_table([line for _, line in feeds], s.out.utc), refresh=True)
            if deadline is not None and time.monotonic() + every > deadline:
                break
            time.sleep(every)
    except KeyboardInterrupt:
        pass
    finally:
        if live is not None:
            live.stop()


def _poll(ex: Exchange, line: Line) -> None:
    try:
        t = ex.ticker(line.symbol)
    except TradewireError as e:
        line.error = str(e)
        return
    line.error = None
    line.last, line.change = t.last, t.change_percent
    line.prices.append(t.last)


def _print(people: bool, line: Line) -> None:
    sys.stdout.write((line.text() if people else json.dumps(line.doc())) + "\n")
    sys.stdout.flush()


def _live(s: Any) -> Any:
    from rich.live import Live

    live = Live(console=s.out.console, auto_refresh=False, transient=False)
    live.start()
    return live


def _table(lines: list[Line], utc: bool) -> Any:
    from rich.table import Table

    from tradewire.cli import charts

    table = Table(title=f"Watch list ({time.strftime('%H:%M:%S', time.gmtime() if utc else time.localtime())})",
                  title_justify="left")
    for name, just in (("Symbol", "left"), ("Venue", "left"), ("Last", "right"), ("24h %", "right"),
                       ("Last 24 points", "left")):
        table.add_column(name, justify=just)  # type: ignore[arg-type]
    for line in lines:
        colour = charts.UP if line.change is None or line.change >= 0 else charts.DOWN
        table.add_row(line.symbol, line.venue, dec(line.last) if line.last is not None else "-",
                      f"[{colour}]{line.change:+f}[/]" if line.change is not None else "-",
                      f"[{colour}]{charts.sparkline(list(line.prices))}[/]" if not line.error else line.error)
    return table


def register(app: typer.Typer) -> None:
    """Add `watch`."""
    app.command("watch")(watch)
