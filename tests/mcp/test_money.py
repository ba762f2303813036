"""Money-moving tools in-process: checks before the preview, once-only execution, lost answers, both venues."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.mcp.conftest import Call, caller, desk_for, doc, text
from tradewire.mcp.desk import SIM_NOTICE, Desk
from tradewire.sim import Simulator

TRANSFER_PATH = "/openApi/api/asset/v1/transfer"
INNER_PATH = "/openApi/wallets/v1/capital/innerTransfer/apply"
SPOT_ORDER_PATH = "/openApi/spot/v1/trade/order"
MOVE = {"direction": "FUND_PFUTURES", "asset": "USDT", "amount": "25.5"}


def fund(sim: Simulator, user: int = 0, asset: str = "USDT") -> Decimal:
    return sim.ledger.balance(sim.users[user].uid, "fund", asset)


def sent(sim: Simulator, path: str) -> int:
    return sum(r.path == path for r in sim.requests)


async def test_token_expires(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    desk, call = live
    now = [1000.0]
    desk.confirmations.clock = lambda: now[0]
    token = doc(await call("prepare_transfer", **MOVE))["token"]
    now[0] += desk.confirmations.ttl_s + 1
    late = await call("execute", token=token, confirm="CONFIRM")
    assert late.is_error and "expired" in text(late)[-1] and sent(fresh_sim, TRANSFER_PATH) == 0


async def test_unknown_outcome_reported_not_retried(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    before = fund(fresh_sim)
    fresh_sim.faults.add("status", path=TRANSFER_PATH, status=504, execute=True)
    token = doc(await call("prepare_transfer", **MOVE))["token"]
    result = await call("execute", token=token, confirm="CONFIRM")
    assert result.is_error
    message = text(result)[-1]
    assert "OUTCOME UNKNOWN" in message and "NOT retried" in message
    assert 'transfer_history(direction="FUND_PFUTURES"' in message
    assert sent(fresh_sim, TRANSFER_PATH) == 1  # sent once, never again
    assert fund(fresh_sim) == before - Decimal("25.5")  # it did execute: the check shows it
    history = doc(await call("transfer_history", direction="FUND_PFUTURES", start_time="1h"))
    assert [(r["asset"], r["amount"]) for r in history["rows"]] == [("USDT", "25.5")]


async def test_live_order_checked_then_placed_and_cancelled_once(live: tuple[Desk, Call],
                                                                 fresh_sim: Simulator) -> None:
    _, call = live
    order = {"symbol": "BTC-USDT", "side": "buy", "type": "LIMIT", "amount": "0.001", "price": "20000"}
    off_tick = await call("prepare_order", **{**order, "price": "20000.001"})
    assert off_tick.is_error and "price" in text(off_tick)[-1] and "multiple of" in text(off_tick)[-1]
    no_price = await call("prepare_order", **{**order, "price": None})
    assert no_price.is_error and "price: is required for a LIMIT order" in text(no_price)[-1]
    preview = doc(await call("prepare_order", **order))
    would = preview["would_do"]
    assert (would["notional"], would["time_in_force"], would["price"]) == ("20.000", "GTC", "20000")
    assert would["client_id"].startswith("tw") and sent(fresh_sim, SPOT_ORDER_PATH) == 0
    placed = doc(await call("execute", token=preview["token"], confirm="CONFIRM"))["result"]["order"]
    assert (placed["client_id"], placed["price"], placed["amount"]) == (would["client_id"], "20000", "0.001")
    [open_] = doc(await call("open_orders", symbol="BTC/USDT"))["orders"]
    assert open_["id"] == placed["id"] and sent(fresh_sim, SPOT_ORDER_PATH) == 1

    missing = await call("prepare_cancel", symbol="BTC-USDT", order_id="123")
    assert missing.is_error
    cancel = doc(await call("prepare_cancel", symbol="BTC-USDT", client_id=would["client_id"]))
    assert cancel["would_do"]["summary"] == \
        f"Cancel BTC/USDT spot order {placed['id']} (buy 0.001 LIMIT at 20000, status NEW)"
    assert len(doc(await call("open_orders"))["orders"]) == 1
    gone = doc(await call("execute", token=cancel["token"], confirm="CONFIRM"))
    assert gone["result"]["order"]["status"] == "CANCELED" and doc(await call("open_orders"))["orders"] == []


async def test_swap_order_checked_by_the_test_endpoint(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    order = {"symbol": "ETH-USDT", "side": "buy", "type": "LIMIT", "amount": "0.01", "price": "1000",
             "market": "swap", "position_side": "LONG"}
    preview = doc(await call("prepare_order", **order))
    assert sum(r.path == "/openApi/swap/v2/trade/order/test" for r in fresh_sim.requests) == 1
    assert sum(r.path == "/openApi/swap/v2/trade/order" for r in fresh_sim.requests) == 0
    placed = doc(await call("execute", token=preview["token"], confirm="CONFIRM"))["result"]["order"]
    assert (placed["market"], placed["position_side"], placed["price"]) == ("swap", "LONG", "1000")


async def test_internal_transfer_to_another_user_once(live: tuple[Desk, Call], fresh_sim: Simulator) -> None:
    _, call = live
    bob = fresh_sim.users[1]
    mine, his = fund(fresh_sim), fund(fresh_sim, 1)
    phone = await call("prepare_internal_transfer", coin="USDT", amount="5", recipient_type="phone",
                       recipient=bob.phone)
    assert phone.is_error and "calling_code" in text(phone)[-1]
    preview = doc(await call("prepare_internal_transfer", coin="usdt", amount="7.25", recipient_type="uid",
                             recipient=bob.uid))
    assert preview["would_do"]["summary"] == (f"Send 7.25 USDT from your fund account to the BingX user with uid "
                                              f"{bob.uid}. This goes to another person and cannot be reversed.")
    refused = await call("execute", token=preview["token"])
    assert refused.is_error and sent(fresh_sim, INNER_PATH) == 0
    done = doc(await call("execute", token=preview["token"], confirm="CONFIRM"))
    assert done["result"]["client_id"] == preview["would_do"]["client_id"]
    assert (fund(fresh_sim), fund(fresh_sim, 1)) == (mine - Decimal("7.25"), his + Decimal("7.25"))
    again = await call("execute", token=preview["token"], confirm="CONFIRM")
    assert again.is_error and sent(fresh_sim, INNER_PATH) == 1


async def test_internal_transfer_lost_answer_found_by_client_id(live: tuple[Desk, Call],
                                                                fresh_sim: Simulator) -> None:
    _, call = live
    fresh_sim.faults.add("status", path=INNER_PATH, status=504, execute=True)
    preview = doc(await call("prepare_internal_transfer", coin="USDT", amount="2", recipient_type="email",
                             recipient=fresh_sim.users[1].email))
    done = doc(await call("execute", token=preview["token"], confirm="CONFIRM"))
    assert "found by its client id" in done["result"]["note"] and sent(fresh_sim, INNER_PATH) == 1
    [row] = doc(await call("internal_transfer_history", coin="USDT",
                           client_id=preview["would_do"]["client_id"]))["rows"]
    assert (row["id"], row["amount"]) == (done["result"]["id"], "2")


async def test_sim_needs_only_the_token_and_says_it_is_the_simulator(fresh_sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(fresh_sim, tmp_path)
    call = caller(desk)
    before = fund(fresh_sim)
    preview = await call("prepare_transfer", **MOVE)
    assert text(preview)[0] == f"BingX · {SIM_NOTICE}" and fund(fresh_sim) == before
    done = await call("execute", token=doc(preview)["token"])
    assert text(done)[0] == f"BingX · {SIM_NOTICE}" and doc(done)["executed"] is True
    assert fund(fresh_sim) == before - Decimal("25.5")
    desk.session.close()


async def test_binance_order_prepared_then_executed(fresh_sim: Simulator, tmp_path: Path) -> None:
    desk = desk_for(fresh_sim, tmp_path, venue="binance")
    call = caller(desk)
    order = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "amount": "0.001", "price": "20000"}
    off_tick = await call("prepare_order", **{**order, "price": "20000.001"})
    assert off_tick.is_error and "PRICE_FILTER" in text(off_tick)[-1]
    preview = doc(await call("prepare_order", **order))
    assert preview["venue"] == "binance" and preview["would_do"]["summary"] == \
        "BUY 0.001 BTC/USDT LIMIT at 20000 on binance spot"
    placed = doc(await call("execute", token=preview["token"]))["result"]["order"]
    assert (placed["venue"], placed["status"], placed["price"]) == ("binance", "NEW", "20000.00000000")
    assert (await call("prepare_transfer", **MOVE)).is_error  # fund transfers are BingX's
    desk.session.close()


async def test_internal_transfer_lost_and_not_found_stays_unknown(live: tuple[Desk, Call],
                                                                  fresh_sim: Simulator) -> None:
    _, call = live
    mine = fund(fresh_sim)
    fresh_sim.faults.add("status", path=INNER_PATH, status=504)  # the gateway gave up before the transfer
    preview = doc(await call("prepare_internal_transfer", coin="USDT", amount="2", recipient_type="uid",
                             recipient=fresh_sim.users[1].uid))
    result = await call("execute", token=preview["token"], confirm="CONFIRM")
    message = text(result)[-1]
    assert result.is_error and message.startswith("OUTCOME UNKNOWN") and "NOT retried" in message
    assert f'internal_transfer_history(coin="USDT", client_id="{preview["would_do"]["client_id"]}")' in message
    assert sent(fresh_sim, INNER_PATH) == 1 and fund(fresh_sim) == mine
