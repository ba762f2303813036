"""`portfolio`: every account of BingX (spot, fund, USDT-M perpetual, coin-M, standard futures) and Binance
(spot, cross margin, USD-M futures) valued in USDT at each venue's last price (spot, else the perpetual), with
unrealized PnL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

import typer

from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.cli.common import session
from tradewire.cli.venues import session_for, venues_of
from tradewire.core.errors import TradewireError

#: assets worth one USDT by definition here (the quote of every price used)
USDT = "USDT"
ACCOUNT_NAMES = {"spot": "Spot", "fund": "Fund", "swap": "Perpetual futures (USDT-M)", "coinm": "Coin-M perpetual",
                 "standard": "Standard futures", "margin": "Cross margin (net of loans)", "usdm": "USD-M futures"}
HOLDING_COLS = (Col("venue", "Venue"), Col("account", "Account"), Col("asset", "Asset"),
                Col("amount", "Amount", "dec"), Col("price", "Price (USDT)", "dec"),
                Col("value", "Value (USDT)", "dec"), Col("pnl", "Unrealized PnL (USDT)", "dec"))
TOTAL_COLS = (Col("venue", "Venue"), Col("value", "Value (USDT)", "dec"), Col("pnl", "Unrealized PnL (USDT)", "dec"),
              Col("equity", "Equity (USDT)", "dec"))
VenuesOpt = Annotated[str | None, typer.Option("--venues", help="bingx, binance or bingx,binance (default both)")]


@dataclass(frozen=True)
class Holding:
    """An amount of one asset in one account; `pnl` is unrealized, in the same asset."""

    venue: str
    account: str
    asset: str
    amount: Decimal
    pnl: Decimal | None = None


def portfolio(ctx: typer.Context, venues: VenuesOpt = None) -> None:
    """Every account on both venues in one table, valued in USDT at the last price, with unrealized PnL and
    totals; a venue without credentials (or unreachable) is skipped with a notice."""
    s = session(ctx)
    wanted = venues_of(venues)
    rows: list[dict[str, object]] = []
    totals: list[dict[str, object]] = []
    for venue in wanted:
        vs = session_for(ctx, s, venue)
        try:
            vs.require_keys()
        except TradewireError as e:
            s.out.notice(f"{venue}: skipped ({e})")
            continue
        held = holdings(vs)
        prices = usdt_prices(vs)
        mine = [valued(h, prices) for h in held if h.amount or h.pnl]
        unpriced = sorted({str(r["asset"]) for r in mine if r["value"] is None})
        if unpriced:
            s.out.notice(f"{venue}: no USDT price for {', '.join(unpriced)}: left out of the totals")
        value = sum((r["value"] for r in mine if isinstance(r["value"], Decimal)), Decimal(0))
        pnl = sum((r["pnl"] for r in mine if isinstance(r["pnl"], Decimal)), Decimal(0))
        rows += mine
        totals.append({"venue": venue, "value": exact(value), "pnl": exact(pnl), "equity": exact(value + pnl)})
    if len(totals) > 1:
        value = sum((t["value"] for t in totals if isinstance(t["value"], Decimal)), Decimal(0))
        pnl = sum((t["pnl"] for t in totals if isinstance(t["pnl"], Decimal)), Decimal(0))
        totals.append({"venue": "all", "value": exact(value), "pnl": exact(pnl), "equity": exact(value + pnl)})
    s.out.show(Table("holdings", "Portfolio (USDT at the last price)", HOLDING_COLS, rows,
                     empty="nothing held"),
               Table("totals", "Totals", TOTAL_COLS, totals, empty="no venue could be read"))


def valued(h: Holding, prices: dict[str, Decimal]) -> dict[str, object]:
    """A holding as a row: its USDT price, value and PnL (None when the asset has no USDT price)."""
    price = prices.get(h.asset)
    return {"venue": h.venue, "account": ACCOUNT_NAMES.get(h.account, h.account), "asset": h.asset,
            "amount": h.amount, "price": price, "value": exact(h.amount * price) if price is not None else None,
            "pnl": exact(h.pnl * price) if price is not None and h.pnl is not None else None}


def exact(value: Decimal) -> Decimal:
    """A product or sum without the trailing zeros its operands' scales add (the value is unchanged)."""
    return value.normalize() if value else Decimal(0)


def usdt_prices(s: Session) -> dict[str, Decimal]:
    """Asset -> last price in USDT: the venue's spot tickers, then its USDT-M perpetuals for a coin with no
    spot pair (USDT itself is 1)."""
    prices = {USDT: Decimal(1)}
    for market in ("swap", "spot"):  # spot last: its price wins
        for t in s.exchange().on(market).tickers():
            base, _, quote = t.symbol.partition("/")
            if quote == USDT and t.last:
                prices[base] = t.last
    return prices


def holdings(s: Session) -> list[Holding]:
    """Every account of the session's venue; an account the venue (or this key) does not serve is skipped
    with a notice."""
    readers = _bingx(s) if s.exchange().venue == "bingx" else _binance(s)
    out: list[Holding] = []
    for account, read in readers.items():
        try:
            out += read()
        except TradewireError as e:
            s.out.notice(f"{s.exchange().venue} {ACCOUNT_NAMES[account]}: not read ({e})")
    return out


def _bingx(s: Session) -> dict[str, Callable[[], list[Holding]]]:
    ex, c = s.exchange(), s.bingx()

    def plain(account: str) -> Callable[[], list[Holding]]:
        return lambda: [Holding("bingx", account, b.asset, b.total) for b in ex.balances(account)]

    def swap() -> list[Holding]:
        pnl = sum((p.unrealized_pnl or Decimal(0) for p in ex.positions()), Decimal(0))
        return [Holding("bingx", "swap", b.asset, b.total, pnl if b.asset == USDT else None)
                for b in ex.balances("swap")]

    def coinm() -> list[Holding]:
        return [Holding("bingx", "coinm", b.asset, b.balance, b.unrealized_profit) for b in c.cswap_balance()]

    def standard() -> list[Holding]:
        pnl = sum((p.unrealized_profit or Decimal(0) for p in c.standard_positions()), Decimal(0))
        return [Holding("bingx", "standard", b.asset, b.balance, pnl if b.asset == USDT else None)
                for b in c.standard_balance()]

    return {"spot": plain("spot"), "fund": plain("fund"), "swap": swap, "coinm": coinm, "standard": standard}


def _binance(s: Session) -> dict[str, Callable[[], list[Holding]]]:
    ex = s.exchange()

    def spot() -> list[Holding]:
        return [Holding("binance", "spot", b.asset, b.total) for b in ex.balances("spot")]

    def margin() -> list[Holding]:
        return [Holding("binance", "margin", a.asset, a.net_asset) for a in ex.client.margin_account().user_assets
                if a.net_asset]

    def usdm() -> list[Holding]:
        pnl = sum((p.unrealized_pnl or Decimal(0) for p in ex.positions()), Decimal(0))
        return [Holding("binance", "usdm", b.asset, b.total, pnl if b.asset == USDT else None)
                for b in ex.balances("swap")]

    return {"spot": spot, "margin": margin, "usdm": usdm}


def register(app: typer.Typer) -> None:
    """Add `portfolio`."""
    app.command("portfolio")(portfolio)
