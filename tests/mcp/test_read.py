"""Read-only tools on the simulator: exact values, decimal strings, notices and defaults said."""

from __future__ import annotations

from pathlib import Path

from tests.mcp.conftest import Call, caller, desk_for, doc, text
from tradewire.mcp.desk import SIM_NOTICE
from tradewire.sim import Simulator


async def test_tools_listed_with_safety_hints(sim_call: Call, shared_sim: Simulator, tmp_path: Path) -> None:
    from mcp.client.client import Client

    from tradewire.mcp.server import build_server

    async with Client(build_server(desk_for(shared_sim, tmp_path))) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == {"balances", "positions", "commission_rates", "income", "transfer_history", "price",
                          "ticker", "order_book", "klines", "funding", "contracts", "server_time", "get_order",
                          "open_orders", "transfer", "place_order", "cancel_order"}
    for name in ("transfer", "place_order", "cancel_order"):
        annotations = tools[name].annotations
        assert annotations is not None and annotations.destructive_hint and not annotations.read_only_hint
        assert {"confirm", "token"} <= set(tools[name].input_schema["properties"])
    assert tools["balances"].annotations is not None and tools["balances"].annotations.read_only_hint


async def test_balances_all_accounts_exact(sim_call: Call) -> None:
    result = await sim_call("balances")
    assert text(result)[0] == SIM_NOTICE
    d = doc(result)
    assert (d["notice"], d["venue"], d["env"]) == (SIM_NOTICE, "bingx", "sim")
    assert set(d["accounts"]) == {"spot", "fund", "swap"}
    assert [(b["asset"], b["free"], b["used"], b["total"]) for b in d["accounts"]["spot"]] == \
        [("BTC", "0.01234567", "0", "0.01234567"), ("USDT", "2500.5", "0", "2500.5")]
    assert {b["asset"]: b["total"] for b in d["accounts"]["fund"]} == {"BTC": "0.5", "USDT": "10000"}
    assert d["accounts"]["swap"][0]["total"] == "10000.0000"
    assert "USDTMPerp" in {r["account"] for r in d["overview_usdt"]}
    assert isinstance(d["overview_usdt"][0]["usdt"], str)


async def test_positions_and_commission_percentages(sim_call: Call) -> None:
    d = doc(await sim_call("positions"))
    assert d["symbol"] == "all"
    btc = next(p for p in d["positions"] if p["symbol"] == "BTC/USDT")
    assert (btc["side"], btc["amount"], btc["entry_price"], btc["leverage"]) == ("long", "0.0500", "64250.5", 10)
    assert [p["symbol"] for p in doc(await sim_call("positions", symbol="eth"))["positions"]] == ["ETH/USDT"]
    rates = doc(await sim_call("commission_rates"))
    assert (rates["taker"], rates["maker"]) == ({"rate": "0.0005", "percent": "0.05"},
                                                {"rate": "0.0002", "percent": "0.02"})


async def test_income_defaults_to_seven_days_and_says_so(sim_call: Call) -> None:
    d = doc(await sim_call("income"))
    assert d["default_range_applied"] is True and "7 days" in d["note"]
    assert d["end"] - d["start"] == 7 * 86_400_000
    assert (d["income_type"], d["symbol"]) == ("all", "all")
    assert all(isinstance(r["amount"], str) for r in d["rows"])
    funding = doc(await sim_call("income", income_type="funding", start_time="30d"))
    assert funding["default_range_applied"] is False and "note" not in funding
    assert funding["income_type"] == "FUNDING_FEE" and {r["type"] for r in funding["rows"]} <= {"FUNDING_FEE"}


async def test_income_older_than_three_months_is_refused(sim_call: Call) -> None:
    result = await sim_call("income", start_time="120d")
    assert result.is_error and "3 months" in text(result)[-1] and text(result)[0] == SIM_NOTICE


async def test_market_data(sim_call: Call, shared_sim: Simulator, tmp_path: Path) -> None:
    from tradewire.unified import open_exchange

    with open_exchange("bingx", "live", base_url=shared_sim.bingx_url) as ex:
        expected = ex.ticker("BTC-USDT")
        book = ex.order_book("BTC-USDT", 5)
    [price] = doc(await sim_call("price", symbol="btc"))["tickers"]
    assert price == {"symbol": "BTC/USDT", "last": format(expected.last, "f"), "time": expected.time}
    [tick] = doc(await sim_call("ticker", symbol="BTC-USDT"))["tickers"]
    assert tick["bid"] == format(expected.bid, "f") and tick["ask"] == format(expected.ask, "f")
    ob = doc(await sim_call("order_book", symbol="BTC/USDT", depth=5))
    assert ob["bids"] == [[format(p, "f"), format(a, "f")] for p, a in book.bids]
    candles = doc(await sim_call("klines", symbol="BTC-USDT", interval="1h"))
    assert len(candles["candles"]) == 100 and "100 most recent" in candles["note"]
    assert "note" not in doc(await sim_call("klines", symbol="BTC-USDT", limit=3))
    funding = doc(await sim_call("funding", symbol="BTC-USDT"))["funding"][0]
    assert funding["symbol"] == "BTC/USDT" and isinstance(funding["funding_rate"], str)
    assert {c["symbol"] for c in doc(await sim_call("contracts"))["contracts"]} >= {"BTC/USDT", "ETH/USDT"}
    clock = doc(await sim_call("server_time"))
    assert abs(clock["offset_ms"]) < 60_000 and clock["server_time_utc"].endswith("Z")


async def test_errors_are_clear_tool_errors(sim_call: Call, shared_sim: Simulator, tmp_path: Path) -> None:
    bad = await sim_call("balances", account="margin")
    assert bad.is_error and "account" in text(bad)[-1] and "nothing was sent" in text(bad)[-1]
    unknown = await sim_call("ticker", symbol="NOPE-USDT")
    assert unknown.is_error and "[" in text(unknown)[-1]  # the exchange code is in the message
    floaty = await sim_call("transfer", direction="FUND_PFUTURES", asset="USDT", amount=1.5)
    assert floaty.is_error  # amounts are decimal strings, never floats
    binance = caller(desk_for(shared_sim, tmp_path, venue="binance"))
    only = await binance("commission_rates")
    assert only.is_error and "BingX-only" in text(only)[-1]
