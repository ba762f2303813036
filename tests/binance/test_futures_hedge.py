"""USD-M hedge mode on the simulator (Binance "Change Position Mode", "New Order" positionSide): a long and a
short of one symbol at once, each closed by its own side, through python-binance and ccxt's binanceusdm."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

import pytest

from tests.binance.test_futures import Q8, entry_of
from tests.binance.test_futures_peers import _ccxt, _python_binance
from tests.both import Both
from tests.walk import walk
from tradewire.core.errors import ExchangeError
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.funding import funding_fee

D = Decimal
QTY = D("0.010")
EIGHT_H = 8 * 3_600_000


def _fees(fills: list[tuple[Decimal, Decimal]]) -> Decimal:
    """Taker fees, one per fill."""
    return sum(((p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills), D(0))


def _depth(sim: BinanceSim) -> tuple[list[tuple[Decimal, Decimal]], list[tuple[Decimal, Decimal]]]:
    _, bids, asks = sim.exchange.futures.engine.depth("BTCUSDT", 50)
    return bids, asks


def _refused(code: int, call: Any, **kw: Any) -> None:
    exc = pytest.importorskip("binance.exceptions")
    with pytest.raises(exc.BinanceAPIException) as e:
        call(**kw)
    assert e.value.code == code


def test_hedge_long_and_short_at_once(sim: BinanceSim) -> None:
    c, ex = _python_binance(sim), sim.exchange
    seen: list[dict[str, Any]] = []
    ex.fstate.event_listeners.append(lambda uid, event: seen.append(event))
    total = ex.ledger.total("USDT")
    _refused(-4061, c.futures_create_order, symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.010",
             positionSide="LONG")  # one-way mode takes BOTH only
    assert c.futures_change_position_mode(dualSidePosition="true") == {"code": 200, "msg": "success"}
    assert c.futures_get_position_mode() == {"dualSidePosition": True}
    _refused(-4061, c.futures_create_order, symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.010")

    bids, asks = _depth(sim)
    long_fills, short_fills = walk(asks, QTY), walk(bids, QTY)
    ccxt_ex = _ccxt(sim)
    opened = ccxt_ex.create_order("BTC/USDT:USDT", "market", "buy", 0.01, params={"positionSide": "LONG"})
    assert (opened["status"], opened["info"]["positionSide"], opened["info"]["side"]) == ("closed", "LONG", "BUY")
    short = c.futures_create_order(symbol="BTCUSDT", side="SELL", type="MARKET", quantity="0.010",
                                   positionSide="SHORT")
    assert (short["status"], short["positionSide"], short["executedQty"]) == ("FILLED", "SHORT", "0.010")
    long_entry, short_entry = entry_of(long_fills), entry_of(short_fills)
    rows = c.futures_position_information(symbol="BTCUSDT")
    assert [(r["positionSide"], r["positionAmt"], r["entryPrice"]) for r in rows] == [
        ("LONG", "0.010", f"{long_entry:.8f}"), ("SHORT", "-0.010", f"{short_entry:.8f}")]
    assert [(p["symbol"], p["positionSide"], p["positionAmt"]) for p in c.futures_account()["positions"]] == [
        ("BTCUSDT", "LONG", "0.010"), ("BTCUSDT", "SHORT", "-0.010"),  # v2 lists both sides of every symbol
        ("ETHUSDT", "LONG", "0.000"), ("ETHUSDT", "SHORT", "0.000")]

    _refused(-4068, c.futures_change_position_mode, dualSidePosition="false")
    _refused(-2022, c.futures_create_order, symbol="BTCUSDT", side="SELL", type="MARKET", quantity="0.011",
             positionSide="LONG")  # more than the long holds
    _refused(-1106, c.futures_create_order, symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.010",
             positionSide="SHORT", reduceOnly="true")

    bids, asks = _depth(sim)
    close_long, close_short = walk(bids, QTY), walk(asks, QTY)
    done = c.futures_create_order(symbol="BTCUSDT", side="SELL", type="MARKET", quantity="0.010", positionSide="LONG")
    assert (done["status"], done["positionSide"]) == ("FILLED", "LONG")
    [left] = c.futures_position_information(symbol="BTCUSDT")  # the short stands alone
    assert (left["positionSide"], left["positionAmt"], left["entryPrice"]) == ("SHORT", "-0.010",
                                                                               f"{short_entry:.8f}")
    c.futures_create_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.010", positionSide="SHORT")
    assert c.futures_position_information(symbol="BTCUSDT") == []

    pnl = sum(((p - long_entry) * q for p, q in close_long), D(0)) + sum(
        ((short_entry - p) * q for p, q in close_short), D(0))
    realized = [(t["positionSide"], t["side"], D(t["realizedPnl"])) for t in c.futures_account_trades(symbol="BTCUSDT")]
    assert realized == [("LONG", "BUY", D(0)) for _ in long_fills] + [("SHORT", "SELL", D(0)) for _ in short_fills] + [
        ("LONG", "SELL", ((p - long_entry) * q).quantize(Q8)) for p, q in close_long] + [
        ("SHORT", "BUY", ((short_entry - p) * q).quantize(Q8)) for p, q in close_short]
    fees = _fees(long_fills) + _fees(short_fills) + _fees(close_long) + _fees(close_short)
    wallet = D(c.futures_account()["totalWalletBalance"])
    assert wallet == (1000 - fees + pnl).quantize(Q8)
    assert ex.ledger.total("USDT") == total  # the house paid (or took) every profit, the fee user every fee

    orders = [(e["o"]["S"], e["o"]["ps"], e["o"]["x"]) for e in seen if e["e"] == "ORDER_TRADE_UPDATE"]
    assert [o for o in orders if o[2] == "NEW"] == [("BUY", "LONG", "NEW"), ("SELL", "SHORT", "NEW"),
                                                   ("SELL", "LONG", "NEW"), ("BUY", "SHORT", "NEW")]
    assert {o for o in orders if o[2] == "TRADE"} == {("BUY", "LONG", "TRADE"), ("SELL", "SHORT", "TRADE"),
                                                     ("SELL", "LONG", "TRADE"), ("BUY", "SHORT", "TRADE")}
    updates = [[(p["ps"], D(p["pa"])) for p in e["a"]["P"]] for e in seen if e["e"] == "ACCOUNT_UPDATE"]
    assert [("LONG", QTY), ("SHORT", -QTY)] in updates  # both sides, one row each
    assert updates[-1] == [("LONG", D(0)), ("SHORT", D(0))]

    assert c.futures_change_position_mode(dualSidePosition="false") == {"code": 200, "msg": "success"}
    _refused(-4061, c.futures_create_order, symbol="BTCUSDT", side="SELL", type="MARKET", quantity="0.010",
             positionSide="SHORT")
    c.close_connection()


def test_close_position_algo_closes_the_side_named(bn: Both, sim: BinanceSim) -> None:
    ex = sim.exchange
    total = ex.ledger.total("USDT")
    bn.futures_set_position_mode(True)
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=QTY, positionSide="LONG")
    bn.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity=QTY, positionSide="SHORT")
    with pytest.raises(ExchangeError, match=r"\[-4068\]"):
        bn.futures_set_position_mode(False)
    stop = bn.futures_new_algo_order("BTCUSDT", "SELL", "STOP_MARKET", trigger_price=D(64000),
                                     working_type="MARK_PRICE", close_position=True, positionSide="LONG")
    assert (stop.position_side, stop.close_position) == ("LONG", True)
    bids, _ = _depth(sim)
    fills = walk(bids, QTY)
    sim.run(lambda: ex.futures.set_mark("BTCUSDT", D(63990), ex.clock.now_ms()))
    done = bn.futures_get_algo_order(algo_id=int(stop.algo_id))
    assert done.algo_status == "FINISHED"
    closing = ex.futures.orders[int(done.actual_order_id)]
    assert (closing.side, closing.position_side, closing.reduce_only, closing.executed) == ("SELL", "LONG", False, QTY)
    assert [(p.position_side, p.position_amt) for p in bn.futures_positions("BTCUSDT")] == [("SHORT", -QTY)]
    assert [t.price for t in bn.futures_user_trades("BTCUSDT")][-len(fills):] == [p for p, _ in fills]
    assert ex.ledger.total("USDT") == total


def test_funding_is_settled_per_side(bn: Both, sim: BinanceSim) -> None:
    ex = sim.exchange
    now = ex.clock.now_ms()
    at = now - now % EIGHT_H + EIGHT_H
    bn.futures_set_position_mode(True)
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=QTY, positionSide="LONG")
    bn.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity=D("0.020"), positionSide="SHORT")
    total, wallet = ex.ledger.total("USDT"), bn.futures_account().total_wallet_balance
    ex.clock.advance(at - ex.clock.now_ms())
    price, rate = ex.tapes.market.last_price("BTCUSDT", at), ex.tapes.market.funding_rate("BTCUSDT", at)
    paid = [funding_fee(QTY, price, rate, True), funding_fee(D("0.020"), price, rate, False)]
    assert [(i.income, i.time) for i in bn.futures_income(income_type="FUNDING_FEE")] == [(f, at) for f in paid]
    assert rate and abs(paid[1] + 2 * paid[0]) <= Q8  # the short, twice the size, pays the other way (each rounded)
    assert bn.futures_account().total_wallet_balance == wallet + sum(paid)
    assert ex.ledger.total("USDT") == total
