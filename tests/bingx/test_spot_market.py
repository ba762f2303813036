"""Spot market data and the spot-trade extras through both clients against the simulator: the answers agree
with the simulator's spot book and tapes, and with one another, to the last decimal."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from tests.both import Both
from tradewire.core.errors import BadRequest, NotFound, ValidationError
from tradewire.sim import Simulator
from tradewire.sim.bingx.spot_view import spot_book, spot_market
from tradewire.sim.bingx.trading import SPOT_START, trading
from tradewire.sim.tape import SPACING_MS

D = Decimal
S = "BTC-USDT"


@pytest.fixture(autouse=True)
def frozen(sim: Simulator) -> Iterator[None]:
    """The clock stands still, so two reads see one instant."""
    sim.clock.speed = 0
    yield
    sim.clock.speed = 1


def test_depth_is_the_spot_book(public: Both, sim: Simulator) -> None:
    d = public.spot_depth(S, 7)
    _, bids, asks = spot_book(sim.state, S, sim.clock.now_ms(), 7)
    assert (d.bids, d.asks) == (bids, asks) and len(d.bids) == 7
    assert d.ts == sim.clock.now_ms()
    assert len(public.spot_depth(S).bids) == 20  # the documented default
    with pytest.raises(NotFound) as e:
        public.spot_depth("XRP-USDT")
    assert e.value.code == 100204


def test_aggregated_depth_sums_the_book_by_bucket(public: Both) -> None:
    full = public.spot_depth(S, 1000)
    agg = public.spot_depth_aggregated("BTC_USDT", 3, "step3")  # buckets of 1000 ticks = 10 USDT
    unit = D(10)
    expected_bids: dict[Decimal, Decimal] = {}
    for p, q in full.bids:
        key = (p // unit) * unit
        expected_bids[key] = expected_bids.get(key, D(0)) + q
    assert agg.bids == list(expected_bids.items())[:3]
    assert agg.asks[0][0] >= full.asks[0][0] and agg.asks[0][0] % unit == 0
    assert sum(q for _, q in agg.asks) <= sum(q for _, q in full.asks)
    assert public.spot_depth_aggregated("BTC_USDT", 2, "step0").bids == full.bids[:2]


def test_trades_klines_ticker_and_price_agree(public: Both, sim: Simulator) -> None:
    now = sim.clock.now_ms()
    tape = spot_market(sim.state).tape(S)
    trades = public.spot_trades(S, 500)
    assert len(trades) == 500 and len(public.spot_trades(S)) == 100
    last = trades[-1]
    assert last.time == tape.time(tape.count(now) - 1) and [t.time for t in trades] == sorted(t.time for t in trades)
    assert public.spot_price(S).trades[0].price == last.price
    assert public.spot_price(S).trades[0].type == (2 if last.buyer_maker else 1)
    # the previous full minute: OHLCV and the quote volume are those of the trades printed in it
    minute = [k for k in public.spot_klines(S, "1m", limit=3)][-2]
    inside = [t for t in trades if minute.time <= t.time <= (minute.close_time or 0)]
    assert len(inside) == 60_000 // SPACING_MS
    assert (minute.open, minute.close) == (inside[0].price, inside[-1].price)
    assert (minute.high, minute.low) == (max(t.price for t in inside), min(t.price for t in inside))
    assert minute.volume == sum(t.qty for t in inside)
    assert minute.quote_volume == sum(t.price * t.qty for t in inside)
    assert minute.close_time == minute.time + 59_999
    assert public.spot_historical_klines(S, "1m", limit=3) == public.spot_klines(S, "1m", limit=3)
    ticker = public.spot_ticker(S)
    d = public.spot_depth(S, 1)
    assert ticker.last_price == last.price and (ticker.bid_price, ticker.bid_qty) == d.bids[0]
    assert (ticker.ask_price, ticker.ask_qty) == d.asks[0]
    assert ticker.price_change == ticker.last_price - (ticker.open_price or 0)
    assert {t.symbol for t in public.spot_tickers()} == {"BTC-USDT", "ETH-USDT"}
    book = public.spot_book_ticker(S)
    assert (book.bid_price, book.bid_volume, book.ask_price, book.ask_volume) == (*d.bids[0], *d.asks[0])


def test_historical_trades_page_from_an_id(public: Both) -> None:
    recent = public.spot_trades(S, 10)
    older = public.spot_historical_trades(S, from_id=str(recent[0].id), limit=10)
    assert [h.tid for h in older] == [t.id for t in recent]
    assert [(h.p, h.v, h.time) for h in older] == [(t.price, t.qty, t.time) for t in recent]
    with pytest.raises(ValidationError):
        public.spot_historical_trades(S, limit=501)


def test_commission_and_kill_switch(bx: Both, sim: Simulator) -> None:
    c = bx.spot_commission(S)
    assert (c.symbol, c.maker_commission_rate, c.taker_commission_rate) == (S, D("0.001"), D("0.001"))
    bid = bx.spot_depth(S, 1).bids[0][0]
    resting = bx.spot_order(S, "BUY", "LIMIT", quantity=D("0.001"), price=bid - 100, time_in_force="GTC")
    armed = bx.spot_cancel_all_after(10)
    assert armed.trigger_time == sim.clock.now_ms() + 10_000
    assert bx.spot_cancel_all_after(0).trigger_time == 0  # closed: nothing fires
    sim.clock.advance(11_000)
    bx.spot_commission(S)  # a signed spot call: the client re-reads the server time after the jump
    assert bx.spot_order_info(S, order_id=resting.order_id).status == "NEW"
    bx.spot_cancel_all_after(10)
    sim.clock.advance(9_999)
    bx.spot_commission(S)
    assert bx.spot_order_info(S, order_id=resting.order_id).status == "NEW"
    sim.clock.advance(1)
    bx.spot_commission(S)  # the countdown ran out: this spot request cancels the order first
    assert bx.spot_order_info(S, order_id=resting.order_id).status == "CANCELED"
    assert bx.spot_open_orders(S) == []


def test_oco_lists_open_then_history(bx: Both, sim: Simulator) -> None:
    ref = trading(sim.state).spot.books[S].last_price or SPOT_START[S]
    placed = bx.oco_order(S, "SELL", D("0.001"), limit_price=ref + 500, trigger_price=ref - 500,
                          order_price=ref - 510)
    opened = bx.spot_open_oco_lists(1, 100).oco_orders or []
    assert placed.order_list_id in [o.order_list_id for o in opened]
    assert [o.list_order_status for o in opened if o.order_list_id == placed.order_list_id] == ["EXECUTING"]
    bx.cancel_oco_order(order_id=(placed.orders or [])[0].order_id)
    assert placed.order_list_id not in [o.order_list_id for o in bx.spot_open_oco_lists().oco_orders or []]
    history = bx.spot_oco_history()
    assert placed.order_list_id in [o.order_list_id for o in history.oco_orders or []]
    assert history.total == len(history.oco_orders or [])
    with pytest.raises(BadRequest) as e:
        bx.request("GET", "/openApi/spot/v1/oco/openOrderList", {"pageIndex": 1})
    assert e.value.code == 100400
