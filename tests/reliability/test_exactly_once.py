"""Every fault the simulator can inject x every write family, through the real clients: the write reaches the
exchange once, the ledger moves once or not at all (as the exchange really did), the caller is told the truth
(the real result, `UnknownOutcome`, `OrderNotPlaced`, `UnknownOrderState` or the refusal itself), and no money is
made or lost anywhere (every account, the fee and house accounts included).

Timing never decides an outcome: a `delay` fault holds the request 3 s, three times the client's 1 s timeout and
three times the 1 s `recvWindow`, so the client always gives up first and the exchange always refuses the stale
request when it finally reads it. Every other fault is settled by the time its answer reaches the client.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal as D
from typing import Any

import pytest

from tests.both import Both
from tests.reliability.clients import open_client
from tradewire.binance import base as binance_base
from tradewire.binance import endpoints as BE
from tradewire.binance.wsapi import AsyncWsApi
from tradewire.bingx import copytrade as CT
from tradewire.bingx import cswap as CS
from tradewire.bingx import endpoints as E
from tradewire.bingx import orders as O
from tradewire.bingx import spot_trade as SP
from tradewire.bingx import subaccount as SA
from tradewire.bingx import swap_trade as ST
from tradewire.bingx import trade as T
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
from tradewire.sim.bingx.capital import address_of
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


def _faults(venue: str) -> list[Fault]:
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


#: the async clients run one fault of each kind on a family of each shape (order, transfer, DELETE): the flow
#: that decides outcomes is shared by both clients, only the transports differ
ASYNC_KINDS = ("delay", "reset", "504-executed", "code-unknown", "skew")
ASYNC_FAMILIES = ("spot_order", "swap_order", "transfer", "swap_cancel", "order", "withdraw", "sub_transfer",
                  "isolated_order", "order_list_otoco")

# --- write families ------------------------------------------------------------------------------

Action = Callable[[], Any]


@dataclass(frozen=True)
class Family:
    """A write: its wire method and path, whether it is an order reconciled by client id, and `prepare(client,
    sim) -> action` (fault-free set-up, e.g. the order to cancel; the action sends the write once)."""

    name: str
    method: str
    path: str
    order: bool
    prepare: Callable[[Both, Simulator], Action]
    exact: bool = True  # False: the amounts depend on the market price of the moment (a close at market)


def _resting_spot(bx: Both) -> str:
    return str(bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"),
                             time_in_force="GTC").order_id)


def _resting_swap(bx: Both) -> str:
    return str(bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=D("0.10"), price=D("3000.00"),
                             position_side="LONG", time_in_force="GTC").order_id)


def _resting_binance(bn: Both) -> int:
    return int(bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"),
                            time_in_force="GTC").order_id)


def _sub_uid(bx: Both, sim: Simulator) -> str:
    """The master's sub-account of the matrix (made once per simulator)."""
    found = next((uid for uid, sub in sim.state.subaccounts.accounts.items() if sub.name == "matrix01"), None)
    return found if found is not None else str(bx.create_subaccount("matrix01").sub_uid)


def _open_short(bx: Both) -> str:
    """A small perpetual short opened at market (added to any left open); its position id, which the copy-trade
    close takes."""
    bx.swap_order("ETH-USDT", "SELL", "MARKET", quantity=D("0.10"), position_side="SHORT")
    return str(next(o.order_id for o in bx.copy_current_orders("ETH-USDT").items or [] if o.position_side == "SHORT"))


def _isolated_ready(bn: Both) -> None:
    """The demo user's BTCUSDT isolated account, enabled and given 70 USDT from spot."""
    bn.isolated_enable("BTCUSDT")
    bn.isolated_transfer("USDT", "BTCUSDT", D("70"), "SPOT", "ISOLATED_MARGIN")


SPOT_LIMIT = {"symbol": "BTC-USDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.001"), "price": D("60000"),
              "timeInForce": "GTC"}
SWAP_LIMIT = {"symbol": "ETH-USDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.10"), "price": D("3000.00"),
              "positionSide": "LONG", "timeInForce": "GTC"}

