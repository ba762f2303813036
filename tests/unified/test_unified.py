"""The unified interface: symbol spelling, and the BingX adapter against the simulator."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from tradewire.core.errors import ValidationError
from tradewire.sim import Simulator
from tradewire.unified import Exchange, open_exchange, symbols


@pytest.mark.parametrize("text", ["BTC/USDT", "btc-usdt", "BTC_USDT", "BTCUSDT", "BTC/USDT:USDT", "btc"])
def test_symbol_spellings(text: str) -> None:
    assert symbols.unified(text) == "BTC/USDT"
    assert symbols.bingx(text) == "BTC-USDT"
    assert symbols.binance(text) == "BTCUSDT"


def test_bad_symbols() -> None:
    for bad in ("BTC/USDT/X", "BTC&x=1/USDT", "", "B TC/USDT"):
        with pytest.raises(ValidationError):
            symbols.unified(bad)
    assert symbols.split("ETHBTC") == ("ETH", "BTC")


@pytest.fixture(scope="module")
def bingx() -> Iterator[Exchange]:
    with Simulator(rate_limits=False) as sim:
        sim.clock.speed = 0
        user = sim.users[0]
        with open_exchange("bingx", api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url) as ex:
            yield ex


def test_balances(bingx: Exchange) -> None:
    rows = bingx.balances()
    assert {(b.account, b.asset) for b in rows} >= {("spot", "USDT"), ("fund", "BTC"), ("swap", "USDT")}
    fund_btc = next(b for b in rows if (b.account, b.asset) == ("fund", "BTC"))
    assert (fund_btc.total, fund_btc.free, fund_btc.used) == (Decimal("0.5"), Decimal("0.5"), Decimal(0))
    swap = bingx.balances("swap")[0]
    assert swap.total == Decimal("10000.0000") and swap.equity is not None
    assert all(isinstance(b.total, Decimal) for b in rows)
    with pytest.raises(ValidationError):
        bingx.balances("margin")


def test_positions(bingx: Exchange) -> None:
    [btc] = bingx.positions("BTC/USDT")
    assert (btc.symbol, btc.side, btc.amount, btc.entry_price, btc.leverage, btc.margin_mode) == \
        ("BTC/USDT", "long", Decimal("0.0500"), Decimal("64250.5"), 10, "isolated")
    assert isinstance(btc.id, str)


def test_market_data(bingx: Exchange) -> None:
    t = bingx.ticker("ETHUSDT")
    assert t.symbol == "ETH/USDT" and isinstance(t.last, Decimal) and t.venue == "bingx"
    assert {x.symbol for x in bingx.tickers()} >= {"BTC/USDT", "ETH/USDT"}
    book = bingx.order_book("BTC-USDT", 5)
    assert len(book.bids) == len(book.asks) == 5
    assert book.bids[0][0] < book.asks[0][0]
    assert [p for p, _ in book.bids] == sorted((p for p, _ in book.bids), reverse=True)
    candles = bingx.ohlcv("BTC/USDT", "1h", limit=10)
    assert len(candles) == 10 and [c.time for c in candles] == sorted(c.time for c in candles)
    trades = bingx.trades("BTC/USDT", 5)
    assert len(trades) == 5 and all(isinstance(x.id, str) and x.side in ("buy", "sell") for x in trades)
    assert abs(bingx.server_time() - trades[-1].time) < 86_400_000
    assert bingx.market_id("btc/usdt") == "BTC-USDT"


def test_unknown_venue() -> None:
    with pytest.raises(ValidationError):
        open_exchange("kraken")
