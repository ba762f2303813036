"""A fresh simulated Binance per test, and sync + async clients pointed at it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.both import Both, Connect
from tradewire.binance.aclient import AsyncBinance
from tradewire.binance.client import Binance
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.clock import SimClock
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY


@pytest.fixture
def sim() -> Iterator[BinanceSim]:
    clock = SimClock()
    clock.speed = 0  # the tape (and so the book) moves only when a test moves the clock
    with BinanceSim(clock=clock) as s:
        yield s


@pytest.fixture(params=["sync", "async"])
def connect(request: pytest.FixtureRequest, sim: BinanceSim) -> Iterator[Connect]:
    """A factory of clients of one kind (sync, then async) on `sim`, closed after the test."""
    loop = asyncio.new_event_loop() if request.param == "async" else None
    made: list[Both] = []

    def make(api_key: str | None = DEMO_API_KEY, secret_key: str | None = DEMO_SECRET_KEY, **kw: Any) -> Both:
        kw = {"base_url": sim.url, "futures_url": sim.url, "ws_url": sim.ws_url, "futures_ws_url": sim.fws_url, **kw}
        client = AsyncBinance(api_key, secret_key, **kw) if loop else Binance(api_key, secret_key, **kw)
        made.append(Both(client, loop))
        return made[-1]

    yield make
    for c in made:
        c.close()
    if loop is not None:
        loop.close()


@pytest.fixture
def bn(connect: Connect) -> Both:
    """The demo user's client, sync or async."""
    return connect()
