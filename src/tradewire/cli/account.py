"""Account commands: balance, positions, fees."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tradewire.app.errors import USAGE, CliError
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.cli.common import market_symbol, renamed, session

if TYPE_CHECKING:
    from tradewire.unified import Balance, Position

ACCOUNT_CHOICES = ("all", "spot", "fund", "swap")
TITLES = {"spot": "Spot account", "fund": "Fund account", "swap": "Perpetual futures (USDT-M) account"}
BINANCE_TITLES = {"swap": "USD-M futures account"}

ASSET_COLS = (Col("asset", "Asset"), Col("free", "Free", "dec"), Col("used", "Locked", "dec"),
              Col("total", "Total", "dec"))
SWAP_COLS = (Col("asset", "Asset"), Col("total", "Balance", "dec"), Col("equity", "Equity", "dec"),
             Col("free", "Available margin", "dec"), Col("used", "Used margin", "dec"),
             Col("unrealized_pnl", "Unrealized PnL", "dec"))
POSITION_COLS = (Col("symbol", "Symbol"), Col("side", "Side"), Col("amount", "Amount", "dec"),
                 Col("entry_price", "Avg price", "dec"), Col("mark_price", "Mark price", "dec"),
                 Col("unrealized_pnl", "Unrealized PnL", "dec"), Col("liquidation_price", "Liq. price", "dec"),
                 Col("leverage", "Leverage", "int"), Col("margin_mode", "Margin"))
FEE_COLS = (Col("role", "Role"), Col("rate", "Rate", "dec"), Col("percent", "Percent", "pct"))


def balance_table(account: str, rows: list[Balance], venue: str = "bingx") -> Table:
    """The balances of one account."""
    titles = TITLES | BINANCE_TITLES if venue == "binance" else TITLES
    return Table(account, titles.get(account, account), SWAP_COLS if account == "swap" else ASSET_COLS,
                 [{c: getattr(b, c) for c in ("asset", "total", "free", "used", "equity", "unrealized_pnl")}
                  for b in rows], empty="no assets")


#: the asset overview's account types (fund-account api-reference, AccountType enum) in words
ACCOUNT_NAMES = {"sopt": "Spot and fund", "stdFutures": "Standard futures", "coinMPerp": "Coin-M perpetual futures",
                 "USDTMPerp": "USDT-M perpetual futures", "copyTrading": "Copy trading", "grid": "Grid trading",
                 "eran": "Wealth management", "c2c": "C2C"}


def overview_table(rows: list[tuple[str, object]]) -> Table:
    """USDT value per account type (BingX asset overview), named in words beside the exchange's code."""
    return Table("overview", "All accounts (USDT value)",
                 (Col("name", "Account"), Col("account", "Code"), Col("usdt", "USDT", "dec")),
                 [{"name": ACCOUNT_NAMES.get(a, a), "account": a, "usdt": v} for a, v in rows], empty="no accounts")


def position_table(rows: list[Position]) -> Table:
    """Open positions."""
    return Table("positions", "Open positions", POSITION_COLS,
                 [{c.key: getattr(p, c.key) for c in POSITION_COLS} for p in rows], empty="no open positions")


def fee_table(taker: object, maker: object, title: str = "Perpetual futures commission") -> Table:
    """Commission rates with their percentages."""
    return Table("fees", title, FEE_COLS,
                 [{"role": role, "rate": rate, "percent": rate} for role, rate in (("taker", taker), ("maker", maker))])


def balance(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="all, spot, fund or swap (Binance: spot or swap = USD-M "
                                                "futures)")] = "all",
) -> None:
    """Balances: spot, fund and perpetual-futures accounts (all by default; Binance: spot and USD-M futures)."""
    s = session(ctx)
    if account not in ACCOUNT_CHOICES:
        raise typer.BadParameter(f"must be one of {', '.join(ACCOUNT_CHOICES)}", param_hint="ACCOUNT")
    s.require_keys()
    ex = s.exchange()
    accounts = ex.accounts if account == "all" else (account,)
    tables = [balance_table(a, ex.balances(a), ex.venue) for a in accounts]
    if account == "all" and ex.venue == "bingx":
        tables.append(overview_table([(r.account_type, r.usdt_balance) for r in s.bingx().account_balances()]))
    s.out.show(*tables)


