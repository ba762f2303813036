"""Fixtures: a fresh simulator per test (rate limits off; test_sim_limits turns them on), raw clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sim.bxraw import RawClient
from tradewire.sim import Simulator


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as simulator:
        yield simulator


@pytest.fixture
def demo(sim: Simulator) -> RawClient:
    user = sim.users[0]
    return RawClient(sim.bingx_url, user.api_key, user.secret_key)


@pytest.fixture
def bob(sim: Simulator) -> RawClient:
    user = sim.users[1]
    return RawClient(sim.bingx_url, user.api_key, user.secret_key)
