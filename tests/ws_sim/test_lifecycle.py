"""Issue 4's lifecycle promises, with the real client against the simulator: the account stream
survives two listen-key expiries, and a dropped connection ends in a resubscribed, resynced book."""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal

from tradewire import AsyncBingX
from tradewire.bingx.streams import BingXStreams, ListenKeyRenewed
from tradewire.bingx.ws_models import AccountConfigUpdate, AccountUpdate, ListenKeyExpired
from tradewire.core.ws import Disconnected, Limits, Reconnected, StreamEvent
from tradewire.sim import Simulator

from .conftest import TIMEOUT

S = "BTC-USDT"
HOUR = 3_600_000


async def test_account_stream_survives_two_listen_key_expiries(sim: Simulator) -> None:
    user = sim.users[0]
    limits = Limits(backoff_base=0.01, backoff_max=0.05)
    async with (AsyncBingX(user.api_key, user.secret_key, base_url=sim.bingx_url, rate_limits=False) as rest,
                BingXStreams(sim.bingx_ws_url, listen_keys=rest, limits=limits) as streams):
        account = streams.account()
        await asyncio.wait_for(anext(account), TIMEOUT)  # config on connect
        keys = [account.listen_key]
        seen: list[object] = []
        for round_ in range(2):
            sim.clock.advance(HOUR + 60_000)  # the key dies: no extend within 60 minutes of sim time
            for _ in range(100):
                item = await asyncio.wait_for(anext(account), TIMEOUT)
                seen.append(item)
                if isinstance(item, ListenKeyRenewed):
                    break
            else:
                raise AssertionError(f"no renewal in round {round_}")
            keys.append(account.listen_key)
            for _ in range(100):  # the socket comes back on the new key (config is pushed on connect)
                if isinstance(await asyncio.wait_for(anext(account), TIMEOUT), AccountConfigUpdate):
                    break
            # the same iterator keeps delivering: a transfer shows up on the new key
            await rest.sync_time()
            await rest.transfer("USDT", Decimal("0.5"), "FUND_PFUTURES")
            for _ in range(100):
                item = await asyncio.wait_for(anext(account), TIMEOUT)
                if isinstance(item, AccountUpdate):
                    assert item.account.balances[0].balance_change == Decimal("0.5")
                    break
            else:
                raise AssertionError(f"no ACCOUNT_UPDATE after renewal {round_}")
        assert len(set(keys)) == 3 and None not in keys
        assert sum(isinstance(i, ListenKeyExpired) for i in seen) == 2


async def test_dropped_connection_resubscribes_and_resyncs_the_book(sim: Simulator) -> None:
    sim.clock.speed = 0
    limits = Limits(backoff_base=0.01, backoff_max=0.05)
    async with BingXStreams(sim.bingx_ws_url, limits=limits) as streams:
        book_stream = streams.order_book(S)
        await book_stream.wait_active()
        markers: list[StreamEvent] = []

        async def read() -> None:
            async for item in book_stream:
                if isinstance(item, StreamEvent):
                    markers.append(item)

        reader = asyncio.create_task(read())
        await sim.bingx_ws.step_async(50)
        sim.ws_faults.add("drop")
        deadline = time.monotonic() + TIMEOUT
        while not any(isinstance(m, Reconnected) for m in markers) and time.monotonic() < deadline:
            await sim.bingx_ws.step_async(1)
        assert any(isinstance(m, Disconnected) for m in markers)
        assert any(isinstance(m, Reconnected) for m in markers)
        await sim.bingx_ws.step_async(200)
        target = sim.bingx_ws.last_update_id(S)
        while book_stream.book.last_update_id != target and time.monotonic() < deadline + TIMEOUT:
            await asyncio.sleep(0.01)
        reader.cancel()
        assert book_stream.book.last_update_id == target
        assert book_stream.book.top(1000) == sim.bingx_ws.book(S)