BINGX = [
    Family("transfer", "POST", E.TRANSFER.path, False,
           lambda bx, sim: lambda: bx.transfer("USDT", D("1.5"), type="FUND_PFUTURES")),
    Family("inner_transfer", "POST", E.INNER_TRANSFER.path, False,
           lambda bx, sim: lambda: bx.inner_transfer("USDT", D("1.5"), 1, sim.users[1].uid, 1)),
    Family("spot_order", "POST", T.SPOT_ORDER.path, True,
           lambda bx, sim: lambda: bx.spot_order("BTC-USDT", "BUY", "LIMIT", quantity=D("0.001"),
                                                 price=D("60000"), time_in_force="GTC")),
    Family("swap_order", "POST", T.SWAP_ORDER.path, True,
           lambda bx, sim: lambda: bx.swap_order("ETH-USDT", "BUY", "LIMIT", quantity=D("0.10"),
                                                 price=D("3000.00"), position_side="LONG", time_in_force="GTC")),
    Family("spot_batch", "POST", T.SPOT_BATCH.path, False,
           lambda bx, sim: lambda: bx.spot_batch_orders([SPOT_LIMIT, {**SPOT_LIMIT, "price": D("59000")}])),
    Family("swap_batch", "POST", T.SWAP_BATCH.path, False,
           lambda bx, sim: lambda: bx.swap_batch_orders([SWAP_LIMIT, {**SWAP_LIMIT, "price": D("2900.00")}])),
    Family("spot_cancel_replace", "POST", T.SPOT_CANCEL_REPLACE.path, False,
           lambda bx, sim: (lambda oid: lambda: bx.cancel_replace_spot_order(
               "BTC-USDT", "STOP_ON_FAILURE", "BUY", "LIMIT", cancel_order_id=oid, quantity=D("0.002"),
               price=D("60000"), time_in_force="GTC"))(_resting_spot(bx))),
    Family("swap_cancel_replace", "POST", T.SWAP_CANCEL_REPLACE.path, False,
           lambda bx, sim: (lambda oid: lambda: bx.cancel_replace_swap_order(
               "ETH-USDT", "STOP_ON_FAILURE", "BUY", "LIMIT", cancel_order_id=oid, quantity=D("0.20"),
               price=D("3000.00"), position_side="LONG", time_in_force="GTC"))(_resting_swap(bx))),
    Family("spot_cancel", "POST", T.SPOT_CANCEL.path, False,
           lambda bx, sim: (lambda oid: lambda: bx.cancel_spot_order("BTC-USDT", order_id=oid))(_resting_spot(bx))),
    Family("swap_cancel", "DELETE", T.SWAP_CANCEL.path, False,
           lambda bx, sim: (lambda oid: lambda: bx.cancel_swap_order("ETH-USDT", order_id=oid))(_resting_swap(bx))),
    Family("withdraw", "POST", W.WITHDRAW.path, True,  # reconciled by its withdrawOrderId, like an order
           lambda bx, sim: lambda: bx.withdraw("USDT", address_of(sim.seed, sim.users[1].uid, "ERC20"), D("20"),
                                               network="ERC20")),
    Family("coinm_order", "POST", CS.ORDER.path, False,  # the coin-M engine opens its accounts on first use
           lambda bx, sim: (bx.cswap_balance(), lambda: bx.cswap_place_order(
               "BTC-USD", "BUY", "MARKET", 1, position_side="LONG"))[1]),
    Family("sub_transfer", "POST", SA.SUB_TRANSFER.path, False,  # no client id exists: UnknownOutcome
           lambda bx, sim: (lambda sub: lambda: bx.subaccount_transfer(
               "USDT", D("1.5"), sim.users[0].uid, 1, 1, sub, 2, 1, "matrix"))(_sub_uid(bx, sim))),
    Family("sub_inner_transfer", "POST", SA.SUB_INNER_TRANSFER.path, False,
           lambda bx, sim: (lambda sub: lambda: bx.subaccount_inner_transfer("USDT", D("1.5"), 1, sub, 1))(
               _sub_uid(bx, sim))),
    Family("swap_cancel_all_after", "POST", ST.CANCEL_ALL_AFTER.path, False,
           lambda bx, sim: lambda: bx.cancel_all_after(120)),
    Family("spot_cancel_all_after", "POST", SP.SPOT_CANCEL_ALL_AFTER.path, False,
           lambda bx, sim: lambda: bx.spot_cancel_all_after(120)),
    Family("twap_order", "POST", ST.TWAP_ORDER.path, False,  # a BUY triggered at 100 or below: it never fires
           lambda bx, sim: lambda: bx.twap_order("ETH-USDT", "BUY", "LONG", "constant", D("10"), D("100"), 5,
                                                 D("0.10"), D("0.20"))),
    Family("swap_amend", "POST", ST.AMEND.path, False,
           lambda bx, sim: (lambda oid: lambda: bx.amend_swap_order("ETH-USDT", D("0.05"), order_id=oid))(
               _resting_swap(bx))),
    Family("copy_close", "POST", CT.CLOSE_TRACK.path, False,
           lambda bx, sim: (lambda oid: lambda: bx.copy_close_order(oid))(_open_short(bx)), exact=False),
]

