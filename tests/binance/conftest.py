"""A fresh simulated Binance per test, and clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tradewire.binance.client import Binance
from tradewire.sim.binance.server import BinanceSim
from tradewire.sim.users import DEMO_API_KEY, DEMO_SECRET_KEY


@pytest.fixture
def sim() -> Iterator[BinanceSim]:
    with BinanceSim() as s:
        yield s


@pytest.fixture
def bn(sim: BinanceSim) -> Iterator[Binance]:
    with Binance(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=sim.url, futures_url=sim.url, ws_url=sim.ws_url) as c:
        yield c
