"""Every fault the simulator can inject x every write family, through the real clients: the write reaches the
exchange once, the ledger moves once or not at all (as the exchange really did), the caller is told the truth
(the real result, `UnknownOutcome`, `OrderNotPlaced`, `UnknownOrderState` or the refusal itself), and no money is
made or lost anywhere (every account, the fee and house accounts included).

Timing never decides an outcome: a `delay` fault holds the request 3 s, three times the client's 1 s timeout and
three times the 1 s `recvWindow`, so the client always gives up first and the exchange always refuses the stale
request when it finally reads it. Every other fault is settled by the time its answer reaches the client.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal as D
from typing import Any

import pytest

from tests.both import Both
from tests.reliability.matrix import (
    NOTHING,
    TIMEOUT,
    UNITS,
    Family,
    Fault,
    check_write,
    delta,
    faults,
    matrix_sim,
    quick_reconcile,
    tidy_binance,
    totals,
    world,
)
from tradewire.binance import endpoints as BE
from tradewire.binance.wsapi import AsyncWsApi
from tradewire.bingx import copytrade as CT
from tradewire.bingx import cswap as CS
from tradewire.bingx import endpoints as E
from tradewire.bingx import spot_trade as SP
from tradewire.bingx import subaccount as SA
from tradewire.bingx import swap_trade as ST
from tradewire.bingx import trade as T
from tradewire.bingx import wallet as W
from tradewire.core.errors import UnknownOrderState
from tradewire.sim import Simulator
from tradewire.sim.bingx.capital import address_of

#: the async clients run one fault of each kind on a family of each shape (order, transfer, DELETE): the flow
#: that decides outcomes is shared by both clients, only the transports differ
ASYNC_KINDS = ("delay", "reset", "504-executed", "code-unknown", "skew")
ASYNC_FAMILIES = ("spot_order", "swap_order", "transfer", "swap_cancel", "order", "withdraw", "sub_transfer",
                  "isolated_order", "order_list_otoco")


# --- write families ------------------------------------------------------------------------------



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
           lambda bn, sim: (bn.margin_transfer("USDT", D("5"), 1),  # its own collateral, whatever ran before
                            lambda: bn.margin_borrow("USDT", D("5")))[1]),
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
            for fault in faults(venue):
                for fam in families:
                    if kind == "async" and (fault.name not in ASYNC_KINDS or fam.name not in ASYNC_FAMILIES):
                        continue
                    yield pytest.param(venue, kind, fam, fault, id=f"{venue}-{kind}-{fam.name}-{fault.name}")

# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with matrix_sim() as s:
        yield s


@pytest.fixture(autouse=True)
def _quick_reconcile(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_reconcile(monkeypatch)


@pytest.mark.parametrize(("venue", "kind", "fam", "fault"), list(_cases()))
def test_write_under_fault_is_sent_once_and_accounted_once(sim: Simulator, venue: str, kind: str, fam: Family,
                                                           fault: Fault) -> None:
    check_write(sim, venue, kind, fam, fault)



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
            before = world(sim, "binance")
            await fam.place(api)
            UNITS[key] = delta(before, world(sim, "binance"))
        tidy_binance(sim)
    return UNITS[key]




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
            before = world(sim, "binance")
            front.seen = []
            front.fault(fam.method, fault)
            if executed:
                assert await fam.place(api) is not None  # found by its client id on a live (or new) connection
            else:
                with pytest.raises(UnknownOrderState) as caught:
                    await fam.place(api)
                assert caught.value.client_order_id, "the id to look the order up by"
            after = world(sim, "binance")
        done = [m["method"] for m in front.seen].count(fam.method)
        assert done == (1 if executed else 0), "read and done by the server once, or (dropped unread) not at all"
        assert delta(before, after) == (unit if executed else NOTHING), "done once, or not at all"
        assert totals(after.rows) == totals(before.rows)
    finally:
        front.faults.clear()
        tidy_binance(sim)