BINANCE = [
    Family("order", "POST", BE.NEW_ORDER.path, True,
           lambda bn, sim: lambda: bn.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"),
                                                time_in_force="GTC")),
    Family("futures_order", "POST", BE.F_NEW_ORDER.path, True,
           lambda bn, sim: lambda: bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.010"),
                                                        price=D("60000"), time_in_force="GTC")),
    Family("margin_order", "POST", BE.MARGIN_NEW_ORDER.path, True,
           lambda bn, sim: (bn.margin_transfer("USDT", D("60"), 1), lambda: bn.margin_new_order(
               "BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"), price=D("60000"), timeInForce="GTC"))[1]),
    Family("withdraw", "POST", BE.WITHDRAW.path, False,
           lambda bn, sim: lambda: bn.withdraw("USDT", "0x1111111111111111111111111111111111111111", D("20"))),
    Family("margin_transfer", "POST", BE.MARGIN_TRANSFER.path, False,
           lambda bn, sim: lambda: bn.margin_transfer("USDT", D("5"), 1)),
    Family("margin_borrow", "POST", BE.MARGIN_BORROW_REPAY.path, False,
           lambda bn, sim: lambda: bn.margin_borrow("USDT", D("5"))),
    Family("universal_transfer", "POST", BE.UNIVERSAL_TRANSFER.path, False,
           lambda bn, sim: lambda: bn.universal_transfer("MAIN_UMFUTURE", "USDT", D("5"))),
    Family("futures_algo_order", "POST", BE.F_NEW_ALGO.path, True,  # a stop far below: it rests, never fires
           lambda bn, sim: lambda: bn.futures_new_algo_order("BTCUSDT", "SELL", "STOP_MARKET", quantity=D("0.010"),
                                                             trigger_price=D("10000"))),
    Family("order_list_oco", "POST", BE.NEW_ORDER_LIST_OCO.path, True,
           lambda bn, sim: lambda: bn.new_order_list_oco("BTCUSDT", "SELL", D("0.001"), above_type="LIMIT_MAKER",
                                                         above_price=D("200000"), below_type="STOP_LOSS_LIMIT",
                                                         below_stop_price=D("10000"), below_price=D("9900"),
                                                         below_time_in_force="GTC")),
    Family("cancel", "DELETE", BE.CANCEL_ORDER.path, False,
           lambda bn, sim: (lambda oid: lambda: bn.cancel_order("BTCUSDT", order_id=oid))(_resting_binance(bn))),
    Family("cancel_all", "DELETE", BE.CANCEL_ALL.path, False,
           lambda bn, sim: (_resting_binance(bn), lambda: bn.cancel_open_orders("BTCUSDT"))[1]),
    Family("order_list_oto", "POST", BE.NEW_ORDER_LIST_OTO.path, True,
           lambda bn, sim: lambda: bn.new_order_list_oto("BTCUSDT", working_type="LIMIT", working_side="BUY",
                                                         working_price=D("60000"), working_quantity=D("0.001"),
                                                         working_time_in_force="GTC", pending_type="LIMIT_MAKER",
                                                         pending_side="SELL", pending_quantity=D("0.001"),
                                                         pending_price=D("200000"))),
    Family("order_list_otoco", "POST", BE.NEW_ORDER_LIST_OTOCO.path, True,
           lambda bn, sim: lambda: bn.new_order_list_otoco(
               "BTCUSDT", working_type="LIMIT", working_side="BUY", working_price=D("60000"),
               working_quantity=D("0.001"), working_time_in_force="GTC", pending_side="SELL",
               pending_quantity=D("0.001"), pending_above_type="LIMIT_MAKER", pending_below_type="STOP_LOSS",
               pendingAbovePrice=D("200000"), pendingBelowStopPrice=D("10000"))),
    Family("futures_batch", "POST", BE.F_BATCH_ORDERS.path, True,  # each order looked up by its client id
           lambda bn, sim: lambda: bn.futures_batch_orders([
               {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.010"), "price": D("60000"),
                "timeInForce": "GTC"},
               {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": D("0.010"), "price": D("59000"),
                "timeInForce": "GTC"}])),
    Family("isolated_order", "POST", BE.MARGIN_NEW_ORDER.path, True,
           lambda bn, sim: (_isolated_ready(bn), lambda: bn.margin_new_order(
               "BTCUSDT", "BUY", "LIMIT", is_isolated=True, quantity=D("0.001"), price=D("60000"),
               timeInForce="GTC"))[1]),
    Family("isolated_borrow", "POST", BE.MARGIN_BORROW_REPAY.path, False,
           lambda bn, sim: (_isolated_ready(bn), lambda: bn.margin_borrow("USDT", D("5"), is_isolated=True,
                                                                          symbol="BTCUSDT"))[1]),
    Family("isolated_transfer", "POST", BE.ISOLATED_TRANSFER.path, False,
           lambda bn, sim: (bn.isolated_enable("BTCUSDT"), lambda: bn.isolated_transfer(
               "USDT", "BTCUSDT", D("5"), "SPOT", "ISOLATED_MARGIN"))[1]),
    Family("futures_cancel", "DELETE", BE.F_CANCEL_ORDER.path, False,
           lambda bn, sim: (lambda oid: lambda: bn.futures_cancel_order("BTCUSDT", order_id=oid))(
               int(bn.futures_new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.010"), price=D("60000"),
                                        time_in_force="GTC").order_id))),
]


