"""`stream book|trades|ticker|klines|account`: live data as a continuously updated table, or JSON lines.

Every update becomes one table refresh (or one JSON line with `--json`); every reconnect and book
resync becomes a visible line (a `{"type": "notice", ...}` JSON line), never silent. `--count`,
`--seconds` or Ctrl-C stop it (exit 0).
"""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tradewire.app.errors import USAGE, CliError
from tradewire.app.output import dec, human_time
from tradewire.app.session import Session
from tradewire.cli.common import DataMarketOpt, data_exchange, market_name, market_symbol, session
from tradewire.cli.common import seconds as check_seconds

if TYPE_CHECKING:
    from tradewire.unified import Exchange

KEEP = 20  # rows kept in the trades, candles and account tables
KLINE_INTERVALS = ("1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d", "3d", "1w", "1M")

stream_app = typer.Typer(help="Live market and account data (Ctrl-C to stop).", no_args_is_help=True)
SymbolArg = Annotated[str, typer.Argument(help="e.g. BTC-USDT, BTC/USDT or BTCUSDT")]
CountOpt = Annotated[int | None, typer.Option("--count", "-n", help="stop after N updates")]
SecondsOpt = Annotated[float | None, typer.Option("--seconds", help="stop after S seconds")]  # float ok: seconds


@dataclass(frozen=True)
class Notice:
    """Something that happened to the stream itself (reconnect, resync, listen key renewed)."""

    event: str
    detail: str


Update = dict[str, Any]  # one update, JSON-ready: Decimals as exact strings, times as UTC ms
Feed = AsyncGenerator[Update | Notice, None]


def _levels(levels: list[tuple[Decimal, Decimal]]) -> list[list[str]]:
    return [[dec(p), dec(q)] for p, q in levels]


# --- feeds: streams turned into updates and notices --------------------------------------------


async def market_feed(ex: Exchange, kind: str, symbol: str, depth: int, interval: str = "1m") -> Feed:
    """Book, trades, candles or ticker of either venue and market type, through the unified interface."""
    from tradewire.unified import Candle, OrderBook, Trade, symbols
    from tradewire.unified.types import StreamNotice

    source: Any
    if kind == "book":
        source = ex.watch_order_book(symbol, depth)
    elif kind == "trades":
        source = ex.watch_trades(symbol)
    elif kind == "klines":
        source = ex.watch_ohlcv(symbol, interval)
    else:
        source = ex.watch_ticker(symbol)
    try:
        async for ev in source:
            if isinstance(ev, StreamNotice):
                yield Notice(ev.event, ev.detail)
            elif isinstance(ev, OrderBook):
                yield {"type": "book", "symbol": ev.symbol, "time": ev.time, "bids": _levels(ev.bids),
                       "asks": _levels(ev.asks)}
            elif isinstance(ev, Trade):
                yield {"type": "trade", "symbol": ev.symbol, "id": ev.id or None, "time": ev.time, "side": ev.side,
                       "price": dec(ev.price), "amount": dec(ev.amount)}
            elif isinstance(ev, Candle):
                yield {"type": "kline", "symbol": symbols.unified(symbol), "interval": interval, "time": ev.time,
                       "open": dec(ev.open), "high": dec(ev.high), "low": dec(ev.low), "close": dec(ev.close),
                       "volume": dec(ev.volume)}
            else:
                yield {"type": "ticker", "symbol": ev.symbol, "time": ev.time, "last": dec(ev.last),
                       "change": dec(ev.change), "open": dec(ev.open), "high": dec(ev.high), "low": dec(ev.low),
                       "volume": dec(ev.volume), "quote_volume": dec(ev.quote_volume)}
    finally:
        await source.aclose()


async def binance_account(s: Session) -> Feed:
    """Binance spot user data stream (`tradewire.binance.streams.UserStream`)."""
    from tradewire.binance import streams as bs
    from tradewire.binance.aclient import AsyncBinance
    from tradewire.core.codec import to_builtins
    from tradewire.unified import symbols

    ex = s.exchange()
    key, secret = s.keys_pair()
    client = AsyncBinance(key, secret, env=ex.env, base_url=s.rest_url,  # type: ignore[arg-type]
                          ws_url=s.ws_url())
    events: Any = None
    try:
        events = aiter(bs.UserStream(client))
        async for ev in events:
            if isinstance(ev, bs.Reconnected):
                yield Notice("reconnected", ev.reason)
            elif isinstance(ev, bs.ExecutionReport):
                yield {"type": "order", "time": ev.E, "symbol": symbols.unified(ev.s), "order_id": str(ev.i),
                       "client_id": ev.c, "side": ev.S.lower(), "order_type": ev.o, "status": ev.X,
                       "price": dec(ev.p), "amount": dec(ev.q), "filled": dec(ev.z)}
            elif isinstance(ev, bs.AccountPosition):
                yield {"type": "balances", "time": ev.E,
                       "balances": [{"asset": b.a, "free": dec(b.f), "locked": dec(b.l)} for b in ev.B]}
            elif isinstance(ev, bs.BalanceUpdate):
                yield {"type": "balance_change", "time": ev.E, "asset": ev.a, "change": dec(ev.d)}
            elif isinstance(ev, bs.Ev):
                yield {"type": type(ev).__name__, "data": to_builtins(ev)}
    finally:
        if events is not None:
            await events.aclose()
        await client.close()


