"""A simulator per module, and a `bx` fixture that runs each test through the sync AND the async client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.both import Both, make_both
from tradewire.sim import Simulator


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


@pytest.fixture(params=["sync", "async"])
def bx(request: pytest.FixtureRequest, sim: Simulator) -> Iterator[Both]:
    user = sim.users[0]
    yield from make_both(request.param, api_key=user.api_key, secret_key=user.secret_key,
                         base_url=sim.bingx_url, rate_limits=False)


@pytest.fixture(params=["sync", "async"])
def public(request: pytest.FixtureRequest, sim: Simulator) -> Iterator[Both]:
    yield from make_both(request.param, base_url=sim.bingx_url, rate_limits=False)
