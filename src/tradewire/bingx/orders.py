"""Placing an order safely: symbol precision, a client order id, and reconciliation of unknown outcomes.

Written once as a flow generator (like `core.call.flow`), so the sync and async clients share it.

Decision on an unknown outcome (timeout, HTTP 504, connection lost after sending, 101500): the order
is never sent again. It is looked up by its client order id (one is generated when the caller gave
none). Found: the real order is returned. Not found: the lookup is repeated once the request's
validity window (`recvWindow`, 5 s by default, plus a margin) has passed, after which the server
refuses it; still not found means it was not placed and `OrderNotPlaced` is raised, so the caller
may send it again. No client order id (swap types other than MARKET/LIMIT cannot carry one) or no
answer to the lookups: `UnknownOrderState` with the symbol, the id and the parameters to check.

Position side (swap): BingX wants `positionSide=BOTH` in one-way mode and LONG or SHORT in hedge mode
(swap-trade api-reference; 109400 "PositionSide must be BOTH in one-way mode" otherwise). The client
learns the account's mode once (`GET /openApi/swap/v1/positionSide/dual`), keeps it (`PositionModes`,
updated by its own `position_mode`/`set_position_mode`), fills BOTH when the caller gave no side in
one-way mode, and refuses before the wire a missing side in hedge mode, or a side that contradicts the
known mode.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any, TypeVar

from tradewire.bingx import endpoints as E
from tradewire.bingx import trade as T
from tradewire.bingx import trade_models as t
from tradewire.core.call import Context, Flow, Once, Sleep, backoff, flow
from tradewire.core.clock import Clock
from tradewire.core.endpoint import Endpoint
from tradewire.core.errors import (
    NotFound,
    OrderNotFound,
    OrderNotPlaced,
    RateLimited,
    ServerError,
    TransportError,
    UnknownOrderState,
    UnknownOutcome,
    ValidationError,
)
from tradewire.core.validate import to_decimal

DEFAULT_RECV_WINDOW_MS = 5000
WINDOW_MARGIN_MS = 1000
LOOKUPS = 5


def new_client_order_id() -> str:
    """A fresh id valid on spot and swap: 32 lower-case letters and digits (the rule is 1-40)."""
    return "tw" + secrets.token_hex(15)


@dataclass(frozen=True, slots=True)
class SymbolRules:
    """Price and quantity steps of one symbol, and its minimum quantity."""

    symbol: str
    tick: Decimal
    step: Decimal
    min_qty: Decimal | None = None


class Precision:
    """Per-market symbol rules (`"spot"`, `"swap"`), filled from `contracts()` / spot symbols.

    `place` loads a market's rules before its first order; a symbol missing from them is left to the
    server. Nothing is ever rounded.
    """

    PRICES = ("price", "stopPrice", "activationPrice")

    def __init__(self) -> None:
        self._rules: dict[str, dict[str, SymbolRules]] = {"spot": {}, "swap": {}}

    def load_contracts(self, contracts: Iterable[Any]) -> None:
        """Remember the swap contracts' precisions."""
        for c in contracts:
            self._rules["swap"][c.symbol] = SymbolRules(c.symbol, c.tick_size, c.step_size, c.trade_min_quantity)

    def load_spot(self, symbols: Iterable[t.SpotSymbol]) -> None:
        """Remember the spot pairs' steps."""
        for s in symbols:
            self._rules["spot"][s.symbol] = SymbolRules(s.symbol, s.tick_size, s.step_size, s.min_qty)

    def loaded(self, market: str) -> bool:
        """Whether the rules of `market` were loaded."""
        return bool(self._rules[market])

    def load(self, market: str, data: Any) -> None:
        """Remember the rules answered by the market's rules endpoint (`Placement.rules`)."""
        if market == "swap":
            self.load_contracts(data)
        else:
            self.load_spot(data.symbols)

    def get(self, market: str, symbol: str) -> SymbolRules | None:
        """The rules of `symbol`, when loaded."""
        return self._rules[market].get(symbol)

    def check(self, market: str, params: Mapping[str, Any]) -> None:
        """Raise `ValidationError` when a price or quantity is off the symbol's step."""
        rules = self._rules[market].get(str(params.get("symbol")))
        if rules is None:
            return
        for name, step in (("quantity", rules.step), *((p, rules.tick) for p in self.PRICES)):
            if params.get(name) is None:
                continue
            value = to_decimal(name, params[name])
            if step > 0 and _off_step(value, step):
                raise ValidationError(name, f"must be a multiple of {step} for {rules.symbol} (precision rule)",
                                      params[name])
        qty = params.get("quantity")
        if qty is not None and rules.min_qty and to_decimal("quantity", qty) < rules.min_qty:
            raise ValidationError("quantity", f"must be at least {rules.min_qty} for {rules.symbol}", qty)


