"""The account stream for settlements and settings: the FUNDING_FEE and liquidation ACCOUNT_UPDATE frames,
open orders cancelled before a liquidation, ACCOUNT_CONFIG_UPDATE on leverage and margin type changes (read
from the settings), and MARGIN_TRANSFER when isolated margin moves; exact values, raw socket."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from decimal import Decimal as D
from typing import Any

from tests.trading.crossing import mark, moving_period
from tradewire import BingX
from tradewire.sim import Simulator

from .conftest import RawWs

PERP = "USDTMPerp"
Q8 = D("1E-8")
MMR = D("0.004")


def _event(kind: str, reason: str | None = None) -> Callable[[Any], bool]:
    return lambda f: isinstance(f, dict) and f.get("e") == kind and (reason is None or f["a"]["m"] == reason)


def _client(sim: Simulator, n: int) -> BingX:
    user = sim.users[n]
    return BingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False)


def _decimals(row: dict[str, Any]) -> dict[str, Any]:
    return {k: D(v) if k not in ("a", "s", "mt", "ps") else v for k, v in row.items()}


async def _stream(bx: BingX, raw: Any) -> RawWs:
    ws: RawWs = await raw(f"?listenKey={await asyncio.to_thread(bx.create_listen_key)}")
    await ws.until(_event("ACCOUNT_CONFIG_UPDATE"))
    return ws


async def test_funding_fee_frame(sim: Simulator, raw: Any) -> None:
    sim.clock.speed = 0
    uid, market = sim.users[0].uid, sim.state.market
    at = market.next_funding_time(sim.clock.now_ms())
    sim.clock.advance(at - 1000 - sim.clock.now_ms())  # a listen key lives an hour: connect just before
    with _client(sim, 0) as bx:
        ws = await _stream(bx, raw)
        wallet = sim.ledger.balance(uid, PERP, "USDT")
        sim.clock.advance(2000)
        update = await ws.until(_event("ACCOUNT_UPDATE", "FUNDING_FEE"))
    # the seeded BTC long (isolated, 10x at 64250.5) pays out of its margin, the ETH short (cross) is not listed
    btc, eth = (((-1 if long else 1) * (amount * mark(sim, s, at) * market.funding_rate(s, at)).quantize(Q8))
                for s, amount, long in (("BTC-USDT", D("0.0500"), True), ("ETH-USDT", D("1.50"), False)))
    now, iw = at + 1000, D("0.0500") * D("64250.5") / 10 + btc
    assert (update["E"], update["T"]) == (now, now)
    assert [_decimals(r) for r in update["a"]["B"]] == [
        {"a": "USDT", "wb": wallet + btc + eth, "cw": wallet + btc + eth - iw, "bc": btc + eth}]
    assert [_decimals(p) for p in update["a"]["P"]] == [
        {"s": "BTC-USDT", "pa": D("0.0500"), "ep": D("64250.5"),
         "up": (mark(sim, "BTC-USDT", now) - D("64250.5")) * D("0.0500"), "mt": "isolated", "iw": iw, "ps": "LONG"}]
    assert sim.ledger.balance(uid, PERP, "USDT") == wallet + btc + eth


async def test_liquidation_cancels_orders_first_and_pushes_its_update(sim: Simulator, raw: Any) -> None:
    sim.clock.speed = 0
    uid = sim.users[1].uid
    start, when, way = moving_period(sim, "BTC-USDT", D("0.0045"), 10_000, 0)
    sim.clock.advance(start - sim.clock.now_ms())
    side, pos_side = ("SELL", "SHORT") if way == "up" else ("BUY", "LONG")
    with _client(sim, 1) as small:
        small.set_margin_type("BTC-USDT", "ISOLATED")
        small.set_leverage("BTC-USDT", pos_side, 125)
        small.swap_order("BTC-USDT", side, "MARKET", quantity=D("0.0300"), position_side=pos_side)
        p0 = mark(sim, "BTC-USDT", start)
        far = (p0 / 2 if side == "BUY" else p0 * 2).quantize(D("0.1"))  # never fills
        resting = small.swap_order("BTC-USDT", side, "LIMIT", quantity=D("0.0010"), price=far, time_in_force="GTC",
                                   position_side=pos_side)
        other = small.swap_order("SOL-USDT", "BUY", "LIMIT", quantity=D("1.0"), price=D("10.000"),
                                 time_in_force="GTC", position_side="LONG")
        pos = small.positions("BTC-USDT")[0]
        entry, amount = pos.avg_price, D("0.0300")
        margin = entry * amount / 125
        liq = ((entry * amount - margin) / (amount * (1 - MMR)) if pos_side == "LONG" else
               (entry * amount + margin) / (amount * (1 + MMR))).quantize(Q8).normalize()
        crossed = next(t for t in range(start, when + 1, 10_000) if (
            mark(sim, "BTC-USDT", t) <= liq if pos_side == "LONG" else mark(sim, "BTC-USDT", t) >= liq))
        sim.clock.advance(crossed - 10_000 - sim.clock.now_ms())  # a listen key lives an hour: connect just before
        assert len(small.positions("BTC-USDT")) == 1  # not yet
        ws = await _stream(small, raw)
        wallet = sim.ledger.balance(uid, PERP, "USDT")
        sim.clock.advance(10_000)  # the next push round settles it
        orders = [(await ws.until(_event("ORDER_TRADE_UPDATE")))["o"] for _ in range(2)]
        update = await ws.until(_event("ACCOUNT_UPDATE"))
        assert [(o["i"], o["x"], o["X"]) for o in orders] == [
            (resting.order_id, "CANCELED", "CANCELED"), (orders[1]["i"], "TRADE", "FILLED")]
        assert (orders[1]["c"], D(orders[1]["ap"]), D(orders[1]["z"])) == ("liquidation", liq, amount)
        assert small.swap_order_info("SOL-USDT", order_id=other.order_id).status == "NEW"  # another contract
        assert small.swap_order_info("BTC-USDT", order_id=resting.order_id).status == "CANCELED"
    pnl = (liq - entry) * amount * (1 if pos_side == "LONG" else -1)
    clear = (amount * liq * MMR).quantize(Q8)
    assert update["a"]["m"] == "INSURANCE_CLEAR" and update["E"] == crossed
    assert [_decimals(r) for r in update["a"]["B"]] == [
        {"a": "USDT", "wb": wallet + pnl - clear, "cw": wallet + pnl - clear, "bc": pnl - clear}]
    assert [_decimals(p) for p in update["a"]["P"]] == [
        {"s": "BTC-USDT", "pa": D(0), "ep": D(0), "up": D(0), "mt": "isolated", "iw": D(0), "ps": pos_side}]


async def test_settings_push_config_and_margin_transfer(sim: Simulator, raw: Any) -> None:
    sim.clock.speed = 0
    uid = sim.users[1].uid
    with _client(sim, 1) as small:
        ws = await _stream(small, raw)
        await asyncio.to_thread(small.set_margin_type, "SOL-USDT", "ISOLATED")  # no position: the setting
        config = await ws.until(lambda f: _event("ACCOUNT_CONFIG_UPDATE")(f) and f["ac"]["mt"] == "isolated")
        assert config["ac"] == {"s": "SOL-USDT", "l": 10, "S": 10, "mt": "isolated"}
        await asyncio.to_thread(small.set_leverage, "SOL-USDT", "SHORT", 7)
        config = await ws.until(lambda f: _event("ACCOUNT_CONFIG_UPDATE")(f) and f["ac"]["S"] == 7)
        assert config["ac"] == {"s": "SOL-USDT", "l": 10, "S": 7, "mt": "isolated"}
        await asyncio.to_thread(small.swap_order, "SOL-USDT", "BUY", "MARKET", quantity=D("1.0"),
                                position_side="LONG")
        await ws.until(_event("ACCOUNT_UPDATE", "ORDER"))
        wallet = sim.ledger.balance(uid, PERP, "USDT")
        pos = next(p for p in sim.state.book.positions[uid] if p.symbol == "SOL-USDT")
        await asyncio.to_thread(small.adjust_isolated_margin, "SOL-USDT", D("1.5"), 1, position_side="LONG")
        update = await ws.until(_event("ACCOUNT_UPDATE", "MARGIN_TRANSFER"))
    iw = pos.amount * pos.avg_price / 10 + D("1.5")
    now = sim.clock.now_ms()
    assert [_decimals(r) for r in update["a"]["B"]] == [{"a": "USDT", "wb": wallet, "cw": wallet - iw, "bc": D(0)}]
    assert [_decimals(p) for p in update["a"]["P"]] == [
        {"s": "SOL-USDT", "pa": pos.amount, "ep": pos.avg_price,
         "up": (mark(sim, "SOL-USDT", now) - pos.avg_price) * pos.amount, "mt": "isolated", "iw": iw, "ps": "LONG"}]