def _cases() -> Iterator[Any]:
    for venue, families in (("bingx", BINGX), ("binance", BINANCE)):
        for kind in ("sync", "async"):
            for fault in _faults(venue):
                for fam in families:
                    if kind == "async" and (fault.name not in ASYNC_KINDS or fam.name not in ASYNC_FAMILIES):
                        continue
                    yield pytest.param(venue, kind, fam, fault, id=f"{venue}-{kind}-{fam.name}-{fault.name}")


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s, pytest.MonkeyPatch.context() as mp:
        # the simulated Binance always counts weight: lift its budgets out of the way of a few hundred calls
        mp.setattr(binance_rest, "SAPI_IP", (10**9, binance_rest.SAPI_IP[1]))
        mp.setattr(binance_rest, "FAPI", (10**9, binance_rest.FAPI[1]))
        s.binance.rest.weight_limit = 10**9
        yield s


@pytest.fixture(autouse=True)
def _quick_reconcile(monkeypatch: pytest.MonkeyPatch) -> None:
    # BingX proves absence once sent + recvWindow + margin has passed: a short margin keeps the suite fast and
    # the proof valid (the simulator refuses anything older than recvWindow). Binance never claims absence: its
    # lookups' patience is not under test here (every fault has settled when its answer arrives).
    monkeypatch.setattr(O, "WINDOW_MARGIN_MS", 50)
    monkeypatch.setattr(W, "WINDOW_MARGIN_MS", 50)
    monkeypatch.setattr(binance_base, "RECONCILE_DELAYS", (0.0, 0.05))




def _ledger(sim: Simulator, venue: str) -> Ledger:
    return sim.ledger if venue == "bingx" else sim.binance.exchange.ledger


@dataclass(frozen=True)
class World:
    """What a write can change: every ledger row, and the status of every order (spot, swap, futures)."""

    rows: dict[Any, D]
    orders: dict[Any, str]


def _world(sim: Simulator, venue: str) -> World:
    if venue == "bingx":
        t = trading(sim.state)
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
            orders |= {("algo", k): a.status for k, a in ex.futures.algos.items()}
    return World(_ledger(sim, venue).snapshot(), orders)


