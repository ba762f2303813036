"""USD-M hedge mode on the simulator, per position side: isolated margin moved on one side (POST
/fapi/v1/positionMargin with positionSide, its history rows), each isolated side liquidated on its own margin
with the liquidation clearance fee (exchangeInfo liquidationFee) to the insurance fund, and the ADL quantile of
each side (GET /fapi/v1/adlQuantile: LONG, SHORT and BOTH, or HEDGE when crossed in hedge mode)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

import pytest

from tests.binance.test_futures import Q8, entry_of
from tests.binance.test_futures_hedge import QTY, _depth, _fees
from tests.both import Both, Connect
from tests.walk import walk
from tradewire.core.errors import ExchangeError
from tradewire.sim.binance import fapi_settle
from tradewire.sim.binance.futures import WALLET, Position
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.binance.wallet import HOUSE

D = Decimal
CLEARANCE = D("0.0125")  # exchangeInfo liquidationFee of BTCUSDT


def _refused(code: int, call: Any, *a: Any, **kw: Any) -> None:
    with pytest.raises(ExchangeError) as e:
        call(*a, **kw)
    assert e.value.code == code


def _hedge_pair(bn: Both, sim: BinanceSim) -> tuple[Decimal, Decimal, list[tuple[Decimal, Decimal]]]:
    """Open a LONG and a SHORT of QTY BTCUSDT in hedge mode: (long entry, short entry, every fill)."""
    assert bn.futures_set_position_mode(True).code == 200
    bids, asks = _depth(sim)
    long_fills, short_fills = walk(asks, QTY), walk(bids, QTY)
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=QTY, positionSide="LONG")
    bn.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity=QTY, positionSide="SHORT")
    return entry_of(long_fills), entry_of(short_fills), long_fills + short_fills


def test_position_margin_moves_the_side_named(bn: Both, sim: BinanceSim) -> None:
    bn.futures_set_margin_type("BTCUSDT", "ISOLATED")
    _refused(-4061, bn.futures_position_margin, "BTCUSDT", D(5), 1, position_side="LONG")  # one-way: BOTH only
    long_entry, short_entry, fills = _hedge_pair(bn, sim)
    iso_long, iso_short = long_entry * QTY / 20, short_entry * QTY / 20
    _refused(-4061, bn.futures_position_margin, "BTCUSDT", D(5), 1)  # hedge mode must name the side
    _refused(-4061, bn.futures_position_margin, "BTCUSDT", D(5), 1, position_side="BOTH")
    _refused(-4060, bn.request, "POST", "/fapi/v1/positionMargin",
             {"symbol": "BTCUSDT", "amount": "5", "type": 1, "positionSide": "BOTHS"})
    assert bn.futures_position_margin("BTCUSDT", D(5), 1, position_side="LONG").amount == D(5)
    assert bn.futures_position_margin("BTCUSDT", D(3), 1, position_side="SHORT").amount == D(3)
    assert bn.futures_position_margin("BTCUSDT", D(4), 2, position_side="LONG").amount == D(4)
    # 4 back from the short (3 were added) would leave less than its margin at the 65000 mark, 32.5
    _refused(-4051, bn.futures_position_margin, "BTCUSDT", D(4), 2, position_side="SHORT")
    assert [(p.position_side, p.isolated_wallet) for p in bn.futures_positions("BTCUSDT")] == [
        ("LONG", iso_long + 1), ("SHORT", iso_short + 3)]
    assert [(r.type, r.amount, r.position_side) for r in bn.futures_position_margin_history("BTCUSDT")] == [
        (1, D(5), "LONG"), (1, D(3), "SHORT"), (2, D(4), "LONG")]
    raw = bn.request("GET", "/fapi/v1/positionMargin/history", {"symbol": "BTCUSDT", "type": 2})
    assert [(r["type"], r["deltaType"], r["amount"], r["positionSide"]) for r in raw] == [
        (2, "USER_ADJUST", "4.00000000", "LONG")]
    acct = bn.futures_account()
    wallet = 1000 - _fees(fills)
    assert (acct.total_wallet_balance, acct.total_cross_wallet_balance) == (
        wallet, wallet - iso_long - 1 - iso_short - 3)
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=QTY, positionSide="SHORT")  # the short closes
    _refused(-4054, bn.futures_position_margin, "BTCUSDT", D(1), 1, position_side="SHORT")
    assert [(p.position_side, p.isolated_wallet) for p in bn.futures_positions("BTCUSDT")] == [
        ("LONG", iso_long + 1)]  # the long keeps what was added to it


def test_isolated_side_liquidated_alone_with_the_clearance_fee(bn: Both, sim: BinanceSim) -> None:
    ex = sim.exchange
    total = ex.ledger.total("USDT")
    bn.futures_set_margin_type("BTCUSDT", "ISOLATED")
    bn.futures_set_leverage("BTCUSDT", 100)
    long_entry, short_entry, fills = _hedge_pair(bn, sim)
    iso_long = long_entry * QTY / 100
    house = ex.ledger.balance(HOUSE, WALLET, "USDT")
    seen: list[dict[str, Any]] = []
    ex.fstate.event_listeners.append(lambda uid, event: seen.append(event))
    mark = long_entry - 500  # the long loses 5 of its ~6.5 margin: below its 0.4 % maintenance, not yet bankrupt
    sim.run(lambda: ex.futures.set_mark("BTCUSDT", mark, ex.clock.now_ms()))
    (short,) = bn.futures_positions("BTCUSDT")  # the short, in profit, stands on its own margin
    assert (short.position_side, short.position_amt, short.isolated_wallet) == ("SHORT", -QTY, short_entry * QTY / 100)
    (call,) = [e for e in seen if e["e"] == "MARGIN_CALL"]
    assert [(p["ps"], p["mt"], D(p["iw"])) for p in call["p"]] == [("LONG", "ISOLATED", iso_long)]
    (forced,) = bn.futures_force_orders("BTCUSDT")
    assert (forced.side, forced.position_side, forced.avg_price, forced.executed_qty) == ("SELL", "LONG", mark, QTY)
    # the fee is 1.25 % of the notional (8.0...) but takes only what the loss of 5 left of the isolated margin
    full = (mark * QTY * CLEARANCE).quantize(Q8, ROUND_DOWN)
    fee = iso_long - 5
    assert 0 < fee < full
    rows = [(i.income_type, i.income) for i in bn.futures_income("BTCUSDT") if i.income_type != "COMMISSION"]
    assert rows == [("REALIZED_PNL", D(-5)), ("INSURANCE_CLEAR", -fee)]
    assert bn.futures_account().total_wallet_balance == 1000 - _fees(fills) - 5 - fee
    assert ex.ledger.balance(HOUSE, WALLET, "USDT") == house + 5 + fee  # the loss and the fee: the insurance fund
    assert ex.ledger.total("USDT") == total


def test_crossed_hedge_sides_liquidated_together(sim: BinanceSim, connect: Connect) -> None:
    """Crossed in hedge mode the two sides share the wallet: both are closed, the profit of one pays the loss of
    the other, and the clearance fee takes what is left."""
    ex = sim.exchange
    bob = ex.users[1]
    ex.ledger.seed(bob.uid, WALLET, "USDT", D(60))
    b = connect(bob.api_key, bob.secret_key)
    total = ex.ledger.total("USDT")
    assert b.futures_set_position_mode(True).code == 200
    bids, asks = _depth(sim)
    long_fills, short_fills = walk(asks, QTY), walk(bids, QTY / 2)
    b.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=QTY, positionSide="LONG")
    b.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity=QTY / 2, positionSide="SHORT")
    long_entry, short_entry = entry_of(long_fills), entry_of(short_fills)
    wallet = 60 - _fees(long_fills + short_fills)
    house = ex.ledger.balance(HOUSE, WALLET, "USDT")
    # the mark where wallet + both sides' PnL is 1.5, under the maintenance margin (0.4 % of 0.015 x the mark)
    mark = ((D("1.5") - wallet + QTY * long_entry - QTY / 2 * short_entry) / (QTY / 2)).quantize(Q8)
    sim.run(lambda: ex.futures.set_mark("BTCUSDT", mark, ex.clock.now_ms()))
    assert b.futures_positions("BTCUSDT") == []
    forced = sorted((o.position_side, o.side, o.executed_qty, o.avg_price) for o in b.futures_force_orders("BTCUSDT"))
    assert forced == [("LONG", "SELL", QTY, mark), ("SHORT", "BUY", QTY / 2, mark)]
    left = wallet + (short_entry - mark) * QTY / 2 + (mark - long_entry) * QTY
    assert 0 < left < (mark * QTY / 2 * CLEARANCE).quantize(Q8, ROUND_DOWN)
    assert [i.income for i in b.futures_income("BTCUSDT", income_type="INSURANCE_CLEAR")] == [-left]
    assert b.futures_account().total_wallet_balance == 0  # the whole cross wallet went to the insurance fund
    assert ex.ledger.balance(HOUSE, WALLET, "USDT") == house + wallet
    assert ex.ledger.total("USDT") == total


def test_clearance_fee_replaces_the_taker_fee(bn: Both, sim: BinanceSim) -> None:
    """A forced close of a cross position whose wallet covers everything: the whole clearance fee is paid."""
    ex = sim.exchange
    total = ex.ledger.total("USDT")
    assert bn.futures_exchange_info().symbols[0].liquidation_fee == CLEARANCE
    info = bn.request("GET", "/fapi/v1/exchangeInfo", signed=False)["symbols"]
    assert [(s["symbol"], s["liquidationFee"], s["marketTakeBound"]) for s in info] == [
        ("BTCUSDT", "0.012500", "0.05"), ("ETHUSDT", "0.012500", "0.05")]
    fills = walk(bn.futures_depth("BTCUSDT", limit=5).asks, QTY)
    bn.futures_new_order("BTCUSDT", "BUY", "MARKET", quantity=QTY)
    entry = entry_of(fills)
    before, house = bn.futures_account().total_wallet_balance, ex.ledger.balance(HOUSE, WALLET, "USDT")
    mark = D("64321.5")
    sim.run(lambda: ex.futures.set_mark("BTCUSDT", mark, ex.clock.now_ms()))
    sim.run(lambda: fapi_settle.close(ex, ex.users[0].uid, "BTCUSDT", ex.clock.now_ms()))
    loss = (entry - mark) * QTY
    fee = (mark * QTY * CLEARANCE).quantize(Q8, ROUND_DOWN)
    assert fee == D("8.04018750")
    (trade,) = [t for t in bn.futures_user_trades("BTCUSDT") if t.side == "SELL"]
    assert (trade.price, trade.commission, trade.realized_pnl) == (mark, D(0), -loss)
    assert bn.futures_account().total_wallet_balance == before - loss - fee
    assert [i.income for i in bn.futures_income("BTCUSDT", income_type="INSURANCE_CLEAR")] == [-fee]
    assert ex.ledger.balance(HOUSE, WALLET, "USDT") == house + loss + fee
    assert ex.ledger.total("USDT") == total


def _peers(sim: BinanceSim, rows: list[tuple[str, str, str, str]]) -> None:
    """Give other users positions (uid, positionSide, amount, entry) in BTCUSDT and a wallet that carries them."""
    ex = sim.exchange

    def put() -> None:
        for uid, side, amt, entry in rows:
            ex.ledger.seed(uid, WALLET, "USDT", D(1000))
            ex.futures.positions[(uid, "BTCUSDT", side)] = Position(D(amt), D(entry))
        ex.futures.set_mark("BTCUSDT", D(65000), ex.clock.now_ms())

    sim.run(put)


def _mine(sim: BinanceSim, rows: list[tuple[str, str, str]]) -> None:
    """Set the demo user's BTCUSDT positions (positionSide, amount, entry)."""
    ex = sim.exchange

    def put() -> None:
        for side, amt, entry in rows:
            ex.futures.positions[(ex.users[0].uid, "BTCUSDT", side)] = Position(D(amt), D(entry))

    sim.run(put)


