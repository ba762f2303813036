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
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tradewire.app.errors import USAGE, CliError
from tradewire.app.output import dec, human_time
from tradewire.app.session import Session
from tradewire.cli.chartout import HtmlOpt, html_target, write_html
from tradewire.cli.common import DataMarketOpt, data_exchange, market_name, market_symbol, session
from tradewire.cli.common import seconds as check_seconds

if TYPE_CHECKING:
    from tradewire.unified import Candle, Exchange

KEEP = 20  # rows kept in the trades, candles and account tables
TABLE_CANDLES = 5  # klines: the newest candles in the table above the chart
CHART_CANDLES = 80  # klines: candles the live chart keeps
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
    from tradewire.bingx import ws_models as w
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
            elif isinstance(ev, w.ListenKeyExpired):
                yield Notice("listen_key_expired", "the listen key expired; a new one is being made")
            elif isinstance(ev, w.UnknownEvent):
                yield {"type": "unknown", "event": ev.event, "data": to_builtins(ev.raw)}
            else:
                yield bingx_event(ev)
    finally:
        await streams.close()
        await client.close()


def _set(value: Decimal | None) -> str | None:
    """A price or amount the venue sends as 0 when there is none (no fill yet, no trigger): None then."""
    return dec(value) if value else None


def bingx_event(ev: Any) -> Update:
    """A BingX perpetual account event in the shape of every other JSON answer: snake_case names, exact
    decimal strings, UTC ms, unified symbols (the wire's one-letter keys stay inside the library)."""
    from tradewire.bingx import ws_models as w
    from tradewire.unified import symbols

    if isinstance(ev, w.OrderTradeUpdate):
        o = ev.order
        return {"type": "fill" if o.execution_type == "TRADE" else "order", "time": ev.event_time,
                "symbol": symbols.unified(o.symbol), "order_id": str(o.order_id), "client_id": o.client_order_id,
                "side": o.side.lower(), "order_type": o.type, "position_side": o.position_side, "status": o.status,
                "price": dec(o.price), "stop_price": _set(o.stop_price), "amount": dec(o.quantity),
                "filled": dec(o.filled_quantity), "average": _set(o.average_price),
                "last_price": _set(o.last_filled_price), "last_amount": _set(o.last_filled_quantity),
                "fee": dec(o.fee), "fee_asset": o.fee_asset or None, "realized_pnl": dec(o.realized_pnl)}
    if isinstance(ev, w.AccountUpdate):
        return {"type": "balances", "time": ev.event_time, "reason": ev.account.reason,
                "balances": [{"asset": b.asset, "wallet": dec(b.wallet_balance), "change": dec(b.balance_change)}
                             for b in ev.account.balances],
                "positions": [{"symbol": symbols.unified(p.symbol), "position_side": p.position_side,
                               "amount": dec(p.position_amount), "entry_price": dec(p.entry_price),
                               "unrealized_pnl": dec(p.unrealized_pnl), "margin_mode": p.margin_type}
                              for p in ev.account.positions]}
    c = ev.config
    return {"type": "settings", "time": ev.event_time, "symbol": symbols.unified(c.symbol),
            "long_leverage": c.long_leverage, "short_leverage": c.short_leverage, "margin_mode": c.margin_type}