HISTORY_COLS = (Col("position_id", "Position id"), Col("symbol", "Symbol"), Col("side", "Side"),
                Col("open_time", "Opened", "time"), Col("update_time", "Updated", "time"),
                Col("avg_price", "Avg price", "dec"), Col("avg_close_price", "Close price", "dec"),
                Col("amount", "Amount", "dec"), Col("closed", "Closed amount", "dec"),
                Col("realised_profit", "Realised PnL", "dec"), Col("net_profit", "Net PnL", "dec"),
                Col("leverage", "Leverage", "int"))


@renamed(startTs="--since", endTs="--until", symbol="SYMBOL")
def positions(
    ctx: typer.Context,
    symbol: Annotated[str | None, typer.Argument(help="e.g. BTC-USDT, BTC/USDT or BTC; all when omitted")] = None,
    history: Annotated[bool, typer.Option("--history", help="BingX: positions of SYMBOL open in the range, closed "
                                                             "ones included (at most 90 days)")] = False,
    since: Annotated[str | None, typer.Option(help="--history start: 7d, 2024-05-01, Unix ms (default 7d)")] = None,
    until: Annotated[str | None, typer.Option(help="--history end (default: now)")] = None,
) -> None:
    """Open perpetual positions with PnL and liquidation price (BingX swap, Binance USD-M futures); with
    --history, BingX position history."""
    s = session(ctx)
    if history:
        position_history(s, symbol, since, until)
        return
    if since or until:
        raise CliError("--since and --until go with --history", USAGE)
    s.require_keys()
    rows = s.exchange().positions(market_symbol(symbol) if symbol else None)
    if symbol is None:
        s.out.info("All symbols (give a symbol to narrow).")
    s.out.show(position_table(rows))


def position_history(s: Session, symbol: str | None, since: str | None, until: str | None) -> None:
    """BingX position history of one symbol over a range (default the last 7 days)."""
    from tradewire.app.timespec import DAY_MS, parse_time
    from tradewire.core.clock import Clock
    from tradewire.unified import symbols

    if symbol is None:
        raise CliError("SYMBOL: --history needs a symbol (BingX keeps position history per symbol)", USAGE)
    sym = market_symbol(symbol)
    now = Clock.local_ms()
    end = parse_time(until, "--until", now, s.opts.utc) if until else now
    start = parse_time(since, "--since", now, s.opts.utc) if since else end - 7 * DAY_MS
    if end < start:
        raise CliError("--until must not be before --since", USAGE)
    client = s.bingx()
    s.require_keys()
    rows = client.position_history(symbols.bingx(sym), start, end)
    s.out.show(Table("positions", f"{sym} position history", HISTORY_COLS, [
        {"position_id": str(p.position_id), "symbol": symbols.unified(p.symbol), "side": p.position_side,
         "open_time": p.open_time, "update_time": p.update_time, "avg_price": p.avg_price,
         "avg_close_price": p.avg_close_price, "amount": p.position_amt, "closed": p.close_position_amt,
         "realised_profit": p.realised_profit, "net_profit": p.net_profit, "leverage": p.leverage}
        for p in sorted(rows, key=lambda p: p.update_time or 0, reverse=True)], empty="no positions in this range"))


@renamed()
def fees(ctx: typer.Context, symbol: Annotated[str | None, typer.Argument(
        help="Binance: the USD-M symbol whose rates to show (required); BingX: one rate for every perpetual")] = None,
         ) -> None:
    """Your perpetual taker and maker commission rates, as percentages (Binance: USD-M futures, per symbol)."""
    s = session(ctx)
    sym = market_symbol(symbol) if symbol else None
    ex = s.exchange()
    if ex.venue == "binance":
        if sym is None:
            raise CliError("SYMBOL: required on Binance (USD-M rates are per symbol, e.g. BTCUSDT)", USAGE)
        s.require_keys()
        rate = ex.client.futures_commission_rate(ex.market_id(sym))
        s.out.show(fee_table(rate.taker_commission_rate, rate.maker_commission_rate, f"{sym} USD-M futures commission"))
        return
    if sym is not None:
        raise CliError("SYMBOL: BingX has one perpetual rate for every symbol; leave it out", USAGE)
    s.require_keys()
    c = s.bingx().commission_rate()
    s.out.show(fee_table(c.taker_commission_rate, c.maker_commission_rate))


def register(app: typer.Typer) -> None:
    """Add the account commands."""
    app.command()(balance)
    app.command()(positions)
    app.command()(fees)
