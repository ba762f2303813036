"""A fresh simulator per test (exact opening balances), and `bx` run through the sync AND the async client."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tradewire import AsyncBingX, BingX
from tradewire.sim import Simulator


class Both:
    """The same method surface for either client: async calls run to completion on a private loop."""

    def __init__(self, client: BingX | AsyncBingX, loop: asyncio.AbstractEventLoop | None) -> None:
        self.client = client
        self.loop = loop

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.client, name)
        if self.loop is None:
            return method  # type: ignore[no-any-return]
        loop = self.loop
        return lambda *a, **kw: loop.run_until_complete(method(*a, **kw))


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(rate_limits=False) as s:
        yield s


@pytest.fixture(params=["sync", "async"])
def bx(request: pytest.FixtureRequest, sim: Simulator) -> Iterator[Both]:
    user = sim.users[0]
    kw: dict[str, Any] = dict(api_key=user.api_key, secret_key=user.secret_key, base_url=sim.bingx_url,
                              rate_limits=False)
    if request.param == "sync":
        with BingX(**kw) as c:
            yield Both(c, None)
        return
    loop = asyncio.new_event_loop()
    client = AsyncBingX(**kw)
    try:
        yield Both(client, loop)
    finally:
        loop.run_until_complete(client.close())
        loop.close()
