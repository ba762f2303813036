"""`order place|cancel|cancel-all|get|list`: spot and perpetual orders (BingX), spot orders (Binance) and USD-M
futures market/limit orders with attached TP/SL (`futures_orders`); stop, take-profit and trailing orders through
`triggers`."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tradewire.app.errors import NETWORK, USAGE, CliError
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.cli.common import amount, market_symbol, renamed, session
from tradewire.cli.prompts import choose, confirm_live
from tradewire.core.errors import ServerError, UnknownOrderState, UnknownOutcome

if TYPE_CHECKING:
    from tradewire.unified import Order, OrderRequest

SIDES = ("BUY", "SELL")
TYPES = ("MARKET", "LIMIT")
TIFS = ("GTC", "IOC", "FOK", "PostOnly")
POSITION_SIDES = ("LONG", "SHORT", "BOTH")
ORDER_COLS = (Col("id", "Order id"), Col("client_id", "Client id"), Col("symbol", "Symbol"), Col("market", "Market"),
              Col("side", "Side"), Col("type", "Type"), Col("position_side", "Position"),
              Col("price", "Price", "dec"), Col("stop_price", "Trigger", "dec"), Col("amount", "Amount", "dec"),
              Col("filled", "Filled", "dec"), Col("average", "Avg price", "dec"), Col("fee", "Fee", "dec"),
              Col("fee_asset", "Fee asset"), Col("time_in_force", "TIF"), Col("status", "Status"),
              Col("time", "Time", "time"))
#: the characters any venue's client order id may hold, checked before anything is read or sent (BingX swap
#: takes letters and digits only, Binance at most 36: the library checks each venue's own rule)
CLIENT_ID = re.compile(r"[A-Za-z0-9_.:/-]{1,40}\Z", re.ASCII)
#: how far (percent) a limit price may be through the last price before placing asks to confirm
MAX_DEVIATION = Decimal(5)

order_app = typer.Typer(help="Place, cancel and list orders: market, limit, stop-loss, take-profit and trailing "
                             "(spot and perpetual on BingX; spot and USD-M futures on Binance), TP/SL attached "
                             "to a perpetual order, with their history.", no_args_is_help=True)

SymbolArg = Annotated[str, typer.Argument(help="e.g. BTC-USDT, BTC/USDT or BTCUSDT")]
MarketOpt = Annotated[str | None, typer.Option("--market", "-m", help="spot or swap (perpetual: BingX swap, Binance "
                                               "USD-M futures, 'futures' also works); Binance: spot by default")]
IdOpt = Annotated[str | None, typer.Option("--id", help="the exchange's order id")]
ClientIdOpt = Annotated[str | None, typer.Option("--client-id", help="your client order id")]


def order_table(rows: list[Order], title: str, single: bool = False, empty: str = "no open orders") -> Table:
    """Orders (JSON: ids are strings, amounts exact strings)."""
    return Table("orders" if not single else "order", title, ORDER_COLS,
                 [_row(o) for o in rows], single=single, empty=empty)


def _row(o: Order) -> dict[str, object]:
    """An order's cells; a market order's price of 0 (the venue's "none") shows as no price."""
    row = {c.key: getattr(o, c.key) for c in ORDER_COLS}
    if o.price is not None and o.price == 0:
        row["price"] = None
    return row


def market_of(s: Session, given: str | None) -> str:
    """`spot` or `swap`: as given, Binance's only market, or chosen on a terminal."""
    ex = s.exchange()
    if given is None:
        if len(ex.markets) == 1:
            return ex.markets[0]
        return choose(s.out, "--market", "Which market?", [("spot", "Spot"), ("swap", "Perpetual futures (USDT-M)")])
    from tradewire.cli.common import market_name

    market = market_name(given)  # `futures`, `usdm` and `perp` name swap too
    ex.check_market(market)
    return market


def _one_of(option: str, given: str, allowed: tuple[str, ...]) -> str:
    for value in allowed:
        if given.strip().upper() == value.upper():
            return value
    raise CliError(f"{option}: must be one of {', '.join(allowed)} (got {given!r})", USAGE)


def request_of(s: Session, symbol: str, market: str, side: str, type_: str, quantity: str, price: str | None,
               tif: str | None, position_side: str | None, reduce_only: bool, client_id: str | None) -> OrderRequest:
    """The order exactly as it will be sent, after the checks that need no exchange."""
    kind = _one_of("--type", type_, TYPES)
    if kind == "LIMIT" and price is None:
        raise CliError("--price is required for a LIMIT order", USAGE)
    if kind == "MARKET" and (price is not None or tif is not None):
        raise CliError("a MARKET order takes no --price or --time-in-force", USAGE)
    if market == "spot" and (position_side is not None or reduce_only):
        raise CliError("--position-side and --reduce-only apply to perpetual orders (--market swap)", USAGE)
    if client_id is not None and not CLIENT_ID.match(client_id):
        raise CliError("--client-id: 1 to 40 letters, digits or _ . : / - (each venue narrows it further)", USAGE)
    from tradewire.unified import OrderRequest

    return OrderRequest(symbol=market_symbol(symbol), side=_one_of("--side", side, SIDES).lower(), type=kind,
                        amount=amount(quantity, "--quantity"), price=amount(price, "--price") if price else None,
                        market=market, time_in_force=_one_of("--time-in-force", tif, TIFS) if tif else
                        ("GTC" if kind == "LIMIT" else None),
                        client_id=client_id,
                        position_side=_one_of("--position-side", position_side, POSITION_SIDES) if position_side
                        else None, reduce_only=True if reduce_only else None)


def summary(s: Session, req: OrderRequest) -> list[str]:
    """What will be placed, in full."""
    from tradewire.core.auth import mask

    ex = s.exchange()
    what = f"{req.side.upper()} {req.amount:f} {req.symbol} ({ex.market_id(req.symbol)}) {req.type}"
    lines = [what + (f" at {req.price:f} {req.time_in_force}" if req.price is not None else " at market price"),
             f"market {req.market}" + (f", position side {req.position_side}" if req.position_side else "")
             + (", reduce-only" if req.reduce_only else "") + (f", client id {req.client_id}" if req.client_id else ""),
             f"on {ex.venue} {s.env}, API key {mask(s.keys.api_key) if s.keys else '-'}"]
    return lines


@order_app.command("place")
@renamed()
def place(
    ctx: typer.Context,
    symbol: SymbolArg,
    side: Annotated[str, typer.Option("--side", "-s", help="buy or sell")],
    type_: Annotated[str, typer.Option("--type", "-t", help="market, limit, stop-loss, stop-loss-limit, take-profit, "
                                                             "take-profit-limit or trailing-stop")],
    quantity: Annotated[str, typer.Option("--quantity", "-q", help="exact amount of the base asset")],
    price: Annotated[str | None, typer.Option("--price", "-p", help="limit price (exact)")] = None,
    market: MarketOpt = None,
    time_in_force: Annotated[str | None, typer.Option("--time-in-force", "--tif",
                                                      help="GTC (default for limit), IOC, FOK, PostOnly")] = None,
    position_side: Annotated[str | None, typer.Option(help="swap: LONG, SHORT (hedge mode) or BOTH")] = None,
    reduce_only: Annotated[bool, typer.Option("--reduce-only", help="swap: only reduce a position")] = False,
    client_id: ClientIdOpt = None,
    stop_price: Annotated[str | None, typer.Option("--stop-price", help="trigger price of a stop-loss or "
                                                   "take-profit order")] = None,
    callback_rate: Annotated[str | None, typer.Option("--callback-rate", help="trailing-stop: callback in percent "
                                                      "(1 = 1%)")] = None,
    activation_price: Annotated[str | None, typer.Option("--activation-price", help="trailing-stop: start "
                                                         "trailing at this price")] = None,
    take_profit: Annotated[str | None, typer.Option("--tp", help="swap/futures market or limit order: attach a "
                                                    "take-profit that closes at market when the mark price "
                                                    "reaches it")] = None,
    stop_loss: Annotated[str | None, typer.Option("--sl", help="swap/futures market or limit order: attach a "
                                                  "stop-loss at this mark price")] = None,
    max_deviation: Annotated[str, typer.Option("--max-deviation", help="percent a limit price may be through the "
                                               "last price before asking to confirm")] = str(MAX_DEVIATION),
    yes: Annotated[bool, typer.Option("--yes", "-y", help="skip the confirmation prompts")] = False,
) -> None:
    """Place an order; a limit price far through the market asks to confirm (even on sim), and on live it shows
    exactly what will be placed and asks for CONFIRM. A market order's answer shows its average price and fee."""
    from tradewire.cli import triggers

    s = session(ctx)
    kind = triggers.kind_of(type_)
    if kind is not None:
        _place_trigger(s, kind, symbol, _trigger_market(s, market), side, quantity, price, stop_price, callback_rate,
                       activation_price, position_side, reduce_only, client_id, max_deviation, yes)
        return
    if type_.strip().upper() not in TYPES:
        raise CliError(f"--type: must be one of market, limit, {', '.join(triggers.KINDS)} (got {type_!r})", USAGE)
    if stop_price or callback_rate or activation_price:
        raise CliError("--stop-price, --callback-rate and --activation-price apply to stop, take-profit and "
                       "trailing orders (--type)", USAGE)
    tp = amount(take_profit, "--tp") if take_profit else None
    sl = amount(stop_loss, "--sl") if stop_loss else None
    if _binance_futures(s, market):
        _place_futures(s, request_of(s, symbol, "swap", side, type_, quantity, price, time_in_force, position_side,
                                     reduce_only, client_id), tp, sl, max_deviation, yes)
        return
    req = request_of(s, symbol, market_of(s, market), side, type_, quantity, price, time_in_force, position_side,
                     reduce_only, client_id)
    bracket = triggers.attached(tp, sl)
    if bracket and req.market != "swap":
        raise CliError("--tp and --sl attach to perpetual orders (--market swap; Binance: --market futures); "
                       "elsewhere place a take-profit or stop-loss order", USAGE)
    s.require_keys()
    if req.price is not None:
        _confirm_far(s, req.symbol, req.market, req.side, req.price, max_deviation, yes)
    if s.env == "live":
        confirm_live(s.out, summary(s, req) + [f"{k.replace('_', '-')} at {v['stopPrice']:f} (mark price)"
                                               for k, v in bracket.items()], yes)
    try:
        placed = _send(s, req, bracket)
    except (UnknownOutcome, ServerError) as e:  # any 5xx on a write: the order may exist
        cid = (e.client_order_id if isinstance(e, UnknownOrderState) else None) or req.client_id
        check = (f"{_cli(s)} order get {req.symbol} --market {req.market} --client-id {cid}" if cid else
                 f"{_cli(s)} order list {req.symbol} --market {req.market}")
        raise CliError(f"OUTCOME UNKNOWN: the order was sent but its state could not be established ({e.message}); "
                       f"client order id {cid or '-'}. It was NOT re-sent: check it with `{check}` before placing "
                       "it again", NETWORK) from None
    if placed.average is None and (req.type == "MARKET" or placed.status in ("FILLED", "PARTIALLY_FILLED")):
        # a BingX perpetual's placing answer carries no fill data: read the order back
        placed = s.exchange().fetch_order(req.symbol, req.market, placed.id)
    s.out.show(order_table([placed], "Order placed", single=True))


def _binance_futures(s: Session, given: str | None) -> bool:
    """Whether this is a Binance USD-M futures order (`--market futures`, `swap`, `usdm` or `perp`)."""
    if s.exchange().venue != "binance" or given is None:
        return False
    from tradewire.cli.common import market_name

    return market_name(given) == "swap"


def _place_futures(s: Session, req: OrderRequest, tp: Decimal | None, sl: Decimal | None, max_deviation: str,
                   yes: bool) -> None:
    """A Binance USD-M MARKET or LIMIT order, its TP/SL legs sent once it is accepted (`futures_orders`)."""
    from tradewire.cli import futures_orders

    legs = futures_orders.legs_of(tp, sl)
    futures_orders.check(req, legs)
    s.require_keys()
    if req.price is not None:
        _confirm_far(s, req.symbol, req.market, req.side, req.price, max_deviation, yes)
    if s.env == "live":
        confirm_live(s.out, summary(s, req) + [f"then {g.name} {g.wire_type} at {g.trigger:f} (mark price), "
                                               "closePosition" for g in legs], yes)
    try:
        placed, results = futures_orders.place(s, req, legs)
    except (UnknownOutcome, ServerError) as e:
        cid = (e.client_order_id if isinstance(e, UnknownOrderState) else None) or req.client_id
        raise CliError(f"OUTCOME UNKNOWN: the order was sent but its state could not be established ({e.message}); "
                       f"client order id {cid or '-'}. It was NOT re-sent, and no take-profit or stop-loss was sent: "
                       f"check it with `{_cli(s)} order history {req.symbol} --market swap` before placing it again",
                       NETWORK) from None
    tables = [order_table([placed], "Order placed", single=True)]
    if results:
        tables.append(futures_orders.legs_table(results))
    s.out.show(*tables)
    futures_orders.raise_failed(results)


def _send(s: Session, req: OrderRequest, bracket: dict[str, Any]) -> Order:
    if not bracket:
        return s.exchange().place_order(req)
    from tradewire.unified.bingx import swap_order

    client = s.bingx()
    return swap_order(client.swap_order(
        s.exchange().market_id(req.symbol), req.side.upper(), req.type, quantity=req.amount, price=req.price,
        position_side=req.position_side, time_in_force=req.time_in_force, client_order_id=req.client_id,
        reduce_only=req.reduce_only, **bracket))


def _trigger_market(s: Session, given: str | None) -> str:
    """Binance USD-M takes conditional orders too (the algo endpoint), so `swap` (`futures`...) is allowed there."""
    return "swap" if _binance_futures(s, given) else market_of(s, given)


def _place_trigger(s: Session, kind: str, symbol: str, market: str, side: str, quantity: str, price: str | None,
                   stop_price: str | None, rate: str | None, activation: str | None, position_side: str | None,
                   reduce_only: bool, client_id: str | None, max_deviation: str, yes: bool) -> None:
    from tradewire.cli import triggers

    if market == "spot" and (position_side is not None or reduce_only):
        raise CliError("--position-side and --reduce-only apply to perpetual orders (--market swap)", USAGE)
    if client_id is not None and not CLIENT_ID.match(client_id):
        raise CliError("--client-id: 1 to 40 letters, digits or _ . : / - (each venue narrows it further)", USAGE)
    t = triggers.Trigger(kind=kind, symbol=market_symbol(symbol), market=market,
                         side=_one_of("--side", side, SIDES), quantity=amount(quantity, "--quantity"),
                         stop_price=amount(stop_price, "--stop-price") if stop_price else None,
                         price=amount(price, "--price") if price else None,
                         rate=amount(rate, "--callback-rate") if rate else None,
                         activation=amount(activation, "--activation-price") if activation else None,
                         position_side=_one_of("--position-side", position_side, POSITION_SIDES) if position_side
                         else None, reduce_only=reduce_only, client_id=client_id)
    t.check(s.exchange().venue)
    s.require_keys()
    if t.price is not None:
        _confirm_far(s, t.symbol, market, t.side.lower(), t.price, max_deviation, yes)
    if s.env == "live":
        what = (f"{t.side} {t.quantity:f} {t.symbol} {t.wire_type(s.exchange().venue)}"
                + (f" trigger {t.stop_price:f}" if t.stop_price is not None else "")
                + (f" limit {t.price:f}" if t.price is not None else "")
                + (f" callback {t.rate:f}%" if t.rate is not None else ""))
        confirm_live(s.out, [what, f"market {market}, on {s.exchange().venue} live"], yes)
    s.out.show(order_table([triggers.place(s, t)], "Order placed", single=True))


def _confirm_far(s: Session, symbol: str, market: str, side: str, price: Decimal, max_deviation: str,
                 yes: bool) -> None:
    """Ask (typed y) before a limit price more than `max_deviation` percent through the last price."""
    from tradewire.cli.common import data_exchange
    from tradewire.cli.prompts import confirm_far

    limit = amount(max_deviation, "--max-deviation")
    last = data_exchange(s, market).ticker(symbol).last
    through = (price - last) / last * 100 if side == "buy" else (last - price) / last * 100
    if through > limit:
        confirm_far(s.out, f"{side.upper()} limit {price:f} is {through:.2f}% through the last price {last:f} of "
                           f"{symbol} (more than {limit:f}%): it would fill at once, at up to that price", yes)


def _target(id_: str | None, client_id: str | None) -> None:
    if (id_ is None) == (client_id is None):
        raise CliError("give exactly one of --id and --client-id", USAGE)


@order_app.command("cancel")
@renamed()
def cancel(ctx: typer.Context, symbol: SymbolArg, id_: IdOpt = None, client_id: ClientIdOpt = None,
           market: MarketOpt = None,
           yes: Annotated[bool, typer.Option("--yes", "-y", help="skip the CONFIRM prompt on live")] = False) -> None:
    """Cancel one order by id or client id."""
    s = session(ctx)
    _target(id_, client_id)
    where = market_of(s, market)
    sym = market_symbol(symbol)
    s.require_keys()
    if s.env == "live":
        confirm_live(s.out, [f"Cancel {where} order {id_ or client_id} on {sym}", f"on {s.opts.venue} live"], yes)
    try:
        done = s.exchange().cancel_order(sym, where, id_, client_id)
    except (UnknownOutcome, ServerError) as e:
        which = f"--id {id_}" if id_ else f"--client-id {client_id}"
        raise CliError(f"OUTCOME UNKNOWN: the cancel was sent but no clear answer came back ({e.message}); it was "
                       f"NOT retried. Check with `{_cli(s)} order get {sym} --market {where} {which}`",
                       NETWORK) from None
    s.out.show(order_table([done], "Order cancelled", single=True))


@order_app.command("cancel-all")
@renamed()
def cancel_all(ctx: typer.Context,
               symbol: Annotated[str | None, typer.Argument(help="e.g. BTC-USDT; every symbol when omitted "
                                                                  "(BingX)")] = None,
               market: MarketOpt = None,
               yes: Annotated[bool, typer.Option("--yes", "-y", help="skip the CONFIRM prompt on live")] = False,
               ) -> None:
    """Cancel every open order of a market (of one symbol, or all on BingX)."""
    s = session(ctx)
    where = _trigger_market(s, market)
    sym = market_symbol(symbol) if symbol else None
    ex = s.exchange()
    if ex.venue == "binance" and sym is None:
        raise CliError("Binance cancels open orders per symbol: give a SYMBOL", USAGE)
    s.require_keys()
    if s.env == "live":
        confirm_live(s.out, [f"Cancel every open {where} order" + (f" of {sym}" if sym else ""),
                             f"on {s.opts.venue} live"], yes)
    from tradewire.unified import binance as ub
    from tradewire.unified import bingx as ux

    wire = ex.market_id(sym) if sym else None
    if ex.venue == "bingx" and where == "swap":
        rows = [ux.swap_order(o) for o in s.bingx().cancel_all_swap_orders(wire).success or []]
    elif ex.venue == "bingx":
        rows = [ux.spot_order(o) for o in s.bingx().cancel_spot_open_orders(wire)]
    elif where == "spot":
        from tradewire.binance.models import Order as SpotOrder

        rows = [ub.spot_order(o) for o in ex.client.cancel_open_orders(wire) if isinstance(o, SpotOrder)]
    else:
        ex.client.futures_cancel_all(wire)
        rows = []
        s.out.info(f"Every open USD-M order of {sym} was cancelled (Binance does not list them in its answer).")
    s.out.show(order_table(rows, f"Cancelled {where} orders", empty="no open orders were cancelled"))


def _cli(s: Session) -> str:
    """The command line that reaches the same venue and environment."""
    return f"tradewire --venue {s.opts.venue} --env {s.opts.env or s.env}"


@order_app.command("get")
@renamed()
def get(ctx: typer.Context, symbol: SymbolArg, id_: IdOpt = None, client_id: ClientIdOpt = None,
        market: MarketOpt = None) -> None:
    """One order in any status (e.g. to check an order whose outcome was unknown)."""
    s = session(ctx)
    _target(id_, client_id)
    where = market_of(s, market)
    s.require_keys()
    s.out.show(order_table([s.exchange().fetch_order(market_symbol(symbol), where, id_, client_id)], "Order",
                           single=True))


@order_app.command("list")
@renamed()
def list_(ctx: typer.Context,
          symbol: Annotated[str | None, typer.Argument(help="e.g. BTC-USDT; all symbols when omitted")] = None,
          market: MarketOpt = None) -> None:
    """Open orders."""
    s = session(ctx)
    where = market_of(s, market)
    s.require_keys()
    rows = s.exchange().open_orders(where, market_symbol(symbol) if symbol else None)
    s.out.show(order_table(sorted(rows, key=lambda o: (o.time or 0, o.id)), f"Open {where} orders"))


def register(app: typer.Typer) -> None:
    """Add the `order` group."""
    from tradewire.cli import killswitch

    killswitch.register(order_app)
    app.add_typer(order_app, name="order")
