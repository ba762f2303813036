"""The BingX trading front-end: spot orders over the matching engine, perpetual orders over `PerpEngine`.

Wire shapes follow the live server (swap orders wrapped in `data.order` / `data.orders`, as captured
by ccxt). Error codes: post-only would take 101215, insufficient margin 101204, reduce-only 101290 (one-way;
hedge mode refuses reduceOnly with 109400), closing more than the hedge position 110203, margin mode
locked by a position or orders 80001,
swap order not found 80016, spot order not found 100404, duplicate client id within 1 s 109201,
leverage over the maximum 101414, insufficient spot balance 100202, position not isolated 101479,
no position to close 101205, trailing activation on the wrong side 110419/110420.
Every order change of a user publishes an `OrderEvent` on `state.events` (spot: after the request).
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from decimal import Decimal
from typing import Any

from tradewire.sim.bingx import errors
from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.contracts import Contract
from tradewire.sim.bingx.errors import ApiError
from tradewire.sim.bingx.perp_engine import HOUSE_UID, PerpEngine
from tradewire.sim.bingx.perp_settle import catch_up
from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.swap_timers import fire_due
from tradewire.sim.engine import Engine, Order, Pair
from tradewire.sim.engine import Event as EngineEvent
from tradewire.sim.engine import OrderEvent as EngineOrderEvent
from tradewire.sim.events import EventHub, OrderEvent
from tradewire.sim.market import Market
from tradewire.sim.replay import ReplayMarket, house_for

D = Decimal
SPOT_CONTRACTS = {  # what the spot tapes need of a pair: precision, start price, trade sizes
    "BTC-USDT": Contract("BTC-USDT", "", "BTC", 2, 5, D("0.00001"), D(1), 1, D("65000.00"), 25, D(0)),
    "ETH-USDT": Contract("ETH-USDT", "", "ETH", 2, 4, D("0.0001"), D(1), 1, D("3200.00"), 25, D(0)),
}
SPOT_TICK = {s: c.tick for s, c in SPOT_CONTRACTS.items()}
SPOT_PAIRS = tuple(Pair(s, c.asset, c.currency, c.step) for s, c in SPOT_CONTRACTS.items())
SPOT_START = {s: c.base_price for s, c in SPOT_CONTRACTS.items()}
SPOT_ORDER_NOT_FOUND = 100404
SPOT_ID_BASE = 1_700_000_000_000_000_000
OCO_ID_BASE = 1_750_000_000_000_000_000
POST_ONLY_TAKES = 101215
SPOT_CID = re.compile(r"^[A-Za-z0-9_]{1,40}$")
SWAP_CID = re.compile(r"^[A-Za-z0-9]{1,40}$")
_DEC = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_LOCK = threading.Lock()


class Trading:
    """The spot engine (the house quoting a tape per spot symbol on it) and the perpetual engine."""

    def __init__(self, state: SimState) -> None:
        self.state = state
        self.spot = Engine(state.ledger, list(SPOT_PAIRS), state.clock.now_ms, state.lock, house=HOUSE_UID)
        # the spot tapes walk like the swap ones (same seed), at the spot pairs' precision; their trades are
        # not published on the swap event hub
        self.spot_market: Market = Market(state.seed, state.market.start_ms, EventHub(), SPOT_CONTRACTS)
        if isinstance(state.market, ReplayMarket) and state.market.recording.bingx_spot:  # the recorded pairs
            recording = replace(state.market.recording, symbols=state.market.recording.bingx_spot)
            self.spot_market = ReplayMarket(recording, state.seed, EventHub(), SPOT_CONTRACTS)
        self.spot_house = house_for(self.spot, self.spot_market)
        self.perp = PerpEngine(state)
        self.kinds: dict[int, str] = {}  # engine order id -> the BingX order type it was placed as
        self.pending: list[OrderEvent] = []
        state.ledger.seed(HOUSE_UID, "spot", "USDT", D(10) ** 12)
        for pair in SPOT_PAIRS:
            state.ledger.seed(HOUSE_UID, "spot", pair.base, D(1_000_000))
        self.spot.listeners.append(self._on_engine)
        self.spot_catch_up(state.clock.now_ms())

    def spot_catch_up(self, now: int) -> None:
        """Let the house play the spot tapes up to `now` (resting spot orders may fill); the order events
        that caused wait in `pending` for `flush`."""
        for pair in SPOT_PAIRS:
            self.spot_house.catch_up(pair.symbol, now)

    def spot_id(self, order: Order) -> str:
        """A 19-digit id of an engine order (above 2**53, like the live ones)."""
        return str(SPOT_ID_BASE + order.id)

    def _on_engine(self, event: EngineEvent) -> None:
        """Snapshot a user's order change now; `flush` publishes it (types are known only after placing)."""
        if not isinstance(event, EngineOrderEvent) or event.order.uid == HOUSE_UID:
            return
        o, fill = event.order, event.fill
        pair = self.spot.books[o.symbol].pair
        status = {"EXPIRED_IN_MATCH": "EXPIRED", "REJECTED": "EXPIRED"}.get(o.status, o.status)
        execution = event.kind if event.kind in ("NEW", "TRADE", "CANCELED") else "EXPIRED"
        self.pending.append(OrderEvent(
            o.uid, o.symbol, "spot", o.client_id, self.spot_id(o), o.side, self.kinds.get(o.id, ""), "",
            o.executed if o.quote_qty is not None else o.qty, o.price or D(0), o.stop_price or D(0),
            o.cum_quote / o.executed if o.executed else D(0), status, execution,
            fill.qty if fill else D(0), fill.price if fill else D(0), o.executed,
            pair.base if o.side == "BUY" else pair.quote, -sum((f.commission for f in o.fills), D(0)), D(0),
            event.time))

    def flush(self) -> None:
        """Publish the pending spot events; a by-quote MARKET order's last fill reports it FILLED."""
        events, self.pending = self.pending, []
        for i, e in enumerate(events):
            order = self.spot.orders[int(e.order_id) - SPOT_ID_BASE]
            if not e.order_type:
                e = replace(e, order_type=self.kinds.get(order.id, order.type))
            if e.execution_type == "TRADE" and order.status == "FILLED" and e.status != "FILLED" \
                    and all(x.order_id != e.order_id for x in events[i + 1:]):
                e = replace(e, status="FILLED", qty=order.qty)
            self.state.events.publish(e)