def _off_step(value: Decimal, step: Decimal) -> bool:
    """Whether `value` is not a whole multiple of `step`, computed exactly (bounded inputs, wide context)."""
    with localcontext(prec=80):
        return value % step != 0


@dataclass(frozen=True, slots=True)
class Placement:
    """How one market places and finds orders."""

    market: str
    cid: str  # the client-id parameter of the order
    query: Endpoint
    query_cid: str  # the client-id parameter of the lookup
    taggable: Callable[[Mapping[str, Any]], bool]
    unwrap: Callable[[Any], Any]
    rules: Endpoint  # the symbols' steps and minimums


SPOT = Placement("spot", "newClientOrderId", T.SPOT_QUERY, "clientOrderID", lambda p: True, lambda r: r,
                 T.SPOT_SYMBOLS)
SWAP = Placement("swap", "clientOrderId", T.SWAP_QUERY, "clientOrderId",
                 lambda p: p.get("type") in T.SWAP_CID_TYPES, lambda r: r.order, E.CONTRACTS)


class PositionModes:
    """The account's swap position mode as this client knows it (`None`: not fetched yet)."""

    __slots__ = ("hedge",)

    def __init__(self) -> None:
        self.hedge: bool | None = None


K = TypeVar("K", PositionModes, Precision)


def modes_of(client: object) -> PositionModes:
    """The client's position-mode cache (created on first use)."""
    return _kept(client, "_position_modes", PositionModes)


def _kept(client: object, attr: str, kind: type[K]) -> K:
    """A per-client cache held in `attr`, created on first use."""
    found = getattr(client, attr, None)
    if not isinstance(found, kind):
        found = kind()
        setattr(client, attr, found)
    return found


def position_side(ctx: Context, params: dict[str, Any], modes: PositionModes) -> Flow:
    """Fill `positionSide=BOTH` in one-way mode; refuse a missing side in hedge mode, or a side that
    contradicts the known mode (see the module docstring). The mode is fetched once, when first needed."""
    side = params.get("positionSide")
    if side is None and modes.hedge is None:
        yield Once(ctx.flights, "position mode", lambda: _load_mode(ctx, modes))
    if modes.hedge is None:  # a side was given and the mode is not known: the server decides
        return
    if side is None:
        if modes.hedge:
            raise ValidationError("positionSide", "is required in hedge mode: LONG or SHORT")
        params["positionSide"] = "BOTH"
    elif modes.hedge and side == "BOTH":
        raise ValidationError("positionSide", "must be LONG or SHORT in hedge mode (BOTH is one-way mode)", side)
    elif not modes.hedge and side != "BOTH":
        raise ValidationError("positionSide", "must be BOTH in one-way mode (LONG/SHORT need hedge mode)", side)


def sides(ctx: Context, orders: Iterable[Mapping[str, Any]], modes: PositionModes) -> Flow:
    """Copies of swap orders (wire names) with their position side settled as `position_side` does."""
    done = []
    for order in orders:
        given = {k: v for k, v in order.items() if v is not None}
        yield from position_side(ctx, given, modes)
        done.append(given)
    return done


def place(ctx: Context, spec: Placement, ep: Endpoint, params: Mapping[str, Any], precision: Precision,
          modes: PositionModes | None = None) -> Flow:
    """Validate (rules, then precision: the market's rules are loaded before its first order; then the
    position side, when `modes` is given), tag with a client order id, send once, reconcile an unknown
    outcome."""
    given = {k: v for k, v in params.items() if v is not None}
    ep.build(given)  # the parameter rules first: a bad order costs no request
    yield from check(ctx, spec, given, precision)
    if modes is not None:
        yield from position_side(ctx, given, modes)
    if spec.cid not in given and spec.taggable(given):
        given[spec.cid] = new_client_order_id()
    try:
        return spec.unwrap((yield from flow(ctx, ep, given)))
    except UnknownOrderState:
        raise
    except UnknownOutcome as e:
        # every send (a clock resync may have re-stamped it) happened before now: the server's window for it
        # closes at the latest recvWindow after this moment, never before, whatever waits came first
        sent_ms = Clock.local_ms()
        cid = given.get(spec.cid)
        if cid is None:
            raise UnknownOrderState(
                f"{e.message}; the order carries no client order id: check open orders and history of "
                f"{given.get('symbol')} for {_describe(given)}", venue="bingx", endpoint=ep.path,
                params=e.params) from e
        return (yield from reconcile(ctx, spec, str(given["symbol"]), str(cid), sent_ms, e))