# profit ratios at the 65000 mark: longs +8.33 %, +1.56 %, -1.52 %; shorts +7.14 %, +4.41 %, -1.56 %
PEERS = [("p1", "BOTH", "0.01", "60000"), ("p2", "BOTH", "0.01", "64000"), ("p3", "LONG", "0.01", "66000"),
         ("p4", "BOTH", "-0.01", "70000"), ("p5", "SHORT", "-0.01", "68000"), ("p6", "BOTH", "-0.01", "64000")]


def test_adl_quantile_per_side(bn: Both, sim: BinanceSim) -> None:
    assert bn.futures_adl_quantile() == []
    bn.futures_set_position_mode(True)
    bn.futures_set_margin_type("BTCUSDT", "ISOLATED")
    _peers(sim, PEERS)
    _mine(sim, [("LONG", "0.01", "62000"), ("SHORT", "-0.01", "66000")])  # +4.84 % and +1.52 %
    # isolated in hedge mode: each side ranked among its own side (3 of 4 longs at or below: 3; 2 of 4 shorts: 2)
    (adl,) = bn.futures_adl_quantile("BTCUSDT")
    assert (adl.symbol, adl.adl_quantile) == ("BTCUSDT", {"LONG": 3, "SHORT": 2, "BOTH": 0})
    raw = bn.request("GET", "/fapi/v1/adlQuantile", {"symbol": "BTCUSDT"})
    assert raw == [{"symbol": "BTCUSDT", "adlQuantile": {"LONG": 3, "SHORT": 2, "BOTH": 0}}]


