"""USD-M perpetual accounting on the simulator: funding at the 8 h boundary, isolated margin and the
liquidation price, liquidation on a tape move (MARGIN_CALL, the LIQUIDATION order, /fapi/v1/forceOrders,
the ledger); through tradewire's clients, python-binance and ccxt's binanceusdm."""

from __future__ import annotations

import time
from decimal import ROUND_DOWN, Decimal
from typing import Any

import pytest

from tests.binance.test_futures import Q8, entry_of
from tests.both import Both
from tests.walk import walk
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.funding import funding_fee
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY

D = Decimal
EIGHT_H = 8 * 3_600_000


def _taker_fees(fills: list[tuple[Decimal, Decimal]]) -> Decimal:
    return sum(((p * q * D("0.0004")).quantize(Q8, ROUND_DOWN) for p, q in fills), D(0))


def _events(sim: BinanceSim) -> list[tuple[str, dict[str, Any]]]:
    """Every user-stream event the futures state sends from now on."""
    seen: list[tuple[str, dict[str, Any]]] = []
    sim.exchange.fstate.event_listeners.append(lambda uid, event: seen.append((uid, event)))
    return seen


def test_funding_settles_at_the_eight_hour_boundary(bn: Both, sim: BinanceSim) -> None:
    ex = sim.exchange
    now = ex.clock.now_ms()
    at = now - now % EIGHT_H + EIGHT_H  # 00:00, 08:00 or 16:00 UTC
    rate = ex.tapes.market.funding_rate("BTCUSDT", at)
    assert bn.futures_premium_index("BTCUSDT").last_funding_rate == rate  # shown before it settles
    fills = walk(bn.futures_depth("BTCUSDT", limit=5).asks, D("0.01"))
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.01"))
    seen = _events(sim)
    total = ex.ledger.total("USDT")
    ex.clock.advance(at - 1 - ex.clock.now_ms())
    assert [i.income_type for i in bn.futures_income()] == ["COMMISSION"] * len(fills)  # not yet
    ex.clock.advance(1)
    fee = funding_fee(D("0.01"), ex.tapes.market.last_price("BTCUSDT", at), rate, True)  # a long pays a positive
    assert fee == -(D("0.01") * ex.tapes.market.last_price("BTCUSDT", at) * rate).quantize(Q8)
    (row,) = bn.futures_income(income_type="FUNDING_FEE")
    assert (row.symbol, row.income, row.time) == ("BTCUSDT", fee, at)
    assert bn.futures_account().total_wallet_balance == 1000 - _taker_fees(fills) + fee
    assert ex.ledger.total("USDT") == total  # paid to (or by) the house
    (update,) = [e for _, e in seen if e["e"] == "ACCOUNT_UPDATE"]
    assert (update["a"]["m"], update["E"], D(update["a"]["B"][0]["wb"])) == (
        "FUNDING_FEE", at, 1000 - _taker_fees(fills) + fee)
    history = bn.futures_funding_rate("BTCUSDT")
    assert (history[-1].funding_time, history[-1].funding_rate) == (at, rate)
    assert entry_of(fills) == bn.futures_positions()[0].entry_price


def test_isolated_margin_moves_the_liquidation_price(bn: Both) -> None:
    bn.futures_set_margin_type("BTCUSDT", "ISOLATED")
    fills = walk(bn.futures_depth("BTCUSDT", limit=5).asks, D("0.01"))
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=D("0.01"))
    entry = entry_of(fills)
    iso = entry * D("0.01") / 20

    def liq(wallet: Decimal) -> Decimal:  # wallet + (p - entry) x 0.01 = 0.4 % x p x 0.01 (first bracket)
        return ((entry * D("0.01") - wallet) / (D("0.01") - D("0.00004"))).quantize(Q8)

    assert bn.futures_positions("BTCUSDT")[0].liquidation_price == liq(iso)
    bn.futures_position_margin("BTCUSDT", D(5), 1)
    (pos,) = bn.futures_positions("BTCUSDT")
    assert (pos.isolated_wallet, pos.liquidation_price) == (iso + 5, liq(iso + 5))
    assert liq(iso + 5) < liq(iso)  # more margin: the liquidation price moves away
    bn.futures_position_margin("BTCUSDT", D(2), 2)
    assert bn.futures_positions("BTCUSDT")[0].liquidation_price == liq(iso + 3)


