"""The Binance adapter against the simulated Binance: same types as BingX, exact Decimals, str ids."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from tradewire.core.errors import ValidationError
from tradewire.sim import Simulator
from tradewire.unified import Exchange, NotSupported, OrderRequest, open_exchange


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as sim:
        sim.clock.speed = 0
        yield sim


@pytest.fixture(scope="module")
def binance(sim: Simulator) -> Iterator[Exchange]:
    user = sim.users[0]
    with open_exchange("binance", api_key=user.api_key, secret_key=user.secret_key,
                       base_url=sim.binance_url) as ex:
        yield ex


def test_balances_and_market_data(binance: Exchange, sim: Simulator) -> None:
    assert binance.market_id("BTC/USDT") == "BTCUSDT" and binance.venue == "binance"
    assert {(b.account, b.asset, b.total) for b in binance.balances()} == {
        ("spot", "BTC", Decimal(1)), ("spot", "ETH", Decimal(10)), ("spot", "USDT", Decimal(10000)),
        ("swap", "USDT", Decimal(1000))}  # swap: the USD-M futures wallet
    ex = sim.binance.exchange
    now = ex.clock.now_ms()
    _, bids, _ = ex.engine.depth("BTCUSDT", 3)  # the spot book
    book = binance.order_book("btc-usdt", 3)
    assert book.symbol == "BTC/USDT" and book.bids[0] == bids[0]
    assert binance.ticker("BTC").last == Decimal(65000)  # the tape's last print
    tape = ex.tapes.trades("BTCUSDT", now, 500)
    trade = binance.trades("BTC/USDT")[-1]
    assert (trade.id, trade.price, trade.side) == (
        str(tape[-1].id), Decimal(65000), "sell" if tape[-1].buyer_maker else "buy")
    assert [t.id for t in binance.trades_from("BTC/USDT", tape[0].id, 2)] == [str(t.id) for t in tape[:2]]
    assert binance.ohlcv("BTC/USDT", "1h", limit=5)[-1].close == Decimal(65000)
    assert binance.positions() == []  # USD-M futures: none open yet
    with pytest.raises(ValidationError):
        binance.balances("fund")
    futures = binance.on("swap")
    assert futures.data_market == "swap" and binance.on("spot") is binance and futures.on("spot").data_market == "spot"
    _, fbids, _ = ex.futures.engine.depth("BTCUSDT", 5)  # the book the futures fill on
    assert futures.order_book("BTC", 5).bids[0] == (fbids[0][0], Decimal(f"{fbids[0][1]:.3f}"))
    assert futures.ticker("BTC").bid == fbids[0][0]
    with pytest.raises(NotSupported):
        binance.on("options")


def test_orders(binance: Exchange) -> None:
    req = OrderRequest(symbol="ETH/USDT", side="buy", type="LIMIT", amount=Decimal("0.1"), price=Decimal("3000"),
                       time_in_force="GTC", client_id="unified1")
    placed = binance.place_order(req)
    assert (placed.client_id, placed.price, placed.amount, placed.status) == \
        ("unified1", Decimal(3000), Decimal("0.1"), "NEW")
    assert [o.id for o in binance.open_orders("spot", "ETHUSDT")] == [placed.id]
    assert binance.fetch_order("ETH/USDT", "spot", client_id="unified1").id == placed.id
    assert binance.cancel_order("ETH/USDT", "spot", id=placed.id).status == "CANCELED"
    with pytest.raises(NotSupported):
        binance.open_orders("swap")