def _delta(before: World, after: World) -> tuple[dict[Any, D], Counter[tuple[str | None, str]]]:
    """The ledger rows that moved and by how much, and the order status changes (new orders come from None),
    counted whatever their ids."""
    keys = set(before.rows) | set(after.rows)
    rows = {k: after.rows.get(k, D(0)) - before.rows.get(k, D(0)) for k in keys
            if after.rows.get(k, D(0)) != before.rows.get(k, D(0))}
    changes = Counter((before.orders.get(k), s) for k, s in after.orders.items() if before.orders.get(k) != s)
    return rows, changes


def _shape(fam: Family, delta: tuple[dict[Any, D], Counter[tuple[str | None, str]]]) -> Any:
    """What must repeat exactly: the whole delta, or (a close at the market price of the moment, of whatever
    position earlier cases left) which rows moved and the status changes of the orders."""
    rows, changes = delta
    if fam.exact:
        return delta
    return set(rows), Counter({k: n for k, n in changes.items() if not k[1].startswith("qty:")})


def _totals(rows: dict[Any, D]) -> dict[str, D]:
    out: dict[str, D] = {}
    for (_, _, asset), value in rows.items():
        out[asset] = out.get(asset, D(0)) + value
    return out


def _sent(sim: Simulator, fam: Family, since: int) -> int:
    """Requests of the write (method and path: lookups are reads) recorded after `since` were."""
    new = sim.state.recorded - since
    return sum(1 for r in sim.requests[-new:] if (r.method, r.path) == (fam.method, fam.path)) if new else 0


def _tidy(bx: Both, venue: str) -> None:
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


def _unit(sim: Simulator, venue: str, kind: str, fam: Family) -> Any:
    key = (venue, fam.name)
    if key not in UNITS:  # fault-free, and often a first use (coin-M opens its accounts): no 1 s timeout here
        bx, close = open_client(venue, kind, sim, timeout=FAULT_FREE_TIMEOUT, recv_window=RECV_WINDOW)
        try:
            act = fam.prepare(bx, sim)
            before = _world(sim, venue)
            act()
            UNITS[key] = _delta(before, _world(sim, venue))
            _tidy(bx, venue)
        finally:
            close()
    return UNITS[key]


def _expected(venue: str, fam: Family, fault: Fault) -> type[Exception] | None:
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
    return OrderNotPlaced if venue == "bingx" else UnknownOrderState


@pytest.mark.parametrize(("venue", "kind", "fam", "fault"), list(_cases()))
def test_write_under_fault_is_sent_once_and_accounted_once(sim: Simulator, venue: str, kind: str, fam: Family,
                                                           fault: Fault) -> None:
    unit = _unit(sim, venue, kind, fam)
    assert unit != NOTHING, f"{fam.name} changes nothing: nothing to account"
    bx, close = open_client(venue, kind, sim, timeout=TIMEOUT, recv_window=RECV_WINDOW)
    try:
        act = fam.prepare(bx, sim)
        _warm(bx, venue)  # the clock synced before the fault: only the write meets it
        executed, sends = fault.executed, fault.sends
        if fault.name == "skew" and fam.path.startswith("/openApi/spot/v1/trade"):
            executed, sends = False, 1
        before = _world(sim, venue)
        since = sim.state.recorded
        sim.faults.add(fault.kind, path=fam.path, **fault.kw)
        error = _expected(venue, fam, fault)
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
        after = _world(sim, venue)
        assert _sent(sim, fam, since) == sends, "the write reached the exchange once (skew: refused, re-sent)"
        assert _shape(fam, _delta(before, after)) == _shape(fam, unit if executed else NOTHING), \
            "done once, or not at all"
        assert _totals(after.rows) == _totals(before.rows), "nothing made or lost, per asset, over every account"
    finally:
        close()
    # a fresh client: a 418/403 rightly stops the one that saw it
    tidy, close = open_client(venue, kind, sim, timeout=TIMEOUT, recv_window=RECV_WINDOW)
    try:
        _tidy(tidy, venue)
    finally:
        close()


def _warm(bx: Both, venue: str) -> None:
    """A signed read: the clock is synced (a skew applied later must be met by the write itself)."""
    if venue == "bingx":
        bx.uid()
    else:
        bx.account()