def test_adl_quantile_hedge_crossed(bn: Both, sim: BinanceSim) -> None:
    bn.futures_set_position_mode(True)
    _peers(sim, PEERS)
    _mine(sim, [("LONG", "0.01", "62000")])
    # crossed in hedge mode: HEDGE (a sign) instead of BOTH; one side held: that side's own rank
    assert bn.request("GET", "/fapi/v1/adlQuantile", {}) == [
        {"symbol": "BTCUSDT", "adlQuantile": {"LONG": 3, "SHORT": 0, "HEDGE": 0}}]
    _mine(sim, [("SHORT", "-0.01", "66000")])
    # both held: one value from both sides' profit together, (30 + 10) / (620 + 660) = +3.125 %, ranked among
    # every position of the symbol: 4 of 7 at or below, ceil(4 x 4 / 7) = 3
    (adl,) = bn.futures_adl_quantile()
    assert adl.adl_quantile == {"LONG": 3, "SHORT": 3, "HEDGE": 0}


def test_adl_quantile_one_way(bn: Both, sim: BinanceSim) -> None:
    _peers(sim, PEERS)
    _mine(sim, [("BOTH", "-0.01", "69000")])  # +5.80 %: 3 of 4 shorts at or below
    assert bn.request("GET", "/fapi/v1/adlQuantile", {}) == [
        {"symbol": "BTCUSDT", "adlQuantile": {"LONG": 0, "SHORT": 3, "BOTH": 3}}]
    _mine(sim, [("BOTH", "0.01", "60000")])  # the long ties the best peer long: 4 of 4
    assert bn.request("GET", "/fapi/v1/adlQuantile", {}) == [
        {"symbol": "BTCUSDT", "adlQuantile": {"LONG": 4, "SHORT": 0, "BOTH": 4}}]