class View:
    """Keeps what the table shows and renders it."""

    def __init__(self, kind: str, title: str, utc: bool, width: int = 100) -> None:
        self.kind, self.title, self.utc, self.width = kind, title, utc, width
        self.last: Update | None = None
        self.rows: deque[Update] = deque(maxlen=KEEP)
        self.candles: dict[int, Candle] = {}  # klines: what the chart draws, by open time

    def seed(self, candles: list[Candle]) -> None:
        """Klines: the candles before the stream's first, so the chart starts full."""
        self.candles.update((k.time, k) for k in candles[-CHART_CANDLES:])

    def apply(self, update: Update) -> None:
        """Take one update."""
        self.last = update
        self.rows.appendleft(update)
        if update.get("type") == "kline":
            from tradewire.unified import Candle

            self.candles[update["time"]] = Candle(time=update["time"], **{k: Decimal(update[k]) for k in (
                "open", "high", "low", "close", "volume")})
            for old in sorted(self.candles)[:-CHART_CANDLES]:
                del self.candles[old]

    def render(self) -> Any:
        """The current rich table."""
        from rich.table import Table

        table = Table(title=self.title, title_justify="left")
        if self.last is None:
            table.add_column("waiting for the first update...")
            if self.candles:
                from rich.console import Group

                from tradewire.cli.charts import candles

                return Group(table, candles(self.title, [self.candles[t] for t in sorted(self.candles)], self.width,
                                            height=12))
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
            from rich.console import Group

            from tradewire.cli.charts import candles

            for name in ("Open time", "Open", "High", "Low", "Close", "Volume"):
                table.add_column(name, justify="left" if name == "Open time" else "right")
            seen: set[int] = set()
            for r in self.rows:  # the newest state of each candle, newest candle first
                if r["time"] not in seen and len(seen) < TABLE_CANDLES:
                    seen.add(r["time"])
                    table.add_row(human_time(r["time"], self.utc), r["open"], r["high"], r["low"], r["close"],
                                  r["volume"])
            chart = candles(self.title, [self.candles[t] for t in sorted(self.candles)], self.width, height=12)
            return Group(table, chart)
        elif self.kind == "trades":
            for name, just in (("Time", "left"), ("Side", "left"), ("Price", "right"), ("Amount", "right"),
                               ("Id", "left")):
                table.add_column(name, justify=just)  # type: ignore[arg-type]
            for r in self.rows:
                table.add_row(human_time(r["time"], self.utc), r["side"] or "-", r["price"], r["amount"],
                              r["id"] or "-")
        else:
            for name in ("Time", "Event", "Symbol", "Detail"):
                table.add_column(name, overflow="fold")
            for r in self.rows:
                event, symbol, detail = describe(r)
                table.add_row(human_time(r["time"], self.utc) if r.get("time") else "-", event, symbol, detail)
        return table


EVENT_NAMES = {"order": "Order", "fill": "Fill", "balances": "Balances", "settings": "Settings",
               "balance_change": "Balance change", "trade": "Trade", "book": "Book", "ticker": "Ticker",
               "kline": "Candle"}