# --- the WebSocket API: the socket drops (or goes mute) after the server acted, or before ------------------

#: wsapi.WsFault kinds: `drop` closes the connection unread (nothing done), `drop_after` does the request then
#: closes unanswered, `mute` does it and never answers (the client's timeout ends the wait)
WS_FAULTS = {"drop": False, "drop_after": True, "mute": True}


@dataclass(frozen=True)
class WsFamily:
    """A WebSocket API placement: its method and the client call that sends it once."""

    method: str
    place: Callable[[AsyncWsApi], Awaitable[Any]]


WS_FAMILIES = [
    WsFamily("order.place", lambda api: api.new_order("BTCUSDT", "BUY", "LIMIT", quantity=D("0.001"),
                                                      price=D("60000"), time_in_force="GTC")),
    WsFamily("orderList.place.oco", lambda api: api.new_order_list_oco(
        "BTCUSDT", "SELL", D("0.001"), above_type="LIMIT_MAKER", below_type="STOP_LOSS_LIMIT",
        abovePrice=D("200000"), belowStopPrice=D("10000"), belowPrice=D("9900"), belowTimeInForce="GTC")),
    WsFamily("orderList.place.oto", lambda api: api.new_order_list_oto(
        "BTCUSDT", working_type="LIMIT", working_side="BUY", working_price=D("60000"), working_quantity=D("0.001"),
        workingTimeInForce="GTC", pending_type="LIMIT_MAKER", pending_side="SELL", pending_quantity=D("0.001"),
        pendingPrice=D("200000"))),
    WsFamily("orderList.place.otoco", lambda api: api.new_order_list_otoco(
        "BTCUSDT", working_type="LIMIT", working_side="BUY", working_price=D("60000"), working_quantity=D("0.001"),
        workingTimeInForce="GTC", pending_side="SELL", pending_quantity=D("0.001"),
        pending_above_type="LIMIT_MAKER", pending_below_type="STOP_LOSS", pendingAbovePrice=D("200000"),
        pendingBelowStopPrice=D("10000"))),
]


def _ws_api(sim: Simulator) -> AsyncWsApi:
    user = sim.users[0]
    return AsyncWsApi(user.api_key, user.secret_key, url=sim.binance.ws_api_url, timeout=TIMEOUT)


async def _ws_unit(sim: Simulator, fam: WsFamily) -> Any:
    key = ("binance-ws", fam.method)
    if key not in UNITS:
        async with _ws_api(sim) as api:
            await api.server_time()
            before = _world(sim, "binance")
            await fam.place(api)
            UNITS[key] = _delta(before, _world(sim, "binance"))
        _tidy_binance(sim)
    return UNITS[key]


def _tidy_binance(sim: Simulator) -> None:
    tidy, close = open_client("binance", "sync", sim, timeout=TIMEOUT, recv_window=RECV_WINDOW)
    try:
        _tidy(tidy, "binance")
    finally:
        close()


@pytest.mark.parametrize("fault", list(WS_FAULTS))
@pytest.mark.parametrize("fam", WS_FAMILIES, ids=[f.method for f in WS_FAMILIES])
async def test_ws_api_placement_lost_is_reconciled_never_resent(sim: Simulator, fam: WsFamily, fault: str) -> None:
    unit = await _ws_unit(sim, fam)
    assert unit != NOTHING
    front = sim.binance.wsapi
    executed = WS_FAULTS[fault]
    try:
        async with _ws_api(sim) as api:
            await api.server_time()  # connected and synced: only the placement meets the fault
            before = _world(sim, "binance")
            front.seen = []
            front.fault(fam.method, fault)
            if executed:
                assert await fam.place(api) is not None  # found by its client id on a live (or new) connection
            else:
                with pytest.raises(UnknownOrderState) as caught:
                    await fam.place(api)
                assert caught.value.client_order_id, "the id to look the order up by"
            after = _world(sim, "binance")
        done = [m["method"] for m in front.seen].count(fam.method)
        assert done == (1 if executed else 0), "read and done by the server once, or (dropped unread) not at all"
        assert _delta(before, after) == (unit if executed else NOTHING), "done once, or not at all"
        assert _totals(after.rows) == _totals(before.rows)
    finally:
        front.faults.clear()
        _tidy_binance(sim)
