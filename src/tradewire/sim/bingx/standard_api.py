"""BingX standard contract (reference standard-trade): the `stdFutures` account's balance from the ledger;
positions and closed orders from `StandardBook`. The API has no way to trade standard contracts, so the book
holds what the demo user was seeded with (one open position, two closed orders)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from decimal import Decimal

from tradewire.sim.bingx.calls import Call, fmt
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.state import SimState
from tradewire.sim.jsonenc import Json

ACCOUNT = "stdFutures"
D = Decimal
DAY = 86_400_000
_LOCK = threading.Lock()


@dataclass(frozen=True)
class StdPosition:
    symbol: str
    side: str
    amount: Decimal
    entry: Decimal
    leverage: int
    isolated: bool
    time: int


@dataclass(frozen=True)
class StdOrder:
    order_id: str
    position_id: str
    symbol: str
    side: str
    qty: Decimal
    open_price: Decimal
    close_price: Decimal
    leverage: int
    isolated: bool
    time: int
    update_time: int


@dataclass
class StandardBook:
    positions: dict[str, list[StdPosition]] = field(default_factory=dict)
    orders: dict[str, list[StdOrder]] = field(default_factory=dict)


def book(state: SimState) -> StandardBook:
    """The standard-contract book of `state`, seeded for the first (demo) user on first use."""
    with _LOCK:
        found = getattr(state, "_bingx_standard", None)
        if found is None:
            start, uid = state.market.start_ms, state.users[0].uid
            base = 1_840_000_000_000_000_000 + state.seed * 1_000_003
            found = StandardBook(
                {uid: [StdPosition("BTC-USDT", "LONG", D("0.0100"), D("63800.0"), 10, False, start - 3 * DAY)]},
                {uid: [StdOrder(str(base + 1), str(base + 2), "ETH-USDT", "SHORT", D("0.50"), D("3350.00"),
                                D("3290.50"), 5, True, start - 9 * DAY, start - 8 * DAY),
                       StdOrder(str(base + 3), str(base + 4), "BTC-USDT", "LONG", D("0.0200"), D("62100.0"),
                                D("61750.5"), 20, False, start - 5 * DAY, start - 4 * DAY)]})
            state._bingx_standard = found  # type: ignore[attr-defined]
        assert isinstance(found, StandardBook)
        return found


def all_position(call: Call) -> Reply:
    """GET /openApi/contract/v1/allPosition: valued at the current last price."""
    rows: list[Json] = []
    for p in book(call.state).positions.get(call.uid, []):
        last = call.state.market.last_price(p.symbol, call.now)
        sign = 1 if p.side == "LONG" else -1
        rows.append({"symbol": p.symbol, "initialMargin": fmt(p.amount * p.entry / p.leverage),
                     "leverage": p.leverage, "unrealizedProfit": fmt((last - p.entry) * p.amount * sign),
                     "isolated": p.isolated, "entryPrice": fmt(p.entry), "positionSide": p.side,
                     "positionAmt": fmt(p.amount), "currentPrice": fmt(last), "time": p.time})
    return ok(rows)


def all_orders(call: Call) -> Reply:
    """GET /openApi/contract/v1/allOrders: closed orders of one symbol (orderId: that one and later)."""
    p = call.params
    symbol = p.symbol(required=True)
    after = p.integer("orderId", low=0)
    start, end = p.time_range()
    limit = p.integer("limit", low=1, high=1000) or 1000
    rows: list[Json] = [
        {"orderId": int(o.order_id), "symbol": o.symbol, "positionSide": o.side, "status": "CLOSED",
         "avgPrice": fmt(o.open_price), "cumQuote": fmt(o.qty * o.open_price), "executedQty": fmt(o.qty),
         "margin": fmt(o.qty * o.open_price / o.leverage), "leverage": o.leverage, "isolated": o.isolated,
         "closePrice": fmt(o.close_price), "positionId": int(o.position_id), "time": o.time,
         "updateTime": o.update_time}
        for o in book(call.state).orders.get(call.uid, [])
        if o.symbol == symbol and (after is None or int(o.order_id) >= after)
        and (start is None or o.time >= start) and (end is None or o.time <= end)]
    return ok(rows[:limit])


def balance(call: Call) -> Reply:
    """GET /openApi/contract/v1/balance: the USDT of the `stdFutures` account (what transfers move). The
    api-reference prints one object, the live server (ccxt's capture) a list of them: the list is sent."""
    held = call.state.ledger.balance(call.uid, ACCOUNT, "USDT")
    unpnl = sum(((call.state.market.last_price(p.symbol, call.now) - p.entry) * p.amount
                 * (1 if p.side == "LONG" else -1) for p in book(call.state).positions.get(call.uid, [])), D(0))
    return ok([{"asset": "USDT", "balance": fmt(held), "crossWalletBalance": fmt(held), "crossUnPnl": fmt(unpnl),
                "availableBalance": fmt(held), "maxWithdrawAmount": fmt(held), "marginAvailable": True,
                "updateTime": call.now}])
