"""Coin-M perpetuals through the sync and the async client against the simulator: market data agrees with the
coin-M tapes and book; an open and a close settle fee, PnL and margin in the coin to the exact decimal (the
expectations restate the inverse formulas with exact fractions, independently of `cswap_math`)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import pytest

from tests.both import Both
from tradewire.core.errors import ExchangeError, ValidationError
from tradewire.sim import Simulator
from tradewire.sim.bingx.cswap_contracts import cswap_market
from tradewire.sim.bingx.cswap_engine import cswap_engine

D = Decimal
S = "BTC-USD"
FACE = 10


def coin(x: Fraction) -> Decimal:
    """An exact fraction to 8 decimals, half even (how the venue moves coin)."""
    return (D(x.numerator) / D(x.denominator)).quantize(D("1E-8"), ROUND_HALF_EVEN)


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    sim.clock.speed = 0
    yield
    sim.clock.speed = 1


def test_market_data(public: Both, sim: Simulator) -> None:
    now = sim.clock.now_ms()
    contracts = {c.symbol: c for c in public.cswap_contracts()}
    assert set(contracts) == {"BTC-USD", "ETH-USD", "SOL-USD"}
    btc = contracts[S]
    assert (btc.min_tick_size, btc.min_qty, btc.price_precision, btc.status) == (D(10), D(1), 1, 1)
    market = cswap_market(sim.state)
    t = public.cswap_ticker(S)
    assert t.last_price == market.last_price(S, now) and t.time == now
    assert [x.symbol for x in public.cswap_tickers()] == ["BTC-USD", "ETH-USD", "SOL-USD"]
    p = public.cswap_premium_index(S)
    assert (p.mark_price, p.index_price, p.next_funding_time) == (
        market.mark_price(S, now), market.index_price(S, now), market.next_funding_time(now))
    assert len(public.cswap_premium_indexes()) == 3
    assert public.cswap_open_interest(S).open_interest == market.open_interest(S, now)
    depth = public.cswap_depth(S, 5)
    _, bids, asks = cswap_engine(sim.state).matching.depth(S, 5)
    assert (depth.bids, depth.asks) == (bids, asks) and depth.bids[0][0] < depth.asks[0][0]
    assert all(q == q.to_integral_value() for _, q in depth.bids)  # whole contracts
    k = public.cswap_klines(S, "1h", limit=3)
    assert len(k) == 3 and k[-1].close == t.last_price and k[-1].close_time == k[-1].time + 3_600_000 - 1
    with pytest.raises(ExchangeError) as e:
        public.cswap_ticker("XRP-USD")
    assert e.value.code == 109425
    with pytest.raises(ValidationError):
        public.cswap_depth("BTC-USDT")  # coin-M symbols end in -USD: refused before the wire


def test_open_and_close_settle_in_the_coin(bx: Both, sim: Simulator) -> None:
    uid = sim.users[0].uid
    before = {b.asset: b for b in bx.cswap_balance()}["BTC"]
    total = sim.state.ledger.total("BTC")
    book = bx.cswap_depth(S, 5)
    ask = book.asks[0]
    q = int(min(ask[1], book.bids[0][1], 100))  # what the top levels hold (the tape decides): one fill each way
    assert q >= 1
    placed = bx.cswap_place_order(S, "BUY", "MARKET", q, position_side="LONG", client_order_id=f"open{bx.kind}")
    assert (placed.symbol, placed.quantity, placed.type) == (S, D(q), "MARKET")
    order = bx.cswap_order(S, placed.order_id)
    entry = Fraction(ask[0])
    fee1 = coin(Fraction(q * FACE) / entry * Fraction(5, 10000))
    assert (order.status, order.executed_qty, order.avg_price, order.commission) == ("Filled", D(q), ask[0], -fee1)
    [fill] = bx.cswap_fills(placed.order_id)
    assert (fill.volume, fill.trade_price, fill.amount, fill.commission, fill.currency, fill.maker) == (
        D(q), ask[0], D(q * FACE), -fee1, "BTC", False)
    [pos] = [p for p in bx.cswap_positions(S) if p.position_side == "LONG"]
    margin = coin(Fraction(q * FACE) / entry / 10)
    mark = cswap_market(sim.state).mark_price(S, sim.clock.now_ms())
    assert (pos.position_amt, pos.avg_price, pos.initial_margin, pos.leverage, pos.isolated) == (
        D(q), ask[0], margin, 10, False)
    assert pos.unrealized_profit == coin(q * FACE * (1 / entry - 1 / Fraction(mark)))
    mid = {b.asset: b for b in bx.cswap_balance()}["BTC"]
    assert mid.balance == before.balance - fee1
    assert mid.used_margin == margin and mid.equity == mid.balance + mid.unrealized_profit
    bid = bx.cswap_depth(S, 5).bids[0]
    closed = bx.cswap_place_order(S, "SELL", "MARKET", q, position_side="LONG")
    fee2 = coin(Fraction(q * FACE) / Fraction(bid[0]) * Fraction(5, 10000))
    pnl = coin(q * FACE * (1 / entry - 1 / Fraction(bid[0])))
    done = bx.cswap_order(S, closed.order_id)
    assert (done.avg_price, done.profit, done.commission) == (bid[0], pnl, -fee2)
    after = {b.asset: b for b in bx.cswap_balance("BTC-USD")}["BTC"]
    assert after.balance == before.balance - fee1 - fee2 + pnl and after.used_margin == 0
    assert [p for p in bx.cswap_positions(S) if p.position_side == "LONG"] == []
    assert sim.state.ledger.total("BTC") == total  # money only moved
    assert uid in cswap_engine(sim.state).positions


def test_resting_orders_settings_and_refusals(bx: Both, sim: Simulator) -> None:
    ask = bx.cswap_depth(S, 5).asks[0][0]
    far = ask + 5000
    o = bx.cswap_place_order(S, "SELL", "LIMIT", 3, price=far, position_side="SHORT", time_in_force="GTC")
    [row] = [x for x in bx.cswap_open_orders(S) if x.order_id == o.order_id]
    assert (row.status, row.price, row.quantity) == ("Pending", far, D(3))
    frozen = {b.asset: b for b in bx.cswap_balance()}["BTC"].freezed_margin
    assert frozen == coin(Fraction(30) / Fraction(far) / 10)
    assert bx.cswap_cancel_order(S, order_id=o.order_id).status == "CANCELLED"
    with pytest.raises(ExchangeError) as e:
        bx.cswap_cancel_order(S, order_id=o.order_id)
    assert e.value.code == 109421
    bx.cswap_place_order(S, "SELL", "LIMIT", 2, price=far, position_side="SHORT")
    cancelled = bx.cswap_cancel_all(S)
    assert [x.status for x in cancelled.success] == ["CANCELLED"] and bx.cswap_open_orders(S) == []
    assert o.order_id in [x.order_id for x in bx.cswap_order_history(S, limit=50)]
    with pytest.raises(ExchangeError) as e:
        bx.cswap_place_order(S, "BUY", "MARKET", 10_000_000, position_side="LONG")
    assert e.value.code == 101204
    with pytest.raises(ExchangeError) as e:
        bx.cswap_place_order(S, "SELL", "MARKET", 1, position_side="LONG")  # nothing to close
    assert e.value.code == 101205
    with pytest.raises(ValidationError):
        bx.cswap_place_order(S, "BUY", "LIMIT", 1)  # a LIMIT order needs a price
    lev = bx.cswap_set_leverage("ETH-USD", "SHORT", 7)
    assert (lev.long_leverage, lev.short_leverage) == (10, 7)
    assert bx.cswap_leverage("ETH-USD").max_long_leverage == 75
    bx.cswap_set_margin_type("ETH-USD", "ISOLATED")
    assert bx.cswap_margin_type("ETH-USD") == "ISOLATED"
    bx.cswap_set_margin_type("ETH-USD", "CROSSED")
    c = bx.cswap_commission()
    assert (c.taker_commission_rate, c.maker_commission_rate) == (D("0.0005"), D("0.0002"))
    assert bx.cswap_force_orders() == []


def test_isolated_margin_and_close_all(bx: Both, sim: Simulator) -> None:
    bx.cswap_set_margin_type("SOL-USD", "ISOLATED")
    bx.cswap_place_order("SOL-USD", "SELL", "MARKET", 20, position_side="SHORT")
    [pos] = bx.cswap_positions("SOL-USD")
    assert pos.isolated and pos.position_side == "SHORT"
    bx.cswap_adjust_margin("SOL-USD", "SHORT", "0.5")
    [more] = bx.cswap_positions("SOL-USD")
    assert more.initial_margin == pos.initial_margin + D("0.5") and more.max_margin_reduction == D("0.5")
    with pytest.raises(ExchangeError) as e:
        bx.cswap_adjust_margin("SOL-USD", "SHORT", "0.6", add=False)
    assert e.value.code == 101253
    bx.cswap_close_all_positions("SOL-USD")
    assert bx.cswap_positions("SOL-USD") == []
    bx.cswap_set_margin_type("SOL-USD", "CROSSED")
