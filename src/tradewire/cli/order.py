"""`order place|cancel|get|list`: spot and perpetual orders (BingX), spot orders (Binance)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

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
              Col("price", "Price", "dec"), Col("amount", "Amount", "dec"), Col("filled", "Filled", "dec"),
              Col("time_in_force", "TIF"), Col("status", "Status"), Col("time", "Time", "time"))

order_app = typer.Typer(help="Place, cancel and list orders (spot and perpetual on BingX, spot on Binance).",
                        no_args_is_help=True)

SymbolArg = Annotated[str, typer.Argument(help="e.g. BTC-USDT, BTC/USDT or BTCUSDT")]
MarketOpt = Annotated[str | None, typer.Option("--market", "-m", help="spot or swap (perpetual; BingX only); "
                                               "Binance: spot by default")]
IdOpt = Annotated[str | None, typer.Option("--id", help="the exchange's order id")]
ClientIdOpt = Annotated[str | None, typer.Option("--client-id", help="your client order id")]


def order_table(rows: list[Order], title: str, single: bool = False, empty: str = "no open orders") -> Table:
    """Orders (JSON: ids are strings, amounts exact strings)."""
    return Table("orders" if not single else "order", title, ORDER_COLS,
                 [{c.key: getattr(o, c.key) for c in ORDER_COLS} for o in rows], single=single, empty=empty)


def market_of(s: Session, given: str | None) -> str:
    """`spot` or `swap`: as given, Binance's only market, or chosen on a terminal."""
    ex = s.exchange()
    if given is None:
        if len(ex.markets) == 1:
            return ex.markets[0]
        return choose(s.out, "--market", "Which market?", [("spot", "Spot"), ("swap", "Perpetual futures (USDT-M)")])
    market = given.strip().lower()
    if market not in ("spot", "swap"):
        raise CliError(f"--market: must be spot or swap (got {given!r})", USAGE)
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
    if client_id is not None and not 1 <= len(client_id) <= 40:
        raise CliError("--client-id: 1 to 40 characters", USAGE)
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
    type_: Annotated[str, typer.Option("--type", "-t", help="market or limit")],
    quantity: Annotated[str, typer.Option("--quantity", "-q", help="exact amount of the base asset")],
    price: Annotated[str | None, typer.Option("--price", "-p", help="limit price (exact)")] = None,
    market: MarketOpt = None,
    time_in_force: Annotated[str | None, typer.Option("--time-in-force", "--tif",
                                                      help="GTC (default for limit), IOC, FOK, PostOnly")] = None,
    position_side: Annotated[str | None, typer.Option(help="swap: LONG, SHORT (hedge mode) or BOTH")] = None,
    reduce_only: Annotated[bool, typer.Option("--reduce-only", help="swap: only reduce a position")] = False,
    client_id: ClientIdOpt = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="skip the CONFIRM prompt on live")] = False,
) -> None:
    """Place an order; on live, shows exactly what will be placed and asks for CONFIRM."""
    s = session(ctx)
    req = request_of(s, symbol, market_of(s, market), side, type_, quantity, price, time_in_force, position_side,
                     reduce_only, client_id)
    s.require_keys()
    if s.env == "live":
        confirm_live(s.out, summary(s, req), yes)
    try:
        placed = s.exchange().place_order(req)
    except (UnknownOutcome, ServerError) as e:  # any 5xx on a write: the order may exist
        cid = (e.client_order_id if isinstance(e, UnknownOrderState) else None) or req.client_id
        check = (f"{_cli(s)} order get {req.symbol} --market {req.market} --client-id {cid}" if cid else
                 f"{_cli(s)} order list {req.symbol} --market {req.market}")
        raise CliError(f"OUTCOME UNKNOWN: the order was sent but its state could not be established ({e.message}); "
                       f"client order id {cid or '-'}. It was NOT re-sent: check it with `{check}` before placing "
                       "it again", NETWORK) from None
    s.out.show(order_table([placed], "Order placed", single=True))


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