async def bingx_account(s: Session) -> Feed:
    """BingX perpetual account events (`tradewire.bingx.streams`), the listen key managed."""
    from tradewire.bingx.aclient import AsyncBingX
    from tradewire.bingx.streams import SWAP_MARKET_URL, BingXStreams
    from tradewire.core.codec import to_builtins
    from tradewire.core.ws import StreamEvent

    ex = s.exchange()
    key, secret = s.keys_pair()
    client = AsyncBingX(key, secret, env=ex.env, base_url=s.rest_url)  # type: ignore[arg-type]
    streams = BingXStreams(s.ws_url() or SWAP_MARKET_URL, listen_keys=client)
    try:
        async for ev in streams.account():
            if isinstance(ev, StreamEvent):
                yield Notice(type(ev).__name__.lower(), str(ev))
            else:
                yield {"type": type(ev).__name__, "data": to_builtins(ev)}
    finally:
        await streams.close()
        await client.close()


class View:
    """Keeps what the table shows and renders it."""

    def __init__(self, kind: str, title: str, utc: bool) -> None:
        self.kind, self.title, self.utc = kind, title, utc
        self.last: Update | None = None
        self.rows: deque[Update] = deque(maxlen=KEEP)

    def apply(self, update: Update) -> None:
        """Take one update."""
        self.last = update
        self.rows.appendleft(update)

    def render(self) -> Any:
        """The current rich table."""
        from rich.table import Table

        table = Table(title=self.title, title_justify="left")
        if self.last is None:
            table.add_column("waiting for the first update...")
            return table
        if self.kind == "book":
            for name in ("Bid amount", "Bid", "Ask", "Ask amount"):
                table.add_column(name, justify="right")
            bids, asks = self.last["bids"], self.last["asks"]
            for i in range(max(len(bids), len(asks))):
                b = bids[i] if i < len(bids) else ["", ""]
                a = asks[i] if i < len(asks) else ["", ""]
                table.add_row(b[1], b[0], a[0], a[1])
        elif self.kind == "ticker":
            table.add_column("Field", style="bold")
            table.add_column("Value", justify="right")
            for k in ("last", "change", "open", "high", "low", "volume", "quote_volume"):
                table.add_row(k.replace("_", " ").capitalize(), self.last.get(k) or "-")
            if self.last.get("time"):
                table.add_row("Time", human_time(self.last["time"], self.utc))
        elif self.kind == "klines":
            for name in ("Open time", "Open", "High", "Low", "Close", "Volume"):
                table.add_column(name, justify="left" if name == "Open time" else "right")
            seen: set[int] = set()
            for r in self.rows:  # the newest state of each candle, newest candle first
                if r["time"] not in seen:
                    seen.add(r["time"])
                    table.add_row(human_time(r["time"], self.utc), r["open"], r["high"], r["low"], r["close"],
                                  r["volume"])
        elif self.kind == "trades":
            for name, just in (("Time", "left"), ("Side", "left"), ("Price", "right"), ("Amount", "right"),
                               ("Id", "left")):
                table.add_column(name, justify=just)  # type: ignore[arg-type]
            for r in self.rows:
                table.add_row(human_time(r["time"], self.utc), r["side"] or "-", r["price"], r["amount"],
                              r["id"] or "-")
        else:
            table.add_column("Event")
            table.add_column("Detail", overflow="fold")
            for r in self.rows:
                table.add_row(r["type"], json.dumps({k: v for k, v in r.items() if k != "type"}))
        return table


