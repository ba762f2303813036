"""`demo`: what a trader does, on the embedded simulator (no keys, no internet): the market and its book, an
order placed and filled, the position and its PnL, a live stream for a few seconds, a chart, the balances."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import typer

from tradewire.app.output import Out, Table
from tradewire.app.session import Session
from tradewire.cli.account import ACCOUNT_CHOICES, balance_table, overview_table, position_table
from tradewire.cli.chartout import ChartOpt, HtmlOpt, html_target, on_screen, width, write_html
from tradewire.cli.common import session
from tradewire.cli.market import PRICE_COLS, book_tables, candle_table, ticker_table
from tradewire.cli.order import order_table

if TYPE_CHECKING:
    from rich.text import Text

SYMBOL = "BTC/USDT"
QUANTITY = Decimal("0.01")
STREAM_S = 2.0  # float ok: seconds of the live book
STREAM_UPDATES = 8
STREAM_DEPTH = 5
CANDLES = 60


def demo(ctx: typer.Context, chart: ChartOpt = False, html: HtmlOpt = None) -> None:
    """A trader's first minute on the simulator: book, order, position, live trades, chart, balances (no keys,
    no internet)."""
    import asyncio

    from tradewire.cli import charts
    from tradewire.cli.stream import View, market_feed, pump
    from tradewire.unified import OrderRequest

    outer = session(ctx)
    html = html_target(html)
    s = Session(replace(outer.opts, env="sim", venue="bingx", base_url=None), {}, find_running=False)
    ctx.call_on_close(s.close)
    ex, out = s.exchange(), s.out
    drawn: list[Text] = []

    tour = Tour(out)
    tour.step("The market: last prices and the BTC/USDT order book.")
    book = ex.order_book(SYMBOL, 10)
    tour.show(ticker_table(ex.tickers(), PRICE_COLS, "prices"), *book_tables(book))
    drawn.append(charts.depth(book, width(s)))
    _draw(s, drawn[-1], chart)

    tour.step(f"A trade: buy {QUANTITY} BTC at market on the perpetual (long); its average price and fee are read "
              "back from the fills.")
    placed = ex.place_order(OrderRequest(symbol=SYMBOL, side="buy", type="MARKET", amount=QUANTITY, market="swap",
                                         position_side="LONG"))
    filled = ex.fetch_order(SYMBOL, "swap", placed.id)
    tour.show(order_table([filled], "Order filled", single=True))

    tour.step("The position and its unrealized PnL at the mark price.")
    tour.show(position_table(ex.positions(SYMBOL)))

    if out.for_people:
        tour.step(f"Live: the BTC/USDT order book as the websocket pushes it, for {STREAM_S:g} seconds.")
        view = View("book", f"bingx {SYMBOL} order book (live)", s.opts.utc, width(s))
        asyncio.run(pump(s, market_feed(ex, "book", SYMBOL, STREAM_DEPTH), view, STREAM_UPDATES, STREAM_S))

    tour.step(f"A chart: the last {CANDLES} one-minute candles.")
    candles = ex.ohlcv(SYMBOL, "1m", None, CANDLES, None)
    drawn.append(charts.candles(f"{SYMBOL} 1m", candles, width(s)))
    _draw(s, drawn[-1], chart)
    if not out.for_people:
        tour.show(candle_table(SYMBOL, "1m", candles))

    tour.step("The balances after the trade.")
    client = s.bingx()
    tour.show(*(balance_table(a, ex.balances(a)) for a in ACCOUNT_CHOICES if a != "all"),
              overview_table([(r.account_type, r.usdt_balance) for r in client.account_balances()]))
    tour.end()
    if html is not None:
        write_html(html, drawn, "tradewire demo")
        out.info(f"Charts written to {html}")
    out.info("Next: `tradewire --env sim --help`, `tradewire --env sim portfolio`, `tradewire --env sim watch BTC "
             "ETH`; with BINGX_API_KEY/BINGX_SECRET_KEY set, --env vst trades BingX's simulated funds.")


class Tour:
    """The numbered steps: headings and tables for people; with `--json` one document, the list of the steps
    (`{"step", "title", "data"}`) printed at the end."""

    def __init__(self, out: Out) -> None:
        self.out = out
        self.steps: list[dict[str, Any]] = []

    def step(self, title: str) -> None:
        """Start the next step."""
        self.steps.append({"step": len(self.steps) + 1, "title": title, "data": None})
        self.out.info(f"{len(self.steps)}. {title}")

    def show(self, *tables: Table) -> None:
        """The current step's tables."""
        if self.out.fmt == "json":
            self.steps[-1]["data"] = self.out.document(*tables)
        else:
            self.out.show(*tables)

    def end(self) -> None:
        """Print the JSON document (nothing for tables and CSV: they were printed as they came)."""
        if self.out.fmt == "json":
            self.out.flush_notices()
            sys.stdout.write(json.dumps(self.steps, indent=2) + "\n")
            sys.stdout.flush()


def _draw(s: Session, text: Text, chart: bool) -> None:
    if on_screen(s, chart):
        s.out.console.print(text)


def register(app: typer.Typer) -> None:
    """Add `demo`."""
    app.command()(demo)
