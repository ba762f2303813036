"""BingX spot-trade endpoints beyond single orders (bingx-skills/spot-trade/api-reference.md): commission rates,
the cancel-all-after kill switch, and the open and historical OCO lists.

The kill switch (`POST /openApi/spot/v1/trade/cancelAllAfter`): ACTIVATE with `timeOut` 10..120 s arms a
countdown that each ACTIVATE restarts; CLOSE disarms it (triggerTime 0). When the countdown ends, every open
spot order of the user is cancelled; `fire_due` does that lazily, before spot requests and websocket rounds.
"""

from __future__ import annotations

from tradewire.sim.bingx.calls import Call, Endpoint, Handler, fmt
from tradewire.sim.bingx.ratelimit import Limit
from tradewire.sim.bingx.replies import Reply, ok
from tradewire.sim.bingx.spot_trade_api import _oco_json
from tradewire.sim.bingx.state import SimState
from tradewire.sim.bingx.trading import spot_symbol, trading
from tradewire.sim.engine import Reject
from tradewire.sim.jsonenc import Json


def _armed(state: SimState) -> dict[str, int]:
    """uid -> the time (ms) the kill switch of that user fires."""
    found = getattr(state, "_bingx_spot_kill_switch", None)
    if found is None:
        found = {}
        state._bingx_spot_kill_switch = found  # type: ignore[attr-defined]
    assert isinstance(found, dict)
    return found


def fire_due(state: SimState, now: int) -> None:
    """Cancel the open spot orders of every user whose kill switch has run out (the order events wait in
    `Trading.pending` for the caller's flush)."""
    armed = _armed(state)
    due = [uid for uid, at in armed.items() if at <= now]
    if not due:
        return
    t = trading(state)
    with state.lock:
        for uid in due:
            del armed[uid]
            for order in t.spot.open_orders(uid):
                try:
                    t.spot.cancel(uid, order.symbol, order.id)
                except Reject:
                    continue  # an OCO leg gone with its sibling


def cancel_all_after(call: Call) -> Reply:
    """POST /openApi/spot/v1/trade/cancelAllAfter."""
    kind = call.params.enum("type", ("ACTIVATE", "CLOSE"), required=True)
    timeout = call.params.integer("timeOut")
    if timeout is None:
        raise call.params.fail("timeOut is required")
    armed = _armed(call.state)
    if kind == "CLOSE":
        armed.pop(call.uid, None)
        return ok({"triggerTime": 0})
    if not 10 <= timeout <= 120:
        raise call.params.fail("timeOut must be between 10 and 120 seconds")
    armed[call.uid] = call.now + timeout * 1000
    return ok({"triggerTime": armed[call.uid]})


def commission_rate(call: Call) -> Reply:
    """GET /openApi/spot/v1/user/commissionRate: rates as strings (spot-trade api-reference)."""
    symbol = spot_symbol(call)
    pair = trading(call.state).spot.books[symbol].pair
    return ok({"symbol": symbol, "makerCommissionRate": fmt(pair.maker_fee),
               "takerCommissionRate": fmt(pair.taker_fee)})


def _page(call: Call) -> tuple[int, int]:
    index = call.params.integer("pageIndex", low=1)
    size = call.params.integer("pageSize", low=1, high=1000)
    if index is None or size is None:
        raise call.params.fail("pageIndex and pageSize are required")
    return index, size


def _lists(call: Call, done: bool, start: int | None = None, end: int | None = None) -> list[Json]:
    """The caller's OCO lists created within [start, end], newest first: finished ones (`done`) or those
    still executing."""
    t = trading(call.state)
    found = [ol for ol in t.spot.lists.values()
             if ol.orders[0].uid == call.uid and (ol.status == "ALL_DONE") == done
             and (start is None or ol.time >= start) and (end is None or ol.time <= end)]
    return [_oco_json(t, ol) for ol in sorted(found, key=lambda ol: -ol.id)]


def open_lists(call: Call) -> Reply:
    """GET /openApi/spot/v1/oco/openOrderList."""
    index, size = _page(call)
    rows = _lists(call, done=False)
    return ok({"ocoOrders": rows[(index - 1) * size:index * size]})


def history_lists(call: Call) -> Reply:
    """GET /openApi/spot/v1/oco/historyOrderList: finished lists created within [startTime, endTime]."""
    index, size = _page(call)
    start, end = call.params.time_range()
    rows = _lists(call, True, start, end)
    return ok({"ocoOrders": rows[(index - 1) * size:index * size], "total": len(rows)})


def with_kill_switch(handler: Handler) -> Handler:
    """Fire the due kill switches, run `handler`, then publish the spot order events."""
    def run(call: Call) -> Reply:
        try:
            fire_due(call.state, call.now)
            return handler(call)
        finally:
            trading(call.state).flush()
    return run


def _signed(method: str, path: str, per_second: int, handler: Handler) -> Endpoint:
    return Endpoint(method, path, "signed", False, Limit(per_second, 1000), "account", with_kill_switch(handler))


ENDPOINTS: tuple[Endpoint, ...] = (
    _signed("POST", "/openApi/spot/v1/trade/cancelAllAfter", 1, cancel_all_after),
    _signed("GET", "/openApi/spot/v1/user/commissionRate", 2, commission_rate),
    _signed("GET", "/openApi/spot/v1/oco/openOrderList", 5, open_lists),
    _signed("GET", "/openApi/spot/v1/oco/historyOrderList", 5, history_lists),
)
