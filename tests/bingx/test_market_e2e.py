"""Every swap market-data endpoint, through both clients, against the simulator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.both import Both
from tradewire.bingx import models as m
from tradewire.bingx.endpoints import INTERVALS
from tradewire.core.errors import ValidationError


def test_server_time_is_the_simulator_clock(public: Both, sim: object) -> None:
    before = sim.clock.now_ms()  # type: ignore[attr-defined]
    t = public.server_time()
    assert before <= t <= sim.clock.now_ms()  # type: ignore[attr-defined]


def test_contracts(public: Both) -> None:
    contracts = public.contracts()
    by_symbol = {c.symbol: c for c in contracts}
    assert {"BTC-USDT", "ETH-USDT", "SOL-USDT", "DOGE-USDT"} <= by_symbol.keys()
    btc = by_symbol["BTC-USDT"]
    assert isinstance(btc.contract_id, str)
    assert btc.tick_size == Decimal("0.1") and btc.price_precision == 1
    assert btc.step_size == Decimal(1).scaleb(-btc.quantity_precision)
    assert isinstance(btc.taker_fee_rate, Decimal)
    (only,) = public.contracts("ETH-USDT")
    assert only.symbol == "ETH-USDT"


def test_depth_is_sorted_and_on_ticks(public: Both) -> None:
    d = public.depth("BTC-USDT", 20)
    assert len(d.bids) == 20 and len(d.asks) == 20
    assert d.bids == sorted(d.bids, reverse=True) and d.asks == sorted(d.asks)
    assert d.bids[0][0] < d.asks[0][0]
    assert all(p % Decimal("0.1") == 0 and q > 0 for p, q in d.bids + d.asks)


def test_book_ticker_equals_top_of_book(public: Both) -> None:
    bt = public.book_ticker("BTC-USDT")
    d = public.depth("BTC-USDT", 5)
    assert (bt.bid_price, bt.bid_qty) == d.bids[0]
    assert (bt.ask_price, bt.ask_qty) == d.asks[0]


def test_trades_ticker_and_price_agree(public: Both) -> None:
    trades = public.trades("ETH-USDT", 50)
    assert 0 < len(trades) <= 50
    assert all(isinstance(t.id, str) and t.price > 0 and t.qty > 0 for t in trades)
    last = max(trades, key=lambda t: (t.time, int(t.id)))
    assert public.ticker("ETH-USDT").last_price == last.price
    assert public.price("ETH-USDT").price == last.price
    tickers = public.tickers()
    assert {t.symbol for t in tickers} >= {"BTC-USDT", "ETH-USDT"}
    assert {p.symbol for p in public.prices()} == {t.symbol for t in tickers}


def test_historical_trades(public: Both) -> None:
    recent = public.historical_trades("BTC-USDT", limit=10)
    assert len(recent) == 10
    first_id = int(min(recent, key=lambda t: int(t.id)).id)
    older = public.historical_trades("BTC-USDT", from_id=first_id - 5, limit=5)
    assert [int(t.id) for t in older] == list(range(first_id - 5, first_id))


def test_premium_index_and_funding(public: Both) -> None:
    one = public.premium_index("BTC-USDT")
    assert isinstance(one, m.PremiumIndex) and one.symbol == "BTC-USDT" and one.mark_price > 0
    every = public.premium_indexes()
    assert one.symbol in {p.symbol for p in every}
    rates = public.funding_rates("BTC-USDT", limit=5)
    assert len(rates) == 5
    assert [r.funding_time for r in rates] == sorted(r.funding_time for r in rates)
    assert all((r.funding_time - rates[0].funding_time) % (8 * 3600 * 1000) == 0 for r in rates)


@pytest.mark.parametrize("interval", ["1m", "1h", "1d"])
def test_klines_are_consistent(public: Both, interval: str) -> None:
    ks = public.klines("BTC-USDT", interval, limit=10)
    assert len(ks) == 10
    assert [k.time for k in ks] == sorted(k.time for k in ks)
    assert all(k.low <= min(k.open, k.close) and k.high >= max(k.open, k.close) for k in ks)


def test_klines_time_range(public: Both) -> None:
    ks = public.klines("BTC-USDT", "1h", limit=5)
    window = public.klines("BTC-USDT", "1h", start_time=ks[1].time, end_time=ks[3].time)
    assert [k.time for k in window] == [k.time for k in ks[1:4]]


def test_mark_price_klines(public: Both) -> None:
    ks = public.mark_price_klines("ETH-USDT", "15m", limit=3)
    assert len(ks) == 3 and all(isinstance(k.close, Decimal) for k in ks)


def test_open_interest(public: Both) -> None:
    oi = public.open_interest("SOL-USDT")
    assert oi.symbol == "SOL-USDT" and oi.open_interest > 0


def test_trading_rules_need_a_key(bx: Both) -> None:
    rules = bx.trading_rules("BTC-USDT")
    assert rules.min_size_coin is not None and rules.min_size_coin > 0


def test_every_interval_is_accepted(public: Both) -> None:
    for interval in INTERVALS:
        assert public.klines("DOGE-USDT", interval, limit=1)


def test_bad_input_is_refused_before_sending(public: Both, sim: object) -> None:
    sent = len(sim.requests)  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        public.depth("btc-usdt")
    with pytest.raises(ValidationError):
        public.klines("BTC-USDT", "7m")
    assert len(sim.requests) == sent  # type: ignore[attr-defined]
