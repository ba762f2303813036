"""Market data (no credentials needed): price, ticker, book, trades, klines, funding, contracts, time."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer

from tradewire.app.errors import USAGE, CliError
from tradewire.app.output import Col, Table, dec
from tradewire.app.timespec import parse_time
from tradewire.cli.chartout import ChartOpt, HtmlOpt, emit, html_target, on_screen, width
from tradewire.cli.common import DataMarketOpt, data_exchange, market_symbol, renamed, session
from tradewire.core.clock import Clock

if TYPE_CHECKING:
    from tradewire.unified import Candle, Exchange, OrderBook, Ticker, Trade

SPARK_HOURS = 24
SPARK_ROWS = 20  # markets the all-markets table shows with sparklines on a terminal, unless --limit
MAX_SPARK_ROWS = 200
SymbolArg = Annotated[str, typer.Argument(help="e.g. BTC-USDT, BTC/USDT, BTCUSDT or BTC")]
OptSymbolArg = Annotated[str | None, typer.Argument(help="e.g. BTC-USDT; every market when omitted")]

PRICE_COLS = (Col("symbol", "Symbol"), Col("last", "Last", "dec"), Col("time", "Time", "time"))
TICKER_COLS = (Col("symbol", "Symbol"), Col("last", "Last", "dec"), Col("bid", "Bid", "dec"), Col("ask", "Ask", "dec"),
               Col("change_percent", "24h %", "dec"), Col("high", "High", "dec"), Col("low", "Low", "dec"),
               Col("volume", "Volume", "dec"), Col("quote_volume", "Quote volume", "dec"))
LEVEL_COLS = (Col("price", "Price", "dec"), Col("amount", "Amount", "dec"))
TRADE_COLS = (Col("time", "Time", "time"), Col("side", "Side"), Col("price", "Price", "dec"),
              Col("amount", "Amount", "dec"), Col("id", "Id"))
CANDLE_COLS = (Col("time", "Open time", "time"), Col("open", "Open", "dec"), Col("high", "High", "dec"),
               Col("low", "Low", "dec"), Col("close", "Close", "dec"), Col("volume", "Volume", "dec"))
FUNDING_COLS = (Col("symbol", "Symbol"), Col("mark_price", "Mark price", "dec"),
                Col("index_price", "Index price", "dec"), Col("rate", "Funding rate", "dec"),
                Col("percent", "Funding %", "pct"), Col("next", "Next funding", "time"))
FUNDING_HISTORY_COLS = (Col("time", "Time", "time"), Col("symbol", "Symbol"), Col("rate", "Funding rate", "dec"),
                        Col("percent", "Funding %", "pct"))
CONTRACT_COLS = (Col("symbol", "Symbol"), Col("tick", "Tick", "dec"), Col("step", "Step", "dec"),
                 Col("min_qty", "Min qty", "dec"), Col("min_usdt", "Min USDT", "dec"),
                 Col("max_leverage", "Max leverage", "int"), Col("taker", "Taker %", "pct"),
                 Col("maker", "Maker %", "pct"), Col("status", "Status", "int"))


def ticker_table(rows: list[Ticker], cols: tuple[Col, ...] = TICKER_COLS, name: str = "tickers") -> Table:
    """Tickers by symbol."""
    return Table(name, "24h tickers" if cols is TICKER_COLS else "Last prices", cols,
                 [{c.key: getattr(t, c.key) for c in cols} for t in sorted(rows, key=lambda t: t.symbol)])


def book_tables(book: OrderBook) -> tuple[Table, Table]:
    """Bids and asks, best first."""
    def side(name: str, levels: list[tuple[Decimal, Decimal]]) -> Table:
        return Table(name, f"{book.symbol} {name}", LEVEL_COLS, [{"price": p, "amount": a} for p, a in levels])

    return side("bids", book.bids), side("asks", book.asks)


def trade_table(rows: list[Trade]) -> Table:
    """Trades, newest first."""
    return Table("trades", f"Recent trades {rows[0].symbol if rows else ''}".strip(), TRADE_COLS,
                 [{c.key: getattr(t, c.key) for c in TRADE_COLS} for t in reversed(rows)], empty="no trades")


def candle_table(symbol: str, interval: str, rows: list[Candle]) -> Table:
    """Candles, oldest first."""
    return Table("klines", f"{symbol} {interval} candles", CANDLE_COLS,
                 [{c.key: getattr(k, c.key) for c in CANDLE_COLS} for k in rows], empty="no candles")


@renamed()
def price(ctx: typer.Context, symbol: OptSymbolArg = None, market: DataMarketOpt = None) -> None:
    """Last price of one market, or of all."""
    s = session(ctx)
    ex = data_exchange(s, market)
    rows = [ex.ticker(market_symbol(symbol))] if symbol else ex.tickers()
    s.out.show(ticker_table(rows, PRICE_COLS, "prices"))


@renamed()
def ticker(ctx: typer.Context, symbol: OptSymbolArg = None, market: DataMarketOpt = None, chart: ChartOpt = False,
           html: HtmlOpt = None,
           limit: Annotated[int | None, typer.Option(help=f"every market: the N most traded (by quote volume; "
                                                     f"1-{MAX_SPARK_ROWS}); on a terminal {SPARK_ROWS} by default, "
                                                     "each with a 24 h sparkline (one klines call per market)")]
           = None) -> None:
    """24 h ticker of one market, or of all; on a terminal, the last 24 hours as sparklines."""
    s = session(ctx)
    if html is not None and symbol is None:
        raise CliError("--html draws one market's sparkline: give a SYMBOL", USAGE)
    if limit is not None and (symbol is not None or not 1 <= limit <= MAX_SPARK_ROWS):
        raise CliError(f"--limit: 1 to {MAX_SPARK_ROWS} markets, without a SYMBOL (got {limit})", USAGE)
    html = html_target(html)
    ex = data_exchange(s, market)
    rows = [ex.ticker(market_symbol(symbol))] if symbol else ex.tickers()
    if symbol is None and (limit is not None or on_screen(s, chart)):
        if limit is None and len(rows) > SPARK_ROWS:
            s.out.notice(f"Showing the {SPARK_ROWS} most traded markets of {len(rows)} (use --limit).")
        rows = most_traded(rows, limit or SPARK_ROWS)
    if symbol is None and on_screen(s, chart):
        s.out.show(_with_sparklines(ex, ticker_table(rows)))
        return
    s.out.show(ticker_table(rows))
    if symbol and (on_screen(s, chart) or html):
        from rich.text import Text

        from tradewire.cli import charts

        hours = ex.ohlcv(rows[0].symbol, "1h", None, SPARK_HOURS, None)
        line = Text(f"{rows[0].symbol} last {len(hours)} h  ", style="bold").append(
            charts.sparkline([k.close for k in hours]), style=charts.UP if rows[0].change_percent is None
            or rows[0].change_percent >= 0 else charts.DOWN).append(f"  {dec(rows[0].last)}")
        emit(s, [line], chart, html, f"{rows[0].symbol} ticker")


def most_traded(rows: list[Ticker], n: int) -> list[Ticker]:
    """The `n` tickers with the largest 24 h quote volume (a ticker without one last)."""
    return sorted(rows, key=lambda t: (t.quote_volume is None, -(t.quote_volume or 0), t.symbol))[:n]


def _with_sparklines(ex: Exchange, table: Table) -> Table:
    """`table` with a column of each market's last 24 hourly closes (one klines call per row)."""
    from tradewire.cli import charts

    for row in table.rows:
        row["spark"] = charts.sparkline([k.close for k in ex.ohlcv(row["symbol"], "1h", None, SPARK_HOURS, None)])
    table.cols = (*table.cols, Col("spark", f"Last {SPARK_HOURS} h"))
    return table