def describe(r: Update) -> tuple[str, str, str]:
    """An update in words: (event, symbol, detail), for tables and for the lines printed without a terminal."""
    kind = r.get("type", "")
    name = EVENT_NAMES.get(kind, str(r.get("event") or kind))
    sym = r.get("symbol") or ""
    if kind == "order":
        detail = (f"{r['side'].upper()} {r['order_type']} {r['amount']} at {r['price'] or 'market'}"
                  + (f" trigger {r['stop_price']}" if r.get("stop_price") else "")
                  + (f" ({r['position_side']})" if r.get("position_side") else "")
                  + f": {r['status']}, filled {r['filled']}")
    elif kind == "fill":
        detail = (f"{r['side'].upper()} {r['last_amount'] or '-'} at {r['last_price'] or '-'}; order filled "
                  f"{r['filled']} of {r['amount']} at {r['average'] or '-'} on average; fee {r['fee'] or '0'} "
                  f"{r['fee_asset'] or ''}".rstrip() + (f"; realized PnL {r['realized_pnl']}"
                                                       if r["realized_pnl"] not in ("", "0", None) else ""))
    elif kind == "balances":
        parts = [f"{b['asset']} " + (f"wallet {b['wallet']} (change {b['change']})" if "wallet" in b else
                                     f"free {b['free']}, locked {b['locked']}") for b in r["balances"]]
        parts += [f"{p['symbol']} {p['position_side'] or ''} {p['amount']} at {p['entry_price']}, unrealized PnL "
                  f"{p['unrealized_pnl']}".replace("  ", " ") for p in r.get("positions", [])]
        detail = "; ".join(parts) + (f" ({r['reason']})" if r.get("reason") else "")
    elif kind == "settings":
        detail = (f"leverage long {r['long_leverage']}x, short {r['short_leverage']}x; margin "
                  f"{(r['margin_mode'] or '-').lower()}")
    elif kind == "balance_change":
        detail = f"{r['asset']} {r['change']}"
    elif kind == "book":
        bid, ask = (r["bids"] or [["-", "-"]])[0], (r["asks"] or [["-", "-"]])[0]
        detail = f"best bid {bid[0]} ({bid[1]}), best ask {ask[0]} ({ask[1]})"
    elif kind == "trade":
        detail = f"{(r['side'] or '-').upper()} {r['amount']} at {r['price']}"
    elif kind == "ticker":
        detail = f"last {r['last']}, 24h change {r['change'] or '-'}, high {r['high'] or '-'}, low {r['low'] or '-'}"
    elif kind == "kline":
        detail = (f"{r['interval']} open {r['open']} high {r['high']} low {r['low']} close {r['close']} "
                  f"volume {r['volume']}")
    else:
        detail = json.dumps({k: v for k, v in r.items() if k != "type"})
    return name, sym, detail


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
                view.apply(item)  # kept for a chart written at the end (`--html`)
            if live is None and s.out.for_people:  # no terminal: a line as each update comes
                _text(item, s.out.utc)
            elif live is None:
                _line(item)
            else:
                view.apply(item)
                live.update(view.render(), refresh=True)
            if count is not None and shown >= count:
                return

    limit = asyncio.timeout(seconds)
    try:
        async with limit:
            if s.out.for_people and s.out.console.is_terminal:
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


def _text(update: Update, utc: bool) -> None:
    event, symbol, detail = describe(update)
    when = human_time(update["time"], utc) if update.get("time") else "-"
    sys.stdout.write(" ".join(x for x in (when, event, symbol, detail) if x) + "\n")
    sys.stdout.flush()


def run(ctx: typer.Context, kind: str, symbol: str | None, count: int | None, seconds: float | None,  # float ok
        depth: int = 10, market: str | None = None, interval: str = "1m", html: Path | None = None) -> None:
    """Open the venue's stream of `kind` and show it; klines: the candles chart to `html` at the end."""
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
    html = html_target(html)
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
                s.opts.utc, min(s.out.console.width, 160))
    if kind == "klines" and (html is not None or (s.out.for_people and s.out.console.is_terminal)):
        view.seed(ex.ohlcv(sym, interval, None, CHART_CANDLES, None))
    try:
        shown = asyncio.run(pump(s, feed, view, count, seconds))
    except KeyboardInterrupt:
        s.out.info("stopped")
        shown = None
    if html is not None:
        from tradewire.cli.charts import candles

        write_html(html, [candles(view.title, [view.candles[t] for t in sorted(view.candles)])], view.title)
        s.out.info(f"Chart written to {html}")
    if shown is not None and not s.out.for_people:
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
           market: DataMarketOpt = None, html: HtmlOpt = None) -> None:
    """The current candle as it changes, one update per change; `--html` writes the candles chart (the last
    candles before the stream, then the streamed ones) when the stream stops."""
    run(ctx, "klines", symbol, count, seconds, market=market, interval=interval, html=html)


@stream_app.command("account")
def account(ctx: typer.Context, count: CountOpt = None, seconds: SecondsOpt = None) -> None:
    """Your account events: orders, fills, balances (listen key managed)."""
    run(ctx, "account", None, count, seconds)


def register(app: typer.Typer) -> None:
    """Add the `stream` group."""
    app.add_typer(stream_app, name="stream")
