"""The synthetic market is self-consistent, deterministic, and moves with the clock."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from tests.sim.bxraw import RawClient
from tradewire.sim import Simulator
from tradewire.sim.events import EventHub, TradeEvent
from tradewire.sim.market import Market

Q = "/openApi/swap/v2/quote"
SYMBOLS = ["BTC-USDT", "ETH-USDT", "SOL-USDT", "DOGE-USDT"]


def test_contracts(demo: RawClient) -> None:
    rows = demo.public(f"{Q}/contracts").data
    assert [r["symbol"] for r in rows] == SYMBOLS
    btc = rows[0]
    assert (btc["pricePrecision"], btc["quantityPrecision"], btc["size"]) == (1, 4, "0")
    assert (btc["tradeMinQuantity"], btc["takerFeeRate"], btc["makerFeeRate"]) == (
        Decimal("0.0001"), Decimal("0.0005"), Decimal("0.0002"))
    assert b'"takerFeeRate":0.0005' in demo.public(f"{Q}/contracts", symbol="BTC-USDT").raw


def test_prices_start_at_the_base_price(sim: Simulator, demo: RawClient) -> None:
    """The trade printed at the simulator's start is at the contract's base price."""
    launch = demo.public(f"{Q}/contracts").data[0]["launchTime"]
    first_id = 100_000_000 + (sim.state.market.start_ms - launch) // 10_000
    prices = [demo.public("/openApi/swap/v1/market/historicalTrades", symbol=s, fromId=first_id, limit=1).data[0]
              for s in SYMBOLS]
    assert [p["price"] for p in prices] == ["65000.0", "3200.00", "150.000", "0.15000"]


def test_one_instant_everywhere(sim: Simulator, demo: RawClient) -> None:
    sim.clock.speed = 0  # freeze: every endpoint sees the same instant
    for symbol in SYMBOLS:
        trades = demo.public(f"{Q}/trades", symbol=symbol, limit=1000).data
        ticker = demo.public(f"{Q}/ticker", symbol=symbol).data
        price = demo.public("/openApi/swap/v1/ticker/price", symbol=symbol).data
        book = demo.public(f"{Q}/bookTicker", symbol=symbol).data
        depth = demo.public(f"{Q}/depth", symbol=symbol, limit=100).data
        candle = demo.public("/openApi/swap/v3/quote/klines", symbol=symbol, interval="1m", limit=1).data[0]
        last = trades[-1]
        assert len(trades) == 1000
        assert [t["id"] for t in trades] == list(range(trades[0]["id"], trades[0]["id"] + 1000))
        assert ticker["lastPrice"] == price["price"] == last["price"] == candle["close"]
        assert ticker["lastQty"] == last["qty"] and price["time"] == last["time"]
        assert Decimal(ticker["lowPrice"]) <= Decimal(last["price"]) <= Decimal(ticker["highPrice"])
        assert [book["bidPrice"], book["bidQty"]] == depth["bids"][0] == [ticker["bidPrice"], ticker["bidQty"]]
        assert [book["askPrice"], book["askQty"]] == depth["asks"][0] == [ticker["askPrice"], ticker["askQty"]]
        bids = [Decimal(p) for p, _ in depth["bids"]]
        asks = [Decimal(p) for p, _ in depth["asks"]]
        assert len(bids) == len(asks) == 100
        assert bids == sorted(bids, reverse=True) and asks == sorted(asks)
        assert bids[0] < asks[0]
        assert Decimal(last["price"]) in (bids[0], asks[0])
        assert Decimal(last["price"]) == (bids[0] if last["buyerMaker"] else asks[0])
        tick = Decimal(1).scaleb(-demo.public(f"{Q}/contracts", symbol=symbol).data[0]["pricePrecision"])
        assert all(p % tick == 0 for p in bids + asks)
        assert all(Decimal(q) > 0 for _, q in depth["bids"] + depth["asks"])


def test_candles_aggregate_the_trades(sim: Simulator, demo: RawClient) -> None:
    sim.clock.speed = 0
    trades = demo.public(f"{Q}/trades", symbol="ETH-USDT", limit=1000).data
    candles = demo.public("/openApi/swap/v3/quote/klines", symbol="ETH-USDT", interval="5m", limit=10).data
    for n, candle in enumerate(candles):
        inside = [t for t in trades if candle["time"] <= t["time"] < candle["time"] + 300_000]
        assert len(inside) == 30 or (n == 9 and 1 <= len(inside) <= 30)  # the last one is still open
        assert candle["open"] == inside[0]["price"] and candle["close"] == inside[-1]["price"]
        assert Decimal(candle["high"]) == max(Decimal(t["price"]) for t in inside)
        assert Decimal(candle["low"]) == min(Decimal(t["price"]) for t in inside)
        assert Decimal(candle["volume"]) == sum(Decimal(t["qty"]) for t in inside)
    hours = demo.public("/openApi/swap/v3/quote/klines", symbol="ETH-USDT", interval="1h", limit=24).data
    day = demo.public(f"{Q}/ticker", symbol="ETH-USDT").data
    assert max(Decimal(h["high"]) for h in hours) >= Decimal(day["highPrice"])
    marks = demo.public("/openApi/swap/v1/market/markPriceKlines", symbol="ETH-USDT", interval="5m", limit=10)
    assert marks.data[-1]["close"] == Decimal(candles[-1]["close"])  # a JSON number here
    assert b'"close":"' not in marks.raw


def test_kline_ranges(demo: RawClient) -> None:
    start = 1_000 + demo.public(f"{Q}/contracts").data[0]["launchTime"] + 3 * 3_600_000
    rows = demo.public("/openApi/swap/v3/quote/klines", symbol="BTC-USDT", interval="1h", startTime=start,
                       limit=5).data
    assert [r["time"] for r in rows] == [start - 1_000 + h * 3_600_000 for h in range(1, 6)]
    assert demo.public("/openApi/swap/v3/quote/klines", symbol="BTC-USDT", interval="2m").code == 109400
    assert demo.public("/openApi/swap/v3/quote/klines", symbol="BTC-USDT", interval="1h", startTime=5,
                       endTime=4).code == 109400
    assert demo.public("/openApi/swap/v3/quote/klines", symbol="BTC-USDT", interval="1h", limit=1441).code == 109400


def test_historical_trades_from_id(demo: RawClient) -> None:
    latest = demo.public("/openApi/swap/v1/market/historicalTrades", symbol="SOL-USDT", limit=3).data
    assert len(latest) == 3 and all(isinstance(t["id"], str) for t in latest)
    first = int(latest[0]["id"]) - 10
    rows = demo.public("/openApi/swap/v1/market/historicalTrades", symbol="SOL-USDT", fromId=first, limit=5).data
    assert [int(r["id"]) for r in rows] == list(range(first, first + 5))


def test_object_or_list_by_symbol(demo: RawClient) -> None:
    for path in (f"{Q}/premiumIndex", f"{Q}/ticker", "/openApi/swap/v1/ticker/price"):
        assert isinstance(demo.public(path, symbol="ETH-USDT").data, dict)
        assert [r["symbol"] for r in demo.public(path).data] == SYMBOLS
    premium = demo.public(f"{Q}/premiumIndex", symbol="BTC-USDT").data
    assert premium["nextFundingTime"] % (8 * 3_600_000) == 0
    assert premium["markPrice"] == demo.public("/openApi/swap/v1/ticker/price", symbol="BTC-USDT").data["price"]


def test_funding_history(demo: RawClient) -> None:
    rows = demo.public(f"{Q}/fundingRate", symbol="BTC-USDT", limit=30).data
    times = [r["fundingTime"] for r in rows]
    assert len(rows) == 30 and all(b - a == 8 * 3_600_000 for a, b in pairwise(times))
    assert all(Decimal("-0.0002") <= Decimal(r["fundingRate"]) <= Decimal("0.0004") for r in rows)
    assert len(rows[0]["fundingRate"].split(".")[1]) == 8
    interest = demo.public(f"{Q}/openInterest", symbol="BTC-USDT").data
    assert Decimal("7650") <= Decimal(interest["openInterest"]) <= Decimal("9350")


def test_symbol_validation(demo: RawClient) -> None:
    assert demo.public(f"{Q}/depth", symbol="BTCUSDT").code == 109400
    assert demo.public(f"{Q}/depth", symbol="btc-usdt").code == 109400
    assert demo.public(f"{Q}/depth", symbol="XRP-USDT").code == 109425
    assert demo.public(f"{Q}/depth").code == 109400
    assert demo.public(f"{Q}/depth", symbol="BTC-USDT", limit=7).code == 109400
    assert demo.public(f"{Q}/trades", symbol="BTC-USDT", limit=1001).code == 109400


def test_market_moves_with_the_clock_and_publishes(sim: Simulator, demo: RawClient) -> None:
    events: list[object] = []
    sim.state.events.subscribe(events.append)
    sim.clock.speed = 0
    before = demo.public(f"{Q}/trades", symbol="DOGE-USDT", limit=1).data[-1]
    sim.clock.advance(60_000)
    after = demo.public(f"{Q}/trades", symbol="DOGE-USDT", limit=6).data
    assert after[0]["id"] == before["id"] + 1 and after[-1]["id"] == before["id"] + 6
    assert after[0]["time"] > before["time"]
    trade_ids = [e.trade_id for e in events if isinstance(e, TradeEvent)]
    assert trade_ids == [t["id"] for t in after]


def test_same_seed_same_market() -> None:
    start = 1_760_000_000_000
    a, b, c = (Market(seed, start, EventHub()) for seed in (1, 1, 2))
    later = start + 3_600_000
    assert a.book("BTC-USDT", later, 50) == b.book("BTC-USDT", later, 50) != c.book("BTC-USDT", later, 50)
    assert a.candles("BTC-USDT", "1h", None, None, 48, later) == b.candles("BTC-USDT", "1h", None, None, 48, later)
    assert a.last_price("BTC-USDT", start) == c.last_price("BTC-USDT", start) == Decimal("65000.0")
