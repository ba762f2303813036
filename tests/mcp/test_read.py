"""Read tools in-process: the income range rules said aloud, and errors as one clear line with the fix."""

from __future__ import annotations

from pathlib import Path

from tests.mcp.conftest import Call, caller, desk_for, doc, text
from tradewire.mcp.desk import SIM_NOTICE
from tradewire.sim import Simulator


async def test_income_defaults_to_seven_days_and_says_so(sim_call: Call) -> None:
    d = doc(await sim_call("income"))
    assert d["default_range_applied"] is True
    assert d["note"] == "No start_time given: showing the last 7 days. Only the last 3 months of income are available."
    assert d["end"] - d["start"] == 7 * 86_400_000
    assert (d["income_type"], d["symbol"]) == ("all", "all")
    funding = doc(await sim_call("income", income_type="funding", start_time="30d"))
    assert funding["default_range_applied"] is False and funding["income_type"] == "FUNDING_FEE"
    assert funding["rows"] and {r["type"] for r in funding["rows"]} == {"FUNDING_FEE"}
    few = doc(await sim_call("income", start_time="30d", limit=2))
    assert few["returned"] == 2 and few["truncated"] is True and few["total"] > 2


async def test_income_older_than_three_months_is_refused(sim_call: Call) -> None:
    result = await sim_call("income", start_time="120d")
    assert result.is_error and text(result)[0] == f"BingX · {SIM_NOTICE}"
    assert "invalid start_time: only the last 3 months of income are available" in text(result)[-1]


async def test_bad_input_is_named_and_nothing_is_sent(sim_call: Call, shared_sim: Simulator) -> None:
    sent = len(shared_sim.requests)
    bad = await sim_call("balances", account="margin")
    assert bad.is_error and text(bad)[-1].startswith("invalid account: must be all or one of spot, fund, swap")
    assert "nothing was sent" in text(bad)[-1]
    direction = await sim_call("prepare_transfer", direction="SPOT_MARS", asset="USDT", amount="1")
    assert "invalid direction: must be one of FUND_SFUTURES" in text(direction)[-1]
    negative = await sim_call("prepare_transfer", direction="FUND_PFUTURES", asset="USDT", amount="-1")
    assert "invalid amount: must be greater than 0" in text(negative)[-1]
    floaty = await sim_call("prepare_transfer", direction="FUND_PFUTURES", asset="USDT", amount=1.5)
    assert floaty.is_error  # amounts are decimal strings, never floats
    assert len(shared_sim.requests) == sent


async def test_exchange_errors_carry_the_code_and_the_fix(sim_call: Call, shared_sim: Simulator) -> None:
    unknown = await sim_call("ticker", symbol="NOPE-USDT")
    assert unknown.is_error and text(unknown)[-1] == "bingx [109425] symbol NOPE-USDT does not exist"
    shared_sim.faults.add("code", path="/openApi/swap/v2/user/positions", code=100419, msg="IP not in whitelist")
    ip = text(await sim_call("positions"))[-1]
    assert ip.startswith("bingx [100419] IP not in whitelist") and "add it in API management" in ip
    shared_sim.faults.add("code", path="/openApi/swap/v2/user/commissionRate", code=100004, msg="Permission denied")
    perm = text(await sim_call("commission_rates"))[-1]
    assert perm.startswith("bingx [100004]") and "lacks the permission" in perm


async def test_bingx_only_tools_on_binance(shared_sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(shared_sim, tmp_path, venue="binance")
    only = await caller(desk)("funding")
    assert only.is_error and "funding is BingX-only (this server runs on binance)" in text(only)[-1]
    prices = doc(await caller(desk)("price", symbol="BTCUSDT"))
    assert prices["venue"] == "binance" and prices["tickers"][0]["symbol"] == "BTC/USDT"
    desk.session.close()
