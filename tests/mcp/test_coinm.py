"""The coin-M read tools in-process against a frozen simulator: market data equal to the coin-M engine's, and the
demo user's coin-M positions, balances and orders as exact decimal strings."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.mcp.conftest import Call, caller, desk_for, doc, text
from tradewire.mcp.desk import Desk
from tradewire.sim import Simulator
from tradewire.sim.bingx.cswap_contracts import cswap_market
from tradewire.sim.bingx.cswap_engine import ACCOUNT, cswap_engine

D = Decimal
S = "BTC-USD"


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        s.clock.speed = 0  # market data holds still: exact values compare
        yield s


@pytest.fixture
def desk(sim: Simulator, tmp_path: Path) -> Iterator[Desk]:
    d = desk_for(sim, tmp_path)
    yield d
    d.session.close()


async def test_market_tools(sim: Simulator, desk: Desk) -> None:
    call: Call = caller(desk)
    contracts = doc(await call("coinm_contracts"))
    assert [c["symbol"] for c in contracts["contracts"]] == ["BTC-USD", "ETH-USD", "SOL-USD"]
    assert contracts["contracts"][0] | {"time_online": 0} == {
        "symbol": S, "contract_usd": "10", "tick_size": "0.1", "min_qty": "1.00000000", "status": 1, "time_online": 0}
    now = sim.clock.now_ms()
    ticker = doc(await call("coinm_ticker", symbol="btc"))  # a bare coin means its USD contract
    (row,) = ticker["tickers"]
    assert (row["symbol"], row["last"]) == (S, format(cswap_market(sim.state).last_price(S, now), "f"))
    assert len(doc(await call("coinm_ticker"))["tickers"]) == 3
    book = doc(await call("coinm_order_book", symbol="BTC/USD", depth=5))
    _, bids, asks = cswap_engine(sim.state).matching.depth(S, 5)
    assert book["symbol"] == S
    assert (book["bids"], book["asks"]) == ([[format(p, "f"), format(q, "f")] for p, q in bids],
                                            [[format(p, "f"), format(q, "f")] for p, q in asks])
    table = text(await call("coinm_order_book", symbol=S, depth=5))[1]
    assert table.startswith("**BTC-USD order book**") and f"| {book['bids'][0][0]} |" in table


async def test_account_tools(sim: Simulator, desk: Desk) -> None:
    call: Call = caller(desk)
    client = desk.bingx("test")
    bid = client.cswap_depth(S, 5).bids[-1][0]
    resting = client.cswap_place_order(S, "BUY", "LIMIT", 1, price=bid, position_side="LONG")
    bought = client.cswap_place_order(S, "BUY", "MARKET", 2, position_side="LONG")
    filled = client.cswap_order(S, order_id=bought.order_id)
    open_orders = doc(await call("coinm_orders", symbol="BTCUSD"))
    assert (open_orders["which"], [o["id"] for o in open_orders["orders"]]) == ("open", [str(resting.order_id)])
    assert open_orders["orders"][0] | {"time": 0} == {
        "id": str(resting.order_id), "client_id": None, "symbol": S, "side": "BUY", "position_side": "LONG",
        "type": "LIMIT", "status": "Pending", "price": format(bid, "f"), "amount": "1", "filled": "0",
        "avg_price": "0", "time": 0}
    history = doc(await call("coinm_orders", history=True))
    (done,) = [o for o in history["orders"] if o["id"] == str(bought.order_id)]
    assert (done["amount"], done["filled"], done["avg_price"]) == ("2", "2", format(filled.avg_price, "f"))
    positions = doc(await call("coinm_positions", symbol=S))
    (pos,) = positions["positions"]
    assert (pos["side"], pos["amount"], D(pos["entry_price"]), pos["margin_mode"], pos["leverage"]) == (
        "LONG", "2", filled.avg_price, "cross", 10)
    balances = doc(await call("coinm_balance"))
    btc = next(b for b in balances["balances"] if b["asset"] == "BTC")
    uid = sim.state.user_by_key(Simulator.DEMO_API_KEY).uid  # type: ignore[union-attr]
    assert btc["balance"] == format(sim.state.ledger.balance(uid, ACCOUNT, "BTC"), "f")
    assert D(btc["balance"]) == D("0.5") + filled.commission  # type: ignore[operator]
    client.cswap_cancel_all(S)
    client.cswap_close_all_positions(S)


async def test_refusals_name_the_argument(sim: Simulator, desk: Desk, tmp_path: Path) -> None:
    call: Call = caller(desk)
    sent = len(sim.requests)
    usdt = await call("coinm_ticker", symbol="BTC-USDT")
    assert usdt.is_error and text(usdt)[-1].startswith("invalid symbol: must match ^[A-Z0-9]+-USD$")
    limit = await call("coinm_orders", history=True, limit=0)
    assert limit.is_error and text(limit)[-1].startswith("invalid limit: must be 1 to 1000")
    assert len(sim.requests) == sent
    binance = desk_for(sim, tmp_path, venue="binance")
    only = await caller(binance)("coinm_balance")
    assert only.is_error and "coinm_balance is BingX-only" in text(only)[-1]
    binance.session.close()
