"""The exactly-once fault matrix's shared parts: the faults, a write family, the world a write can change, and
the check of one (family, fault) case (`check_write`), used by `test_exactly_once*.py`.

Timing never decides an outcome: a `delay` fault holds the request 3 s, three times the client's 1 s timeout and
three times the 1 s `recvWindow`, so the client always gives up first and the exchange always refuses the stale
request when it finally reads it. Every other fault is settled by the time its answer reaches the client.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal as D
from typing import Any

import pytest

from tests.both import Both
from tests.reliability.clients import open_client
from tradewire.binance import base as binance_base
from tradewire.bingx import orders as O
from tradewire.bingx import wallet as W
from tradewire.core.errors import (
    BadRequest,
    InsufficientFunds,
    IpBanned,
    OrderNotPlaced,
    OrderRejected,
    RateLimited,
    UnknownOrderState,
    UnknownOutcome,
)
from tradewire.sim import Simulator
from tradewire.sim.binance import rest as binance_rest
from tradewire.sim.binance.exchange import BinanceExchange
from tradewire.sim.binance.fapi_more import extras as fapi_extras
from tradewire.sim.binance.futures import CONTRACTS
from tradewire.sim.bingx.spot_orders_api import _armed as spot_kill_switches
from tradewire.sim.bingx.swap_extras import extras
from tradewire.sim.bingx.trading import trading
from tradewire.sim.ledger import Ledger

TIMEOUT = 1.0  # float ok: seconds; the client's
DELAY = 3.0  # float ok: seconds; far beyond the timeout and the recvWindow: never a race
RECV_WINDOW = 1000
FAULT_FREE_TIMEOUT = 30.0  # float ok: seconds; measuring a family's effect, where a loaded machine may be slow

@dataclass(frozen=True)
class Fault:
    """One injection: `kw` for `sim.faults.add`, whether the exchange executes the write, how many requests
    reach the write path (a skewed clock: refused as a timestamp error, re-sent after the re-sync), and what a
    plain write / an order (BingX, Binance) raises, when it is not an unknown outcome."""

    name: str
    kind: str
    kw: dict[str, Any]
    executed: bool
    unknown: bool = True  # the answer proves nothing: unknown outcome
    raises: type[Exception] | None = None  # the refusal that is raised as it is
    sends: int = 1


def faults(venue: str) -> list[Fault]:
    bingx = venue == "bingx"
    venue_unknown = {"code": 101500} if bingx else {"code": -1007}
    busy = {"code": 80012} if bingx else {"code": -1006, "status": 500}
    refusal = {"code": 100202} if bingx else {"code": -2010, "msg": "Account has insufficient balance."}
    rows = [
        Fault("delay", "delay", {"seconds": DELAY}, executed=False),
        Fault("reset", "reset", {}, executed=False),
        Fault("500", "status", {"status": 500}, executed=False),
        Fault("504-executed", "status", {"status": 504, "execute": True}, executed=True),
        Fault("429", "status", {"status": 429}, executed=False),
        Fault("418", "status", {"status": 418}, executed=False, unknown=False, raises=IpBanned),
        Fault("403", "status", {"status": 403}, executed=False, unknown=False, raises=IpBanned),
        Fault("code-unknown", "code", venue_unknown, executed=False),
        Fault("code-busy", "code", busy, executed=False),
        Fault("code-refused", "code", refusal, executed=False, unknown=False, raises=InsufficientFunds),
        Fault("skew", "skew", {"ms": -5 * RECV_WINDOW}, executed=True, unknown=False, sends=2),
    ]
    if bingx:  # BingX's documented gateway refusal in an HTTP 200 (Binance has no such answer)
        rows.append(Fault("code-100410", "code", {"code": 100410}, executed=False, unknown=False,
                          raises=RateLimited))
    return rows



Action = Callable[[], Any]


@dataclass(frozen=True)
class Family:
    """A write: its wire method and path, whether it is reconciled by an id of the caller's (an order's client
    id, a convert's quote id), and `prepare(client, sim) -> action` (fault-free set-up, e.g. the order to cancel;
    the action sends the write once)."""

    name: str
    method: str
    path: str
    order: bool
    prepare: Callable[[Both, Simulator], Action]
    exact: bool = True  # False: the amounts depend on the market price of the moment (a close at market)
    unfound: type[Exception] = UnknownOrderState  # what a Binance lookup that found nothing raises


@contextlib.contextmanager
def matrix_sim() -> Iterator[Simulator]:
    """A simulator for a matrix module (the module's fixture holds it)."""
    with Simulator(rate_limits=False) as s, pytest.MonkeyPatch.context() as mp:
        # the simulated Binance always counts weight: lift its budgets out of the way of a few hundred calls
        mp.setattr(binance_rest, "SAPI_IP", (10**9, binance_rest.SAPI_IP[1]))
        mp.setattr(binance_rest, "FAPI", (10**9, binance_rest.FAPI[1]))
        s.binance.rest.weight_limit = 10**9
        yield s


def quick_reconcile(monkeypatch: pytest.MonkeyPatch) -> None:
    """BingX proves absence once sent + recvWindow + margin has passed: a short margin keeps the suite fast and
    the proof valid (the simulator refuses anything older than recvWindow). Binance never claims absence: its
    lookups' patience is not under test here (every fault has settled when its answer arrives)."""
    monkeypatch.setattr(O, "WINDOW_MARGIN_MS", 50)
    monkeypatch.setattr(W, "WINDOW_MARGIN_MS", 50)
    monkeypatch.setattr(binance_base, "RECONCILE_DELAYS", (0.0, 0.05))


def ledger(sim: Simulator, venue: str) -> Ledger:
    return sim.ledger if venue == "bingx" else sim.binance.exchange.ledger


@dataclass(frozen=True)
class World:
    """What a write can change: every ledger row, the status of every order (spot, swap, futures), and (Binance)
    each account setting and convert quote, as strings."""

    rows: dict[Any, D]
    orders: dict[Any, str]


def world(sim: Simulator, venue: str) -> World:
    if venue == "bingx":
        t = trading(sim.state)
        orders: dict[Any, str]
        with sim.state.lock:
            orders = {("spot", k): o.status for k, o in t.spot.orders.items()}
            orders |= {("swap", k): o.status for k, o in t.perp.orders.items()}
            orders |= {("swap-qty", k): f"qty:{o.qty}" for k, o in t.perp.orders.items()}  # amend
            ext = extras(sim.state)
            orders |= {("twap", k): w.status for k, w in ext.twaps.items()}
            orders |= {("kill-swap", uid): "ARMED" for uid in ext.kill_at}
            orders |= {("kill-spot", uid): "ARMED" for uid in spot_kill_switches(sim.state)}
    else:
        ex = sim.binance.exchange
        with ex.lock:
            orders = {("spot", k): o.status for k, o in ex.engine.orders.items()}
            orders |= {("futures", k): o.status for k, o in ex.futures.orders.items()}
            orders |= {("futures-qty", k): f"qty:{o.qty}@{o.price}" for k, o in ex.futures.orders.items()}  # modify
            orders |= {("algo", k): a.status for k, a in ex.futures.algos.items()}
            orders |= settings(ex, [u.uid for u in sim.users])
    return World(ledger(sim, venue).snapshot(), orders)


def settings(ex: BinanceExchange, uids: list[str]) -> dict[Any, str]:
    """The users' futures settings (the venue's defaults included), isolated margin accounts and convert
    quotes."""
    fs, more = ex.fstate, fapi_extras(ex)
    out: dict[Any, str] = {}
    for u in uids:
        out |= {("dual", u): str(fs.dual.get(u, False)), ("multi-assets", u): str(fs.multi_assets.get(u, False)),
                ("fee-burn", u): str(more.fee_burn.get(u, False))}
        out |= {("leverage", u, s): str(fs.leverage_of(u, s)) for s in CONTRACTS}
        out |= {("margin-type", u, s): "ISOLATED" if fs.isolated(u, s) else "CROSSED" for s in CONTRACTS}
        out |= {("isolated", u, s): str(p.enabled) for s, p in ex.isolated.accounts.get(u, {}).items()}
    return out | {("quote", k): "ACCEPTED" if q.order_id else "OPEN" for k, q in more.quotes.items()}


def delta(before: World, after: World) -> tuple[dict[Any, D], Counter[tuple[str | None, str]]]:
    """The ledger rows that moved and by how much, and the order status changes (new orders come from None),
    counted whatever their ids."""
    keys = set(before.rows) | set(after.rows)
    rows = {k: after.rows.get(k, D(0)) - before.rows.get(k, D(0)) for k in keys
            if after.rows.get(k, D(0)) != before.rows.get(k, D(0))}
    changes = Counter((before.orders.get(k), s) for k, s in after.orders.items() if before.orders.get(k) != s)
    return rows, changes


def shape(fam: Family, change: tuple[dict[Any, D], Counter[tuple[str | None, str]]]) -> Any:
    """What must repeat exactly: the whole change, or (a close at the market price of the moment, of whatever
    position earlier cases left) which rows moved and the status changes of the orders."""
    rows, changes = change
    if fam.exact:
        return change
    return set(rows), Counter({k: n for k, n in changes.items() if not k[1].startswith("qty:")})


def totals(rows: dict[Any, D]) -> dict[str, D]:
    out: dict[str, D] = {}
    for (_, _, asset), value in rows.items():
        out[asset] = out.get(asset, D(0)) + value
    return out


def sent(sim: Simulator, fam: Family, since: int) -> int:
    """Requests of the write (method and path: lookups are reads) recorded after `since` were."""
    new = sim.state.recorded - since
    return sum(1 for r in sim.requests[-new:] if (r.method, r.path) == (fam.method, fam.path)) if new else 0


def tidy(bx: Both, venue: str) -> None:
    """Cancel what a case left open (orders, TWAPs, kill switches), so balances stay ample for the next and the
    next case starts from a disarmed switch."""
    if venue == "bingx":
        bx.cancel_spot_open_orders()
        bx.cancel_all_swap_orders()
        for twap in bx.twap_open_orders():
            bx.cancel_twap_order(twap.main_order_id)
        bx.cancel_all_after(0)
        bx.spot_cancel_all_after(0)
        return
    if bx.open_orders("BTCUSDT"):
        bx.cancel_open_orders("BTCUSDT")
    with contextlib.suppress(BadRequest):  # -3003 until the isolated account exists
        if bx.margin_open_orders("BTCUSDT", is_isolated=True):
            bx.margin_cancel_open_orders("BTCUSDT", is_isolated=True)


#: the ledger delta of one fault-free execution of each family (measured once per venue and family)
UNITS: dict[tuple[str, str], Any] = {}
NOTHING: tuple[dict[Any, D], Counter[tuple[str | None, str]]] = ({}, Counter())


def unit(sim: Simulator, venue: str, kind: str, fam: Family) -> Any:
    key = (venue, fam.name)
    if key not in UNITS:  # fault-free, and often a first use (coin-M opens its accounts): no 1 s timeout here
        bx, close = open_client(venue, kind, sim, timeout=FAULT_FREE_TIMEOUT, recv_window=RECV_WINDOW)
        try:
            act = fam.prepare(bx, sim)
            before = world(sim, venue)
            act()
            UNITS[key] = delta(before, world(sim, venue))
            tidy(bx, venue)
        finally:
            close()
    return UNITS[key]


def expected(venue: str, fam: Family, fault: Fault) -> type[Exception] | None:
    """What the caller is told: None for the real result (an order found by its client id included)."""
    if fault.name == "skew" and fam.path.startswith("/openApi/spot/v1/trade"):
        # BingX spot trading uses 100421 for business refusals too (bingx.md, error table): a refusal, not resent
        return OrderRejected
    if not fault.unknown:
        return fault.raises
    if not fam.order:
        return UnknownOutcome
    if fault.executed:
        return None
    # BingX proves absence once the recvWindow has passed; Binance looks, and never claims absence
    return OrderNotPlaced if venue == "bingx" else fam.unfound


def check_write(sim: Simulator, venue: str, kind: str, fam: Family, fault: Fault) -> None:
    """One case: `fam`'s write meets `fault` once; it reaches the exchange as often as the fault allows, changes
    the world once or not at all, and the caller is told the truth."""
    once = unit(sim, venue, kind, fam)
    assert once != NOTHING, f"{fam.name} changes nothing: nothing to account"
    bx, close = open_client(venue, kind, sim, timeout=TIMEOUT, recv_window=RECV_WINDOW)
    try:
        act = fam.prepare(bx, sim)
        warm(bx, venue)  # the clock synced before the fault: only the write meets it
        executed, sends = fault.executed, fault.sends
        if fault.name == "skew" and fam.path.startswith("/openApi/spot/v1/trade"):
            executed, sends = False, 1
        before = world(sim, venue)
        since = sim.state.recorded
        sim.faults.add(fault.kind, path=fam.path, **fault.kw)
        error = expected(venue, fam, fault)
        try:
            if error is None:
                result = act()
                assert result is not None
            else:
                with pytest.raises(error) as caught:
                    act()
                assert type(caught.value) is error
                if isinstance(caught.value, UnknownOutcome):
                    assert caught.value.params, "UnknownOutcome carries what was sent"
                    assert "signature" not in caught.value.params and "timestamp" not in caught.value.params
                if isinstance(caught.value, UnknownOrderState | OrderNotPlaced):
                    assert caught.value.client_order_id, "the id to look the order up by"
        finally:
            sim.faults.clear()
        after = world(sim, venue)
        assert sent(sim, fam, since) == sends, "the write reached the exchange once (skew: refused, re-sent)"
        assert shape(fam, delta(before, after)) == shape(fam, once if executed else NOTHING), \
            ("done once, or not at all", delta(before, after), once)
        assert totals(after.rows) == totals(before.rows), "nothing made or lost, per asset, over every account"
    finally:
        close()
    # a fresh client: a 418/403 rightly stops the one that saw it
    cleaner, close = open_client(venue, kind, sim, timeout=TIMEOUT, recv_window=RECV_WINDOW)
    try:
        tidy(cleaner, venue)
    finally:
        close()


def warm(bx: Both, venue: str) -> None:
    """A signed read: the clock is synced (a skew applied later must be met by the write itself)."""
    if venue == "bingx":
        bx.uid()
    else:
        bx.account()


def tidy_binance(sim: Simulator) -> None:
    """`tidy` through a client of its own."""
    cleaner, close = open_client("binance", "sync", sim, timeout=TIMEOUT, recv_window=RECV_WINDOW)
    try:
        tidy(cleaner, "binance")
    finally:
        close()