def _first_print_through(sim: BinanceSim, price: Decimal, below: bool) -> int:
    """The time of the first tape print from now on at or below (above) `price` (bounded: 300 000 prints)."""
    tape = sim.exchange.tapes.tape("BTCUSDT")
    c = tape.contract
    start = tape.count(sim.exchange.clock.now_ms())
    for i in range(start, start + 300_000):
        p = c.price(tape.price(i))
        if (p <= price) if below else (p >= price):
            return tape.time(i)
    raise AssertionError("the tape never got there")


def _losing_side(sim: BinanceSim) -> str:
    """BUY when the tape falls 1 % before it rises 1 % (a long then gets liquidated), else SELL."""
    tape = sim.exchange.tapes.tape("BTCUSDT")
    start = tape.count(sim.exchange.clock.now_ms())
    p0 = tape.price(start - 1)
    for i in range(start, start + 300_000):
        if abs(tape.price(i) - p0) * 100 >= p0:
            return "BUY" if tape.price(i) < p0 else "SELL"
    raise AssertionError("the tape never moved 1 %")


def test_liquidation_on_a_tape_move(bn: Both, sim: BinanceSim) -> None:
    ex = sim.exchange
    total = ex.ledger.total("USDT")
    bn.futures_set_margin_type("BTCUSDT", "ISOLATED")
    bn.futures_set_leverage("BTCUSDT", 100)
    side = _losing_side(sim)  # the side the tape will go against
    long = side == "BUY"
    book = bn.futures_depth("BTCUSDT", limit=5)
    fills = walk(book.asks if long else book.bids, D("0.01"))
    bn.futures_new_order("BTCUSDT", side, "MARKET", quantity=D("0.01"))
    bn.futures_new_order("BTCUSDT", "SELL" if long else "BUY", "LIMIT", quantity=D("0.01"),  # an open order, far
                         price=D(70000) if long else D(60000), time_in_force="GTC")
    liq = bn.futures_positions("BTCUSDT")[0].liquidation_price
    seen = _events(sim)
    beyond = liq * (D("0.998") if long else D("1.002"))  # past it by more than any funding on the way moves it
    when = _first_print_through(sim, beyond, below=long)
    ex.clock.advance(when - ex.clock.now_ms())
    mark = ex.tapes.market.last_price("BTCUSDT", when)
    assert (mark <= beyond if long else mark >= beyond) and bn.futures_premium_index("BTCUSDT").mark_price == mark
    assert bn.futures_positions("BTCUSDT") == []  # closed
    (forced,) = bn.request("GET", "/fapi/v1/forceOrders", {"symbol": "BTCUSDT"})
    assert (forced["side"], forced["type"], forced["timeInForce"], forced["executedQty"], forced["status"]) == (
        "SELL" if long else "BUY", "LIMIT", "IOC", "0.010", "FILLED")
    assert forced["clientOrderId"].startswith("autoclose-") and D(forced["avgPrice"]) == mark
    (typed,) = bn.futures_force_orders("BTCUSDT", auto_close_type="LIQUIDATION")
    assert (typed.client_order_id, typed.avg_price, typed.executed_qty) == (forced["clientOrderId"], mark, D("0.01"))
    assert bn.futures_force_orders("BTCUSDT", auto_close_type="ADL") == []  # no auto-deleveraging here
    kinds = [(e["e"], e.get("o", {}).get("o"), e.get("o", {}).get("x")) for _, e in seen]
    kinds = kinds[kinds.index(("MARGIN_CALL", None, None)):]  # after any funding the jump passed
    assert kinds[:4] == [("MARGIN_CALL", None, None), ("ORDER_TRADE_UPDATE", "LIMIT", "CANCELED"),
                         ("ORDER_TRADE_UPDATE", "LIQUIDATION", "CALCULATED"), ("ACCOUNT_UPDATE", None, None)]
    loss = (entry_of(fills) - mark) * (D("0.01") if long else D("-0.01"))
    (liquidated,) = [e["o"] for _, e in seen if e["e"] == "ORDER_TRADE_UPDATE" and e["o"]["o"] == "LIQUIDATION"]
    assert (liquidated["n"], liquidated["rp"]) == ("0.00000000", f"{-loss:f}")  # no taker fee on a liquidation
    # the clearance fee, 1.25 % of the notional (exchangeInfo liquidationFee), takes what is left of the isolated
    # margin (1 % of the notional at 100x, plus funding) after the loss: the rest of the fee the fund forgoes
    assert bn.futures_exchange_info().symbols[0].liquidation_fee == D("0.0125")
    funding = sum((i.income for i in bn.futures_income(income_type="FUNDING_FEE")), D(0))
    iso = entry_of(fills) * D("0.01") / 100 + funding
    fee = min((mark * D("0.01") * D("0.0125")).quantize(Q8, ROUND_DOWN), iso - loss)
    assert 0 < fee < (mark * D("0.01") * D("0.0125")).quantize(Q8, ROUND_DOWN)
    assert [(i.income_type, i.income) for i in bn.futures_income(income_type="INSURANCE_CLEAR")] == [
        ("INSURANCE_CLEAR", -fee)]
    wallet = 1000 - _taker_fees(fills) + funding - loss - fee  # the isolated position lost its whole margin
    assert wallet == 1000 - _taker_fees(fills) - entry_of(fills) * D("0.01") / 100
    assert bn.futures_account().total_wallet_balance == wallet
    assert bn.futures_open_orders("BTCUSDT") == []
    assert ex.ledger.total("USDT") == total  # to the last decimal