@renamed(limit="--depth")
def book(ctx: typer.Context, symbol: SymbolArg,
         depth: Annotated[int, typer.Option(help="levels per side: any N from 1 to 1000, fetched at the venue's "
                                                 "next book size (5, 10, 20, 50, 100, 500, 1000) and trimmed; "
                                                 "Binance spot up to 5000")] = 20,
         market: DataMarketOpt = None, chart: ChartOpt = False, html: HtmlOpt = None) -> None:
    """Order book (bids and asks, best first); a depth chart with spread, mid and cumulative size on a terminal."""
    s = session(ctx)
    html = html_target(html)
    ob = data_exchange(s, market).order_book(market_symbol(symbol), depth)
    bids, asks = book_tables(ob)
    if s.out.for_people:
        side_by_side = Table("book", f"{ob.symbol} order book", (
            Col("bid_amount", "Bid amount", "dec"), Col("bid", "Bid", "dec"), Col("ask", "Ask", "dec"),
            Col("ask_amount", "Ask amount", "dec")))
        for i in range(max(len(ob.bids), len(ob.asks))):
            b = ob.bids[i] if i < len(ob.bids) else (None, None)
            a = ob.asks[i] if i < len(ob.asks) else (None, None)
            side_by_side.rows.append({"bid": b[0], "bid_amount": b[1], "ask": a[0], "ask_amount": a[1]})
        s.out.show(side_by_side)
    else:
        s.out.show(bids, asks)
    if on_screen(s, chart) or html:
        from tradewire.cli import charts

        emit(s, [charts.depth(ob, width(s))], chart, html, f"{ob.symbol} order book")


@renamed()
def trades(ctx: typer.Context, symbol: SymbolArg,
           limit: Annotated[int, typer.Option(help="how many (1-1000)")] = 50,
           market: DataMarketOpt = None) -> None:
    """Recent public trades."""
    s = session(ctx)
    s.out.show(trade_table(data_exchange(s, market).trades(market_symbol(symbol), limit)))


