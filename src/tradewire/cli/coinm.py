"""`tradewire coinm ...`: BingX coin-M (inverse) perpetuals: contracts, ticker, book, funding (no credentials),
balance and positions (with credentials). Symbols are `BASE-USD`; sizes in contracts, money in the coin."""

from __future__ import annotations

from typing import Annotated

import typer

from tradewire.app.output import Col, Table
from tradewire.cli.common import session

app = typer.Typer(help="BingX coin-M (inverse) perpetuals: symbols like BTC-USD, sizes in contracts.",
                  no_args_is_help=True)
SymbolArg = Annotated[str, typer.Argument(help="e.g. BTC-USD")]
OptSymbolArg = Annotated[str | None, typer.Argument(help="e.g. BTC-USD; every contract when omitted")]


@app.command()
def contracts(ctx: typer.Context) -> None:
    """Coin-M contracts: face value (USD per contract), tick and minimums."""
    rows = session(ctx).bingx().cswap_contracts()
    session(ctx).out.show(Table("contracts", "Coin-M contracts", (
        Col("symbol", "Symbol"), Col("face", "Face (USD)", "dec"), Col("tick", "Tick", "dec"),
        Col("min_qty", "Min contracts", "dec"), Col("status", "Status", "int")),
        [{"symbol": c.symbol, "face": c.min_tick_size, "tick": c.tick_size, "min_qty": c.min_qty, "status": c.status}
         for c in rows]))


@app.command()
def ticker(ctx: typer.Context, symbol: OptSymbolArg = None) -> None:
    """24 h statistics (volume in contracts)."""
    client = session(ctx).bingx()
    rows = [client.cswap_ticker(symbol)] if symbol else client.cswap_tickers()
    cols = (Col("symbol", "Symbol"), Col("last_price", "Last", "dec"), Col("price_change_percent", "24h %", "dec"),
            Col("high_price", "High", "dec"), Col("low_price", "Low", "dec"), Col("volume", "Contracts", "dec"))
    session(ctx).out.show(Table("tickers", "Coin-M 24h tickers", cols,
                                [{c.key: getattr(t, c.key) for c in cols} for t in rows]))


@app.command()
def book(ctx: typer.Context, symbol: SymbolArg,
         depth: Annotated[int, typer.Option(help="levels: 5, 10, 20, 50, 100, 500, 1000")] = 20) -> None:
    """Order book in contracts, best first."""
    ob = session(ctx).bingx().cswap_depth(symbol, depth)
    cols = (Col("price", "Price", "dec"), Col("amount", "Contracts", "dec"))
    session(ctx).out.show(Table("bids", f"{symbol} bids", cols, [{"price": p, "amount": q} for p, q in ob.bids]),
                          Table("asks", f"{symbol} asks", cols, [{"price": p, "amount": q} for p, q in ob.asks]))


@app.command()
def funding(ctx: typer.Context, symbol: OptSymbolArg = None) -> None:
    """Mark price, index price and funding rate."""
    client = session(ctx).bingx()
    rows = [client.cswap_premium_index(symbol)] if symbol else client.cswap_premium_indexes()
    cols = (Col("symbol", "Symbol"), Col("mark_price", "Mark price", "dec"), Col("index_price", "Index price", "dec"),
            Col("last_funding_rate", "Funding rate", "dec"), Col("next_funding_time", "Next funding", "time"))
    session(ctx).out.show(Table("funding", "Coin-M funding", cols,
                                [{c.key: getattr(p, c.key) for c in cols} for p in rows]))


@app.command()
def balance(ctx: typer.Context) -> None:
    """The coins of the coin-M account (needs credentials)."""
    cols = (Col("asset", "Coin"), Col("balance", "Balance", "dec"), Col("equity", "Equity", "dec"),
            Col("unrealized_profit", "Unrealized", "dec"), Col("available_margin", "Available", "dec"),
            Col("used_margin", "Used margin", "dec"), Col("freezed_margin", "Frozen", "dec"))
    rows = session(ctx).bingx().cswap_balance()
    session(ctx).out.show(Table("balance", "Coin-M balance", cols,
                                [{c.key: getattr(b, c.key) for c in cols} for b in rows]))


@app.command()
def positions(ctx: typer.Context, symbol: OptSymbolArg = None) -> None:
    """Open coin-M positions (needs credentials)."""
    cols = (Col("symbol", "Symbol"), Col("position_side", "Side"), Col("position_amt", "Contracts", "dec"),
            Col("avg_price", "Entry", "dec"), Col("mark_price", "Mark", "dec"),
            Col("unrealized_profit", "Unrealized", "dec"), Col("initial_margin", "Margin", "dec"),
            Col("liquidation_price", "Liquidation", "dec"), Col("leverage", "Leverage", "int"))
    rows = session(ctx).bingx().cswap_positions(symbol)
    session(ctx).out.show(Table("positions", "Coin-M positions", cols,
                                [{c.key: getattr(p, c.key) for c in cols} for p in rows], empty="no positions"))


def register(root: typer.Typer) -> None:
    """Add the `coinm` command group."""
    root.add_typer(app, name="coinm")