def test_python_binance_and_ccxt_see_funding_and_liquidation(sim: BinanceSim) -> None:
    client = pytest.importorskip("binance.client")
    ccxt = pytest.importorskip("ccxt")
    ex = sim.exchange
    pb = client.Client(DEMO_API_KEY, DEMO_SECRET_KEY, ping=False)
    pb.FUTURES_URL = sim.url + "/fapi"
    pb.futures_change_leverage(symbol="BTCUSDT", leverage=100)
    pb.futures_change_margin_type(symbol="BTCUSDT", marginType="ISOLATED")  # 6.5 USDT at risk
    side = _losing_side(sim)
    pb.futures_create_order(symbol="BTCUSDT", side=side, type="MARKET", quantity="0.010")
    liq = D(pb.futures_position_information(symbol="BTCUSDT")[0]["liquidationPrice"])
    when = _first_print_through(sim, liq * (D("0.998") if side == "BUY" else D("1.002")), below=side == "BUY")
    ex.clock.advance(when - ex.clock.now_ms())
    pb.timestamp_offset = ex.clock.now_ms() - int(time.time() * 1000)  # the clients follow the jumped clock
    [forced] = pb.futures_liquidation_orders(symbol="BTCUSDT")
    assert (forced["side"], forced["executedQty"], forced["clientOrderId"][:10]) == (
        "SELL" if side == "BUY" else "BUY", "0.010", "autoclose-")
    pb.futures_change_margin_type(symbol="BTCUSDT", marginType="CROSSED")  # now the whole wallet backs it
    pb.futures_change_leverage(symbol="BTCUSDT", leverage=20)
    pb.futures_create_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.010")
    now = ex.clock.now_ms()
    at = now - now % EIGHT_H + EIGHT_H
    ex.clock.advance(at - now)
    pb.timestamp_offset = ex.clock.now_ms() - int(time.time() * 1000)
    fee = funding_fee(D("0.01"), ex.tapes.market.last_price("BTCUSDT", at),
                      ex.tapes.market.funding_rate("BTCUSDT", at), True)
    rows = [r for r in pb.futures_income_history(incomeType="FUNDING_FEE") if r["time"] == at]
    assert [r["income"] for r in rows] == [f"{fee:.8f}"]
    cx = ccxt.binanceusdm({"apiKey": DEMO_API_KEY, "secret": DEMO_SECRET_KEY,
                           "options": {"fetchMarkets": ["linear"], "fetchCurrencies": False}})
    for key, url in list(cx.urls["api"].items()):
        if isinstance(url, str) and url.startswith("https://fapi.binance.com"):
            cx.urls["api"][key] = sim.url + url.removeprefix("https://fapi.binance.com")
    cx.options["timeDifference"] = -pb.timestamp_offset
    cx.load_markets()
    paid = cx.fetch_funding_history("BTC/USDT:USDT")
    assert (paid[-1]["amount"], paid[-1]["timestamp"]) == (float(fee), at)
    assert cx.fetch_funding_rate_history("BTC/USDT:USDT")[-1]["fundingRate"] == float(
        ex.tapes.market.funding_rate("BTCUSDT", at))
    pb.close_connection()