def trading(state: SimState) -> Trading:
    """The trading state of `state`, created on first use."""
    with _LOCK:
        found = getattr(state, "_bingx_trading", None)
        if found is None:
            found = Trading(state)
            state._bingx_trading = found  # type: ignore[attr-defined]
        assert isinstance(found, Trading)
        return found


def settled(state: SimState, now: int) -> Trading:
    """The trading state of `state` with cancel-all-after timers, funding and liquidations settled up to `now`."""
    t = trading(state)
    fire_due(t.perp, now)
    catch_up(t.perp, now)
    return t


def spot_settled(state: SimState, now: int) -> Trading:
    """The trading state of `state` with the spot tapes played up to `now` and the order events that caused
    published."""
    t = trading(state)
    try:
        t.spot_catch_up(now)
    finally:
        t.flush()
    return t


# --- parameters ------------------------------------------------------------------------------


def decimal_param(call: Call, name: str, *, required: bool = False) -> Decimal | None:
    raw = call.params.text(name, required=required)
    if raw is None:
        return None
    if not _DEC.match(raw) or D(raw) <= 0 or len(raw.partition(".")[0].lstrip("0")) > 20:
        raise call.params.fail(f"{name} must be a positive number below 10^20")
    return D(raw)


def check_step(call: Call, name: str, value: Decimal | None, step: Decimal) -> None:
    if value is not None and value % step:
        raise call.params.fail(f"{name} precision is invalid: step {fmt(step)}")


def spot_symbol(call: Call) -> str:
    symbol = call.params.symbol(required=True)
    assert symbol is not None
    if symbol not in SPOT_TICK:
        raise ApiError(errors.PARAM_ERROR, f"symbol {symbol} does not exist")
    return symbol


def swap_symbol(call: Call, required: bool = True) -> str | None:
    symbol = call.params.symbol(required=required)
    if symbol is not None and symbol not in call.state.market.contracts:
        raise ApiError(errors.SYMBOL_NOT_EXIST, f"symbol {symbol} does not exist")
    return symbol


def sub_call(call: Call, entry: Any) -> Call:
    """One entry of a batch as a call of its own (JSON booleans as "true"/"false")."""
    if not isinstance(entry, dict):
        raise call.params.fail("each order must be a JSON object")
    values = {k: ("true" if v else "false") if isinstance(v, bool) else str(v) for k, v in entry.items()}
    return Call(call.state, type(call.params)(values, call.params.error_code), call.user, call.now)


def json_list(call: Call, name: str, most: int, required: bool = True) -> list[Any]:
    raw = call.params.text(name, required=required)
    if raw is None:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        raise call.params.fail(f"{name} must be a JSON list") from None
    if not isinstance(value, list) or not 1 <= len(value) <= most:
        raise call.params.fail(f"{name} must hold 1 to {most} entries")
    return value