async def pump(s: Session, feed: Feed, view: View, count: int | None, seconds: float | None) -> int:  # float ok
    """Show updates until `count` or `seconds`; returns how many were shown."""
    import asyncio

    shown = 0

    def notice(n: Notice, say: Callable[[str], None]) -> None:
        if s.out.for_people:
            say(f"[bold yellow]{n.event}[/]: {n.detail}")
        else:
            _line({"type": "notice", "event": n.event, "detail": n.detail})

    async def consume(live: Any) -> None:
        nonlocal shown
        async for item in feed:
            if isinstance(item, Notice):
                notice(item, live.console.print if live else s.out.err.print)
                continue
            shown += 1
            if live is None:
                _line(item)
            else:
                view.apply(item)
                live.update(view.render(), refresh=True)
            if count is not None and shown >= count:
                return

    limit = asyncio.timeout(seconds)
    try:
        async with limit:
            if s.out.for_people:
                from rich.live import Live

                with Live(view.render(), console=s.out.console, auto_refresh=False, transient=False) as live:
                    await consume(live)
            else:
                await consume(None)
    except TimeoutError:
        if not limit.expired():  # a timeout from inside the stream is an error, not the end of --seconds
            raise
    finally:
        await feed.aclose()
    return shown


def _line(doc: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(doc) + "\n")
    sys.stdout.flush()


def run(ctx: typer.Context, kind: str, symbol: str | None, count: int | None, seconds: float | None,  # float ok
        depth: int = 10, market: str | None = None, interval: str = "1m") -> None:
    """Open the venue's stream of `kind` and show it."""
    import asyncio

    from tradewire.unified import symbols

    s = session(ctx)
    if s.out.fmt == "csv":
        raise CliError("streams print tables or --json lines, not CSV", USAGE)
    if count is not None and count < 1:
        raise CliError(f"--count: must be at least 1 (got {count})", USAGE)
    if not 1 <= depth <= 100:
        raise CliError(f"--depth: must be 1 to 100 (got {depth})", USAGE)
    check_seconds(seconds)
    if kind == "klines" and interval not in KLINE_INTERVALS:
        raise CliError(f"--interval: must be one of {', '.join(KLINE_INTERVALS)} (got {interval!r})", USAGE)
    sym = market_symbol(symbol) if symbol else ""
    where = None if market is None else market_name(market)
    ex = s.exchange() if kind == "account" else data_exchange(s, where)
    if kind == "account":
        s.require_keys()
    if kind == "account":
        feed = binance_account(s) if ex.venue == "binance" else bingx_account(s)
    else:
        feed = market_feed(ex, kind, sym, depth, interval)
    what = {"book": "order book", "trades": "trades", "ticker": "24h ticker", "klines": f"{interval} candles",
            "account": "account events"}[kind]
    place = "" if kind == "account" else f" ({ex.data_market})"
    view = View(kind, f"{ex.venue} {symbols.unified(sym) if sym else ''} {what}".replace("  ", " ") + place,
                s.opts.utc)
    try:
        shown = asyncio.run(pump(s, feed, view, count, seconds))
    except KeyboardInterrupt:
        s.out.info("stopped")
        return
    if not s.out.for_people:
        s.out.err.print(f"{shown} updates")


@stream_app.command("book")
def book(ctx: typer.Context, symbol: SymbolArg, count: CountOpt = None, seconds: SecondsOpt = None,
         depth: Annotated[int, typer.Option(help="levels shown per side")] = 10, market: DataMarketOpt = None) -> None:
    """The order book, kept locally from diff updates (resyncs are shown)."""
    run(ctx, "book", symbol, count, seconds, depth, market)


@stream_app.command("trades")
def trades(ctx: typer.Context, symbol: SymbolArg, count: CountOpt = None, seconds: SecondsOpt = None,
           market: DataMarketOpt = None) -> None:
    """Every public trade, newest on top (Binance USD-M futures: aggregate trades)."""
    run(ctx, "trades", symbol, count, seconds, market=market)


@stream_app.command("ticker")
def ticker(ctx: typer.Context, symbol: SymbolArg, count: CountOpt = None, seconds: SecondsOpt = None,
           market: DataMarketOpt = None) -> None:
    """The 24 h ticker as it changes (not for Binance USD-M futures here)."""
    run(ctx, "ticker", symbol, count, seconds, market=market)


@stream_app.command("klines")
def klines(ctx: typer.Context, symbol: SymbolArg, count: CountOpt = None, seconds: SecondsOpt = None,
           interval: Annotated[str, typer.Option("--interval", "-i", help=" ".join(KLINE_INTERVALS))] = "1m",
           market: DataMarketOpt = None) -> None:
    """The current candle as it changes, one update per change."""
    run(ctx, "klines", symbol, count, seconds, market=market, interval=interval)


@stream_app.command("account")
def account(ctx: typer.Context, count: CountOpt = None, seconds: SecondsOpt = None) -> None:
    """Your account events: orders, fills, balances (listen key managed)."""
    run(ctx, "account", None, count, seconds)


def register(app: typer.Typer) -> None:
    """Add the `stream` group."""
    app.add_typer(stream_app, name="stream")
