"""The tools for the newer families in-process: market data of every market type, Binance USD-M account reads,
BingX position history, forced orders and the kill switch (prepared, CONFIRM on live)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from tests.mcp.conftest import Call, caller, desk_for, doc, text
from tradewire.binance.client import Binance
from tradewire.mcp.desk import Desk
from tradewire.sim import Simulator
from tradewire.sim.bingx.spot_view import spot_book, spot_market
from tradewire.sim.demo_keys import DEMO_API_KEY, DEMO_SECRET_KEY


async def test_market_data_of_every_market_type(sim_call: Call, shared_sim: Simulator, tmp_path: Path) -> None:
    speed, shared_sim.clock.speed = shared_sim.clock.speed, 0  # the tapes stand still while the test compares
    try:
        now = shared_sim.clock.now_ms()
        _, bids, _ = spot_book(shared_sim.state, "BTC-USDT", now, 2)
        last = spot_market(shared_sim.state).last_price("BTC-USDT", now)
        spot = doc(await sim_call("order_book", symbol="BTC-USDT", depth=2, market="spot"))
        assert spot["bids"] == [[f"{p:f}", f"{q:f}"] for p, q in bids]
        [price] = doc(await sim_call("price", symbol="BTC", market="spot"))["tickers"]
        assert price["last"] == f"{last:f}"
        candles = doc(await sim_call("klines", symbol="BTC", limit=2, market="spot"))["candles"]
        assert len(candles) == 2 and candles[-1]["close"] == f"{last:f}"
        desk = desk_for(shared_sim, tmp_path, venue="binance")
        call = caller(desk)
        book = raw(shared_sim, "/fapi/v1/depth?symbol=BTCUSDT&limit=5")
        futures = doc(await call("order_book", symbol="BTCUSDT", depth=5, market="futures"))
        assert futures["bids"][0] == book["bids"][0]
        top = raw(shared_sim, "/fapi/v1/ticker/bookTicker?symbol=BTCUSDT")
        traded = raw(shared_sim, "/fapi/v1/ticker/price?symbol=BTCUSDT")
        [tick] = doc(await call("ticker", symbol="BTCUSDT", market="swap"))["tickers"]
        assert (tick["last"], tick["bid"], tick["ask"]) == (traded["price"], top["bidPrice"], top["askPrice"])
        bad = await call("price", symbol="BTC", market="margin")
        assert bad.is_error and text(bad)[-1].startswith("invalid market: must be spot or swap")
        desk.session.close()
    finally:
        shared_sim.clock.speed = speed


def raw(sim: Simulator, path: str) -> Any:
    """A public Binance answer as the simulator sends it."""
    with urllib.request.urlopen(sim.binance_url + path, timeout=30) as r:
        return json.loads(r.read())


async def test_binance_futures_positions_income_fees(fresh_sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(fresh_sim, tmp_path, venue="binance")
    call = caller(desk)
    client = Binance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=fresh_sim.binance_url, futures_url=fresh_sim.binance_url)
    client.futures_new_order("BTCUSDT", "SELL", "MARKET", quantity="0.020")
    [pos] = doc(await call("positions", symbol="BTC"))["positions"]
    assert (pos["symbol"], pos["side"], pos["amount"]) == ("BTC/USDT", "short", "0.020")
    income = doc(await call("income", income_type="commission"))
    assert income["income_type"] == "COMMISSION" and income["rows"]
    assert {r["type"] for r in income["rows"]} == {"COMMISSION"}
    fees = doc(await call("commission_rates", symbol="BTCUSDT"))
    assert fees["taker"] == {"rate": "0.0004", "percent": "0.04"} and fees["maker"]["rate"] == "0.0002"
    missing = await call("commission_rates")
    assert missing.is_error and "invalid symbol: is required on Binance" in text(missing)[-1]
    client.close()
    desk.session.close()


async def test_position_history_and_force_orders(sim_call: Call, shared_sim: Simulator) -> None:
    hist = doc(await sim_call("position_history", symbol="BTC", start_time="30d"))
    assert hist["symbol"] == "BTC/USDT" and hist["positions"]
    assert all(p["symbol"] == "BTC/USDT" for p in hist["positions"])
    forced = doc(await sim_call("force_orders", symbol="BTC", close_type="liquidation"))
    assert forced == {**forced, "close_type": "LIQUIDATION", "orders": []}
    sent = len(shared_sim.requests)
    bad = await sim_call("force_orders", close_type="margin_call")
    assert bad.is_error and text(bad)[-1].startswith("invalid close_type: must be liquidation or adl")
    assert len(shared_sim.requests) == sent


async def test_cancel_all_after_is_prepared_and_needs_confirm_on_live(live: tuple[Desk, Call],
                                                                       fresh_sim: Simulator) -> None:
    _, call = live
    early = await call("prepare_cancel_all_after", seconds=5)
    assert early.is_error and "invalid seconds: must be 0 (stop) or 10 to 120" in text(early)[-1]
    prepared = doc(await call("prepare_cancel_all_after", seconds=30, market="spot"))
    assert prepared["confirm_required"] is True and prepared["would_do"]["market"] == "spot"
    assert not [r for r in fresh_sim.requests if r.path.endswith("/cancelAllAfter")]
    refused = await call("execute", token=prepared["token"])
    assert refused.is_error
    assert not [r for r in fresh_sim.requests if r.path.endswith("/cancelAllAfter")]
    again = doc(await call("prepare_cancel_all_after", seconds=30))
    now = fresh_sim.clock.now_ms()
    done = doc(await call("execute", token=again["token"], confirm="CONFIRM"))
    assert done["result"]["status"] == "ACTIVATED" and done["result"]["trigger_time"] >= now + 30_000
    assert [r.path for r in fresh_sim.requests if r.path.endswith("/cancelAllAfter")] == [
        "/openApi/swap/v2/trade/cancelAllAfter"]