def check(ctx: Context, spec: Placement, params: Mapping[str, Any], precision: Precision) -> Flow:
    """The symbol's precision, its market's rules loaded first if this is the market's first order (once,
    however many orders wait for them)."""
    if not precision.loaded(spec.market):
        yield Once(ctx.flights, ("rules", spec.market), lambda: _load_rules(ctx, spec, precision))
    precision.check(spec.market, params)


def _load_mode(ctx: Context, modes: PositionModes) -> Flow:
    answer: t.PositionMode = yield from flow(ctx, T.SWAP_POSITION_MODE, {})
    modes.hedge = answer.hedge


def _load_rules(ctx: Context, spec: Placement, precision: Precision) -> Flow:
    precision.load(spec.market, (yield from flow(ctx, spec.rules, {})))


def dry_run(ctx: Context, spec: Placement, ep: Endpoint, params: Mapping[str, Any], precision: Precision,
         modes: PositionModes | None = None) -> Flow:
    """A test order: checked as `place` checks (rules, precision, position side), then sent to `ep`."""
    given = {k: v for k, v in params.items() if v is not None}
    ep.build(given)
    yield from check(ctx, spec, given, precision)
    if modes is not None:
        yield from position_side(ctx, given, modes)
    return spec.unwrap((yield from flow(ctx, ep, given)))


def reconcile(ctx: Context, spec: Placement, symbol: str, cid: str, sent_ms: int, cause: Exception) -> Flow:
    """Find the order by client id; see the module docstring for what each outcome means."""
    deadline = sent_ms + (ctx.recv_window or DEFAULT_RECV_WINDOW_MS) + WINDOW_MARGIN_MS
    failures = 0
    while True:
        try:
            found = yield from flow(ctx, spec.query, {"symbol": symbol, spec.query_cid: cid})
            return spec.unwrap(found)
        except (OrderNotFound, NotFound) as e:
            wait = deadline - Clock.local_ms()
            if wait <= 0:
                raise OrderNotPlaced(
                    f"not placed: the outcome was unknown ({cause}) and no order {cid} exists on {symbol}; "
                    f"it is safe to send it again", client_order_id=cid, venue="bingx",
                    endpoint=spec.query.path) from e
            yield Sleep(wait / 1000)  # float ok: seconds
        except (TransportError, UnknownOutcome, ServerError, RateLimited) as e:
            failures += 1
            if failures >= LOOKUPS:
                raise UnknownOrderState(
                    f"outcome unknown ({cause}) and {failures} lookups of client order id {cid} on {symbol} got no "
                    f"answer (last: {e}): check it with the order query before sending again",
                    client_order_id=cid, venue="bingx", endpoint=spec.query.path,
                    params=getattr(cause, "params", None)) from e
            yield Sleep(backoff(failures))


def _describe(params: Mapping[str, Any]) -> str:
    keys = ("side", "type", "positionSide", "quantity", "quoteOrderQty", "price", "stopPrice")
    return " ".join(f"{k}={params[k]}" for k in keys if k in params)


def batch(ep: Endpoint, spec: Placement, orders: Iterable[Mapping[str, Any]], precision: Precision,
          limit: int = 5) -> list[dict[str, str]]:
    """Each order of a batch checked as a single one would be (rules, precision), rendered for the JSON list."""
    rendered = []
    for order in orders:
        given = {k: v for k, v in order.items() if v is not None}
        precision.check(spec.market, given)
        rendered.append(ep.build(given))
    if not 1 <= len(rendered) <= limit:
        raise ValidationError("orders", f"a batch holds 1 to {limit} orders", len(rendered))
    return rendered


def precision_of(client: object) -> Precision:
    """The client's symbol-rules cache (created on first use)."""
    return _kept(client, "_precision", Precision)