@renamed()
def klines(ctx: typer.Context, symbol: SymbolArg,
           interval: Annotated[str, typer.Option("--interval", "-i", help="1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h "
                                                 "1d 3d 1w 1M")] = "1h",
           limit: Annotated[int | None, typer.Option(help="how many candles (default 100, max 1440)")] = None,
           since: Annotated[str | None, typer.Option(help="start: 7d, 2024-05-01, Unix ms")] = None,
           until: Annotated[str | None, typer.Option(help="end")] = None,
           market: DataMarketOpt = None, chart: ChartOpt = False, html: HtmlOpt = None) -> None:
    """Candles (OHLCV); the 100 most recent unless told otherwise; candles with volume on a terminal."""
    s = session(ctx)
    html = html_target(html)
    ex = data_exchange(s, market)
    now = Clock.local_ms()
    start = parse_time(since, "--since", now, s.opts.utc) if since else None
    end = parse_time(until, "--until", now, s.opts.utc) if until else None
    if start is not None and end is not None and end < start:
        raise CliError("--until must not be before --since", USAGE)
    if limit is None:
        limit = 100
        if start is None:
            s.out.notice("Showing the 100 most recent candles (use --limit or --since for others).")
    sym = market_symbol(symbol)
    rows = ex.ohlcv(sym, interval, start, limit, end)
    s.out.show(candle_table(sym, interval, rows))
    if on_screen(s, chart) or html:
        from tradewire.cli import charts

        emit(s, [charts.candles(f"{sym} {interval}", rows, width(s))], chart, html, f"{sym} {interval} candles")


@renamed()
def funding(ctx: typer.Context, symbol: OptSymbolArg = None,
            history: Annotated[bool, typer.Option("--history", help="past funding rates of SYMBOL")] = False,
            limit: Annotated[int, typer.Option(help="history rows (1-1000)")] = 20) -> None:
    """Mark price and funding rate now (or the funding history of one symbol)."""
    from tradewire.unified import symbols

    s = session(ctx)
    client = s.bingx()
    if history:
        if symbol is None:
            raise typer.BadParameter("--history needs a SYMBOL", param_hint="SYMBOL")
        hist = sorted(client.funding_rates(symbols.bingx(symbol), limit=limit), key=lambda r: r.funding_time,
                      reverse=True)
        s.out.show(Table("funding", f"{symbols.unified(symbol)} funding history", FUNDING_HISTORY_COLS,
                         [{"time": r.funding_time, "symbol": symbols.unified(r.symbol), "rate": r.funding_rate,
                           "percent": r.funding_rate} for r in hist], empty="no funding history"))
        return
    rows = [client.premium_index(symbols.bingx(symbol))] if symbol else client.premium_indexes()
    s.out.show(Table("funding", "Funding", FUNDING_COLS, [
        {"symbol": symbols.unified(p.symbol), "mark_price": p.mark_price, "index_price": p.index_price,
         "rate": p.last_funding_rate, "percent": p.last_funding_rate, "next": p.next_funding_time}
        for p in sorted(rows, key=lambda p: p.symbol)]))


@renamed()
def contracts(ctx: typer.Context, symbol: OptSymbolArg = None) -> None:
    """Perpetual contracts: precisions, minimums, leverage and fees."""
    from tradewire.unified import symbols

    s = session(ctx)
    rows = s.bingx().contracts(symbols.bingx(symbol) if symbol else None)
    s.out.show(Table("contracts", "Perpetual contracts", CONTRACT_COLS, [
        {"symbol": symbols.unified(c.symbol), "tick": c.tick_size, "step": c.step_size,
         "min_qty": c.trade_min_quantity, "min_usdt": c.trade_min_usdt, "max_leverage": c.max_long_leverage,
         "taker": c.taker_fee_rate, "maker": c.maker_fee_rate, "status": c.status}
        for c in sorted(rows, key=lambda c: c.symbol)]))


def time_(ctx: typer.Context) -> None:
    """The exchange's clock and how far this machine's clock is from it."""
    s = session(ctx)
    ex = s.exchange()
    sent = Clock.local_ms()
    server = ex.server_time()
    received = Clock.local_ms()
    local = (sent + received) // 2
    s.out.show(Table("time", "Clock", (Col("server", "Server time", "time"), Col("local", "Local time", "time"),
                                       Col("offset_ms", "Server - local (ms)", "int"),
                                       Col("round_trip_ms", "Round trip (ms)", "int")),
                     [{"server": server, "local": local, "offset_ms": server - local,
                       "round_trip_ms": received - sent}], single=True))


def register(app: typer.Typer) -> None:
    """Add the market-data commands."""
    for command in (price, ticker, book, trades, klines, funding, contracts):
        app.command()(command)
    app.command("time")(time_)
