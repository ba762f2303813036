"""`order history` (orders in every status, with average price and fee) and `fills` (own trades with the
average price per side and the fees), spot and perpetual, on both venues."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import typer

from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.app.timespec import DAY_MS, parse_time
from tradewire.cli.common import market_name, market_symbol, renamed, session
from tradewire.core.clock import Clock

if TYPE_CHECKING:
    from tradewire.unified import Order

SymbolArg = Annotated[str, typer.Argument(help="e.g. BTC-USDT")]
MarketOpt = Annotated[str, typer.Option("--market", "-m", help="spot or swap (perpetual: BingX swap, Binance USD-M)")]
LimitOpt = Annotated[int, typer.Option(help="how many, newest first (1-100)", min=1, max=100)]
SinceOpt = Annotated[str | None, typer.Option(help="start: 7d, 2024-05-01, Unix ms (default: 7 days ago)")]
FILL_COLS = (Col("time", "Time", "time"), Col("symbol", "Symbol"), Col("side", "Side"), Col("price", "Price", "dec"),
             Col("amount", "Amount", "dec"), Col("quote", "Quote", "dec"), Col("fee", "Fee", "dec"),
             Col("fee_asset", "Fee asset"), Col("realized_pnl", "Realized PnL", "dec"), Col("maker", "Maker"),
             Col("order_id", "Order id"), Col("id", "Trade id"))
SUMMARY_COLS = (Col("side", "Side"), Col("fills", "Fills", "int"), Col("amount", "Amount", "dec"),
                Col("quote", "Quote", "dec"), Col("average", "Avg price", "dec"), Col("fee", "Fee", "dec"),
                Col("fee_asset", "Fee asset"))
DEFAULT_DAYS = 7
BINANCE_PAGE = 1000


@dataclass(frozen=True)
class Fill:
    """One own trade, venue-neutral."""

    time: int
    symbol: str
    side: str
    price: Decimal
    amount: Decimal
    quote: Decimal
    fee: Decimal
    fee_asset: str
    realized_pnl: Decimal | None
    maker: bool | None
    order_id: str
    id: str


@renamed(limit="--limit")
def order_history(ctx: typer.Context, symbol: SymbolArg, market: MarketOpt = "swap", limit: LimitOpt = 50) -> None:
    """Orders of a symbol in every status (filled, cancelled...), newest first, with average price and fee."""
    s = session(ctx)
    where = market_name(market)
    sym = market_symbol(symbol)
    s.require_keys()
    from tradewire.cli.order import order_table

    rows = sorted(_orders(s, sym, where, limit), key=lambda o: (o.time or 0, o.id), reverse=True)[:limit]
    s.out.show(order_table(rows, f"{sym} {where} order history", empty="no orders"))


def _orders(s: Session, sym: str, where: str, limit: int) -> list[Order]:
    from tradewire.unified import binance as ub
    from tradewire.unified import bingx as ux

    ex = s.exchange()
    wire = ex.market_id(sym)
    if ex.venue == "bingx":
        if where == "swap":
            return [ux.swap_order(o) for o in s.bingx().swap_order_history(wire, limit)]
        return [ux.spot_order(o) for o in s.bingx().spot_order_history(wire, page_size=limit)]
    if where == "spot":
        return [ub.spot_order(o) for o in ex.client.all_orders(wire, limit=limit)]
    from tradewire.unified import Order, symbols

    return [Order(venue="binance", market="swap", symbol=symbols.unified(o.symbol), id=str(o.order_id),
                  client_id=o.client_order_id, side=o.side.lower(), type=o.type, status=o.status,
                  price=o.price, amount=o.orig_qty, filled=o.executed_qty, time_in_force=o.time_in_force,
                  position_side=o.position_side, reduce_only=o.reduce_only, time=o.update_time or None,
                  average=o.avg_price or None)
            for o in ex.client.futures_all_orders(wire, limit=limit)]


@renamed(limit="--limit")
def fills(ctx: typer.Context, symbol: SymbolArg, market: MarketOpt = "swap", since: SinceOpt = None,
          limit: LimitOpt = 100) -> None:
    """Your fills of a symbol, newest first, with the average price of each side and the fees paid."""
    s = session(ctx)
    where = market_name(market)
    sym = market_symbol(symbol)
    now = Clock.local_ms()
    start = parse_time(since, "--since", now, s.opts.utc) if since else now - DEFAULT_DAYS * DAY_MS
    s.require_keys()
    rows = sorted(_fills(s, sym, where, start, now), key=lambda f: (f.time, f.id), reverse=True)[:limit]
    s.out.show(Table("fills", f"{sym} {where} fills", FILL_COLS, [vars(f) for f in rows], empty="no fills"),
               Table("summary", "Average price and fees", SUMMARY_COLS, summary(rows), empty="no fills"))


def summary(rows: list[Fill]) -> list[dict[str, object]]:
    """Per side: count, amount, quote, average price (quote / amount) and fees (per fee asset)."""
    out: list[dict[str, object]] = []
    for side in ("buy", "sell"):
        mine = [f for f in rows if f.side == side]
        if not mine:
            continue
        amount = sum((f.amount for f in mine), Decimal(0))
        quote = sum((f.quote for f in mine), Decimal(0))
        for asset in sorted({f.fee_asset for f in mine}):
            out.append({"side": side, "fills": len(mine), "amount": amount, "quote": quote,
                        "average": quote / amount if amount else None,
                        "fee": sum((f.fee for f in mine if f.fee_asset == asset), Decimal(0)), "fee_asset": asset})
    return out


def _fills(s: Session, sym: str, where: str, start: int, end: int) -> list[Fill]:
    from tradewire.unified import symbols

    ex = s.exchange()
    wire = ex.market_id(sym)
    if ex.venue == "bingx" and where == "swap":
        return [Fill(f.time or 0, sym, (f.side or "").lower(), f.price, f.qty or f.volume or Decimal(0),
                     f.amount or Decimal(0), f.fee if f.fee is not None else f.commission or Decimal(0),
                     f.currency or "USDT", f.realized_pnl, None, str(f.order_id), str(f.trade_id or ""))
                for f in s.bingx().swap_fills(start, end) if f.symbol in (None, wire)]
    if ex.venue == "bingx":
        return [Fill(f.time, sym, "buy" if f.is_buyer else "sell", f.price, f.qty, f.quote_qty, f.commission,
                     f.commission_asset, None, f.is_maker, str(f.order_id), str(f.id))
                for f in s.bingx().spot_fills(wire, start_time=start, end_time=end)]
    if where == "spot":  # the latest 1000, filtered here: Binance spot allows at most 24 h between startTime
        # and endTime (binance-spot-api-docs/rest-api.md, myTrades)
        return [Fill(f.time, sym, "buy" if f.is_buyer else "sell", f.price, f.qty, f.quote_qty, f.commission,
                     f.commission_asset, None, f.is_maker, str(f.order_id), str(f.id))
                for f in ex.client.my_trades(wire, limit=BINANCE_PAGE) if start <= f.time <= end]
    return [Fill(f.time, symbols.unified(f.symbol), f.side.lower(), f.price, f.qty, f.quote_qty, f.commission,
                 f.commission_asset, f.realized_pnl, f.maker, str(f.order_id), str(f.id))
            for f in ex.client.futures_user_trades(wire, start_time=start, end_time=end)]


def register(app: typer.Typer, order_app: typer.Typer) -> None:
    """Add `order history` and `fills`."""
    order_app.command("history")(order_history)
    app.command("fills")(fills)
