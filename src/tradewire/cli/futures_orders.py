"""Binance USD-M futures MARKET and LIMIT orders for `order place --market futures`, with take-profit and
stop-loss attached the way Binance's own UI does it: the entry first; once it is accepted, each leg is a separate
STOP_MARKET or TAKE_PROFIT_MARKET algo order with closePosition=true (reduce-only by nature: it closes what is
open and never opens), on the opposite side, sent once with its own client id. A refused entry sends nothing
else; a failed leg leaves the entry placed and is named: FAILED when the venue refused it (it does not exist),
UNKNOWN when its answer was lost and its client id was not found (it may exist: never re-sent)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from tradewire.app.errors import EXCHANGE, NETWORK, USAGE, CliError, describe
from tradewire.app.output import Col, Table
from tradewire.app.session import Session
from tradewire.core.errors import TradewireError, UnknownOutcome

if TYPE_CHECKING:
    from tradewire.binance.models import FuturesOrder
    from tradewire.unified import Order, OrderRequest

#: our time-in-force names -> USD-M's (GTX is its post-only)
TIFS = {"GTC": "GTC", "IOC": "IOC", "FOK": "FOK", "PostOnly": "GTX"}
#: the trigger price a leg watches, as on BingX (`triggers.attached`)
WORKING_TYPE = "MARK_PRICE"
LEG_COLS = (Col("leg", "Leg"), Col("id", "Algo id"), Col("client_id", "Client id"), Col("type", "Type"),
            Col("side", "Side"), Col("position_side", "Position"), Col("stop_price", "Trigger", "dec"),
            Col("status", "Status"), Col("error", "Error"))


@dataclass(frozen=True)
class Leg:
    """One attached order: `take-profit` or `stop-loss` at `trigger`, sent with `client_id`."""

    name: str
    wire_type: str
    trigger: Decimal
    client_id: str


@dataclass(frozen=True)
class LegResult:
    """What became of a leg: the venue's answer, or the error that stopped it."""

    leg: Leg
    order: Order | None
    error: TradewireError | None


def legs_of(take_profit: Decimal | None, stop_loss: Decimal | None) -> list[Leg]:
    """The legs to attach, each with a fresh client id (so an unknown outcome is looked up, never re-sent)."""
    from tradewire.binance.base import new_client_order_id

    out = []
    if take_profit is not None:
        out.append(Leg("take-profit", "TAKE_PROFIT_MARKET", take_profit, new_client_order_id()))
    if stop_loss is not None:
        out.append(Leg("stop-loss", "STOP_MARKET", stop_loss, new_client_order_id()))
    return out


def check(req: OrderRequest, legs: list[Leg]) -> None:
    """The rules that need no exchange."""
    if req.reduce_only and req.position_side in ("LONG", "SHORT"):
        # Binance USD-M New Order: reduceOnly "cannot be sent in Hedge Mode" (closing is SELL LONG / BUY SHORT)
        raise CliError("--reduce-only: not in hedge mode (--position-side LONG/SHORT); close a long with "
                       "--side sell --position-side long", USAGE)
    if legs and req.reduce_only:
        raise CliError("--tp and --sl attach to an order that opens or adds to a position, not a --reduce-only one",
                       USAGE)
    if req.time_in_force is not None and req.time_in_force not in TIFS:
        raise CliError(f"--time-in-force: USD-M takes {', '.join(TIFS)}", USAGE)


def place(s: Session, req: OrderRequest, legs: list[Leg]) -> tuple[Order, list[LegResult]]:
    """The entry, then (only once it is accepted) each leg; a leg's failure is kept, not raised."""
    client = s.exchange().client
    sym = s.exchange().market_id(req.symbol)
    entry = client.futures_new_order(
        sym, req.side.upper(), req.type, quantity=req.amount, price=req.price,
        time_in_force=TIFS[req.time_in_force] if req.time_in_force else None,
        reduce_only=True if req.reduce_only else None, new_client_order_id=req.client_id,
        positionSide=req.position_side)
    placed = _with_fee(s, sym, futures_order(entry))
    close_side = "SELL" if req.side == "buy" else "BUY"
    results = []
    for leg in legs:
        try:
            algo = client.futures_new_algo_order(sym, close_side, leg.wire_type, trigger_price=leg.trigger,
                                                 working_type=WORKING_TYPE, close_position=True,
                                                 client_algo_id=leg.client_id, positionSide=req.position_side)
        except TradewireError as e:
            results.append(LegResult(leg, None, e))
            continue
        from tradewire.cli.triggers import algo_order

        results.append(LegResult(leg, algo_order(algo), None))
    return placed, results


