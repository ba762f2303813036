"""Money-moving tools: CONFIRM with a one-time bound token on live, the VST notice, unknown outcomes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.mcp.conftest import Call, caller, desk_for, doc, text
from tradewire.bingx.base import VST_NOTICE
from tradewire.mcp.desk import Desk
from tradewire.sim import Simulator

TRANSFER_PATH = "/openApi/api/asset/v1/transfer"
MOVE = {"direction": "FUND_PFUTURES", "asset": "USDT", "amount": "25.5"}


def fund_usdt(sim: Simulator) -> Decimal:
    return sim.ledger.balance(sim.users[0].uid, "fund", "USDT")


def transfers_sent(sim: Simulator) -> int:
    return sum(r.path == TRANSFER_PATH for r in sim.requests)


async def test_live_transfer_needs_confirm_and_its_token(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    before = fund_usdt(fresh_sim)
    preview = doc(await call("transfer", **MOVE))
    assert preview["executed"] is False and preview["env"] == "live" and "notice" not in preview
    assert preview["would_do"]["summary"] == \
        "Transfer 25.5 USDT from the fund account to the USDTMPerp account (FUND_PFUTURES)"
    secret = fresh_sim.users[0].secret_key
    assert secret not in str(preview) and fresh_sim.users[0].api_key not in str(preview)
    assert "..." in preview["api_key"]  # masked
    token = preview["token"]
    assert fund_usdt(fresh_sim) == before and transfers_sent(fresh_sim) == 0

    no_token = await call("transfer", **MOVE, confirm="CONFIRM")
    assert no_token.is_error and "token" in text(no_token)[-1]
    lowercase = await call("transfer", **MOVE, confirm="confirm", token=token)
    assert lowercase.is_error and "exactly" in text(lowercase)[-1]
    assert fund_usdt(fresh_sim) == before and transfers_sent(fresh_sim) == 0

    done = doc(await call("transfer", **MOVE, confirm="CONFIRM", token=token))
    assert done["executed"] is True and int(done["tran_id"]) > 0
    assert fund_usdt(fresh_sim) == before - Decimal("25.5") and transfers_sent(fresh_sim) == 1

    again = await call("transfer", **MOVE, confirm="CONFIRM", token=token)
    assert again.is_error and "already used" in text(again)[-1]
    assert fund_usdt(fresh_sim) == before - Decimal("25.5") and transfers_sent(fresh_sim) == 1


async def test_changed_parameters_void_the_token(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    before = fund_usdt(fresh_sim)
    token = doc(await call("transfer", **MOVE))["token"]
    changed = await call("transfer", **{**MOVE, "amount": "2550"}, confirm="CONFIRM", token=token)
    assert changed.is_error and "differ" in text(changed)[-1]
    retried = await call("transfer", **MOVE, confirm="CONFIRM", token=token)  # voided by the changed attempt
    assert retried.is_error
    other_tool = doc(await call("transfer", **MOVE))["token"]
    wrong_tool = await call("cancel_order", symbol="BTC-USDT", order_id="1", confirm="CONFIRM", token=other_tool)
    assert wrong_tool.is_error
    assert fund_usdt(fresh_sim) == before and transfers_sent(fresh_sim) == 0


async def test_token_expires(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    desk, call = live
    now = [1000.0]
    desk.confirmations.clock = lambda: now[0]
    token = doc(await call("transfer", **MOVE))["token"]
    now[0] += desk.confirmations.ttl_s + 1
    late = await call("transfer", **MOVE, confirm="CONFIRM", token=token)
    assert late.is_error and "expired" in text(late)[-1] and transfers_sent(fresh_sim) == 0


async def test_live_order_place_and_cancel_confirmed(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    order = {"symbol": "BTC-USDT", "side": "buy", "type": "LIMIT", "amount": "0.001", "price": "20000",
             "time_in_force": "GTC"}
    preview = doc(await call("place_order", **order))
    would = preview["would_do"]
    assert preview["executed"] is False and would["notional"] == "20.000" and would["client_id"].startswith("tw")
    assert doc(await call("open_orders"))["orders"] == []
    placed = doc(await call("place_order", **order, confirm="CONFIRM", token=preview["token"]))
    assert placed["order"]["client_id"] == would["client_id"]  # the previewed id is the one used
    assert (placed["order"]["price"], placed["order"]["amount"]) == ("20000", "0.001")
    [open_] = doc(await call("open_orders", symbol="BTC/USDT"))["orders"]
    assert open_["id"] == placed["order"]["id"]
    cancel = {"symbol": "BTC-USDT", "client_id": would["client_id"]}
    assert doc(await call("open_orders"))["orders"]
    token = doc(await call("cancel_order", **cancel))["token"]
    assert len(doc(await call("open_orders"))["orders"]) == 1
    gone = doc(await call("cancel_order", **cancel, confirm="CONFIRM", token=token))
    assert gone["order"]["status"] == "CANCELED"
    assert doc(await call("open_orders"))["orders"] == []


async def test_vst_every_result_starts_with_the_notice(fresh_sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(fresh_sim, tmp_path, env="vst")
    call = caller(desk)
    before = fund_usdt(fresh_sim)
    for result in (await call("balances"), await call("price", symbol="BTC-USDT"),
                   await call("transfer", **MOVE), await call("balances", account="margin")):
        assert text(result)[0] == VST_NOTICE
    moved = doc(await call("transfer", **MOVE))  # no CONFIRM on VST
    assert moved["notice"] == VST_NOTICE and moved["executed"] is True
    assert fund_usdt(fresh_sim) == before - Decimal("51")
    desk.session.close()


async def test_sim_acts_at_once_and_says_it_is_the_simulator(fresh_sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(fresh_sim, tmp_path)
    before = fund_usdt(fresh_sim)
    result = await caller(desk)("transfer", **MOVE)
    assert "simulator" in text(result)[0] and doc(result)["executed"] is True
    assert fund_usdt(fresh_sim) == before - Decimal("25.5")
    desk.session.close()


async def test_unknown_outcome_reported_not_retried(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    before = fund_usdt(fresh_sim)
    fresh_sim.faults.add("status", path=TRANSFER_PATH, status=504, execute=True)
    token = doc(await call("transfer", **MOVE))["token"]
    result = await call("transfer", **MOVE, confirm="CONFIRM", token=token)
    assert result.is_error
    message = text(result)[-1]
    assert "OUTCOME UNKNOWN" in message and "NOT retried" in message
    assert 'transfer_history(direction="FUND_PFUTURES"' in message
    assert transfers_sent(fresh_sim) == 1  # sent once, never again
    assert fund_usdt(fresh_sim) == before - Decimal("25.5")  # it did execute: the check would show it
    history = doc(await call("transfer_history", direction="FUND_PFUTURES", start_time="1h"))
    assert [(r["asset"], r["amount"]) for r in history["rows"]] == [("USDT", "25.5")]
