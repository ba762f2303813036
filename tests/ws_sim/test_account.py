"""The account stream: config on connect and every 5 s, ACCOUNT_UPDATE after REST transfers and fills,
listenKeyExpired, invalid keys; through a raw socket and through the real client."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import aiohttp
import pytest

from tradewire import AsyncBingX, BingX
from tradewire.bingx.streams import BingXStreams
from tradewire.bingx.ws_models import AccountConfigUpdate, AccountUpdate, ListenKeyExpired
from tradewire.core.ws import StreamEvent
from tradewire.sim import Simulator
from tradewire.sim.events import OrderEvent

from .conftest import TIMEOUT, RawWs

PERP = "USDTMPerp"


@pytest.fixture
def bx(sim: Simulator) -> Iterator[BingX]:
    user = sim.users[0]
    with BingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as client:
        yield client


def _event(kind: str) -> Any:
    return lambda f: isinstance(f, dict) and f.get("e") == kind


async def _quiet(ws: RawWs, seconds: float) -> list[Any]:
    """Every non-heartbeat frame arriving within ``seconds``."""
    got = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (left := deadline - loop.time()) > 0:
        try:
            frame = await ws.recv(left)
        except TimeoutError:
            break
        if frame != "Ping":
            got.append(frame)
    return got


async def test_config_on_connect_and_every_5_seconds(sim: Simulator, bx: BingX, raw: Any) -> None:
    ws: RawWs = await raw(f"?listenKey={await asyncio.to_thread(bx.create_listen_key)}")
    configs = [await ws.until(_event("ACCOUNT_CONFIG_UPDATE")) for _ in range(4)]
    assert {c["ac"]["s"] for c in configs} == {"BTC-USDT", "ETH-USDT", "SOL-USDT", "DOGE-USDT"}
    positions = sim.state.book.positions.get(sim.users[0].uid, [])
    for config in configs:
        held = {p.side: p for p in positions if p.symbol == config["ac"]["s"]}
        long, short = held.get("LONG"), held.get("SHORT")
        assert config["ac"] == {"s": config["ac"]["s"], "l": long.leverage if long else 10,
                                "S": short.leverage if short else 10,
                                "mt": "isolated" if any(p.isolated for p in held.values()) else "cross"}
    assert isinstance(configs[0]["E"], int)
    sim.clock.advance(5000)
    again = await ws.until(_event("ACCOUNT_CONFIG_UPDATE"))
    assert again["E"] >= configs[0]["E"] + 5000


async def test_transfer_pushes_account_update(sim: Simulator, bx: BingX, raw: Any) -> None:
    uid = sim.users[0].uid
    ws: RawWs = await raw(f"?listenKey={await asyncio.to_thread(bx.create_listen_key)}")
    await asyncio.to_thread(bx.transfer, "USDT", Decimal("12.3456"), "FUND_PFUTURES")
    update = await ws.until(_event("ACCOUNT_UPDATE"))
    wallet = sim.ledger.balance(uid, PERP, "USDT")
    assert update["a"]["m"] == "DEPOSIT" and update["a"]["P"] == []
    (row,) = update["a"]["B"]
    assert row["a"] == "USDT" and Decimal(row["wb"]) == wallet and Decimal(row["bc"]) == Decimal("12.3456")
    isolated = sum((p.amount * p.avg_price / p.leverage for p in sim.state.book.positions.get(uid, []) if p.isolated),
                   Decimal(0))
    assert Decimal(row["cw"]) == wallet - isolated and isinstance(update["E"], int) and update["T"] == update["E"]
    await asyncio.to_thread(bx.transfer, "USDT", Decimal("2.5"), "PFUTURES_FUND")
    update = await ws.until(_event("ACCOUNT_UPDATE"))
    assert update["a"]["m"] == "WITHDRAW"
    assert Decimal(update["a"]["B"][0]["bc"]) == Decimal("-2.5")
    assert Decimal(update["a"]["B"][0]["wb"]) == wallet - Decimal("2.5")


async def test_fill_pushes_balances_and_position(sim: Simulator, bx: BingX, raw: Any) -> None:
    ws: RawWs = await raw(f"?listenKey={await asyncio.to_thread(bx.create_listen_key)}")
    await asyncio.to_thread(bx.swap_order, "BTC-USDT", "BUY", "MARKET", Decimal("0.01"), position_side="LONG")
    update = await ws.until(lambda f: _event("ACCOUNT_UPDATE")(f) and f["a"]["P"])
    (pos,) = update["a"]["P"]
    assert update["a"]["m"] == "ORDER" and pos["s"] == "BTC-USDT" and pos["ps"] == "LONG"
    (held,) = [p for p in sim.state.book.positions[sim.users[0].uid] if p.symbol == "BTC-USDT" and p.side == "LONG"]
    assert (Decimal(pos["pa"]), Decimal(pos["ep"])) == (held.amount, held.avg_price)
    assert pos["mt"] == ("isolated" if held.isolated else "cross")
    assert Decimal(pos["iw"]) == (held.amount * held.avg_price / held.leverage if held.isolated else 0)
    (fee,) = update["a"]["B"]
    assert Decimal(fee["bc"]) < 0 and Decimal(fee["wb"]) == sim.ledger.balance(sim.users[0].uid, PERP, "USDT")


async def test_order_events_push_order_trade_update(sim: Simulator, bx: BingX, raw: Any) -> None:
    ws: RawWs = await raw(f"?listenKey={await asyncio.to_thread(bx.create_listen_key)}")
    await ws.until(_event("ACCOUNT_CONFIG_UPDATE"))
    d = Decimal
    event = OrderEvent(sim.users[0].uid, "ETH-USDT", "swap", "abc", "1800000000000000007", "SELL", "LIMIT", "SHORT",
                       d("1.50"), d("3310.25"), d(0), d("3310.25"), "FILLED", "TRADE", d("1.50"), d("3310.25"),
                       d("1.50"), "USDT", d("-0.99307500"), d(0), 1_700_000_000_000)
    with sim.state.lock:
        sim.state.events.publish(event)
        sim.state.events.publish(OrderEvent(**{**event.__dict__, "uid": sim.users[1].uid}))  # not ours
    update = await ws.until(_event("ORDER_TRADE_UPDATE"))
    assert update == {"e": "ORDER_TRADE_UPDATE", "E": update["E"], "T": 1_700_000_000_000, "o": {
        "s": "ETH-USDT", "c": "abc", "i": "1800000000000000007", "S": "SELL", "o": "LIMIT", "q": "1.50",
        "p": "3310.25", "sp": "0", "ap": "3310.25", "x": "TRADE", "X": "FILLED", "N": "USDT", "n": "-0.99307500",
        "T": 1_700_000_000_000, "wt": "MARK_PRICE", "ps": "SHORT", "rp": "0", "z": "1.50", "l": "1.50",
        "L": "3310.25"}}
    assert [f for f in await _quiet(ws, 0.2) if f["e"] == "ORDER_TRADE_UPDATE"] == []


async def test_real_orders_push_order_trade_update(sim: Simulator, bx: BingX, raw: Any) -> None:
    ws: RawWs = await raw(f"?listenKey={await asyncio.to_thread(bx.create_listen_key)}")
    await ws.until(_event("ACCOUNT_CONFIG_UPDATE"))
    placed = await asyncio.to_thread(bx.swap_order, "ETH-USDT", "BUY", "LIMIT", quantity=Decimal("0.10"),
                                     price=Decimal("3000.00"), position_side="LONG", time_in_force="GTC",
                                     client_order_id="wsevents1")
    new = (await ws.until(_event("ORDER_TRADE_UPDATE")))["o"]
    assert (new["i"], new["c"], new["x"], new["X"], new["q"], new["p"], new["ps"]) == (
        placed.order_id, "wsevents1", "NEW", "NEW", "0.10", "3000.00", "LONG")
    await asyncio.to_thread(bx.cancel_swap_order, "ETH-USDT", order_id=placed.order_id)
    canceled = (await ws.until(_event("ORDER_TRADE_UPDATE")))["o"]
    assert (canceled["i"], canceled["x"], canceled["X"], canceled["z"]) == (
        placed.order_id, "CANCELED", "CANCELED", "0")


async def test_listen_key_expiry(sim: Simulator, bx: BingX, raw: Any) -> None:
    key = await asyncio.to_thread(bx.create_listen_key)
    ws: RawWs = await raw(f"?listenKey={key}")
    await ws.until(_event("ACCOUNT_CONFIG_UPDATE"))
    sim.clock.speed = 10_000  # an hour of simulated time in 0.36 s
    expired = await ws.until(_event("listenKeyExpired"))
    assert expired == {"e": "listenKeyExpired", "E": expired["E"], "listenKey": key}
    sim.clock.speed = 1
    sim.clock.skew_ms = 0
    assert await _quiet(ws, 0.3) == []  # silence for this key, the socket stays open
    assert not ws.ws.closed


async def test_invalid_key_is_refused(raw: Any) -> None:
    ws: RawWs = await raw("?listenKey=" + "0" * 64)
    msg = await ws.ws.receive(TIMEOUT)
    assert msg.type is aiohttp.WSMsgType.CLOSE and msg.data == 1008


async def test_client_account_stream(sim: Simulator) -> None:
    user = sim.users[0]
    async with (AsyncBingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as rest,
                BingXStreams(sim.bingx_ws_url, listen_keys=rest) as streams):
        account = streams.account()
        first = await asyncio.wait_for(anext(account), TIMEOUT)
        assert isinstance(first, AccountConfigUpdate) and first.config.long_leverage == 10
        await rest.transfer("USDT", Decimal("1.25"), "FUND_PFUTURES")
        for _ in range(20):
            item = await asyncio.wait_for(anext(account), TIMEOUT)
            if isinstance(item, AccountUpdate):
                break
        else:
            raise AssertionError("no ACCOUNT_UPDATE")
        (balance,) = item.account.balances
        assert balance.balance_change == Decimal("1.25")
        assert balance.wallet_balance == sim.ledger.balance(user.uid, PERP, "USDT")
        sim.clock.advance(61 * 60_000)
        for _ in range(50):
            item = await asyncio.wait_for(anext(account), TIMEOUT)
            if isinstance(item, ListenKeyExpired | StreamEvent) and not isinstance(item, AccountConfigUpdate):
                break
        assert isinstance(item, ListenKeyExpired)
