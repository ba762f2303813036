"""The exactly-once fault matrix (see `matrix.py`) over Binance's USD-M account writes and the isolated margin
account toggle: convert (a quote accepted at most once), order modification (one and batch), the account
settings (fee burn, position mode, multi-assets mode, leverage, margin type), isolated account enable/disable,
and the CLI's futures take-profit / stop-loss legs.

The settings are idempotent in effect (a setting written twice equals once) but not on the wire: Binance refuses
a repeated position mode, margin type or multi-assets mode as "No need to change" (-4059, -4046, -4171). The
client sends each once and reports an answer that proves nothing as `UnknownOutcome`, never as success: the
caller re-reads the setting, as these tests do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal as D
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.both import Both
from tests.reliability.clients import open_client
from tests.reliability.matrix import (
    FAULT_FREE_TIMEOUT,
    RECV_WINDOW,
    TIMEOUT,
    Action,
    Family,
    Fault,
    check_write,
    expected,
    faults,
    matrix_sim,
    quick_reconcile,
)
from tradewire.app.errors import EXCHANGE, NETWORK, CliError
from tradewire.binance import endpoints as BE
from tradewire.binance import fapi_endpoints as X
from tradewire.cli import futures_orders
from tradewire.core.errors import ExchangeError, UnknownOutcome
from tradewire.sim import Simulator
from tradewire.sim.binance.fapi_more import extras as fapi_extras
from tradewire.unified import OrderRequest
from tradewire.unified.binance import BinanceExchange, open_binance

SYMBOL = "BTCUSDT"
#: the isolated pair the toggle families use
PAIR = "ETHUSDT"
ASYNC_KINDS = ("delay", "reset", "504-executed", "code-unknown", "skew")
ASYNC_FAMILIES = ("convert_accept", "futures_modify", "position_mode", "isolated_enable")


def _resting(bn: Both, price: str = "60000") -> int:
    return int(bn.futures_new_order(SYMBOL, "BUY", "LIMIT", quantity=D("0.010"), price=D(price),
                                    time_in_force="GTC").order_id)


def _calm(bn: Both) -> None:
    """No futures order open: the settings that refuse to change under open orders (-4047, -4067) may."""
    if bn.futures_open_orders(SYMBOL):
        bn.futures_cancel_all(SYMBOL)


def _settled(bn: Both, sim: Simulator) -> None:
    """The venue's defaults (cross margin, single-asset, one-way mode) and no open order, whatever earlier cases
    left, set fault-free before a settings write (each setting is refused when unchanged)."""
    _calm(bn)
    fs, uid = sim.binance.exchange.fstate, sim.users[0].uid
    if fs.isolated(uid, SYMBOL):
        bn.futures_set_margin_type(SYMBOL, "CROSSED")
    if fs.multi_assets.get(uid, False):
        bn.futures_set_multi_assets(False)
    if fs.dual.get(uid, False):
        bn.futures_set_position_mode(False)


def _quote(bn: Both) -> str:
    quote = bn.futures_convert_quote("USDT", "BTC", from_amount=D("10"))
    assert quote.quote_id is not None, "the futures wallet pays it"
    return str(quote.quote_id)


def _modify_batch(bn: Both, sim: Simulator) -> Action:
    _settled(bn, sim)  # one-way mode
    first, second = _resting(bn), _resting(bn, "59000")
    return lambda: bn.futures_modify_orders([
        {"symbol": SYMBOL, "side": "BUY", "orderId": first, "quantity": D("0.020"), "price": D("58000")},
        {"symbol": SYMBOL, "side": "BUY", "orderId": second, "quantity": D("0.020"), "price": D("57000")}])


def _toggled(bn: Both, enable: bool) -> Action:
    """The pair account disabled (to enable) or enabled (to disable) first."""
    bn.isolated_enable(PAIR)
    if enable:
        bn.isolated_disable(PAIR)
        return lambda: bn.isolated_enable(PAIR)
    return lambda: bn.isolated_disable(PAIR)


def _setting(prepare: Any, write: Any) -> Any:
    return lambda bn, sim: (prepare(bn, sim), lambda: write(bn))[1]


FUTURES = [
    # reconciled by its quote id (orderStatus?quoteId=); not found, it stays UnknownOutcome
    Family("convert_accept", "POST", X.F_CONVERT_ACCEPT.path, True,
           lambda bn, sim: (lambda qid: lambda: bn.futures_convert_accept(qid))(_quote(bn)), exact=False,
           unfound=UnknownOutcome),
    Family("futures_modify", "PUT", X.F_MODIFY_ORDER.path, False,
           lambda bn, sim: (lambda oid: lambda: bn.futures_modify_order(SYMBOL, "BUY", D("0.020"), D("58000"),
                                                                        order_id=oid))(
               (_settled(bn, sim), _resting(bn))[1])),
    Family("futures_modify_batch", "PUT", X.F_MODIFY_BATCH.path, False, _modify_batch),
    Family("fee_burn", "POST", X.F_SET_FEE_BURN.path, False,
           _setting(lambda bn, sim: bn.futures_set_fee_burn(False), lambda bn: bn.futures_set_fee_burn(True))),
    Family("position_mode", "POST", BE.F_SET_POSITION_MODE.path, False,
           _setting(_settled, lambda bn: bn.futures_set_position_mode(True))),
    Family("multi_assets", "POST", BE.F_SET_MULTI_ASSETS.path, False,
           _setting(_settled, lambda bn: bn.futures_set_multi_assets(True))),
    Family("leverage", "POST", BE.F_LEVERAGE.path, False,
           _setting(lambda bn, sim: bn.futures_set_leverage(SYMBOL, 20),
                    lambda bn: bn.futures_set_leverage(SYMBOL, 10))),
    Family("margin_type", "POST", BE.F_MARGIN_TYPE.path, False,
           _setting(_settled, lambda bn: bn.futures_set_margin_type(SYMBOL, "ISOLATED"))),
    Family("isolated_enable", "POST", BE.ISOLATED_ENABLE.path, False, lambda bn, sim: _toggled(bn, True)),
    Family("isolated_disable", "DELETE", BE.ISOLATED_DISABLE.path, False, lambda bn, sim: _toggled(bn, False)),
]


def _cases() -> Iterator[Any]:
    for kind in ("sync", "async"):
        for fault in faults("binance"):
            for fam in FUTURES:
                if kind == "async" and (fault.name not in ASYNC_KINDS or fam.name not in ASYNC_FAMILIES):
                    continue
                yield pytest.param(kind, fam, fault, id=f"binance-{kind}-{fam.name}-{fault.name}")


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with matrix_sim() as s:
        yield s


@pytest.fixture(autouse=True)
def _quick_reconcile(monkeypatch: pytest.MonkeyPatch) -> None:
    quick_reconcile(monkeypatch)


@pytest.mark.parametrize(("kind", "fam", "fault"), list(_cases()))
def test_futures_write_under_fault_is_sent_once_and_accounted_once(sim: Simulator, kind: str, fam: Family,
                                                                   fault: Fault) -> None:
    check_write(sim, "binance", kind, fam, fault)


#: a setting, how to read it back, and the code Binance refuses the same setting with when it is sent again
SETTINGS = {
    "position_mode": (lambda bn: bn.futures_position_mode(), True, -4059),
    "multi_assets": (lambda bn: bn.futures_multi_assets(), True, -4171),
    "margin_type": (lambda bn: next(c.margin_type for c in bn.futures_symbol_config(SYMBOL)), "ISOLATED", -4046),
}


@pytest.mark.parametrize("name", list(SETTINGS))
def test_a_setting_behind_a_lost_answer_is_re_read_never_re_sent(sim: Simulator, name: str) -> None:
    """Why the client sends a setting once: the venue did it, the answer was lost (504), and sending it again is
    refused as "No need to change", so a retry would report a failure for a write that was done. The caller
    learns the truth by reading the setting back."""
    fam = next(f for f in FUTURES if f.name == name)
    read, wanted, again = SETTINGS[name]
    bn, close = open_client("binance", "sync", sim, timeout=TIMEOUT, recv_window=RECV_WINDOW)
    try:
        act = fam.prepare(bn, sim)
        assert read(bn) != wanted
        sim.faults.add("status", path=fam.path, status=504, execute=True)
        try:
            with pytest.raises(UnknownOutcome):
                act()
        finally:
            sim.faults.clear()
        assert read(bn) == wanted
        with pytest.raises(ExchangeError) as refused:
            act()
        assert refused.value.code == again
    finally:
        close()


def test_an_accepted_quote_whose_answer_was_lost_is_found_by_its_quote_id(sim: Simulator) -> None:
    bn, close = open_client("binance", "sync", sim, timeout=TIMEOUT, recv_window=RECV_WINDOW)
    try:
        qid = _quote(bn)
        sim.faults.add("status", path=X.F_CONVERT_ACCEPT.path, status=504, execute=True)
        try:
            accepted = bn.futures_convert_accept(qid)
        finally:
            sim.faults.clear()
    finally:
        close()
    done = fapi_extras(sim.binance.exchange).quotes[qid]
    assert (str(accepted.order_id), accepted.order_status, accepted.create_time) == (
        done.order_id, "SUCCESS", done.create_time)


# --- the CLI's take-profit / stop-loss legs: a fault on the second leg -----------------------------------------


class _Session:
    """What `futures_orders.place` reads of a CLI session: its exchange (here with the matrix's timeouts)."""

    def __init__(self, exchange: BinanceExchange) -> None:
        self._exchange = exchange

    def exchange(self) -> BinanceExchange:
        return self._exchange


def _flat(sim: Simulator) -> None:
    """No algo order and no position left (fault-free, a client of its own: a 418 stops the one that saw it)."""
    bn, close = open_client("binance", "sync", sim, timeout=FAULT_FREE_TIMEOUT, recv_window=RECV_WINDOW)
    try:
        bn.futures_cancel_algo_orders(SYMBOL)
        amt = sim.binance.exchange.futures.position(sim.users[0].uid, SYMBOL).amt
        if amt:
            bn.futures_new_order(SYMBOL, "SELL" if amt > 0 else "BUY", "MARKET", quantity=abs(amt), reduce_only=True)
    finally:
        close()


#: a leg is an algo order, reconciled by its client algo id
LEG = Family("cli_leg", "POST", BE.F_NEW_ALGO.path, True, lambda bn, sim: lambda: None)


def _algo_posts(sim: Simulator, since: int) -> Counter[str]:
    """The algo placements sent after `since`, by client algo id."""
    new = sim.state.recorded - since
    return Counter(parse_qs(r.raw_query or r.body.decode())["clientAlgoId"][0] for r in sim.requests[-new:]
                   if (r.method, r.path) == ("POST", BE.F_NEW_ALGO.path)) if new else Counter()


@pytest.mark.parametrize("fault", faults("binance"), ids=lambda f: f.name)
def test_cli_tp_sl_second_leg_under_fault_is_reported_truly_never_doubled(sim: Simulator, fault: Fault) -> None:
    """The entry and the take-profit are placed; the stop-loss meets the fault. Each leg reaches the exchange
    once (a skewed clock: refused, re-sent), exists once or not at all, and the report says which: placed,
    FAILED (refused: it does not exist) or UNKNOWN (it may exist: the message says so and never advises placing
    it again unchecked)."""
    _flat(sim)
    bn, close = open_client("binance", "sync", sim, timeout=FAULT_FREE_TIMEOUT, recv_window=RECV_WINDOW)
    try:
        _settled(bn, sim)  # one-way mode
    finally:
        close()
    ex = open_binance(api_key=sim.users[0].api_key, secret_key=sim.users[0].secret_key, base_url=sim.binance_url,
                      timeout=TIMEOUT, recv_window=RECV_WINDOW, rate_limits=False)
    tp, sl = legs = futures_orders.legs_of(D("200000"), D("10000"))
    client = ex.client
    placing = client.futures_new_algo_order

    def second_leg_faulted(*a: Any, **kw: Any) -> Any:
        if kw["client_algo_id"] == sl.client_id:
            sim.faults.add(fault.kind, path=BE.F_NEW_ALGO.path, **fault.kw)
        return placing(*a, **kw)

    since = sim.state.recorded
    try:
        client.account()  # the clock synced: only the leg meets the fault
        client.futures_new_algo_order = second_leg_faulted  # type: ignore[method-assign]
        req = OrderRequest(symbol="BTC/USDT", side="buy", type="MARKET", amount=D("0.010"), market="swap")
        entry, results = futures_orders.place(_Session(ex), req, legs)  # type: ignore[arg-type]
    finally:
        sim.faults.clear()
        ex.close()
    error = expected("binance", LEG, fault)
    assert entry.status == "FILLED"
    assert _algo_posts(sim, since) == Counter({tp.client_id: 1, sl.client_id: fault.sends}), "never a second leg"
    mine = {a.client_id: a.status for a in sim.binance.exchange.futures.algos.values()
            if a.client_id in (tp.client_id, sl.client_id)}
    assert mine == ({tp.client_id: "NEW", sl.client_id: "NEW"} if error is None else {tp.client_id: "NEW"})
    table = futures_orders.legs_table(results)
    shown = [(row["leg"], row["status"], row["id"] is None) for row in table.rows]
    if error is None:
        assert shown == [("take-profit", "NEW", False), ("stop-loss", "NEW", False)]
        futures_orders.raise_failed(results)  # nothing to report
        return
    assert type(results[1].error) is error
    with pytest.raises(CliError) as caught:
        futures_orders.raise_failed(results)
    message = str(caught.value)
    if issubclass(error, UnknownOutcome):
        assert shown == [("take-profit", "NEW", False), ("stop-loss", "UNKNOWN", True)]
        assert caught.value.exit_code == NETWORK
        assert message.startswith(f"the entry order was placed, but the outcome of stop-loss at 10000 (client id "
                                  f"{sl.client_id}): OUTCOME UNKNOWN: ")
        assert message.endswith("It was sent once and NOT re-sent, and it may exist: check the symbol's open "
                                "conditional (algo) orders for its client id before placing it again")
        assert "no such protection" not in message and "take-profit" not in message
    else:
        assert shown == [("take-profit", "NEW", False), ("stop-loss", "FAILED", True)]
        assert caught.value.exit_code == EXCHANGE
        assert message.startswith(f"the entry order was placed, but attaching failed for stop-loss at 10000 "
                                  f"(client id {sl.client_id}): ")
        assert message.endswith("The position has no such protection: place it with `order place --market "
                                "futures -t stop-loss|take-profit`")