def futures_order(o: FuturesOrder) -> Order:
    """A USD-M order, venue-neutral (a MARKET order's price 0 is no price)."""
    from tradewire.unified import Order, symbols

    return Order(venue="binance", market="swap", symbol=symbols.unified(o.symbol), id=str(o.order_id),
                 client_id=o.client_order_id, side=o.side.lower(), type=o.type, status=o.status,
                 price=o.price or None, amount=o.orig_qty, filled=o.executed_qty, time_in_force=o.time_in_force,
                 position_side=o.position_side, reduce_only=o.reduce_only, time=o.update_time or None,
                 average=o.avg_price or None)


def _with_fee(s: Session, sym: str, o: Order) -> Order:
    """A filled order with its fee, summed from its own trades (the placing answer carries none); positive, as
    USD-M's `commission` (and `fills`) show it."""
    from msgspec.structs import replace

    if not o.filled:
        return o
    trades = s.exchange().client.futures_user_trades(sym, order_id=int(o.id))
    if not trades:
        return o
    assets = {t.commission_asset for t in trades}
    return replace(o, fee=sum((t.commission for t in trades), Decimal(0)),
                   fee_asset=assets.pop() if len(assets) == 1 else None)


def legs_table(results: list[LegResult]) -> Table:
    """The attached legs: placed, FAILED (refused: it does not exist) or UNKNOWN (it may exist), with the error."""
    rows: list[dict[str, object]] = []
    for r in results:
        o = r.order
        status = o.status if o else "UNKNOWN" if isinstance(r.error, UnknownOutcome) else "FAILED"
        rows.append({"leg": r.leg.name, "id": o.id if o else None, "client_id": r.leg.client_id,
                     "type": r.leg.wire_type, "side": o.side if o else None,
                     "position_side": o.position_side if o else None, "stop_price": r.leg.trigger,
                     "status": status, "error": _line(r.error) if r.error else None})
    return Table("attached", "Attached take-profit / stop-loss", LEG_COLS, rows)


def _line(e: TradewireError) -> str:
    if isinstance(e, UnknownOutcome):  # describe() would point at `order get`, which shows no algo order
        return f"OUTCOME UNKNOWN: {e.message}"
    return describe(e, lambda: None)[1]


def _names(results: list[LegResult]) -> str:
    return "; ".join(f"{r.leg.name} at {r.leg.trigger:f} (client id {r.leg.client_id}): "
                     f"{_line(r.error).rstrip('.') if r.error else ''}" for r in results)


def raise_failed(results: list[LegResult]) -> None:
    """Exit non-zero naming each failed leg (the entry was placed and shown already): a refused leg does not
    exist and may be placed again; a leg whose outcome is unknown may exist, and placing it again could double
    it."""
    refused = [r for r in results if r.error is not None and not isinstance(r.error, UnknownOutcome)]
    unknown = [r for r in results if isinstance(r.error, UnknownOutcome)]
    if not refused and not unknown:
        return
    parts = []
    if refused:
        parts.append(f"attaching failed for {_names(refused)}. The position has no such protection: place it with "
                     "`order place --market futures -t stop-loss|take-profit`")
    if unknown:
        parts.append(f"the outcome of {_names(unknown)} is unknown. It was sent once and NOT re-sent, and it may "
                     "exist: check the symbol's open conditional (algo) orders for its client id before placing "
                     "it again")
    raise CliError("the entry order was placed, but " + "; and ".join(parts), NETWORK if unknown else EXCHANGE)
