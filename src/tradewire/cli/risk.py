"""Perpetual settings and exits: `leverage`, `margin-mode`, `position-mode` (show or set) and `close` (one
position or all, at market). BingX swap and Binance USD-M futures."""

from __future__ import annotations

from typing import Annotated

import typer

from tradewire.app.errors import EXCHANGE, USAGE, CliError
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.cli.account import position_table
from tradewire.cli.common import market_symbol, renamed, session
from tradewire.cli.prompts import confirm_live

SymbolArg = Annotated[str, typer.Argument(help="e.g. BTC-USDT")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="skip the CONFIRM prompt on live")]
LEVERAGE_COLS = (Col("symbol", "Symbol"), Col("side", "Side"), Col("leverage", "Leverage", "int"),
                 Col("max_leverage", "Max leverage", "int"))
MARGIN_MODES = {"isolated": "ISOLATED", "cross": "CROSSED", "crossed": "CROSSED"}
POSITION_MODES = {"hedge": True, "one-way": False, "oneway": False}


def _live(s: Session, what: str, yes: bool) -> None:
    if s.env == "live":
        confirm_live(s.out, [what, f"on {s.opts.venue} live"], yes)


def leverage(ctx: typer.Context, symbol: SymbolArg,
             value: Annotated[int | None, typer.Argument(help="new leverage; shown when omitted", min=1)] = None,
             side: Annotated[str | None, typer.Option(help="BingX hedge mode: long or short (default both)")] = None,
             yes: YesOpt = False) -> None:
    """A perpetual symbol's leverage, or set it."""
    s = session(ctx)
    sym = market_symbol(symbol)
    if side is not None and side.strip().lower() not in ("long", "short"):
        raise CliError(f"--side: must be long or short (got {side!r})", USAGE)
    s.require_keys()
    ex = s.exchange()
    wire = ex.market_id(sym)
    if value is not None:
        _live(s, f"Set {sym} leverage to {value}x" + (f" ({side})" if side else ""), yes)
    if ex.venue == "binance":
        if value is not None:
            ex.client.futures_set_leverage(wire, value)
        [config] = ex.client.futures_symbol_config(wire)
        rows = [{"symbol": sym, "side": "both", "leverage": config.leverage, "max_leverage": None}]
    else:
        client = s.bingx()
        if value is not None:
            hedge = client.position_mode()
            sides = [side.strip().upper()] if side else ["LONG", "SHORT"] if hedge else ["BOTH"]
            for one in sides:
                client.set_leverage(wire, one, value)
        got = client.leverage(wire)
        rows = [{"symbol": sym, "side": "long", "leverage": got.long_leverage, "max_leverage": got.max_long_leverage},
                {"symbol": sym, "side": "short", "leverage": got.short_leverage,
                 "max_leverage": got.max_short_leverage}]
    s.out.show(Table("leverage", f"{sym} leverage", LEVERAGE_COLS, rows))


def margin_mode(ctx: typer.Context, symbol: SymbolArg,
                mode: Annotated[str | None, typer.Argument(help="isolated or cross; shown when omitted")] = None,
                yes: YesOpt = False) -> None:
    """A perpetual symbol's margin mode (isolated or cross), or set it."""
    s = session(ctx)
    sym = market_symbol(symbol)
    wanted = None
    if mode is not None:
        wanted = MARGIN_MODES.get(mode.strip().lower())
        if wanted is None:
            raise CliError(f"MODE: must be isolated or cross (got {mode!r})", USAGE)
    s.require_keys()
    ex = s.exchange()
    wire = ex.market_id(sym)
    if wanted is not None:
        _live(s, f"Set {sym} margin mode to {wanted}", yes)
    if ex.venue == "binance":
        if wanted is not None:
            ex.client.futures_set_margin_type(wire, wanted)
        current = ex.client.futures_symbol_config(wire)[0].margin_type
    else:
        if wanted is not None:
            s.bingx().set_margin_type(wire, wanted)
        current = s.bingx().margin_type(wire)
    s.out.show(Table("margin_mode", f"{sym} margin mode", (Col("symbol", "Symbol"), Col("margin_mode", "Margin mode")),
                     [{"symbol": sym, "margin_mode": "cross" if current.upper().startswith("CROSS") else
                       current.lower()}], single=True))


def position_mode(ctx: typer.Context,
                  mode: Annotated[str | None, typer.Argument(help="hedge or one-way; shown when omitted")] = None,
                  yes: YesOpt = False) -> None:
    """Hedge (long and short at once) or one-way perpetual positions, or set it (no open positions or orders)."""
    s = session(ctx)
    hedge = None
    if mode is not None:
        hedge = POSITION_MODES.get(mode.strip().lower())
        if hedge is None:
            raise CliError(f"MODE: must be hedge or one-way (got {mode!r})", USAGE)
    s.require_keys()
    ex = s.exchange()
    if hedge is not None:
        _live(s, f"Switch to {'hedge' if hedge else 'one-way'} position mode", yes)
    if ex.venue == "binance":
        if hedge is not None:
            ex.client.futures_set_position_mode(hedge)
        now = ex.client.futures_position_mode()
    else:
        if hedge is not None:
            s.bingx().set_position_mode(hedge)
        now = s.bingx().position_mode()
    s.out.show(Table("position_mode", "Position mode", (Col("mode", "Position mode"),),
                     [{"mode": "hedge" if now else "one-way"}], single=True))


@renamed()
def close(ctx: typer.Context,
          symbol: Annotated[str | None, typer.Argument(help="e.g. BTC-USDT; with --all, every position")] = None,
          all_: Annotated[bool, typer.Option("--all", help="close every open position")] = False,
          yes: YesOpt = False) -> None:
    """Close one symbol's positions, or all, at market (perpetual)."""
    s = session(ctx)
    if (symbol is None) == (not all_):
        raise CliError("give a SYMBOL or --all (not both)", USAGE)
    sym = market_symbol(symbol) if symbol else None
    s.require_keys()
    ex = s.exchange()
    open_ = ex.positions(sym)
    if not open_:
        s.out.show(position_table([]))
        return
    _live(s, f"Close {len(open_)} position(s) at market: " + ", ".join(f"{p.side} {p.amount:f} {p.symbol}"
                                                                        for p in open_), yes)
    ids: list[str] = []
    if ex.venue == "bingx":
        done = s.bingx().close_all_positions(ex.market_id(sym) if sym else None)
        ids = [str(i) for i in done.success or []]
        if done.failed:
            raise CliError(f"some positions were not closed: {done.failed} (closed: {', '.join(ids) or 'none'})",
                           EXCHANGE)
    else:
        hedge = ex.client.futures_position_mode()
        for p in open_:
            order = ex.client.futures_new_order(
                ex.market_id(p.symbol), "SELL" if p.side == "long" else "BUY", "MARKET", quantity=p.amount,
                reduce_only=None if hedge else True, positionSide=p.side.upper() if hedge else None)
            ids.append(str(order.order_id))
    table = position_table(open_)
    table.title = f"Closed at market ({len(open_)}; PnL as before closing)"
    s.out.show(table, Table("closing", "Closing orders (BingX: the closed positions' ids)", (Col("id", "Id"),),
                            [{"id": i} for i in ids]))


def register(app: typer.Typer) -> None:
    """Add `leverage`, `margin-mode`, `position-mode` and `close`."""
    app.command("leverage")(leverage)
    app.command("margin-mode")(margin_mode)
    app.command("position-mode")(position_mode)
    app.command("close")(close)
